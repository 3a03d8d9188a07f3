package web_test

import (
	"github.com/PuerkitoBio/goquery"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// withoutTokens replaces each token of the page with T, to compare two
// pages beyond their per-request secrets.
func withoutTokens(r *response) string {
	body := r.body
	r.doc.Find(`input[name="_csrf"], input[name="_confirm"]`).Each(func(_ int, s *goquery.Selection) {
		if v := s.AttrOr("value", ""); v != "" {
			body = strings.ReplaceAll(body, v, "T")
		}
	})
	return body
}

// TestKeptOverviewFollowsTheListing: the seller's overview, kept by a
// digest of what it shows, is the page rendered anew but for the tokens;
// the kept page's token works; a saved change shows at once; and another
// seller's overview shows nothing of the first's.
func TestKeptOverviewFollowsTheListing(t *testing.T) {
	env := newEnv(t)
	seller, _ := env.signedIn("Kept Overview Seller", "kept@overview.example")
	id := newListing(t, seller)
	page := "/management/products/ml/" + id
	seller.get(page)                                    // shows, once, the flash of the creation
	first, second := seller.get(page), seller.get(page) // rendered, then kept
	expectStatus(t, first, http.StatusOK)
	expectStatus(t, second, http.StatusOK)
	if first.csrf(t) == second.csrf(t) {
		t.Fatal("two requests got the same form token")
	}
	if withoutTokens(first) != withoutTokens(second) {
		t.Fatal("the kept overview differs from the rendered one beyond the tokens")
	}
	if n := strings.Count(second.body, second.csrf(t)); n < 2 {
		t.Errorf("the kept page's token shows %d times; every form needs it", n)
	}
	expectRedirect(t, seller.postRaw("/language", url.Values{"_csrf": {second.csrf(t)}, "lang": {"es"}, "return_to": {page}}), page)
	if got := seller.get(page).doc.Find("html").AttrOr("lang", ""); got != "es" {
		t.Errorf("after switching, the overview is in %q", got)
	}
	expectRedirect(t, seller.postRaw("/language", url.Values{"_csrf": {second.csrf(t)}, "lang": {"en"}, "return_to": {page}}), page)

	info := generalInfo()
	info.Set("title", "Kept Overview Renamed")
	info.Set("then", "overview")
	if r := saveSection(t, seller, page+"/edit/general", info); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the general section: status %d", r.StatusCode)
	}
	after := seller.get(page)
	if !strings.Contains(after.text("h1"), "Kept Overview Renamed") {
		t.Errorf("after a save the overview's heading is %q", after.text("h1"))
	}

	other, _ := env.signedIn("Other Seller", "other@overview.example")
	otherPage := other.get("/management/products/ml/" + newListing(t, other))
	expectStatus(t, otherPage, http.StatusOK)
	for _, leak := range []string{"Kept Overview Renamed", "kept@overview.example", "Kept Overview Seller", id} {
		if strings.Contains(otherPage.body, leak) {
			t.Errorf("another seller's overview shows %q", leak)
		}
	}
	expectStatus(t, other.get(page), http.StatusNotFound)
}
