package domain

import (
	"fmt"
	"maps"
	"strings"
	"testing"
)

// completeVersion returns a version of a model package whose every step
// passes against goodModelPackage.
func completeVersion() Version {
	return Version{
		ID:           1,
		Number:       "1.0",
		ResourceARN:  "arn:aws:sagemaker:us-east-1:123456789012:model-package/sentiment-classifier",
		Status:       VersionDraft,
		ReleaseNotes: "First release.",
		NotebookURL:  "https://github.com/example/notebooks/blob/main/demo.ipynb",
		RepoURL:      "https://github.com/example/sentiment",
		CustomAttributes: []CustomAttribute{
			{Name: "threshold", Description: "Score cut-off.", Constraints: "0 to 1", Required: false},
		},
		Input: InputDetails{
			Description:       "CSV rows of review text.",
			Limitations:       "At most 512 tokens a row.",
			SampleRealtimeURL: "https://samples.example.com/input.csv",
			SampleBatchURL:    "https://samples.example.com/batch.csv",
			Parameters:        []Parameter{{Name: "text", Description: "The review.", Required: true}},
		},
		Output: OutputDetails{
			Description: "One label a row.",
			SampleText:  "positive\nnegative",
			Parameters:  []Parameter{{Name: "label", Description: "positive or negative"}},
		},
		RecommendedRealtime: "ml.m5.large",
		RecommendedBatch:    "ml.m5.xlarge",
	}
}

// completeAlgorithmVersion returns a version of goodAlgorithm whose every
// step passes.
func completeAlgorithmVersion() Version {
	v := completeVersion()
	v.ResourceARN = "arn:aws:sagemaker:us-east-1:123456789012:algorithm/gradient-boosted-trees"
	v.TrainingDataDescription = "Labelled CSV, label in the first column."
	v.TrainingDataSampleURL = "https://samples.example.com/train.csv"
	v.AlgorithmOverview = "Gradient boosted trees."
	v.RecommendedTraining = "ml.p3.2xlarge"
	return v
}

func wantFieldErrors(t *testing.T, got, want FieldErrors) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !maps.Equal(got, want) {
		t.Errorf("field errors = %v, want %v", got, want)
	}
}

func TestValidateVersionNumber(t *testing.T) {
	tests := []struct {
		number string
		others []string
		want   Message
	}{
		{"1.0", nil, ""},
		{"2.1.3", []string{"1.0"}, ""},
		{"v3", nil, ""},
		{"2024-06 preview", nil, ""},
		{"1.0+build_7", nil, ""},
		{strings.Repeat("9", 50), nil, ""},
		{"", nil, MsgFieldRequired},
		{strings.Repeat("9", 51), nil, MsgVersionNumberInvalid},
		{"-1", nil, MsgVersionNumberInvalid},
		{".1", nil, MsgVersionNumberInvalid},
		{" 1.0", nil, MsgVersionNumberInvalid},
		{"1/0", nil, MsgVersionNumberInvalid},
		{"1.0<script>", nil, MsgVersionNumberInvalid},
		{"version é", nil, MsgVersionNumberInvalid},
		{"1.0\n", nil, MsgVersionNumberInvalid},
		{"1.0", []string{"0.9", "1.0"}, MsgVersionNumberTaken},
		{"V1", []string{"v1"}, MsgVersionNumberTaken},
		{"beta", []string{"BETA"}, MsgVersionNumberTaken},
		{"1.0", []string{"1.0.0"}, ""},
	}
	for _, tt := range tests {
		if got := ValidateVersionNumber(tt.number, tt.others); got != tt.want {
			t.Errorf("ValidateVersionNumber(%q, %q) = %q, want %q", tt.number, tt.others, got, tt.want)
		}
	}
}

func TestVersionValidateDetails(t *testing.T) {
	tests := []struct {
		name string
		edit func(v *Version)
		want FieldErrors
	}{
		{name: "complete", edit: func(*Version) {}},
		{name: "links are optional", edit: func(v *Version) { v.NotebookURL, v.RepoURL = "", "" }},
		{name: "release notes missing", edit: func(v *Version) { v.ReleaseNotes = "" },
			want: FieldErrors{FieldReleaseNotes: MsgFieldRequired}},
		{name: "release notes at the limit", edit: func(v *Version) { v.ReleaseNotes = strings.Repeat("n", MaxReleaseNotesLength) }},
		{name: "release notes too long", edit: func(v *Version) { v.ReleaseNotes = strings.Repeat("n", MaxReleaseNotesLength+1) },
			want: FieldErrors{FieldReleaseNotes: MsgTextTooLong}},
		{name: "notebook over http", edit: func(v *Version) { v.NotebookURL = "http://github.com/x" },
			want: FieldErrors{FieldSampleNotebookURL: MsgHTTPSURLInvalid}},
		{name: "repository not a URL", edit: func(v *Version) { v.RepoURL = "github.com/example" },
			want: FieldErrors{FieldRepositoryURL: MsgHTTPSURLInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := completeVersion()
			tt.edit(&v)
			wantFieldErrors(t, v.ValidateDetails(), tt.want)
		})
	}
}

func TestVersionValidateTraining(t *testing.T) {
	manyAttrs := make([]CustomAttribute, MaxParameters+1)
	for i := range manyAttrs {
		manyAttrs[i].Name = fmt.Sprintf("attr%d", i)
	}
	tests := []struct {
		name string
		kind ResourceKind
		edit func(v *Version)
		want FieldErrors
	}{
		{name: "complete algorithm", kind: KindAlgorithm, edit: func(*Version) {}},
		{name: "algorithm without training texts", kind: KindAlgorithm, edit: func(v *Version) {
			v.TrainingDataDescription, v.AlgorithmOverview, v.TrainingDataSampleURL = "", "", ""
		}, want: FieldErrors{FieldTrainingDataDescription: MsgFieldRequired, FieldAlgorithmOverview: MsgFieldRequired}},
		{name: "algorithm with an http sample", kind: KindAlgorithm, edit: func(v *Version) { v.TrainingDataSampleURL = "http://samples.example.com/t.csv" },
			want: FieldErrors{FieldTrainingDataSampleURL: MsgHTTPSURLInvalid}},
		{name: "algorithm overview too long", kind: KindAlgorithm, edit: func(v *Version) { v.AlgorithmOverview = strings.Repeat("o", MaxUsageTextLength+1) },
			want: FieldErrors{FieldAlgorithmOverview: MsgTextTooLong}},
		{name: "model package needs no training texts", kind: KindModelPackage, edit: func(v *Version) {
			v.TrainingDataDescription, v.AlgorithmOverview, v.TrainingDataSampleURL = "", "", "http://ignored"
		}},
		{name: "no custom attributes", kind: KindModelPackage, edit: func(v *Version) { v.CustomAttributes = nil }},
		{name: "custom attribute without name", kind: KindModelPackage, edit: func(v *Version) {
			v.CustomAttributes = []CustomAttribute{{Name: "a"}, {Description: "no name"}}
		}, want: FieldErrors{FieldAt(FieldCustomAttributeName, 1): MsgFieldRequired}},
		{name: "custom attribute name too long", kind: KindModelPackage, edit: func(v *Version) {
			v.CustomAttributes = []CustomAttribute{{Name: strings.Repeat("n", 101)}}
		}, want: FieldErrors{FieldAt(FieldCustomAttributeName, 0): MsgTextTooLong}},
		{name: "custom attributes repeated in another case", kind: KindModelPackage, edit: func(v *Version) {
			v.CustomAttributes = []CustomAttribute{{Name: "Threshold"}, {Name: "other"}, {Name: "threshold"}}
		}, want: FieldErrors{FieldAt(FieldCustomAttributeName, 2): MsgParameterDuplicate}},
		{name: "custom attribute constraints too long", kind: KindModelPackage, edit: func(v *Version) {
			v.CustomAttributes = []CustomAttribute{{Name: "a", Constraints: strings.Repeat("c", 1001)}}
		}, want: FieldErrors{FieldAt(FieldCustomAttributeConstraints, 0): MsgTextTooLong}},
		{name: "too many custom attributes", kind: KindModelPackage, edit: func(v *Version) { v.CustomAttributes = manyAttrs },
			want: FieldErrors{FieldCustomAttributes: MsgTooManyParameters}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := completeAlgorithmVersion()
			tt.edit(&v)
			wantFieldErrors(t, v.ValidateTraining(tt.kind), tt.want)
		})
	}
}

func TestVersionValidateInput(t *testing.T) {
	tests := []struct {
		name string
		edit func(v *Version)
		want FieldErrors
	}{
		{name: "complete", edit: func(*Version) {}},
		{name: "only a description", edit: func(v *Version) { v.Input = InputDetails{Description: "CSV"} }},
		{name: "description missing", edit: func(v *Version) { v.Input.Description = "" },
			want: FieldErrors{FieldInputDescription: MsgFieldRequired}},
		{name: "limitations too long", edit: func(v *Version) { v.Input.Limitations = strings.Repeat("l", MaxUsageTextLength+1) },
			want: FieldErrors{FieldInputLimitations: MsgTextTooLong}},
		{name: "samples over http", edit: func(v *Version) {
			v.Input.SampleRealtimeURL, v.Input.SampleBatchURL = "http://samples.example.com/a", "file:///etc/passwd"
		}, want: FieldErrors{FieldSampleRealtimeInputURL: MsgHTTPSURLInvalid, FieldSampleBatchInputURL: MsgHTTPSURLInvalid}},
		{name: "parameter without name", edit: func(v *Version) { v.Input.Parameters = []Parameter{{Description: "x"}} },
			want: FieldErrors{FieldAt(FieldInputParameterName, 0): MsgFieldRequired}},
		{name: "parameters repeated", edit: func(v *Version) { v.Input.Parameters = []Parameter{{Name: "text"}, {Name: "TEXT"}} },
			want: FieldErrors{FieldAt(FieldInputParameterName, 1): MsgParameterDuplicate}},
		{name: "parameter description too long", edit: func(v *Version) {
			v.Input.Parameters = []Parameter{{Name: "text", Description: strings.Repeat("d", 1001)}}
		}, want: FieldErrors{FieldAt(FieldInputParameterDescription, 0): MsgTextTooLong}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := completeVersion()
			tt.edit(&v)
			wantFieldErrors(t, v.ValidateInput(), tt.want)
		})
	}
}

func TestVersionValidateOutput(t *testing.T) {
	tests := []struct {
		name string
		edit func(v *Version)
		want FieldErrors
	}{
		{name: "sample as text", edit: func(*Version) {}},
		{name: "sample as URL", edit: func(v *Version) { v.Output.SampleText, v.Output.SampleURL = "", "https://samples.example.com/out.json" }},
		{name: "description missing", edit: func(v *Version) { v.Output.Description = "" },
			want: FieldErrors{FieldOutputDescription: MsgFieldRequired}},
		{name: "no sample", edit: func(v *Version) { v.Output.SampleText, v.Output.SampleURL = "", "" },
			want: FieldErrors{FieldSampleOutputText: MsgSampleOutputRequired}},
		{name: "sample URL over http", edit: func(v *Version) { v.Output.SampleText, v.Output.SampleURL = "", "http://samples.example.com/out" },
			want: FieldErrors{FieldSampleOutputURL: MsgHTTPSURLInvalid}},
		{name: "sample text at the limit", edit: func(v *Version) { v.Output.SampleText = strings.Repeat("s", MaxSampleOutputLength) }},
		{name: "sample text too long", edit: func(v *Version) { v.Output.SampleText = strings.Repeat("s", MaxSampleOutputLength+1) },
			want: FieldErrors{FieldSampleOutputText: MsgTextTooLong}},
		{name: "parameter repeated", edit: func(v *Version) { v.Output.Parameters = []Parameter{{Name: "label"}, {Name: "Label"}} },
			want: FieldErrors{FieldAt(FieldOutputParameterName, 1): MsgParameterDuplicate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := completeVersion()
			tt.edit(&v)
			wantFieldErrors(t, v.ValidateOutput(), tt.want)
		})
	}
}

func TestVersionValidateInstances(t *testing.T) {
	mp, alg := goodModelPackage(), goodAlgorithm()
	tests := []struct {
		name                      string
		r                         *SageMakerResource
		realtime, batch, training string
		want                      FieldErrors
	}{
		{name: "model package", r: &mp, realtime: "ml.g4dn.xlarge", batch: "ml.m5.xlarge"},
		{name: "model package ignores training", r: &mp, realtime: "ml.m5.large", batch: "ml.m5.xlarge", training: "ml.forged.huge"},
		{name: "model package without choices", r: &mp,
			want: FieldErrors{FieldRecommendedRealtime: MsgFieldRequired, FieldRecommendedBatch: MsgFieldRequired}},
		{name: "forged real-time type", r: &mp, realtime: "ml.p4d.24xlarge", batch: "ml.m5.xlarge",
			want: FieldErrors{FieldRecommendedRealtime: MsgInstanceNotSupported}},
		{name: "batch type of the real-time list only", r: &mp, realtime: "ml.m5.large", batch: "ml.g4dn.xlarge",
			want: FieldErrors{FieldRecommendedBatch: MsgInstanceNotSupported}},
		{name: "not an instance type at all", r: &mp, realtime: "<script>", batch: "ml.m5.xlarge",
			want: FieldErrors{FieldRecommendedRealtime: MsgInstanceNotSupported}},
		{name: "algorithm", r: &alg, realtime: "ml.m5.large", batch: "ml.m5.xlarge", training: "ml.p3.2xlarge"},
		{name: "algorithm requires training", r: &alg, realtime: "ml.m5.large", batch: "ml.m5.xlarge",
			want: FieldErrors{FieldRecommendedTraining: MsgFieldRequired}},
		{name: "algorithm with forged training type", r: &alg, realtime: "ml.m5.large", batch: "ml.m5.xlarge", training: "ml.trn1.32xlarge",
			want: FieldErrors{FieldRecommendedTraining: MsgInstanceNotSupported}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Version{RecommendedRealtime: tt.realtime, RecommendedBatch: tt.batch, RecommendedTraining: tt.training}
			wantFieldErrors(t, v.ValidateInstances(tt.r), tt.want)
		})
	}
}

func TestFirstIncompleteStep(t *testing.T) {
	mp, alg := goodModelPackage(), goodAlgorithm()
	tests := []struct {
		name string
		kind ResourceKind
		r    *SageMakerResource
		edit func(v *Version)
		want VersionParts
	}{
		{name: "complete model package version", kind: KindModelPackage, r: &mp, edit: func(*Version) {}, want: 0},
		{name: "no number yet", kind: KindModelPackage, r: &mp, edit: func(v *Version) { v.Number = "" }, want: VersionInformation},
		{name: "no release notes", kind: KindModelPackage, r: &mp, edit: func(v *Version) { v.ReleaseNotes = "" }, want: VersionInformation},
		{name: "bad custom attribute", kind: KindModelPackage, r: &mp, edit: func(v *Version) { v.CustomAttributes = []CustomAttribute{{}} }, want: VersionTrainingInputs},
		{name: "algorithm without training texts", kind: KindAlgorithm, r: &alg, edit: func(v *Version) {
			v.TrainingDataDescription = ""
		}, want: VersionTrainingInputs},
		{name: "no input description", kind: KindModelPackage, r: &mp, edit: func(v *Version) { v.Input.Description = "" }, want: VersionInput},
		{name: "no output sample", kind: KindModelPackage, r: &mp, edit: func(v *Version) { v.Output.SampleText = "" }, want: VersionOutput},
		{name: "no instance types", kind: KindModelPackage, r: &mp, edit: func(v *Version) { v.RecommendedBatch = "" }, want: VersionInstanceTypes},
		{name: "resource gone", kind: KindModelPackage, r: nil, edit: func(*Version) {}, want: VersionInstanceTypes},
		{name: "earliest step wins", kind: KindModelPackage, r: nil, edit: func(v *Version) {
			v.Input.Description, v.ReleaseNotes = "", ""
		}, want: VersionInformation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := completeVersion()
			if tt.kind == KindAlgorithm {
				v = completeAlgorithmVersion()
			}
			tt.edit(&v)
			if got := v.FirstIncompletePart(tt.kind, tt.r); got != tt.want {
				t.Errorf("FirstIncompletePart() = %d, want %d", got, tt.want)
			}
		})
	}
}
