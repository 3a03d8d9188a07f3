package domain

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// ProductChange is one change a save makes to a product; the changes of one
// save are stored as one change set (see NewChangeSet).
type ProductChange struct {
	ProductID  string
	ChangeType string
	Actor      string // the user's ARN
	At         time.Time
	// Detail is the change's Details document, a ChangeDetails JSON where
	// the type alone does not say what changed, such as the versions
	// restricted or the visibility set; "" when there is nothing to add.
	Detail string
}

// ProductRepository stores listings, their versions and their history.
type ProductRepository interface {
	CreateProduct(ctx context.Context, p *Product, ch ProductChange) error
	// Product finds one of the account's products; another account's ID
	// gives ENOTFOUND, exactly like an unknown one.
	Product(ctx context.Context, accountID, id string) (*Product, error)
	// ProductByID finds a product of any account, for the marketplace,
	// which decides itself who may see it.
	ProductByID(ctx context.Context, id string) (*Product, error)
	// ProductRevision is a product's revision, which every change to it or
	// its versions moves on, or ENOTFOUND: one cheap read that tells a
	// cached copy still holds.
	ProductRevision(ctx context.Context, id string) (int, error)
	// ProductRevisions reads the revisions of several products at once, by
	// ID; unknown IDs are left out.
	ProductRevisions(ctx context.Context, ids []string) (map[string]int, error)
	ListProducts(ctx context.Context, accountID string) ([]Product, error)
	// ProductSummaries lists the account's products in ListProducts'
	// order, each as a ProductSummary: a choice of products reads these.
	ProductSummaries(ctx context.Context, accountID string) ([]ProductSummary, error)
	// ProductSummariesOf reads the summaries of those of ids that are the
	// account's products, in ListProducts' order.
	ProductSummariesOf(ctx context.Context, accountID string, ids []string) ([]ProductSummary, error)
	// FindProductSummaries reads the account's products q asks for, in
	// ListProducts' order, and how many match in all.
	FindProductSummaries(ctx context.Context, accountID string, q ProductChoiceQuery) ([]ProductSummary, int, error)
	// ProductPage lists limit of the account's products from offset, in
	// ListProducts' order, and how many the account has in all.
	ProductPage(ctx context.Context, accountID string, offset, limit int) ([]Product, int, error)
	// HasProducts reports whether the account has a product, in any state,
	// without reading any.
	HasProducts(ctx context.Context, accountID string) (bool, error)
	// RemovedProducts lists the products of every account that their
	// sellers unpublished, most recent first, for Seller Operations.
	RemovedProducts(ctx context.Context, limit int) ([]Product, error)
	// SaveProduct writes p only if its stored revision is still expected,
	// then bumps it; otherwise ECONFLICT with MsgChangedSinceOpened. The
	// changes are recorded in the same transaction.
	SaveProduct(ctx context.Context, p *Product, expected int, changes ...ProductChange) error
	// UpdateProduct loads one of the account's products for update (another
	// account's ID gives ENOTFOUND), applies update to it and saves it with
	// the changes update returns, in one transaction: the rule is the
	// domain's, the transaction the store's. A refusal of update changes
	// nothing; a product changed since revision expected gives ECONFLICT
	// with MsgChangedSinceOpened once update accepted the change.
	UpdateProduct(ctx context.Context, accountID, id string, expected int, update ProductUpdate) (*Product, error)
	Versions(ctx context.Context, productID string) ([]Version, error)
	// AddVersion stores v and saves p (whose type may change) as SaveProduct does.
	AddVersion(ctx context.Context, p *Product, expected int, v *Version, ch ProductChange) error
	// SaveVersion updates v and saves p as SaveProduct does.
	SaveVersion(ctx context.Context, p *Product, expected int, v *Version, ch ProductChange) error
	// VersionByARN finds the version, of any product, that uses a resource.
	VersionByARN(ctx context.Context, resourceARN string) (*Version, error)
	// ProductChanges lists the changes of the product's change sets, newest
	// first, at most limit.
	ProductChanges(ctx context.Context, productID string, limit int) ([]ProductChange, error)
	ChangeSetRepository
}

// ListingService runs the listing editor's operations.
type ListingService struct {
	Products  ProductRepository
	Resources SageMakerRepository
	Sellers   *SellerService
	Clock     Clock
}

// Create starts a draft listing with the portal's defaults and the given
// Region availability (NewListingRegions in the editor, DefaultRegions
// through the Catalog API).
func (s *ListingService) Create(ctx context.Context, actor *User, regions RegionAvailability) (*Product, error) {
	id, err := NewProductID()
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	p := &Product{ID: id, AccountID: actor.AccountID, CreatorARN: actor.ARN(), Status: StatusDraft,
		Info: GeneralInfo{Privacy: PrivacyPublic}, Regions: regions, CreatedAt: now, UpdatedAt: now}
	return p, s.Products.CreateProduct(ctx, p, s.change(p, actor, ChangeCreateProduct))
}

func (s *ListingService) change(p *Product, actor *User, typ string) ProductChange {
	return ProductChange{ProductID: p.ID, ChangeType: typ, Actor: actor.ARN(), At: s.Clock.Now()}
}

// refuseRemoved keeps a removed product as it was removed, for its
// existing buyers.
func refuseRemoved(p *Product) error {
	if p.Removed() {
		return Errorf(ECONFLICT, MsgAlreadyRemoved)
	}
	return nil
}

// ProductUpdate is a rule applied to a product loaded for update: it
// changes p and says what changed, or refuses, and then nothing is saved.
type ProductUpdate func(p *Product) ([]ProductChange, error)

// edit is the update of one listing section: apply checks and sets the
// section and returns the change types to record. A removed product is
// never edited, and every edit bumps the product's update time.
func (s *ListingService) edit(actor *User, apply func(p *Product) ([]string, error)) ProductUpdate {
	return func(p *Product) ([]ProductChange, error) {
		if err := refuseRemoved(p); err != nil {
			return nil, err
		}
		types, err := apply(p)
		if err != nil {
			return nil, err
		}
		p.UpdatedAt = s.Clock.Now()
		changes := make([]ProductChange, len(types))
		for i, t := range types {
			changes[i] = s.change(p, actor, t)
		}
		return changes, nil
	}
}

// save applies update to p, already loaded, and stores it.
func (s *ListingService) save(ctx context.Context, p *Product, expected int, update ProductUpdate) error {
	changes, err := update(p)
	if err != nil {
		return err
	}
	return s.Products.SaveProduct(ctx, p, expected, changes...)
}

// InformationUpdate is the rule of the general product information.
// Privacy is targeting: a change of it, or of the allowed accounts, is
// recorded as UpdateTargeting too.
func (s *ListingService) InformationUpdate(actor *User, info GeneralInfo) ProductUpdate {
	return s.edit(actor, func(p *Product) ([]string, error) {
		info.Normalize()
		wasPrivate := p.Submitted() && p.Info.Privacy == PrivacyPrivate
		if err := info.Validate(p.AccountID, wasPrivate); err != nil {
			return nil, err
		}
		types := []string{ChangeUpdateInformation}
		if info.Privacy != p.Info.Privacy || !slices.Equal(info.AllowedAccounts, p.Info.AllowedAccounts) {
			types = append(types, ChangeUpdateTargeting)
		}
		p.Info = info
		return types, nil
	})
}

// UpdateInformation saves the general product information of p, loaded.
func (s *ListingService) UpdateInformation(ctx context.Context, actor *User, p *Product, expected int, info GeneralInfo) error {
	return s.save(ctx, p, expected, s.InformationUpdate(actor, info))
}

// PromotionalUpdate is the rule of the logo, keywords and links. A nil
// logo keeps the current one unless removeLogo is set.
func (s *ListingService) PromotionalUpdate(actor *User, promo Promotional, removeLogo bool) ProductUpdate {
	return s.edit(actor, func(p *Product) ([]string, error) {
		promo.Normalize()
		if err := promo.Validate(); err != nil {
			return nil, err
		}
		if promo.Logo == nil && !removeLogo {
			promo.Logo, promo.LogoType = p.Promo.Logo, p.Promo.LogoType
		}
		p.Promo = promo
		return []string{ChangeUpdateInformation}, nil
	})
}

// UpdatePromotional saves the promotional resources of p, loaded.
func (s *ListingService) UpdatePromotional(ctx context.Context, actor *User, p *Product, expected int, promo Promotional, removeLogo bool) error {
	return s.save(ctx, p, expected, s.PromotionalUpdate(actor, promo, removeLogo))
}

// SupportUpdate is the rule of the support information.
func (s *ListingService) SupportUpdate(actor *User, support SupportInfo) ProductUpdate {
	return s.edit(actor, func(p *Product) ([]string, error) {
		support.Normalize()
		if err := support.Validate(); err != nil {
			return nil, err
		}
		p.Support = support
		return []string{ChangeUpdateInformation}, nil
	})
}

// UpdateSupport saves the support information of p, loaded.
func (s *ListingService) UpdateSupport(ctx context.Context, actor *User, p *Product, expected int, support SupportInfo) error {
	return s.save(ctx, p, expected, s.SupportUpdate(actor, support))
}

// RegionsUpdate is the rule of region availability, which is frozen once
// the product has been submitted for publishing.
func (s *ListingService) RegionsUpdate(actor *User, regions RegionAvailability) ProductUpdate {
	return s.edit(actor, func(p *Product) ([]string, error) {
		if p.Submitted() {
			return nil, Errorf(ECONFLICT, MsgRegionsFrozen)
		}
		regions.Normalize()
		if err := regions.Validate(); err != nil {
			return nil, err
		}
		regions.Chosen = true
		p.Regions = regions
		return []string{ChangeUpdateTargeting}, nil
	})
}

// TestAccountsUpdate is the rule of the allow-list of accounts that may see
// a product while it is Limited (the Catalog API's UpdateTargeting): valid
// account IDs other than the seller's own, at most MaxTestAccounts. The
// list replaces the current one.
func (s *ListingService) TestAccountsUpdate(actor *User, accounts []string) ProductUpdate {
	return s.edit(actor, func(p *Product) ([]string, error) {
		if msg := validateAccountList(accounts, p.AccountID, false); msg != "" {
			return nil, Invalid(FieldErrors{FieldTestAccounts: msg})
		}
		if len(accounts) > MaxTestAccounts {
			return nil, Invalid(FieldErrors{FieldTestAccounts: MsgAccountListTooLong})
		}
		p.TestAccounts = slices.Clone(accounts)
		return []string{ChangeUpdateTargeting}, nil
	})
}

// UpdateRegions saves the region availability of p, loaded.
func (s *ListingService) UpdateRegions(ctx context.Context, actor *User, p *Product, expected int, regions RegionAvailability) error {
	return s.save(ctx, p, expected, s.RegionsUpdate(actor, regions))
}

// AddLaunchOption checks an ARN in the order the portal explains problems,
// then adds a draft version that delivers that resource. The product's type
// follows the ARN.
func (s *ListingService) AddLaunchOption(ctx context.Context, principal Principal, p *Product, expected int, rawARN string) (*Version, error) {
	r, err := s.checkLaunchARN(ctx, principal, p, strings.TrimSpace(rawARN))
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	// The recommended instance types are the seller's to choose: a first
	// version starts without them, so that its step is not done before
	// the seller has seen it.
	v := &Version{ProductID: p.ID, ResourceARN: r.ARN(), Status: VersionDraft, CreatedAt: now}
	// A new version starts from the latest one's details.
	versions, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if len(versions) > 0 {
		v.StartFrom(versions[len(versions)-1], r)
	}
	p.Type, p.UpdatedAt = r.Kind, now
	if err := s.Products.AddVersion(ctx, p, expected, v, s.change(p, principal.User, ChangeAddDeliveryOptions)); err != nil {
		return nil, err
	}
	return v, nil
}

// arnError is a launch-option refusal shown beside the ARN field.
func arnError(msg Message, data map[string]any) error {
	return &Error{Code: EINVALID, Message: msg, Data: data, Fields: FieldErrors{FieldResourceARN: msg}}
}

func (s *ListingService) checkLaunchARN(ctx context.Context, principal Principal, p *Product, raw string) (*SageMakerResource, error) {
	if p.Removed() {
		// A removed product gets no new versions; its buyers keep the old.
		return nil, arnError(MsgAlreadyRemoved, nil)
	}
	if raw == "" {
		return nil, arnError(MsgFieldRequired, nil)
	}
	parsed, err := arn.Parse(raw)
	if err != nil || parsed.Region == "" || parsed.AccountID == "" {
		return nil, arnError(MsgARNMalformed, nil)
	}
	if parsed.Service != "sagemaker" {
		return nil, arnError(MsgARNNotSageMaker, map[string]any{"Service": parsed.Service})
	}
	kind, name, _ := strings.Cut(parsed.Resource, "/")
	if k := ResourceKind(kind); k != KindModelPackage && k != KindAlgorithm || name == "" {
		return nil, arnError(MsgARNResourceType, nil)
	}
	if parsed.AccountID != p.AccountID {
		return nil, arnError(MsgARNForeignAccount, nil)
	}
	r, err := s.Resources.ResourceByARN(ctx, raw)
	if ErrorCode(err) == ENOTFOUND {
		return nil, arnError(MsgARNNotFound, nil)
	} else if err != nil {
		return nil, err
	}
	if !r.Listable() {
		return nil, arnError(MsgARNNotListable, nil)
	}
	action := ActionDescribeModelPackage
	if r.Kind == KindAlgorithm {
		action = ActionDescribeAlgorithm
	}
	if err := Authorize(principal, action, r.ARN()); err != nil {
		return nil, arnError(MsgARNNotAllowed, map[string]any{"Action": action})
	}
	if _, err := s.Products.VersionByARN(ctx, r.ARN()); err == nil {
		return nil, arnError(MsgARNInUse, nil)
	} else if ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	if p.Type != "" && p.Type != r.Kind {
		return nil, arnError(MsgARNTypeMismatch, nil)
	}
	return r, nil
}

// VersionParts is a set of the parts of a version's details, so that a
// caller saves just the parts it edits: the pages one section at a time, the
// Catalog API whatever a change carries.
type VersionParts uint8

// The parts of a version's details.
const (
	// VersionInformation is the version title, the release notes and the
	// sample notebook and repository links.
	VersionInformation VersionParts = 1 << iota
	// VersionTrainingInputs is an algorithm's training data and overview,
	// and the custom attributes of any version.
	VersionTrainingInputs
	// VersionInput is what buyers send: description, limitations, samples
	// and parameters.
	VersionInput
	// VersionOutput is what buyers get back.
	VersionOutput
	// VersionInstanceTypes is the recommended instance types.
	VersionInstanceTypes

	// AllVersionParts is every part.
	AllVersionParts = VersionInformation | VersionTrainingInputs | VersionInput | VersionOutput | VersionInstanceTypes
)

// Has reports whether the set holds part.
func (p VersionParts) Has(part VersionParts) bool { return p&part != 0 }

// UpdateVersion saves the given parts of a version's details from edit and
// leaves the others as stored; every problem of those parts is reported at
// once. The version title can be set until the version is first submitted,
// never after. No part, or one that does not exist, is not found.
func (s *ListingService) UpdateVersion(ctx context.Context, actor *User, p *Product, expected int, stored *Version, parts VersionParts, edit Version) error {
	if err := refuseRemoved(p); err != nil {
		return err
	}
	if parts == 0 || parts&^AllVersionParts != 0 {
		return Errorf(ENOTFOUND, MsgNotFound)
	}
	v := *stored
	f := FieldErrors{}
	if parts.Has(VersionInformation) {
		details, err := s.versionDetails(ctx, p, stored, &v, edit)
		if err != nil {
			return err
		}
		maps.Copy(f, details)
	}
	if parts.Has(VersionTrainingInputs) {
		v.TrainingDataDescription, v.TrainingDataSampleURL, v.AlgorithmOverview = edit.TrainingDataDescription, edit.TrainingDataSampleURL, edit.AlgorithmOverview
		v.CustomAttributes = edit.CustomAttributes
		maps.Copy(f, v.ValidateTraining(p.Type))
	}
	if parts.Has(VersionInput) {
		v.Input = edit.Input
		maps.Copy(f, v.ValidateInput())
	}
	if parts.Has(VersionOutput) {
		v.Output = edit.Output
		maps.Copy(f, v.ValidateOutput())
	}
	if parts.Has(VersionInstanceTypes) {
		r, err := s.Resources.ResourceByARN(ctx, v.ResourceARN)
		if err != nil {
			return err
		}
		v.RecommendedRealtime, v.RecommendedBatch, v.RecommendedTraining = edit.RecommendedRealtime, edit.RecommendedBatch, edit.RecommendedTraining
		maps.Copy(f, v.ValidateInstances(r))
	}
	if err := fieldsError(f); err != nil {
		return err
	}
	p.UpdatedAt = s.Clock.Now()
	if err := s.Products.SaveVersion(ctx, p, expected, &v, s.change(p, actor, ChangeUpdateDeliveryOptions)); err != nil {
		return err
	}
	*stored = v
	return nil
}

func (s *ListingService) versionDetails(ctx context.Context, p *Product, stored, v *Version, edit Version) (FieldErrors, error) {
	v.ReleaseNotes, v.NotebookURL, v.RepoURL = strings.TrimSpace(edit.ReleaseNotes), strings.TrimSpace(edit.NotebookURL), strings.TrimSpace(edit.RepoURL)
	f := v.ValidateDetails()
	number := strings.TrimSpace(edit.Number)
	if !stored.SubmittedAt.IsZero() {
		if number != stored.Number {
			f[FieldVersionTitle] = MsgVersionNumberFrozen
		}
		return f, nil
	}
	others, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var numbers []string
	for _, o := range others {
		if o.ID != stored.ID {
			numbers = append(numbers, o.Number)
		}
	}
	if msg := ValidateVersionNumber(number, numbers); msg != "" {
		f[FieldVersionTitle] = msg
	}
	v.Number = number
	return f, nil
}

// UpdateOffer saves pricing and the EULA. Paid terms are refused until the
// seller's tax interview and bank account are done.
func (s *ListingService) UpdateOffer(ctx context.Context, actor *User, p *Product, expected int, offer Offer) error {
	if err := refuseRemoved(p); err != nil {
		return err
	}
	if err := s.CheckOffer(ctx, p, &offer); err != nil {
		return err
	}
	return s.save(ctx, p, expected, s.edit(actor, func(p *Product) ([]string, error) {
		types := []string{}
		if offer.Pricing != p.Offer.Pricing || offer.TrialDays != p.Offer.TrialDays || !slices.Equal(offer.Prices, p.Offer.Prices) {
			types = append(types, ChangeUpdatePricingTerms)
		}
		if offer.EULA != p.Offer.EULA || offer.StandardContract != p.Offer.StandardContract {
			types = append(types, ChangeUpdateLegalTerms)
		}
		p.Offer = offer
		return types, nil
	}))
}

// CheckOffer tidies and validates an offer for p without saving it, so a
// form can report every problem at once.
func (s *ListingService) CheckOffer(ctx context.Context, p *Product, offer *Offer) error {
	resources, err := s.productResources(ctx, p.ID)
	if err != nil {
		return err
	}
	ready, err := s.Sellers.Readiness(ctx, p.AccountID)
	if err != nil {
		return err
	}
	if offer.Pricing != PricingPaidTrial {
		offer.TrialDays = 0
	}
	if !offer.Pricing.Paid() {
		offer.Prices = nil
	}
	return offer.Validate(RequiredPrices(resources), ready)
}

// RequiredPrices lists every use and instance type an offer on the
// product must price, from its versions' resources.
func (s *ListingService) RequiredPrices(ctx context.Context, productID string) ([]InstancePrice, error) {
	resources, err := s.productResources(ctx, productID)
	if err != nil {
		return nil, err
	}
	return RequiredPrices(resources), nil
}

// productResources loads the SageMaker resources of a product's versions.
func (s *ListingService) productResources(ctx context.Context, productID string) ([]*SageMakerResource, error) {
	versions, err := s.Products.Versions(ctx, productID)
	if err != nil {
		return nil, err
	}
	out := make([]*SageMakerResource, 0, len(versions))
	for _, v := range versions {
		r, err := s.Resources.ResourceByARN(ctx, v.ResourceARN)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ChecklistOf computes the listing-quality checklist of p from the store.
func (s *ListingService) ChecklistOf(ctx context.Context, p *Product) ([]ChecklistItem, error) {
	versions, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	resources, err := s.productResources(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	ready, err := s.Sellers.Readiness(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	return Checklist(p, versions, resources, ready), nil
}

type storedReadsKey struct{}

// StoredReads marks ctx for reads that must see what is stored now: a
// repository may answer a read it made lately again (the revisions and
// sessions every page reads), but not under this mark. The core uses it to
// check that a product and its versions were read at one revision.
func StoredReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, storedReadsKey{}, true)
}

// ReadsStored reports whether ctx was marked by StoredReads.
func ReadsStored(ctx context.Context) bool {
	stored, _ := ctx.Value(storedReadsKey{}).(bool)
	return stored
}
