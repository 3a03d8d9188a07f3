package domain

import (
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The shapes below follow the JSON of SageMaker's DescribeModelPackage and
// DescribeAlgorithm responses. Go field names equal the JSON names, so no
// tags are needed; fields the portal has no use for are left out, and
// encoding/json ignores them.

type describeInferenceSpec struct {
	SupportedTransformInstanceTypes         []string
	SupportedRealtimeInferenceInstanceTypes []string
	SupportedContentTypes                   []string
	SupportedResponseMIMETypes              []string
}

type describeStatusDetails struct {
	ValidationStatuses []struct {
		Name          string
		Status        string
		FailureReason string
	}
}

type describeModelPackage struct {
	ModelPackageName          string
	ModelPackageArn           string
	ModelPackageDescription   string
	ModelPackageStatus        string
	ModelPackageStatusDetails describeStatusDetails
	// CreationTime is a number of seconds in the raw API but an ISO 8601
	// string in the AWS CLI's output; both get pasted.
	CreationTime           json.RawMessage
	InferenceSpecification *describeInferenceSpec
	CertifyForMarketplace  bool
}

type describeAlgorithm struct {
	AlgorithmName          string
	AlgorithmArn           string
	AlgorithmDescription   string
	AlgorithmStatus        string
	AlgorithmStatusDetails describeStatusDetails
	CreationTime           json.RawMessage
	TrainingSpecification  *describeTrainingSpec
	InferenceSpecification *describeInferenceSpec
	CertifyForMarketplace  bool
}

type describeTrainingSpec struct {
	SupportedTrainingInstanceTypes []string
	SupportsDistributedTraining    bool
	SupportedHyperParameters       []describeHyperParameter
	MetricDefinitions              []MetricDefinition
	TrainingChannels               []describeChannel
}

type describeHyperParameter struct {
	Name         string
	Description  string
	Type         string
	IsTunable    bool
	IsRequired   bool
	DefaultValue string
	Range        struct {
		IntegerParameterRangeSpecification     *describeRange
		ContinuousParameterRangeSpecification  *describeRange
		CategoricalParameterRangeSpecification *struct{ Values []string }
	}
}

type describeRange struct{ MinValue, MaxValue string }

type describeChannel struct {
	Name                      string
	Description               string
	IsRequired                bool
	SupportedContentTypes     []string
	SupportedCompressionTypes []string
	SupportedInputModes       []string
}

// ImportModelPackage reads the JSON of a DescribeModelPackage response, as
// printed by "aws sagemaker describe-model-package", into a normalized,
// valid model package of accountID. Problems with the JSON come back as
// EINVALID errors with one of the MsgImport messages; a resource that
// breaks a rule comes back as Validate's error. Either way
// Fields[FieldDescribeOutput] holds a message to show beside the pasted text.
func ImportModelPackage(raw string, accountID string) (SageMakerResource, error) {
	var in describeModelPackage
	if err := decodeDescribeOutput(raw, &in); err != nil {
		return SageMakerResource{}, err
	}
	if field := missingModelPackageField(in); field != "" {
		return SageMakerResource{}, importMissing(field)
	}
	arn, err := checkImportARN(in.ModelPackageArn, "ModelPackageArn", KindModelPackage, in.ModelPackageName, accountID)
	if err != nil {
		return SageMakerResource{}, err
	}
	created, err := importCreationTime(raw, in.CreationTime)
	if err != nil {
		return SageMakerResource{}, err
	}
	r := SageMakerResource{
		AccountID:               accountID,
		Kind:                    KindModelPackage,
		Name:                    in.ModelPackageName,
		Description:             in.ModelPackageDescription,
		Region:                  arn.Region,
		CertifiedForMarketplace: in.CertifyForMarketplace,
		ValidationStatus:        importValidationStatus(in.ModelPackageStatusDetails, in.ModelPackageStatus),
		CreatedAt:               created,
	}
	r.setInference(in.InferenceSpecification)
	return finishImport(r)
}

// ImportAlgorithm reads the JSON of a DescribeAlgorithm response, as printed
// by "aws sagemaker describe-algorithm", into a normalized, valid algorithm
// of accountID. Errors are as for ImportModelPackage.
func ImportAlgorithm(raw string, accountID string) (SageMakerResource, error) {
	var in describeAlgorithm
	if err := decodeDescribeOutput(raw, &in); err != nil {
		return SageMakerResource{}, err
	}
	if field := missingAlgorithmField(in); field != "" {
		return SageMakerResource{}, importMissing(field)
	}
	arn, err := checkImportARN(in.AlgorithmArn, "AlgorithmArn", KindAlgorithm, in.AlgorithmName, accountID)
	if err != nil {
		return SageMakerResource{}, err
	}
	created, err := importCreationTime(raw, in.CreationTime)
	if err != nil {
		return SageMakerResource{}, err
	}
	r := SageMakerResource{
		AccountID:               accountID,
		Kind:                    KindAlgorithm,
		Name:                    in.AlgorithmName,
		Description:             in.AlgorithmDescription,
		Region:                  arn.Region,
		CertifiedForMarketplace: in.CertifyForMarketplace,
		ValidationStatus:        importValidationStatus(in.AlgorithmStatusDetails, in.AlgorithmStatus),
		CreatedAt:               created,
	}
	r.setInference(in.InferenceSpecification)
	r.setTraining(in.TrainingSpecification)
	return finishImport(r)
}

func missingModelPackageField(in describeModelPackage) string {
	switch {
	case strings.TrimSpace(in.ModelPackageName) == "":
		return "ModelPackageName"
	case strings.TrimSpace(in.ModelPackageArn) == "":
		return "ModelPackageArn"
	}
	return missingInferenceField(in.InferenceSpecification)
}

func missingAlgorithmField(in describeAlgorithm) string {
	switch {
	case strings.TrimSpace(in.AlgorithmName) == "":
		return "AlgorithmName"
	case strings.TrimSpace(in.AlgorithmArn) == "":
		return "AlgorithmArn"
	case in.TrainingSpecification == nil:
		return "TrainingSpecification"
	case in.TrainingSpecification.SupportedTrainingInstanceTypes == nil:
		return "TrainingSpecification.SupportedTrainingInstanceTypes"
	}
	return missingInferenceField(in.InferenceSpecification)
}

// missingInferenceField names the first absent part of an inference
// specification. A list that is present but empty is not missing: Validate
// reports it against the resource's field instead.
func missingInferenceField(spec *describeInferenceSpec) string {
	const p = "InferenceSpecification"
	switch {
	case spec == nil:
		return p
	case spec.SupportedRealtimeInferenceInstanceTypes == nil:
		return p + ".SupportedRealtimeInferenceInstanceTypes"
	case spec.SupportedTransformInstanceTypes == nil:
		return p + ".SupportedTransformInstanceTypes"
	case spec.SupportedContentTypes == nil:
		return p + ".SupportedContentTypes"
	case spec.SupportedResponseMIMETypes == nil:
		return p + ".SupportedResponseMIMETypes"
	}
	return ""
}

func (r *SageMakerResource) setInference(spec *describeInferenceSpec) {
	r.RealtimeInstanceTypes = spec.SupportedRealtimeInferenceInstanceTypes
	r.BatchInstanceTypes = spec.SupportedTransformInstanceTypes
	r.ContentTypes = spec.SupportedContentTypes
	r.ResponseMIMETypes = spec.SupportedResponseMIMETypes
}

func (r *SageMakerResource) setTraining(spec *describeTrainingSpec) {
	r.TrainingInstanceTypes = spec.SupportedTrainingInstanceTypes
	r.SupportsDistributedTraining = spec.SupportsDistributedTraining
	r.MetricDefinitions = spec.MetricDefinitions
	for _, c := range spec.TrainingChannels {
		r.TrainingChannels = append(r.TrainingChannels, TrainingChannel{
			Name:             c.Name,
			Description:      c.Description,
			Required:         c.IsRequired,
			ContentTypes:     c.SupportedContentTypes,
			CompressionTypes: c.SupportedCompressionTypes,
			InputModes:       c.SupportedInputModes,
		})
	}
	for _, h := range spec.SupportedHyperParameters {
		r.HyperParameters = append(r.HyperParameters, h.toDomain())
	}
}

// toDomain takes the bounds from whichever range SageMaker gave, so that a
// range of the wrong kind is reported by Validate rather than lost.
func (h describeHyperParameter) toDomain() HyperParameter {
	out := HyperParameter{
		Name:         h.Name,
		Description:  h.Description,
		Type:         HyperParameterType(h.Type),
		DefaultValue: h.DefaultValue,
		Tunable:      h.IsTunable,
		Required:     h.IsRequired,
	}
	bounds := h.Range.IntegerParameterRangeSpecification
	if bounds == nil {
		bounds = h.Range.ContinuousParameterRangeSpecification
	}
	if bounds != nil {
		out.MinValue, out.MaxValue = bounds.MinValue, bounds.MaxValue
	}
	if c := h.Range.CategoricalParameterRangeSpecification; c != nil {
		out.Values = c.Values
	}
	return out
}

// importValidationStatus prefers the status of SageMaker's validation jobs;
// without one, a resource that finished creating counts as validated, since
// SageMaker only records validation statuses when validation was asked for.
func importValidationStatus(details describeStatusDetails, status string) ValidationStatus {
	if len(details.ValidationStatuses) > 0 {
		return ValidationStatus(details.ValidationStatuses[0].Status)
	}
	if status == "Completed" {
		return ValidationCompleted
	}
	return ValidationNotStarted
}

// finishImport normalizes and validates an imported resource. A rule broken
// by the resource is returned with all its field messages; the first of
// them, by field path, also goes beside the pasted text.
func finishImport(r SageMakerResource) (SageMakerResource, error) {
	r.Normalize()
	if err := r.Validate(); err != nil {
		e := AsError(err)
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		// Name the JSON field that broke the rule, and the rule itself.
		e.Message = MsgImportFieldInvalid
		e.Data = map[string]any{"Field": importFieldPath(r.Kind, keys[0]), "Rule": string(e.Fields[keys[0]])}
		e.Fields[FieldDescribeOutput] = MsgImportFieldInvalid
		return SageMakerResource{}, e
	}
	return r, nil
}

// decodeDescribeOutput unmarshals raw into dst, turning each way it can
// fail into an import error.
func decodeDescribeOutput(raw string, dst any) error {
	if strings.TrimSpace(raw) == "" {
		return importError(MsgImportEmpty, nil, nil)
	}
	err := json.Unmarshal([]byte(raw), dst)
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syntaxErr):
		line, col := importPosition(raw, syntaxErr.Offset)
		return importError(MsgImportInvalidJSON, map[string]any{"Line": line, "Column": col}, err)
	case errors.As(err, &typeErr) && typeErr.Field == "":
		// The whole document is of the wrong type, e.g. an array.
		return importError(MsgImportNotObject, nil, err)
	case errors.As(err, &typeErr):
		return importWrongType(raw, typeErr.Field, typeErr.Offset, err)
	}
	return importError(MsgImportInvalidJSON, nil, err)
}

// checkImportARN checks that the ARN names a resource of kind called name in
// accountID, and returns its parts.
func checkImportARN(raw, field string, kind ResourceKind, name, accountID string) (ResourceARN, error) {
	data := map[string]any{"Field": field}
	arn, ok := ParseResourceARN(strings.TrimSpace(raw))
	switch {
	case !ok:
		return arn, importError(MsgImportARNInvalid, data, nil)
	case arn.Kind != kind:
		return arn, importError(MsgImportARNWrongKind, data, nil)
	case arn.AccountID != accountID:
		data["AccountID"] = arn.AccountID
		return arn, importError(MsgImportForeignAccount, data, nil)
	case !strings.EqualFold(arn.Name, strings.TrimSpace(name)):
		// SageMaker writes some names in lower case in ARNs, so case
		// alone is no mismatch.
		return arn, importError(MsgImportARNMismatch, data, nil)
	}
	return arn, nil
}

// importCreationTime reads CreationTime as seconds since the epoch or as an
// RFC 3339 string. It is optional: a missing one gives the zero time.
func importCreationTime(raw string, value json.RawMessage) (time.Time, error) {
	if len(value) == 0 || string(value) == "null" {
		return time.Time{}, nil
	}
	var seconds float64
	if json.Unmarshal(value, &seconds) == nil {
		whole, frac := math.Modf(seconds)
		return time.Unix(int64(whole), int64(frac*1e9)).UTC(), nil
	}
	var s string
	if json.Unmarshal(value, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, importWrongType(raw, "CreationTime", topLevelValueEnd(raw, "CreationTime"), nil)
}

// topLevelValueEnd returns the offset just past the value of a top-level
// key, the way encoding/json reports offsets in its type errors, or 0.
func topLevelValueEnd(raw, key string) int64 {
	dec := json.NewDecoder(strings.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return 0
	}
	var end int64
	for dec.More() {
		k, err := dec.Token()
		var value json.RawMessage
		if err != nil || dec.Decode(&value) != nil {
			return end
		}
		if k == key {
			end = dec.InputOffset() // the last one wins, as in json.Unmarshal
		}
	}
	return end
}

func importMissing(field string) *Error {
	return importError(MsgImportMissingField, map[string]any{"Field": field}, nil)
}

// importWrongType reports a value of the wrong JSON type. offset is where
// encoding/json stopped reading: just past the value, or just inside it for
// an object or array.
func importWrongType(raw, field string, offset int64, cause error) *Error {
	line, col := importPosition(raw, offset)
	return importError(MsgImportWrongType, map[string]any{"Field": field, "Line": line, "Column": col}, cause)
}

// importError builds an EINVALID error whose message is shown both at the
// top of the page and beside the pasted text.
func importError(msg Message, data map[string]any, cause error) *Error {
	return &Error{Code: EINVALID, Message: msg, Data: data, Fields: FieldErrors{FieldDescribeOutput: msg}, Err: cause}
}

// importPosition turns an encoding/json offset, the count of bytes read up
// to and including the offending one, into the 1-based line and column of
// that byte as an editor shows them, counting characters rather than bytes.
func importPosition(raw string, offset int64) (line, column int) {
	at := int(min(max(offset-1, 0), int64(len(raw))))
	before := raw[:at]
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return strings.Count(before, "\n") + 1, utf8.RuneCountInString(before[lineStart:]) + 1
}

// importFieldPath turns the field path of a validation error into the path
// of the field in a Describe… response, so the seller knows what to fix in
// the JSON.
func importFieldPath(kind ResourceKind, path string) string {
	name := "ModelPackage"
	if kind == KindAlgorithm {
		name = "Algorithm"
	}
	paths := map[string]string{
		FieldResourceName:          name + "Name",
		FieldResourceDescription:   name + "Description",
		FieldResourceRegion:        name + "Arn",
		FieldValidationStatus:      name + "StatusDetails.ValidationStatuses",
		FieldRealtimeInstanceTypes: "InferenceSpecification.SupportedRealtimeInferenceInstanceTypes",
		FieldBatchInstanceTypes:    "InferenceSpecification.SupportedTransformInstanceTypes",
		FieldContentTypes:          "InferenceSpecification.SupportedContentTypes",
		FieldResponseMIMETypes:     "InferenceSpecification.SupportedResponseMIMETypes",
		FieldTrainingInstanceTypes: "TrainingSpecification.SupportedTrainingInstanceTypes",
		FieldTrainingChannels:      "TrainingSpecification.TrainingChannels",
	}
	if p, ok := paths[path]; ok {
		return p
	}
	lists := map[string]string{
		FieldTrainingChannels:  "TrainingSpecification.TrainingChannels",
		FieldHyperParameters:   "TrainingSpecification.SupportedHyperParameters",
		FieldMetricDefinitions: "TrainingSpecification.MetricDefinitions",
	}
	pattern, indices := FieldPattern(path)
	for list, json := range lists {
		if strings.HasPrefix(pattern, list+"[]") && len(indices) > 0 {
			return json + "[" + strconv.Itoa(indices[0]) + "]"
		}
	}
	return path
}
