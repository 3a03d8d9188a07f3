package web_test

import (
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// offerWorld is a seller ready for paid offers (profile, tax interview,
// bank) with a public product, and a buyer account beside it.
type offerWorld struct {
	seller        *client
	sellerAccount string
	buyer         *client
	buyerAccount  string
	productID     string
}

// newOfferWorld publishes the "sentiment" model package listing (a free
// public offer; an offer on it prices real-time ml.c5.xlarge and
// ml.m5.large, and batch ml.m5.xlarge) and signs up a buyer.
func newOfferWorld(t *testing.T, env *testEnv) *offerWorld {
	t.Helper()
	seller, sellerAccount, id := publicListing(t, env)
	completeSellerSettings(t, seller)
	buyer, buyerAccount := env.signedIn("Buyer", "buyer@example.com")
	return &offerWorld{seller: seller, sellerAccount: sellerAccount, buyer: buyer, buyerAccount: buyerAccount, productID: id}
}

func TestOfferWorldIsReady(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	required, err := env.app.Services.Listings.RequiredPrices(t.Context(), w.productID)
	if err != nil || len(required) == 0 {
		t.Fatalf("required prices %v (%v)", required, err)
	}
	t.Logf("instance types to price: %v", required)
}

// privateOfferFor is a private offer on a product to one buyer: $0.20 an
// hour for each instance type to price, on the Standard Contract, open for
// 30 days, for 12 months.
func privateOfferFor(required []domain.InstancePrice, productID, buyer string, env *testEnv) domain.PrivateOfferInput {
	prices := map[domain.InstancePrice]string{}
	for _, r := range required {
		prices[domain.InstancePrice{Use: r.Use, InstanceType: r.InstanceType}] = "0.2"
	}
	return domain.PrivateOfferInput{ProductID: productID, Name: "Enterprise terms", Buyers: buyer, Prices: prices,
		StandardContract: true, ExpiresOn: env.clock.Now().AddDate(0, 0, 30).Format(time.DateOnly), DurationMonths: "12"}
}
