package domain

import (
	"encoding/json"
	"slices"
	"strings"
)

// CLICommand is one AWS CLI call, "aws sagemaker <Operation>", with its
// options in order.
type CLICommand struct {
	Operation string
	Options   []CLIOption
}

// CLIOption is one option of a CLI call: "--Name Value", or a flag when
// Value is empty.
type CLIOption struct{ Name, Value string }

// Option returns the value of the named option and whether it is there.
func (c CLICommand) Option(name string) (string, bool) {
	for _, o := range c.Options {
		if o.Name == name {
			return o.Value, true
		}
	}
	return "", false
}

// String writes the command as a shell would take it, one option per line.
func (c CLICommand) String() string {
	lines := []string{"aws sagemaker " + c.Operation}
	for _, o := range c.Options {
		line := "  --" + o.Name
		if o.Value != "" {
			line += " " + shellQuote(o.Value)
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, " \\\n")
}

// shellQuote quotes a value holding characters a shell would read.
func shellQuote(v string) string {
	if !strings.ContainsAny(v, " \"'{}[]<>*?$&;|()\\") {
		return v
	}
	return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
}

// Placeholders the buyer replaces in the sample commands.
const (
	cliRole    = "arn:aws:iam::<your-account-id>:role/<your-sagemaker-role>"
	cliBucket  = "s3://<your-bucket>"
	cliAccount = "<your-account-id>"
)

// LaunchCommands are the AWS CLI calls a buyer runs for launch l of the
// subscribed resource r, whose ARN in the chosen Region is arn.
//
// A model package is deployed as it is: a model names it
// (PrimaryContainer.ModelPackageName), then an endpoint or a batch
// transform job uses the model. An algorithm is not a model: SageMaker
// refuses its ARN as a ModelPackageName. It is trained first
// (AlgorithmSpecification.AlgorithmName, with the channels and
// hyperparameters it declares); the trained artifacts then become a model
// package in the buyer's account (SourceAlgorithmSpecification naming the
// algorithm and the artifacts), and that model package is deployed as
// above.
func LaunchCommands(r *SageMakerResource, l Launch, arn string) []CLICommand {
	name := r.Name
	if r.Kind != KindAlgorithm {
		return append([]CLICommand{createModel(l.Region, name, arn)}, deploy(l, name)...)
	}
	training := trainingJob(r, l, arn)
	if l.Method == LaunchTraining {
		return []CLICommand{training}
	}
	// Training for a deployment uses a training instance the algorithm
	// supports; the chosen instance type is the deployment's.
	if len(r.TrainingInstanceTypes) > 0 {
		for i, o := range training.Options {
			if o.Name == "resource-config" {
				training.Options[i].Value = "InstanceType=" + r.TrainingInstanceTypes[0] + ",InstanceCount=1,VolumeSizeInGB=30"
			}
		}
	}
	trained := name + "-trained"
	artifacts := cliBucket + "/output/" + name + "-training/output/model.tar.gz"
	pkg := CLICommand{Operation: "create-model-package", Options: []CLIOption{
		{"region", l.Region},
		{"model-package-name", trained},
		{"source-algorithm-specification", `{"SourceAlgorithms":[{"AlgorithmName":` + jsonString(arn) +
			`,"ModelDataUrl":` + jsonString(artifacts) + `}]}`},
	}}
	pkgARN := "arn:aws:sagemaker:" + l.Region + ":" + cliAccount + ":model-package/" + trained
	wait := CLICommand{Operation: "wait training-job-completed-or-stopped",
		Options: []CLIOption{{"region", l.Region}, {"training-job-name", name + "-training"}}}
	return append([]CLICommand{training, wait, pkg, createModel(l.Region, name, pkgARN)}, deploy(l, name)...)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// createModel names a model package (the seller's or one trained by the
// buyer) as the container of a model.
func createModel(region, name, modelPackageARN string) CLICommand {
	return CLICommand{Operation: "create-model", Options: []CLIOption{
		{"region", region},
		{"model-name", name},
		{"primary-container", "ModelPackageName=" + modelPackageARN},
		{"execution-role-arn", cliRole},
		{"enable-network-isolation", ""},
	}}
}

// deploy runs the model name: an endpoint, or a batch transform job.
func deploy(l Launch, name string) []CLICommand {
	if l.Method == LaunchBatch {
		return []CLICommand{{Operation: "create-transform-job", Options: []CLIOption{
			{"region", l.Region},
			{"transform-job-name", name + "-batch"},
			{"model-name", name},
			{"transform-input", "DataSource={S3DataSource={S3DataType=S3Prefix,S3Uri=" + cliBucket + "/input/}}"},
			{"transform-output", "S3OutputPath=" + cliBucket + "/batch-output/"},
			{"transform-resources", "InstanceType=" + l.InstanceType + ",InstanceCount=1"},
		}}}
	}
	return []CLICommand{
		{Operation: "create-endpoint-config", Options: []CLIOption{
			{"region", l.Region},
			{"endpoint-config-name", name + "-config"},
			{"production-variants", "VariantName=AllTraffic,ModelName=" + name + ",InstanceType=" + l.InstanceType + ",InitialInstanceCount=1"},
		}},
		{Operation: "create-endpoint", Options: []CLIOption{
			{"region", l.Region},
			{"endpoint-name", name},
			{"endpoint-config-name", name + "-config"},
		}},
	}
}

// trainingJob trains the algorithm arn on the channels it declares, with
// its required hyperparameters (their defaults, else a placeholder).
func trainingJob(r *SageMakerResource, l Launch, arn string) CLICommand {
	type s3Source struct {
		S3DataType string
		S3Uri      string
	}
	type channel struct {
		ChannelName     string
		DataSource      struct{ S3DataSource s3Source }
		ContentType     string `json:",omitempty"`
		CompressionType string `json:",omitempty"`
		InputMode       string `json:",omitempty"`
	}
	var channels []channel
	for _, ch := range r.TrainingChannels {
		c := channel{ChannelName: ch.Name}
		c.DataSource.S3DataSource = s3Source{S3DataType: "S3Prefix", S3Uri: cliBucket + "/" + ch.Name + "/"}
		if len(ch.ContentTypes) > 0 {
			c.ContentType = ch.ContentTypes[0]
		}
		if len(ch.CompressionTypes) > 0 {
			c.CompressionType = ch.CompressionTypes[0]
		}
		channels = append(channels, c)
	}
	if len(channels) == 0 {
		c := channel{ChannelName: "training"}
		c.DataSource.S3DataSource = s3Source{S3DataType: "S3Prefix", S3Uri: cliBucket + "/training/"}
		channels = append(channels, c)
	}
	inputs, _ := json.Marshal(channels)
	opts := []CLIOption{
		{"region", l.Region},
		{"training-job-name", r.Name + "-training"},
		{"algorithm-specification", "AlgorithmName=" + arn + ",TrainingInputMode=" + trainingInputMode(r)},
		{"role-arn", cliRole},
		{"input-data-config", string(inputs)},
	}
	hps := map[string]string{}
	for _, hp := range r.HyperParameters {
		switch {
		case hp.DefaultValue != "":
			hps[hp.Name] = hp.DefaultValue
		case hp.Required:
			hps[hp.Name] = "<" + hp.Name + ">"
		}
	}
	if len(hps) > 0 {
		b, _ := json.Marshal(hps) // keys sorted: the same command every time
		opts = append(opts, CLIOption{"hyper-parameters", string(b)})
	}
	return CLICommand{Operation: "create-training-job", Options: append(opts,
		CLIOption{"output-data-config", "S3OutputPath=" + cliBucket + "/output/"},
		CLIOption{"resource-config", "InstanceType=" + l.InstanceType + ",InstanceCount=1,VolumeSizeInGB=30"},
		CLIOption{"stopping-condition", "MaxRuntimeInSeconds=86400"},
		CLIOption{"enable-network-isolation", ""},
	)}
}

// trainingInputMode is a mode every declared channel supports, File when
// they all do or declare none.
func trainingInputMode(r *SageMakerResource) string {
	for _, mode := range InputModes() {
		all := true
		for _, ch := range r.TrainingChannels {
			if len(ch.InputModes) > 0 && !slices.Contains(ch.InputModes, mode) {
				all = false
			}
		}
		if all {
			return mode
		}
	}
	return "File"
}
