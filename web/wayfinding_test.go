package web_test

import (
	"net/http"
	"testing"
)

// TestSignedOutPagesLeadToTheMarketplace: a visitor who is not signed in
// can reach the marketplace from the top bar.
func TestSignedOutPagesLeadToTheMarketplace(t *testing.T) {
	env := newEnv(t)
	r := env.client().get("/login")
	if got := r.attr("[data-testid=marketplace-link]", "href"); got != "/marketplace" {
		t.Errorf("signed-out top bar links the marketplace at %q", got)
	}
	expectStatus(t, env.client().get("/marketplace"), http.StatusOK)
}

// TestBuyerLandsOnABuyersHome: an account that sells nothing lands on a
// home page about buying (its subscriptions, the private offers to
// review, its agreements) with a way to start selling; a seller keeps the
// road to publishing.
func TestBuyerLandsOnABuyersHome(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	acceptedPrivateOffer(t, env, w.productID, "buyer@example.com")
	// A second offer, still to review.
	seller, buyer := rootPrincipal(t, env, "root@acme.example"), rootPrincipal(t, env, "buyer@example.com")
	_, required, err := env.app.OfferForm(t.Context(), seller, w.productID)
	if err != nil {
		t.Fatal(err)
	}
	in := privateOfferFor(required, w.productID, buyer.User.AccountID, env)
	if _, err := env.app.CreatePrivateOffer(t.Context(), seller, in); err != nil {
		t.Fatal(err)
	}

	home := w.buyer.get("/")
	if home.doc.Find("[data-testid=buyer-home]").Length() == 0 || home.doc.Find("[data-testid=home-steps]").Length() != 0 {
		t.Fatalf("the buyer's home is the seller's: %q", home.text("main"))
	}
	for id, want := range map[string]string{"home-subscriptions": "1", "home-offers": "1", "home-agreements": "1"} {
		if got := home.text("[data-testid=" + id + "]"); got != want {
			t.Errorf("%s = %q, want %s", id, got, want)
		}
	}
	if home.attr("[data-testid=start-selling]", "href") != "/settings" {
		t.Error("the buyer's home has no way to start selling")
	}
	if sellerHome := w.seller.get("/"); sellerHome.doc.Find("[data-testid=home-steps]").Length() == 0 ||
		sellerHome.doc.Find("[data-testid=buyer-home]").Length() != 0 {
		t.Error("the seller's home lost the road to publishing")
	}
}
