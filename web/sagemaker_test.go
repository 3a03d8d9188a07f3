package web_test

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

const (
	modelPackagesPath = "/sagemaker/model-packages"
	algorithmsPath    = "/sagemaker/algorithms"
)

func validModelPackage(name string) url.Values {
	return url.Values{
		"name": {name}, "description": {"Classifies the sentiment of English product reviews."},
		"region": {"us-east-1"}, "validation_status": {"Completed"}, "certified": {"on"},
		"realtime_instance_types": {"ml.m5.large", "ml.c5.xlarge"},
		"batch_instance_types":    {"ml.m5.xlarge"},
		"content_types":           {"text/csv, application/json"},
		"response_mime_types":     {"application/json"},
	}
}

// validAlgorithm is a full algorithm form: two channels, an Integer and a
// Categorical hyperparameter and one metric.
func validAlgorithm(name string) url.Values {
	f := validModelPackage(name)
	f.Set("description", "Gradient-boosted decision trees for tabular data.")
	f["training_instance_types"] = []string{"ml.m5.xlarge", "ml.p3.2xlarge"}
	f.Set("distributed", "on")
	rows := map[string][]string{
		"channels.0.name":          {"train"},
		"channels.0.description":   {"Training data."},
		"channels.0.content_types": {"text/csv, text/libsvm"},
		"channels.0.input_modes":   {"File", "Pipe"},
		"channels.0.compression":   {"None", "Gzip"},
		"channels.0.required":      {"on"},
		"channels.1.name":          {"validation"},
		"channels.1.description":   {"Validation data."},
		"channels.1.content_types": {"text/csv"},
		"channels.1.input_modes":   {"File"},
		"channels.1.compression":   {"None"},

		"hyperparameters.0.name":        {"max_depth"},
		"hyperparameters.0.type":        {"Integer"},
		"hyperparameters.0.min":         {"1"},
		"hyperparameters.0.max":         {"20"},
		"hyperparameters.0.default":     {"6"},
		"hyperparameters.0.description": {"Maximum depth of a tree."},
		"hyperparameters.0.tunable":     {"on"},
		"hyperparameters.1.name":        {"booster"},
		"hyperparameters.1.type":        {"Categorical"},
		"hyperparameters.1.values":      {"gbtree, dart"},
		"hyperparameters.1.default":     {"gbtree"},
		"hyperparameters.1.required":    {"on"},

		"metrics.0.name":  {"validation:auc"},
		"metrics.0.regex": {`validation-auc:([0-9\.]+)`},
	}
	maps.Copy(f, rows)
	return f
}

// describeModelPackage is what "aws sagemaker describe-model-package"
// prints, for the given account.
func describeModelPackage(accountID string) string {
	return strings.ReplaceAll(`{
    "ModelPackageName": "sentiment-classifier",
    "ModelPackageArn": "arn:aws:sagemaker:us-east-2:ACCOUNT:model-package/sentiment-classifier",
    "ModelPackageDescription": "Classifies the sentiment of English product reviews.",
    "CreationTime": "2024-03-18T09:41:27.512000+00:00",
    "InferenceSpecification": {
        "Containers": [
            {
                "Image": "ACCOUNT.dkr.ecr.us-east-2.amazonaws.com/sentiment-inference:1.4.0",
                "ImageDigest": "sha256:6f2e4c1d0b9a8e7f6d5c4b3a29180716f5e4d3c2b1a09f8e7d6c5b4a39281706",
                "ModelDataUrl": "s3://acme-ml-artifacts/sentiment/model.tar.gz"
            }
        ],
        "SupportedTransformInstanceTypes": ["ml.m5.xlarge", "ml.c5.2xlarge"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large", "ml.g4dn.xlarge", "ml.c5.xlarge"],
        "SupportedContentTypes": ["text/csv", "application/json"],
        "SupportedResponseMIMETypes": ["application/json"]
    },
    "ModelPackageStatus": "Completed",
    "ModelPackageStatusDetails": {
        "ValidationStatuses": [{"Name": "sentiment-validation", "Status": "Completed"}]
    },
    "CertifyForMarketplace": true,
    "ResponseMetadata": {"RequestId": "4c5a0f3e-2b1d-4e8f-9a7c-6d5e4f3a2b1c", "HTTPStatusCode": 200, "RetryAttempts": 0}
}`, "ACCOUNT", accountID)
}

// describeAlgorithm is a DescribeAlgorithm response for the given account.
func describeAlgorithm(accountID string) string {
	return strings.ReplaceAll(`{
    "AlgorithmName": "gradient-boosted-trees",
    "AlgorithmArn": "arn:aws:sagemaker:eu-west-1:ACCOUNT:algorithm/gradient-boosted-trees",
    "AlgorithmDescription": "Gradient-boosted decision trees for tabular data.",
    "CreationTime": 1710754887.25,
    "TrainingSpecification": {
        "TrainingImage": "ACCOUNT.dkr.ecr.eu-west-1.amazonaws.com/gbt-training:2.1",
        "SupportedHyperParameters": [
            {
                "Name": "max_depth",
                "Description": "Maximum depth of a tree.",
                "Type": "Integer",
                "Range": {"IntegerParameterRangeSpecification": {"MinValue": "1", "MaxValue": "20"}},
                "IsTunable": true,
                "IsRequired": false,
                "DefaultValue": "6"
            },
            {
                "Name": "objective",
                "Description": "Learning objective.",
                "Type": "Categorical",
                "Range": {"CategoricalParameterRangeSpecification": {"Values": ["binary:logistic", "reg:squarederror"]}},
                "IsTunable": false,
                "IsRequired": true,
                "DefaultValue": "binary:logistic"
            }
        ],
        "SupportedTrainingInstanceTypes": ["ml.p3.2xlarge", "ml.m5.xlarge"],
        "SupportsDistributedTraining": true,
        "MetricDefinitions": [
            {"Name": "validation:auc", "Regex": "validation-auc:([0-9\\.]+)"}
        ],
        "TrainingChannels": [
            {
                "Name": "train",
                "Description": "Training data.",
                "IsRequired": true,
                "SupportedContentTypes": ["text/csv", "text/libsvm"],
                "SupportedCompressionTypes": ["None", "Gzip"],
                "SupportedInputModes": ["Pipe", "File"]
            },
            {
                "Name": "validation",
                "Description": "Validation data.",
                "IsRequired": false,
                "SupportedContentTypes": ["text/csv"],
                "SupportedCompressionTypes": ["None"],
                "SupportedInputModes": ["File"]
            }
        ]
    },
    "InferenceSpecification": {
        "SupportedTransformInstanceTypes": ["ml.m5.xlarge"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large", "ml.c5.xlarge"],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv", "application/json"]
    },
    "AlgorithmStatus": "Completed",
    "AlgorithmStatusDetails": {
        "ValidationStatuses": [{"Name": "gbt-validation", "Status": "Completed"}]
    },
    "CertifyForMarketplace": true
}`, "ACCOUNT", accountID)
}

// cells returns the trimmed texts of the cells of a table's body rows.
func cells(r *response, table string) [][]string {
	var rows [][]string
	r.doc.Find("[data-testid=" + table + "] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { row = append(row, strings.TrimSpace(td.Text())) })
		rows = append(rows, row)
	})
	return rows
}

// chipsOf returns the values shown as chips under a detail page label.
func chipsOf(r *response, label string) []string {
	var out []string
	r.doc.Find("dl.key-values > div").Each(func(_ int, d *goquery.Selection) {
		if strings.TrimSpace(d.Find("dt").Text()) == label {
			d.Find("code.chip").Each(func(_ int, c *goquery.Selection) { out = append(out, c.Text()) })
		}
	})
	return out
}

func isChecked(r *response, selector string) bool {
	_, ok := r.doc.Find(selector).Attr("checked")
	return ok
}

func TestModelPackageLifecycle(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	r := root.get(modelPackagesPath)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=no-resources]") == "" {
		t.Fatal("empty list not explained")
	}
	if r.attr("[data-testid=create-resource]", "href") != modelPackagesPath+"/new" || r.attr("[data-testid=import-resource]", "href") != modelPackagesPath+"/import" {
		t.Error("root user is not offered create and import")
	}

	r = root.get(modelPackagesPath + "/new")
	expectStatus(t, r, http.StatusOK)
	if r.attr("form[data-testid=resource-form]", "action") != modelPackagesPath+"/new" {
		t.Fatal("create form missing")
	}
	if r.doc.Find(`input[name=realtime_instance_types][value="ml.m5.large"]`).Length() != 1 || r.doc.Find(`#f-region option[value="us-east-1"]`).Length() != 1 {
		t.Error("form does not offer instance types and regions")
	}
	if r.doc.Find("[data-testid=channel-0]").Length() != 0 || r.doc.Find("input[name=training_instance_types]").Length() != 0 {
		t.Error("a model package form shows training fields")
	}
	if !isChecked(r, "#f-certified") || r.attr("#f-validation_status option[selected]", "value") != "Completed" {
		t.Error("defaults not preselected")
	}

	r = root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("sentiment-classifier"))
	expectRedirect(t, r, modelPackagesPath+"/sentiment-classifier")
	r = root.get(modelPackagesPath + "/sentiment-classifier")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=flash]"); got != "sentiment-classifier created." {
		t.Errorf("flash %q", got)
	}
	arn := "arn:aws:sagemaker:us-east-1:" + accountID + ":model-package/sentiment-classifier"
	if got := r.text("[data-testid=resource-arn]"); got != arn {
		t.Errorf("ARN %q, want %q", got, arn)
	}
	if got := strings.Join(chipsOf(r, "Supported real-time inference instance types"), " "); got != "ml.c5.xlarge ml.m5.large" {
		t.Errorf("real-time types %q", got)
	}
	if got := strings.Join(chipsOf(r, "Supported batch transform instance types"), " "); got != "ml.m5.xlarge" {
		t.Errorf("batch types %q", got)
	}
	if got := strings.Join(chipsOf(r, "Supported content types"), " "); got != "application/json text/csv" {
		t.Errorf("content types %q", got)
	}
	if r.doc.Find("[data-testid=not-listable]").Length() != 0 {
		t.Error("a certified, validated package is called not listable")
	}
	if r.doc.Find("[data-testid=channels-table]").Length() != 0 {
		t.Error("a model package shows training channels")
	}

	r = root.get(modelPackagesPath)
	if got := cells(r, "resources-table"); len(got) != 1 || got[0][0] != "sentiment-classifier" || got[0][1] != arn || got[0][2] != "us-east-1" {
		t.Errorf("list rows %q", got)
	}

	// A package that is not certified can't be listed, and the page says so.
	uncertified := validModelPackage("draft-model")
	uncertified.Del("certified")
	uncertified.Set("validation_status", "InProgress")
	expectRedirect(t, root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", uncertified), modelPackagesPath+"/draft-model")
	r = root.get(modelPackagesPath + "/draft-model")
	if r.doc.Find("[data-testid=not-listable]").Length() != 1 || r.text("[data-testid=validation-status]") != "In progress" {
		t.Errorf("draft not flagged: status %q", r.text("[data-testid=validation-status]"))
	}

	expectRedirect(t, root.confirm(modelPackagesPath+"/draft-model/delete", "draft-model", nil), modelPackagesPath)
	r = root.get(modelPackagesPath)
	if got := r.text("[data-testid=flash]"); got != "draft-model deleted." {
		t.Errorf("flash %q", got)
	}
	if got := cells(r, "resources-table"); len(got) != 1 || got[0][0] != "sentiment-classifier" {
		t.Errorf("list after delete %q", got)
	}
	expectStatus(t, root.get(modelPackagesPath+"/draft-model"), http.StatusNotFound)
}

func TestModelPackageBadInput(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	tests := []struct {
		name    string
		change  func(url.Values)
		field   string
		message string
	}{
		{"name with hyphens at the ends", func(f url.Values) { f.Set("name", "-bad-") }, "name", "start and end with a letter or digit"},
		{"no name", func(f url.Values) { f.Set("name", "") }, "name", "This field is required."},
		{"no real-time types", func(f url.Values) { f.Del("realtime_instance_types") }, "realtime_instance_types", "This field is required."},
		{"forged instance type", func(f url.Values) { f.Add("realtime_instance_types", "ml.fake.xlarge") }, "realtime_instance_types", "ML instance types that SageMaker offers"},
		{"training type for inference", func(f url.Values) { f.Set("batch_instance_types", "ml.trn1.2xlarge") }, "batch_instance_types", "ML instance types that SageMaker offers"},
		{"MIME type without subtype", func(f url.Values) { f.Set("content_types", "csv") }, "content_types", "type/subtype"},
		{"MIME type with parameters", func(f url.Values) { f.Set("response_mime_types", "text/csv; charset=utf-8") }, "response_mime_types", "type/subtype"},
		{"unknown region", func(f url.Values) { f.Set("region", "mars-north-1") }, "region", "AWS Region"},
		{"forged validation status", func(f url.Values) { f.Set("validation_status", "Approved") }, "validation_status", "NotStarted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validModelPackage("sentiment-classifier")
			tt.change(form)
			r := root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", form)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-" + tt.field + "]"); !strings.Contains(got, tt.message) {
				t.Errorf("error beside %s = %q, want it to contain %q", tt.field, got, tt.message)
			}
			if r.doc.Find("[data-testid=alert-error]").Length() != 1 {
				t.Error("no summary alert")
			}
			for _, f := range []string{"name", "content_types", "response_mime_types"} {
				if got := r.attr("#f-"+f, "value"); got != form.Get(f) {
					t.Errorf("%s not kept: %q, want %q", f, got, form.Get(f))
				}
			}
			if got := r.text("#f-description"); got != form.Get("description") {
				t.Errorf("description not kept: %q", got)
			}
			for _, group := range []string{"realtime_instance_types", "batch_instance_types"} {
				for _, v := range form[group] {
					box := `input[name=` + group + `][value="` + v + `"]`
					if !domain.IsInferenceInstanceType(v) {
						if r.doc.Find(box).Length() != 0 {
							t.Errorf("%s offers %s", group, v)
						}
						continue // not offered, so there is no box to check
					}
					if !isChecked(r, box) {
						t.Errorf("%s %s no longer checked", group, v)
					}
				}
				if n := r.doc.Find("input[name=" + group + "][checked]").Length(); n > len(form[group]) {
					t.Errorf("%d %s checked, more than the %d posted", n, group, len(form[group]))
				}
			}
			if !isChecked(r, "#f-certified") {
				t.Error("certified box no longer checked")
			}
			if got := r.attr("#f-region option[selected]", "value"); tt.field != "region" && got != "us-east-1" {
				t.Errorf("region not kept: %q", got)
			}
		})
	}
	r := root.get(modelPackagesPath)
	if r.text("[data-testid=no-resources]") == "" {
		t.Fatalf("an invalid model package was stored: %q", cells(r, "resources-table"))
	}

	// A name can be used once per account and kind.
	expectRedirect(t, root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("sentiment-classifier")), modelPackagesPath+"/sentiment-classifier")
	again := validModelPackage("sentiment-classifier")
	again.Set("description", "A second one")
	r = root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", again)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-name]"); !strings.Contains(got, "already have") {
		t.Errorf("duplicate not explained: %q", got)
	}
	if got := r.text("#f-description"); got != "A second one" {
		t.Errorf("description not kept: %q", got)
	}
	stored, err := env.db.SageMaker().Resource(context.Background(), accountID, domain.KindModelPackage, "sentiment-classifier")
	if err != nil {
		t.Fatal(err)
	}
	if stored.Description != "Classifies the sentiment of English product reviews." {
		t.Errorf("the duplicate replaced the stored package: %q", stored.Description)
	}
	// The same name is free for an algorithm.
	expectRedirect(t, root.post(algorithmsPath+"/new", algorithmsPath+"/new", validAlgorithm("sentiment-classifier")), algorithmsPath+"/sentiment-classifier")
}

func TestModelPackagesOfAnotherAccountAreNotFound(t *testing.T) {
	env := newEnv(t)
	acme, acmeID := env.signedIn("Acme", "root@acme.example")
	other, _ := env.signedIn("Other", "root@other.example")
	expectRedirect(t, acme.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("secret-model")), modelPackagesPath+"/secret-model")

	r := other.get(modelPackagesPath + "/secret-model")
	expectStatus(t, r, http.StatusNotFound)
	if strings.Contains(r.body, acmeID) {
		t.Error("the 404 page names the owner's account")
	}
	expectStatus(t, other.post(modelPackagesPath, modelPackagesPath+"/secret-model/delete", url.Values{}), http.StatusNotFound)
	expectStatus(t, other.get(modelPackagesPath+"/secret-model/delete"), http.StatusNotFound)
	r = other.get(modelPackagesPath)
	if r.text("[data-testid=no-resources]") == "" || strings.Contains(r.body, "secret-model") {
		t.Error("another account's model package is listed")
	}
	// Other may use the same name in its own account.
	expectRedirect(t, other.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("secret-model")), modelPackagesPath+"/secret-model")

	r = acme.get(modelPackagesPath + "/secret-model")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=resource-arn]"); got != "arn:aws:sagemaker:us-east-1:"+acmeID+":model-package/secret-model" {
		t.Errorf("owner's package changed: ARN %q", got)
	}
	expectRedirect(t, acme.confirm(modelPackagesPath+"/secret-model/delete", "secret-model", nil), modelPackagesPath)
	expectStatus(t, acme.get(modelPackagesPath+"/secret-model"), http.StatusNotFound)
	if acme.get(modelPackagesPath).text("[data-testid=no-resources]") == "" {
		t.Error("deleted package still listed")
	}
	expectStatus(t, other.get(modelPackagesPath+"/secret-model"), http.StatusOK)
}

func TestAlgorithmAddRowButtonsSaveNothing(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")

	r := root.get(algorithmsPath + "/new")
	expectStatus(t, r, http.StatusOK)
	for _, row := range []string{"channel-0", "hyperparameter-0", "metric-0"} {
		if r.doc.Find("[data-testid="+row+"]").Length() != 1 {
			t.Errorf("new algorithm form lacks %s", row)
		}
	}
	if r.doc.Find("[data-testid=channel-1]").Length() != 0 {
		t.Error("new form has more than one channel")
	}

	form := validAlgorithm("gbt")
	for k := range form {
		if strings.HasPrefix(k, "channels.1.") {
			delete(form, k)
		}
	}
	form.Set("add", "channel")
	r = root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectStatus(t, r, http.StatusOK)
	if n := r.doc.Find("fieldset[data-testid^=channel-]").Length(); n != 2 {
		t.Errorf("%d channel rows, want 2", n)
	}
	if got := r.attr(`input[name="channels.0.name"]`, "value"); got != "train" {
		t.Errorf("first channel not kept: %q", got)
	}
	if got := r.attr(`input[name="channels.1.name"]`, "value"); got != "" {
		t.Errorf("new channel not blank: %q", got)
	}
	if !isChecked(r, `input[name="channels.1.input_modes"][value=File]`) {
		t.Error("new channel does not default to File mode")
	}
	if !isChecked(r, `input[name="channels.0.input_modes"][value=Pipe]`) || !isChecked(r, `input[name="channels.0.required"]`) {
		t.Error("first channel's checkboxes not kept")
	}
	if got := r.attr("#f-name", "value"); got != "gbt" {
		t.Errorf("name not kept: %q", got)
	}
	if !isChecked(r, `input[name=training_instance_types][value="ml.p3.2xlarge"]`) || !isChecked(r, "#f-distributed") {
		t.Error("training fields not kept")
	}
	if r.doc.Find("[data-testid^=error-]").Length() != 0 || r.doc.Find("[data-testid=alert-error]").Length() != 0 {
		t.Error("adding a row reported errors")
	}
	if n := r.doc.Find("[data-testid^=hyperparameter-]").Length(); n != 2 {
		t.Errorf("%d hyperparameter rows, want the 2 posted", n)
	}

	form.Set("add", "metric")
	r = root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectStatus(t, r, http.StatusOK)
	if n := r.doc.Find("[data-testid^=metric-]").Length(); n != 2 {
		t.Errorf("%d metric rows, want 2", n)
	}

	r = root.get(algorithmsPath)
	if r.text("[data-testid=no-resources]") == "" {
		t.Errorf("an add-row button saved the algorithm: %q", cells(r, "resources-table"))
	}
	expectStatus(t, root.get(algorithmsPath+"/gbt"), http.StatusNotFound)
}

func TestAlgorithmCreate(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	r := root.post(algorithmsPath+"/new", algorithmsPath+"/new", validAlgorithm("gradient-boosted-trees"))
	expectRedirect(t, r, algorithmsPath+"/gradient-boosted-trees")
	r = root.get(algorithmsPath + "/gradient-boosted-trees")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=resource-arn]"); got != "arn:aws:sagemaker:us-east-1:"+accountID+":algorithm/gradient-boosted-trees" {
		t.Errorf("ARN %q", got)
	}
	if got := strings.Join(chipsOf(r, "Supported training instance types"), " "); got != "ml.m5.xlarge ml.p3.2xlarge" {
		t.Errorf("training types %q", got)
	}
	wantChannels := [][]string{
		{"train", "Yes", "text/csv, text/libsvm", "File, Pipe", "Training data."},
		{"validation", "No", "text/csv", "File", "Validation data."},
	}
	if got := cells(r, "channels-table"); !equalRows(got, wantChannels) {
		t.Errorf("channels %q, want %q", got, wantChannels)
	}
	wantHPs := [][]string{
		{"max_depth", "Integer", "1 – 20", "6", "Yes", "No"},
		{"booster", "Categorical", "gbtree, dart", "gbtree", "No", "Yes"},
	}
	if got := cells(r, "hyperparameters-table"); !equalRows(got, wantHPs) {
		t.Errorf("hyperparameters %q, want %q", got, wantHPs)
	}
	wantMetrics := [][]string{{"validation:auc", `validation-auc:([0-9\.]+)`}}
	if got := cells(r, "metrics-table"); !equalRows(got, wantMetrics) {
		t.Errorf("metrics %q, want %q", got, wantMetrics)
	}

	stored, err := env.db.SageMaker().Resource(context.Background(), accountID, domain.KindAlgorithm, "gradient-boosted-trees")
	if err != nil {
		t.Fatal(err)
	}
	if !stored.SupportsDistributedTraining || len(stored.TrainingChannels) != 2 || strings.Join(stored.TrainingChannels[0].CompressionTypes, ",") != "Gzip,None" {
		t.Errorf("stored algorithm %+v", stored)
	}

	// An algorithm without a channel is refused.
	noChannel := validAlgorithm("no-channel")
	for k := range noChannel {
		if strings.HasPrefix(k, "channels.") {
			delete(noChannel, k)
		}
	}
	r = root.post(algorithmsPath+"/new", algorithmsPath+"/new", noChannel)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-channels]"); !strings.Contains(got, "at least one training channel") {
		t.Errorf("missing channel not explained: %q", got)
	}
}

func equalRows(got, want [][]string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if strings.Join(got[i], "\x00") != strings.Join(want[i], "\x00") {
			return false
		}
	}
	return true
}

func TestAlgorithmRowErrors(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")

	form := validAlgorithm("gbt")
	form.Set("channels.1.name", "train")
	form.Set("hyperparameters.0.min", "30")
	form.Set("metrics.0.regex", "(")
	r := root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	for field, want := range map[string]string{
		"channels.1.name":         "Another channel already has this name.",
		"hyperparameters.0.range": "minimum no greater than the maximum",
		"metrics.0.regex":         "not a valid regular expression",
	} {
		if got := r.text(`[data-testid="error-` + field + `"]`); !strings.Contains(got, want) {
			t.Errorf("error beside %s = %q, want it to contain %q", field, got, want)
		}
	}
	if n := r.doc.Find(`[data-testid="error-channels.0.name"]`).Length(); n != 0 {
		t.Error("the first of two same-named channels is flagged")
	}
	// The rows come back as typed.
	for name, want := range map[string]string{
		"channels.0.name": "train", "channels.1.name": "train", "channels.1.description": "Validation data.",
		"hyperparameters.0.min": "30", "hyperparameters.0.max": "20", "hyperparameters.1.values": "gbtree, dart",
		"metrics.0.name": "validation:auc", "metrics.0.regex": "(",
	} {
		if got := r.attr(`input[name="`+name+`"]`, "value"); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if got := r.attr(`select[name="hyperparameters.1.type"] option[selected]`, "value"); got != "Categorical" {
		t.Errorf("hyperparameter type not kept: %q", got)
	}
	if !isChecked(r, `input[name="channels.0.input_modes"][value=Pipe]`) || isChecked(r, `input[name="channels.1.input_modes"][value=Pipe]`) {
		t.Error("input modes not kept as posted")
	}
	if !isChecked(r, `input[name="hyperparameters.0.tunable"]`) || !isChecked(r, `input[name="hyperparameters.1.required"]`) {
		t.Error("hyperparameter checkboxes not kept")
	}
	if r := root.get(algorithmsPath); r.text("[data-testid=no-resources]") == "" {
		t.Error("an invalid algorithm was stored")
	}

	// More row rules.
	tests := []struct {
		name, key, value, field, message string
	}{
		{"channel name with spaces", "channels.0.name", "my train", "channels.0.name", "periods, hyphens and underscores"},
		{"channel without input mode", "channels.1.input_modes", "", "channels.1.input_modes", "input modes"},
		{"forged compression", "channels.0.compression", "Zip", "channels.0.compression_types", "None and Gzip"},
		{"bad channel content type", "channels.1.content_types", "csv", "channels.1.content_types", "type/subtype"},
		{"categorical without values", "hyperparameters.1.values", "", "hyperparameters.1.values", "at least one value"},
		{"default out of range", "hyperparameters.0.default", "21", "hyperparameters.0.default_value", "within its range"},
		{"duplicate hyperparameter", "hyperparameters.1.name", "max_depth", "hyperparameters.1.name", "Another hyperparameter"},
		{"forged hyperparameter type", "hyperparameters.0.type", "Boolean", "hyperparameters.0.type", "Choose a type"},
		{"metric without regex", "metrics.0.regex", "", "metrics.0.regex", "This field is required."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validAlgorithm("gbt")
			if tt.value == "" {
				form.Del(tt.key)
			} else {
				form.Set(tt.key, tt.value)
			}
			r := root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text(`[data-testid="error-` + tt.field + `"]`); !strings.Contains(got, tt.message) {
				t.Errorf("error beside %s = %q, want it to contain %q", tt.field, got, tt.message)
			}
		})
	}
}

// TestAlgorithmRowErrorsFollowTheirRow posts a blank row before a broken
// one, as a seller does after pressing "Add" and filling only the new row.
// The blank row is dropped and the broken one, renumbered, keeps what was
// typed with its error beside it.
func TestAlgorithmRowErrorsFollowTheirRow(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")

	form := validAlgorithm("gbt")
	for k := range form {
		if strings.HasPrefix(k, "hyperparameters.") {
			delete(form, k)
		}
	}
	// Row 0 is left as the form renders it: blank, with the type preselected.
	form.Set("hyperparameters.0.type", "Integer")
	form.Set("hyperparameters.1.name", "max_depth")
	form.Set("hyperparameters.1.type", "Integer")
	form.Set("hyperparameters.1.min", "30")
	form.Set("hyperparameters.1.max", "20")
	r := root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.attr(`input[name="hyperparameters.0.name"]`, "value"); got != "max_depth" {
		t.Fatalf("broken row not shown first: name %q", got)
	}
	if got := r.attr(`input[name="hyperparameters.0.min"]`, "value"); got != "30" {
		t.Fatalf("typed minimum not kept: %q", got)
	}
	if got := r.text(`[data-testid="error-hyperparameters.0.range"]`); !strings.Contains(got, "minimum no greater than the maximum") {
		t.Errorf("error beside the broken row = %q", got)
	}
}

func TestImportModelPackage(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	r := root.get(modelPackagesPath + "/import")
	expectStatus(t, r, http.StatusOK)
	if r.attr("form[data-testid=import-form]", "action") != modelPackagesPath+"/import" || r.doc.Find("textarea#f-json").Length() != 1 {
		t.Fatal("import form missing")
	}

	r = root.post(modelPackagesPath+"/import", modelPackagesPath+"/import", url.Values{"json": {describeModelPackage(accountID)}})
	expectRedirect(t, r, modelPackagesPath+"/sentiment-classifier")
	r = root.get(modelPackagesPath + "/sentiment-classifier")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=resource-arn]"); got != "arn:aws:sagemaker:us-east-2:"+accountID+":model-package/sentiment-classifier" {
		t.Errorf("ARN %q", got)
	}
	if got := strings.Join(chipsOf(r, "Supported real-time inference instance types"), " "); got != "ml.c5.xlarge ml.g4dn.xlarge ml.m5.large" {
		t.Errorf("real-time types %q", got)
	}
	if r.doc.Find("[data-testid=not-listable]").Length() != 0 {
		t.Error("imported certified, validated package called not listable")
	}

	// Importing it again is refused beside the JSON.
	r = root.post(modelPackagesPath+"/import", modelPackagesPath+"/import", url.Values{"json": {describeModelPackage(accountID)}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-json]"); !strings.Contains(got, "already have") {
		t.Errorf("duplicate import not explained: %q", got)
	}

	other := "210987654321"
	brokenJSON := "{\n  \"ModelPackageName\": \"broken\",\n  \"ModelPackageArn\": \"arn:aws:sagemaker:us-east-1:" + accountID + ":model-package/broken\"\n  \"CertifyForMarketplace\": true\n}"
	noInference := `{"ModelPackageName": "no-spec", "ModelPackageArn": "arn:aws:sagemaker:us-east-1:` + accountID + `:model-package/no-spec"}`
	tests := []struct {
		name, json string
		want       []string
	}{
		{"invalid JSON", brokenJSON, []string{"not valid JSON", "line 4"}},
		{"another account's ARN", strings.ReplaceAll(describeModelPackage(accountID), accountID, other), []string{"another AWS account", other}},
		{"missing InferenceSpecification", noInference, []string{"InferenceSpecification"}},
		{"an algorithm's JSON", describeAlgorithm(accountID), []string{"lacks a required field", "ModelPackageName"}},
		{"empty", "   ", []string{"Paste the JSON"}},
		{"an array", "[1, 2]", []string{"starts with {"}},
		{"wrong type", strings.Replace(describeModelPackage(accountID), `"CertifyForMarketplace": true`, `"CertifyForMarketplace": "yes"`, 1), []string{"wrong type", "CertifyForMarketplace"}},
		{"forged instance type", strings.Replace(describeModelPackage(accountID), `"ml.g4dn.xlarge"`, `"ml.fake.xlarge"`, 1), []string{"instance types that SageMaker offers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := root.post(modelPackagesPath+"/import", modelPackagesPath+"/import", url.Values{"json": {tt.json}})
			expectStatus(t, r, http.StatusUnprocessableEntity)
			got := r.text("[data-testid=error-json]")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error beside the JSON %q lacks %q", got, w)
				}
			}
			if got := r.doc.Find("textarea#f-json").Text(); got != tt.json {
				t.Errorf("pasted JSON not kept verbatim:\n%s", got)
			}
		})
	}
	r = root.get(modelPackagesPath)
	if got := cells(r, "resources-table"); len(got) != 1 {
		t.Errorf("refused imports were stored: %q", got)
	}
}

func TestImportAlgorithm(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	r := root.post(algorithmsPath+"/import", algorithmsPath+"/import", url.Values{"json": {describeAlgorithm(accountID)}})
	expectRedirect(t, r, algorithmsPath+"/gradient-boosted-trees")
	r = root.get(algorithmsPath + "/gradient-boosted-trees")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=resource-arn]"); got != "arn:aws:sagemaker:eu-west-1:"+accountID+":algorithm/gradient-boosted-trees" {
		t.Errorf("ARN %q", got)
	}
	if got := cells(r, "channels-table"); len(got) != 2 || got[0][0] != "train" || got[0][3] != "File, Pipe" || got[1][0] != "validation" {
		t.Errorf("channels %q", got)
	}
	if got := cells(r, "hyperparameters-table"); len(got) != 2 || got[0][2] != "1 – 20" || got[1][2] != "binary:logistic, reg:squarederror" {
		t.Errorf("hyperparameters %q", got)
	}
	if got := cells(r, "metrics-table"); len(got) != 1 || got[0][1] != `validation-auc:([0-9\.]+)` {
		t.Errorf("metrics %q", got)
	}

	// A model package's JSON is not an algorithm.
	r = root.post(algorithmsPath+"/import", algorithmsPath+"/import", url.Values{"json": {describeModelPackage(accountID)}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-json]"); !strings.Contains(got, "AlgorithmName") {
		t.Errorf("error beside the JSON %q", got)
	}
	if root.get(modelPackagesPath).text("[data-testid=no-resources]") == "" {
		t.Error("importing an algorithm created a model package")
	}
}

func TestSageMakerNeedsIAMPermissions(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	expectRedirect(t, root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("sentiment-classifier")), modelPackagesPath+"/sentiment-classifier")
	expectRedirect(t, root.post(algorithmsPath+"/new", algorithmsPath+"/new", validAlgorithm("gbt")), algorithmsPath+"/gbt")

	reader := env.newIAMUserClient(root, accountID, "reader", "AmazonSageMakerReadOnly")
	for _, base := range []string{modelPackagesPath, algorithmsPath} {
		r := reader.get(base)
		expectStatus(t, r, http.StatusOK)
		if len(cells(r, "resources-table")) != 1 {
			t.Errorf("%s: reader sees %q", base, cells(r, "resources-table"))
		}
		if r.doc.Find("[data-testid=create-resource]").Length() != 0 || r.doc.Find("[data-testid=import-resource]").Length() != 0 {
			t.Errorf("%s: read-only user is offered create or import", base)
		}
	}
	r := reader.get(modelPackagesPath + "/sentiment-classifier")
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=delete-resource]").Length() != 0 {
		t.Error("read-only user is offered delete")
	}
	expectStatus(t, reader.get(algorithmsPath+"/gbt"), http.StatusOK)

	r = reader.post(modelPackagesPath, modelPackagesPath+"/new", validModelPackage("sneaky"))
	expectStatus(t, r, http.StatusForbidden)
	msg := r.text("[data-testid=error-message]")
	for _, part := range []string{"arn:aws:iam::" + accountID + ":user/reader", "sagemaker:CreateModelPackage"} {
		if !strings.Contains(msg, part) {
			t.Errorf("403 message %q lacks %q", msg, part)
		}
	}
	expectStatus(t, reader.get(modelPackagesPath+"/new"), http.StatusForbidden)
	expectStatus(t, reader.post(algorithmsPath, algorithmsPath+"/import", url.Values{"json": {describeAlgorithm(accountID)}}), http.StatusForbidden)
	r = reader.post(modelPackagesPath, modelPackagesPath+"/sentiment-classifier/delete", url.Values{})
	expectStatus(t, r, http.StatusForbidden)
	if got := r.text("[data-testid=error-message]"); !strings.Contains(got, "sagemaker:DeleteModelPackage") || !strings.Contains(got, "arn:aws:sagemaker:us-east-1:"+accountID+":model-package/sentiment-classifier") {
		t.Errorf("403 message %q", got)
	}
	if got := cells(root.get(modelPackagesPath), "resources-table"); len(got) != 1 || got[0][0] != "sentiment-classifier" {
		t.Errorf("refused requests changed the list: %q", got)
	}

	nobody := env.newIAMUserClient(root, accountID, "nobody")
	r = nobody.get(algorithmsPath)
	expectStatus(t, r, http.StatusForbidden)
	msg = r.text("[data-testid=error-message]")
	for _, part := range []string{"arn:aws:iam::" + accountID + ":user/nobody", "sagemaker:ListAlgorithms", "no identity-based policy"} {
		if !strings.Contains(msg, part) {
			t.Errorf("403 message %q lacks %q", msg, part)
		}
	}
	if strings.Contains(r.body, "gbt") {
		t.Error("the 403 page lists the algorithm")
	}
	expectStatus(t, nobody.get(modelPackagesPath+"/sentiment-classifier"), http.StatusForbidden)
}

// TestAlgorithmUntouchedAddedChannelIsIgnored presses "Add channel" and
// submits without typing in the new row. The browser still sends the File
// input mode that the new row comes with, as it does for the type of an
// untouched hyperparameter row, which is ignored.
func TestAlgorithmUntouchedAddedChannelIsIgnored(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	form := validAlgorithm("gbt")
	form.Set("add", "channel")
	r := root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectStatus(t, r, http.StatusOK)
	if !isChecked(r, `input[name="channels.2.input_modes"][value=File]`) {
		t.Fatal("the added channel row does not come with File checked")
	}
	form.Del("add")
	form.Set("channels.2.input_modes", "File") // what the browser sends for the untouched row
	r = root.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
	expectRedirect(t, r, algorithmsPath+"/gbt")
	stored, err := env.db.SageMaker().Resource(context.Background(), accountID, domain.KindAlgorithm, "gbt")
	if err != nil {
		t.Fatal(err)
	}
	if len(stored.TrainingChannels) != 2 {
		t.Errorf("stored %d channels, want 2", len(stored.TrainingChannels))
	}
}

// TestImportNamesTheFieldThatBreaksARule imports JSON that parses but whose
// resource breaks a rule: the message beside the JSON must say which field.
func TestImportNamesTheFieldThatBreaksARule(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	raw := strings.Replace(describeModelPackage(accountID),
		`"SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large", "ml.g4dn.xlarge", "ml.c5.xlarge"]`,
		`"SupportedRealtimeInferenceInstanceTypes": []`, 1)
	r := root.post(modelPackagesPath+"/import", modelPackagesPath+"/import", url.Values{"json": {raw}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.doc.Find("textarea#f-json").Text(); got != raw {
		t.Errorf("pasted JSON not kept verbatim")
	}
	if root.get(modelPackagesPath).text("[data-testid=no-resources]") == "" {
		t.Error("a model package without real-time instance types was imported")
	}
	got := r.text("[data-testid=error-json]")
	if !strings.Contains(got, "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes") || !strings.Contains(got, "This field is required.") {
		t.Errorf("the error beside the JSON does not name the field and its rule: %q", got)
	}
}
