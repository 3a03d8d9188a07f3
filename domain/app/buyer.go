package app

import (
	"context"

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
	if _, err := buyerAccount(pr, domain.ActionSubscribe); err != nil {
		return nil, err
	}
	return a.Services.Marketplace.Subscribe(ctx, pr.User, productID, eulaAccepted)
}

// CancelSubscription ends the account's subscription to a product.
func (a *App) CancelSubscription(ctx context.Context, pr domain.Principal, productID string) error {
	if _, err := buyerAccount(pr, domain.ActionUnsubscribe); err != nil {
		return err
	}
	return a.Services.Marketplace.Cancel(ctx, pr.User, productID)
}

// Subscriptions lists the account's active subscriptions, newest first.
func (a *App) Subscriptions(ctx context.Context, pr domain.Principal) ([]domain.Subscription, error) {
	account, err := buyerAccount(pr, domain.ActionViewSubscriptions)
	if err != nil {
		return nil, err
	}
	return a.Repos.Subscriptions.ActiveSubscriptions(ctx, account)
}
