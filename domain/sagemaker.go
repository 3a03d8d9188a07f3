package domain

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ResourceKind says whether a SageMaker resource is a model package or an
// algorithm. Its values are the resource types that appear in ARNs.
type ResourceKind string

// The kinds of SageMaker resource a listing can point at.
const (
	KindModelPackage ResourceKind = "model-package"
	KindAlgorithm    ResourceKind = "algorithm"
)

// Valid reports whether k is one of the known kinds.
func (k ResourceKind) Valid() bool { return k == KindModelPackage || k == KindAlgorithm }

// ValidationStatus is where SageMaker is in validating a resource: running
// the seller's test jobs, which Marketplace requires to have passed.
type ValidationStatus string

// The validation statuses SageMaker reports, spelled as in its API.
const (
	ValidationNotStarted ValidationStatus = "NotStarted"
	ValidationInProgress ValidationStatus = "InProgress"
	ValidationCompleted  ValidationStatus = "Completed"
	ValidationFailed     ValidationStatus = "Failed"
)

// ValidationStatuses returns every validation status, in lifecycle order.
func ValidationStatuses() []ValidationStatus {
	return []ValidationStatus{ValidationNotStarted, ValidationInProgress, ValidationCompleted, ValidationFailed}
}

// Valid reports whether s is one of the known statuses.
func (s ValidationStatus) Valid() bool { return slices.Contains(ValidationStatuses(), s) }

// Limits on SageMaker resource fields, as SageMaker enforces them.
const (
	MaxResourceNameLength       = 63
	MaxResourceDescriptionRunes = 1024
	MaxChannelNameLength        = 64
	MaxHyperParameterNameLength = 256
	MaxMetricNameLength         = 255
	MaxMetricRegexLength        = 500
)

// TrainingChannel is an input channel an algorithm's training job reads,
// such as "train" or "validation".
type TrainingChannel struct {
	Name             string
	Description      string
	Required         bool
	ContentTypes     []string
	CompressionTypes []string
	InputModes       []string
}

// InputModes returns the ways a training job can read a channel's data.
func InputModes() []string { return []string{"File", "Pipe", "FastFile"} }

// CompressionTypes returns the compressions a channel's data can have.
func CompressionTypes() []string { return []string{"None", "Gzip"} }

// HyperParameterType is the type of a hyperparameter's value.
type HyperParameterType string

// The hyperparameter types SageMaker knows, spelled as in its API.
const (
	HyperParameterInteger     HyperParameterType = "Integer"
	HyperParameterContinuous  HyperParameterType = "Continuous"
	HyperParameterCategorical HyperParameterType = "Categorical"
	HyperParameterFreeText    HyperParameterType = "FreeText"
)

// HyperParameterTypes returns every hyperparameter type.
func HyperParameterTypes() []HyperParameterType {
	return []HyperParameterType{HyperParameterInteger, HyperParameterContinuous, HyperParameterCategorical, HyperParameterFreeText}
}

// HyperParameter is a setting a buyer can pass to an algorithm's training job.
type HyperParameter struct {
	Name        string
	Description string
	Type        HyperParameterType
	// MinValue and MaxValue bound Integer and Continuous values. They are
	// strings, as in SageMaker's API, so that a form can echo what was typed.
	MinValue, MaxValue string
	// Values lists the choices of a Categorical hyperparameter.
	Values       []string
	DefaultValue string
	Tunable      bool
	Required     bool
}

// MetricDefinition tells SageMaker how to find a metric in training logs.
type MetricDefinition struct {
	Name  string
	Regex string
}

// SageMakerResource is a model package or an algorithm owned by an account.
type SageMakerResource struct {
	AccountID   string
	Kind        ResourceKind
	Name        string
	Description string
	Region      string

	RealtimeInstanceTypes []string
	BatchInstanceTypes    []string
	TrainingInstanceTypes []string
	ContentTypes          []string
	ResponseMIMETypes     []string

	CertifiedForMarketplace bool
	ValidationStatus        ValidationStatus

	// Algorithm only: Normalize clears these on a model package.
	TrainingChannels            []TrainingChannel
	HyperParameters             []HyperParameter
	MetricDefinitions           []MetricDefinition
	SupportsDistributedTraining bool

	CreatedAt time.Time
}

// ARN returns the resource's Amazon Resource Name.
func (r SageMakerResource) ARN() string {
	return "arn:aws:sagemaker:" + r.Region + ":" + r.AccountID + ":" + string(r.Kind) + "/" + r.Name
}

// Listable reports whether the resource can back a Marketplace listing:
// AWS Marketplace accepts only resources certified for it whose validation
// jobs have passed.
func (r SageMakerResource) Listable() bool {
	return r.CertifiedForMarketplace && r.ValidationStatus == ValidationCompleted
}

// ResourceARN is the parts of a SageMaker ARN.
type ResourceARN struct {
	Region    string
	AccountID string
	// Kind is the resource type the ARN names, which may be neither of the
	// two kinds this portal lists (e.g. "endpoint"); callers check it.
	Kind ResourceKind
	Name string
}

// ParseResourceARN splits "arn:aws:sagemaker:<region>:<account-id>:<type>/<name>".
// It reports false for anything else, including other partitions and
// services.
func ParseResourceARN(s string) (ResourceARN, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[1] != "aws" || parts[2] != "sagemaker" {
		return ResourceARN{}, false
	}
	typ, name, ok := strings.Cut(parts[5], "/")
	if !ok || parts[3] == "" || !IsAccountID(parts[4]) || typ == "" || name == "" {
		return ResourceARN{}, false
	}
	return ResourceARN{Region: parts[3], AccountID: parts[4], Kind: ResourceKind(typ), Name: name}, true
}

// Normalize trims every text, turns instance-type and MIME lists into sorted
// sets without blanks, and drops the blank rows an editing form leaves
// behind. A model package loses its training fields, which only algorithms
// have.
func (r *SageMakerResource) Normalize() {
	r.AccountID = strings.TrimSpace(r.AccountID)
	r.Kind = ResourceKind(strings.TrimSpace(string(r.Kind)))
	r.Name = strings.TrimSpace(r.Name)
	r.Description = strings.TrimSpace(r.Description)
	r.Region = strings.TrimSpace(r.Region)
	r.ValidationStatus = ValidationStatus(strings.TrimSpace(string(r.ValidationStatus)))
	r.RealtimeInstanceTypes = sortedSet(r.RealtimeInstanceTypes)
	r.BatchInstanceTypes = sortedSet(r.BatchInstanceTypes)
	r.TrainingInstanceTypes = sortedSet(r.TrainingInstanceTypes)
	r.ContentTypes = sortedSet(r.ContentTypes)
	r.ResponseMIMETypes = sortedSet(r.ResponseMIMETypes)
	if r.Kind == KindModelPackage {
		r.TrainingInstanceTypes = nil
		r.TrainingChannels = nil
		r.HyperParameters = nil
		r.MetricDefinitions = nil
		r.SupportsDistributedTraining = false
		return
	}
	r.TrainingChannels = normalizeChannels(r.TrainingChannels)
	r.HyperParameters = normalizeHyperParameters(r.HyperParameters)
	r.MetricDefinitions = normalizeMetrics(r.MetricDefinitions)
}

// normalizeChannels trims channels and drops blank ones. The checkboxes
// (required, input modes, compression) do not count: a form row with nothing
// typed in it is blank whatever its pre-ticked boxes say.
func normalizeChannels(in []TrainingChannel) []TrainingChannel {
	var out []TrainingChannel
	for _, c := range in {
		c.Name = strings.TrimSpace(c.Name)
		c.Description = strings.TrimSpace(c.Description)
		c.ContentTypes = sortedSet(c.ContentTypes)
		c.CompressionTypes = sortedSet(c.CompressionTypes)
		c.InputModes = sortedSet(c.InputModes)
		if c.Name == "" && c.Description == "" && len(c.ContentTypes) == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

// normalizeHyperParameters trims hyperparameters and drops blank ones. The
// type and the checkboxes do not count, because a form pre-selects them on
// every empty row.
func normalizeHyperParameters(in []HyperParameter) []HyperParameter {
	var out []HyperParameter
	for _, h := range in {
		h.Name = strings.TrimSpace(h.Name)
		h.Description = strings.TrimSpace(h.Description)
		h.Type = HyperParameterType(strings.TrimSpace(string(h.Type)))
		h.MinValue = strings.TrimSpace(h.MinValue)
		h.MaxValue = strings.TrimSpace(h.MaxValue)
		h.DefaultValue = strings.TrimSpace(h.DefaultValue)
		h.Values = orderedSet(h.Values)
		if h.Name == "" && h.Description == "" && h.MinValue == "" && h.MaxValue == "" && h.DefaultValue == "" && len(h.Values) == 0 {
			continue
		}
		out = append(out, h)
	}
	return out
}

// normalizeMetrics trims metric definitions and drops blank ones.
func normalizeMetrics(in []MetricDefinition) []MetricDefinition {
	var out []MetricDefinition
	for _, m := range in {
		m.Name = strings.TrimSpace(m.Name)
		m.Regex = strings.TrimSpace(m.Regex)
		if m.Name == "" && m.Regex == "" {
			continue
		}
		out = append(out, m)
	}
	return out
}

// sortedSet trims the entries, drops blank ones and duplicates, and sorts
// the rest: the lists it is used on are sets, and a stable order makes them
// easy to compare and display.
func sortedSet(in []string) []string {
	out := trimmedNonBlank(in)
	slices.Sort(out)
	return slices.Compact(out)
}

// orderedSet is sortedSet keeping the first-seen order, for lists whose
// order the seller chose, such as the choices of a categorical value.
func orderedSet(in []string) []string {
	var out []string
	for _, s := range trimmedNonBlank(in) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func trimmedNonBlank(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks a normalized resource and returns all problems at once.
func (r SageMakerResource) Validate() error {
	fields := FieldErrors{}
	r.validateCommon(fields)
	if r.Kind == KindAlgorithm {
		r.validateTraining(fields)
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

func (r SageMakerResource) validateCommon(fields FieldErrors) {
	if !r.Kind.Valid() {
		fields[FieldResourceKind] = MsgResourceKindInvalid
	}
	switch {
	case r.Name == "":
		fields[FieldResourceName] = MsgFieldRequired
	case !ValidResourceName(r.Name):
		fields[FieldResourceName] = MsgResourceNameInvalid
	}
	if utf8.RuneCountInString(r.Description) > MaxResourceDescriptionRunes {
		fields[FieldResourceDescription] = MsgResourceDescriptionTooLong
	}
	switch {
	case r.Region == "":
		fields[FieldResourceRegion] = MsgFieldRequired
	case !IsRegion(r.Region):
		fields[FieldResourceRegion] = MsgResourceRegionInvalid
	}
	checkList(fields, FieldRealtimeInstanceTypes, r.RealtimeInstanceTypes, IsInferenceInstanceType, MsgInferenceInstanceTypeInvalid)
	checkList(fields, FieldBatchInstanceTypes, r.BatchInstanceTypes, IsInferenceInstanceType, MsgInferenceInstanceTypeInvalid)
	checkList(fields, FieldContentTypes, r.ContentTypes, isMIMEType, MsgMIMETypeInvalid)
	checkList(fields, FieldResponseMIMETypes, r.ResponseMIMETypes, isMIMEType, MsgMIMETypeInvalid)
	if !r.ValidationStatus.Valid() {
		fields[FieldValidationStatus] = MsgValidationStatusInvalid
	}
}

// checkList records MsgFieldRequired for an empty list, or bad when an entry
// fails ok.
func checkList(fields FieldErrors, key string, list []string, ok func(string) bool, bad Message) {
	if len(list) == 0 {
		fields[key] = MsgFieldRequired
		return
	}
	if !allOf(list, ok) {
		fields[key] = bad
	}
}

func allOf(list []string, ok func(string) bool) bool {
	for _, s := range list {
		if !ok(s) {
			return false
		}
	}
	return true
}

func (r SageMakerResource) validateTraining(fields FieldErrors) {
	checkList(fields, FieldTrainingInstanceTypes, r.TrainingInstanceTypes, IsTrainingInstanceType, MsgTrainingInstanceTypeInvalid)
	if len(r.TrainingChannels) == 0 {
		fields[FieldTrainingChannels] = MsgTrainingChannelsRequired
	}
	seen := map[string]bool{}
	for i, c := range r.TrainingChannels {
		validateChannel(fields, i, c, seen)
	}
	seen = map[string]bool{}
	for i, h := range r.HyperParameters {
		validateHyperParameter(fields, i, h, seen)
	}
	seen = map[string]bool{}
	for i, m := range r.MetricDefinitions {
		validateMetric(fields, i, m, seen)
	}
}

// validateChannel checks one channel; seen holds the names of the channels
// before it, so that a duplicate is reported on the later row.
func validateChannel(fields FieldErrors, i int, c TrainingChannel, seen map[string]bool) {
	switch {
	case c.Name == "":
		fields[FieldAt(FieldChannelName, i)] = MsgFieldRequired
	case !validChannelName(c.Name):
		fields[FieldAt(FieldChannelName, i)] = MsgChannelNameInvalid
	case seen[c.Name]:
		fields[FieldAt(FieldChannelName, i)] = MsgChannelNameDuplicate
	}
	seen[c.Name] = true
	if len(c.InputModes) == 0 || !allOf(c.InputModes, func(s string) bool { return slices.Contains(InputModes(), s) }) {
		fields[FieldAt(FieldChannelInputModes, i)] = MsgChannelInputModesInvalid
	}
	if !allOf(c.CompressionTypes, func(s string) bool { return slices.Contains(CompressionTypes(), s) }) {
		fields[FieldAt(FieldChannelCompressionTypes, i)] = MsgChannelCompressionInvalid
	}
	if !allOf(c.ContentTypes, isMIMEType) {
		fields[FieldAt(FieldChannelContentTypes, i)] = MsgMIMETypeInvalid
	}
}

// validChannelName matches SageMaker's ^[A-Za-z0-9\.\-_]+$ of at most 64
// characters.
func validChannelName(s string) bool {
	if s == "" || len(s) > MaxChannelNameLength {
		return false
	}
	for _, r := range s {
		if !isASCIIAlnum(r) && r != '.' && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

func validateHyperParameter(fields FieldErrors, i int, h HyperParameter, seen map[string]bool) {
	switch {
	case h.Name == "":
		fields[FieldAt(FieldHyperParameterName, i)] = MsgFieldRequired
	case utf8.RuneCountInString(h.Name) > MaxHyperParameterNameLength:
		fields[FieldAt(FieldHyperParameterName, i)] = MsgHyperParameterNameTooLong
	case seen[h.Name]:
		fields[FieldAt(FieldHyperParameterName, i)] = MsgHyperParameterNameDuplicate
	}
	seen[h.Name] = true
	if !slices.Contains(HyperParameterTypes(), h.Type) {
		fields[FieldAt(FieldHyperParameterType, i)] = MsgHyperParameterTypeInvalid
		return // the other checks depend on the type
	}
	if field, msg := h.valuesProblem(); msg != "" {
		fields[FieldAt(field, i)] = msg
	}
	if h.DefaultValue != "" && !h.accepts(h.DefaultValue) {
		fields[FieldAt(FieldHyperParameterDefault, i)] = MsgDefaultValueInvalid
	}
}

// valuesProblem returns the field path, with the index left empty, and the
// message of what is wrong with the range or the choices that h's type
// needs, or "" and "".
func (h HyperParameter) valuesProblem() (string, Message) {
	switch h.Type {
	case HyperParameterInteger:
		if _, _, ok := h.intRange(); !ok {
			return FieldHyperParameterRange, MsgIntegerRangeInvalid
		}
	case HyperParameterContinuous:
		if _, _, ok := h.floatRange(); !ok {
			return FieldHyperParameterRange, MsgContinuousRangeInvalid
		}
	case HyperParameterCategorical:
		if len(h.Values) == 0 {
			return FieldHyperParameterValues, MsgCategoricalValuesRequired
		}
	}
	return "", ""
}

// accepts reports whether v is a value of h's type that fits its range or
// choices. With a broken range or no choices only the type is checked, so
// that the problem is reported once, against the range or the values.
func (h HyperParameter) accepts(v string) bool {
	switch h.Type {
	case HyperParameterInteger:
		n, err := strconv.ParseInt(v, 10, 64)
		lo, hi, ok := h.intRange()
		return err == nil && (!ok || lo <= n && n <= hi)
	case HyperParameterContinuous:
		f, err := parseFiniteFloat(v)
		lo, hi, ok := h.floatRange()
		return err == nil && (!ok || lo <= f && f <= hi)
	case HyperParameterCategorical:
		return len(h.Values) == 0 || slices.Contains(h.Values, v)
	}
	return true
}

func (h HyperParameter) intRange() (lo, hi int64, ok bool) {
	lo, errLo := strconv.ParseInt(h.MinValue, 10, 64)
	hi, errHi := strconv.ParseInt(h.MaxValue, 10, 64)
	return lo, hi, errLo == nil && errHi == nil && lo <= hi
}

func (h HyperParameter) floatRange() (lo, hi float64, ok bool) {
	lo, errLo := parseFiniteFloat(h.MinValue)
	hi, errHi := parseFiniteFloat(h.MaxValue)
	return lo, hi, errLo == nil && errHi == nil && lo <= hi
}

// parseFiniteFloat parses a float, refusing NaN and infinities, which
// strconv accepts but no training job can use as a bound.
func parseFiniteFloat(s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, strconv.ErrSyntax
	}
	return f, err
}

func validateMetric(fields FieldErrors, i int, m MetricDefinition, seen map[string]bool) {
	switch {
	case m.Name == "":
		fields[FieldAt(FieldMetricName, i)] = MsgFieldRequired
	case utf8.RuneCountInString(m.Name) > MaxMetricNameLength:
		fields[FieldAt(FieldMetricName, i)] = MsgMetricNameTooLong
	case seen[m.Name]:
		fields[FieldAt(FieldMetricName, i)] = MsgMetricNameDuplicate
	}
	seen[m.Name] = true
	switch {
	case m.Regex == "":
		fields[FieldAt(FieldMetricRegex, i)] = MsgFieldRequired
	case utf8.RuneCountInString(m.Regex) > MaxMetricRegexLength:
		fields[FieldAt(FieldMetricRegex, i)] = MsgMetricRegexTooLong
	default:
		if _, err := regexp.Compile(m.Regex); err != nil {
			fields[FieldAt(FieldMetricRegex, i)] = MsgMetricRegexInvalid
		}
	}
}

// ValidResourceName reports whether name follows SageMaker's naming rule for
// model packages and algorithms: 1 to 63 characters matching
// ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$, that is letters, digits and hyphens,
// starting and ending with a letter or digit.
func ValidResourceName(name string) bool {
	if name == "" || len(name) > MaxResourceNameLength {
		return false
	}
	for _, r := range name {
		if !isASCIIAlnum(r) && r != '-' {
			return false
		}
	}
	return name[0] != '-' && name[len(name)-1] != '-'
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

// isMIMEType reports whether s is a bare media type "type/subtype", each
// part an RFC 2045 token. Parameters such as "; charset=utf-8" are refused:
// SageMaker matches content types as plain strings.
func isMIMEType(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && isMIMEToken(typ) && isMIMEToken(sub)
}

func isMIMEToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`()<>@,;:\"/[]?=`, r) {
			return false
		}
	}
	return true
}

// Region is an AWS Region where SageMaker runs.
type Region struct {
	Code string // e.g. "us-east-1"
	Name string // English name, e.g. "US East (N. Virginia)"
}

// Regions returns the commercial AWS Regions where SageMaker runs, in the
// order the AWS console lists them.
func Regions() []Region {
	return []Region{
		{"us-east-1", "US East (N. Virginia)"},
		{"us-east-2", "US East (Ohio)"},
		{"us-west-1", "US West (N. California)"},
		{"us-west-2", "US West (Oregon)"},
		{"af-south-1", "Africa (Cape Town)"},
		{"ap-east-1", "Asia Pacific (Hong Kong)"},
		{"ap-south-1", "Asia Pacific (Mumbai)"},
		{"ap-northeast-3", "Asia Pacific (Osaka)"},
		{"ap-northeast-2", "Asia Pacific (Seoul)"},
		{"ap-southeast-1", "Asia Pacific (Singapore)"},
		{"ap-southeast-2", "Asia Pacific (Sydney)"},
		{"ap-northeast-1", "Asia Pacific (Tokyo)"},
		{"ca-central-1", "Canada (Central)"},
		{"eu-central-1", "Europe (Frankfurt)"},
		{"eu-west-1", "Europe (Ireland)"},
		{"eu-west-2", "Europe (London)"},
		{"eu-south-1", "Europe (Milan)"},
		{"eu-west-3", "Europe (Paris)"},
		{"eu-north-1", "Europe (Stockholm)"},
		{"me-south-1", "Middle East (Bahrain)"},
		{"sa-east-1", "South America (São Paulo)"},
	}
}

// IsRegion reports whether code is one of Regions.
func IsRegion(code string) bool {
	return slices.ContainsFunc(Regions(), func(r Region) bool { return r.Code == code })
}

// instanceFamily is an ML instance family and the sizes SageMaker offers.
type instanceFamily struct {
	name  string
	sizes []string
}

// sharedFamilies returns the families offered for inference and training
// alike.
func sharedFamilies() []instanceFamily {
	return []instanceFamily{
		{"m4", []string{"xlarge", "2xlarge", "4xlarge", "10xlarge", "16xlarge"}},
		{"m5", []string{"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"}},
		{"m5d", []string{"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"}},
		{"c4", []string{"large", "xlarge", "2xlarge", "4xlarge", "8xlarge"}},
		{"c5", []string{"large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"}},
		{"c5d", []string{"large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"}},
		{"r5", []string{"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"}},
		{"g4dn", []string{"xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"}},
		{"g5", []string{"xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge", "48xlarge"}},
		{"p2", []string{"xlarge", "8xlarge", "16xlarge"}},
		{"p3", []string{"2xlarge", "8xlarge", "16xlarge"}},
		{"p4d", []string{"24xlarge"}},
	}
}

// InferenceInstanceTypes returns the ML instance types for real-time
// inference and batch transform: the shared families plus burstable t2 and
// the Inferentia chips, which cannot train.
func InferenceInstanceTypes() []string {
	families := []instanceFamily{{"t2", []string{"medium", "large", "xlarge", "2xlarge"}}}
	families = append(families, sharedFamilies()...)
	families = append(families,
		instanceFamily{"inf1", []string{"xlarge", "2xlarge", "6xlarge", "24xlarge"}},
		instanceFamily{"inf2", []string{"xlarge", "8xlarge", "24xlarge", "48xlarge"}},
	)
	return instanceTypes(families)
}

// TrainingInstanceTypes returns the ML instance types for training jobs:
// the shared families plus those offered for training only.
func TrainingInstanceTypes() []string {
	return instanceTypes(append(sharedFamilies(),
		instanceFamily{"c5n", []string{"xlarge", "2xlarge", "4xlarge", "9xlarge", "18xlarge"}},
		instanceFamily{"p3dn", []string{"24xlarge"}},
		instanceFamily{"trn1", []string{"2xlarge", "32xlarge"}},
	))
}

// instanceTypes spells out families' types in the order a person scans a
// picker: family by family, small to large.
func instanceTypes(families []instanceFamily) []string {
	var out []string
	for _, f := range families {
		for _, size := range f.sizes {
			out = append(out, "ml."+f.name+"."+size)
		}
	}
	return out
}

// IsInferenceInstanceType reports whether s is one of InferenceInstanceTypes.
func IsInferenceInstanceType(s string) bool { return slices.Contains(InferenceInstanceTypes(), s) }

// IsTrainingInstanceType reports whether s is one of TrainingInstanceTypes.
func IsTrainingInstanceType(s string) bool { return slices.Contains(TrainingInstanceTypes(), s) }
