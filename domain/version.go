package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// VersionStatus is a version's visibility to buyers.
type VersionStatus string

// Versions start as drafts, are tested as Limited, go Public at sign-off and
// may later be Restricted.
const (
	VersionDraft      VersionStatus = "Draft"
	VersionLimited    VersionStatus = "Limited"
	VersionPublic     VersionStatus = "Public"
	VersionRestricted VersionStatus = "Restricted"
)

// versionNumberPattern allows the version labels sellers use: "1.0",
// "2.1.3", "v3", "2024-06 preview".
var versionNumberPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,49}$`)

// Version is one delivery option of a product: a SageMaker resource with
// the usage information buyers read before they launch it.
type Version struct {
	ID          int64
	ProductID   string
	Number      string // buyer-facing; unique in the product; frozen once submitted
	ResourceARN string
	Status      VersionStatus
	// SubmittedAt is when the version was staged as Limited.
	SubmittedAt time.Time
	// ReleasedAt is when the version went Public.
	ReleasedAt time.Time
	// RestrictPending marks a Public version the seller chose to restrict;
	// the next staging applies it.
	RestrictPending bool
	// RestrictedAt is when the restriction applied: buyers subscribed
	// before then keep the version.
	RestrictedAt time.Time

	ReleaseNotes string
	NotebookURL  string
	RepoURL      string

	// Algorithm products only.
	TrainingDataDescription string
	TrainingDataSampleURL   string
	AlgorithmOverview       string

	CustomAttributes []CustomAttribute
	Input            InputDetails
	Output           OutputDetails

	RecommendedRealtime string
	RecommendedBatch    string
	RecommendedTraining string

	CreatedAt time.Time
}

// CustomAttribute is an invocation parameter buyers pass with a request.
type CustomAttribute struct {
	Name        string
	Description string
	Constraints string
	Required    bool
}

// Parameter describes one field of the input or output.
type Parameter struct {
	Name        string
	Description string
	Constraints string
	Required    bool
}

// InputDetails tells buyers what to send.
type InputDetails struct {
	Description       string
	Limitations       string
	SampleRealtimeURL string
	SampleBatchURL    string
	Parameters        []Parameter
}

// OutputDetails tells buyers what they get back.
type OutputDetails struct {
	Description string
	SampleText  string
	SampleURL   string
	Parameters  []Parameter
}

// Limits of the version details.
const (
	MaxReleaseNotesLength = 30000
	MaxUsageTextLength    = 5000
	MaxSampleOutputLength = 10000
	MaxParameters         = 50
)

// ValidateVersionNumber checks a new version number against the product's
// other versions.
func ValidateVersionNumber(number string, others []string) Message {
	switch {
	case number == "":
		return MsgFieldRequired
	case !versionNumberPattern.MatchString(number):
		return MsgVersionNumberInvalid
	case slices.ContainsFunc(others, func(o string) bool { return strings.EqualFold(o, number) }):
		return MsgVersionNumberTaken
	}
	return ""
}

// ValidateDetails checks the version information: release notes and links.
func (v Version) ValidateDetails() FieldErrors {
	f := FieldErrors{}
	textField(f, FieldReleaseNotes, v.ReleaseNotes, MaxReleaseNotesLength, true)
	if msg := ValidateHTTPSURL(v.NotebookURL, false); msg != "" {
		f[FieldSampleNotebookURL] = msg
	}
	if msg := ValidateHTTPSURL(v.RepoURL, false); msg != "" {
		f[FieldRepositoryURL] = msg
	}
	return f
}

// ValidateTraining checks the training inputs of an algorithm product's
// version, and the custom attributes of any version.
func (v Version) ValidateTraining(kind ResourceKind) FieldErrors {
	f := FieldErrors{}
	if kind == KindAlgorithm {
		textField(f, FieldTrainingDataDescription, v.TrainingDataDescription, MaxUsageTextLength, true)
		textField(f, FieldAlgorithmOverview, v.AlgorithmOverview, MaxUsageTextLength, true)
		if msg := ValidateHTTPSURL(v.TrainingDataSampleURL, false); msg != "" {
			f[FieldTrainingDataSampleURL] = msg
		}
	}
	validateParameters(f, parameterFields{FieldCustomAttributes, FieldCustomAttributeName,
		FieldCustomAttributeDescription, FieldCustomAttributeConstraints}, asParameters(v.CustomAttributes))
	return f
}

// ValidateInput checks the input details.
func (v Version) ValidateInput() FieldErrors {
	f := FieldErrors{}
	textField(f, FieldInputDescription, v.Input.Description, MaxUsageTextLength, true)
	textField(f, FieldInputLimitations, v.Input.Limitations, MaxUsageTextLength, false)
	if msg := ValidateHTTPSURL(v.Input.SampleRealtimeURL, false); msg != "" {
		f[FieldSampleRealtimeInputURL] = msg
	}
	if msg := ValidateHTTPSURL(v.Input.SampleBatchURL, false); msg != "" {
		f[FieldSampleBatchInputURL] = msg
	}
	validateParameters(f, parameterFields{FieldInputParameters, FieldInputParameterName,
		FieldInputParameterDescription, FieldInputParameterConstraints}, v.Input.Parameters)
	return f
}

// ValidateOutput checks the output details: a description and a sample as
// text or URL.
func (v Version) ValidateOutput() FieldErrors {
	f := FieldErrors{}
	textField(f, FieldOutputDescription, v.Output.Description, MaxUsageTextLength, true)
	textField(f, FieldSampleOutputText, v.Output.SampleText, MaxSampleOutputLength, false)
	if msg := ValidateHTTPSURL(v.Output.SampleURL, false); msg != "" {
		f[FieldSampleOutputURL] = msg
	}
	if v.Output.SampleText == "" && v.Output.SampleURL == "" {
		f[FieldSampleOutputText] = MsgSampleOutputRequired
	}
	validateParameters(f, parameterFields{FieldOutputParameters, FieldOutputParameterName,
		FieldOutputParameterDescription, FieldOutputParameterConstraints}, v.Output.Parameters)
	return f
}

// ValidateInstances checks the recommended instance types against the
// resource's supported types: a forged form value naming another type is
// refused.
func (v Version) ValidateInstances(r *SageMakerResource) FieldErrors {
	f := FieldErrors{}
	pick := func(field, value string, supported []string) {
		switch {
		case value == "":
			f[field] = MsgFieldRequired
		case !slices.Contains(supported, value):
			f[field] = MsgInstanceNotSupported
		}
	}
	pick(FieldRecommendedRealtime, v.RecommendedRealtime, r.RealtimeInstanceTypes)
	pick(FieldRecommendedBatch, v.RecommendedBatch, r.BatchInstanceTypes)
	if r.Kind == KindAlgorithm {
		pick(FieldRecommendedTraining, v.RecommendedTraining, r.TrainingInstanceTypes)
	}
	return f
}

func asParameters(attrs []CustomAttribute) []Parameter {
	out := make([]Parameter, len(attrs))
	for i, a := range attrs {
		out[i] = Parameter(a)
	}
	return out
}

// parameterFields are the field paths of one list of parameters.
type parameterFields struct{ list, name, description, constraints string }

func validateParameters(f FieldErrors, fields parameterFields, params []Parameter) {
	if len(params) > MaxParameters {
		f[fields.list] = MsgTooManyParameters
		return
	}
	seen := map[string]bool{}
	for i, p := range params {
		switch {
		case p.Name == "":
			f[FieldAt(fields.name, i)] = MsgFieldRequired
		case len(p.Name) > 100:
			f[FieldAt(fields.name, i)] = MsgTextTooLong
		case seen[strings.ToLower(p.Name)]:
			f[FieldAt(fields.name, i)] = MsgParameterDuplicate
		}
		seen[strings.ToLower(p.Name)] = true
		textField(f, FieldAt(fields.description, i), p.Description, 1000, false)
		textField(f, FieldAt(fields.constraints, i), p.Constraints, 1000, false)
	}
}
