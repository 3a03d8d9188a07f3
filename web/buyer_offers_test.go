package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// sellerPrincipal is the offer world's seller as the core knows it.
func (w *offerWorld) sellerPrincipal(t *testing.T, env *testEnv) domain.Principal {
	t.Helper()
	u, err := env.db.Accounts().UserByEmail(context.Background(), domain.NormalizeEmail("root@acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	return domain.Principal{User: u}
}

// offerInput is a private offer on a product to buyers, pricing every
// instance type at $0.250 an hour but real-time ml.m5.large at $0.200,
// acceptable until 2026-12-31, for 12 months, with a custom EULA.
func offerInput(t *testing.T, env *testEnv, productID, name string, buyers ...string) domain.PrivateOfferInput {
	t.Helper()
	required, err := env.app.Services.Listings.RequiredPrices(t.Context(), productID)
	if err != nil {
		t.Fatal(err)
	}
	prices := map[domain.InstancePrice]string{}
	for _, r := range required {
		prices[domain.InstancePrice{Use: r.Use, InstanceType: r.InstanceType}] = "0.250"
	}
	prices[domain.InstancePrice{Use: domain.UseRealtime, InstanceType: "ml.m5.large"}] = "0.200"
	return domain.PrivateOfferInput{ProductID: productID, Name: name, Buyers: strings.Join(buyers, ","), Prices: prices,
		EULA: "ACME private licence.\nUse it well.", ExpiresOn: "2026-12-31", DurationMonths: "12"}
}

// advanceTo moves the test clock on to at, and signs the buyer in again
// (its session has expired by then).
func (w *offerWorld) advanceTo(t *testing.T, env *testEnv, at time.Time) {
	t.Helper()
	env.clock.Advance(at.Sub(env.clock.Now()))
	expectRedirect(t, w.buyer.login("buyer@example.com", goodPassword), "/")
}

func (w *offerWorld) extend(t *testing.T, env *testEnv, in domain.PrivateOfferInput) *domain.PrivateOffer {
	t.Helper()
	o, err := env.app.CreatePrivateOffer(t.Context(), w.sellerPrincipal(t, env), in)
	if err != nil {
		t.Fatalf("CreatePrivateOffer: %v", err)
	}
	return o
}

func (w *offerWorld) agreementCount(t *testing.T, env *testEnv) int {
	t.Helper()
	all, err := env.app.Repos.Agreements.BuyerAgreements(t.Context(), w.buyerAccount)
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

func TestBuyerPrivateOfferReviewAcceptAndAgreement(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "ACME enterprise deal", w.buyerAccount))
	review := "/marketplace/private-offers/" + o.ID

	// The list.
	r := w.buyer.get("/marketplace/private-offers")
	expectStatus(t, r, http.StatusOK)
	row := "[data-testid=offer-" + o.ID + "] "
	if got := r.text(row + "[data-testid=offer-link]"); got != "ACME enterprise deal" {
		t.Errorf("offer name %q", got)
	}
	if got := r.attr(row+"[data-testid=offer-product]", "href"); got != "/marketplace/pp/"+w.productID {
		t.Errorf("product link %q", got)
	}
	if got := r.text(row + "[data-testid=offer-product]"); got != "Review Sentiment Classifier" {
		t.Errorf("product %q", got)
	}
	if got := r.text(row + "[data-testid=offer-seller]"); got == "" {
		t.Error("no seller")
	}
	if got := r.text(row + "[data-testid=offer-expires]"); got != "2026-12-31" {
		t.Errorf("expires %q", got)
	}
	if got := r.attr(row+"[data-testid=offer-status]", "data-status"); got != "available" {
		t.Errorf("status %q", got)
	}

	// The terms.
	r = w.buyer.get(review)
	expectStatus(t, r, http.StatusOK)
	if got := crumbs(r); strings.Join(got, " > ") != "Marketplace > Private offers > ACME enterprise deal" {
		t.Errorf("breadcrumbs %q", got)
	}
	if !strings.Contains(r.text("[data-testid=offer-prices]"), domain.FormatUSD(200)) ||
		!strings.Contains(r.text("[data-testid=offer-prices]"), "ml.m5.large") {
		t.Errorf("prices %q", r.text("[data-testid=offer-prices]"))
	}
	if got := r.text("[data-testid=offer-eula]"); got != "ACME private licence.\nUse it well." {
		t.Errorf("EULA %q", got)
	}
	if got := r.text("[data-testid=offer-duration]"); got != "12 months" {
		t.Errorf("duration %q", got)
	}
	if got := r.text("[data-testid=offer-expires]"); got != "2026-12-31" {
		t.Errorf("expiry %q", got)
	}
	if r.doc.Find(`[data-testid=accept-form] input[name=_csrf]`).Length() != 1 ||
		r.doc.Find(`[data-testid=accept-form] input[name=accept_terms]`).Length() != 1 {
		t.Fatal("the acceptance form lacks its token or its checkbox")
	}

	// Without the checkbox: the form again, with the message; nothing stored.
	r = w.buyer.post(review, review+"/accept", url.Values{})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-accept_terms]"); !strings.Contains(got, "I accept the terms") {
		t.Errorf("message %q", got)
	}
	if n := w.agreementCount(t, env); n != 0 {
		t.Fatalf("%d agreements stored without acceptance", n)
	}

	// Accepted: the agreement, with a message.
	r = w.buyer.post(review, review+"/accept", url.Values{"accept_terms": {"on"}})
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/agreements/agmt-") {
		t.Fatalf("accept: status %d location %q", r.StatusCode, loc)
	}
	page := w.buyer.get(loc)
	expectStatus(t, page, http.StatusOK)
	if got := page.text("[data-testid=flash]"); !strings.Contains(got, "Offer accepted") {
		t.Errorf("flash %q", got)
	}
	if got := crumbs(page); strings.Join(got, " > ") != "Marketplace > Agreements > Review Sentiment Classifier" {
		t.Errorf("breadcrumbs %q", got)
	}
	for sel, want := range map[string]string{
		"[data-testid=agreement-offer]":     "Private offer",
		"[data-testid=agreement-start]":     "2026-11-23",
		"[data-testid=agreement-end]":       "2027-11-23",
		"[data-testid=agreement-status]":    "Active",
		"[data-testid=agreement-trial-end]": "None",
	} {
		if got := page.text(sel); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if !strings.Contains(page.text("[data-testid=agreement-offer]"), "ACME enterprise deal") {
		t.Errorf("offer name missing: %q", page.text("[data-testid=agreement-offer]"))
	}
	if !strings.Contains(page.text("[data-testid=agreement-prices]"), domain.FormatUSD(200)) {
		t.Errorf("accepted prices %q", page.text("[data-testid=agreement-prices]"))
	}
	if got := page.text("[data-testid=agreement-price]"); !strings.Contains(got, domain.FormatUSD(200)+"/hour") {
		t.Errorf("current price %q", got)
	}
	if got := page.text("[data-testid=offer-eula]"); got != "ACME private licence.\nUse it well." {
		t.Errorf("accepted EULA %q", got)
	}

	// The list of agreements.
	list := w.buyer.get("/agreements")
	expectStatus(t, list, http.StatusOK)
	id := strings.TrimPrefix(loc, "/agreements/")
	arow := "[data-testid=agreement-" + id + "] "
	if got := list.attr(arow+"[data-testid=agreement-link]", "href"); got != loc {
		t.Errorf("agreement link %q", got)
	}
	if got := list.text(arow + "[data-testid=agreement-offer]"); !strings.Contains(got, "Private offer") {
		t.Errorf("offer column %q", got)
	}
	if got := list.text(arow + "[data-testid=agreement-end]"); got != "2027-11-23" {
		t.Errorf("end %q", got)
	}

	// The offer now reads as accepted and links its agreement.
	if got := w.buyer.get("/marketplace/private-offers").attr(row+"[data-testid=offer-status]", "data-status"); got != "accepted" {
		t.Errorf("status after acceptance %q", got)
	}
	r = w.buyer.get(review)
	if r.attr("[data-testid=agreement-link]", "href") != loc || r.doc.Find("[data-testid=accept-form]").Length() != 0 {
		t.Error("an accepted offer still offers acceptance, or does not link its agreement")
	}
	if w.buyer.get("/marketplace/pp/"+w.productID).doc.Find("[data-testid=private-offer-box]").Length() != 0 {
		t.Error("the product page still invites the buyer to accept an accepted offer")
	}
	// Accepting again is refused.
	r = w.buyer.postRaw(review+"/accept", url.Values{"accept_terms": {"on"}, "_csrf": {r.csrf(t)}})
	expectStatus(t, r, http.StatusConflict)
	if n := w.agreementCount(t, env); n != 1 {
		t.Fatalf("%d agreements after accepting twice", n)
	}
}

func TestBuyerPrivateOfferStandardContract(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	in := offerInput(t, env, w.productID, "Standard terms", w.buyerAccount)
	in.EULA, in.StandardContract = "", true
	o := w.extend(t, env, in)
	r := w.buyer.get("/marketplace/private-offers/" + o.ID)
	expectStatus(t, r, http.StatusOK)
	if !strings.Contains(r.text("[data-testid=standard-contract]"), "Standard Contract for AWS Marketplace") ||
		r.doc.Find("[data-testid=offer-eula]").Length() != 0 {
		t.Errorf("legal terms: %q", r.text("[data-testid=standard-contract]"))
	}
}

func TestBuyerPrivateOfferExpired(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Short deal", w.buyerAccount))
	review := "/marketplace/private-offers/" + o.ID
	w.advanceTo(t, env, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))

	r := w.buyer.get("/marketplace/private-offers")
	if got := r.attr("[data-testid=offer-"+o.ID+"] [data-testid=offer-status]", "data-status"); got != "expired" {
		t.Errorf("status %q", got)
	}
	r = w.buyer.get(review)
	expectStatus(t, r, http.StatusOK)
	if !strings.Contains(r.text("[data-testid=offer-expired]"), "2026-12-31") || r.doc.Find("[data-testid=accept-form]").Length() != 0 {
		t.Errorf("expired offer: %q, form shown %v", r.text("[data-testid=offer-expired]"), r.doc.Find("[data-testid=accept-form]").Length())
	}
	r = w.buyer.postRaw(review+"/accept", url.Values{"accept_terms": {"on"}, "_csrf": {r.csrf(t)}})
	expectStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.text("[data-testid=offer-expired]"), "can no longer be accepted") {
		t.Errorf("no clear message: %q", r.text("main"))
	}
	if n := w.agreementCount(t, env); n != 0 {
		t.Fatalf("%d agreements from an expired offer", n)
	}
	if w.buyer.get("/marketplace/pp/"+w.productID).doc.Find("[data-testid=private-offer-box]").Length() != 0 {
		t.Error("the product page offers an expired private offer")
	}
}

func TestBuyerPrivateOfferOfAnotherAccountIsNotFound(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Secret deal", w.buyerAccount))
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	review := "/marketplace/private-offers/" + o.ID

	r := stranger.get(review)
	expectStatus(t, r, http.StatusNotFound)
	if strings.Contains(r.body, "Secret deal") || strings.Contains(r.body, "ACME private licence") {
		t.Error("the 404 page shows the offer")
	}
	token := stranger.get("/marketplace/private-offers").csrf(t)
	r = stranger.postRaw(review+"/accept", url.Values{"accept_terms": {"on"}, "_csrf": {token}})
	expectStatus(t, r, http.StatusNotFound)
	if list := stranger.get("/marketplace/private-offers"); list.doc.Find("[data-testid=offer-"+o.ID+"]").Length() != 0 ||
		list.text("[data-testid=no-offers]") == "" {
		t.Error("another account's offer is listed")
	}
	for _, path := range []string{"/marketplace/private-offers/offer-nosuchoffer", "/marketplace/private-offers/x"} {
		expectStatus(t, w.buyer.get(path), http.StatusNotFound)
	}
	// The seller reads its offers on its own pages, not as a buyer.
	expectStatus(t, w.seller.get(review), http.StatusNotFound)
}

func TestBuyerPrivateOfferAcceptNeedsCSRF(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Deal", w.buyerAccount))
	r := w.buyer.postRaw("/marketplace/private-offers/"+o.ID+"/accept", url.Values{"accept_terms": {"on"}})
	if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusBadRequest {
		t.Fatalf("post without a CSRF token: status %d", r.StatusCode)
	}
	if n := w.agreementCount(t, env); n != 0 {
		t.Fatalf("%d agreements from a forged post", n)
	}
}

func TestBuyerAgreementOfAnotherAccountIsNotFound(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Deal", w.buyerAccount))
	review := "/marketplace/private-offers/" + o.ID
	loc := w.buyer.post(review, review+"/accept", url.Values{"accept_terms": {"on"}}).Header.Get("Location")
	if !strings.HasPrefix(loc, "/agreements/") {
		t.Fatalf("accept went to %q", loc)
	}
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	r := stranger.get(loc)
	expectStatus(t, r, http.StatusNotFound)
	if strings.Contains(r.body, "ACME private licence") {
		t.Error("the 404 page shows the agreement")
	}
	if stranger.get("/agreements").text("[data-testid=no-agreements]") == "" {
		t.Error("another account's agreements are listed")
	}
	// The seller reads the agreement on its own pages.
	expectStatus(t, w.seller.get(loc), http.StatusNotFound)
	expectStatus(t, w.buyer.get("/agreements/agmt-nosuchagreem"), http.StatusNotFound)
	expectStatus(t, env.client().get(loc), http.StatusSeeOther)
}

func TestBuyerAgreementShowsScheduledPriceChanges(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	page := "/marketplace/pp/" + w.productID
	expectRedirect(t, w.buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)

	list := w.buyer.get("/agreements")
	href := list.attr("[data-testid=agreements-table] [data-testid=agreement-link]", "href")
	if !strings.HasPrefix(href, "/agreements/") || !strings.Contains(list.text("[data-testid=agreement-offer]"), "Public offer") ||
		list.text("[data-testid=agreement-price]") != "Free" || list.text("[data-testid=agreement-end]") != "Until cancelled" {
		t.Fatalf("public agreement row: %q %q %q", href, list.text("[data-testid=agreement-offer]"), list.text("[data-testid=agreement-price]"))
	}
	if got := w.buyer.get(href).text("[data-testid=no-price-changes]"); got == "" {
		t.Error("no price change not said")
	}

	// The seller makes the free product paid: after the notice period.
	p, err := env.app.Repos.Products.ProductByID(t.Context(), w.productID)
	if err != nil {
		t.Fatal(err)
	}
	required, err := env.app.Services.Listings.RequiredPrices(t.Context(), w.productID)
	if err != nil {
		t.Fatal(err)
	}
	offer := domain.Offer{Pricing: domain.PricingPaid, EULA: p.PublicSnapshot.Offer.EULA}
	for _, r := range required {
		offer.Prices = append(offer.Prices, domain.InstancePrice{Use: r.Use, InstanceType: r.InstanceType, HourlyMillis: 200})
	}
	changedAt := env.clock.Now()
	if _, err := env.app.ChangePublicPricing(t.Context(), w.sellerPrincipal(t, env), w.productID, p.Revision, offer, true); err != nil {
		t.Fatalf("ChangePublicPricing: %v", err)
	}
	r := w.buyer.get(href)
	expectStatus(t, r, http.StatusOK)
	change := r.text("[data-testid=price-changes]")
	at := changedAt.Add(domain.DefaultPriceNotice).Format(time.DateOnly)
	want := domain.FormatUSD(200) + "/hour for ml.m5.large"
	if !strings.Contains(change, "From "+at+":") || !strings.Contains(change, want) || !strings.Contains(change, "Scheduled") {
		t.Errorf("price changes %q, want from %s: %s", change, at, want)
	}
	if got := r.text("[data-testid=agreement-price]"); got != "Free" {
		t.Errorf("current price before the notice ends %q", got)
	}
}

func TestProductPagePrivateOfferBox(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Deal for you", w.buyerAccount))
	page := "/marketplace/pp/" + w.productID

	r := w.buyer.get(page)
	expectStatus(t, r, http.StatusOK)
	box := r.doc.Find("[data-testid=private-offer-box]")
	if !strings.Contains(box.Text(), "Private offer available") {
		t.Fatalf("no private offer box: %q", box.Text())
	}
	if got := r.attr("[data-testid=private-offer-box] [data-testid=private-offer-link]", "href"); got != "/marketplace/private-offers/"+o.ID {
		t.Errorf("offer link %q", got)
	}
	// The public offer stays open to a buyer of a public product.
	if r.doc.Find("[data-testid=subscribe-form]").Length() != 1 {
		t.Error("the public offer's subscription form is gone")
	}
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	for name, c := range map[string]*client{"stranger": stranger, "visitor": env.client(), "seller": w.seller} {
		r := c.get(page)
		expectStatus(t, r, http.StatusOK)
		if r.doc.Find("[data-testid=private-offer-box]").Length() != 0 || strings.Contains(r.body, "Deal for you") {
			t.Errorf("%s sees the buyer's private offer", name)
		}
	}
}

func TestPrivateProductVisibleToTheOfferBuyer(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	_, allowedID := env.signedIn("Allowed", "allowed@example.com")
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	id := updPublicProduct(t, env, w.seller, w.sellerAccount, "vision", func(v url.Values) {
		v.Set("title", "Private Vision Model")
		v.Set("privacy", "private")
		v.Set("allowed_accounts", allowedID)
	})
	page := "/marketplace/pp/" + id

	// Before any offer, only the allowed account (and the seller) see it.
	expectStatus(t, w.buyer.get(page), http.StatusNotFound)
	expectStatus(t, stranger.get(page), http.StatusNotFound)

	o := w.extend(t, env, offerInput(t, env, id, "Vision deal", w.buyerAccount))
	r := w.buyer.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=page-title]") != "Private Vision Model" || r.doc.Find("[data-testid=private-offer-box]").Length() != 1 {
		t.Fatalf("offer buyer's product page: title %q", r.text("[data-testid=page-title]"))
	}
	if r.doc.Find("[data-testid=subscribe-form]").Length() != 0 {
		t.Error("the offer buyer is offered the private product's public offer")
	}
	expectStatus(t, w.buyer.get(page+"/logo"), http.StatusOK)
	// Subscribing to the public offer stays refused.
	r = w.buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}})
	if r.StatusCode < 400 {
		t.Errorf("subscribe to a private product's public offer: status %d", r.StatusCode)
	}
	for name, c := range map[string]*client{"stranger": stranger, "visitor": env.client()} {
		r := c.get(page)
		expectStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, "Private Vision Model") {
			t.Errorf("%s learns of the private product", name)
		}
		expectStatus(t, c.get(page+"/logo"), http.StatusNotFound)
	}
	if r := stranger.get("/marketplace/private-offers/" + o.ID); r.StatusCode != http.StatusNotFound {
		t.Errorf("stranger reads the offer: %d", r.StatusCode)
	}

	// Accepted: the buyer keeps the product through its subscription.
	review := "/marketplace/private-offers/" + o.ID
	loc := w.buyer.post(review, review+"/accept", url.Values{"accept_terms": {"on"}}).Header.Get("Location")
	if !strings.HasPrefix(loc, "/agreements/") {
		t.Fatalf("accept went to %q", loc)
	}
	w.advanceTo(t, env, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	r = w.buyer.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=subscribed]").Length() != 1 {
		t.Error("the buyer who accepted the offer is not shown as subscribed")
	}
}

func TestPrivateProductHiddenOnceTheOfferExpires(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	_, allowedID := env.signedIn("Allowed", "allowed@example.com")
	id := updPublicProduct(t, env, w.seller, w.sellerAccount, "vision", func(v url.Values) {
		v.Set("privacy", "private")
		v.Set("allowed_accounts", allowedID)
	})
	w.extend(t, env, offerInput(t, env, id, "Vision deal", w.buyerAccount))
	expectStatus(t, w.buyer.get("/marketplace/pp/"+id), http.StatusOK)
	w.advanceTo(t, env, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	expectStatus(t, w.buyer.get("/marketplace/pp/"+id), http.StatusNotFound)
}

func TestBuyerPrivateOfferPagesSpeakTheReadersLanguage(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Deal", w.buyerAccount))
	for lang, want := range map[string][]string{
		"fr": {"Accepter l'offre", "J'accepte les conditions", "12 mois"},
		"es": {"Aceptar oferta", "Acepto las condiciones", "12 meses"},
	} {
		w.buyer.header.Set("Accept-Language", lang)
		r := w.buyer.get("/marketplace/private-offers/" + o.ID)
		expectStatus(t, r, http.StatusOK)
		for _, s := range want {
			if !strings.Contains(r.text("main"), s) {
				t.Errorf("%s: page lacks %q", lang, s)
			}
		}
	}
}

func TestBuyerPrivateOfferIAMUsers(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	o := w.extend(t, env, offerInput(t, env, w.productID, "Deal", w.buyerAccount))
	review := "/marketplace/private-offers/" + o.ID
	reader := env.newIAMUserClient(w.buyer, w.buyerAccount, "reader", "AWSMarketplaceRead-only")
	nobody := env.newIAMUserClient(w.buyer, w.buyerAccount, "nobody")

	r := reader.get(review)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=accept-form]").Length() != 0 {
		t.Error("a user who may not subscribe is offered acceptance")
	}
	expectStatus(t, reader.postRaw(review+"/accept", url.Values{"accept_terms": {"on"}, "_csrf": {r.csrf(t)}}), http.StatusForbidden)
	for _, path := range []string{"/marketplace/private-offers", review, "/agreements"} {
		expectStatus(t, nobody.get(path), http.StatusForbidden)
	}
	if n := w.agreementCount(t, env); n != 0 {
		t.Fatalf("%d agreements made by users without the right", n)
	}
	manager := env.newIAMUserClient(w.buyer, w.buyerAccount, "manager", "AWSMarketplaceManageSubscriptions")
	loc := manager.post(review, review+"/accept", url.Values{"accept_terms": {"on"}}).Header.Get("Location")
	if !strings.HasPrefix(loc, "/agreements/") {
		t.Fatalf("accept by a user allowed to subscribe went to %q", loc)
	}
	expectStatus(t, reader.get(loc), http.StatusOK)
}

func TestBuyerAgreementWithAFreeTrial(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	makePaid(t, env, "root@acme.example", w.productID, "0.1", 7)
	page := "/marketplace/pp/" + w.productID
	expectRedirect(t, w.buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	trialEnd := env.clock.Now().AddDate(0, 0, 7).Format(time.DateOnly)

	list := w.buyer.get("/agreements")
	if got := list.text("[data-testid=agreement-trial-end]"); got != trialEnd {
		t.Errorf("trial end %q, want %s", got, trialEnd)
	}
	if got := list.text("[data-testid=agreement-price]"); got != "Free trial until "+trialEnd {
		t.Errorf("current price %q", got)
	}
	r := w.buyer.get(list.attr("[data-testid=agreement-link]", "href"))
	expectStatus(t, r, http.StatusOK)
	if !strings.Contains(r.text("[data-testid=agreement-trial]"), "7") || r.text("[data-testid=agreement-trial-end]") != trialEnd {
		t.Errorf("trial: %q, ends %q", r.text("[data-testid=agreement-trial]"), r.text("[data-testid=agreement-trial-end]"))
	}
	w.advanceTo(t, env, env.clock.Now().AddDate(0, 0, 8))
	if got := w.buyer.get("/agreements").text("[data-testid=agreement-price]"); !strings.Contains(got, domain.FormatUSD(100)+"/hour") {
		t.Errorf("price after the trial %q", got)
	}
}
