package domain

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// goodModelPackage returns a normalized model package that breaks no rule.
func goodModelPackage() SageMakerResource {
	return SageMakerResource{
		AccountID:               "123456789012",
		Kind:                    KindModelPackage,
		Name:                    "sentiment-classifier",
		Description:             "Classifies the sentiment of product reviews.",
		Region:                  "us-east-1",
		RealtimeInstanceTypes:   []string{"ml.g4dn.xlarge", "ml.m5.large"},
		BatchInstanceTypes:      []string{"ml.m5.xlarge"},
		ContentTypes:            []string{"application/json", "text/csv"},
		ResponseMIMETypes:       []string{"application/json"},
		CertifiedForMarketplace: true,
		ValidationStatus:        ValidationCompleted,
	}
}

// goodAlgorithm returns a normalized algorithm that breaks no rule and has
// one hyperparameter of each type.
func goodAlgorithm() SageMakerResource {
	r := goodModelPackage()
	r.Kind = KindAlgorithm
	r.Name = "gradient-boosted-trees"
	r.TrainingInstanceTypes = []string{"ml.m5.xlarge", "ml.p3.2xlarge"}
	r.TrainingChannels = []TrainingChannel{
		{Name: "train", Required: true, ContentTypes: []string{"text/csv"}, CompressionTypes: []string{"Gzip", "None"}, InputModes: []string{"File", "Pipe"}},
		{Name: "validation", ContentTypes: []string{"text/csv"}, InputModes: []string{"FastFile"}},
	}
	r.HyperParameters = []HyperParameter{
		{Name: "max_depth", Type: HyperParameterInteger, MinValue: "1", MaxValue: "20", DefaultValue: "6", Tunable: true},
		{Name: "eta", Type: HyperParameterContinuous, MinValue: "0", MaxValue: "1", DefaultValue: "0.3", Tunable: true},
		{Name: "objective", Type: HyperParameterCategorical, Values: []string{"binary:logistic", "reg:squarederror"}, DefaultValue: "binary:logistic", Required: true},
		{Name: "feature_names", Type: HyperParameterFreeText},
	}
	r.MetricDefinitions = []MetricDefinition{{Name: "validation:auc", Regex: `validation-auc:([0-9\.]+)`}}
	r.SupportsDistributedTraining = true
	return r
}

func TestSageMakerResourceARN(t *testing.T) {
	tests := []struct {
		name string
		r    SageMakerResource
		want string
	}{
		{
			name: "model package",
			r:    SageMakerResource{AccountID: "123456789012", Kind: KindModelPackage, Region: "us-east-2", Name: "sentiment"},
			want: "arn:aws:sagemaker:us-east-2:123456789012:model-package/sentiment",
		},
		{
			name: "algorithm",
			r:    SageMakerResource{AccountID: "000000000042", Kind: KindAlgorithm, Region: "eu-west-1", Name: "gbt-1"},
			want: "arn:aws:sagemaker:eu-west-1:000000000042:algorithm/gbt-1",
		},
	}
	for _, tt := range tests {
		if got := tt.r.ARN(); got != tt.want {
			t.Errorf("%s: ARN() = %q, want %q", tt.name, got, tt.want)
		}
		if parsed, ok := ParseResourceARN(tt.r.ARN()); !ok || parsed != (ResourceARN{tt.r.Region, tt.r.AccountID, tt.r.Kind, tt.r.Name}) {
			t.Errorf("%s: ParseResourceARN(ARN()) = %+v, %v; want the resource's parts", tt.name, parsed, ok)
		}
	}
}

func TestParseResourceARN(t *testing.T) {
	tests := []struct {
		arn    string
		want   ResourceARN
		wantOK bool
	}{
		{"arn:aws:sagemaker:us-east-1:123456789012:model-package/pkg", ResourceARN{"us-east-1", "123456789012", KindModelPackage, "pkg"}, true},
		{"arn:aws:sagemaker:ap-east-1:123456789012:algorithm/a-1", ResourceARN{"ap-east-1", "123456789012", KindAlgorithm, "a-1"}, true},
		// Other resource types parse; the caller decides what to accept.
		{"arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep", ResourceARN{"us-east-1", "123456789012", "endpoint", "ep"}, true},
		{"", ResourceARN{}, false},
		{"not-an-arn", ResourceARN{}, false},
		{"arn:aws:s3:::bucket/key", ResourceARN{}, false},
		{"arn:aws-cn:sagemaker:cn-north-1:123456789012:model-package/pkg", ResourceARN{}, false},
		{"arn:aws:sagemaker::123456789012:model-package/pkg", ResourceARN{}, false},
		{"arn:aws:sagemaker:us-east-1:12345:model-package/pkg", ResourceARN{}, false},
		{"arn:aws:sagemaker:us-east-1:12345678901a:model-package/pkg", ResourceARN{}, false},
		{"arn:aws:sagemaker:us-east-1:123456789012:model-package", ResourceARN{}, false},
		{"arn:aws:sagemaker:us-east-1:123456789012:model-package/", ResourceARN{}, false},
		{"arn:aws:sagemaker:us-east-1:123456789012:/pkg", ResourceARN{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseResourceARN(tt.arn)
		if ok != tt.wantOK || got != tt.want {
			t.Errorf("ParseResourceARN(%q) = %+v, %v; want %+v, %v", tt.arn, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestValidResourceName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a", true},
		{"Model1", true},
		{"my-model-2", true},
		{"a--b", true}, // the pattern allows runs of hyphens inside
		{strings.Repeat("a", 63), true},
		{strings.Repeat("a", 64), false},
		{"", false},
		{"-model", false},
		{"model-", false},
		{"-", false},
		{"my_model", false},
		{"my.model", false},
		{"my model", false},
		{"modèle", false},
	}
	for _, tt := range tests {
		if got := ValidResourceName(tt.name); got != tt.want {
			t.Errorf("ValidResourceName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRegions(t *testing.T) {
	regions := Regions()
	seen := map[string]bool{}
	for _, r := range regions {
		if r.Code == "" || r.Name == "" || seen[r.Code] {
			t.Errorf("Regions() has a blank or repeated entry %+v", r)
		}
		seen[r.Code] = true
	}
	regions[0].Code = "changed"
	if Regions()[0].Code == "changed" {
		t.Error("Regions() shares its slice between calls")
	}

	tests := []struct {
		code string
		want bool
	}{
		{"us-east-1", true}, {"us-east-2", true}, {"us-west-1", true}, {"us-west-2", true},
		{"ca-central-1", true}, {"sa-east-1", true}, {"eu-west-1", true}, {"eu-west-2", true},
		{"eu-west-3", true}, {"eu-central-1", true}, {"eu-north-1", true}, {"eu-south-1", true},
		{"ap-south-1", true}, {"ap-northeast-1", true}, {"ap-northeast-2", true}, {"ap-northeast-3", true},
		{"ap-southeast-1", true}, {"ap-southeast-2", true}, {"ap-east-1", true}, {"me-south-1", true},
		{"af-south-1", true},
		{"", false}, {"US-EAST-1", false}, {" us-east-1", false},
		{"us-gov-west-1", false}, {"cn-north-1", false}, {"mars-north-1", false},
	}
	for _, tt := range tests {
		if got := IsRegion(tt.code); got != tt.want {
			t.Errorf("IsRegion(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	if len(regions) != 21 {
		t.Errorf("len(Regions()) = %d, want the 21 listed Regions", len(regions))
	}
}

func TestInstanceTypes(t *testing.T) {
	tests := []struct {
		typ                 string
		inference, training bool
	}{
		{"ml.t2.medium", true, false},
		{"ml.t2.2xlarge", true, false},
		{"ml.m4.16xlarge", true, true},
		{"ml.m5.large", true, true},
		{"ml.m5.24xlarge", true, true},
		{"ml.m5d.12xlarge", true, true},
		{"ml.c4.8xlarge", true, true},
		{"ml.c5.18xlarge", true, true},
		{"ml.c5d.9xlarge", true, true},
		{"ml.r5.24xlarge", true, true},
		{"ml.g4dn.16xlarge", true, true},
		{"ml.g5.48xlarge", true, true},
		{"ml.p2.16xlarge", true, true},
		{"ml.p3.2xlarge", true, true},
		{"ml.p4d.24xlarge", true, true},
		{"ml.inf1.24xlarge", true, false},
		{"ml.inf2.48xlarge", true, false},
		{"ml.p3dn.24xlarge", false, true},
		{"ml.trn1.32xlarge", false, true},
		{"ml.c5n.18xlarge", false, true},
		{"ml.fake.type", false, false},
		{"ml.m5.medium", false, false},
		{"m5.large", false, false},
		{"ML.M5.LARGE", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := IsInferenceInstanceType(tt.typ); got != tt.inference {
			t.Errorf("IsInferenceInstanceType(%q) = %v, want %v", tt.typ, got, tt.inference)
		}
		if got := IsTrainingInstanceType(tt.typ); got != tt.training {
			t.Errorf("IsTrainingInstanceType(%q) = %v, want %v", tt.typ, got, tt.training)
		}
	}
	for name, list := range map[string][]string{"inference": InferenceInstanceTypes(), "training": TrainingInstanceTypes()} {
		sorted := slices.Sorted(slices.Values(list))
		if len(slices.Compact(sorted)) != len(list) {
			t.Errorf("%s instance types repeat an entry", name)
		}
		for _, typ := range list {
			if !strings.HasPrefix(typ, "ml.") || strings.Count(typ, ".") != 2 {
				t.Errorf("%s instance type %q is not of the form ml.family.size", name, typ)
			}
		}
	}
}

func TestSageMakerResourceListable(t *testing.T) {
	tests := []struct {
		certified bool
		status    ValidationStatus
		want      bool
	}{
		{true, ValidationCompleted, true},
		{true, ValidationInProgress, false},
		{true, ValidationNotStarted, false},
		{true, ValidationFailed, false},
		{false, ValidationCompleted, false},
		{false, ValidationFailed, false},
	}
	for _, tt := range tests {
		r := goodModelPackage()
		r.CertifiedForMarketplace, r.ValidationStatus = tt.certified, tt.status
		if got := r.Listable(); got != tt.want {
			t.Errorf("Listable() certified=%v status=%s = %v, want %v", tt.certified, tt.status, got, tt.want)
		}
	}
}

func TestSageMakerResourceNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   SageMakerResource
		want SageMakerResource
	}{
		{
			name: "trims, sorts and de-duplicates lists, drops blanks",
			in: SageMakerResource{
				AccountID:             " 123456789012 ",
				Kind:                  " model-package ",
				Name:                  "  sentiment\t",
				Description:           "\n Reviews. ",
				Region:                " us-east-1 ",
				RealtimeInstanceTypes: []string{"ml.m5.large", " ml.c5.xlarge", "", "ml.m5.large ", "  "},
				BatchInstanceTypes:    []string{"ml.m5.xlarge", "ml.c5.2xlarge", "ml.m5.xlarge"},
				ContentTypes:          []string{"text/csv", "application/json", " text/csv"},
				ResponseMIMETypes:     []string{" ", "application/json"},
				ValidationStatus:      " Completed ",
			},
			want: SageMakerResource{
				AccountID:             "123456789012",
				Kind:                  KindModelPackage,
				Name:                  "sentiment",
				Description:           "Reviews.",
				Region:                "us-east-1",
				RealtimeInstanceTypes: []string{"ml.c5.xlarge", "ml.m5.large"},
				BatchInstanceTypes:    []string{"ml.c5.2xlarge", "ml.m5.xlarge"},
				ContentTypes:          []string{"application/json", "text/csv"},
				ResponseMIMETypes:     []string{"application/json"},
				ValidationStatus:      ValidationCompleted,
			},
		},
		{
			name: "model package loses training fields",
			in: SageMakerResource{
				Kind:                        KindModelPackage,
				TrainingInstanceTypes:       []string{"ml.m5.xlarge"},
				TrainingChannels:            []TrainingChannel{{Name: "train"}},
				HyperParameters:             []HyperParameter{{Name: "eta"}},
				MetricDefinitions:           []MetricDefinition{{Name: "loss", Regex: "loss=(.*)"}},
				SupportsDistributedTraining: true,
			},
			want: SageMakerResource{Kind: KindModelPackage},
		},
		{
			name: "algorithm rows are trimmed and blank rows dropped",
			in: SageMakerResource{
				Kind:                  KindAlgorithm,
				TrainingInstanceTypes: []string{"ml.p3.2xlarge", " ml.m5.xlarge", "ml.p3.2xlarge"},
				TrainingChannels: []TrainingChannel{
					{Name: " train ", Description: " Training data ", Required: true,
						ContentTypes: []string{"text/csv", "", "application/x-recordio-protobuf", "text/csv"}, CompressionTypes: []string{"None", "Gzip", "None"}, InputModes: []string{"Pipe", " File", ""}},
					{Name: " ", Description: "\t", ContentTypes: []string{""}, Required: true},
					{},
				},
				HyperParameters: []HyperParameter{
					{Name: " objective ", Type: " Categorical ", Values: []string{" reg:squarederror", "binary:logistic", "", "reg:squarederror "}, DefaultValue: " binary:logistic "},
					{Name: " ", Type: HyperParameterFreeText, Tunable: true, Required: true, Values: []string{" "}},
					{Name: " max_depth", Type: HyperParameterInteger, MinValue: " 1", MaxValue: "20 "},
				},
				MetricDefinitions: []MetricDefinition{{Name: " ", Regex: "  "}, {Name: " loss ", Regex: " loss=(\\S+) "}, {}},
			},
			want: SageMakerResource{
				Kind:                  KindAlgorithm,
				TrainingInstanceTypes: []string{"ml.m5.xlarge", "ml.p3.2xlarge"},
				TrainingChannels: []TrainingChannel{
					{Name: "train", Description: "Training data", Required: true,
						ContentTypes: []string{"application/x-recordio-protobuf", "text/csv"}, CompressionTypes: []string{"Gzip", "None"}, InputModes: []string{"File", "Pipe"}},
				},
				HyperParameters: []HyperParameter{
					// Categorical values keep the seller's order.
					{Name: "objective", Type: HyperParameterCategorical, Values: []string{"reg:squarederror", "binary:logistic"}, DefaultValue: "binary:logistic"},
					{Name: "max_depth", Type: HyperParameterInteger, MinValue: "1", MaxValue: "20"},
				},
				MetricDefinitions: []MetricDefinition{{Name: "loss", Regex: "loss=(\\S+)"}},
			},
		},
		{
			name: "all rows blank leaves none",
			in: SageMakerResource{
				Kind:              KindAlgorithm,
				TrainingChannels:  []TrainingChannel{{Name: "  "}},
				HyperParameters:   []HyperParameter{{Type: HyperParameterInteger}},
				MetricDefinitions: []MetricDefinition{{Regex: " "}},
			},
			want: SageMakerResource{Kind: KindAlgorithm},
		},
	}
	for _, tt := range tests {
		got := tt.in
		got.Normalize()
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Normalize() =\n%+v\nwant\n%+v", tt.name, got, tt.want)
		}
		again := got
		again.Normalize()
		if !reflect.DeepEqual(again, got) {
			t.Errorf("%s: Normalize() is not idempotent", tt.name)
		}
	}
}

func TestSageMakerResourceValidate(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // multi-byte: limits count runes
	tests := []struct {
		name   string
		base   func() SageMakerResource
		change func(r *SageMakerResource)
		want   FieldErrors // nil means valid
	}{
		{name: "good model package", base: goodModelPackage, change: func(*SageMakerResource) {}},
		{name: "good algorithm", base: goodAlgorithm, change: func(*SageMakerResource) {}},
		{
			name: "empty resource reports every field", base: func() SageMakerResource { return SageMakerResource{} }, change: func(*SageMakerResource) {},
			want: FieldErrors{
				FieldResourceKind:          MsgResourceKindInvalid,
				FieldResourceName:          MsgFieldRequired,
				FieldResourceRegion:        MsgFieldRequired,
				FieldRealtimeInstanceTypes: MsgFieldRequired,
				FieldBatchInstanceTypes:    MsgFieldRequired,
				FieldContentTypes:          MsgFieldRequired,
				FieldResponseMIMETypes:     MsgFieldRequired,
				FieldValidationStatus:      MsgValidationStatusInvalid,
			},
		},
		{name: "unknown kind", base: goodAlgorithm, change: func(r *SageMakerResource) { r.Kind = "notebook" },
			want: FieldErrors{FieldResourceKind: MsgResourceKindInvalid}},
		{name: "name of 63", base: goodModelPackage, change: func(r *SageMakerResource) { r.Name = strings.Repeat("a", 63) }},
		{name: "name of 64", base: goodModelPackage, change: func(r *SageMakerResource) { r.Name = strings.Repeat("a", 64) },
			want: FieldErrors{FieldResourceName: MsgResourceNameInvalid}},
		{name: "name with underscore", base: goodModelPackage, change: func(r *SageMakerResource) { r.Name = "my_model" },
			want: FieldErrors{FieldResourceName: MsgResourceNameInvalid}},
		{name: "name ending in hyphen", base: goodAlgorithm, change: func(r *SageMakerResource) { r.Name = "gbt-" },
			want: FieldErrors{FieldResourceName: MsgResourceNameInvalid}},
		{name: "description of 1024 runes", base: goodModelPackage, change: func(r *SageMakerResource) { r.Description = long(1024) }},
		{name: "description of 1025 runes", base: goodModelPackage, change: func(r *SageMakerResource) { r.Description = long(1025) },
			want: FieldErrors{FieldResourceDescription: MsgResourceDescriptionTooLong}},
		{name: "GovCloud region", base: goodModelPackage, change: func(r *SageMakerResource) { r.Region = "us-gov-west-1" },
			want: FieldErrors{FieldResourceRegion: MsgResourceRegionInvalid}},
		{name: "made-up region", base: goodModelPackage, change: func(r *SageMakerResource) { r.Region = "moon-1" },
			want: FieldErrors{FieldResourceRegion: MsgResourceRegionInvalid}},
		{name: "no real-time types", base: goodModelPackage, change: func(r *SageMakerResource) { r.RealtimeInstanceTypes = nil },
			want: FieldErrors{FieldRealtimeInstanceTypes: MsgFieldRequired}},
		{name: "fake real-time type", base: goodModelPackage, change: func(r *SageMakerResource) { r.RealtimeInstanceTypes = []string{"ml.fake.type", "ml.m5.large"} },
			want: FieldErrors{FieldRealtimeInstanceTypes: MsgInferenceInstanceTypeInvalid}},
		{name: "training-only type for inference", base: goodModelPackage, change: func(r *SageMakerResource) { r.RealtimeInstanceTypes = []string{"ml.trn1.2xlarge"} },
			want: FieldErrors{FieldRealtimeInstanceTypes: MsgInferenceInstanceTypeInvalid}},
		{name: "no batch types", base: goodModelPackage, change: func(r *SageMakerResource) { r.BatchInstanceTypes = []string{} },
			want: FieldErrors{FieldBatchInstanceTypes: MsgFieldRequired}},
		{name: "bad batch type", base: goodAlgorithm, change: func(r *SageMakerResource) { r.BatchInstanceTypes = []string{"m5.xlarge"} },
			want: FieldErrors{FieldBatchInstanceTypes: MsgInferenceInstanceTypeInvalid}},
		{name: "no content types", base: goodModelPackage, change: func(r *SageMakerResource) { r.ContentTypes = nil },
			want: FieldErrors{FieldContentTypes: MsgFieldRequired}},
		{name: "content type without subtype", base: goodModelPackage, change: func(r *SageMakerResource) { r.ContentTypes = []string{"csv"} },
			want: FieldErrors{FieldContentTypes: MsgMIMETypeInvalid}},
		{name: "content type with empty subtype", base: goodModelPackage, change: func(r *SageMakerResource) { r.ContentTypes = []string{"text/"} },
			want: FieldErrors{FieldContentTypes: MsgMIMETypeInvalid}},
		{name: "content type with parameters", base: goodModelPackage, change: func(r *SageMakerResource) { r.ContentTypes = []string{"text/csv; charset=utf-8"} },
			want: FieldErrors{FieldContentTypes: MsgMIMETypeInvalid}},
		{name: "content type with two slashes", base: goodModelPackage, change: func(r *SageMakerResource) { r.ContentTypes = []string{"text/csv/x"} },
			want: FieldErrors{FieldContentTypes: MsgMIMETypeInvalid}},
		{name: "unusual but valid MIME types", base: goodModelPackage, change: func(r *SageMakerResource) {
			r.ContentTypes = []string{"application/x-recordio-protobuf", "image/jpeg", "application/vnd.amazon+json", "*/*"}
		}},
		{name: "no response MIME types", base: goodModelPackage, change: func(r *SageMakerResource) { r.ResponseMIMETypes = nil },
			want: FieldErrors{FieldResponseMIMETypes: MsgFieldRequired}},
		{name: "bad response MIME type", base: goodModelPackage, change: func(r *SageMakerResource) { r.ResponseMIMETypes = []string{"application json"} },
			want: FieldErrors{FieldResponseMIMETypes: MsgMIMETypeInvalid}},
		{name: "unknown validation status", base: goodModelPackage, change: func(r *SageMakerResource) { r.ValidationStatus = "Done" },
			want: FieldErrors{FieldValidationStatus: MsgValidationStatusInvalid}},
		{name: "every validation status is valid", base: goodModelPackage, change: func(r *SageMakerResource) { r.ValidationStatus = ValidationFailed }},
		{
			// A model package that skipped Normalize still passes: its
			// training fields are not looked at.
			name: "model package ignores training fields", base: goodModelPackage, change: func(r *SageMakerResource) {
				r.TrainingInstanceTypes = []string{"ml.fake.type"}
				r.TrainingChannels = []TrainingChannel{{Name: "bad name"}}
			},
		},

		// Algorithms.
		{name: "no training types", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingInstanceTypes = nil },
			want: FieldErrors{FieldTrainingInstanceTypes: MsgFieldRequired}},
		{name: "t2 cannot train", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingInstanceTypes = []string{"ml.t2.medium"} },
			want: FieldErrors{FieldTrainingInstanceTypes: MsgTrainingInstanceTypeInvalid}},
		{name: "inf1 cannot train", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingInstanceTypes = []string{"ml.m5.xlarge", "ml.inf1.xlarge"} },
			want: FieldErrors{FieldTrainingInstanceTypes: MsgTrainingInstanceTypeInvalid}},
		{name: "no channels", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels = nil },
			want: FieldErrors{FieldTrainingChannels: MsgTrainingChannelsRequired}},
		{name: "channel without name", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[1].Name = "" },
			want: FieldErrors{FieldAt(FieldChannelName, 1): MsgFieldRequired}},
		{name: "channel name with space", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[0].Name = "train data" },
			want: FieldErrors{FieldAt(FieldChannelName, 0): MsgChannelNameInvalid}},
		{name: "channel name of 64", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[0].Name = strings.Repeat("a", 64) }},
		{name: "channel name of 65", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[0].Name = strings.Repeat("a", 65) },
			want: FieldErrors{FieldAt(FieldChannelName, 0): MsgChannelNameInvalid}},
		{name: "channel name with dot, hyphen, underscore", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[0].Name = "train.v2-final_A" }},
		{name: "duplicate channel name", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[1].Name = "train" },
			want: FieldErrors{FieldAt(FieldChannelName, 1): MsgChannelNameDuplicate}},
		{name: "channel without input mode", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[0].InputModes = nil },
			want: FieldErrors{FieldAt(FieldChannelInputModes, 0): MsgChannelInputModesInvalid}},
		{name: "unknown input mode", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[1].InputModes = []string{"File", "Stream"} },
			want: FieldErrors{FieldAt(FieldChannelInputModes, 1): MsgChannelInputModesInvalid}},
		{name: "unknown compression", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[0].CompressionTypes = []string{"Zip"} },
			want: FieldErrors{FieldAt(FieldChannelCompressionTypes, 0): MsgChannelCompressionInvalid}},
		{name: "bad channel content type", base: goodAlgorithm, change: func(r *SageMakerResource) { r.TrainingChannels[1].ContentTypes = []string{"csv"} },
			want: FieldErrors{FieldAt(FieldChannelContentTypes, 1): MsgMIMETypeInvalid}},
		{name: "hyperparameter without name", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].Name = "" },
			want: FieldErrors{FieldAt(FieldHyperParameterName, 0): MsgFieldRequired}},
		{name: "hyperparameter name of 256", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].Name = long(256) }},
		{name: "hyperparameter name of 257", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].Name = long(257) },
			want: FieldErrors{FieldAt(FieldHyperParameterName, 0): MsgHyperParameterNameTooLong}},
		{name: "duplicate hyperparameter", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[3].Name = "eta" },
			want: FieldErrors{FieldAt(FieldHyperParameterName, 3): MsgHyperParameterNameDuplicate}},
		{name: "hyperparameter without type", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[3].Type = "" },
			want: FieldErrors{FieldAt(FieldHyperParameterType, 3): MsgHyperParameterTypeInvalid}},
		{name: "unknown hyperparameter type", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].Type = "String" },
			want: FieldErrors{FieldAt(FieldHyperParameterType, 0): MsgHyperParameterTypeInvalid}},
		{name: "integer min above max", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].MinValue = "21" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 0): MsgIntegerRangeInvalid}},
		{name: "integer range with a fraction", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].MaxValue = "20.5" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 0): MsgIntegerRangeInvalid}},
		{name: "integer without max", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].MaxValue = "" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 0): MsgIntegerRangeInvalid}},
		{name: "integer range of one value", base: goodAlgorithm, change: func(r *SageMakerResource) {
			r.HyperParameters[0].MinValue, r.HyperParameters[0].MaxValue = "6", "6"
		}},
		{name: "continuous range not numeric", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[1].MinValue = "low" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 1): MsgContinuousRangeInvalid}},
		{name: "continuous range of NaN", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[1].MaxValue = "NaN" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 1): MsgContinuousRangeInvalid}},
		{name: "continuous range to infinity", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[1].MaxValue = "+Inf" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 1): MsgContinuousRangeInvalid}},
		{name: "continuous min above max", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[1].MinValue = "1.5" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 1): MsgContinuousRangeInvalid}},
		{name: "continuous with exponent", base: goodAlgorithm, change: func(r *SageMakerResource) {
			r.HyperParameters[1].MinValue, r.HyperParameters[1].MaxValue, r.HyperParameters[1].DefaultValue = "1e-6", "1e-1", "3e-4"
		}},
		{name: "categorical without values", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[2].Values = nil },
			want: FieldErrors{FieldAt(FieldHyperParameterValues, 2): MsgCategoricalValuesRequired}},
		{name: "integer default out of range", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].DefaultValue = "0" },
			want: FieldErrors{FieldAt(FieldHyperParameterDefault, 0): MsgDefaultValueInvalid}},
		{name: "integer default not whole", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].DefaultValue = "6.5" },
			want: FieldErrors{FieldAt(FieldHyperParameterDefault, 0): MsgDefaultValueInvalid}},
		{name: "integer default at the bounds", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].DefaultValue = "20" }},
		{name: "continuous default out of range", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[1].DefaultValue = "1.01" },
			want: FieldErrors{FieldAt(FieldHyperParameterDefault, 1): MsgDefaultValueInvalid}},
		{name: "categorical default not a value", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[2].DefaultValue = "multi:softmax" },
			want: FieldErrors{FieldAt(FieldHyperParameterDefault, 2): MsgDefaultValueInvalid}},
		{name: "free text default anything", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[3].DefaultValue = "a,b;c" }},
		{name: "required hyperparameter with default", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].Required = true }},
		{name: "broken range and non-integer default", base: goodAlgorithm, change: func(r *SageMakerResource) {
			r.HyperParameters[0].MinValue, r.HyperParameters[0].DefaultValue = "x", "y"
		}, want: FieldErrors{FieldAt(FieldHyperParameterRange, 0): MsgIntegerRangeInvalid, FieldAt(FieldHyperParameterDefault, 0): MsgDefaultValueInvalid}},
		{name: "broken range reported once for an integer default", base: goodAlgorithm, change: func(r *SageMakerResource) { r.HyperParameters[0].MinValue = "x" },
			want: FieldErrors{FieldAt(FieldHyperParameterRange, 0): MsgIntegerRangeInvalid}},
		{name: "metric without name", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Name = "" },
			want: FieldErrors{FieldAt(FieldMetricName, 0): MsgFieldRequired}},
		{name: "metric name of 255", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Name = long(255) }},
		{name: "metric name of 256", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Name = long(256) },
			want: FieldErrors{FieldAt(FieldMetricName, 0): MsgMetricNameTooLong}},
		{name: "duplicate metric", base: goodAlgorithm, change: func(r *SageMakerResource) {
			r.MetricDefinitions = append(r.MetricDefinitions, MetricDefinition{Name: "validation:auc", Regex: "auc=(.*)"})
		}, want: FieldErrors{FieldAt(FieldMetricName, 1): MsgMetricNameDuplicate}},
		{name: "metric without regex", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Regex = "" },
			want: FieldErrors{FieldAt(FieldMetricRegex, 0): MsgFieldRequired}},
		{name: "metric regex of 500", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Regex = "(" + strings.Repeat("a", 498) + ")" }},
		{name: "metric regex of 501", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Regex = "(" + strings.Repeat("a", 499) + ")" },
			want: FieldErrors{FieldAt(FieldMetricRegex, 0): MsgMetricRegexTooLong}},
		{name: "metric regex that does not compile", base: goodAlgorithm, change: func(r *SageMakerResource) { r.MetricDefinitions[0].Regex = "auc:([0-9" },
			want: FieldErrors{FieldAt(FieldMetricRegex, 0): MsgMetricRegexInvalid}},
		{
			name: "every algorithm problem at once", base: goodAlgorithm, change: func(r *SageMakerResource) {
				r.Name = "bad_name"
				r.TrainingInstanceTypes = []string{"ml.inf2.xlarge"}
				r.TrainingChannels[0] = TrainingChannel{Name: "x y", InputModes: []string{"Stream"}, CompressionTypes: []string{"Bzip2"}, ContentTypes: []string{"csv"}}
				r.HyperParameters[1] = HyperParameter{Name: "max_depth", Type: "Number"}
				r.MetricDefinitions[0] = MetricDefinition{Regex: "("}
			},
			want: FieldErrors{
				FieldResourceName:                        MsgResourceNameInvalid,
				FieldTrainingInstanceTypes:               MsgTrainingInstanceTypeInvalid,
				FieldAt(FieldChannelName, 0):             MsgChannelNameInvalid,
				FieldAt(FieldChannelInputModes, 0):       MsgChannelInputModesInvalid,
				FieldAt(FieldChannelCompressionTypes, 0): MsgChannelCompressionInvalid,
				FieldAt(FieldChannelContentTypes, 0):     MsgMIMETypeInvalid,
				FieldAt(FieldHyperParameterName, 1):      MsgHyperParameterNameDuplicate,
				FieldAt(FieldHyperParameterType, 1):      MsgHyperParameterTypeInvalid,
				FieldAt(FieldMetricName, 0):              MsgFieldRequired,
				FieldAt(FieldMetricRegex, 0):             MsgMetricRegexInvalid,
			},
		},
	}
	for _, tt := range tests {
		r := tt.base()
		tt.change(&r)
		err := r.Validate()
		if tt.want == nil {
			if err != nil {
				t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
			}
			continue
		}
		e := AsError(err)
		if e.Code != EINVALID || e.Message != MsgFormHasErrors {
			t.Errorf("%s: Validate() = %v, want EINVALID with %s", tt.name, err, MsgFormHasErrors)
			continue
		}
		if !maps.Equal(e.Fields, tt.want) {
			t.Errorf("%s: Validate() fields = %v, want %v", tt.name, e.Fields, tt.want)
		}
	}
}
