package domain

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"
)

const importAccountID = "123456789012"

// describeModelPackageJSON is what "aws sagemaker describe-model-package"
// prints, with the many fields the portal ignores.
const describeModelPackageJSON = `{
    "ModelPackageName": "sentiment-classifier",
    "ModelPackageArn": "arn:aws:sagemaker:us-east-2:123456789012:model-package/sentiment-classifier",
    "ModelPackageDescription": "Classifies the sentiment of English product reviews.",
    "CreationTime": "2024-03-18T09:41:27.512000+00:00",
    "InferenceSpecification": {
        "Containers": [
            {
                "Image": "123456789012.dkr.ecr.us-east-2.amazonaws.com/sentiment-inference:1.4.0",
                "ImageDigest": "sha256:6f2e4c1d0b9a8e7f6d5c4b3a29180716f5e4d3c2b1a09f8e7d6c5b4a39281706",
                "ModelDataUrl": "s3://acme-ml-artifacts/sentiment/model.tar.gz"
            }
        ],
        "SupportedTransformInstanceTypes": ["ml.m5.xlarge", "ml.c5.2xlarge", "ml.m5.xlarge"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large", "ml.g4dn.xlarge", "ml.c5.xlarge"],
        "SupportedContentTypes": ["text/csv", "application/json"],
        "SupportedResponseMIMETypes": ["application/json"]
    },
    "ValidationSpecification": {
        "ValidationRole": "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
        "ValidationProfiles": [
            {
                "ProfileName": "sentiment-validation",
                "TransformJobDefinition": {
                    "MaxConcurrentTransforms": 1,
                    "MaxPayloadInMB": 6,
                    "BatchStrategy": "MultiRecord",
                    "TransformInput": {
                        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://acme-ml-artifacts/sentiment/validation-input/"}},
                        "ContentType": "text/csv",
                        "CompressionType": "None",
                        "SplitType": "Line"
                    },
                    "TransformOutput": {"S3OutputPath": "s3://acme-ml-artifacts/sentiment/validation-output/", "Accept": "application/json", "AssembleWith": "Line"},
                    "TransformResources": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1}
                }
            }
        ]
    },
    "ModelPackageStatus": "Completed",
    "ModelPackageStatusDetails": {
        "ValidationStatuses": [{"Name": "sentiment-validation", "Status": "Completed"}],
        "ImageScanStatuses": [{"Name": "123456789012.dkr.ecr.us-east-2.amazonaws.com/sentiment-inference:1.4.0", "Status": "Completed"}]
    },
    "CertifyForMarketplace": true,
    "ModelApprovalStatus": "Approved",
    "ResponseMetadata": {
        "RequestId": "4c5a0f3e-2b1d-4e8f-9a7c-6d5e4f3a2b1c",
        "HTTPStatusCode": 200,
        "HTTPHeaders": {"x-amzn-requestid": "4c5a0f3e-2b1d-4e8f-9a7c-6d5e4f3a2b1c", "content-type": "application/x-amz-json-1.1"},
        "RetryAttempts": 0
    }
}`

// describeAlgorithmJSON is a DescribeAlgorithm response. Its CreationTime is
// in seconds, as the raw API sends it.
const describeAlgorithmJSON = `{
    "AlgorithmName": "gradient-boosted-trees",
    "AlgorithmArn": "arn:aws:sagemaker:eu-west-1:123456789012:algorithm/gradient-boosted-trees",
    "AlgorithmDescription": "Gradient-boosted decision trees for tabular data.",
    "CreationTime": 1710754887.25,
    "TrainingSpecification": {
        "TrainingImage": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gbt-training:2.1",
        "TrainingImageDigest": "sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
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
                "Name": "eta",
                "Description": "Step size shrinkage.",
                "Type": "Continuous",
                "Range": {"ContinuousParameterRangeSpecification": {"MinValue": "0.0", "MaxValue": "1.0"}},
                "IsTunable": true,
                "IsRequired": false,
                "DefaultValue": "0.3"
            },
            {
                "Name": "objective",
                "Description": "Learning objective.",
                "Type": "Categorical",
                "Range": {"CategoricalParameterRangeSpecification": {"Values": ["binary:logistic", "reg:squarederror"]}},
                "IsTunable": false,
                "IsRequired": true,
                "DefaultValue": "binary:logistic"
            },
            {
                "Name": "feature_names",
                "Description": "Comma-separated column names.",
                "Type": "FreeText",
                "IsTunable": false,
                "IsRequired": false
            }
        ],
        "SupportedTrainingInstanceTypes": ["ml.p3.2xlarge", "ml.m5.xlarge", "ml.c5.2xlarge"],
        "SupportsDistributedTraining": true,
        "MetricDefinitions": [
            {"Name": "validation:auc", "Regex": "validation-auc:([0-9\\.]+)"},
            {"Name": "train:auc", "Regex": "train-auc:([0-9\\.]+)"}
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
        ],
        "SupportedTuningJobObjectiveMetrics": [{"Type": "Maximize", "MetricName": "validation:auc"}]
    },
    "InferenceSpecification": {
        "Containers": [
            {
                "Image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gbt-inference:2.1",
                "ImageDigest": "sha256:9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0"
            }
        ],
        "SupportedTransformInstanceTypes": ["ml.m5.xlarge"],
        "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large", "ml.c5.xlarge"],
        "SupportedContentTypes": ["text/csv"],
        "SupportedResponseMIMETypes": ["text/csv", "application/json"]
    },
    "ValidationSpecification": {
        "ValidationRole": "arn:aws:iam::123456789012:role/SageMakerExecutionRole",
        "ValidationProfiles": [
            {
                "ProfileName": "gbt-validation",
                "TrainingJobDefinition": {
                    "TrainingInputMode": "File",
                    "HyperParameters": {"max_depth": "5"},
                    "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://acme-ml-artifacts/gbt/train/"}}}],
                    "OutputDataConfig": {"S3OutputPath": "s3://acme-ml-artifacts/gbt/output/"},
                    "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
                    "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
                }
            }
        ]
    },
    "AlgorithmStatus": "Completed",
    "AlgorithmStatusDetails": {
        "ValidationStatuses": [{"Name": "gbt-validation", "Status": "InProgress"}],
        "ImageScanStatuses": [{"Name": "gbt-training", "Status": "Completed"}]
    },
    "CertifyForMarketplace": true,
    "ResponseMetadata": {"RequestId": "a1b2c3d4-0000-4000-8000-123456789abc", "HTTPStatusCode": 200, "RetryAttempts": 0}
}`

func TestImportModelPackage(t *testing.T) {
	got, err := ImportModelPackage(describeModelPackageJSON, importAccountID)
	if err != nil {
		t.Fatalf("ImportModelPackage() error = %v", err)
	}
	want := SageMakerResource{
		AccountID:               importAccountID,
		Kind:                    KindModelPackage,
		Name:                    "sentiment-classifier",
		Description:             "Classifies the sentiment of English product reviews.",
		Region:                  "us-east-2",
		RealtimeInstanceTypes:   []string{"ml.c5.xlarge", "ml.g4dn.xlarge", "ml.m5.large"},
		BatchInstanceTypes:      []string{"ml.c5.2xlarge", "ml.m5.xlarge"},
		ContentTypes:            []string{"application/json", "text/csv"},
		ResponseMIMETypes:       []string{"application/json"},
		CertifiedForMarketplace: true,
		ValidationStatus:        ValidationCompleted,
		CreatedAt:               time.Date(2024, 3, 18, 9, 41, 27, 512000000, time.UTC),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ImportModelPackage() =\n%+v\nwant\n%+v", got, want)
	}
	if got.ARN() != "arn:aws:sagemaker:us-east-2:123456789012:model-package/sentiment-classifier" {
		t.Errorf("imported ARN() = %q, want the pasted ARN", got.ARN())
	}
}

func TestImportAlgorithm(t *testing.T) {
	got, err := ImportAlgorithm(describeAlgorithmJSON, importAccountID)
	if err != nil {
		t.Fatalf("ImportAlgorithm() error = %v", err)
	}
	want := SageMakerResource{
		AccountID:               importAccountID,
		Kind:                    KindAlgorithm,
		Name:                    "gradient-boosted-trees",
		Description:             "Gradient-boosted decision trees for tabular data.",
		Region:                  "eu-west-1",
		RealtimeInstanceTypes:   []string{"ml.c5.xlarge", "ml.m5.large"},
		BatchInstanceTypes:      []string{"ml.m5.xlarge"},
		TrainingInstanceTypes:   []string{"ml.c5.2xlarge", "ml.m5.xlarge", "ml.p3.2xlarge"},
		ContentTypes:            []string{"text/csv"},
		ResponseMIMETypes:       []string{"application/json", "text/csv"},
		CertifiedForMarketplace: true,
		ValidationStatus:        ValidationInProgress,
		TrainingChannels: []TrainingChannel{
			{Name: "train", Description: "Training data.", Required: true,
				ContentTypes: []string{"text/csv", "text/libsvm"}, CompressionTypes: []string{"Gzip", "None"}, InputModes: []string{"File", "Pipe"}},
			{Name: "validation", Description: "Validation data.",
				ContentTypes: []string{"text/csv"}, CompressionTypes: []string{"None"}, InputModes: []string{"File"}},
		},
		HyperParameters: []HyperParameter{
			{Name: "max_depth", Description: "Maximum depth of a tree.", Type: HyperParameterInteger, MinValue: "1", MaxValue: "20", DefaultValue: "6", Tunable: true},
			{Name: "eta", Description: "Step size shrinkage.", Type: HyperParameterContinuous, MinValue: "0.0", MaxValue: "1.0", DefaultValue: "0.3", Tunable: true},
			{Name: "objective", Description: "Learning objective.", Type: HyperParameterCategorical, Values: []string{"binary:logistic", "reg:squarederror"}, DefaultValue: "binary:logistic", Required: true},
			{Name: "feature_names", Description: "Comma-separated column names.", Type: HyperParameterFreeText},
		},
		MetricDefinitions: []MetricDefinition{
			{Name: "validation:auc", Regex: `validation-auc:([0-9\.]+)`},
			{Name: "train:auc", Regex: `train-auc:([0-9\.]+)`},
		},
		SupportsDistributedTraining: true,
		CreatedAt:                   time.Date(2024, 3, 18, 9, 41, 27, 250000000, time.UTC),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ImportAlgorithm() =\n%+v\nwant\n%+v", got, want)
	}
}

// editJSON returns raw with the value at a dotted path of object keys set to
// value, or removed when value is deleteKey. Array elements are addressed by
// their index as a key, e.g. "TrainingSpecification.TrainingChannels.0".
func editJSON(t *testing.T, raw, path string, value any) string {
	t.Helper()
	var doc any
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("editJSON: %v", err)
	}
	keys := strings.Split(path, ".")
	node := doc
	for _, k := range keys[:len(keys)-1] {
		switch n := node.(type) {
		case map[string]any:
			node = n[k]
		case []any:
			var i int
			if err := json.Unmarshal([]byte(k), &i); err != nil {
				t.Fatalf("editJSON: bad index %q", k)
			}
			node = n[i]
		}
	}
	obj, ok := node.(map[string]any)
	if !ok {
		t.Fatalf("editJSON: %s is not inside an object", path)
	}
	last := keys[len(keys)-1]
	if value == deleteKey {
		delete(obj, last)
	} else {
		obj[last] = value
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatalf("editJSON: %v", err)
	}
	return string(out)
}

// deleteMarker is the type of deleteKey, which editJSON reads as "remove".
type deleteMarker int

const deleteKey deleteMarker = 0

func TestImportMapping(t *testing.T) {
	tests := []struct {
		name  string
		raw   func(t *testing.T) string
		alg   bool
		check func(r SageMakerResource) bool
	}{
		{"missing description is empty", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "ModelPackageDescription", deleteKey)
		}, false, func(r SageMakerResource) bool { return r.Description == "" }},
		{"missing CertifyForMarketplace is false", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "CertifyForMarketplace", deleteKey)
		}, false, func(r SageMakerResource) bool { return !r.CertifiedForMarketplace && !r.Listable() }},
		{"first validation status wins", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "ModelPackageStatusDetails.ValidationStatuses",
				[]any{map[string]any{"Name": "a", "Status": "Failed", "FailureReason": "Transform job failed."}, map[string]any{"Name": "b", "Status": "Completed"}})
		}, false, func(r SageMakerResource) bool { return r.ValidationStatus == ValidationFailed }},
		{"no validation statuses and Completed", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "ModelPackageStatusDetails.ValidationStatuses", []any{})
		}, false, func(r SageMakerResource) bool { return r.ValidationStatus == ValidationCompleted }},
		{"no status details and InProgress", func(t *testing.T) string {
			raw := editJSON(t, describeModelPackageJSON, "ModelPackageStatusDetails", deleteKey)
			return editJSON(t, raw, "ModelPackageStatus", "InProgress")
		}, false, func(r SageMakerResource) bool { return r.ValidationStatus == ValidationNotStarted }},
		{"algorithm without statuses and Pending", func(t *testing.T) string {
			raw := editJSON(t, describeAlgorithmJSON, "AlgorithmStatusDetails", deleteKey)
			return editJSON(t, raw, "AlgorithmStatus", "Pending")
		}, true, func(r SageMakerResource) bool { return r.ValidationStatus == ValidationNotStarted }},
		{"algorithm without statuses and Completed", func(t *testing.T) string {
			return editJSON(t, describeAlgorithmJSON, "AlgorithmStatusDetails.ValidationStatuses", []any{})
		}, true, func(r SageMakerResource) bool { return r.ValidationStatus == ValidationCompleted && r.Listable() }},
		{"missing CreationTime is the zero time", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "CreationTime", deleteKey)
		}, false, func(r SageMakerResource) bool { return r.CreatedAt.IsZero() }},
		{"CreationTime with a Z", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "CreationTime", "2024-03-18T09:41:27Z")
		}, false, func(r SageMakerResource) bool {
			return r.CreatedAt.Equal(time.Date(2024, 3, 18, 9, 41, 27, 0, time.UTC))
		}},
		{"CreationTime with an offset is kept in UTC", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "CreationTime", "2024-03-18T11:41:27+02:00")
		}, false, func(r SageMakerResource) bool {
			return r.CreatedAt == time.Date(2024, 3, 18, 9, 41, 27, 0, time.UTC)
		}},
		{"ARN name differing only in case", func(t *testing.T) string {
			return editJSON(t, describeModelPackageJSON, "ModelPackageName", "Sentiment-Classifier")
		}, false, func(r SageMakerResource) bool { return r.Name == "Sentiment-Classifier" }},
		{"blank rows and padding are normalized", func(t *testing.T) string {
			return editJSON(t, describeAlgorithmJSON, "TrainingSpecification.MetricDefinitions",
				[]any{map[string]any{"Name": " loss ", "Regex": "loss=(\\S+)"}, map[string]any{"Name": "", "Regex": ""}})
		}, true, func(r SageMakerResource) bool {
			return reflect.DeepEqual(r.MetricDefinitions, []MetricDefinition{{Name: "loss", Regex: `loss=(\S+)`}})
		}},
	}
	for _, tt := range tests {
		importer := ImportModelPackage
		if tt.alg {
			importer = ImportAlgorithm
		}
		r, err := importer(tt.raw(t), importAccountID)
		if err != nil {
			t.Errorf("%s: import error = %v", tt.name, err)
			continue
		}
		if !tt.check(r) {
			t.Errorf("%s: imported %+v", tt.name, r)
		}
	}
}

func TestImportErrors(t *testing.T) {
	const wrongTypeJSON = `{
  "ModelPackageName": "sentiment-classifier",
  "CertifyForMarketplace": "yes"
}`
	const hyperParamsObjectJSON = `{
  "AlgorithmName": "gbt",
  "TrainingSpecification": {
    "SupportedHyperParameters": {"Name": "eta"}
  }
}`
	tests := []struct {
		name       string
		alg        bool
		raw        func(t *testing.T) string
		wantMsg    Message
		wantData   map[string]any // nil means no data
		wantFields FieldErrors    // nil means only FieldDescribeOutput: wantMsg
	}{
		{name: "empty", raw: func(*testing.T) string { return "" }, wantMsg: MsgImportEmpty},
		{name: "blank", alg: true, raw: func(*testing.T) string { return " \n\t " }, wantMsg: MsgImportEmpty},
		{
			name:     "syntax error on line 3",
			raw:      func(*testing.T) string { return "{\n  \"ModelPackageName\": \"x\",\n  }" },
			wantMsg:  MsgImportInvalidJSON,
			wantData: map[string]any{"Line": 3, "Column": 3},
		},
		{
			name:     "truncated input points at its last character",
			raw:      func(*testing.T) string { return `{"ModelPackageName": "x"` },
			wantMsg:  MsgImportInvalidJSON,
			wantData: map[string]any{"Line": 1, "Column": 24},
		},
		{
			// "é" is two bytes but one column.
			name:     "column counts characters",
			alg:      true,
			raw:      func(*testing.T) string { return `{"a": "é", x}` },
			wantMsg:  MsgImportInvalidJSON,
			wantData: map[string]any{"Line": 1, "Column": 12},
		},
		{name: "array instead of object", raw: func(*testing.T) string { return `[{"ModelPackageName": "x"}]` }, wantMsg: MsgImportNotObject},
		{name: "string instead of object", alg: true, raw: func(*testing.T) string { return `"gbt"` }, wantMsg: MsgImportNotObject},
		{
			name: "null", raw: func(*testing.T) string { return "null" },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "ModelPackageName"},
		},
		{
			name:    "algorithm JSON pasted as a model package",
			raw:     func(*testing.T) string { return describeAlgorithmJSON },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "ModelPackageName"},
		},
		{
			name:    "model package JSON pasted as an algorithm",
			alg:     true,
			raw:     func(*testing.T) string { return describeModelPackageJSON },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "AlgorithmName"},
		},
		{
			name:    "blank model package name",
			raw:     func(t *testing.T) string { return editJSON(t, describeModelPackageJSON, "ModelPackageName", " ") },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "ModelPackageName"},
		},
		{
			name:    "no model package ARN",
			raw:     func(t *testing.T) string { return editJSON(t, describeModelPackageJSON, "ModelPackageArn", deleteKey) },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "ModelPackageArn"},
		},
		{
			name: "no inference specification",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "InferenceSpecification", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "InferenceSpecification"},
		},
		{
			name: "no real-time instance types",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes"},
		},
		{
			name: "null transform instance types",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "InferenceSpecification.SupportedTransformInstanceTypes", nil)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "InferenceSpecification.SupportedTransformInstanceTypes"},
		},
		{
			name: "no content types",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "InferenceSpecification.SupportedContentTypes", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "InferenceSpecification.SupportedContentTypes"},
		},
		{
			name: "no response MIME types",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "InferenceSpecification.SupportedResponseMIMETypes", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "InferenceSpecification.SupportedResponseMIMETypes"},
		},
		{
			name: "no algorithm name", alg: true,
			raw:     func(t *testing.T) string { return editJSON(t, describeAlgorithmJSON, "AlgorithmName", deleteKey) },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "AlgorithmName"},
		},
		{
			name: "no algorithm ARN", alg: true,
			raw:     func(t *testing.T) string { return editJSON(t, describeAlgorithmJSON, "AlgorithmArn", deleteKey) },
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "AlgorithmArn"},
		},
		{
			name: "no training specification", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "TrainingSpecification", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "TrainingSpecification"},
		},
		{
			name: "no training instance types", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "TrainingSpecification.SupportedTrainingInstanceTypes", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "TrainingSpecification.SupportedTrainingInstanceTypes"},
		},
		{
			name: "algorithm without inference specification", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "InferenceSpecification", deleteKey)
			},
			wantMsg: MsgImportMissingField, wantData: map[string]any{"Field": "InferenceSpecification"},
		},
		{
			name:     "CertifyForMarketplace as a string",
			raw:      func(*testing.T) string { return wrongTypeJSON },
			wantMsg:  MsgImportWrongType,
			wantData: map[string]any{"Field": "CertifyForMarketplace", "Line": 3, "Column": 32}, // the closing quote of "yes"
		},
		{
			name:     "SupportedHyperParameters as an object",
			alg:      true,
			raw:      func(*testing.T) string { return hyperParamsObjectJSON },
			wantMsg:  MsgImportWrongType,
			wantData: map[string]any{"Field": "TrainingSpecification.SupportedHyperParameters", "Line": 4, "Column": 33}, // its "{"
		},
		{
			name: "IsRequired of a channel as a string", alg: true,
			raw: func(t *testing.T) string {
				return strings.Replace(describeAlgorithmJSON, `"IsRequired": true,`+"\n"+`                "SupportedContentTypes"`, `"IsRequired": "true",`+"\n"+`                "SupportedContentTypes"`, 1)
			},
			wantMsg:  MsgImportWrongType,
			wantData: map[string]any{"Field": "TrainingSpecification.TrainingChannels.IsRequired", "Line": 55, "Column": 36},
		},
		{
			name:     "missing fields are reported before a bad CreationTime",
			raw:      func(*testing.T) string { return "{\n  \"CreationTime\": true,\n  \"ModelPackageName\": \"x\"\n}" },
			wantMsg:  MsgImportMissingField,
			wantData: map[string]any{"Field": "ModelPackageArn"},
		},
		{
			name: "CreationTime that is not a time",
			raw: func(*testing.T) string {
				return strings.Replace(describeModelPackageJSON, `"2024-03-18T09:41:27.512000+00:00"`, `"yesterday"`, 1)
			},
			wantMsg:  MsgImportWrongType,
			wantData: map[string]any{"Field": "CreationTime", "Line": 5, "Column": 31}, // the closing quote
		},
		{
			name: "CreationTime as a boolean in a full response", alg: true,
			raw: func(*testing.T) string {
				return strings.Replace(describeAlgorithmJSON, `"CreationTime": 1710754887.25`, `"CreationTime": false`, 1)
			},
			wantMsg:  MsgImportWrongType,
			wantData: map[string]any{"Field": "CreationTime", "Line": 5, "Column": 25}, // the "e" of false
		},
		{
			name: "not an ARN",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "ModelPackageArn", "sentiment-classifier")
			},
			wantMsg:  MsgImportARNInvalid,
			wantData: map[string]any{"Field": "ModelPackageArn"},
		},
		{
			name: "ARN of another service", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "AlgorithmArn", "arn:aws:ecr:eu-west-1:123456789012:repository/gradient-boosted-trees")
			},
			wantMsg: MsgImportARNInvalid, wantData: map[string]any{"Field": "AlgorithmArn"},
		},
		{
			name: "model package ARN naming an algorithm",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "ModelPackageArn", "arn:aws:sagemaker:us-east-2:123456789012:algorithm/sentiment-classifier")
			},
			wantMsg: MsgImportARNWrongKind, wantData: map[string]any{"Field": "ModelPackageArn"},
		},
		{
			name: "algorithm ARN naming a model package", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "AlgorithmArn", "arn:aws:sagemaker:eu-west-1:123456789012:model-package/gradient-boosted-trees")
			},
			wantMsg: MsgImportARNWrongKind, wantData: map[string]any{"Field": "AlgorithmArn"},
		},
		{
			name: "another account's model package",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "ModelPackageArn", "arn:aws:sagemaker:us-east-2:210987654321:model-package/sentiment-classifier")
			},
			wantMsg:  MsgImportForeignAccount,
			wantData: map[string]any{"Field": "ModelPackageArn", "AccountID": "210987654321"},
		},
		{
			name: "another account's algorithm", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "AlgorithmArn", "arn:aws:sagemaker:eu-west-1:000000000001:algorithm/gradient-boosted-trees")
			},
			wantMsg:  MsgImportForeignAccount,
			wantData: map[string]any{"Field": "AlgorithmArn", "AccountID": "000000000001"},
		},
		{
			name: "ARN of another model package",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "ModelPackageName", "sentiment-classifier-v2")
			},
			wantMsg: MsgImportARNMismatch, wantData: map[string]any{"Field": "ModelPackageArn"},
		},
		{
			name: "ARN of another algorithm", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "AlgorithmArn", "arn:aws:sagemaker:eu-west-1:123456789012:algorithm/other-trees")
			},
			wantMsg: MsgImportARNMismatch, wantData: map[string]any{"Field": "AlgorithmArn"},
		},

		// JSON that is well formed but describes a resource breaking a rule
		// gets Validate's error; its first field message goes beside the text.
		{
			name: "fake instance type",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes", []string{"ml.fake.type"})
			},
			wantMsg:  MsgImportFieldInvalid,
			wantData: map[string]any{"Field": "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes", "Rule": string(MsgInferenceInstanceTypeInvalid)},
			wantFields: FieldErrors{
				FieldRealtimeInstanceTypes: MsgInferenceInstanceTypeInvalid,
				FieldDescribeOutput:        MsgImportFieldInvalid,
			},
		},
		{
			name: "Region where SageMaker does not run",
			raw: func(t *testing.T) string {
				return editJSON(t, describeModelPackageJSON, "ModelPackageArn", "arn:aws:sagemaker:cn-north-1:123456789012:model-package/sentiment-classifier")
			},
			wantMsg:    MsgImportFieldInvalid,
			wantData:   map[string]any{"Field": "ModelPackageArn", "Rule": string(MsgResourceRegionInvalid)},
			wantFields: FieldErrors{FieldResourceRegion: MsgResourceRegionInvalid, FieldDescribeOutput: MsgImportFieldInvalid},
		},
		{
			name: "empty content types and a bad training channel", alg: true,
			raw: func(t *testing.T) string {
				raw := editJSON(t, describeAlgorithmJSON, "InferenceSpecification.SupportedContentTypes", []string{})
				return editJSON(t, raw, "TrainingSpecification.TrainingChannels.1.SupportedInputModes", []string{"Stream"})
			},
			wantMsg: MsgImportFieldInvalid,
			// The first problem by field path is named.
			wantData: map[string]any{"Field": "InferenceSpecification.SupportedContentTypes", "Rule": string(MsgFieldRequired)},
			wantFields: FieldErrors{
				FieldContentTypes:                  MsgFieldRequired,
				FieldAt(FieldChannelInputModes, 1): MsgChannelInputModesInvalid,
				FieldDescribeOutput:                MsgImportFieldInvalid,
			},
		},
		{
			name: "unknown validation status", alg: true,
			raw: func(t *testing.T) string {
				return editJSON(t, describeAlgorithmJSON, "AlgorithmStatusDetails.ValidationStatuses",
					[]any{map[string]any{"Name": "gbt-validation", "Status": "Stopped"}})
			},
			wantMsg:    MsgImportFieldInvalid,
			wantData:   map[string]any{"Field": "AlgorithmStatusDetails.ValidationStatuses", "Rule": string(MsgValidationStatusInvalid)},
			wantFields: FieldErrors{FieldValidationStatus: MsgValidationStatusInvalid, FieldDescribeOutput: MsgImportFieldInvalid},
		},
	}
	for _, tt := range tests {
		importer := ImportModelPackage
		if tt.alg {
			importer = ImportAlgorithm
		}
		r, err := importer(tt.raw(t), importAccountID)
		if err == nil {
			t.Errorf("%s: import = %+v, want an error", tt.name, r)
			continue
		}
		e := AsError(err)
		if e.Code != EINVALID || e.Message != tt.wantMsg {
			t.Errorf("%s: error = %v, want EINVALID %s", tt.name, err, tt.wantMsg)
			continue
		}
		if !maps.Equal(e.Data, tt.wantData) {
			t.Errorf("%s: Data = %v, want %v", tt.name, e.Data, tt.wantData)
		}
		wantFields := tt.wantFields
		if wantFields == nil {
			wantFields = FieldErrors{FieldDescribeOutput: tt.wantMsg}
		}
		if !maps.Equal(e.Fields, wantFields) {
			t.Errorf("%s: Fields = %v, want %v", tt.name, e.Fields, wantFields)
		}
		if !reflect.DeepEqual(r, SageMakerResource{}) {
			t.Errorf("%s: a failed import returned %+v, want the zero resource", tt.name, r)
		}
	}
}

func TestImportPosition(t *testing.T) {
	tests := []struct {
		raw          string
		offset       int64
		line, column int
	}{
		{"{", 1, 1, 1},
		{"{}", 0, 1, 1}, // clamped
		{"ab\ncd", 5, 2, 2},
		{"ab\ncd", 99, 2, 3}, // clamped to the end
		{"ab\n", 3, 1, 3},    // the newline itself ends line 1
		{"ab\n\n", 4, 2, 1},
		{"éé\nxé!", 9, 2, 3},
	}
	for _, tt := range tests {
		line, column := importPosition(tt.raw, tt.offset)
		if line != tt.line || column != tt.column {
			t.Errorf("importPosition(%q, %d) = %d:%d, want %d:%d", tt.raw, tt.offset, line, column, tt.line, tt.column)
		}
	}
}
