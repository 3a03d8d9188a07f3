package catalogdoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The change types of MachineLearningProduct@1.0 that ParseChange reads,
// and the two Offer@1.0 change types that set an ML product's public offer.
const (
	TypeCreateProduct           = "CreateProduct"
	TypeUpdateInformation       = "UpdateInformation"
	TypeUpdateTargeting         = "UpdateTargeting"
	TypeAddDeliveryOptions      = "AddDeliveryOptions"
	TypeUpdateDeliveryOptions   = "UpdateDeliveryOptions"
	TypeRestrictDeliveryOptions = "RestrictDeliveryOptions"
	TypeUpdateVisibility        = "UpdateVisibility"
	TypeReleaseProduct          = "ReleaseProduct"
	TypeUpdatePricingTerms      = "UpdatePricingTerms"
	TypeUpdateLegalTerms        = "UpdateLegalTerms"
)

// Change is the Details of one change, parsed: one of the *Change types of
// this package.
type Change interface {
	// ChangeType is the Catalog API change type.
	ChangeType() string
	validate() *ChangeError
}

// CreateProduct starts a draft product.
type CreateProduct struct {
	ProductTitle *string `json:"ProductTitle,omitempty"`
}

// UpdateInformation changes the description, promotional resources and
// support description. Every field is optional: what is absent stays.
type UpdateInformation struct {
	ProductTitle        *string               `json:"ProductTitle,omitempty"`
	ShortDescription    *string               `json:"ShortDescription,omitempty"`
	LongDescription     *string               `json:"LongDescription,omitempty"`
	Sku                 *string               `json:"Sku,omitempty"`
	LogoUrl             *string               `json:"LogoUrl,omitempty"`
	VideoUrls           *[]string             `json:"VideoUrls,omitempty"`
	Highlights          *[]string             `json:"Highlights,omitempty"`
	AdditionalResources *[]AdditionalResource `json:"AdditionalResources,omitempty"`
	SupportDescription  *string               `json:"SupportDescription,omitempty"`
	Categories          *[]string             `json:"Categories,omitempty"`
	// AssociatedProducts is deprecated at AWS and refused.
	AssociatedProducts *[]string `json:"AssociatedProducts,omitempty"`
	SearchKeywords     *[]string `json:"SearchKeywords,omitempty"`
}

// AdditionalResource is a link of UpdateInformation.
type AdditionalResource struct {
	Text string `json:"Text"`
	Url  string `json:"Url"`
}

// UpdateTargeting sets the buyer accounts of a private product; an empty
// list makes it public again (while it may).
type UpdateTargeting struct {
	PositiveTargeting *PositiveTargeting `json:"PositiveTargeting"`
}

// PositiveTargeting lists the buyer accounts a product is offered to.
type PositiveTargeting struct {
	BuyerAccounts []string `json:"BuyerAccounts"`
}

// AddDeliveryOptions adds a version with its one delivery option.
type AddDeliveryOptions struct {
	Version         *VersionInfo        `json:"Version"`
	DeliveryOptions []AddDeliveryOption `json:"DeliveryOptions"`
}

// VersionInfo is the title and release notes of a version.
type VersionInfo struct {
	VersionTitle *string `json:"VersionTitle,omitempty"`
	ReleaseNotes *string `json:"ReleaseNotes,omitempty"`
}

// AddDeliveryOption is the delivery option of a new version.
type AddDeliveryOption struct {
	Details *AddDeliveryOptionDetails `json:"Details"`
}

// AddDeliveryOptionDetails holds exactly one of its fields.
type AddDeliveryOptionDetails struct {
	SageMakerModelPackageDeliveryOptionDetails *ModelPackageDetails `json:"SageMakerModelPackageDeliveryOptionDetails,omitempty"`
	SageMakerAlgorithmDeliveryOptionDetails    *AlgorithmDetails    `json:"SageMakerAlgorithmDeliveryOptionDetails,omitempty"`
}

// UsageDetails is what buyers read before they use a version; shared by
// both kinds of delivery option, new or updated.
type UsageDetails struct {
	UsageInstructions *string           `json:"UsageInstructions,omitempty"`
	SampleNotebookUrl *string           `json:"SampleNotebookUrl,omitempty"`
	RepositoryUrl     *string           `json:"RepositoryUrl,omitempty"`
	InputProperties   *InputProperties  `json:"InputProperties,omitempty"`
	OutputProperties  *OutputProperties `json:"OutputProperties,omitempty"`
}

// ModelPackageDetails is a new model package delivery option.
type ModelPackageDetails struct {
	SageMakerModelPackageArn *string `json:"SageMakerModelPackageArn"`
	AccessRoleArn            *string `json:"AccessRoleArn"`
	UsageDetails
	RecommendedInstanceTypes *ModelPackageInstanceTypes `json:"RecommendedInstanceTypes"`
}

// AlgorithmDetails is a new algorithm delivery option.
type AlgorithmDetails struct {
	SageMakerAlgorithmArn *string `json:"SageMakerAlgorithmArn"`
	AccessRoleArn         *string `json:"AccessRoleArn"`
	UsageDetails
	RecommendedInstanceTypes *AlgorithmInstanceTypes `json:"RecommendedInstanceTypes"`
}

// ModelPackageInstanceTypes are the recommended instance types of a model.
type ModelPackageInstanceTypes struct {
	BatchTransform    *string `json:"BatchTransform,omitempty"`
	RealtimeInference *string `json:"RealtimeInference,omitempty"`
}

// AlgorithmInstanceTypes are the recommended instance types of an
// algorithm.
type AlgorithmInstanceTypes struct {
	BatchTransform    *string `json:"BatchTransform,omitempty"`
	RealtimeInference *string `json:"RealtimeInference,omitempty"`
	Training          *string `json:"Training,omitempty"`
}

// InputProperties tells buyers what to send.
type InputProperties struct {
	Description               *string      `json:"Description,omitempty"`
	Limitations               *string      `json:"Limitations,omitempty"`
	SampleInput               *Sample      `json:"SampleInput,omitempty"`
	Parameters                *[]Parameter `json:"Parameters,omitempty"`
	SageMakerCustomAttributes *[]Parameter `json:"SageMakerCustomAttributes,omitempty"`
}

// OutputProperties tells buyers what they get back.
type OutputProperties struct {
	Description  *string            `json:"Description,omitempty"`
	SampleOutput *Sample            `json:"SampleOutput,omitempty"`
	Parameters   *[]OutputParameter `json:"Parameters,omitempty"`
}

// Sample is a sample input or output, as a URL or as text.
type Sample struct {
	RealtimeInferenceText *string `json:"RealtimeInferenceText,omitempty"`
	RealtimeInferenceUrl  *string `json:"RealtimeInferenceUrl,omitempty"`
	BatchTransformText    *string `json:"BatchTransformText,omitempty"`
	BatchTransformUrl     *string `json:"BatchTransformUrl,omitempty"`
}

// Parameter is an input parameter or a custom attribute.
type Parameter struct {
	Name        string `json:"Name"`
	Description string `json:"Description,omitempty"`
	Constraints string `json:"Constraints,omitempty"`
	Required    bool   `json:"Required,omitempty"`
}

// OutputParameter is a field of the output.
type OutputParameter struct {
	Name           string `json:"Name"`
	Description    string `json:"Description,omitempty"`
	AlwaysReturned bool   `json:"AlwaysReturned,omitempty"`
}

// UpdateDeliveryOptions changes a version's details. What is absent stays.
type UpdateDeliveryOptions struct {
	Version         *VersionInfo           `json:"Version,omitempty"`
	DeliveryOptions []UpdateDeliveryOption `json:"DeliveryOptions"`
}

// UpdateDeliveryOption names the delivery option to change.
type UpdateDeliveryOption struct {
	Id      string                       `json:"Id"`
	Details *UpdateDeliveryOptionDetails `json:"Details,omitempty"`
}

// UpdateDeliveryOptionDetails holds at most one of its fields.
type UpdateDeliveryOptionDetails struct {
	SageMakerModelPackageDeliveryOptionDetails *UpdateModelPackageDetails `json:"SageMakerModelPackageDeliveryOptionDetails,omitempty"`
	SageMakerAlgorithmDeliveryOptionDetails    *UpdateAlgorithmDetails    `json:"SageMakerAlgorithmDeliveryOptionDetails,omitempty"`
}

// UpdateModelPackageDetails changes a model package delivery option.
type UpdateModelPackageDetails struct {
	UsageDetails
	RecommendedInstanceTypes *ModelPackageInstanceTypes `json:"RecommendedInstanceTypes,omitempty"`
}

// UpdateAlgorithmDetails changes an algorithm delivery option.
type UpdateAlgorithmDetails struct {
	UsageDetails
	RecommendedInstanceTypes *AlgorithmInstanceTypes `json:"RecommendedInstanceTypes,omitempty"`
}

// RestrictDeliveryOptions restricts versions.
type RestrictDeliveryOptions struct {
	DeliveryOptionIds []string `json:"DeliveryOptionIds"`
}

// UpdateVisibility moves a product to Limited, Public or Restricted.
type UpdateVisibility struct {
	TargetVisibility     string  `json:"TargetVisibility"`
	ReplacementProductId *string `json:"ReplacementProductId,omitempty"`
}

// ReleaseProduct releases a product; it has no details.
type ReleaseProduct struct{}

// UpdatePricingTerms sets the pricing of the product's public offer.
type UpdatePricingTerms struct {
	PricingModel string `json:"PricingModel"`
	// Usage and FreeTrial are the terms of Terms, read by their Type.
	Usage     *UsageBasedPricingTerm `json:"-"`
	FreeTrial *FreeTrialPricingTerm  `json:"-"`
}

// UsageBasedPricingTerm is the hourly price of each dimension.
type UsageBasedPricingTerm struct {
	Type         string     `json:"Type"`
	CurrencyCode string     `json:"CurrencyCode"`
	RateCards    []RateCard `json:"RateCards"`
}

// RateCard is one rate card; ML products have exactly one.
type RateCard struct {
	RateCard []RateCardItem `json:"RateCard"`
}

// RateCardItem prices one dimension.
type RateCardItem struct {
	DimensionKey string      `json:"DimensionKey"`
	Price        json.Number `json:"Price"`
}

// FreeTrialPricingTerm is a free trial of the dimensions granted.
type FreeTrialPricingTerm struct {
	Type     string  `json:"Type"`
	Duration string  `json:"Duration"`
	Grants   []Grant `json:"Grants"`
}

// Grant names a dimension of a free trial.
type Grant struct {
	DimensionKey string `json:"DimensionKey"`
}

// UpdateLegalTerms sets the EULA of the product's public offer.
type UpdateLegalTerms struct {
	Terms []LegalTerm `json:"Terms"`
}

// LegalTerm holds the agreement documents.
type LegalTerm struct {
	Type      string          `json:"Type"`
	Documents []LegalDocument `json:"Documents"`
}

// LegalDocument is a standard or custom agreement.
type LegalDocument struct {
	Type    string `json:"Type"`
	Url     string `json:"Url,omitempty"`
	Version string `json:"Version,omitempty"`
}

// ChangeType implementations.
func (CreateProduct) ChangeType() string           { return TypeCreateProduct }
func (UpdateInformation) ChangeType() string       { return TypeUpdateInformation }
func (UpdateTargeting) ChangeType() string         { return TypeUpdateTargeting }
func (AddDeliveryOptions) ChangeType() string      { return TypeAddDeliveryOptions }
func (UpdateDeliveryOptions) ChangeType() string   { return TypeUpdateDeliveryOptions }
func (RestrictDeliveryOptions) ChangeType() string { return TypeRestrictDeliveryOptions }
func (UpdateVisibility) ChangeType() string        { return TypeUpdateVisibility }
func (ReleaseProduct) ChangeType() string          { return TypeReleaseProduct }
func (UpdatePricingTerms) ChangeType() string      { return TypeUpdatePricingTerms }
func (UpdateLegalTerms) ChangeType() string        { return TypeUpdateLegalTerms }

// ChangeTypes lists the change types ParseChange reads.
func ChangeTypes() []string {
	return []string{TypeCreateProduct, TypeUpdateInformation, TypeUpdateTargeting, TypeAddDeliveryOptions,
		TypeUpdateDeliveryOptions, TypeRestrictDeliveryOptions, TypeUpdateVisibility, TypeReleaseProduct,
		TypeUpdatePricingTerms, TypeUpdateLegalTerms}
}

// ParseChange reads the Details (or DetailsDocument) of one change
// strictly: an unknown field, a value of the wrong type, a missing
// required field or a value over AWS's limits is a *ChangeError naming the
// field, and so is an unknown change type. Empty details read as {}.
//
// details is the change's DetailsDocument, or the content of its Details
// string: the face decodes the string first. JSON field names match AWS's
// without regard to case, as encoding/json matches them; AWS's own
// UpdateDeliveryOptions example spells SagemakerModelPackageDeliveryOptionDetails.
func ParseChange(changeType string, details json.RawMessage) (Change, error) {
	var c Change
	switch changeType {
	case TypeCreateProduct:
		c = &CreateProduct{}
	case TypeUpdateInformation:
		c = &UpdateInformation{}
	case TypeUpdateTargeting:
		c = &UpdateTargeting{}
	case TypeAddDeliveryOptions:
		c = &AddDeliveryOptions{}
	case TypeUpdateDeliveryOptions:
		c = &UpdateDeliveryOptions{}
	case TypeRestrictDeliveryOptions:
		c = &RestrictDeliveryOptions{}
	case TypeUpdateVisibility:
		c = &UpdateVisibility{}
	case TypeReleaseProduct:
		c = &ReleaseProduct{}
	case TypeUpdatePricingTerms:
		return parsePricing(details)
	case TypeUpdateLegalTerms:
		c = &UpdateLegalTerms{}
	default:
		return nil, changeErr(CodeInvalidChangeType, "ChangeType", "%q is not a change type of %s", changeType, EntityType)
	}
	if err := decodeStrict(details, c, "Details"); err != nil {
		return nil, err
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeStrict decodes one JSON object into v, refusing unknown fields and
// trailing data.
func decodeStrict(data json.RawMessage, v any, path string) *ChangeError {
	if t := bytes.TrimSpace(data); len(t) == 0 || bytes.Equal(t, []byte("null")) {
		data = json.RawMessage("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			return changeErr(CodeInvalidInput, path, "unexpected data after the document")
		}
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		p := path
		if typeErr.Field != "" {
			p += "." + typeErr.Field
		}
		return changeErr(CodeInvalidInput, p, "expected %s, got %s", typeErr.Type, typeErr.Value)
	case errors.As(err, &syntaxErr):
		return changeErr(CodeInvalidInput, path, "malformed JSON at offset %d", syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return changeErr(CodeUnknownField, path, "unknown field %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return changeErr(CodeInvalidInput, path, "%s", strings.TrimPrefix(err.Error(), "json: "))
}

// Patterns of AWS's change type shapes.
var (
	textPattern         = regexp.MustCompile(`^\S+[\S\s]*`)
	httpsURLPattern     = regexp.MustCompile(`^https:\/\/(www\.)?[-a-zA-Z0-9@._]{1,256}\.[a-zA-Z0-9()]{2,63}\b([-a-zA-Z0-9@_+.\/]*)`)
	linkURLPattern      = regexp.MustCompile(`^https?:\/\/(www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{2,63}\b([-a-zA-Z0-9()@:%_+.~#?&\/=, ]*)$`)
	modelPackagePattern = regexp.MustCompile(`^arn:aws:sagemaker:[a-z0-9-]{4,24}:[0-9]{12}:model-package\/\S+$`) // AWS: \S{1,2048}, over RE2's repeat limit; see arnMax
	algorithmPattern    = regexp.MustCompile(`^arn:aws:sagemaker:[a-z0-9-]{4,24}:[0-9]{12}:algorithm\/\S+$`)     // AWS: \S{1,2048}, over RE2's repeat limit; see arnMax
	roleARNPattern      = regexp.MustCompile(`^arn:aws:iam::\d{12}:role(\/[A-Za-z0-9_+=,.@-]+)?$`)
	instancePattern     = regexp.MustCompile(`^\S{1,24}$`)
	printablePattern    = regexp.MustCompile(`^[ -~]+`)
	deliveryIDPattern   = regexp.MustCompile(`([a-f0-9]{8}(-[a-f0-9]{4}){4}[a-f0-9]{8})`)
	productIDPattern    = regexp.MustCompile(`^(prod-[a-zA-Z0-9]{13})|(prod-[a-zA-Z0-9]{25})|([0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$`)
	accountPattern      = regexp.MustCompile(`^[0-9]{12}$`)
	durationPattern     = regexp.MustCompile(`^P([0-9]{1,4})D$`)
)

// check collects the first problem found, in document order.
type check struct{ err *ChangeError }

func (c *check) fail(code, path, format string, args ...any) {
	if c.err == nil {
		c.err = changeErr(code, path, format, args...)
	}
}

// str checks an optional string: its length and, when given, its pattern.
func (c *check) str(path string, s *string, minLen, maxLen int, pattern *regexp.Regexp) {
	if s == nil {
		return
	}
	c.value(path, *s, minLen, maxLen, pattern)
}

// required checks a string AWS requires.
func (c *check) required(path string, s *string, maxLen int, pattern *regexp.Regexp) {
	if s == nil {
		c.fail(CodeMissingRequiredField, path, "is required")
		return
	}
	c.value(path, *s, 1, maxLen, pattern)
}

func (c *check) value(path, s string, minLen, maxLen int, pattern *regexp.Regexp) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < minLen && n == 0:
		c.fail(CodeMissingRequiredField, path, "must not be empty")
	case n < minLen:
		c.fail(CodeInvalidInput, path, "must have at least %d characters", minLen)
	case maxLen > 0 && n > maxLen:
		c.fail(CodeInvalidInput, path, "must have at most %d characters, has %d", maxLen, n)
	case pattern != nil && s != "" && !pattern.MatchString(s):
		c.fail(CodeInvalidInput, path, "does not match %s", pattern)
	}
}

// count checks a list's length.
func (c *check) count(path string, n, minN, maxN int) {
	switch {
	case n < minN:
		c.fail(CodeInvalidInput, path, "must have at least %d entries", minN)
	case n > maxN:
		c.fail(CodeInvalidInput, path, "must have at most %d entries, has %d", maxN, n)
	}
}

func (c *check) strings(path string, list *[]string, minN, maxN, maxLen int, pattern *regexp.Regexp) {
	if list == nil {
		return
	}
	c.count(path, len(*list), minN, maxN)
	for i, s := range *list {
		c.value(fmt.Sprintf("%s[%d]", path, i), s, 0, maxLen, pattern)
	}
}

func (u *CreateProduct) validate() *ChangeError {
	var c check
	c.str("Details.ProductTitle", u.ProductTitle, 1, 72, textPattern)
	return c.err
}

func (u *UpdateInformation) validate() *ChangeError {
	var c check
	const p = "Details."
	c.str(p+"ProductTitle", u.ProductTitle, 1, 72, textPattern)
	c.str(p+"ShortDescription", u.ShortDescription, 0, 1000, textPattern)
	c.str(p+"LongDescription", u.LongDescription, 0, 5000, textPattern)
	c.str(p+"Sku", u.Sku, 0, 5000, textPattern)
	c.str(p+"LogoUrl", u.LogoUrl, 0, 0, nil)
	c.strings(p+"VideoUrls", u.VideoUrls, 0, 1, 0, httpsURLPattern)
	c.strings(p+"Highlights", u.Highlights, 1, 3, 500, textPattern)
	if u.AdditionalResources != nil {
		c.count(p+"AdditionalResources", len(*u.AdditionalResources), 0, 3)
		for i, r := range *u.AdditionalResources {
			at := fmt.Sprintf("%sAdditionalResources[%d].", p, i)
			c.value(at+"Text", r.Text, 1, 500, textPattern)
			c.value(at+"Url", r.Url, 1, 0, linkURLPattern)
		}
	}
	c.str(p+"SupportDescription", u.SupportDescription, 0, 2000, textPattern)
	c.strings(p+"Categories", u.Categories, 1, 3, 0, nil)
	if u.AssociatedProducts != nil {
		c.fail(CodeInvalidInput, p+"AssociatedProducts", "is not supported for this change type")
	}
	c.strings(p+"SearchKeywords", u.SearchKeywords, 1, 15, 50, nil)
	return c.err
}

func (u *UpdateTargeting) validate() *ChangeError {
	var c check
	if u.PositiveTargeting == nil || u.PositiveTargeting.BuyerAccounts == nil {
		c.fail(CodeMissingRequiredField, "Details.PositiveTargeting.BuyerAccounts", "is required")
		return c.err
	}
	c.strings("Details.PositiveTargeting.BuyerAccounts", &u.PositiveTargeting.BuyerAccounts, 0, 100, 0, accountPattern)
	return c.err
}

func (u *AddDeliveryOptions) validate() *ChangeError {
	var c check
	if u.Version == nil {
		c.fail(CodeMissingRequiredField, "Details.Version", "is required")
		return c.err
	}
	c.required("Details.Version.VersionTitle", u.Version.VersionTitle, 64, textPattern)
	c.required("Details.Version.ReleaseNotes", u.Version.ReleaseNotes, 30000, textPattern)
	if len(u.DeliveryOptions) != 1 {
		c.fail(CodeInvalidInput, "Details.DeliveryOptions", "must have exactly 1 entry: a version has one delivery option")
		return c.err
	}
	d := u.DeliveryOptions[0].Details
	const at = "Details.DeliveryOptions[0].Details"
	switch {
	case d == nil:
		c.fail(CodeMissingRequiredField, at, "is required")
	case (d.SageMakerModelPackageDeliveryOptionDetails == nil) == (d.SageMakerAlgorithmDeliveryOptionDetails == nil):
		c.fail(CodeInvalidInput, at, "needs exactly one of SageMakerModelPackageDeliveryOptionDetails and SageMakerAlgorithmDeliveryOptionDetails")
	case d.SageMakerModelPackageDeliveryOptionDetails != nil:
		m := d.SageMakerModelPackageDeliveryOptionDetails
		p := at + ".SageMakerModelPackageDeliveryOptionDetails."
		c.required(p+"SageMakerModelPackageArn", m.SageMakerModelPackageArn, arnMax, modelPackagePattern)
		c.required(p+"AccessRoleArn", m.AccessRoleArn, 0, roleARNPattern)
		c.usage(p, &m.UsageDetails, true)
		if m.RecommendedInstanceTypes == nil {
			c.fail(CodeMissingRequiredField, p+"RecommendedInstanceTypes", "is required")
		} else {
			c.instances(p+"RecommendedInstanceTypes.", m.RecommendedInstanceTypes.BatchTransform,
				m.RecommendedInstanceTypes.RealtimeInference, nil, true)
		}
	default:
		a := d.SageMakerAlgorithmDeliveryOptionDetails
		p := at + ".SageMakerAlgorithmDeliveryOptionDetails."
		c.required(p+"SageMakerAlgorithmArn", a.SageMakerAlgorithmArn, arnMax, algorithmPattern)
		c.required(p+"AccessRoleArn", a.AccessRoleArn, 0, roleARNPattern)
		c.usage(p, &a.UsageDetails, true)
		if a.RecommendedInstanceTypes == nil {
			c.fail(CodeMissingRequiredField, p+"RecommendedInstanceTypes", "is required")
		} else {
			r := a.RecommendedInstanceTypes
			c.instances(p+"RecommendedInstanceTypes.", r.BatchTransform, r.RealtimeInference, r.Training, true)
			if r.Training == nil {
				c.fail(CodeMissingRequiredField, p+"RecommendedInstanceTypes.Training", "is required for algorithms")
			}
		}
	}
	return c.err
}

// usage checks the usage details; all is set when AWS requires every part
// (AddDeliveryOptions).
func (c *check) usage(p string, u *UsageDetails, all bool) {
	if all {
		c.required(p+"UsageInstructions", u.UsageInstructions, 10000, nil)
		c.required(p+"SampleNotebookUrl", u.SampleNotebookUrl, 2000, httpsURLPattern)
		c.required(p+"RepositoryUrl", u.RepositoryUrl, 2000, httpsURLPattern)
		if u.InputProperties == nil {
			c.fail(CodeMissingRequiredField, p+"InputProperties", "is required")
		}
		if u.OutputProperties == nil {
			c.fail(CodeMissingRequiredField, p+"OutputProperties", "is required")
		}
	} else {
		c.str(p+"UsageInstructions", u.UsageInstructions, 0, 10000, nil)
		c.str(p+"SampleNotebookUrl", u.SampleNotebookUrl, 0, 2000, httpsURLPattern)
		c.str(p+"RepositoryUrl", u.RepositoryUrl, 0, 2000, httpsURLPattern)
	}
	if in := u.InputProperties; in != nil {
		q := p + "InputProperties."
		c.str(q+"Description", in.Description, 1, 10000, nil)
		c.str(q+"Limitations", in.Limitations, 1, 1000, nil)
		c.sample(q+"SampleInput.", in.SampleInput)
		c.parameters(q+"Parameters", in.Parameters)
		c.parameters(q+"SageMakerCustomAttributes", in.SageMakerCustomAttributes)
	}
	if out := u.OutputProperties; out != nil {
		q := p + "OutputProperties."
		c.str(q+"Description", out.Description, 1, 10000, nil)
		c.sample(q+"SampleOutput.", out.SampleOutput)
		if out.Parameters != nil {
			c.count(q+"Parameters", len(*out.Parameters), 0, 35)
			for i, o := range *out.Parameters {
				at := fmt.Sprintf("%sParameters[%d].", q, i)
				c.value(at+"Name", o.Name, 1, 100, printablePattern)
				c.value(at+"Description", o.Description, 0, 1000, nil)
			}
		}
	}
}

func (c *check) sample(p string, s *Sample) {
	if s == nil {
		return
	}
	c.str(p+"RealtimeInferenceText", s.RealtimeInferenceText, 1, 10000, nil)
	c.str(p+"RealtimeInferenceUrl", s.RealtimeInferenceUrl, 0, 10000, httpsURLPattern)
	c.str(p+"BatchTransformText", s.BatchTransformText, 1, 10000, nil)
	c.str(p+"BatchTransformUrl", s.BatchTransformUrl, 0, 10000, httpsURLPattern)
}

func (c *check) parameters(p string, list *[]Parameter) {
	if list == nil {
		return
	}
	c.count(p, len(*list), 0, 35)
	for i, x := range *list {
		at := fmt.Sprintf("%s[%d].", p, i)
		c.value(at+"Name", x.Name, 1, 100, printablePattern)
		c.value(at+"Description", x.Description, 0, 1000, nil)
		c.value(at+"Constraints", x.Constraints, 0, 1500, nil)
	}
}

func (c *check) instances(p string, batch, realtime, training *string, all bool) {
	for _, f := range []struct {
		name  string
		value *string
	}{{"BatchTransform", batch}, {"RealtimeInference", realtime}, {"Training", training}} {
		if f.value == nil && all && f.name != "Training" {
			c.fail(CodeMissingRequiredField, p+f.name, "is required")
		}
		c.str(p+f.name, f.value, 1, 24, instancePattern)
	}
}

func (u *UpdateDeliveryOptions) validate() *ChangeError {
	var c check
	if v := u.Version; v != nil {
		c.str("Details.Version.VersionTitle", v.VersionTitle, 1, 64, textPattern)
		c.str("Details.Version.ReleaseNotes", v.ReleaseNotes, 1, 30000, textPattern)
	}
	if len(u.DeliveryOptions) != 1 {
		c.fail(CodeInvalidInput, "Details.DeliveryOptions", "must have exactly 1 entry")
		return c.err
	}
	o := u.DeliveryOptions[0]
	const at = "Details.DeliveryOptions[0]."
	c.value(at+"Id", o.Id, 1, 36, deliveryIDPattern)
	if d := o.Details; d != nil {
		switch {
		case d.SageMakerModelPackageDeliveryOptionDetails != nil && d.SageMakerAlgorithmDeliveryOptionDetails != nil:
			c.fail(CodeInvalidInput, at+"Details", "needs at most one kind of delivery option details")
		case d.SageMakerModelPackageDeliveryOptionDetails != nil:
			m := d.SageMakerModelPackageDeliveryOptionDetails
			p := at + "Details.SageMakerModelPackageDeliveryOptionDetails."
			c.usage(p, &m.UsageDetails, false)
			if r := m.RecommendedInstanceTypes; r != nil {
				c.instances(p+"RecommendedInstanceTypes.", r.BatchTransform, r.RealtimeInference, nil, false)
			}
		case d.SageMakerAlgorithmDeliveryOptionDetails != nil:
			a := d.SageMakerAlgorithmDeliveryOptionDetails
			p := at + "Details.SageMakerAlgorithmDeliveryOptionDetails."
			c.usage(p, &a.UsageDetails, false)
			if r := a.RecommendedInstanceTypes; r != nil {
				c.instances(p+"RecommendedInstanceTypes.", r.BatchTransform, r.RealtimeInference, r.Training, false)
			}
		}
	}
	return c.err
}

func (u *RestrictDeliveryOptions) validate() *ChangeError {
	var c check
	if u.DeliveryOptionIds == nil {
		c.fail(CodeMissingRequiredField, "Details.DeliveryOptionIds", "is required")
		return c.err
	}
	c.strings("Details.DeliveryOptionIds", &u.DeliveryOptionIds, 1, 50, 36, nil)
	return c.err
}

// The visibilities UpdateVisibility moves a product to.
const (
	VisibilityLimited    = "Limited"
	VisibilityPublic     = "Public"
	VisibilityRestricted = "Restricted"
)

func (u *UpdateVisibility) validate() *ChangeError {
	var c check
	switch u.TargetVisibility {
	case VisibilityLimited, VisibilityPublic, VisibilityRestricted:
	case "":
		c.fail(CodeMissingRequiredField, "Details.TargetVisibility", "is required")
	default:
		c.fail(CodeInvalidInput, "Details.TargetVisibility", "must be one of Public, Restricted, Limited")
	}
	c.str("Details.ReplacementProductId", u.ReplacementProductId, 1, 0, productIDPattern)
	if u.ReplacementProductId != nil && u.TargetVisibility != VisibilityRestricted {
		c.fail(CodeInvalidInput, "Details.ReplacementProductId", "is only for a TargetVisibility of Restricted")
	}
	return c.err
}

func (*ReleaseProduct) validate() *ChangeError { return nil }

// The pricing models and term types of ML products' offers.
const (
	PricingModelFree      = "Free"
	PricingModelUsage     = "Usage"
	PricingModelContract  = "Contract"
	TermUsageBasedPricing = "UsageBasedPricingTerm"
	TermFreeTrialPricing  = "FreeTrialPricingTerm"
	TermLegal             = "LegalTerm"
)

// parsePricing reads UpdatePricingTerms, whose Terms are told apart by
// their Type.
func parsePricing(details json.RawMessage) (Change, error) {
	var raw struct {
		PricingModel string            `json:"PricingModel"`
		Terms        []json.RawMessage `json:"Terms"`
	}
	if err := decodeStrict(details, &raw, "Details"); err != nil {
		return nil, err
	}
	u := &UpdatePricingTerms{PricingModel: raw.PricingModel}
	for i, t := range raw.Terms {
		at := fmt.Sprintf("Details.Terms[%d]", i)
		var head struct {
			Type string `json:"Type"`
		}
		if err := json.Unmarshal(t, &head); err != nil {
			return nil, changeErr(CodeInvalidInput, at, "must be an object with a Type")
		}
		var err *ChangeError
		switch {
		case head.Type == TermUsageBasedPricing && u.Usage == nil:
			u.Usage = &UsageBasedPricingTerm{}
			err = decodeStrict(t, u.Usage, at)
		case head.Type == TermFreeTrialPricing && u.FreeTrial == nil:
			u.FreeTrial = &FreeTrialPricingTerm{}
			err = decodeStrict(t, u.FreeTrial, at)
		case head.Type == TermUsageBasedPricing || head.Type == TermFreeTrialPricing:
			err = changeErr(CodeInvalidInput, at+".Type", "%s is given twice", head.Type)
		default:
			err = changeErr(CodeInvalidInput, at+".Type", "must be %s or %s for a machine learning product's public offer",
				TermUsageBasedPricing, TermFreeTrialPricing)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := u.validate(); err != nil {
		return nil, err
	}
	return u, nil
}

func (u *UpdatePricingTerms) validate() *ChangeError {
	var c check
	switch u.PricingModel {
	case PricingModelFree:
		if u.Usage != nil || u.FreeTrial != nil {
			c.fail(CodeInvalidInput, "Details.Terms", "a Free pricing model takes no pricing terms")
		}
	case PricingModelUsage:
		if u.Usage == nil {
			c.fail(CodeMissingRequiredField, "Details.Terms", "a Usage pricing model needs a %s", TermUsageBasedPricing)
			return c.err
		}
		if u.Usage.CurrencyCode != "USD" {
			c.fail(CodeInvalidInput, "Details.Terms[UsageBasedPricingTerm].CurrencyCode", "must be USD")
		}
		if len(u.Usage.RateCards) != 1 {
			c.fail(CodeInvalidInput, "Details.Terms[UsageBasedPricingTerm].RateCards", "must have exactly 1 rate card")
			return c.err
		}
		for i, item := range u.Usage.RateCards[0].RateCard {
			at := fmt.Sprintf("Details.Terms[UsageBasedPricingTerm].RateCards[0].RateCard[%d].", i)
			c.value(at+"DimensionKey", item.DimensionKey, 1, 0, nil)
			if item.Price == "" {
				c.fail(CodeMissingRequiredField, at+"Price", "is required")
			}
		}
		if t := u.FreeTrial; t != nil {
			if !durationPattern.MatchString(t.Duration) {
				c.fail(CodeInvalidInput, "Details.Terms[FreeTrialPricingTerm].Duration", "must be a number of days such as P30D")
			}
			if len(t.Grants) == 0 {
				c.fail(CodeMissingRequiredField, "Details.Terms[FreeTrialPricingTerm].Grants", "is required")
			}
		}
	case PricingModelContract:
		c.fail(CodeInvalidInput, "Details.PricingModel", "Contract pricing is for private offers, not a product's public offer")
	case "":
		c.fail(CodeMissingRequiredField, "Details.PricingModel", "is required")
	default:
		c.fail(CodeInvalidInput, "Details.PricingModel", "must be Free or Usage")
	}
	return c.err
}

// The agreement documents of a legal term.
const (
	DocumentStandardEula = "StandardEula"
	DocumentCustomEula   = "CustomEula"
)

func (u *UpdateLegalTerms) validate() *ChangeError {
	var c check
	if len(u.Terms) != 1 {
		c.fail(CodeInvalidInput, "Details.Terms", "must have exactly 1 %s", TermLegal)
		return c.err
	}
	t := u.Terms[0]
	if t.Type != TermLegal {
		c.fail(CodeInvalidInput, "Details.Terms[0].Type", "must be %s", TermLegal)
	}
	if len(t.Documents) != 1 {
		c.fail(CodeInvalidInput, "Details.Terms[0].Documents", "must have exactly 1 document: the EULA")
		return c.err
	}
	d := t.Documents[0]
	switch d.Type {
	case DocumentStandardEula:
	case DocumentCustomEula:
		c.value("Details.Terms[0].Documents[0].Url", d.Url, 1, 0, nil)
	default:
		c.fail(CodeInvalidInput, "Details.Terms[0].Documents[0].Type", "must be %s or %s", DocumentStandardEula, DocumentCustomEula)
	}
	return c.err
}

// arnMax bounds a resource ARN: AWS allows a 2048-character resource name
// after the prefix, which is at most 75 characters.
const arnMax = 2048 + 75
