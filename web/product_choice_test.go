package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// choices are the values of a page's select named name, empty ones left
// out.
func choices(r *response, name string) []string {
	var values []string
	r.doc.Find("select[name=" + name + "] option").Each(func(_ int, s *goquery.Selection) {
		if v := s.AttrOr("value", ""); v != "" {
			values = append(values, v)
		}
	})
	return values
}

// TestLongProductChoicesFindTheRest: a seller with more products than a
// choice lists (a seller with 100,000 got pages of 9 MB, every product an
// option) sees the most recently changed ones with a find box that finds
// the others by part of their title or ID, keeps what was typed and the
// product chosen, and answers hostile text with a page that says nothing
// matches.
func TestLongProductChoicesFindTheRest(t *testing.T) {
	env := newEnv(t)
	n := domain.MaxProductChoices + 30
	seller := sellerWithListings(t, env, n)
	all, err := env.db.Products().ListProducts(context.Background(), persistencetest.LoadSeller)
	if err != nil || len(all) != n {
		t.Fatalf("%d products, %v", len(all), err)
	}
	old := all[n-5] // past the first MaxProductChoices
	find := strings.TrimPrefix(old.ID, "prod-")
	unpublish := "/management/products/ml/" + all[0].ID + "/unpublish"

	for _, tc := range []struct{ path, selectName string }{
		{"/management/offers/new", "product"},
		{"/management/agreements", "product"},
		{"/management/reports", "product"},
		{unpublish, "replacement"},
	} {
		r := seller.get(tc.path)
		expectStatus(t, r, http.StatusOK)
		listed := choices(r, tc.selectName)
		want := all[0].ID
		if tc.path == unpublish {
			want = all[1].ID // not the product unpublished
		}
		if len(listed) != domain.MaxProductChoices || listed[0] != want {
			t.Errorf("%s lists %d products (first %v), want %d, most recent first", tc.path, len(listed), listed[:min(1, len(listed))], domain.MaxProductChoices)
		}
		matching := "230"
		if tc.path == unpublish {
			matching = "229"
		}
		if got := r.text("[data-testid=product-finder-count]"); got != "The list shows 200 of the "+matching+" products that match, most recently changed first." {
			t.Errorf("%s finder says %q", tc.path, got)
		}

		found := seller.get(tc.path + "?find=" + url.QueryEscape(strings.ToUpper(find)))
		expectStatus(t, found, http.StatusOK)
		if tc.path == "/management/offers/new" {
			// One product found is chosen: the offer's form is for it.
			if got := found.attr("[data-testid=offer-form] select[name=product] option[selected]", "value"); got != old.ID {
				t.Errorf("a new offer after finding %s is for %q", old.ID, got)
			}
			continue
		}
		if got := choices(found, tc.selectName); len(got) != 1 || got[0] != old.ID {
			t.Errorf("%s?find=%s lists %v, want %s", tc.path, find, got, old.ID)
		}
		if got := found.attr("[data-testid=product-finder] input[name=find]", "value"); got != strings.ToUpper(find) {
			t.Errorf("%s: the find box holds %q, not what was typed", tc.path, got)
		}
		if got := found.text("[data-testid=product-finder-count]"); got != "The list shows 1 of the 1 products that match, most recently changed first." {
			t.Errorf("%s finder says %q after finding", tc.path, got)
		}
	}

	if got := seller.get(unpublish).text("[data-testid=product-finder] label"); got != "Find a replacement product" {
		t.Errorf("the unpublish page's find box is labelled %q", got)
	}
	// The product chosen is kept even when it is not among the listed.
	for _, path := range []string{"/management/agreements?product=", "/management/reports?product="} {
		r := seller.get(path + old.ID)
		if got := r.attr("select[name=product] option[selected]", "value"); got != old.ID {
			t.Errorf("%s%s: %q is selected", path, old.ID, got)
		}
	}
	r := seller.get("/management/offers/new?product=" + old.ID)
	if got := r.attr("[data-testid=offer-form] select[name=product] option[selected]", "value"); got != old.ID {
		t.Errorf("a new offer on %s is for %q", old.ID, got)
	}
	// The agreements' status filter is kept by the find box.
	r = seller.get("/management/agreements?status=active")
	if got := r.attr("[data-testid=product-finder] input[name=status]", "value"); got != "active" {
		t.Errorf("the find box keeps status %q", got)
	}

	// A NUL is refused by the input gate, as in every address.
	expectStatus(t, seller.get("/management/reports?find=%00"), http.StatusBadRequest)
	for _, hostile := range []string{"%", "_", strings.Repeat("retail ", 1500), `" OR 1=1 --`, "zzzz"} {
		r := seller.get("/management/reports?find=" + url.QueryEscape(hostile))
		expectStatus(t, r, http.StatusOK)
		if got := choices(r, "product"); len(got) != 0 {
			t.Errorf("find %.20q lists %d products", hostile, len(got))
		}
		if got := r.text("[data-testid=product-finder-count]"); !strings.HasPrefix(got, "No product matches") {
			t.Errorf("find %.20q: finder says %q", hostile, got)
		}
	}

	seller.setCookie("lang", "fr")
	if got := seller.get("/management/reports").text("[data-testid=product-finder-count]"); got != "La liste affiche 200 des 230 produits correspondants, les plus récemment modifiés en premier." {
		t.Errorf("in French the finder says %q", got)
	}
}
