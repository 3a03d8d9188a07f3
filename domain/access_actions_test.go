package domain

import (
	"context"
	"reflect"
	"testing"
	"time"
)

const (
	accessSeller   = "111111111111"
	accessTester   = "222222222222"
	accessBuyer    = "333333333333"
	accessProduct  = "prod-acc0000000001"
	accessSubSince = 30 * time.Minute
)

// accessProductIn is a public listing of accessSeller in the given status,
// with accessTester allow-listed.
func accessProductIn(status ProductStatus) *Product {
	p := &Product{ID: accessProduct, AccountID: accessSeller, Status: status, TestAccounts: []string{accessTester},
		Info: GeneralInfo{Privacy: PrivacyPublic, Title: "Sentiment"}}
	if status == StatusRestricted {
		p.Removal = &Removal{At: t0, SupportUntil: SupportEnd(t0)}
	}
	return p
}

// accessSubscription is viewer's active subscription, or nil.
func accessSubscription(viewer string, subscribed, test bool) *Subscription {
	if !subscribed {
		return nil
	}
	return &Subscription{AccountID: viewer, ProductID: accessProduct, Test: test, CreatedAt: t0.Add(-accessSubSince)}
}

func TestBuyerActions(t *testing.T) {
	tests := []struct {
		name       string
		status     ProductStatus
		viewer     string
		subscribed bool
		test       bool
		want       BuyerActions
	}{
		{name: "limited, seller previews", status: StatusLimited, viewer: accessSeller,
			want: BuyerActions{IsPreview: true, CanSubscribe: true}},
		{name: "limited, tester previews", status: StatusLimited, viewer: accessTester,
			want: BuyerActions{IsPreview: true, CanSubscribe: true}},
		{name: "limited, tester subscribed for testing", status: StatusLimited, viewer: accessTester, subscribed: true, test: true,
			want: BuyerActions{IsPreview: true, IsSubscribed: true, IsTestSubscription: true, CanCancel: true, CanConfigure: true}},
		{name: "limited, anyone else", status: StatusLimited, viewer: accessBuyer},
		{name: "public, buyer", status: StatusPublic, viewer: accessBuyer, want: BuyerActions{CanSubscribe: true}},
		{name: "public, visitor", status: StatusPublic, want: BuyerActions{CanSubscribe: true}},
		{name: "public, tester sees no preview", status: StatusPublic, viewer: accessTester, want: BuyerActions{CanSubscribe: true}},
		{name: "public, subscribed buyer", status: StatusPublic, viewer: accessBuyer, subscribed: true,
			want: BuyerActions{IsSubscribed: true, CanCancel: true, CanConfigure: true}},
		{name: "public, tester kept the test subscription", status: StatusPublic, viewer: accessTester, subscribed: true, test: true,
			want: BuyerActions{IsSubscribed: true, IsTestSubscription: true, CanCancel: true, CanConfigure: true}},
		{name: "removed, subscribed buyer", status: StatusRestricted, viewer: accessBuyer, subscribed: true,
			want: BuyerActions{IsSubscribed: true, CanCancel: true, CancelIsFinal: true, CanConfigure: true}},
		{name: "removed, former buyer", status: StatusRestricted, viewer: accessBuyer},
		{name: "removed, its seller", status: StatusRestricted, viewer: accessSeller},
		{name: "draft, its seller", status: StatusDraft, viewer: accessSeller},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := accessProductIn(tt.status)
			a := AccessOf(p, tt.viewer).WithSubscription(accessSubscription(tt.viewer, tt.subscribed, tt.test))
			if got := a.Actions(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Actions() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// TestCanSubscribeAgreesWithSubscribe checks the page offers the
// subscription exactly when MarketplaceService.Subscribe takes it.
func TestCanSubscribeAgreesWithSubscribe(t *testing.T) {
	ctx := context.Background()
	for _, status := range []ProductStatus{StatusDraft, StatusLimited, StatusPublic, StatusRestricted} {
		for _, viewer := range []string{accessSeller, accessTester, accessBuyer} {
			for _, subscribed := range []bool{false, true} {
				products, subs := newListingProductsFake(), newUpdSubscriptionsFake()
				p := accessProductIn(status)
				products.products[p.ID] = *p
				if sub := accessSubscription(viewer, subscribed, false); sub != nil {
					subs.subs[[2]string{viewer, p.ID}] = *sub
				}
				svc := &MarketplaceService{Products: products, Subscriptions: subs, Clock: NewFakeClock(t0)}
				_, a, visibleErr := svc.VisibleProduct(ctx, p.ID, viewer)
				if visibleErr != nil {
					continue // the page is not shown at all
				}
				_, err := svc.Subscribe(ctx, &User{AccountID: viewer}, p.ID, true)
				if offered, taken := a.Actions(p).CanSubscribe, err == nil; offered != taken {
					t.Errorf("%s, viewer %s, subscribed %v: page offers %v, Subscribe() error %v", status, viewer, subscribed, offered, err)
				}
				if err != nil && updMessage(a.CanSubscribe(p)) != updMessage(err) {
					t.Errorf("%s, viewer %s, subscribed %v: CanSubscribe() = %v, Subscribe() = %v", status, viewer, subscribed, a.CanSubscribe(p), err)
				}
			}
		}
	}
}
