package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

// seedPublic stores a Public product straight through the stores, as a
// sign-off would leave it, catalog rows included.
func seedPublic(t *testing.T, env *testEnv, id, title string, categories []string, pricing domain.PricingModel, keywords ...string) *domain.Product {
	t.Helper()
	ctx := t.Context()
	now := env.clock.Now()
	p := &domain.Product{ID: id, AccountID: "111122223333", CreatorARN: "arn:aws:iam::111122223333:root", Type: domain.KindModelPackage,
		Status: domain.StatusLimited, SubmittedAt: now, CreatedAt: now, UpdatedAt: now,
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: title, ShortDescription: "About " + title,
			Overview: "Overview of " + title, Highlights: []string{"Fast"}, Categories: categories},
		Promo: domain.Promotional{Keywords: keywords}, Regions: domain.DefaultRegions(),
		Offer: domain.Offer{Pricing: pricing, EULA: "EULA"}}
	if err := env.db.Products().CreateProduct(ctx, p, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeCreateProduct, Actor: "seed", At: now}); err != nil {
		t.Fatal(err)
	}
	p.Snapshot = domain.TakeSnapshot(p, nil, now)
	if err := domain.Release(p, nil, now); err != nil {
		t.Fatal(err)
	}
	if err := env.db.Publishing().SaveLifecycle(ctx, p, p.Revision, nil, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeReleaseProduct, Actor: "seed", At: now}); err != nil {
		t.Fatal(err)
	}
	env.clock.Advance(time.Minute) // a distinct publication time for "newest"
	return p
}

func catalogIDs(r *response) []string {
	var ids []string
	r.doc.Find("[data-testid=catalog] li").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("data-testid")
		ids = append(ids, strings.TrimPrefix(id, "catalog-"))
	})
	return ids
}

func TestCatalogSearchFiltersAndSort(t *testing.T) {
	env := newEnv(t)
	seedPublic(t, env, "prod-sentimentaaa1", "Review Sentiment Classifier", []string{"Natural Language Processing", "Sentiment Analysis"}, domain.PricingFree, "reviews")
	seedPublic(t, env, "prod-forecastaaaa2", "Demand Forecaster", []string{"Forecasting"}, domain.PricingPaid, "retail", "sentiment-free")
	seedPublic(t, env, "prod-detectoraaaa3", "Shelf Object Detector", []string{"Object Detection", "Retail"}, domain.PricingPaidTrial, "retail")
	c := env.client()

	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"prod-detectoraaaa3", "prod-forecastaaaa2", "prod-sentimentaaa1"}}, // newest first
		{"q=sentiment", []string{"prod-sentimentaaa1", "prod-forecastaaaa2"}},            // title beats keyword
		{"q=senti+classif", []string{"prod-sentimentaaa1"}},                              // every word, as prefixes
		{"q=retail", []string{"prod-detectoraaaa3", "prod-forecastaaaa2"}},               // same score: newest first
		{"q=retail&sort=newest", []string{"prod-detectoraaaa3", "prod-forecastaaaa2"}},
		{"category=Forecasting", []string{"prod-forecastaaaa2"}},
		{"q=retail&category=Retail", []string{"prod-detectoraaaa3"}}, // the category drives: it is the smaller set
		{"q=shelf+detector&category=Retail", []string{"prod-detectoraaaa3"}},
		{"pricing=free", []string{"prod-sentimentaaa1"}},
		{"pricing=paid", []string{"prod-detectoraaaa3", "prod-forecastaaaa2"}},
		{"pricing=trial", []string{"prod-detectoraaaa3"}},
		{"type=algorithm", nil},
		{"q=" + url.QueryEscape("'; DROP TABLE products; --"), nil},
		{"q=" + url.QueryEscape(`%_\" OR 1=1`), nil},
		{"q=nothingmatches", nil},
	}
	for _, tt := range tests {
		r := c.get("/marketplace?" + tt.query)
		expectStatus(t, r, http.StatusOK)
		if got := catalogIDs(r); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%q: %v, want %v", tt.query, got, tt.want)
		}
		if got := r.text("[data-testid=result-count]"); got != fmt.Sprintf("Results: %d", len(tt.want)) {
			t.Errorf("%q: count %q", tt.query, got)
		}
	}
	// HTML in the search box comes back as text.
	r := c.get("/marketplace?q=" + url.QueryEscape(`<script>alert(1)</script>`))
	if r.doc.Find("main script").Length() != 0 || r.attr("#f-q", "value") != `<script>alert(1)</script>` {
		t.Error("search text not kept escaped")
	}
}

func TestCatalogBadInputGetsCleanPages(t *testing.T) {
	env := newEnv(t)
	seedPublic(t, env, "prod-sentimentaaa1", "Review Sentiment Classifier", []string{"Sentiment Analysis"}, domain.PricingFree)
	c := env.client()
	for query, field := range map[string]string{
		"category=Astrology":              "category",
		"type=spaceship":                  "type",
		"pricing=cheap":                   "pricing",
		"sort=random":                     "sort",
		"page=0":                          "page",
		"page=abc":                        "page",
		"page=99999999999999999999999999": "page",
		"q=" + strings.Repeat("a", 201):   "q",
	} {
		r := c.get("/marketplace?" + query)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if r.text("[data-testid=error-"+field+"]") == "" {
			t.Errorf("%s: no message for %s", query, field)
		}
	}
	// A page past the results is an empty page, not an error, that says
	// so (not that there are no products) and leads back.
	r := c.get("/marketplace?page=7")
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=past-last-page]") == "" || r.text("[data-testid=no-products]") != "" ||
		r.attr("[data-testid=prev-page]", "href") == "" {
		t.Error("a page past the end is not an empty page that says so with a way back")
	}
	// A search that finds nothing says so, with a way to clear it.
	r = c.get("/marketplace?q=nothingmatchesthis&pricing=paid")
	if r.text("[data-testid=no-match]") == "" || r.attr("[data-testid=clear-filters]", "href") != "/marketplace" {
		t.Error("a search without results does not offer to clear the search and filters")
	}
	// Sorting starts at relevance, never at an empty choice.
	if got := c.get("/marketplace").attr("#f-sort option[selected]", "value"); got != "relevance" {
		t.Errorf("sort starts at %q", got)
	}
}

func TestCatalogPaging(t *testing.T) {
	env := newEnv(t)
	for i := range 23 {
		seedPublic(t, env, fmt.Sprintf("prod-paging%07d", i), fmt.Sprintf("Model %02d", i), []string{"Classification"}, domain.PricingFree)
	}
	c := env.client()
	first := c.get("/marketplace?q=model")
	if n := len(catalogIDs(first)); n != domain.CatalogPageSize {
		t.Fatalf("first page has %d products", n)
	}
	next := first.attr("[data-testid=next-page]", "href")
	if !strings.Contains(next, "page=2") || !strings.Contains(next, "q=model") {
		t.Fatalf("next page link %q", next)
	}
	second := c.get(next)
	if n := len(catalogIDs(second)); n != 3 || second.attr("[data-testid=next-page]", "href") != "" {
		t.Fatalf("second page has %d products", n)
	}
}

func TestCatalogNeverLeaksHiddenProducts(t *testing.T) {
	env := newEnv(t)
	allowed, allowedID := env.signedIn("Allowed", "allowed@example.com")
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	p := seedPublic(t, env, "prod-privateaaaaa1", "Private Vision Model", []string{"Image"}, domain.PricingFree)
	// Make it private to one account, as published.
	p.Info.Privacy, p.Info.AllowedAccounts = domain.PrivacyPrivate, []string{allowedID}
	p.Snapshot = domain.TakeSnapshot(p, nil, env.clock.Now())
	p.PublicSnapshot = p.Snapshot // what buyers see, as a sign-off leaves it
	if err := env.db.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil, domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeUpdateTargeting, Actor: "seed", At: env.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	_, testerID := env.signedIn("Tester", "tester@example.com")
	_, staged := stagedListing(t, env, testerID)

	for _, tc := range []struct {
		c    *client
		want string
	}{{allowed, "Results: 1"}, {stranger, "Results: 0"}, {env.client(), "Results: 0"}} {
		r := tc.c.get("/marketplace?q=vision")
		if got := r.text("[data-testid=result-count]"); got != tc.want {
			t.Errorf("private product count %q, want %q", got, tc.want)
		}
		if got := tc.c.get("/marketplace").text("[data-testid=catalog]"); strings.Contains(got, "Review Sentiment") {
			t.Error("a staged product appears in the catalog")
		}
	}
	expectStatus(t, stranger.get("/marketplace/pp/prod-privateaaaaa1"), http.StatusNotFound)
	expectStatus(t, allowed.get("/marketplace/pp/prod-privateaaaaa1"), http.StatusNotFound) // no public version to show
	expectStatus(t, stranger.get("/marketplace/pp/"+staged), http.StatusNotFound)
}
