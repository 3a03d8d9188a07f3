package persistence

import (
	"time"

	"github.com/mlportal/portal/domain"
)

// The shapes of the JSON stored in text columns. Each is owned here, with an
// explicit name for every key, so renaming a domain field breaks the
// conversion below at compile time instead of silently dropping stored data.
// Changing a key means a migration that rewrites the stored rows (see
// storedJSONRecordsMigration); testdata/golden holds one file per shape.

// infoJSON is products.info.
type infoJSON struct {
	Privacy          string   `json:"privacy"`
	AllowedAccounts  []string `json:"allowedAccounts"`
	Title            string   `json:"title"`
	ShortDescription string   `json:"shortDescription"`
	Overview         string   `json:"overview"`
	Highlights       []string `json:"highlights"`
	Categories       []string `json:"categories"`
	VideoURL         string   `json:"videoUrl"`
}

func infoToJSON(g domain.GeneralInfo) infoJSON {
	return infoJSON{Privacy: string(g.Privacy), AllowedAccounts: g.AllowedAccounts, Title: g.Title,
		ShortDescription: g.ShortDescription, Overview: g.Overview, Highlights: g.Highlights, Categories: g.Categories,
		VideoURL: g.VideoURL}
}

func (j infoJSON) toDomain() domain.GeneralInfo {
	return domain.GeneralInfo{Privacy: domain.Privacy(j.Privacy), AllowedAccounts: j.AllowedAccounts, Title: j.Title,
		ShortDescription: j.ShortDescription, Overview: j.Overview, Highlights: j.Highlights, Categories: j.Categories,
		VideoURL: j.VideoURL}
}

// resourceLinkJSON is one of the links of promoJSON.
type resourceLinkJSON struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// promoJSON is products.promo: the promotional resources but the logo,
// which has its own columns.
type promoJSON struct {
	Keywords []string           `json:"keywords"`
	Links    []resourceLinkJSON `json:"links"`
}

func promoToJSON(p domain.Promotional) promoJSON {
	return promoJSON{Keywords: p.Keywords, Links: convertList(p.Links, func(l domain.ResourceLink) resourceLinkJSON {
		return resourceLinkJSON{Title: l.Title, URL: l.URL}
	})}
}

// toDomain returns the section with the logo given.
func (j promoJSON) toDomain(logo []byte, logoType string) domain.Promotional {
	return domain.Promotional{Logo: logo, LogoType: logoType, Keywords: j.Keywords,
		Links: convertList(j.Links, func(l resourceLinkJSON) domain.ResourceLink {
			return domain.ResourceLink{Title: l.Title, URL: l.URL}
		})}
}

// supportJSON is products.support.
type supportJSON struct {
	Chosen      bool   `json:"chosen"`
	Offered     bool   `json:"offered"`
	Email       string `json:"email"`
	URL         string `json:"url"`
	Description string `json:"description"`
}

func supportToJSON(s domain.SupportInfo) supportJSON {
	return supportJSON{Chosen: s.Chosen, Offered: s.Offered, Email: s.Email, URL: s.URL, Description: s.Description}
}

func (j supportJSON) toDomain() domain.SupportInfo {
	return domain.SupportInfo{Chosen: j.Chosen, Offered: j.Offered, Email: j.Email, URL: j.URL, Description: j.Description}
}

// regionsJSON is products.regions.
type regionsJSON struct {
	// Chosen is absent from rows written before the flag existed, whose
	// Regions were the seller's: they read as chosen.
	Chosen              *bool    `json:"chosen,omitempty"`
	AllCurrentAndFuture bool     `json:"allCurrentAndFuture"`
	Regions             []string `json:"regions"`
}

func regionsToJSON(r domain.RegionAvailability) regionsJSON {
	return regionsJSON{Chosen: &r.Chosen, AllCurrentAndFuture: r.AllCurrentAndFuture, Regions: r.Regions}
}

func (j regionsJSON) toDomain() domain.RegionAvailability {
	return domain.RegionAvailability{Chosen: j.Chosen == nil || *j.Chosen, AllCurrentAndFuture: j.AllCurrentAndFuture, Regions: j.Regions}
}

// instancePriceJSON is one of the prices of offerJSON.
type instancePriceJSON struct {
	Use          string `json:"use"`
	InstanceType string `json:"instanceType"`
	HourlyMillis int64  `json:"hourlyMillis"`
}

// offerJSON is products.offer: pricing and terms but the EULA, which has
// its own column.
type offerJSON struct {
	Pricing   string              `json:"pricing"`
	Prices    []instancePriceJSON `json:"prices"`
	TrialDays int                 `json:"trialDays"`
	// StandardContract is absent (false) in rows from before the choice.
	StandardContract bool `json:"standardContract,omitempty"`
}

func offerToJSON(o domain.Offer) offerJSON {
	return offerJSON{Pricing: string(o.Pricing), TrialDays: o.TrialDays, StandardContract: o.StandardContract,
		Prices: convertList(o.Prices, func(p domain.InstancePrice) instancePriceJSON {
			return instancePriceJSON{Use: string(p.Use), InstanceType: p.InstanceType, HourlyMillis: p.HourlyMillis}
		})}
}

// toDomain returns the section with the EULA given.
func (j offerJSON) toDomain(eula string) domain.Offer {
	return domain.Offer{Pricing: domain.PricingModel(j.Pricing), TrialDays: j.TrialDays, EULA: eula, StandardContract: j.StandardContract,
		Prices: convertList(j.Prices, func(p instancePriceJSON) domain.InstancePrice {
			return domain.InstancePrice{Use: domain.Use(p.Use), InstanceType: p.InstanceType, HourlyMillis: p.HourlyMillis}
		})}
}

func pricesToJSON(ps []domain.InstancePrice) []instancePriceJSON {
	return convertList(ps, func(p domain.InstancePrice) instancePriceJSON {
		return instancePriceJSON{Use: string(p.Use), InstanceType: p.InstanceType, HourlyMillis: p.HourlyMillis}
	})
}

func pricesOfJSON(ps []instancePriceJSON) []domain.InstancePrice {
	return convertList(ps, func(p instancePriceJSON) domain.InstancePrice {
		return domain.InstancePrice{Use: domain.Use(p.Use), InstanceType: p.InstanceType, HourlyMillis: p.HourlyMillis}
	})
}

// termsJSON is private_offers.terms and agreements.terms: an offer's terms
// as a buyer accepts them. The first rows were written from domain.Terms
// itself, with its Go field names as keys; encoding/json matches keys
// without regard to case, so those rows read the same.
type termsJSON struct {
	Pricing          string              `json:"pricing"`
	Prices           []instancePriceJSON `json:"prices"`
	TrialDays        int                 `json:"trialDays"`
	EULA             string              `json:"eula"`
	StandardContract bool                `json:"standardContract"`
}

func termsToJSON(t domain.Terms) termsJSON {
	return termsJSON{Pricing: string(t.Pricing), Prices: pricesToJSON(t.Prices), TrialDays: t.TrialDays, EULA: t.EULA,
		StandardContract: t.StandardContract}
}

func (j termsJSON) toDomain() domain.Terms {
	return domain.Terms{Pricing: domain.PricingModel(j.Pricing), Prices: pricesOfJSON(j.Prices), TrialDays: j.TrialDays,
		EULA: j.EULA, StandardContract: j.StandardContract}
}

// priceStepJSON is one of agreements.steps, a list (like termsJSON, first
// written with Go field names as keys).
type priceStepJSON struct {
	At      time.Time           `json:"at"`
	Pricing string              `json:"pricing"`
	Prices  []instancePriceJSON `json:"prices"`
}

// stepsToJSON returns the steps, never nil: the column holds "[]" rather
// than "null" for an agreement without steps.
func stepsToJSON(steps []domain.PriceStep) []priceStepJSON {
	out := make([]priceStepJSON, len(steps))
	for i, s := range steps {
		out[i] = priceStepJSON{At: s.At.UTC(), Pricing: string(s.Pricing), Prices: pricesToJSON(s.Prices)}
	}
	return out
}

// stepsOfJSON returns the steps, nil for none.
func stepsOfJSON(steps []priceStepJSON) []domain.PriceStep {
	if len(steps) == 0 {
		return nil
	}
	return convertList(steps, func(s priceStepJSON) domain.PriceStep {
		return domain.PriceStep{At: s.At.UTC(), Pricing: domain.PricingModel(s.Pricing), Prices: pricesOfJSON(s.Prices)}
	})
}

// removalJSON is products.removal.
type removalJSON struct {
	Email         string    `json:"email"`
	Reason        string    `json:"reason"`
	ReplacementID string    `json:"replacementId"`
	At            time.Time `json:"at"`
	SupportUntil  time.Time `json:"supportUntil"`
}

func removalToJSON(r domain.Removal) removalJSON {
	return removalJSON{Email: r.Email, Reason: r.Reason, ReplacementID: r.ReplacementID, At: r.At.UTC(),
		SupportUntil: r.SupportUntil.UTC()}
}

func (j removalJSON) toDomain() domain.Removal {
	return domain.Removal{Email: j.Email, Reason: j.Reason, ReplacementID: j.ReplacementID, At: j.At,
		SupportUntil: j.SupportUntil}
}

// parameterJSON is one of the parameters of a version's input or output.
type parameterJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Constraints string `json:"constraints"`
	Required    bool   `json:"required"`
}

func parametersToJSON(ps []domain.Parameter) []parameterJSON {
	return convertList(ps, func(p domain.Parameter) parameterJSON {
		return parameterJSON{Name: p.Name, Description: p.Description, Constraints: p.Constraints, Required: p.Required}
	})
}

func parametersOfJSON(ps []parameterJSON) []domain.Parameter {
	return convertList(ps, func(p parameterJSON) domain.Parameter {
		return domain.Parameter{Name: p.Name, Description: p.Description, Constraints: p.Constraints, Required: p.Required}
	})
}

// customAttributeJSON is one of the custom attributes of a version.
type customAttributeJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Constraints string `json:"constraints"`
	Required    bool   `json:"required"`
}

// inputDetailsJSON is a version's input.
type inputDetailsJSON struct {
	Description       string          `json:"description"`
	Limitations       string          `json:"limitations"`
	SampleRealtimeURL string          `json:"sampleRealtimeUrl"`
	SampleBatchURL    string          `json:"sampleBatchUrl"`
	Parameters        []parameterJSON `json:"parameters"`
}

// outputDetailsJSON is a version's output.
type outputDetailsJSON struct {
	Description string          `json:"description"`
	SampleText  string          `json:"sampleText"`
	SampleURL   string          `json:"sampleUrl"`
	Parameters  []parameterJSON `json:"parameters"`
}

// versionDetailsJSON is product_versions.details: the usage information
// buyers read before they launch a version.
type versionDetailsJSON struct {
	ReleaseNotes            string                `json:"releaseNotes"`
	NotebookURL             string                `json:"notebookUrl"`
	RepoURL                 string                `json:"repoUrl"`
	TrainingDataDescription string                `json:"trainingDataDescription"`
	TrainingDataSampleURL   string                `json:"trainingDataSampleUrl"`
	AlgorithmOverview       string                `json:"algorithmOverview"`
	CustomAttributes        []customAttributeJSON `json:"customAttributes"`
	Input                   inputDetailsJSON      `json:"input"`
	Output                  outputDetailsJSON     `json:"output"`
	RecommendedRealtime     string                `json:"recommendedRealtime"`
	RecommendedBatch        string                `json:"recommendedBatch"`
	RecommendedTraining     string                `json:"recommendedTraining"`
}

func versionDetailsToJSON(v *domain.Version) versionDetailsJSON {
	return versionDetailsJSON{
		ReleaseNotes: v.ReleaseNotes, NotebookURL: v.NotebookURL, RepoURL: v.RepoURL,
		TrainingDataDescription: v.TrainingDataDescription, TrainingDataSampleURL: v.TrainingDataSampleURL,
		AlgorithmOverview: v.AlgorithmOverview,
		CustomAttributes: convertList(v.CustomAttributes, func(a domain.CustomAttribute) customAttributeJSON {
			return customAttributeJSON{Name: a.Name, Description: a.Description, Constraints: a.Constraints, Required: a.Required}
		}),
		Input: inputDetailsJSON{Description: v.Input.Description, Limitations: v.Input.Limitations,
			SampleRealtimeURL: v.Input.SampleRealtimeURL, SampleBatchURL: v.Input.SampleBatchURL,
			Parameters: parametersToJSON(v.Input.Parameters)},
		Output: outputDetailsJSON{Description: v.Output.Description, SampleText: v.Output.SampleText,
			SampleURL: v.Output.SampleURL, Parameters: parametersToJSON(v.Output.Parameters)},
		RecommendedRealtime: v.RecommendedRealtime, RecommendedBatch: v.RecommendedBatch,
		RecommendedTraining: v.RecommendedTraining,
	}
}

// setOn copies the details onto v.
func (j versionDetailsJSON) setOn(v *domain.Version) {
	v.ReleaseNotes, v.NotebookURL, v.RepoURL = j.ReleaseNotes, j.NotebookURL, j.RepoURL
	v.TrainingDataDescription, v.TrainingDataSampleURL = j.TrainingDataDescription, j.TrainingDataSampleURL
	v.AlgorithmOverview = j.AlgorithmOverview
	v.CustomAttributes = convertList(j.CustomAttributes, func(a customAttributeJSON) domain.CustomAttribute {
		return domain.CustomAttribute{Name: a.Name, Description: a.Description, Constraints: a.Constraints, Required: a.Required}
	})
	v.Input = domain.InputDetails{Description: j.Input.Description, Limitations: j.Input.Limitations,
		SampleRealtimeURL: j.Input.SampleRealtimeURL, SampleBatchURL: j.Input.SampleBatchURL,
		Parameters: parametersOfJSON(j.Input.Parameters)}
	v.Output = domain.OutputDetails{Description: j.Output.Description, SampleText: j.Output.SampleText,
		SampleURL: j.Output.SampleURL, Parameters: parametersOfJSON(j.Output.Parameters)}
	v.RecommendedRealtime, v.RecommendedBatch, v.RecommendedTraining =
		j.RecommendedRealtime, j.RecommendedBatch, j.RecommendedTraining
}

// snapshotVersionJSON is a version as a snapshot keeps it: its columns and
// its details.
type snapshotVersionJSON struct {
	ID              int64              `json:"id"`
	ProductID       string             `json:"productId"`
	Number          string             `json:"number"`
	ResourceARN     string             `json:"resourceArn"`
	Status          string             `json:"status"`
	SubmittedAt     time.Time          `json:"submittedAt"`
	ReleasedAt      time.Time          `json:"releasedAt"`
	RestrictPending bool               `json:"restrictPending"`
	RestrictedAt    time.Time          `json:"restrictedAt"`
	CreatedAt       time.Time          `json:"createdAt"`
	Details         versionDetailsJSON `json:"details"`
}

func snapshotVersionToJSON(v domain.Version) snapshotVersionJSON {
	return snapshotVersionJSON{ID: v.ID, ProductID: v.ProductID, Number: v.Number, ResourceARN: v.ResourceARN,
		Status: string(v.Status), SubmittedAt: v.SubmittedAt.UTC(), ReleasedAt: v.ReleasedAt.UTC(),
		RestrictPending: v.RestrictPending, RestrictedAt: v.RestrictedAt.UTC(), CreatedAt: v.CreatedAt.UTC(),
		Details: versionDetailsToJSON(&v)}
}

func (j snapshotVersionJSON) toDomain() domain.Version {
	v := domain.Version{ID: j.ID, ProductID: j.ProductID, Number: j.Number, ResourceARN: j.ResourceARN,
		Status: domain.VersionStatus(j.Status), SubmittedAt: j.SubmittedAt, ReleasedAt: j.ReleasedAt,
		RestrictPending: j.RestrictPending, RestrictedAt: j.RestrictedAt, CreatedAt: j.CreatedAt}
	j.Details.setOn(&v)
	return v
}

// snapshotPromoJSON is a snapshot's promotional resources; the logo is in
// a column of its own, so that lists can leave it out.
type snapshotPromoJSON struct {
	LogoType string             `json:"logoType"`
	Keywords []string           `json:"keywords"`
	Links    []resourceLinkJSON `json:"links"`
}

// snapshotOfferJSON is a snapshot's pricing and terms.
type snapshotOfferJSON struct {
	Pricing   string              `json:"pricing"`
	Prices    []instancePriceJSON `json:"prices"`
	TrialDays int                 `json:"trialDays"`
	EULA      string              `json:"eula"`
	// StandardContract is absent (false) in snapshots from before the choice.
	StandardContract bool `json:"standardContract,omitempty"`
}

// snapshotJSON is products.snapshot and products.pending_snapshot.
type snapshotJSON struct {
	Info     infoJSON              `json:"info"`
	Promo    snapshotPromoJSON     `json:"promo"`
	Support  supportJSON           `json:"support"`
	Regions  regionsJSON           `json:"regions"`
	Offer    snapshotOfferJSON     `json:"offer"`
	Versions []snapshotVersionJSON `json:"versions"`
	At       time.Time             `json:"at"`
}

// snapshotToJSON returns the snapshot but its logo.
func snapshotToJSON(s *domain.Snapshot) snapshotJSON {
	promo, offer := promoToJSON(s.Promo), offerToJSON(s.Offer)
	return snapshotJSON{
		Info:    infoToJSON(s.Info),
		Promo:   snapshotPromoJSON{LogoType: s.Promo.LogoType, Keywords: promo.Keywords, Links: promo.Links},
		Support: supportToJSON(s.Support),
		Regions: regionsToJSON(s.Regions),
		Offer: snapshotOfferJSON{Pricing: offer.Pricing, Prices: offer.Prices, TrialDays: offer.TrialDays, EULA: s.Offer.EULA,
			StandardContract: offer.StandardContract},
		Versions: convertList(s.Versions, snapshotVersionToJSON),
		At:       s.At.UTC(),
	}
}

// toDomain returns the snapshot with the logo given.
func (j snapshotJSON) toDomain(logo []byte) *domain.Snapshot {
	return &domain.Snapshot{
		Info:    j.Info.toDomain(),
		Promo:   promoJSON{Keywords: j.Promo.Keywords, Links: j.Promo.Links}.toDomain(logo, j.Promo.LogoType),
		Support: j.Support.toDomain(),
		Regions: j.Regions.toDomain(),
		Offer: offerJSON{Pricing: j.Offer.Pricing, Prices: j.Offer.Prices, TrialDays: j.Offer.TrialDays,
			StandardContract: j.Offer.StandardContract}.toDomain(j.Offer.EULA),
		Versions: convertList(j.Versions, snapshotVersionJSON.toDomain),
		At:       j.At,
	}
}

// resourceListsJSON is sagemaker_resources.instance_types: a resource's
// lists, only ever read and written whole, with the resource.
type resourceListsJSON struct {
	Realtime      []string `json:"realtime"`
	Batch         []string `json:"batch"`
	Training      []string `json:"training,omitempty"`
	ContentTypes  []string `json:"contentTypes"`
	ResponseTypes []string `json:"responseTypes"`
}

// trainingChannelJSON is one of the channels of algorithmSpecJSON.
type trainingChannelJSON struct {
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	Required         bool     `json:"required"`
	ContentTypes     []string `json:"contentTypes"`
	CompressionTypes []string `json:"compressionTypes"`
	InputModes       []string `json:"inputModes"`
}

// hyperParameterJSON is one of the hyperparameters of algorithmSpecJSON.
type hyperParameterJSON struct {
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	Type         string   `json:"type"`
	MinValue     string   `json:"minValue"`
	MaxValue     string   `json:"maxValue"`
	Values       []string `json:"values"`
	DefaultValue string   `json:"defaultValue"`
	Tunable      bool     `json:"tunable"`
	Required     bool     `json:"required"`
}

// metricDefinitionJSON is one of the metrics of algorithmSpecJSON.
type metricDefinitionJSON struct {
	Name  string `json:"name"`
	Regex string `json:"regex"`
}

// algorithmSpecJSON is sagemaker_resources.spec: an algorithm's training
// specification, empty for a model package.
type algorithmSpecJSON struct {
	Channels        []trainingChannelJSON  `json:"channels,omitempty"`
	HyperParameters []hyperParameterJSON   `json:"hyperParameters,omitempty"`
	Metrics         []metricDefinitionJSON `json:"metrics,omitempty"`
}

func resourceListsToJSON(r *domain.SageMakerResource) resourceListsJSON {
	return resourceListsJSON{Realtime: r.RealtimeInstanceTypes, Batch: r.BatchInstanceTypes,
		Training: r.TrainingInstanceTypes, ContentTypes: r.ContentTypes, ResponseTypes: r.ResponseMIMETypes}
}

// setOn copies the lists onto r.
func (j resourceListsJSON) setOn(r *domain.SageMakerResource) {
	r.RealtimeInstanceTypes, r.BatchInstanceTypes, r.TrainingInstanceTypes = j.Realtime, j.Batch, j.Training
	r.ContentTypes, r.ResponseMIMETypes = j.ContentTypes, j.ResponseTypes
}

func algorithmSpecToJSON(r *domain.SageMakerResource) algorithmSpecJSON {
	return algorithmSpecJSON{
		Channels: convertList(r.TrainingChannels, func(c domain.TrainingChannel) trainingChannelJSON {
			return trainingChannelJSON{Name: c.Name, Description: c.Description, Required: c.Required,
				ContentTypes: c.ContentTypes, CompressionTypes: c.CompressionTypes, InputModes: c.InputModes}
		}),
		HyperParameters: convertList(r.HyperParameters, func(h domain.HyperParameter) hyperParameterJSON {
			return hyperParameterJSON{Name: h.Name, Description: h.Description, Type: string(h.Type),
				MinValue: h.MinValue, MaxValue: h.MaxValue, Values: h.Values, DefaultValue: h.DefaultValue,
				Tunable: h.Tunable, Required: h.Required}
		}),
		Metrics: convertList(r.MetricDefinitions, func(m domain.MetricDefinition) metricDefinitionJSON {
			return metricDefinitionJSON{Name: m.Name, Regex: m.Regex}
		}),
	}
}

// setOn copies the specification onto r.
func (j algorithmSpecJSON) setOn(r *domain.SageMakerResource) {
	r.TrainingChannels = convertList(j.Channels, func(c trainingChannelJSON) domain.TrainingChannel {
		return domain.TrainingChannel{Name: c.Name, Description: c.Description, Required: c.Required,
			ContentTypes: c.ContentTypes, CompressionTypes: c.CompressionTypes, InputModes: c.InputModes}
	})
	r.HyperParameters = convertList(j.HyperParameters, func(h hyperParameterJSON) domain.HyperParameter {
		return domain.HyperParameter{Name: h.Name, Description: h.Description, Type: domain.HyperParameterType(h.Type),
			MinValue: h.MinValue, MaxValue: h.MaxValue, Values: h.Values, DefaultValue: h.DefaultValue,
			Tunable: h.Tunable, Required: h.Required}
	})
	r.MetricDefinitions = convertList(j.Metrics, func(m metricDefinitionJSON) domain.MetricDefinition {
		return domain.MetricDefinition{Name: m.Name, Regex: m.Regex}
	})
}

// convertList converts each element; nil stays nil and empty stays empty,
// so a list reads back as it was written.
func convertList[From, To any](list []From, convert func(From) To) []To {
	if list == nil {
		return nil
	}
	out := make([]To, len(list))
	for i, x := range list {
		out[i] = convert(x)
	}
	return out
}
