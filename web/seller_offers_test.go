package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/mlportal/portal/domain"
)

// The seller's offers and agreements pages, driven over HTTP as a seller
// would: list, create a private offer, look at it, change public prices
// through the review step, and read the agreements buyers made.

const (
	offersPage     = "/management/offers"
	newOfferPage   = "/management/offers/new"
	agreementsPage = "/management/agreements"
)

// dashed writes an account ID as AWS shows it: 1234-5678-9012.
func dashed(id string) string { return id[:4] + "-" + id[4:8] + "-" + id[8:] }

// validOffer is a private offer the world's seller can make to its buyer.
func validOffer(env *testEnv, w *offerWorld) url.Values {
	return url.Values{
		"product":                     {w.productID},
		"name":                        {"Enterprise discount"},
		"buyers":                      {dashed(w.buyerAccount)},
		"legal":                       {"standard"},
		"expires_on":                  {env.clock.Now().AddDate(0, 0, 30).Format(time.DateOnly)},
		"duration_months":             {"12"},
		"price.realtime.ml.c5.xlarge": {"0.5"},
		"price.realtime.ml.m5.large":  {"0.25"},
		"price.batch.ml.m5.xlarge":    {"0.4"},
	}
}

// postOffer posts the new offer form from the product's form page.
func postOffer(w *offerWorld, form url.Values) *response {
	return w.seller.post(newOfferPage+"?product="+w.productID, newOfferPage, form)
}

// createOffer makes a valid private offer and returns its ID.
func createOffer(t *testing.T, env *testEnv, w *offerWorld) string {
	t.Helper()
	r := postOffer(w, validOffer(env, w))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating the offer: status %d\n%.3000s", r.StatusCode, r.body)
	}
	id := strings.TrimPrefix(r.Header.Get("Location"), offersPage+"/")
	if !domain.IsOfferID(id) {
		t.Fatalf("redirected to %q, want the offer's page", r.Header.Get("Location"))
	}
	return id
}

func storedOffers(t *testing.T, env *testEnv, w *offerWorld) []domain.PrivateOffer {
	t.Helper()
	offers, err := env.app.Repos.Offers.SellerOffers(t.Context(), w.sellerAccount)
	if err != nil {
		t.Fatal(err)
	}
	return offers
}

// buyerPrincipal is the world's buyer as the core sees it.
func buyerPrincipal(t *testing.T, env *testEnv) domain.Principal {
	t.Helper()
	u, err := env.db.Accounts().UserByEmail(t.Context(), "buyer@example.com")
	if err != nil {
		t.Fatal(err)
	}
	return domain.Principal{User: u}
}

// subscribe makes the buyer's agreement on the public offer.
func subscribe(t *testing.T, w *offerWorld) {
	t.Helper()
	page := "/marketplace/pp/" + w.productID
	expectRedirect(t, w.buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
}

func TestOffersListsPublicAndPrivateOffers(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)

	r := w.seller.get(offersPage)
	expectStatus(t, r, http.StatusOK)
	row := `[data-testid="public-offer-` + w.productID + `"]`
	if r.doc.Find(row).Length() != 1 {
		t.Fatalf("public offer of %s not listed", w.productID)
	}
	if got := r.text(row + ` [data-testid=pricing-summary]`); got != "Free" {
		t.Errorf("pricing summary %q, want Free", got)
	}
	pricing := offersPage + "/" + domain.PublicOfferID(w.productID) + "/pricing"
	if href := r.attr(row+` [data-testid=change-pricing]`, "href"); href != pricing {
		t.Errorf("change pricing link %q", href)
	}
	if r.text("[data-testid=no-private-offers]") == "" {
		t.Error("no private offers yet is not said")
	}
	if r.attr("[data-testid=create-private-offer]", "href") != newOfferPage {
		t.Error("no Create private offer button")
	}

	id := createOffer(t, env, w)
	r = w.seller.get(offersPage)
	row = `[data-testid="private-offer-` + id + `"]`
	if got := r.text(row + " [data-testid=offer-link]"); got != "Enterprise discount" {
		t.Errorf("private offer name %q", got)
	}
	product, err := env.db.Products().ProductByID(t.Context(), w.productID)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.text(row + " td:nth-child(2)"); got != product.Info.Title || got == "" {
		t.Errorf("private offer's product %q, want %q", got, product.Info.Title)
	}
	if got := r.text(row + " [data-testid=offer-buyers]"); got != w.buyerAccount {
		t.Errorf("buyers %q, want %s without dashes", got, w.buyerAccount)
	}
	if got := r.text(row + " [data-testid=offer-status]"); got != "Active" {
		t.Errorf("status %q", got)
	}
	if got := r.text(row + " [data-testid=offer-accepted]"); got != "0" {
		t.Errorf("accepted %q", got)
	}

	if _, err := env.app.AcceptPrivateOffer(t.Context(), buyerPrincipal(t, env), id, true); err != nil {
		t.Fatal(err)
	}
	if got := w.seller.get(offersPage).text(row + " [data-testid=offer-accepted]"); got != "1" {
		t.Errorf("accepted after acceptance %q", got)
	}
	env.clock.Advance(32 * 24 * time.Hour)
	expectRedirect(t, w.seller.login("root@acme.example", goodPassword), "/")
	if got := w.seller.get(offersPage).text(row + " [data-testid=offer-status]"); got != "Expired" {
		t.Errorf("status after expiry %q", got)
	}
	// Translated.
	w.seller.header.Set("Accept-Language", "fr")
	if got := w.seller.get(offersPage).text(row + " [data-testid=offer-status]"); got != "Expirée" {
		t.Errorf("French status %q", got)
	}
}

func TestCreatePrivateOffer(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)

	// The only live product is chosen already; its prices are asked for.
	r := w.seller.get(newOfferPage)
	expectStatus(t, r, http.StatusOK)
	if got := selectedOption(r, "product"); got != w.productID {
		t.Errorf("product preselected %q, want %s", got, w.productID)
	}
	for _, name := range []string{"price.realtime.ml.c5.xlarge", "price.realtime.ml.m5.large", "price.batch.ml.m5.xlarge"} {
		if r.doc.Find(`input[name="`+name+`"]`).Length() != 1 {
			t.Errorf("no input %s", name)
		}
	}
	if r.doc.Find(`input[name=expires_on][type=date]`).Length() != 1 || r.doc.Find(`textarea[name=buyers]`).Length() != 1 {
		t.Error("expiry date picker or buyers textarea missing")
	}
	if r.doc.Find("[data-testid=paid-not-ready]").Length() != 0 {
		t.Error("a seller ready for paid offers is told to complete settings")
	}
	if r.doc.Find(`form[data-testid=offer-form] input[name=_csrf]`).Length() != 1 {
		t.Error("form has no CSRF token")
	}

	form := validOffer(env, w)
	form.Set("legal", "custom")
	form.Set("eula", "You may use the model for one year.")
	r = postOffer(w, form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%.3000s", r.StatusCode, r.body)
	}
	page := w.seller.get(r.Header.Get("Location"))
	expectStatus(t, page, http.StatusOK)
	if got := page.text("[data-testid=flash]"); !strings.Contains(got, "Enterprise discount") {
		t.Errorf("flash %q", got)
	}
	if got := page.text("h1"); got != "Enterprise discount" {
		t.Errorf("heading %q", got)
	}
	if got := page.text("[data-testid=offer-buyers]"); got != w.buyerAccount {
		t.Errorf("buyers %q", got)
	}
	if got := page.text("[data-testid=offer-duration]"); got != "12" {
		t.Errorf("duration %q", got)
	}
	want := env.clock.Now().AddDate(0, 0, 30).Format(time.DateOnly)
	if got := page.text("[data-testid=offer-expires]"); got != want {
		t.Errorf("expires %q, want %s", got, want)
	}
	if got := page.text(`[data-testid=offer-terms-prices] tr[data-price="realtime:ml.m5.large"] td:last-child`); got != "$0.25" {
		t.Errorf("price of ml.m5.large %q", got)
	}
	if got := page.text("[data-testid=legal-terms] pre"); got != "You may use the model for one year." {
		t.Errorf("EULA %q", got)
	}
	if crumbs := page.text("[data-testid=breadcrumbs]"); !strings.Contains(crumbs, "Offers") || !strings.Contains(crumbs, "Enterprise discount") {
		t.Errorf("breadcrumbs %q do not name the offer", crumbs)
	}
	offers := storedOffers(t, env, w)
	if len(offers) != 1 || offers[0].Terms.EULA == "" || offers[0].Terms.StandardContract {
		t.Fatalf("stored %+v", offers)
	}
}

func TestCreatePrivateOfferRefusesEachBadInput(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	_, otherAccount := env.signedIn("Other", "other@example.com")
	_ = otherAccount
	cases := []struct {
		name, field, value, errorOf, want string
	}{
		{"unknown account", "buyers", "1111-2222-3333", "buyers", "doesn't belong to any account"},
		{"own account", "buyers", dashed(w.sellerAccount), "buyers", "Your own account"},
		{"malformed account", "buyers", "12345", "buyers", "12-digit"},
		{"no buyer", "buyers", "", "buyers", ""},
		{"negative price", "price.realtime.ml.m5.large", "-1", "price.realtime.ml.m5.large", "not negative"},
		{"malformed price", "price.batch.ml.m5.xlarge", "abc", "price.batch.ml.m5.xlarge", "0.125"},
		{"unsupported instance type", "price.realtime.ml.p3.2xlarge", "1", "price.realtime.ml.p3.2xlarge", "supports"},
		{"expiry in the past", "expires_on", env.clock.Now().AddDate(0, 0, -1).Format(time.DateOnly), "expires_on", "passed"},
		{"expiry malformed", "expires_on", "next week", "expires_on", "YYYY-MM-DD"},
		{"expiry too far", "expires_on", env.clock.Now().AddDate(2, 0, 0).Format(time.DateOnly), "expires_on", "365"},
		{"duration 0", "duration_months", "0", "duration_months", "1 to 60"},
		{"duration 61", "duration_months", "61", "duration_months", "1 to 60"},
		{"duration malformed", "duration_months", "-3", "duration_months", "1 to 60"},
		{"no name", "name", "  ", "name", ""},
		{"missing EULA", "legal", "custom", "eula", "Paste the text of your EULA"},
		{"no product", "product", "", "product", ""},
		{"another seller's product", "product", "prod-aaaaaaaaaaaaa", "product", "live for buyers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := validOffer(env, w)
			form.Set("name", "Typed name "+tc.name)
			form.Set(tc.field, tc.value)
			r := postOffer(w, form)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			msg := r.text(`[data-testid="error-` + tc.errorOf + `"]`)
			if msg == "" || !strings.Contains(msg, tc.want) {
				t.Errorf("message beside %s: %q, want %q", tc.errorOf, msg, tc.want)
			}
			if r.text("[data-testid=alert-error]") == "" {
				t.Error("the page does not say the form has errors")
			}
			// What was typed is kept.
			if tc.field != "name" {
				if got := r.attr(`input[name=name]`, "value"); got != "Typed name "+tc.name {
					t.Errorf("name kept as %q", got)
				}
			}
			switch {
			case tc.field == "buyers":
				if got := r.text(`textarea[name=buyers]`); got != tc.value {
					t.Errorf("buyers kept as %q, want %q", got, tc.value)
				}
			case strings.HasPrefix(tc.field, "price.") || tc.field == "expires_on" || tc.field == "duration_months":
				if got := r.attr(`input[name="`+tc.field+`"]`, "value"); got != tc.value {
					t.Errorf("%s kept as %q, want %q", tc.field, got, tc.value)
				}
			case tc.field == "legal":
				if !checked(r, `input[name=legal][value=custom]`) {
					t.Error("custom EULA choice not kept")
				}
			}
			if n := len(storedOffers(t, env, w)); n != 0 {
				t.Fatalf("%d offers stored", n)
			}
		})
	}
}

func TestCreatePrivateOfferKeepsEveryProblemAtOnce(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	form := validOffer(env, w)
	form.Set("buyers", w.sellerAccount)
	form.Set("price.realtime.ml.m5.large", "-1")
	form.Set("duration_months", "61")
	form.Set("expires_on", "2020-01-01")
	r := postOffer(w, form)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	for _, input := range []string{"buyers", "price.realtime.ml.m5.large", "duration_months", "expires_on"} {
		if r.text(`[data-testid="error-`+input+`"]`) == "" {
			t.Errorf("no message beside %s", input)
		}
	}
}

func TestCreatePrivateOfferNeedsCSRF(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	w.seller.get(newOfferPage)
	r := w.seller.postRaw(newOfferPage, validOffer(env, w))
	if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusBadRequest {
		t.Fatalf("post without CSRF token: status %d", r.StatusCode)
	}
	if n := len(storedOffers(t, env, w)); n != 0 {
		t.Fatalf("%d offers stored", n)
	}
	pricing := offersPage + "/" + domain.PublicOfferID(w.productID) + "/pricing"
	r = w.seller.postRaw(pricing, url.Values{"pricing": {"paid"}, "confirm": {"1"}})
	if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusBadRequest {
		t.Fatalf("pricing post without CSRF token: status %d", r.StatusCode)
	}
}

func TestNewOfferWithoutLiveProduct(t *testing.T) {
	env := newEnv(t)
	seller, _ := env.signedIn("Fresh", "fresh@example.com")
	r := seller.get(newOfferPage)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=no-offer-products]") == "" {
		t.Error("a seller without a live product is not told why")
	}
	if r.text("[data-testid=paid-not-ready]") == "" {
		t.Error("a seller without tax interview and bank account is not told offers need them")
	}
	r = seller.get(offersPage)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=no-public-offers]") == "" {
		t.Error("no products is not said")
	}
}

func TestOfferAndAgreementPagesOfAnotherSellerAreNotFound(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	id := createOffer(t, env, w)
	ag, err := env.app.AcceptPrivateOffer(t.Context(), buyerPrincipal(t, env), id, true)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := env.signedIn("Other", "other@example.com")
	for _, path := range []string{
		offersPage + "/" + id,
		offersPage + "/" + domain.PublicOfferID(w.productID),
		offersPage + "/" + domain.PublicOfferID(w.productID) + "/pricing",
		agreementsPage + "/" + ag.ID,
		offersPage + "/offer-nonsense",
		agreementsPage + "/agmt-nonsense",
	} {
		r := other.get(path)
		expectStatus(t, r, http.StatusNotFound)
	}
	if got := other.get(agreementsPage).doc.Find("[data-testid=agreements-table] tbody tr").Length(); got != 0 {
		t.Errorf("another seller sees %d agreements", got)
	}
	filtered := other.get(agreementsPage + "?product=" + w.productID)
	if got := filtered.doc.Find("[data-testid=agreements-table] tbody tr").Length(); got != 0 {
		t.Errorf("another seller filtering by the product sees %d agreements", got)
	}
	// The seller sees both.
	expectStatus(t, w.seller.get(offersPage+"/"+id), http.StatusOK)
	expectStatus(t, w.seller.get(agreementsPage+"/"+ag.ID), http.StatusOK)
}

func TestPublicOfferPage(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	subscribe(t, w)
	r := w.seller.get(offersPage + "/" + domain.PublicOfferID(w.productID))
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=offer-terms-summary]"); got != "Free" {
		t.Errorf("terms %q", got)
	}
	if r.text("[data-testid=legal-terms]") == "" {
		t.Error("legal terms not shown")
	}
	if got := r.doc.Find("[data-testid=agreements-table] tbody tr").Length(); got != 1 {
		t.Errorf("%d agreements on the public offer, want 1", got)
	}
	if r.attr("[data-testid=change-pricing]", "href") == "" {
		t.Error("no link to change public pricing")
	}
	// A private offer's ID has no pricing page.
	id := createOffer(t, env, w)
	expectStatus(t, w.seller.get(offersPage+"/"+id+"/pricing"), http.StatusNotFound)
}

func TestChangePublicPricingReviewThenConfirm(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	subscribe(t, w)
	offer := domain.PublicOfferID(w.productID)
	page := offersPage + "/" + offer + "/pricing"

	r := w.seller.get(page)
	expectStatus(t, r, http.StatusOK)
	revision := r.attr(`form[data-testid=pricing-form] input[name=revision]`, "value")
	if revision == "" {
		t.Fatal("no revision in the form")
	}
	if !checked(r, `input[name=pricing][value=free]`) {
		t.Error("current pricing (free) not chosen")
	}
	paid := url.Values{"revision": {revision}, "pricing": {"paid"}, "price.realtime.ml.c5.xlarge": {"0.5"},
		"price.realtime.ml.m5.large": {"0.25"}, "price.batch.ml.m5.xlarge": {"0.4"}}

	// Bad input: shown beside its field, nothing changed.
	bad := url.Values{}
	for k, v := range paid {
		bad[k] = v
	}
	bad.Set("price.realtime.ml.m5.large", "abc")
	bad.Set("price.realtime.ml.p3.2xlarge", "1")
	r = w.seller.post(page, page, bad)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text(`[data-testid="error-price.realtime.ml.m5.large"]`) == "" {
		t.Error("malformed price not refused beside its input")
	}
	if got := r.attr(`input[name="price.realtime.ml.m5.large"]`, "value"); got != "abc" {
		t.Errorf("typed price kept as %q", got)
	}

	// Unchanged prices are refused.
	r = w.seller.post(page, page, url.Values{"revision": {revision}, "pricing": {"free"}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-pricing]"); !strings.Contains(got, "current prices") {
		t.Errorf("unchanged pricing: %q", got)
	}

	// Review: nothing saved yet.
	r = w.seller.post(page, page, paid)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=pricing-review]").Length() != 1 {
		t.Fatalf("no review step\n%.3000s", r.body)
	}
	now := env.clock.Now()
	if got := r.text("[data-testid=review-new-buyers]"); !strings.Contains(got, now.Format(time.DateOnly)) {
		t.Errorf("new buyers from %q", got)
	}
	increase := now.Add(domain.DefaultPriceNotice).Format(time.DateOnly)
	if got := r.text("[data-testid=review-existing]"); !strings.Contains(got, increase) {
		t.Errorf("existing agreements: %q, want increases from %s", got, increase)
	}
	if got := r.text("[data-testid=review-affected]"); got != "1" {
		t.Errorf("affected %q, want 1", got)
	}
	if got := r.attr(`form[data-testid=confirm-form] input[name=confirm]`, "value"); got != "1" {
		t.Errorf("confirm field %q", got)
	}
	if got := r.attr(`form[data-testid=confirm-form] input[name="price.realtime.ml.m5.large"]`, "value"); got != "0.25" {
		t.Errorf("confirm form carries price %q", got)
	}
	if got := r.attr(`form[data-testid=confirm-form] input[name=revision]`, "value"); got != revision {
		t.Errorf("confirm form carries revision %q, want %s", got, revision)
	}
	summary := `[data-testid="public-offer-` + w.productID + `"] [data-testid=pricing-summary]`
	if got := w.seller.get(offersPage).text(summary); got != "Free" {
		t.Errorf("review changed the prices already: %q", got)
	}

	// Confirm with the values the review step carries.
	confirm := url.Values{}
	r.doc.Find(`form[data-testid=confirm-form] input[type=hidden]`).Each(func(_ int, s *goquery.Selection) {
		confirm.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	r = w.seller.postRaw(page, confirm)
	expectRedirect(t, r, offersPage+"/"+offer)
	r = w.seller.get(offersPage + "/" + offer)
	if got := r.text("[data-testid=flash]"); got == "" {
		t.Error("no flash after confirming")
	}
	if got := r.text("[data-testid=offer-terms-summary]"); !strings.Contains(got, "$0.25") {
		t.Errorf("public terms after the change %q", got)
	}

	// The buyer's agreement got the increase after notice.
	ags, err := env.app.Repos.Agreements.SellerAgreements(t.Context(), w.sellerAccount, domain.AgreementQuery{})
	if err != nil || len(ags) != 1 {
		t.Fatalf("agreements %v (%v)", ags, err)
	}
	r = w.seller.get(agreementsPage + "/" + ags[0].ID)
	expectStatus(t, r, http.StatusOK)
	if got := r.doc.Find("[data-testid=price-steps] > li").Length(); got == 0 {
		t.Fatal("no price steps shown")
	}
	if got := r.text("[data-testid=price-steps] [data-testid=step-scheduled]"); got == "" {
		t.Error("the increase is not shown as scheduled")
	}
	if !strings.Contains(r.text("[data-testid=price-steps]"), increase) {
		t.Errorf("price steps do not say %s: %q", increase, r.text("[data-testid=price-steps]"))
	}
	if got := r.text("[data-testid=current-terms-summary]"); got != "Free" {
		t.Errorf("current prices before the notice ends %q", got)
	}

	// A stale revision is refused.
	paid.Set("price.realtime.ml.m5.large", "0.3")
	paid.Set("confirm", "1")
	r = w.seller.post(page, page, paid)
	expectStatus(t, r, http.StatusConflict)
}

func TestChangePublicPricingOnANonPublicProductIsRefused(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	r := w.seller.post("/management/products/ml/new", "/management/products/ml/new", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating a draft: status %d", r.StatusCode)
	}
	draft := strings.Split(strings.TrimPrefix(r.Header.Get("Location"), "/management/products/ml/"), "/")[0]
	offer := offersPage + "/" + domain.PublicOfferID(draft)
	page := offer + "/pricing"

	expectRedirect(t, w.seller.get(page), offer)
	r = w.seller.get(offer)
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=flash]"); !strings.Contains(got, "published") {
		t.Errorf("refusal %q", got)
	}
	if r.doc.Find("[data-testid=change-pricing]").Length() != 0 {
		t.Error("a draft's public offer links to a pricing change")
	}
	r = w.seller.post(offersPage, page, url.Values{"revision": {"1"}, "pricing": {"paid"}, "confirm": {"1"}})
	expectRedirect(t, r, offer)
	if got := w.seller.get(offer).text("[data-testid=flash]"); !strings.Contains(got, "published") {
		t.Errorf("refusal of the post %q", got)
	}
	// Nor can a private offer be made on it.
	form := validOffer(env, w)
	form.Set("product", draft)
	r = postOffer(w, form)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("[data-testid=error-product]"), "live for buyers") {
		t.Errorf("private offer on a draft: %q", r.text("[data-testid=error-product]"))
	}
}

func TestAgreementsListAndFilters(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	subscribe(t, w)
	env.clock.Advance(time.Hour)
	id := createOffer(t, env, w)
	private, err := env.app.AcceptPrivateOffer(t.Context(), buyerPrincipal(t, env), id, true)
	if err != nil {
		t.Fatal(err)
	}

	r := w.seller.get(agreementsPage)
	expectStatus(t, r, http.StatusOK)
	rows := r.doc.Find("[data-testid=agreements-table] tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("%d agreements listed, want 2 (public replaced by private)", rows.Length())
	}
	row := `[data-testid="agreement-` + private.ID + `"]`
	if got := r.text(row + " [data-testid=agreement-buyer]"); got != w.buyerAccount {
		t.Errorf("buyer %q", got)
	}
	if got := r.text(row + " [data-testid=agreement-offer]"); got != "Private" {
		t.Errorf("offer kind %q", got)
	}
	if got := r.text(row + " [data-testid=agreement-status]"); got != "Active" {
		t.Errorf("status %q", got)
	}
	if got := r.text(row + " [data-testid=agreement-prices]"); !strings.Contains(got, "$0.25") {
		t.Errorf("current prices %q", got)
	}
	if r.doc.Find(`select[name=product] option[value="`+w.productID+`"]`).Length() != 1 {
		t.Error("no product filter")
	}
	if r.doc.Find(`select[name=status] option[value=replaced]`).Text() != "Replaced" {
		t.Error("status filter not translated")
	}

	r = w.seller.get(agreementsPage + "?status=active")
	if got := r.doc.Find("[data-testid=agreements-table] tbody tr").Length(); got != 1 {
		t.Errorf("active filter: %d rows", got)
	}
	if selectedOption(r, "status") != "active" {
		t.Error("status filter not kept")
	}
	r = w.seller.get(agreementsPage + "?status=replaced&product=" + w.productID)
	if got := r.doc.Find("[data-testid=agreements-table] tbody tr").Length(); got != 1 {
		t.Errorf("replaced filter: %d rows", got)
	}
	if selectedOption(r, "product") != w.productID {
		t.Error("product filter not kept")
	}
	r = w.seller.get(agreementsPage + "?status=cancelled")
	if r.text("[data-testid=no-agreements]") == "" {
		t.Error("empty result not said")
	}
	// After the private agreement's 12 months it has expired.
	env.clock.Advance(366 * 24 * time.Hour)
	expectRedirect(t, w.seller.login("root@acme.example", goodPassword), "/")
	r = w.seller.get(agreementsPage + "?status=expired")
	if got := r.doc.Find("[data-testid=agreements-table] tbody tr").Length(); got != 1 {
		t.Errorf("expired filter a year later: %d rows", got)
	}

	r = w.seller.get(agreementsPage + "/" + private.ID)
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=agreement-status]"); got != "Expired" {
		t.Errorf("agreement status %q", got)
	}
	if got := r.text("[data-testid=agreement-end]"); got != private.EndAt.Format(time.DateOnly) {
		t.Errorf("end %q", got)
	}
	if r.text("[data-testid=accepted-terms-prices]") == "" ||
		r.text("[data-testid=legal-terms]") != "Standard Contract for AWS Marketplace" {
		t.Error("accepted terms not shown")
	}
	if r.text("[data-testid=no-price-steps]") == "" {
		t.Error("no price steps is not said")
	}
	if href := r.attr("[data-testid=agreement-offer] a", "href"); href != offersPage+"/"+id {
		t.Errorf("offer link %q", href)
	}
	// The private offer's page lists it.
	if got := w.seller.get(offersPage + "/" + id).doc.Find(`[data-testid="agreement-` + private.ID + `"]`).Length(); got != 1 {
		t.Error("the offer's page does not list its agreement")
	}
}

// messageID finds a catalog message ID left untranslated in a page.
var messageID = regexp.MustCompile(`\b(offers|listing|nav|app)\.[a-z_]+[a-z]\b`)

func TestOfferPagesInEveryLanguage(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	subscribe(t, w)
	id := createOffer(t, env, w)
	ag, err := env.app.AcceptPrivateOffer(t.Context(), buyerPrincipal(t, env), id, true)
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{offersPage, newOfferPage, offersPage + "/" + id, offersPage + "/" + domain.PublicOfferID(w.productID),
		offersPage + "/" + domain.PublicOfferID(w.productID) + "/pricing", agreementsPage, agreementsPage + "/" + ag.ID}
	for _, lang := range []string{"en", "fr", "es"} {
		w.seller.header.Set("Accept-Language", lang)
		for _, p := range pages {
			r := w.seller.get(p)
			expectStatus(t, r, http.StatusOK)
			if id := messageID.FindString(r.doc.Find("body").Text()); id != "" {
				t.Errorf("%s in %s shows the message ID %q", p, lang, id)
			}
		}
	}
}

func TestOfferPagesFollowIAMPolicies(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	id := createOffer(t, env, w)
	public := offersPage + "/" + domain.PublicOfferID(w.productID)

	none := iamBuyer(t, env, w.seller, w.sellerAccount, "nobody", "", "")
	for _, p := range []string{offersPage, newOfferPage, offersPage + "/" + id, public, public + "/pricing", agreementsPage} {
		expectStatus(t, none.get(p), http.StatusForbidden)
	}

	const readOnly = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Action":["aws-marketplace:ListEntities","aws-marketplace:DescribeEntity"],"Resource":"*"}]}`
	reader := iamBuyer(t, env, w.seller, w.sellerAccount, "reader", readOnly, "")
	r := reader.get(offersPage)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=create-private-offer]").Length() != 0 || r.doc.Find("[data-testid=change-pricing]").Length() != 0 {
		t.Error("a reader is offered to create a private offer or change prices")
	}
	expectStatus(t, reader.get(offersPage+"/"+id), http.StatusOK)
	expectStatus(t, reader.get(agreementsPage), http.StatusOK)
	r = reader.get(public)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=change-pricing]").Length() != 0 {
		t.Error("a reader is offered to change public pricing")
	}
	expectStatus(t, reader.get(public+"/pricing"), http.StatusForbidden)
	expectStatus(t, reader.post(offersPage, newOfferPage, validOffer(env, w)), http.StatusForbidden)
	if n := len(storedOffers(t, env, w)); n != 1 {
		t.Fatalf("%d offers stored", n)
	}
}

// sellerPageWidth measures whether a page scrolls sideways.
type sellerPageWidth struct {
	ScrollWidth int64 `json:"scrollWidth"`
	InnerWidth  int64 `json:"innerWidth"`
}

// TestBrowserSellerOfferPagesAtEveryWidth opens the seller's offer and
// agreement pages in Chromium at a phone's and a laptop's width, with a
// long offer name and license: no page scrolls sideways.
func TestBrowserSellerOfferPagesAtEveryWidth(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	subscribe(t, w)
	form := validOffer(env, w)
	form.Set("name", "Enterprise agreement for the whole analytics department, renewed yearly with support")
	form.Set("legal", "custom")
	form.Set("eula", strings.Repeat("ACME-PRIVATE-LICENSE-CLAUSE-WITHOUT-ANY-SPACE-", 8)+"\n"+
		strings.Repeat("Section: the licensee may run the model on its own instances.\n", 40))
	r := postOffer(w, form)
	expectStatus(t, r, http.StatusSeeOther)
	offer := r.Header.Get("Location")
	ag, err := env.app.AcceptPrivateOffer(t.Context(), buyerPrincipal(t, env), strings.TrimPrefix(offer, offersPage+"/"), true)
	if err != nil {
		t.Fatal(err)
	}
	public := offersPage + "/" + domain.PublicOfferID(w.productID)
	pages := []string{offersPage, newOfferPage, offer, public, public + "/pricing", agreementsPage, agreementsPage + "/" + ag.ID}

	b := newBrowser(t, env)
	u, _ := url.Parse(env.srv.URL)
	for _, vp := range viewports {
		setup := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: vp.width, Height: vp.height, DeviceScaleFactor: 1}); err != nil {
				return chromedp.Void{}, err
			}
			for _, c := range w.seller.http.Jar.Cookies(u) {
				if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{
					Name: c.Name, Value: c.Value, URL: u.String() + "/", Path: "/"}); err != nil {
					return chromedp.Void{}, err
				}
			}
			return chromedp.Void{}, nil
		}
		if err := chromedp.Do(b.ctx, setup); err != nil {
			t.Fatal(err)
		}
		for _, path := range pages {
			b.open(path)
			if b.location() != path {
				t.Fatalf("%s px: %s went to %s", vp.name, path, b.location())
			}
			m, err := chromedp.Run(b.ctx, chromedp.Evaluate[sellerPageWidth](
				`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})`))
			if err != nil {
				t.Fatal(err)
			}
			if m.ScrollWidth > m.InnerWidth {
				t.Errorf("%s px %s: the page scrolls sideways (%d px in %d)", vp.name, path, m.ScrollWidth, m.InnerWidth)
			}
			b.screenshot("seller-offers-" + vp.name + strings.ReplaceAll(path, "/", "-"))
		}
		// The review step of new public prices.
		b.open(public + "/pricing")
		b.check("input[name=pricing][value=paid]")
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](
			`document.querySelectorAll("[data-testid=prices-table] input").forEach(e => e.value = "0.3")`)); err != nil {
			t.Fatal(err)
		}
		b.click("[data-testid=review-pricing]")
		if b.text("[data-testid=review-affected]") == "" {
			t.Fatalf("%s px: no review step: %s", vp.name, b.text("main"))
		}
		m, err := chromedp.Run(b.ctx, chromedp.Evaluate[sellerPageWidth](
			`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})`))
		if err != nil {
			t.Fatal(err)
		}
		if m.ScrollWidth > m.InnerWidth {
			t.Errorf("%s px: the pricing review scrolls sideways (%d px in %d)", vp.name, m.ScrollWidth, m.InnerWidth)
		}
		b.screenshot("seller-offers-" + vp.name + "-pricing-review")
	}
}
