package web_test

import (
	"net/url"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestSignedOffPriceIncreaseWaitsForNotice: prices raised in the listing's
// pricing section go live with the next sign-off; there too existing
// agreements keep their price until the notice ends, and their buyers are
// told.
func TestSignedOffPriceIncreaseWaitsForNotice(t *testing.T) {
	env := newEnv(t)
	buyer, buyerID := env.signedIn("Buyer", "buyer@example.com")
	f := updPublic(t, env)
	completeSellerSettings(t, f.root)
	makePaid(t, env, "root@acme.example", f.id, "0.1", 0)
	updSubscribe(t, buyer, f.id)

	required, err := env.app.Services.Listings.RequiredPrices(t.Context(), f.id)
	if err != nil {
		t.Fatal(err)
	}
	pricing := f.base + "/edit/pricing"
	values := url.Values{"revision": {revisionOf(t, f.root.get(pricing))}, "pricing": {"paid"}, "then": {"close"}}
	for _, r := range required {
		values.Set(priceKey(r), "0.3")
	}
	expectRedirect(t, f.root.postMultipartParts(pricing, pricing, values), f.base)
	f.addVersion("sentiment-v2", "2.0")
	f.submitAndStage("")
	if got := notices(t, env, "buyer@example.com", domain.MsgNotifyPriceChange); got != 0 {
		t.Fatalf("buyer told of a price change before it went live (%d)", got)
	}
	f.signOff()

	if got := notices(t, env, "buyer@example.com", domain.MsgNotifyPriceChange); got != 1 {
		t.Errorf("buyer told %d times of the price change at sign-off", got)
	}
	ag, err := env.app.Repos.Agreements.ActiveAgreement(t.Context(), buyerID, f.id)
	if err != nil {
		t.Fatal(err)
	}
	now := env.clock.Now()
	if _, prices := ag.PricingAt(now); len(prices) == 0 || prices[0].HourlyMillis != 100 {
		t.Errorf("existing agreement's price now: %+v, want $0.1", prices)
	}
	if _, prices := ag.PricingAt(now.Add(domain.DefaultPriceNotice)); len(prices) == 0 || prices[0].HourlyMillis != 300 {
		t.Errorf("existing agreement's price after the notice: %+v, want $0.3", prices)
	}
}

// priceKey is the pricing form's input for one use and instance type.
func priceKey(p domain.InstancePrice) string {
	return "price." + string(p.Use) + "." + p.InstanceType
}
