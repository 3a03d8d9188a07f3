package domain

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestLaunchCommands checks each command's shape per product type and
// launch method: a model package is deployed by name; an algorithm is never
// passed as a ModelPackageName, it is trained (with its channels and
// hyperparameters), its artifacts become a model package, and that is
// deployed.
func TestLaunchCommands(t *testing.T) {
	pkg := &SageMakerResource{Kind: KindModelPackage, Name: "sentiment", AccountID: "111122223333"}
	algo := &SageMakerResource{Kind: KindAlgorithm, Name: "forecaster", AccountID: "111122223333",
		TrainingInstanceTypes: []string{"ml.m5.xlarge"},
		TrainingChannels: []TrainingChannel{
			{Name: "train", Required: true, ContentTypes: []string{"text/csv"}, InputModes: []string{"File", "Pipe"}},
			{Name: "validation", ContentTypes: []string{"text/csv"}, InputModes: []string{"File"}},
		},
		HyperParameters: []HyperParameter{
			{Name: "epochs", DefaultValue: "10"},
			{Name: "horizon", Required: true},
			{Name: "optional_without_default"},
		}}
	pkgARN, algoARN := ResourceARNIn(pkg, "eu-west-1"), ResourceARNIn(algo, "eu-west-1")
	tests := []struct {
		name   string
		r      *SageMakerResource
		arn    string
		method LaunchMethod
		ops    []string
	}{
		{"model package, endpoint", pkg, pkgARN, LaunchRealtime, []string{"create-model", "create-endpoint-config", "create-endpoint"}},
		{"model package, batch", pkg, pkgARN, LaunchBatch, []string{"create-model", "create-transform-job"}},
		{"algorithm, training", algo, algoARN, LaunchTraining, []string{"create-training-job"}},
		{"algorithm, endpoint", algo, algoARN, LaunchRealtime, []string{"create-training-job", "wait training-job-completed-or-stopped",
			"create-model-package", "create-model", "create-endpoint-config", "create-endpoint"}},
		{"algorithm, batch", algo, algoARN, LaunchBatch, []string{"create-training-job", "wait training-job-completed-or-stopped",
			"create-model-package", "create-model", "create-transform-job"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := Launch{Region: "eu-west-1", Method: tt.method, InstanceType: "ml.c5.2xlarge"}
			cmds := LaunchCommands(tt.r, l, tt.arn)
			var ops []string
			for _, c := range cmds {
				ops = append(ops, c.Operation)
				if region, _ := c.Option("region"); region != "eu-west-1" {
					t.Errorf("%s in Region %q", c.Operation, region)
				}
			}
			if strings.Join(ops, ",") != strings.Join(tt.ops, ",") {
				t.Fatalf("operations %q, want %q", ops, tt.ops)
			}
			for _, c := range cmds {
				switch c.Operation {
				case "create-model":
					container, _ := c.Option("primary-container")
					if tt.r.Kind == KindAlgorithm {
						want := "ModelPackageName=arn:aws:sagemaker:eu-west-1:<your-account-id>:model-package/forecaster-trained"
						if container != want {
							t.Errorf("algorithm's model container %q, want the trained model package", container)
						}
					} else if container != "ModelPackageName="+tt.arn {
						t.Errorf("model container %q", container)
					}
				case "create-training-job":
					checkTrainingJob(t, c, tt.arn, tt.method)
				case "create-model-package":
					spec, _ := c.Option("source-algorithm-specification")
					var doc struct {
						SourceAlgorithms []struct{ AlgorithmName, ModelDataUrl string }
					}
					if err := json.Unmarshal([]byte(spec), &doc); err != nil || len(doc.SourceAlgorithms) != 1 ||
						doc.SourceAlgorithms[0].AlgorithmName != tt.arn || !strings.HasSuffix(doc.SourceAlgorithms[0].ModelDataUrl, "/forecaster-training/output/model.tar.gz") {
						t.Errorf("source algorithm %q (%v)", spec, err)
					}
				case "create-endpoint-config":
					v, _ := c.Option("production-variants")
					if !strings.Contains(v, "InstanceType=ml.c5.2xlarge") || !strings.Contains(v, "ModelName="+tt.r.Name) {
						t.Errorf("production variant %q", v)
					}
				case "create-transform-job":
					v, _ := c.Option("transform-resources")
					if v != "InstanceType=ml.c5.2xlarge,InstanceCount=1" {
						t.Errorf("transform resources %q", v)
					}
				}
				// No command passes an algorithm's ARN as a model package.
				for _, o := range c.Options {
					if tt.r.Kind == KindAlgorithm && strings.Contains(o.Value, "ModelPackageName="+tt.arn) {
						t.Errorf("%s --%s passes the algorithm as a model package", c.Operation, o.Name)
					}
				}
			}
		})
	}
}

func checkTrainingJob(t *testing.T, c CLICommand, arn string, m LaunchMethod) {
	t.Helper()
	if spec, _ := c.Option("algorithm-specification"); spec != "AlgorithmName="+arn+",TrainingInputMode=File" {
		t.Errorf("algorithm specification %q", spec)
	}
	var channels []struct {
		ChannelName string
		ContentType string
		DataSource  struct{ S3DataSource struct{ S3Uri string } }
	}
	inputs, _ := c.Option("input-data-config")
	if err := json.Unmarshal([]byte(inputs), &channels); err != nil || len(channels) != 2 ||
		channels[0].ChannelName != "train" || channels[1].ChannelName != "validation" || channels[0].ContentType != "text/csv" {
		t.Errorf("input data config %q (%v)", inputs, err)
	}
	var hps map[string]string
	raw, _ := c.Option("hyper-parameters")
	if err := json.Unmarshal([]byte(raw), &hps); err != nil || len(hps) != 2 || hps["epochs"] != "10" || hps["horizon"] != "<horizon>" {
		t.Errorf("hyperparameters %q (%v)", raw, err)
	}
	// Training alone runs on the chosen instance; training for a
	// deployment on one the algorithm trains on.
	want := "ml.c5.2xlarge"
	if m != LaunchTraining {
		want = "ml.m5.xlarge"
	}
	if rc, _ := c.Option("resource-config"); !strings.HasPrefix(rc, "InstanceType="+want+",") {
		t.Errorf("resource config %q, want %s", rc, want)
	}
}

// TestCLICommandString quotes what a shell would read and continues lines.
func TestCLICommandString(t *testing.T) {
	c := CLICommand{Operation: "create-model", Options: []CLIOption{{"model-name", "m"}, {"x", `{"a":1}`}, {"flag", ""}}}
	want := "aws sagemaker create-model \\\n  --model-name m \\\n  --x '{\"a\":1}' \\\n  --flag"
	if got := c.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestLaunchCommandsTextParsesBack reads each written command back as a
// shell would split it and finds the same operation and options: what the
// page shows is what was checked above.
func TestLaunchCommandsTextParsesBack(t *testing.T) {
	algo := &SageMakerResource{Kind: KindAlgorithm, Name: "forecaster", AccountID: "111122223333",
		TrainingChannels: []TrainingChannel{{Name: "train", ContentTypes: []string{"text/csv"}}},
		HyperParameters:  []HyperParameter{{Name: "it's", DefaultValue: "a 'quoted' value"}}}
	for _, m := range LaunchMethods(KindAlgorithm) {
		for _, c := range LaunchCommands(algo, Launch{Region: "us-east-1", Method: m, InstanceType: "ml.m5.large"}, ResourceARNIn(algo, "us-east-1")) {
			got := parseCLI(t, c.String())
			if got.Operation != c.Operation || len(got.Options) != len(c.Options) {
				t.Fatalf("%s parsed back as %+v", c.Operation, got)
			}
			for i := range c.Options {
				if got.Options[i] != c.Options[i] {
					t.Errorf("%s option %d: %+v, want %+v", c.Operation, i, got.Options[i], c.Options[i])
				}
			}
		}
	}
}

// parseCLI splits a written command: "aws sagemaker <operation>", then one
// "--name [value]" per continued line, values unquoted as a shell would.
func parseCLI(t *testing.T, text string) CLICommand {
	t.Helper()
	lines := strings.Split(text, " \\\n")
	op, ok := strings.CutPrefix(lines[0], "aws sagemaker ")
	if !ok {
		t.Fatalf("not an aws sagemaker command: %q", lines[0])
	}
	c := CLICommand{Operation: op}
	for _, line := range lines[1:] {
		rest, ok := strings.CutPrefix(line, "  --")
		if !ok {
			t.Fatalf("option line %q", line)
		}
		name, value, _ := strings.Cut(rest, " ")
		if strings.HasPrefix(value, "'") {
			if !strings.HasSuffix(value, "'") {
				t.Fatalf("unterminated quote in %q", line)
			}
			value = strings.ReplaceAll(value[1:len(value)-1], `'\''`, "'")
		}
		c.Options = append(c.Options, CLIOption{name, value})
	}
	return c
}
