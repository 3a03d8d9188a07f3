package web_test

import (
	"encoding/json"
	"testing"

	"github.com/chromedp/chromedp"
)

// shown reports whether the element selected by CSS takes up space on the
// page (not display:none, itself or an ancestor).
func (b *browser) shown(sel string) bool {
	b.t.Helper()
	quoted, _ := json.Marshal(sel)
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("document.querySelector("+string(quoted)+").getClientRects().length > 0"))
	if err != nil {
		b.t.Fatalf("shown %s: %v", sel, err)
	}
	return v
}

// TestBrowserFormsShowOnlyFieldsThatApply: a field that does not apply to
// the choice above it is hidden, and comes back when the choice changes:
// trial days and prices on a free offer, allowed buyer accounts on a public
// listing, the IBAN fields for a US bank account and the other way round.
func TestBrowserFormsShowOnlyFieldsThatApply(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	base := "/management/products/ml/" + id

	b.open(base + "/edit/pricing")
	steps := []struct {
		click              string
		trial, pricesShown bool
	}{
		{`input[name=pricing][value=free]`, false, false},
		{`input[name=pricing][value=paid]`, false, true},
		{`input[name=pricing][value=paid_trial]`, true, true},
	}
	for _, s := range steps {
		b.check(s.click)
		if got := b.shown("#f-trial_days"); got != s.trial {
			t.Errorf("after %s: trial days shown %v, want %v", s.click, got, s.trial)
		}
		if got := b.shown(".pricing-prices"); got != s.pricesShown {
			t.Errorf("after %s: prices shown %v, want %v", s.click, got, s.pricesShown)
		}
	}

	b.open(base + "/edit/general")
	b.check(`input[name=privacy][value=public]`)
	if b.shown("#f-allowed_accounts") {
		t.Error("allowed buyer accounts shown for a public listing")
	}
	b.check(`input[name=privacy][value=private]`)
	if !b.shown("#f-allowed_accounts") {
		t.Error("allowed buyer accounts hidden for a private listing")
	}

	completeSellerSettings(t, root) // the bank form comes after the tax interview
	b.open("/settings/bank")
	for _, tt := range []struct{ kind, shown, hidden string }{{"us_ach", "#f-routing_number", "#f-iban"}, {"iban", "#f-iban", "#f-routing_number"}} {
		b.choose("#f-account_type", tt.kind)
		if !b.shown(tt.shown) || b.shown(tt.hidden) {
			t.Errorf("%s account: %s shown %v, %s shown %v", tt.kind, tt.shown, b.shown(tt.shown), tt.hidden, b.shown(tt.hidden))
		}
	}
}
