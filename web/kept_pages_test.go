package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestKeptProductPageGivesEachVisitorItsToken: the product page a visitor
// without a session sees is kept whole, and every visitor still gets a
// page carrying its own form token, which works for it alone.
func TestKeptProductPageGivesEachVisitorItsToken(t *testing.T) {
	env := newEnv(t)
	root, _, id := publicListing(t, env)
	page := "/marketplace/pp/" + id
	first, second := env.client(), env.client()
	a1 := first.get(page)
	a2 := first.get(page) // the kept page now
	b := second.get(page)
	for _, r := range []*response{a1, a2, b} {
		expectStatus(t, r, http.StatusOK)
	}
	tokenA, tokenB := a2.csrf(t), b.csrf(t)
	if tokenA == tokenB || tokenA == "" {
		t.Fatalf("two visitors share the token %q", tokenA)
	}
	if strings.ReplaceAll(a2.body, tokenA, "T") != strings.ReplaceAll(b.body, tokenB, "T") ||
		strings.ReplaceAll(a1.body, a1.csrf(t), "T") != strings.ReplaceAll(b.body, tokenB, "T") {
		t.Error("the kept page differs from the rendered one beyond the token")
	}
	if n := strings.Count(b.body, tokenB); n < 1 {
		t.Errorf("the token shows %d times in the page", n)
	}
	// Each token works for its visitor alone.
	switchTo := func(c *client, token string) *response {
		return c.postRaw("/language", url.Values{"_csrf": {token}, "lang": {"fr"}, "return_to": {page}})
	}
	expectStatus(t, switchTo(second, tokenA), http.StatusForbidden)
	expectRedirect(t, switchTo(second, tokenB), page)
	if got := second.get(page).doc.Find("html").AttrOr("lang", ""); got != "fr" {
		t.Errorf("after switching, the page is in %q", got)
	}
	if got := first.get(page).doc.Find("html").AttrOr("lang", ""); got != "en" {
		t.Errorf("another visitor's page is in %q", got)
	}

	// What the page shows changes with what it shows: the seller's name.
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", url.Values{
		"display_name": {"Renamed Seller Ltd"}, "description": {"Models."}, "website": {"https://acme.example"}, "support_email": {"support@acme.example"},
	}), "/settings")
	if got := env.client().get(page).body; !strings.Contains(got, "Renamed Seller Ltd") {
		t.Error("the kept product page still shows the seller's old name")
	}
}

// TestKeptCatalogPageFollowsTheCatalog: the catalog and a search, kept
// whole for visitors without a session, show a listing published since,
// in order, with its total.
func TestKeptCatalogPageFollowsTheCatalog(t *testing.T) {
	env := newEnv(t)
	seedPublic(t, env, "prod-keptaaaaaaaaa1", "Retail Forecaster", []string{"Forecasting"}, domain.PricingFree, "retail")
	visitor := env.client()
	for _, path := range []string{"/marketplace", "/marketplace?q=retail", "/marketplace?q=retail"} {
		if got := catalogIDs(visitor.get(path)); strings.Join(got, ",") != "prod-keptaaaaaaaaa1" {
			t.Fatalf("%s lists %v", path, got)
		}
	}
	seedPublic(t, env, "prod-keptaaaaaaaaa2", "Retail Shelf Detector", []string{"Retail"}, domain.PricingFree, "retail")
	for _, path := range []string{"/marketplace", "/marketplace?q=retail"} {
		r := env.client().get(path)
		if got := catalogIDs(r); strings.Join(got, ",") != "prod-keptaaaaaaaaa2,prod-keptaaaaaaaaa1" {
			t.Errorf("%s lists %v after a publication", path, got)
		}
		if !strings.Contains(r.text("[data-testid=result-count]"), "2") {
			t.Errorf("%s total: %q", path, r.text("[data-testid=result-count]"))
		}
	}
}

// TestKeptCatalogPageIsInEachVisitorsLanguage: a search with no results
// (no cards to name the language in its key) or refused, kept for one
// visitor, is in another visitor's own language.
func TestKeptCatalogPageIsInEachVisitorsLanguage(t *testing.T) {
	env := newEnv(t)
	for _, path := range []string{"/marketplace?q=zzzznothing", "/marketplace?q=" + strings.Repeat("x", 300)} {
		english := env.client().get(path)
		french := env.client()
		french.header.Set("Accept-Language", "fr")
		r := french.get(path)
		if english.StatusCode != r.StatusCode {
			t.Fatalf("%s: status %d in English, %d in French", path, english.StatusCode, r.StatusCode)
		}
		if got := r.doc.Find("html").AttrOr("lang", ""); got != "fr" {
			t.Errorf("%s: a French visitor got the kept page in %q", path, got)
		}
	}
}

// TestKeptProductPageShowsAVisitorsOwnMessage: a visitor with a message
// waiting (a language the portal does not offer) sees it above the
// product page, although the page is kept, and the next visit is the kept
// page again. A visitor with a theme of its own gets the page in it.
func TestKeptProductPageShowsAVisitorsOwnMessage(t *testing.T) {
	env := newEnv(t)
	_, _, id := publicListing(t, env)
	page := "/marketplace/pp/" + id
	visitor := env.client()
	kept := visitor.get(page)
	visitor.get(page)
	if n := kept.doc.Find("[data-testid=flash]").Length(); n != 0 {
		t.Fatalf("a fresh visitor sees %d messages", n)
	}
	expectRedirect(t, visitor.postRaw("/language", url.Values{"_csrf": {kept.csrf(t)}, "lang": {"xx"}, "return_to": {page}}), page)
	r := visitor.get(page)
	expectStatus(t, r, http.StatusOK)
	if n := r.doc.Find("[data-testid=flash]").Length(); n != 1 {
		t.Errorf("after asking for a language not offered, the product page shows %d messages", n)
	}
	again := visitor.get(page)
	if n := again.doc.Find("[data-testid=flash]").Length(); n != 0 {
		t.Errorf("the message shows again on the next visit (%d)", n)
	}
	if strings.ReplaceAll(again.body, again.csrf(t), "T") != strings.ReplaceAll(kept.body, kept.csrf(t), "T") {
		t.Error("the next visit is not the kept page")
	}
	dark := env.client()
	dark.header.Set("Cookie", "theme=dark")
	if got := dark.get(page).doc.Find("html").AttrOr("data-theme", ""); got != "dark" {
		t.Errorf("a visitor who chose the dark theme got the kept page in %q", got)
	}
}
