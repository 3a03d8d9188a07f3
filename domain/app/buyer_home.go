package app

import (
	"context"

	"github.com/mlportal/portal/domain"
)

// BuyerSummary is what the home page of an account that sells nothing
// counts: its subscriptions, the private offers it may still accept and
// its active agreements.
type BuyerSummary struct {
	Subscriptions int
	Offers        int
	Agreements    int
}

// BuyerHome summarizes what the principal's account has bought and may
// accept, or returns nil for a seller (an account with a listing, in any
// state, or a public profile), whose home is the road to publishing. What
// the principal may not read counts as none. It reads whether the account
// has a product, never the products: a seller may have 100,000.
func (a *App) BuyerHome(ctx context.Context, pr domain.Principal) (*BuyerSummary, error) {
	if seller, err := a.sells(ctx, pr); err != nil || seller {
		return nil, err
	}
	now := a.clock.Now()
	var b BuyerSummary
	subs, err := a.Subscriptions(ctx, pr)
	if err := allowedOrNone(err); err != nil {
		return nil, err
	}
	b.Subscriptions = len(subs)
	offers, err := a.BuyerPrivateOffers(ctx, pr)
	if err := allowedOrNone(err); err != nil {
		return nil, err
	}
	agreements, err := a.BuyerAgreements(ctx, pr)
	if err := allowedOrNone(err); err != nil {
		return nil, err
	}
	accepted := map[string]bool{}
	for _, ag := range agreements {
		accepted[ag.OfferID] = true
		if ag.ActiveAt(now) {
			b.Agreements++
		}
	}
	for _, o := range offers {
		if !o.Expired(now) && !accepted[o.ID] {
			b.Offers++
		}
	}
	return &b, nil
}

// sells reports whether the principal's account has a listing the
// principal may list, or a public seller profile.
func (a *App) sells(ctx context.Context, pr domain.Principal) (bool, error) {
	account, err := accountOf(pr)
	if err != nil {
		return false, err
	}
	if domain.Authorize(pr, domain.ActionListEntities, domain.AnyResource) == nil {
		if has, err := a.Repos.Products.HasProducts(ctx, account); err != nil || has {
			return has, err
		}
	}
	ready, err := a.Services.Sellers.Readiness(ctx, account)
	return ready.Profile, err
}

// allowedOrNone passes on an error other than a refusal: a list the
// principal may not read counts as empty.
func allowedOrNone(err error) error {
	if domain.ErrorCode(err) == domain.EFORBIDDEN {
		return nil
	}
	return err
}
