package web_test

import (
	"strings"
	"testing"
	"time"
)

// signIn signs the browser in as a root user, signing out whoever was in.
func (b *browser) signIn(email string) {
	b.t.Helper()
	b.open("/login")
	if b.location() != "/login" {
		b.runAndWait(`document.querySelector('[data-testid=sign-out]').click()`)
		b.open("/login")
	}
	b.fill(map[string]string{"#f-email": email, "#f-password": goodPassword})
	b.click("[data-testid=login-submit]")
}

// TestBrowserSubmitTestSignOffAndBuy is the publishing journey: a complete
// listing is submitted with a test account, becomes Limited when the clock
// passes the delay, is tested and subscribed to by the tester, signed off by
// the seller and found by an unrelated buyer in the marketplace.
func TestBrowserSubmitTestSignOffAndBuy(t *testing.T) {
	env := newEnv(t)
	_, testerID := env.signedIn("Tester", "tester@example.com")
	env.signedIn("Buyer", "buyer@example.com")
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	overview := "/management/products/ml/" + id

	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	b.open(overview)
	b.fill(map[string]string{"#f-test_accounts": testerID})
	b.click("[data-testid=submit-for-publishing]")
	if got := b.text("[data-testid=publishing-in-progress]"); !strings.Contains(got, "Publishing in progress") {
		t.Fatalf("no progress after submitting: %q", got)
	}
	b.screenshot("publish-in-progress")

	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("staging ran %d jobs (%v)", n, err)
	}

	b.signIn("tester@example.com")
	b.open("/marketplace/pp/" + id)
	if got := b.text("[data-testid=limited-badge]"); got != "Limited" {
		t.Fatalf("tester badge %q", got)
	}
	b.check("#f-accept_eula")
	b.click("[data-testid=subscribe]")
	if got := b.text("[data-testid=subscribed]"); got != "You have a test subscription." {
		t.Fatalf("tester subscription %q", got)
	}
	b.screenshot("staged-product-tester")

	b.signIn("root@acme.example")
	b.open(overview)
	b.confirmInModal("[data-testid=sign-off]", "")
	if got := b.text("[data-testid=summary-status]"); got != "Public" {
		t.Fatalf("status after sign-off %q", got)
	}

	b.signIn("buyer@example.com")
	b.open("/marketplace")
	b.click("[data-testid=catalog-" + id + "] a")
	if got := b.text("[data-testid=page-title]"); got != "Review Sentiment Classifier" {
		t.Fatalf("buyer reached %q", got)
	}
	if strings.Contains(b.text("main"), "Limited") {
		t.Error("a public product shows the Limited badge to a buyer")
	}
	b.screenshot("product-page-buyer")
}
