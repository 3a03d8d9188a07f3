package catalogdoc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mlportal/portal/domain"
)

// EntityType is the Catalog API entity type of a listing, with its version.
const EntityType = domain.EntityTypeMachineLearningProduct + "@1.0"

// MachineLearningProduct is the DetailsDocument DescribeEntity returns for
// a MachineLearningProduct@1.0 (AWS's MachineLearningProductEntityDetail).
type MachineLearningProduct struct {
	Versions             []Version            `json:"Versions"`
	Description          Description          `json:"Description"`
	PromotionalResources PromotionalResources `json:"PromotionalResources"`
	SupportInformation   SupportInformation   `json:"SupportInformation"`
	Dimensions           []Dimension          `json:"Dimensions"`
	Targeting            Targeting            `json:"Targeting"`
	RegionAvailability   RegionAvailability   `json:"RegionAvailability"`
}

// Description is the product's general information and visibility.
type Description struct {
	ProductTitle     string   `json:"ProductTitle,omitempty"`
	ProductCode      string   `json:"ProductCode,omitempty"`
	ShortDescription string   `json:"ShortDescription,omitempty"`
	LongDescription  string   `json:"LongDescription,omitempty"`
	Sku              string   `json:"Sku,omitempty"`
	Highlights       []string `json:"Highlights,omitempty"`
	SearchKeywords   []string `json:"SearchKeywords,omitempty"`
	// Visibility is Draft, Limited, Public or Restricted.
	Visibility           string   `json:"Visibility"`
	ProductState         string   `json:"ProductState,omitempty"`
	ReplacementProductId string   `json:"ReplacementProductId,omitempty"`
	Categories           []string `json:"Categories,omitempty"`
}

// PromotionalResources is the logo, video and links.
type PromotionalResources struct {
	LogoUrl             string               `json:"LogoUrl,omitempty"`
	Videos              []Video              `json:"Videos,omitempty"`
	AdditionalResources []EntityResourceLink `json:"AdditionalResources,omitempty"`
}

// Video is a product video.
type Video struct {
	Type  string `json:"Type"`
	Title string `json:"Title,omitempty"`
	Url   string `json:"Url"`
}

// EntityResourceLink is an additional resource as DescribeEntity shows it.
type EntityResourceLink struct {
	Type string `json:"Type"`
	Text string `json:"Text"`
	Url  string `json:"Url"`
}

// SupportInformation is the support description.
type SupportInformation struct {
	Description string `json:"Description,omitempty"`
}

// Dimension is a pricing dimension; AWS generates one for each supported
// instance type and use of an ML product.
type Dimension struct {
	Name        string   `json:"Name"`
	Description string   `json:"Description"`
	Key         string   `json:"Key"`
	Unit        string   `json:"Unit"`
	Types       []string `json:"Types"`
}

// Targeting is who may see the product while it is Limited.
type Targeting struct {
	PositiveTargeting *EntityPositiveTargeting `json:"PositiveTargeting,omitempty"`
}

// EntityPositiveTargeting lists the accounts allowed to see the product in test.
type EntityPositiveTargeting struct {
	BuyerAccounts []string `json:"BuyerAccounts"`
}

// RegionAvailability is where buyers can use the product.
type RegionAvailability struct {
	Regions             []string `json:"Regions"`
	FutureRegionSupport string   `json:"FutureRegionSupport"`
	Restrict            []string `json:"Restrict,omitempty"`
}

// Version is one version of the product.
type Version struct {
	Id              string           `json:"Id"`
	ReleaseNotes    string           `json:"ReleaseNotes,omitempty"`
	VersionTitle    string           `json:"VersionTitle,omitempty"`
	CreationDate    string           `json:"CreationDate"`
	Sources         []Source         `json:"Sources"`
	DeliveryOptions []DeliveryOption `json:"DeliveryOptions"`
}

// Source is the SageMaker resource a version delivers.
type Source struct {
	Type            string `json:"Type"`
	Id              string `json:"Id"`
	ModelPackageArn string `json:"ModelPackageArn,omitempty"`
	AlgorithmArn    string `json:"AlgorithmArn,omitempty"`
}

// DeliveryOption is how buyers use a version.
type DeliveryOption struct {
	Id               string       `json:"Id"`
	Type             string       `json:"Type"`
	SourceId         string       `json:"SourceId"`
	Title            string       `json:"Title,omitempty"`
	ShortDescription string       `json:"ShortDescription,omitempty"`
	Instructions     Instructions `json:"Instructions"`
	// Visibility is Limited, Public or Restricted, and Draft before the
	// version's first submission.
	Visibility               string                   `json:"Visibility"`
	RecommendedInstanceTypes RecommendedInstanceTypes `json:"RecommendedInstanceTypes"`
	SupportedInstanceTypes   *SupportedInstanceTypes  `json:"SupportedInstanceTypes,omitempty"`
}

// Instructions is the usage information of a delivery option.
type Instructions struct {
	Usage             string                 `json:"Usage,omitempty"`
	SampleNotebookUrl string                 `json:"SampleNotebookUrl,omitempty"`
	RepositoryUrl     string                 `json:"RepositoryUrl,omitempty"`
	InputProperties   EntityInputProperties  `json:"InputProperties"`
	OutputProperties  EntityOutputProperties `json:"OutputProperties"`
}

// EntityInputProperties is the input of a delivery option.
type EntityInputProperties struct {
	Description               string      `json:"Description,omitempty"`
	Limitations               string      `json:"Limitations,omitempty"`
	SampleInput               *Sample     `json:"SampleInput,omitempty"`
	Parameters                []Parameter `json:"Parameters,omitempty"`
	SageMakerCustomAttributes []Parameter `json:"SageMakerCustomAttributes,omitempty"`
}

// EntityOutputProperties is the output of a delivery option.
type EntityOutputProperties struct {
	Description  string                  `json:"Description,omitempty"`
	SampleOutput *Sample                 `json:"SampleOutput,omitempty"`
	Parameters   []EntityOutputParameter `json:"Parameters,omitempty"`
}

// EntityOutputParameter is an output field as DescribeEntity shows it.
type EntityOutputParameter struct {
	Name           string `json:"Name"`
	Description    string `json:"Description,omitempty"`
	Constraints    string `json:"Constraints,omitempty"`
	AlwaysReturned bool   `json:"AlwaysReturned"`
}

// RecommendedInstanceTypes are the instance types recommended for each use.
type RecommendedInstanceTypes struct {
	BatchTransform    string `json:"BatchTransform,omitempty"`
	RealtimeInference string `json:"RealtimeInference,omitempty"`
	Training          string `json:"Training,omitempty"`
}

// SupportedInstanceTypes are the instance types the resource supports.
type SupportedInstanceTypes struct {
	BatchTransform    []string `json:"BatchTransform,omitempty"`
	RealtimeInference []string `json:"RealtimeInference,omitempty"`
	Training          []string `json:"Training,omitempty"`
}

// EntityOptions is what EntityDocument cannot know from the product.
type EntityOptions struct {
	// LogoURL is where the face serves the product's logo; the portal
	// stores the image, not a URL. Empty leaves LogoUrl out.
	LogoURL string
}

// The values of the delivery option and source types (inferred: AWS
// documents the field, not its values).
const (
	DeliveryTypeModel     = "SageMakerModel"
	DeliveryTypeAlgorithm = "SageMakerAlgorithm"
	SourceTypeModel       = "SageMakerModelPackage"
	SourceTypeAlgorithm   = "SageMakerAlgorithm"
)

// EntityDocument is the DescribeEntity DetailsDocument of p: the working
// copy the seller edits (what DescribeEntity shows the seller at AWS too),
// with its versions and, in the same order, their resources as
// app.App.ProductVersions returns them (nil entries allowed).
//
// The portal has no ProductCode, Sku or ProductState; they are left out.
// Support email and URL have no field in AWS's document. The accounts
// allowed to see the product while it is Limited (the portal's test
// accounts) are its PositiveTargeting, as UpdateTargeting sets them; a
// private product's buyer list has no field of its own.
func EntityDocument(p *domain.Product, versions []domain.Version, resources []*domain.SageMakerResource, opt EntityOptions) (MachineLearningProduct, error) {
	if p == nil {
		return MachineLearningProduct{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	if len(resources) != 0 && len(resources) != len(versions) {
		return MachineLearningProduct{}, domain.Internal(fmt.Errorf("catalogdoc: %d resources for %d versions", len(resources), len(versions)))
	}
	doc := MachineLearningProduct{
		Versions: []Version{},
		Description: Description{ProductTitle: p.Info.Title, ShortDescription: p.Info.ShortDescription,
			LongDescription: p.Info.Overview, Highlights: p.Info.Highlights, SearchKeywords: p.Promo.Keywords,
			Visibility: string(p.Status), Categories: p.Info.Categories},
		PromotionalResources: PromotionalResources{},
		SupportInformation:   SupportInformation{Description: p.Support.Description},
		Dimensions:           []Dimension{},
	}
	if p.Removal != nil {
		doc.Description.ReplacementProductId = p.Removal.ReplacementID
	}
	if len(p.Promo.Logo) > 0 {
		doc.PromotionalResources.LogoUrl = opt.LogoURL
	}
	if p.Info.VideoURL != "" {
		doc.PromotionalResources.Videos = []Video{{Type: "Link", Title: "Product video", Url: p.Info.VideoURL}}
	}
	for _, l := range p.Promo.Links {
		doc.PromotionalResources.AdditionalResources = append(doc.PromotionalResources.AdditionalResources,
			EntityResourceLink{Type: "Link", Text: l.Title, Url: l.URL})
	}
	if len(p.TestAccounts) > 0 {
		doc.Targeting.PositiveTargeting = &EntityPositiveTargeting{BuyerAccounts: slices.Clone(p.TestAccounts)}
	}
	doc.RegionAvailability = regionsOf(p.Regions)
	for i, v := range versions {
		var r *domain.SageMakerResource
		if len(resources) > 0 {
			r = resources[i]
		}
		doc.Versions = append(doc.Versions, versionOf(p, v, r))
	}
	present := make([]*domain.SageMakerResource, 0, len(resources))
	for _, r := range resources {
		if r != nil {
			present = append(present, r)
		}
	}
	for _, d := range domain.RequiredPrices(present) {
		doc.Dimensions = append(doc.Dimensions, Dimension{Name: d.InstanceType + " " + useNames[d.Use],
			Description: d.InstanceType + " " + useNames[d.Use] + " hourly software price",
			Key:         DimensionKey(d.Use, d.InstanceType), Unit: "Hrs", Types: []string{"ExternallyMetered"}})
	}
	return doc, nil
}

var useNames = map[domain.Use]string{domain.UseRealtime: "real-time inference", domain.UseBatch: "batch transform",
	domain.UseTraining: "algorithm training"}

// useSuffixes are the operations of AWS's ML dimension keys.
var useSuffixes = map[domain.Use]string{domain.UseRealtime: ".m.i.r", domain.UseBatch: ".m.i.b", domain.UseTraining: ".a.t"}

// DimensionKey is AWS's pricing dimension key of an instance type for a
// use: "ml.m5.large.m.i.r" for real-time inference, ".m.i.b" for batch
// transform, ".a.t" for algorithm training.
func DimensionKey(use domain.Use, instanceType string) string { return instanceType + useSuffixes[use] }

// ParseDimensionKey undoes DimensionKey. The per-inference key "m.i.c",
// which the portal does not price, reports false.
func ParseDimensionKey(key string) (domain.Use, string, bool) {
	for use, suffix := range useSuffixes {
		if t, ok := strings.CutSuffix(key, suffix); ok && strings.HasPrefix(t, "ml.") {
			return use, t, true
		}
	}
	return "", "", false
}

func regionsOf(r domain.RegionAvailability) RegionAvailability {
	if r.AllCurrentAndFuture {
		all := make([]string, 0, len(domain.Regions()))
		for _, reg := range domain.Regions() {
			all = append(all, reg.Code)
		}
		return RegionAvailability{Regions: all, FutureRegionSupport: "All"}
	}
	return RegionAvailability{Regions: slices.Clone(r.Regions), FutureRegionSupport: "None"}
}

func versionOf(p *domain.Product, v domain.Version, r *domain.SageMakerResource) Version {
	source := Source{Type: SourceTypeModel, Id: SourceID(v), ModelPackageArn: v.ResourceARN}
	option := DeliveryOption{Id: DeliveryOptionID(v.ID), Type: DeliveryTypeModel, SourceId: source.Id,
		Title: v.Number, Visibility: string(v.Status)}
	kind := p.Type
	if pr, ok := domain.ParseResourceARN(v.ResourceARN); ok {
		kind = pr.Kind
	}
	if kind == domain.KindAlgorithm {
		source = Source{Type: SourceTypeAlgorithm, Id: source.Id, AlgorithmArn: v.ResourceARN}
		option.Type = DeliveryTypeAlgorithm
		option.Instructions.Usage = v.AlgorithmOverview
	}
	option.Instructions.SampleNotebookUrl, option.Instructions.RepositoryUrl = v.NotebookURL, v.RepoURL
	in := EntityInputProperties{Description: v.Input.Description, Limitations: v.Input.Limitations}
	if v.Input.SampleRealtimeURL != "" || v.Input.SampleBatchURL != "" {
		in.SampleInput = &Sample{RealtimeInferenceUrl: nonEmpty(v.Input.SampleRealtimeURL), BatchTransformUrl: nonEmpty(v.Input.SampleBatchURL)}
	}
	for _, x := range v.Input.Parameters {
		in.Parameters = append(in.Parameters, Parameter(x))
	}
	for _, x := range v.CustomAttributes {
		in.SageMakerCustomAttributes = append(in.SageMakerCustomAttributes, Parameter(x))
	}
	out := EntityOutputProperties{Description: v.Output.Description}
	if v.Output.SampleText != "" || v.Output.SampleURL != "" {
		out.SampleOutput = &Sample{RealtimeInferenceText: nonEmpty(v.Output.SampleText), RealtimeInferenceUrl: nonEmpty(v.Output.SampleURL)}
	}
	for _, x := range v.Output.Parameters {
		out.Parameters = append(out.Parameters, EntityOutputParameter{Name: x.Name, Description: x.Description,
			Constraints: x.Constraints, AlwaysReturned: x.Required})
	}
	option.Instructions.InputProperties, option.Instructions.OutputProperties = in, out
	option.RecommendedInstanceTypes = RecommendedInstanceTypes{BatchTransform: v.RecommendedBatch,
		RealtimeInference: v.RecommendedRealtime, Training: v.RecommendedTraining}
	if r != nil {
		option.SupportedInstanceTypes = &SupportedInstanceTypes{BatchTransform: slices.Clone(r.BatchInstanceTypes),
			RealtimeInference: slices.Clone(r.RealtimeInstanceTypes)}
		if r.Kind == domain.KindAlgorithm {
			option.SupportedInstanceTypes.Training = slices.Clone(r.TrainingInstanceTypes)
		}
	}
	return Version{Id: VersionID(v.ID), ReleaseNotes: v.ReleaseNotes, VersionTitle: v.Number,
		CreationDate: v.CreatedAt.UTC().Format(time.RFC3339), Sources: []Source{source},
		DeliveryOptions: []DeliveryOption{option}}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// The Ids of a version, its delivery option and its source are UUID-shaped,
// as AWS's are, and derived from the portal's version ID; the delivery
// option's third group is 4000, the version's 5000, the source's 6000.
const (
	deliveryIDPrefix = "00000000-0000-4000-8000-"
	versionIDPrefix  = "00000000-0000-5000-8000-"
	sourceIDPrefix   = "00000000-0000-6000-8000-"
)

// DeliveryOptionID is the Catalog API Id of the delivery option of the
// portal's version versionID.
func DeliveryOptionID(versionID int64) string {
	return fmt.Sprintf("%s%012x", deliveryIDPrefix, versionID)
}

// VersionID is the Catalog API Id of the portal's version versionID.
func VersionID(versionID int64) string { return fmt.Sprintf("%s%012x", versionIDPrefix, versionID) }

// SourceID is the Catalog API Id of the source of a version.
func SourceID(v domain.Version) string { return fmt.Sprintf("%s%012x", sourceIDPrefix, v.ID) }

// ParseDeliveryOptionID undoes DeliveryOptionID.
func ParseDeliveryOptionID(id string) (int64, bool) {
	hex, ok := strings.CutPrefix(id, deliveryIDPrefix)
	if !ok || len(hex) != 12 {
		return 0, false
	}
	n, err := strconv.ParseInt(hex, 16, 64)
	return n, err == nil && n > 0
}

// EntityIdentifier is the Catalog API identifier of p's current revision:
// "prod-…@N".
func EntityIdentifier(p *domain.Product) string { return p.ID + "@" + strconv.Itoa(p.Revision) }

// ParseEntityIdentifier splits "prod-…@N" into the product ID and the
// revision; without "@N" the revision is -1 (the current one).
func ParseEntityIdentifier(s string) (id string, revision int, ok bool) {
	id, rev, has := strings.Cut(s, "@")
	if !domain.IsProductID(id) {
		return "", 0, false
	}
	if !has {
		return id, -1, true
	}
	n, err := strconv.Atoi(rev)
	if err != nil || n < 0 || strconv.Itoa(n) != rev {
		return "", 0, false
	}
	return id, n, true
}
