package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestPricingOffersTheStandardContract: the pricing section's legal terms
// are a custom EULA or the Standard Contract for AWS Marketplace; with the
// standard contract no EULA is needed, the choice is kept, and a custom
// EULA is still required when chosen.
func TestPricingOffersTheStandardContract(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := newListing(t, root)
	base := "/management/products/ml/" + id
	expectRedirect(t, saveSection(t, root, base+"/edit/launch-option", url.Values{
		"arn": {"arn:aws:sagemaker:us-east-1:" + accountID + ":model-package/sentiment"}, "then": {"add"}}), base+"/edit/launch-option")
	pricing := base + "/edit/pricing"

	r := root.postMultipartParts(pricing, pricing, url.Values{"revision": {revisionOf(t, root.get(pricing))}, "pricing": {"free"},
		"legal": {"custom"}, "then": {"close"}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-eula]") == "" || !checked(r, "input[name=legal][value=custom]") {
		t.Fatalf("a custom EULA chosen but not uploaded is not explained, or the choice is lost")
	}

	r = root.postMultipartParts(pricing, pricing, url.Values{"revision": {revisionOf(t, root.get(pricing))}, "pricing": {"free"},
		"legal": {"standard"}, "then": {"close"}})
	expectRedirect(t, r, base)
	p, err := env.db.Products().ProductByID(t.Context(), id)
	if err != nil || !p.Offer.StandardContract || p.Offer.EULA != "" {
		t.Fatalf("offer %+v (%v): want the Standard Contract and no EULA", p.Offer, err)
	}
	if !checked(root.get(pricing), "input[name=legal][value=standard]") {
		t.Error("the pricing section does not show the Standard Contract chosen")
	}
}

// TestProductPageNamesTheStandardContract: a public offer on the Standard
// Contract shows it on the product page instead of a EULA.
func TestProductPageNamesTheStandardContract(t *testing.T) {
	env := newEnv(t)
	_, _, id := publicListing(t, env)
	p, err := env.db.Products().ProductByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	p.Offer.StandardContract, p.PublicSnapshot.Offer.StandardContract = true, true
	if err := env.db.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil,
		domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeUpdateLegalTerms, Actor: "seed", At: env.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	r := env.client().get("/marketplace/pp/" + p.ID)
	if !strings.Contains(r.text("[data-testid=standard-contract]"), "Standard Contract for AWS Marketplace") || r.text("[data-testid=eula]") != "" {
		t.Errorf("product page legal terms: %q / EULA %q", r.text("[data-testid=standard-contract]"), r.text("[data-testid=eula]"))
	}
}
