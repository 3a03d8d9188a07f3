package app

import (
	"context"
	"slices"

	"github.com/mlportal/portal/domain"
)

// The buyer's use cases act for the principal's account and need the
// aws-marketplace actions that AWS's AWSMarketplaceManageSubscriptions and
// AWSMarketplaceRead-only policies grant; the root user has them all.

// buyerAccount authorizes action for the principal's account.
func buyerAccount(pr domain.Principal, action string) (string, error) {
	account, err := accountOf(pr)
	if err != nil {
		return "", err
	}
	return account, domain.Authorize(pr, action, domain.AnyResource)
}

// Subscribe subscribes the principal's account to a product it may see,
// once the EULA is accepted.
func (a *App) Subscribe(ctx context.Context, pr domain.Principal, productID string, eulaAccepted bool) (*domain.Subscription, error) {
	buyer, err := buyerAccount(pr, domain.ActionSubscribe)
	if err != nil {
		return nil, err
	}
	p, access, err := a.Services.Marketplace.VisibleProduct(ctx, productID, buyer)
	if err != nil {
		return nil, err
	}
	if err := access.CanSubscribe(p); err != nil {
		return nil, err
	}
	if !eulaAccepted {
		return nil, domain.Invalid(domain.FieldErrors{domain.FieldEULAAccepted: domain.MsgAcceptEULA})
	}
	shown, _ := p.PublishedFor(access, nil)
	terms := domain.TermsOf(shown.Offer)
	if terms.Pricing == domain.PricingPaidTrial {
		had, err := a.hadTrial(ctx, buyer, p.ID)
		if err != nil {
			return nil, err
		}
		if had {
			// A free trial is once per account and product: subscribing
			// again starts at the paid prices.
			terms.Pricing, terms.TrialDays = domain.PricingPaid, 0
		}
	}
	now := a.clock.Now()
	ag, err := domain.NewAgreement(domain.PublicOfferID(p.ID), p, buyer, terms, now, 0, false)
	if err != nil {
		return nil, err
	}
	if err := a.Repos.Agreements.MakeAgreement(ctx, ag, domain.TrialJobs(ag)); err != nil {
		return nil, err
	}
	if buyer != p.AccountID {
		a.notify(ctx, []domain.Notice{{AccountID: p.AccountID, Message: domain.MsgNotifyNewSubscription,
			Data: map[string]string{"Title": title(p), "Buyer": buyer, "Link": "/management/agreements/" + ag.ID}}})
	}
	return &domain.Subscription{AccountID: buyer, ProductID: p.ID, Test: ag.Test, CreatedAt: now}, nil
}

// hadTrial reports whether the account had a free trial of the product.
func (a *App) hadTrial(ctx context.Context, buyer, productID string) (bool, error) {
	agreements, err := a.Repos.Agreements.BuyerAgreements(ctx, buyer)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(agreements, func(ag domain.Agreement) bool {
		return ag.ProductID == productID && !ag.TrialEndAt.IsZero()
	}), nil
}

// CancelSubscription ends the account's subscription to a product.
func (a *App) CancelSubscription(ctx context.Context, pr domain.Principal, productID string) error {
	buyer, err := buyerAccount(pr, domain.ActionUnsubscribe)
	if err != nil {
		return err
	}
	if _, _, err := a.Services.Marketplace.VisibleProduct(ctx, productID, buyer); err != nil {
		return err
	}
	return a.Repos.Agreements.CancelAgreement(ctx, buyer, productID, a.clock.Now())
}

// SubscribedListing is an active subscription with its product's listing
// as the subscriber sees it.
type SubscribedListing struct {
	Subscription domain.Subscription
	Listing      *Listing
}

// SubscribedListings lists the account's active subscriptions, newest
// first, each with its listing as the subscriber sees it; a product the
// subscriber can no longer see is left out. The SageMaker console's
// subscriptions page shows them on every visit: the revisions of all the
// products are read in one query, and the products from the cache.
func (a *App) SubscribedListings(ctx context.Context, pr domain.Principal) ([]SubscribedListing, error) {
	subs, err := a.Subscriptions(ctx, pr)
	if err != nil || len(subs) == 0 {
		return nil, err
	}
	ids := make([]string, len(subs))
	for i, sub := range subs {
		ids[i] = sub.ProductID
	}
	revisions, err := a.Repos.Products.ProductRevisions(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]SubscribedListing, 0, len(subs))
	for _, sub := range subs {
		rev, ok := revisions[sub.ProductID]
		if !ok {
			continue
		}
		l, err := a.subscribedListing(ctx, sub, rev)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, SubscribedListing{Subscription: sub, Listing: l})
	}
	return out, nil
}

// subscribedListing is the listing of sub's product, whose stored revision
// is rev, as its subscriber sees it, or ENOTFOUND.
func (a *App) subscribedListing(ctx context.Context, sub domain.Subscription, rev int) (*Listing, error) {
	working, live, err := a.listings.loadAt(ctx, a.Repos.Products, sub.ProductID, rev)
	if err != nil {
		return nil, err
	}
	return visibleListing(working, live, sub.AccountID, &sub)
}

// Subscriptions lists the account's active subscriptions, newest first.
func (a *App) Subscriptions(ctx context.Context, pr domain.Principal) ([]domain.Subscription, error) {
	account, err := buyerAccount(pr, domain.ActionViewSubscriptions)
	if err != nil {
		return nil, err
	}
	return a.Repos.Subscriptions.ActiveSubscriptions(ctx, account)
}
