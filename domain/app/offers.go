package app

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/mlportal/portal/domain"
)

// Offers and agreements. The seller's use cases need
// aws-marketplace:StartChangeSet (changes) or DescribeEntity (reads) on the
// product; the buyer's need aws-marketplace:Subscribe (accept) or
// ViewSubscriptions (reads). A private offer is found only by the seller
// who made it and the buyers it names: for anyone else it does not exist.

// PublicOffer is a product's public offer as its seller sees it.
type PublicOffer struct {
	ID      string
	Product *domain.Product
	// Terms are the published terms; zero before the first sign-off.
	Terms     domain.Terms
	Published bool
}

// SellerPrivateOffers lists the seller's private offers, newest first.
func (a *App) SellerPrivateOffers(ctx context.Context, pr domain.Principal) ([]domain.PrivateOffer, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	return a.Repos.Offers.SellerOffers(ctx, account)
}

// PublicOffersFrom reads limit of the seller's public offers from offset,
// one per product in the product list's order, and how many there are in
// all: the Catalog API pages through the offers of a seller with 100,000
// products without reading every product for each page.
func (a *App) PublicOffersFrom(ctx context.Context, pr domain.Principal, offset, limit int) ([]PublicOffer, int, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, 0, err
	}
	products, total, err := a.Repos.Products.ProductPage(ctx, account, offset, limit)
	if err != nil {
		return nil, 0, err
	}
	return publicOffersOf(products), total, nil
}

// PublicOffersOf reads the public offers of those of productIDs that are
// the seller's products, in the product list's order; the others are left
// out, as if they did not exist.
func (a *App) PublicOffersOf(ctx context.Context, pr domain.Principal, productIDs []string) ([]PublicOffer, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	// The summaries scope the IDs to the account and put them in the
	// product list's order; only those products are read whole.
	own, err := a.Repos.Products.ProductSummariesOf(ctx, account, productIDs)
	if err != nil {
		return nil, err
	}
	products := make([]domain.Product, 0, len(own))
	for _, o := range own {
		p, err := a.Repos.Products.ProductByID(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		products = append(products, *p)
	}
	return publicOffersOf(products), nil
}

// publicOffersOf is the public offer of each product.
func publicOffersOf(products []domain.Product) []PublicOffer {
	out := make([]PublicOffer, 0, len(products))
	for i := range products {
		out = append(out, PublicOfferOf(&products[i]))
	}
	return out
}

// SellerOffersPage is a page of the seller's public offers, one per
// product a page of products at a time, with all its private offers.
type SellerOffersPage struct {
	Public []PublicOffer
	// Products numbers the page among the seller's products.
	Products *ProductsPage
	Private  []domain.PrivateOffer
	// Titles names the products of the private offers.
	Titles map[string]string
}

// SellerOffersPageOf reads the page an address names (as ProductsPageOf
// does, ENOTFOUND past the last) of the seller's public offers, and its
// private offers: a seller with 100,000 products had a page of 60 MB.
func (a *App) SellerOffersPageOf(ctx context.Context, pr domain.Principal, rawPage string) (*SellerOffersPage, error) {
	page, err := a.ProductsPageOf(ctx, pr, rawPage)
	if err != nil {
		return nil, err
	}
	out := &SellerOffersPage{Products: page, Public: publicOffersOf(page.Products), Titles: map[string]string{}}
	account, _ := accountOf(pr) // ProductsPageOf authorized the principal in its account
	if out.Private, err = a.Repos.Offers.SellerOffers(ctx, account); err != nil || len(out.Private) == 0 {
		return out, err
	}
	ids := make([]string, len(out.Private))
	for i, o := range out.Private {
		ids[i] = o.ProductID
	}
	summaries, err := a.Repos.Products.ProductSummariesOf(ctx, account, ids)
	for _, p := range summaries {
		out.Titles[p.ID] = p.Label()
	}
	return out, err
}

// PublicOfferOf is a product's public offer: its published terms once
// signed off.
func PublicOfferOf(p *domain.Product) PublicOffer {
	o := PublicOffer{ID: domain.PublicOfferID(p.ID), Product: p}
	if p.PublicSnapshot != nil {
		o.Terms, o.Published = domain.TermsOf(p.PublicSnapshot.Offer), true
	}
	return o
}

// SellerPrivateOffer is one of the seller's private offers with the
// agreements made from it.
func (a *App) SellerPrivateOffer(ctx context.Context, pr domain.Principal, id string) (*domain.PrivateOffer, []domain.Agreement, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, nil, err
	}
	o, err := a.privateOffer(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if o.SellerAccountID != account {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	if err := domain.Authorize(pr, domain.ActionDescribeEntity, domain.ProductARN(account, o.ProductID)); err != nil {
		return nil, nil, err
	}
	agreements, err := a.Repos.Agreements.OfferAgreements(ctx, o.ID)
	return o, agreements, err
}

func (a *App) privateOffer(ctx context.Context, id string) (*domain.PrivateOffer, error) {
	if !domain.IsOfferID(id) {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return a.Repos.Offers.PrivateOffer(ctx, id)
}

// OfferForm is what the form for a new private offer on a product needs:
// the product and every use and instance type to price.
func (a *App) OfferForm(ctx context.Context, pr domain.Principal, productID string) (*domain.Product, []domain.InstancePrice, error) {
	p, err := a.editable(ctx, pr, productID)
	if err != nil {
		return nil, nil, err
	}
	required, err := a.Services.Listings.RequiredPrices(ctx, p.ID)
	return p, required, err
}

// CreatePrivateOffer extends a private offer to named buyer accounts
// (CreateOffer with its information, targeting, pricing, legal and
// availability changes, released at once), and tells each buyer.
func (a *App) CreatePrivateOffer(ctx context.Context, pr domain.Principal, in domain.PrivateOfferInput) (*domain.PrivateOffer, error) {
	p, required, err := a.OfferForm(ctx, pr, in.ProductID)
	if err != nil {
		return nil, err
	}
	ready, err := a.Services.Sellers.Readiness(ctx, p.AccountID)
	if err != nil {
		return nil, err
	}
	exists := func(id string) bool {
		_, err := a.Repos.Accounts.AccountByID(ctx, id)
		return err == nil
	}
	now := a.clock.Now()
	o, err := in.Build(domain.OfferContext{Product: p, Required: required, Readiness: ready, Seller: p.AccountID,
		AccountExists: exists, Now: now})
	if err != nil {
		return nil, err
	}
	if o.ID, err = domain.NewOfferID(); err != nil {
		return nil, domain.Internal(err)
	}
	o.CreatedBy = pr.User.ARN()
	cs, err := offerChangeSet(o, now)
	if err != nil {
		return nil, err
	}
	if err := a.Repos.Offers.CreatePrivateOffer(ctx, o, cs); err != nil {
		return nil, err
	}
	notices := make([]domain.Notice, len(o.Buyers))
	for i, b := range o.Buyers {
		notices[i] = domain.Notice{AccountID: b, Message: domain.MsgNotifyOfferExtended, Data: map[string]string{
			"Title": title(p), "Offer": o.Name, "Link": "/marketplace/private-offers/" + o.ID,
			"Expires": o.ExpiresAt.Add(-time.Second).Format(time.DateOnly)}}
	}
	a.notify(ctx, notices)
	return o, nil
}

// offerChangeSet is the change set of a new private offer, in the order
// the Catalog API applies an offer's changes. Each change's details are
// written out key by key in the shape of the Catalog API's offer
// documents, never from a domain struct, so that renaming a Go field
// cannot change what was recorded.
func offerChangeSet(o *domain.PrivateOffer, now time.Time) (*domain.ChangeSet, error) {
	id, err := domain.NewChangeSetID()
	if err != nil {
		return nil, domain.Internal(err)
	}
	change := func(kind string, details any) (domain.Change, error) {
		b, err := json.Marshal(details)
		if err != nil {
			return domain.Change{}, domain.Internal(err)
		}
		return domain.Change{ChangeType: kind, EntityType: domain.EntityTypeOffer, EntityID: o.ID, Details: string(b)}, nil
	}
	type doc = map[string]any
	steps := []struct {
		kind    string
		details any
	}{
		{domain.ChangeCreateOffer, doc{"ProductId": o.ProductID}},
		{domain.ChangeUpdateInformation, doc{"Name": o.Name}},
		{domain.ChangeUpdateTargeting, doc{"PositiveTargeting": doc{"BuyerAccounts": o.Buyers}}},
		{domain.ChangeUpdatePricingTerms, doc{"PricingModel": "Usage", "Terms": []doc{domain.UsageTerm(o.Terms)}}},
		{domain.ChangeUpdateLegalTerms, doc{"Terms": []doc{domain.LegalTerm(o.Terms)}}},
		{domain.ChangeUpdateValidityTerms, doc{"Terms": []doc{domain.ValidityTerm(o.DurationMonths)}}},
		{domain.ChangeUpdateAvailability, doc{"AvailabilityEndDate": o.AvailabilityEndDate()}},
		{domain.ChangeReleaseOffer, doc{}},
	}
	cs := &domain.ChangeSet{ID: id, Status: domain.ChangeSetSucceeded, StartedAt: now, EndedAt: now, Actor: o.CreatedBy}
	for _, s := range steps {
		c, err := change(s.kind, s.details)
		if err != nil {
			return nil, err
		}
		cs.Changes = append(cs.Changes, c)
	}
	return cs, nil
}

func title(p *domain.Product) string {
	if pub, _ := p.Published(nil); pub.Info.Title != "" {
		return pub.Info.Title
	}
	return p.ID
}

// BuyerPrivateOffers lists the private offers extended to the principal's
// account, newest first.
func (a *App) BuyerPrivateOffers(ctx context.Context, pr domain.Principal) ([]domain.PrivateOffer, error) {
	account, err := buyerAccount(pr, domain.ActionViewSubscriptions)
	if err != nil {
		return nil, err
	}
	return a.Repos.Offers.BuyerOffers(ctx, account)
}

// BuyerPrivateOffer is a private offer extended to the principal's account,
// with its product; any other offer is not found.
func (a *App) BuyerPrivateOffer(ctx context.Context, pr domain.Principal, id string) (*domain.PrivateOffer, *domain.Product, error) {
	account, err := buyerAccount(pr, domain.ActionViewSubscriptions)
	if err != nil {
		return nil, nil, err
	}
	o, err := a.privateOffer(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if !o.For(account) {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	p, err := a.Repos.Products.ProductByID(ctx, o.ProductID)
	if err != nil {
		return nil, nil, err
	}
	return o, p, nil
}

// ProductPrivateOffers lists the unexpired private offers on a product
// extended to the principal's account; nil for anyone signed out.
func (a *App) ProductPrivateOffers(ctx context.Context, pr domain.Principal, productID string) ([]domain.PrivateOffer, error) {
	if pr.User == nil {
		return nil, nil
	}
	offers, err := a.BuyerPrivateOffers(ctx, pr)
	if domain.ErrorCode(err) == domain.EFORBIDDEN {
		return nil, nil
	}
	now := a.clock.Now()
	return slices.DeleteFunc(offers, func(o domain.PrivateOffer) bool {
		return o.ProductID != productID || o.Expired(now)
	}), err
}

// AcceptPrivateOffer makes the agreement of a private offer for the
// principal's account once its terms are accepted. The buyer's agreement on
// the public offer, if any, is replaced by it. The seller is told.
func (a *App) AcceptPrivateOffer(ctx context.Context, pr domain.Principal, id string, termsAccepted bool) (*domain.Agreement, error) {
	if _, err := buyerAccount(pr, domain.ActionSubscribe); err != nil {
		return nil, err
	}
	o, p, err := a.BuyerPrivateOffer(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	switch {
	case o.Expired(now):
		return nil, domain.Errorf(domain.ECONFLICT, domain.MsgOfferExpired)
	case p.Removed():
		return nil, domain.Errorf(domain.ECONFLICT, domain.MsgOfferExpired)
	case !termsAccepted:
		return nil, domain.Invalid(domain.FieldErrors{domain.FieldEULAAccepted: domain.MsgAcceptEULA})
	}
	ag, err := domain.NewAgreement(o.ID, p, pr.User.AccountID, o.Terms, now, o.DurationMonths, true)
	if err != nil {
		return nil, err
	}
	if err := a.Repos.Agreements.MakeAgreement(ctx, ag, domain.AgreementJobs(ag)); err != nil {
		return nil, err
	}
	a.notify(ctx, []domain.Notice{{AccountID: p.AccountID, Message: domain.MsgNotifyOfferAccepted, Data: map[string]string{
		"Title": title(p), "Offer": o.Name, "Buyer": ag.BuyerAccountID, "Link": "/management/agreements/" + ag.ID}}})
	return ag, nil
}

// BuyerAgreements lists the principal's account's agreements, newest first.
func (a *App) BuyerAgreements(ctx context.Context, pr domain.Principal) ([]domain.Agreement, error) {
	account, err := buyerAccount(pr, domain.ActionViewSubscriptions)
	if err != nil {
		return nil, err
	}
	return a.Repos.Agreements.BuyerAgreements(ctx, account)
}

// SellerAgreements lists the seller's agreements, newest first, filtered
// by product and by status as of now.
func (a *App) SellerAgreements(ctx context.Context, pr domain.Principal, q domain.AgreementQuery) ([]domain.Agreement, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	if err := domain.Authorize(pr, domain.ActionListEntities, domain.AnyResource); err != nil {
		return nil, err
	}
	all, err := a.Repos.Agreements.SellerAgreements(ctx, account, q)
	if err != nil || q.Status == "" {
		return all, err
	}
	now := a.clock.Now()
	return slices.DeleteFunc(all, func(ag domain.Agreement) bool { return ag.StatusAt(now) != q.Status }), nil
}

// Agreement is one agreement, for its buyer or its seller; anyone else
// gets ENOTFOUND.
func (a *App) Agreement(ctx context.Context, pr domain.Principal, id string) (*domain.Agreement, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	if !domain.IsAgreementID(id) {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	ag, err := a.Repos.Agreements.Agreement(ctx, id)
	if err != nil {
		return nil, err
	}
	switch account {
	case ag.BuyerAccountID:
		err = domain.Authorize(pr, domain.ActionViewSubscriptions, domain.AnyResource)
	case ag.SellerAccountID:
		err = domain.Authorize(pr, domain.ActionDescribeEntity, domain.ProductARN(account, ag.ProductID))
	default:
		err = domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	if err != nil {
		return nil, err
	}
	return ag, nil
}

// PublicPricing is what the public offer's pricing page needs: the
// product, the instance types to price, and the public terms.
func (a *App) PublicPricing(ctx context.Context, pr domain.Principal, productID string) (*domain.Product, []domain.InstancePrice, error) {
	p, required, err := a.OfferForm(ctx, pr, productID)
	if err != nil {
		return nil, nil, err
	}
	if err := p.CanChangePublicPricing(); err != nil {
		return nil, nil, err
	}
	return p, required, nil
}

// ChangePublicPricing changes the prices of a live product's public offer
// (UpdatePricingTerms). New buyers pay the new prices at once; for existing
// agreements decreases apply at once and increases after the notice period,
// and every affected buyer is told. Without confirm nothing is saved: the
// dates are returned for the seller to review.
func (a *App) ChangePublicPricing(ctx context.Context, pr domain.Principal, productID string, revision int, offer domain.Offer, confirm bool) (domain.PriceChangeDates, error) {
	p, _, err := a.PublicPricing(ctx, pr, productID)
	if err != nil {
		return domain.PriceChangeDates{}, err
	}
	// Only the pricing changes here: the legal terms stay as published,
	// whichever they are (a EULA or the Standard Contract).
	priced := p.PublicSnapshot.Offer
	setPricing(&priced, offer)
	offer = priced
	if err := a.Services.Listings.CheckOffer(ctx, p, &offer); err != nil {
		return domain.PriceChangeDates{}, err
	}
	next := domain.TermsOf(offer)
	if samePublicPricing(p.PublicSnapshot.Offer, offer) {
		return domain.PriceChangeDates{}, domain.Invalid(domain.FieldErrors{domain.FieldPricingModel: domain.MsgPricingUnchanged})
	}
	agreements, err := a.Repos.Agreements.OfferAgreements(ctx, domain.PublicOfferID(p.ID))
	if err != nil {
		return domain.PriceChangeDates{}, err
	}
	now := a.clock.Now()
	dates := domain.PriceChangePreview(agreements, next, now, a.priceNotice)
	if !confirm {
		return dates, nil
	}
	setPricing(&p.Offer, offer)
	for _, s := range []*domain.Snapshot{p.Snapshot, p.PublicSnapshot, p.PendingSnapshot} {
		if s != nil {
			setPricing(&s.Offer, offer)
		}
	}
	p.UpdatedAt = now
	change := domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeUpdatePricingTerms, Actor: pr.User.ARN(), At: now}
	// Saved as a sign-off saves, from the revision the seller reviewed: the
	// catalog lists the pricing buyers search by, so its row is rewritten
	// in the same transaction.
	if err := a.Repos.Publishing.SaveLifecycle(ctx, p, revision, nil, change); err != nil {
		return domain.PriceChangeDates{}, err
	}
	return dates, a.scheduleForAgreements(ctx, p, agreements, next, now)
}

// scheduleForAgreements adds each agreement's price steps and tells its buyer.
func (a *App) scheduleForAgreements(ctx context.Context, p *domain.Product, agreements []domain.Agreement, next domain.Terms, now time.Time) error {
	steps := map[string][]domain.PriceStep{}
	var notices []domain.Notice
	for i := range agreements {
		ag := &agreements[i]
		add := domain.SchedulePriceChange(ag, next, now, a.priceNotice)
		if len(add) == 0 {
			continue
		}
		steps[ag.ID] = add
		last := add[len(add)-1]
		notices = append(notices, domain.Notice{AccountID: ag.BuyerAccountID, Message: domain.MsgNotifyPriceChange,
			Data: map[string]string{"Title": title(p), "Effective": last.At.Format(time.DateOnly), "Link": "/agreements/" + ag.ID}})
	}
	if len(steps) == 0 {
		return nil
	}
	if err := a.Repos.Agreements.AddPriceSteps(ctx, now, steps); err != nil {
		return err
	}
	a.notify(ctx, notices)
	return nil
}

func setPricing(dst *domain.Offer, src domain.Offer) {
	dst.Pricing, dst.Prices, dst.TrialDays = src.Pricing, slices.Clone(src.Prices), src.TrialDays
}

// samePublicPricing reports whether two offers price alike, whatever the
// order of their prices.
func samePublicPricing(a, b domain.Offer) bool {
	if a.Pricing != b.Pricing || a.TrialDays != b.TrialDays || len(a.Prices) != len(b.Prices) {
		return false
	}
	for _, p := range a.Prices {
		if !slices.Contains(b.Prices, p) {
			return false
		}
	}
	return true
}
