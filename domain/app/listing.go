package app

import (
	"context"
	"slices"
	"time"

	"github.com/mlportal/portal/domain"
)

// The seller's use cases on a listing. Each needs
// aws-marketplace:StartChangeSet on the product (DescribeEntity to read), and
// finds the product only inside the principal's account: another account's
// product ID answers ENOTFOUND, never its data.

// accountOf is the principal's account, or EUNAUTHORIZED when nobody is
// signed in.
func accountOf(pr domain.Principal) (string, error) {
	if pr.User == nil {
		return "", domain.Errorf(domain.EUNAUTHORIZED, domain.MsgSignInRequired)
	}
	return pr.User.AccountID, nil
}

// productFor authorizes action on product id in the principal's account,
// then loads it.
func (a *App) productFor(ctx context.Context, pr domain.Principal, action, id string) (*domain.Product, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	if err := domain.Authorize(pr, action, domain.ProductARN(account, id)); err != nil {
		return nil, err
	}
	if !domain.IsProductID(id) {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return a.Repos.Products.Product(ctx, account, id)
}

// update authorizes a change of product id by the principal and applies
// update to it inside the store's transaction.
func (a *App) update(ctx context.Context, pr domain.Principal, id string, revision int, update domain.ProductUpdate) (*domain.Product, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	if err := domain.Authorize(pr, domain.ActionStartChangeSet, domain.ProductARN(account, id)); err != nil {
		return nil, err
	}
	if !domain.IsProductID(id) {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return a.Repos.Products.UpdateProduct(ctx, account, id, revision, update)
}

// editable loads a product the principal may change.
func (a *App) editable(ctx context.Context, pr domain.Principal, id string) (*domain.Product, error) {
	return a.productFor(ctx, pr, domain.ActionStartChangeSet, id)
}

// Product loads one of the principal's products to look at.
func (a *App) Product(ctx context.Context, pr domain.Principal, id string) (*domain.Product, error) {
	return a.productFor(ctx, pr, domain.ActionDescribeEntity, id)
}

// ProductView loads one of the principal's products to show, through the
// revision-checked listing cache: several reads of one page (overview,
// versions, history, requests) decode the product once, and a page seen
// again decodes it only if it changed. The product is shared with other
// requests: callers read it and never change it (changes go through the
// use cases, which load their own copy).
func (a *App) ProductView(ctx context.Context, pr domain.Principal, id string) (*domain.Product, error) {
	p, _, err := a.ownedListing(ctx, pr, domain.ActionDescribeEntity, id)
	return p, err
}

// ownedListing is one of the principal's products with its versions, from
// the listing cache, after the action is authorized on it; another
// account's product is not found.
func (a *App) ownedListing(ctx context.Context, pr domain.Principal, action, id string) (*domain.Product, []domain.Version, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, nil, err
	}
	if err := domain.Authorize(pr, action, domain.ProductARN(account, id)); err != nil {
		return nil, nil, err
	}
	if !domain.IsProductID(id) {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	p, versions, err := a.listings.load(ctx, a.Repos.Products, id)
	if err != nil {
		return nil, nil, err
	}
	if p.AccountID != account {
		return nil, nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return p, versions, nil
}

// CreateListing starts a draft listing in the editor, whose Region step the
// seller has still to confirm.
func (a *App) CreateListing(ctx context.Context, pr domain.Principal) (*domain.Product, error) {
	return a.createListing(ctx, pr, domain.NewListingRegions())
}

// CreateListingInAllRegions starts a draft listing offered in every Region,
// now and later (the Catalog API's CreateProduct, which has no change type
// for Regions).
func (a *App) CreateListingInAllRegions(ctx context.Context, pr domain.Principal) (*domain.Product, error) {
	return a.createListing(ctx, pr, domain.DefaultRegions())
}

func (a *App) createListing(ctx context.Context, pr domain.Principal, regions domain.RegionAvailability) (*domain.Product, error) {
	if _, err := accountOf(pr); err != nil {
		return nil, err
	}
	if err := domain.Authorize(pr, domain.ActionStartChangeSet, domain.AnyResource); err != nil {
		return nil, err
	}
	return a.Services.Listings.Create(ctx, pr.User, regions)
}

// UpdateInformation saves the general product information.
func (a *App) UpdateInformation(ctx context.Context, pr domain.Principal, id string, revision int, info domain.GeneralInfo) (*domain.Product, error) {
	return a.update(ctx, pr, id, revision, a.Services.Listings.InformationUpdate(pr.User, info))
}

// UpdatePromotional saves the logo, keywords and resource links.
func (a *App) UpdatePromotional(ctx context.Context, pr domain.Principal, id string, revision int, promo domain.Promotional, removeLogo bool) (*domain.Product, error) {
	return a.update(ctx, pr, id, revision, a.Services.Listings.PromotionalUpdate(pr.User, promo, removeLogo))
}

// UpdateSupport saves the support information.
func (a *App) UpdateSupport(ctx context.Context, pr domain.Principal, id string, revision int, support domain.SupportInfo) (*domain.Product, error) {
	return a.update(ctx, pr, id, revision, a.Services.Listings.SupportUpdate(pr.User, support))
}

// UpdateRegions saves the Region availability (UpdateTargeting).
func (a *App) UpdateRegions(ctx context.Context, pr domain.Principal, id string, revision int, regions domain.RegionAvailability) (*domain.Product, error) {
	return a.update(ctx, pr, id, revision, a.Services.Listings.RegionsUpdate(pr.User, regions))
}

// UpdateTestAccounts replaces the accounts that may see the product while
// it is Limited (the Catalog API's UpdateTargeting).
func (a *App) UpdateTestAccounts(ctx context.Context, pr domain.Principal, id string, revision int, accounts []string) (*domain.Product, error) {
	return a.update(ctx, pr, id, revision, a.Services.Listings.TestAccountsUpdate(pr.User, accounts))
}

// AddLaunchOption adds a version on a SageMaker resource the principal may
// describe (AddDeliveryOptions).
func (a *App) AddLaunchOption(ctx context.Context, pr domain.Principal, id string, revision int, rawARN string) (*domain.Version, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return a.Services.Listings.AddLaunchOption(ctx, pr, p, revision, rawARN)
}

// UpdateVersion saves the given parts of a version's details
// (UpdateDeliveryOptions).
func (a *App) UpdateVersion(ctx context.Context, pr domain.Principal, id string, revision int, versionID int64, parts domain.VersionParts, edit domain.Version) (*domain.Product, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	versions, err := a.Repos.Products.Versions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(versions, func(v domain.Version) bool { return v.ID == versionID })
	if i < 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return p, a.Services.Listings.UpdateVersion(ctx, pr.User, p, revision, &versions[i], parts, edit)
}

// UpdateOffer saves the pricing and the EULA (UpdatePricingTerms,
// UpdateLegalTerms).
func (a *App) UpdateOffer(ctx context.Context, pr domain.Principal, id string, revision int, offer domain.Offer) (*domain.Product, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return p, a.Services.Listings.UpdateOffer(ctx, pr.User, p, revision, offer)
}

// SubmitForPublishing snapshots the listing and schedules its staging.
func (a *App) SubmitForPublishing(ctx context.Context, pr domain.Principal, id string, revision int, testAccounts string) (*domain.Product, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return p, a.Services.Publishing.Submit(ctx, pr.User, p, revision, testAccounts)
}

// SignOff publishes a product in test (ReleaseProduct).
func (a *App) SignOff(ctx context.Context, pr domain.Principal, id string, revision int) (*domain.Product, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	var before *domain.Offer
	if p.PublicSnapshot != nil {
		live := p.PublicSnapshot.Offer
		before = &live
	}
	if err := a.Services.Publishing.SignOff(ctx, pr.User, p, revision); err != nil {
		return p, err
	}
	a.notify(ctx, []domain.Notice{{AccountID: p.AccountID, Message: domain.MsgNotifySignedOff,
		Data: map[string]string{"Product": p.ID, "Title": title(p), "Link": "/marketplace/pp/" + p.ID}}})
	if before != nil && p.PublicSnapshot != nil && !samePublicPricing(*before, p.PublicSnapshot.Offer) {
		// Prices that went live with a sign-off reach existing agreements
		// by the same rule as a change of public pricing: decreases at
		// once, increases after the notice, each buyer told.
		agreements, err := a.Repos.Agreements.OfferAgreements(ctx, domain.PublicOfferID(p.ID))
		if err != nil {
			return p, err
		}
		return p, a.scheduleForAgreements(ctx, p, agreements, domain.TermsOf(p.PublicSnapshot.Offer), a.clock.Now())
	}
	return p, nil
}

// RestrictVersions chooses versions to restrict at the next staging
// (RestrictDeliveryOptions).
func (a *App) RestrictVersions(ctx context.Context, pr domain.Principal, id string, revision int, versionIDs []string) (*domain.Product, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return p, a.Services.Publishing.RestrictVersions(ctx, pr.User, p, revision, versionIDs)
}

// Unpublish removes a public listing (UpdateVisibility to Restricted).
func (a *App) Unpublish(ctx context.Context, pr domain.Principal, id string, revision int, req domain.Removal) (*domain.Product, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	if err := a.Services.Publishing.Unpublish(ctx, pr.User, p, revision, req); err != nil {
		return p, err
	}
	return p, a.notifyRemoval(ctx, p)
}

// notifyRemoval tells every subscriber of a removed product until when it
// is supported, and its replacement if the seller named one.
func (a *App) notifyRemoval(ctx context.Context, p *domain.Product) error {
	subs, err := a.Repos.Subscriptions.ProductSubscriptions(ctx, p.ID)
	if err != nil || len(subs) == 0 || p.Removal == nil {
		return err
	}
	data := map[string]string{"Title": title(p), "SupportUntil": p.Removal.SupportUntil.Format(time.DateOnly),
		"Replacement": "", "Link": "/marketplace/pp/" + p.ID}
	if id := p.Removal.ReplacementID; id != "" {
		if r, err := a.Repos.Products.ProductByID(ctx, id); err == nil {
			data["Replacement"], data["ReplacementLink"] = title(r), "/marketplace/pp/"+id
		}
	}
	notices := make([]domain.Notice, len(subs))
	for i, s := range subs {
		notices[i] = domain.Notice{AccountID: s.AccountID, Message: domain.MsgNotifyProductRemoved, Data: data}
	}
	a.notify(ctx, notices)
	return nil
}

// RequestTestAccounts asks Seller Operations for more test accounts.
func (a *App) RequestTestAccounts(ctx context.Context, pr domain.Principal, id, accounts, message string) (*domain.TestAccountRequest, error) {
	p, err := a.editable(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return a.Services.Operations.RequestTestAccounts(ctx, pr.User, p, accounts, message)
}
