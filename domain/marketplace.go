package domain

import (
	"context"
	"slices"
	"time"
)

// Access is what a viewer may see of a product's detail page.
type Access struct {
	// Visible is false for everyone the product is not shown to: they get
	// the ordinary 404 page, which reveals nothing.
	Visible bool
	// Seller is the product's own account.
	Seller bool
	// Tester is an allow-listed test account.
	Tester bool
}

// Staged reports whether the viewer previews Limited versions: the seller
// and allow-listed accounts do.
func (a Access) Staged() bool { return a.Seller || a.Tester }

// AccessOf decides who sees a product: its seller always; allow-listed test
// accounts once it is Limited or Public; once Public, every buyer of a
// public product, or the listed accounts of a private one. viewer is ""
// for a visitor who is not signed in.
func AccessOf(p *Product, viewer string) Access {
	a := Access{
		Seller: viewer != "" && viewer == p.AccountID,
		Tester: viewer != "" && slices.Contains(p.TestAccounts, viewer) && (p.Status == StatusLimited || p.Status == StatusPublic),
	}
	switch {
	case a.Seller || a.Tester:
		a.Visible = true
	case p.Status == StatusPublic && p.Info.Privacy == PrivacyPublic:
		a.Visible = true
	case p.Status == StatusPublic && p.Info.Privacy == PrivacyPrivate:
		a.Visible = viewer != "" && slices.Contains(p.Info.AllowedAccounts, viewer)
	}
	return a
}

// VisibleVersions returns the versions a viewer may choose: Public ones for
// everyone who sees the product, Limited ones for the seller and testers.
func VisibleVersions(versions []Version, a Access) []Version {
	var out []Version
	for _, v := range versions {
		if v.Status == VersionPublic || v.Status == VersionLimited && a.Staged() {
			out = append(out, v)
		}
	}
	return out
}

// Subscription is a buyer account's subscription to a product.
type Subscription struct {
	AccountID string
	ProductID string
	// Test marks a subscription made to a product in test.
	Test        bool
	CreatedAt   time.Time
	CancelledAt time.Time
}

// Active reports whether the subscription is in force.
func (s *Subscription) Active() bool { return s != nil && s.CancelledAt.IsZero() }

// SubscriptionRepository stores subscriptions: one active per account and
// product.
type SubscriptionRepository interface {
	// Subscribe stores a new subscription, replacing a cancelled one; an
	// active one gives ECONFLICT with MsgAlreadySubscribed.
	Subscribe(ctx context.Context, s *Subscription) error
	// Subscription returns the account's latest subscription, or ENOTFOUND.
	Subscription(ctx context.Context, accountID, productID string) (*Subscription, error)
	Cancel(ctx context.Context, accountID, productID string, at time.Time) error
}

// MarketplaceService is what buyers do with products.
type MarketplaceService struct {
	Products      ProductRepository
	Subscriptions SubscriptionRepository
	Clock         Clock
}

// VisibleProduct loads a product the viewer may see, or ENOTFOUND.
func (s *MarketplaceService) VisibleProduct(ctx context.Context, id, viewer string) (*Product, Access, error) {
	if !IsProductID(id) {
		return nil, Access{}, Errorf(ENOTFOUND, MsgNotFound)
	}
	p, err := s.Products.ProductByID(ctx, id)
	if err != nil {
		return nil, Access{}, err
	}
	// Privacy is judged as published, not as being edited.
	pub, _ := p.Published(nil)
	a := AccessOf(pub, viewer)
	if !a.Visible {
		return nil, Access{}, Errorf(ENOTFOUND, MsgNotFound)
	}
	return p, a, nil
}

// Subscribe subscribes the buyer's account after it accepted the EULA. A
// subscription to a product in test is marked as a test subscription.
func (s *MarketplaceService) Subscribe(ctx context.Context, buyer *User, id string, eulaAccepted bool) (*Subscription, error) {
	p, a, err := s.VisibleProduct(ctx, id, buyer.AccountID)
	if err != nil {
		return nil, err
	}
	if p.Status != StatusPublic && !a.Staged() || p.Status == StatusDraft {
		return nil, Errorf(ECONFLICT, MsgNotOpenForSubscription)
	}
	if !eulaAccepted {
		return nil, Invalid(FieldErrors{"accept_eula": MsgAcceptEULA})
	}
	sub := &Subscription{AccountID: buyer.AccountID, ProductID: p.ID, Test: p.Status != StatusPublic, CreatedAt: s.Clock.Now()}
	if err := s.Subscriptions.Subscribe(ctx, sub); err != nil {
		return nil, err
	}
	return sub, nil
}

// Cancel ends the buyer's subscription.
func (s *MarketplaceService) Cancel(ctx context.Context, buyer *User, id string) error {
	if _, _, err := s.VisibleProduct(ctx, id, buyer.AccountID); err != nil {
		return err
	}
	return s.Subscriptions.Cancel(ctx, buyer.AccountID, id, s.Clock.Now())
}
