package catalogdoc

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mlportal/portal/domain"
)

// Error codes of a refused change. The first group is AWS's (see the
// package documentation); the second is the portal's where AWS documents
// none.
const (
	CodeDuplicateVersionTitle            = "DUPLICATE_VERSION_TITLE"
	CodeInvalidAssetARN                  = "INVALID_ASSET_ARN"
	CodeDuplicateAsset                   = "DUPLICATE_ASSET"
	CodeAssetNotFound                    = "ASSET_NOT_FOUND"
	CodeIncompatibleDeliveryOptions      = "INCOMPATIBLE_DELIVERY_OPTIONS"
	CodeInvalidRecommendedInstanceType   = "INVALID_RECOMMENDED_INSTANCE_TYPE"
	CodeInvalidDeliveryOptionID          = "INVALID_DELIVERY_OPTION_ID"
	CodeIncompatibleDeliveryOptionStatus = "INCOMPATIBLE_DELIVERY_OPTION_STATUS"
	CodeIncompatibleProductStatus        = "INCOMPATIBLE_PRODUCT_STATUS"
	CodeFieldNotAllowedToChange          = "FIELD_NOT_ALLOWED_TO_CHANGE"
	CodeUpdatePricingRequired            = "UPDATE_PRICING_REQUIRED"

	CodeInvalidInput         = "INVALID_INPUT"
	CodeUnknownField         = "UNKNOWN_FIELD"
	CodeMissingRequiredField = "MISSING_REQUIRED_FIELD"
	CodeInvalidChangeType    = "INVALID_CHANGE_TYPE"
	CodeInvalidReference     = "INVALID_REFERENCE"
	CodeAccessDenied         = "ACCESS_DENIED"
	CodeResourceNotFound     = "RESOURCE_NOT_FOUND"
	CodeConflict             = "CONFLICT"
	CodeInternalFailure      = "INTERNAL_FAILURE"
)

// ChangeError is a change refused, in the shape of the errors
// DescribeChangeSet reports: an AWS-style code and a message that names
// the field, such as "Details.Description.ProductTitle: ...".
type ChangeError struct {
	Code    string
	Message string
}

// Error implements error.
func (e *ChangeError) Error() string { return e.Code + ": " + e.Message }

func changeErr(code, path, format string, args ...any) *ChangeError {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	return &ChangeError{Code: code, Message: msg}
}

// apiPaths renames the domain field paths whose Catalog API name differs;
// the others are the API's already (see domain/fields.go).
var apiPaths = map[string]string{
	domain.FieldPrivacy:            "Targeting.PositiveTargeting",
	domain.FieldAllowedAccounts:    "Targeting.PositiveTargeting.BuyerAccounts",
	domain.FieldVideoURL:           "VideoUrls[0]",
	domain.FieldKeywords:           "SearchKeywords",
	domain.FieldLogo:               "LogoUrl",
	domain.FieldSupportDescription: "SupportDescription",
	domain.FieldRestrictVersions:   "DeliveryOptionIds",
	domain.FieldEULA:               "Terms[LegalTerm].Documents",
	domain.FieldTrialDuration:      "Terms[FreeTrialPricingTerm].Duration",
}

// APIPath is the Catalog API path of a domain field path, under "Details.".
func APIPath(field string) string {
	pattern, indices := domain.FieldPattern(field)
	if p, ok := apiPaths[field]; ok {
		return "Details." + p
	}
	if rest, ok := strings.CutPrefix(field, "Terms.UsageBasedPricingTerm.RateCard["); ok {
		dim, _, _ := strings.Cut(rest, "]")
		use, typ, _ := strings.Cut(dim, ":")
		return "Details.Terms[UsageBasedPricingTerm].RateCards[0].RateCard[" + DimensionKey(domain.Use(use), typ) + "]"
	}
	switch pattern {
	case domain.FieldHighlight:
		return "Details." + domain.FieldAt("Highlights[]", indices...)
	case domain.FieldAdditionalResourceText, domain.FieldAdditionalResourceURL:
		return "Details." + strings.TrimPrefix(field, "PromotionalResources.")
	}
	for _, prefix := range []string{"Description.", "PromotionalResources.", "SupportInformation."} {
		if rest, ok := strings.CutPrefix(field, prefix); ok {
			return "Details." + rest // UpdateInformation is flat
		}
	}
	return "Details." + field
}

// awsMessages are AWS's published messages of its codes, shown before the
// portal's message ID (which the face may translate).
var awsMessages = map[string]string{
	CodeDuplicateVersionTitle:          "The version title must be different from any other version titles of this product.",
	CodeInvalidAssetARN:                "You didn't provide a valid ARN. Enter a valid ARN and try again.",
	CodeDuplicateAsset:                 "You didn't provide a unique ARN for this product. Enter a unique ARN and try again.",
	CodeAssetNotFound:                  "We couldn't locate the ARN you provided. Verify that the ARN is correct and has the required permissions.",
	CodeIncompatibleDeliveryOptions:    "The delivery option you provided doesn't match your previous selection.",
	CodeInvalidRecommendedInstanceType: "Provide an existing, available instance type.",
	CodeInvalidDeliveryOptionID:        "Provide delivery option IDs that can be found in the product.",
	CodeFieldNotAllowedToChange:        "This field is not allowed to be changed.",
	CodeUpdatePricingRequired:          "UpdatePricingTerms is required.",
}

// describe is the message of one field: AWS's where its code has one,
// with the portal's message ID.
func describe(field string, msg domain.Message) string {
	if m, ok := awsMessages[codeOf(field, msg)]; ok {
		return m + " (" + string(msg) + ")"
	}
	return string(msg)
}

// codeOf is the AWS code of one field's message, "" when AWS has none.
func codeOf(field string, msg domain.Message) string {
	switch msg {
	case domain.MsgVersionNumberTaken:
		return CodeDuplicateVersionTitle
	case domain.MsgARNMalformed, domain.MsgARNNotSageMaker, domain.MsgARNResourceType, domain.MsgARNForeignAccount,
		domain.MsgARNNotListable, domain.MsgARNNotAllowed:
		return CodeInvalidAssetARN
	case domain.MsgARNNotFound:
		return CodeAssetNotFound
	case domain.MsgARNInUse:
		return CodeDuplicateAsset
	case domain.MsgARNTypeMismatch:
		return CodeIncompatibleDeliveryOptions
	case domain.MsgVersionNumberFrozen:
		return CodeFieldNotAllowedToChange
	case domain.MsgVersionNotRestrictable, domain.MsgLastPublicVersion:
		return CodeInvalidDeliveryOptionID
	case domain.MsgAlreadyRemoved:
		return CodeIncompatibleProductStatus
	}
	switch field {
	case domain.FieldRecommendedRealtime, domain.FieldRecommendedBatch, domain.FieldRecommendedTraining:
		return CodeInvalidRecommendedInstanceType
	}
	if strings.HasPrefix(field, "Terms.UsageBasedPricingTerm.RateCard[") && msg == domain.MsgFieldRequired {
		return CodeUpdatePricingRequired
	}
	if msg == domain.MsgFieldRequired {
		return CodeMissingRequiredField
	}
	return ""
}

// FromDomain turns an error of the core into a *ChangeError: field errors
// keep their paths, in API names, and take AWS's code where one exists;
// a *ChangeError is returned as it is; nil stays nil.
func FromDomain(err error) error {
	if err == nil {
		return nil
	}
	var ce *ChangeError
	if errors.As(err, &ce) {
		return ce
	}
	e := domain.AsError(err)
	if len(e.Fields) > 0 {
		fields := make([]string, 0, len(e.Fields))
		for f := range e.Fields {
			fields = append(fields, f)
		}
		slices.Sort(fields)
		code := ""
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = APIPath(f) + ": " + describe(f, e.Fields[f])
			if c := codeOf(f, e.Fields[f]); code == "" || code == CodeMissingRequiredField && c != "" {
				code = c
			}
		}
		if code == "" {
			code = CodeInvalidInput
		}
		return &ChangeError{Code: code, Message: strings.Join(parts, "; ")}
	}
	msg := string(e.Message)
	switch e.Code {
	case domain.EINVALID:
		if c := codeOf("", e.Message); c != "" {
			return &ChangeError{Code: c, Message: msg}
		}
		return &ChangeError{Code: CodeInvalidInput, Message: msg}
	case domain.ECONFLICT:
		if e.Message == domain.MsgChangedSinceOpened {
			return &ChangeError{Code: CodeConflict, Message: msg}
		}
		if e.Message == domain.MsgRegionsFrozen {
			return &ChangeError{Code: CodeFieldNotAllowedToChange, Message: msg}
		}
		return &ChangeError{Code: CodeIncompatibleProductStatus, Message: msg}
	case domain.ENOTFOUND:
		return &ChangeError{Code: CodeResourceNotFound, Message: msg}
	case domain.EFORBIDDEN, domain.EUNAUTHORIZED:
		return &ChangeError{Code: CodeAccessDenied, Message: msg}
	}
	return &ChangeError{Code: CodeInternalFailure, Message: "internal error"}
}

// deliveryPaths are the Catalog API names of a version's domain fields, under
// the delivery option details of the change (see inDeliveryOption).
var deliveryPaths = map[string]string{
	"Details." + domain.FieldSampleOutputText:        "OutputProperties.SampleOutput.RealtimeInferenceText",
	"Details." + domain.FieldSampleOutputURL:         "OutputProperties.SampleOutput.RealtimeInferenceUrl",
	"Details." + domain.FieldTrainingDataDescription: "UsageInstructions",
	"Details." + domain.FieldAlgorithmOverview:       "UsageInstructions",
	"Details." + domain.FieldTrainingDataSampleURL:   "UsageInstructions",
}

// inDeliveryOption rewrites the paths of err that name a delivery option
// ("Details.DeliveryOption.…") as paths in the change's details: prefix is
// "Details.DeliveryOptions[0].Details.<kind>DeliveryOptionDetails", arnField
// the name of its ARN member.
func inDeliveryOption(err error, prefix, arnField string) error {
	var ce *ChangeError
	if !errors.As(err, &ce) || prefix == "" {
		return err
	}
	msg := ce.Message
	for from, to := range deliveryPaths {
		msg = strings.ReplaceAll(msg, from, prefix+"."+to)
	}
	msg = strings.ReplaceAll(msg, "Details."+domain.FieldResourceARN, prefix+"."+arnField)
	msg = strings.ReplaceAll(msg, "Details."+domain.FieldCustomAttributes, prefix+".InputProperties.SageMakerCustomAttributes")
	msg = strings.ReplaceAll(msg, "Details.DeliveryOption.", prefix+".")
	return &ChangeError{Code: ce.Code, Message: msg}
}
