package web_test

import (
	"encoding/json"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/web/mail/mailpittest"
)

// setValue sets the value of every element selected by CSS, as a date
// picker or a long list of inputs is filled: without typing.
func (b *browser) setValue(sel, value string) {
	b.t.Helper()
	quoted, _ := json.Marshal(sel)
	val, _ := json.Marshal(value)
	js := "document.querySelectorAll(" + string(quoted) + ").forEach(e => e.value = " + string(val) + ")"
	if err := chromedp.Do(b.ctx, chromedp.WaitReady(chromedp.CSS(sel)), ignoreResult(chromedp.Evaluate[any](js))); err != nil {
		b.t.Fatalf("set %s: %v", sel, err)
	}
}

// textContent is the text of an element, shown or not (a scrolled or
// collapsed box).
func (b *browser) textContent(sel string) string {
	b.t.Helper()
	quoted, _ := json.Marshal(sel)
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string]("document.querySelector("+string(quoted)+").textContent"))
	if err != nil {
		b.t.Fatalf("text content of %s: %v", sel, err)
	}
	return s
}

// rootPrincipal is the principal of an account's root user, for setting
// up through the core what a test does not drive through pages.
func rootPrincipal(t *testing.T, env *testEnv, email string) domain.Principal {
	t.Helper()
	u, err := env.db.Accounts().UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return domain.Principal{User: u}
}

// makePaid changes a live product's public offer to hourly prices (the
// same price for every instance type), with trialDays of free trial when
// not zero, through the core's public price change.
func makePaid(t *testing.T, env *testEnv, sellerEmail, productID, price string, trialDays int) {
	t.Helper()
	ctx := t.Context()
	required, err := env.app.Services.Listings.RequiredPrices(ctx, productID)
	if err != nil {
		t.Fatal(err)
	}
	millis, msg := domain.ParseUSD(price)
	if msg != "" {
		t.Fatal(msg)
	}
	offer := domain.Offer{Pricing: domain.PricingPaid}
	if trialDays > 0 {
		offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, trialDays
	}
	for _, r := range required {
		offer.Prices = append(offer.Prices, domain.InstancePrice{Use: r.Use, InstanceType: r.InstanceType, HourlyMillis: millis})
	}
	p, err := env.db.Products().ProductByID(ctx, productID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.app.ChangePublicPricing(ctx, rootPrincipal(t, env, sellerEmail), productID, p.Revision, offer, true); err != nil {
		t.Fatal(err)
	}
}

// notices counts an account's notifications of one kind.
func notices(t *testing.T, env *testEnv, email string, msg domain.Message) int {
	t.Helper()
	list, err := env.app.Notifications(t.Context(), rootPrincipal(t, env, email), 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range list {
		if x.Message == msg {
			n++
		}
	}
	return n
}

func runJobs(t *testing.T, env *testEnv) {
	t.Helper()
	if _, err := env.app.RunDueJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPrivateOfferJourney: the seller extends a private offer to a
// buyer account with its own price and EULA; the buyer is emailed in
// French, reviews and accepts it; both sides then see the agreement with
// those terms, and the seller is emailed.
func TestBrowserPrivateOfferJourney(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	seller, _, id := publicListing(t, env)
	completeSellerSettings(t, seller)
	fr := env.client()
	fr.header.Set("Accept-Language", "fr")
	buyerID := fr.signup("Acheteur", "acheteur@example.com", goodPassword)

	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	b.open("/management/offers/new?product=" + id)
	b.fill(map[string]string{"#f-name": "Acme enterprise 2027", "#f-buyers": buyerID[:4] + "-" + buyerID[4:8] + "-" + buyerID[8:],
		"#f-duration_months": "12"})
	b.setValue("[data-testid=prices-table] input", "0.25")
	b.check("[data-testid=legal-custom]")
	b.fill(map[string]string{"#f-eula": "ACME PRIVATE LICENSE: forty warehouses, support within one business day."})
	b.setValue("#f-expires_on", env.clock.Now().AddDate(0, 0, 30).Format(time.DateOnly))
	b.click("[data-testid=create-offer]")
	offerPage := b.location()
	offerID := path.Base(offerPage)
	if !strings.HasPrefix(offerPage, "/management/offers/offer-") {
		t.Fatalf("after creating the offer the seller is at %s: %s", offerPage, b.text("main"))
	}
	b.screenshot("offer-seller")

	runJobs(t, env)
	link, text := emailLink(t, mails, "acheteur@example.com", "/marketplace/private-offers/")
	if link != "/marketplace/private-offers/"+offerID || !strings.Contains(text, "Bonjour") || !strings.Contains(text, "offre privée") {
		t.Fatalf("buyer's email links %q; in French? %q", link, text)
	}

	b.signIn("acheteur@example.com")
	b.open(link)
	terms := b.text("main") + b.textContent("[data-testid=offer-eula]")
	if !strings.Contains(terms, "$0.25") || !strings.Contains(terms, "ACME PRIVATE LICENSE") {
		t.Fatalf("the buyer does not review the offer's price and EULA: %q", terms)
	}
	b.screenshot("offer-buyer-review")
	b.check("#f-accept_terms")
	b.click("[data-testid=accept-offer]")
	agreementPage := b.location()
	if !strings.HasPrefix(agreementPage, "/agreements/agmt-") {
		t.Fatalf("after accepting the buyer is at %s: %s", agreementPage, b.text("main"))
	}
	if got := b.text("main"); !strings.Contains(got, "$0.25") || !strings.Contains(got, "Acme enterprise 2027") {
		t.Errorf("buyer's agreement lacks the offer's terms: %q", got)
	}
	b.screenshot("agreement-buyer")

	b.signIn("root@acme.example")
	b.open("/management/agreements")
	if got := b.text("[data-testid=agreements-table]"); !strings.Contains(got, buyerID) {
		t.Errorf("seller's agreements lack the buyer's: %q", got)
	}
	b.open("/management/agreements/" + path.Base(agreementPage))
	if got := b.text("main"); !strings.Contains(got, "$0.25") {
		t.Errorf("seller's agreement lacks the price: %q", got)
	}
	runJobs(t, env)
	if link, _ := emailLink(t, mails, "root@acme.example", "/management/agreements/"); link != "/management/agreements/"+path.Base(agreementPage) {
		t.Errorf("seller's email links %q", link)
	}
}

// TestBrowserTrialEndsOnItsDate: a buyer subscribes to a product with a
// seven-day free trial; the clock passes the notice and then the trial's
// end: both parties are told once each time, and the agreement goes on at
// the paid price.
func TestBrowserTrialEndsOnItsDate(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	makePaid(t, env, "root@acme.example", w.productID, "0.1", 7)

	b := newBrowser(t, env)
	b.signIn("buyer@example.com")
	b.open("/marketplace/pp/" + w.productID)
	b.check("#f-accept_eula")
	b.click("[data-testid=subscribe]")
	b.open("/agreements")
	trialEnd := env.clock.Now().AddDate(0, 0, 7).Format(time.DateOnly)
	if got := b.text("[data-testid=agreements-table]"); !strings.Contains(got, trialEnd) {
		t.Fatalf("the agreement does not show its trial end %s: %q", trialEnd, got)
	}

	steps := []struct {
		advance             time.Duration
		ending, ended, sold int
	}{
		{24 * time.Hour, 0, 0, 0},              // nothing due yet
		{4 * 24 * time.Hour, 1, 0, 0},          // three days before the end: the notice
		{24*time.Hour + 23*time.Hour, 1, 0, 0}, // an hour before the end
		{time.Hour, 1, 1, 1},                   // the end
		{30 * 24 * time.Hour, 1, 1, 1},         // and never again
	}
	for i, s := range steps {
		env.clock.Advance(s.advance)
		runJobs(t, env)
		runJobs(t, env) // a second runner finds nothing more to do
		if got := notices(t, env, "buyer@example.com", domain.MsgNotifyTrialEnding); got != s.ending {
			t.Errorf("step %d: buyer told %d times the trial ends soon, want %d", i, got, s.ending)
		}
		if got := notices(t, env, "root@acme.example", domain.MsgNotifyTrialEndingSeller); got != s.ending {
			t.Errorf("step %d: seller told %d times the trial ends soon, want %d", i, got, s.ending)
		}
		if got := notices(t, env, "buyer@example.com", domain.MsgNotifyTrialEnded); got != s.ended {
			t.Errorf("step %d: buyer told %d times the trial ended, want %d", i, got, s.ended)
		}
		if got := notices(t, env, "root@acme.example", domain.MsgNotifyTrialEndedSeller); got != s.sold {
			t.Errorf("step %d: seller told %d times the trial ended, want %d", i, got, s.sold)
		}
	}
	b.signIn("buyer@example.com") // a month later: signed in again
	b.open("/agreements")
	b.click("[data-testid=agreements-table] a[href^='/agreements/agmt-']")
	if got := b.text("main"); !strings.Contains(got, "$0.1") {
		t.Errorf("after the trial the agreement shows no paid price: %q", got)
	}
	b.screenshot("agreement-after-trial")
}

// TestBrowserPublicPriceIncreaseWaitsForNotice: the seller raises a public
// price; the review shows when it applies to existing agreements (after 90
// days) before the seller confirms; the existing buyer keeps the old price
// until then and is told, while a new buyer pays the new price at once.
func TestBrowserPublicPriceIncreaseWaitsForNotice(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	makePaid(t, env, "root@acme.example", w.productID, "0.1", 0)
	page := "/marketplace/pp/" + w.productID
	expectRedirect(t, w.buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)

	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	b.open("/management/offers/" + domain.PublicOfferID(w.productID) + "/pricing")
	b.setValue("[data-testid=prices-table] input", "0.2")
	b.click("[data-testid=review-pricing]")
	effective := env.clock.Now().AddDate(0, 0, 90).Format(time.DateOnly)
	if got := b.text("[data-testid=pricing-review]"); !strings.Contains(got, effective) {
		t.Fatalf("the review does not say increases apply on %s: %q", effective, got)
	}
	b.screenshot("pricing-review")
	b.click("[data-testid=confirm-pricing]")

	if got := notices(t, env, "buyer@example.com", domain.MsgNotifyPriceChange); got != 1 {
		t.Errorf("existing buyer told %d times of the price change", got)
	}
	b.signIn("buyer@example.com")
	b.open("/agreements")
	b.click("[data-testid=agreements-table] a[href^='/agreements/agmt-']")
	details := b.text("main")
	if !strings.Contains(details, "$0.1") || !strings.Contains(details, effective) || !strings.Contains(details, "$0.2") {
		t.Errorf("existing agreement should keep $0.1 and show $0.2 from %s: %q", effective, details)
	}

	late, _ := env.signedIn("Late buyer", "late@example.com")
	expectRedirect(t, late.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	b.signIn("late@example.com")
	b.open("/agreements")
	if got := b.text("[data-testid=agreements-table]"); !strings.Contains(got, "$0.2") || strings.Contains(got, "$0.1") {
		t.Errorf("a new buyer should pay $0.2 at once: %q", got)
	}
}
