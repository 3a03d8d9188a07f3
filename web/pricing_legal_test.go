package web_test

import (
	"net/http"
	"net/url"
	"testing"
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
