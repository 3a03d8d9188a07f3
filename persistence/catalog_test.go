package persistence_test

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

func publishForCatalog(t *testing.T, db *persistence.DB, id, title string, privacy domain.Privacy, allowed []string, at time.Time, keywords ...string) {
	t.Helper()
	p := &domain.Product{ID: id, AccountID: "111122223333", Type: domain.KindAlgorithm, Status: domain.StatusLimited, CreatedAt: at, UpdatedAt: at,
		Info:  domain.GeneralInfo{Privacy: privacy, AllowedAccounts: allowed, Title: title, Categories: []string{"Forecasting"}},
		Promo: domain.Promotional{Keywords: keywords}, Offer: domain.Offer{Pricing: domain.PricingPaidTrial}}
	ch := domain.ProductChange{ProductID: id, ChangeType: "seed", Actor: "seed", At: at}
	if err := db.Products().CreateProduct(t.Context(), p, ch); err != nil {
		t.Fatal(err)
	}
	p.Snapshot = domain.TakeSnapshot(p, nil, at)
	if err := domain.Release(p, nil, at); err != nil {
		t.Fatal(err)
	}
	if err := db.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil, ch); err != nil {
		t.Fatal(err)
	}
}

// TestSearchCatalog runs the catalog query on both databases: words as
// prefixes, every word required, relevance, filters and private products.
func TestSearchCatalog(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		publishForCatalog(t, db, "prod-catalogaaaaa1", "Demand Forecaster", domain.PrivacyPublic, nil, at, "retail")
		publishForCatalog(t, db, "prod-catalogaaaaa2", "Retail Demand Planner", domain.PrivacyPublic, nil, at.Add(time.Hour))
		publishForCatalog(t, db, "prod-catalogaaaaa3", "Private Demand Model", domain.PrivacyPrivate, []string{"999999999999"}, at.Add(2*time.Hour))
		search := func(text, pricing, viewer string) string {
			q, err := domain.ParseCatalogQuery(text, "", "", pricing, "", "", viewer)
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.Catalog().SearchCatalog(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range page.Entries {
				ids = append(ids, e.ProductID[len(e.ProductID)-1:])
			}
			return fmt.Sprint(page.Total, ids)
		}
		for _, tt := range []struct{ text, pricing, viewer, want string }{
			{"", "", "", "2 [2 1]"},
			{"", "", "999999999999", "3 [3 2 1]"},
			{"dem", "", "", "2 [2 1]"},
			{"retail", "", "", "2 [2 1]"}, // title (5) beats keyword (4)
			{"retail demand", "", "", "2 [2 1]"},
			{"retail forecaster", "", "", "1 [1]"},
			{"demand", "free", "", "0 []"},
			{"demand", "trial", "", "2 [2 1]"},
			{"zzz", "", "", "0 []"},
		} {
			if got := search(tt.text, tt.pricing, tt.viewer); got != tt.want {
				t.Errorf("search %q pricing %q viewer %q = %s, want %s", tt.text, tt.pricing, tt.viewer, got, tt.want)
			}
		}
	})
}

// catalogFixture is a product the reference search below knows about.
type catalogFixture struct {
	p  *domain.Product
	at time.Time
}

// publishFixture stores p as a sign-off leaves it: Public since at.
func publishFixture(t *testing.T, db *persistence.DB, p *domain.Product, at time.Time) {
	t.Helper()
	p.Status, p.CreatedAt, p.UpdatedAt = domain.StatusLimited, at, at
	ch := domain.ProductChange{ProductID: p.ID, ChangeType: "seed", Actor: "seed", At: at}
	if err := db.Products().CreateProduct(t.Context(), p, ch); err != nil {
		t.Fatal(err)
	}
	republishFixture(t, db, p, at)
}

// republishFixture publishes p's current text, as an update does.
func republishFixture(t *testing.T, db *persistence.DB, p *domain.Product, at time.Time) {
	t.Helper()
	p.Snapshot = domain.TakeSnapshot(p, nil, at)
	p.Status, p.UpdatedAt = domain.StatusPublic, at
	ch := domain.ProductChange{ProductID: p.ID, ChangeType: "seed", Actor: "seed", At: at}
	if err := db.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil, ch); err != nil {
		t.Fatal(err)
	}
}

// referenceSearch is the catalog search spelled out in Go: the products the
// viewer may see with every word as a prefix of one of their terms,
// filtered, scored by the weights of the terms the words start, ordered
// and paged.
func referenceSearch(listed []catalogFixture, q domain.CatalogQuery) (int, []string) {
	type hit struct {
		id    string
		score int
		at    time.Time
	}
	var hits []hit
	for _, f := range listed {
		p := f.p
		if p.Status != domain.StatusPublic ||
			p.Info.Privacy != domain.PrivacyPublic && !slices.Contains(p.Info.AllowedAccounts, q.Viewer) ||
			q.Category != "" && !slices.Contains(p.Info.Categories, q.Category) ||
			q.Type != "" && string(p.Type) != q.Type ||
			q.Pricing == domain.FilterFree && p.Offer.Pricing != domain.PricingFree ||
			q.Pricing == domain.FilterPaid && !p.Offer.Pricing.Paid() ||
			q.Pricing == domain.FilterTrial && p.Offer.Pricing != domain.PricingPaidTrial {
			continue
		}
		terms := domain.CatalogTerms(p)
		score, all := 0, true
		for _, w := range q.Words {
			all = all && slices.ContainsFunc(slices.Collect(maps.Keys(terms)), func(t string) bool { return strings.HasPrefix(t, w) })
		}
		for t, weight := range terms {
			if slices.ContainsFunc(q.Words, func(w string) bool { return strings.HasPrefix(t, w) }) {
				score += weight
			}
		}
		if all {
			hits = append(hits, hit{p.ID, score, f.at})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if q.Sort == domain.SortRelevance && a.score != b.score {
			return b.score - a.score
		}
		return cmp.Or(b.at.Compare(a.at), strings.Compare(a.id, b.id))
	})
	var ids []string
	for i := (q.Page - 1) * domain.CatalogPageSize; i < len(hits) && i < q.Page*domain.CatalogPageSize; i++ {
		ids = append(ids, hits[i].id)
	}
	return len(hits), ids
}

// TestSearchCatalogMatchesReference compares the search with referenceSearch
// on random listings and queries: words with shared prefixes, non-ASCII
// words, every filter, private listings, equal publication times, several
// pages; then again after listings change text and leave the catalog. It
// checks the database's full-text search and the in-memory search index,
// made before the first listing is published so that it follows every
// publication.
func TestSearchCatalogMatchesReference(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		index := db.SearchIndex()
		if err := index.WaitReady(t.Context()); err != nil {
			t.Fatal(err)
		}
		searches := map[string]domain.CatalogRepository{"database": db.Catalog(), "index": index}
		rnd := rand.New(rand.NewPCG(7, 11))
		vocabulary := []string{"retail", "retailer", "retails", "forecast", "forecasting", "fore", "vision", "visual", "model", "modern",
			"mode", "détecteur", "détection", "検出器", "x1", "2024", "ab", "abc", "sentiment"}
		categories := []string{"Forecasting", "Retail", "Computer Vision", "Healthcare and Life Sciences"}
		text := func(n int) string {
			var words []string
			for range 1 + rnd.IntN(n) {
				words = append(words, vocabulary[rnd.IntN(len(vocabulary))])
			}
			return strings.Join(words, " ")
		}
		viewers := []string{"", "111111111111", "222222222222"}
		base := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		var listed []catalogFixture
		for i := range 45 {
			p := &domain.Product{ID: fmt.Sprintf("prod-reference%04d", i), AccountID: "111122223333",
				Type: []domain.ResourceKind{domain.KindModelPackage, domain.KindAlgorithm}[rnd.IntN(2)],
				Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: strings.ToUpper(text(3)), ShortDescription: text(3) + ".",
					Overview: text(5), Highlights: []string{text(2)}, Categories: []string{categories[rnd.IntN(len(categories))]}},
				Promo: domain.Promotional{Keywords: []string{text(1)}},
				Offer: domain.Offer{Pricing: []domain.PricingModel{domain.PricingFree, domain.PricingPaid, domain.PricingPaidTrial}[rnd.IntN(3)]}}
			if rnd.IntN(3) == 0 {
				p.Info.Categories = append(p.Info.Categories, "Retail")
				p.Info.Categories = slices.Compact(p.Info.Categories)
			}
			if rnd.IntN(5) == 0 {
				p.Info.Privacy, p.Info.AllowedAccounts = domain.PrivacyPrivate, viewers[1:1+rnd.IntN(2)]
			}
			at := base.Add(time.Duration(rnd.IntN(12)) * time.Hour) // many share a time
			publishFixture(t, db, p, at)
			listed = append(listed, catalogFixture{p, at})
		}
		check := func(stage string) {
			t.Helper()
			for range 300 {
				var words []string
				for range rnd.IntN(4) {
					w := []rune(vocabulary[rnd.IntN(len(vocabulary))])
					words = append(words, string(w[:min(len(w), 2+rnd.IntN(len(w)))]))
				}
				if rnd.IntN(10) == 0 {
					words = append(words, "zzz")
				}
				category, kind, pricing, sort := "", "", "", ""
				if rnd.IntN(3) == 0 {
					category = categories[rnd.IntN(len(categories))]
				}
				if rnd.IntN(4) == 0 {
					kind = string(domain.KindAlgorithm)
				}
				if rnd.IntN(3) == 0 {
					pricing = []string{domain.FilterFree, domain.FilterPaid, domain.FilterTrial}[rnd.IntN(3)]
				}
				if rnd.IntN(3) == 0 {
					sort = domain.SortNewest
				}
				page := fmt.Sprint(1 + rnd.IntN(3))
				q, err := domain.ParseCatalogQuery(strings.Join(words, " "), category, kind, pricing, sort, page, viewers[rnd.IntN(len(viewers))])
				if err != nil {
					t.Fatal(err)
				}
				total, want := referenceSearch(listed, q)
				for name, repo := range searches {
					got, err := repo.SearchCatalog(t.Context(), q)
					if err != nil {
						t.Fatalf("%s: %s: SearchCatalog(%+v): %v", stage, name, q, err)
					}
					var ids []string
					for _, e := range got.Entries {
						ids = append(ids, e.ProductID)
					}
					if got.Total != total || !slices.Equal(ids, want) {
						t.Fatalf("%s: %s: SearchCatalog(%+v) = %d %v, want %d %v", stage, name, q, got.Total, ids, total, want)
					}
				}
			}
		}
		check("published")

		// New text, categories, pricing and privacy for some; others leave.
		for i := 0; i < len(listed); i += 3 {
			f := &listed[i]
			f.at = f.at.Add(time.Duration(rnd.IntN(3)) * time.Hour)
			if i%2 == 0 {
				f.p.Info.Title, f.p.Info.Overview = text(2), text(2)
				f.p.Info.Categories = []string{categories[rnd.IntN(len(categories))]}
				f.p.Offer.Pricing = domain.PricingFree
				if f.p.Info.Privacy == domain.PrivacyPublic {
					f.p.Info.Privacy, f.p.Info.AllowedAccounts = domain.PrivacyPrivate, viewers[2:]
				}
				republishFixture(t, db, f.p, f.at)
				continue
			}
			f.p.Status = domain.StatusRestricted
			ch := domain.ProductChange{ProductID: f.p.ID, ChangeType: "seed", Actor: "seed", At: f.at}
			if err := db.Publishing().SaveLifecycle(t.Context(), f.p, f.p.Revision, nil, ch); err != nil {
				t.Fatal(err)
			}
		}
		check("changed")
	})
}

// TestSearchCatalogWordsAreData passes words the form never makes straight
// to the store: full-text operators and quotes find nothing and break
// nothing.
func TestSearchCatalogWordsAreData(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		publishForCatalog(t, db, "prod-catalogaaaaa1", "Demand Forecaster", domain.PrivacyPublic, nil, at, "retail")
		publishForCatalog(t, db, "prod-catalogaaaaa2", "Hidden Demand", domain.PrivacyPrivate, []string{"999999999999"}, at)
		for _, words := range [][]string{
			{`demand"`}, {"demand*"}, {"OR"}, {"demand", "OR", "zzz"}, {"NEAR", "demand"}, {"demand NOT forecaster"},
			{"-forecaster", "demand"}, {"terms:demand"}, {"categories:x"}, {"'demand'"}, {"demand:*"}, {"demand & !zzz"},
			{"#Forecasting"}, {`\`}, {"DEMAND"}, {"(demand)"}, {"^demand"},
		} {
			q := domain.CatalogQuery{Words: words, Sort: domain.SortRelevance, Page: 1}
			page, err := db.Catalog().SearchCatalog(t.Context(), q)
			if err != nil {
				t.Errorf("SearchCatalog(%q): %v", words, err)
				continue
			}
			if page.Total > 1 || len(page.Entries) > 1 || len(page.Entries) == 1 && page.Entries[0].ProductID != "prod-catalogaaaaa1" {
				t.Errorf("SearchCatalog(%q) = %+v", words, page)
			}
		}
	})
}

// TestSearchCatalogHeavyScores checks scores past one byte of matchinfo and
// ts_rank's float: listings with hundreds of terms sharing a prefix.
func TestSearchCatalogHeavyScores(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		words := func(n, from int) string {
			var w []string
			for i := range n {
				w = append(w, fmt.Sprintf("zq%04d", from+i))
			}
			return strings.Join(w, " ")
		}
		var listed []catalogFixture
		for i, p := range []*domain.Product{
			{Info: domain.GeneralInfo{Title: "Many", Overview: words(600, 0)}},                                                   // 5 + 600
			{Info: domain.GeneralInfo{Title: words(50, 0), Highlights: []string{words(150, 1000)}}},                              // 250 + 300
			{Info: domain.GeneralInfo{Title: "Many", ShortDescription: words(301, 2000)}},                                        // 5 + 602
			{Info: domain.GeneralInfo{Title: "Few", Overview: words(3, 0)}, Promo: domain.Promotional{Keywords: []string{"zq"}}}, // 3 + 4
		} {
			p.ID, p.AccountID, p.Type = fmt.Sprintf("prod-heavy%08d", i), "111122223333", domain.KindAlgorithm
			p.Info.Privacy, p.Info.Categories = domain.PrivacyPublic, []string{"Forecasting"}
			publishFixture(t, db, p, at.Add(time.Duration(i)*time.Minute))
			listed = append(listed, catalogFixture{p, at.Add(time.Duration(i) * time.Minute)})
		}
		for _, text := range []string{"zq", "zq0", "zq zq0", "zq00 zq01", "many zq"} {
			q, err := domain.ParseCatalogQuery(text, "Forecasting", "", "", "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.Catalog().SearchCatalog(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range page.Entries {
				ids = append(ids, e.ProductID)
			}
			if total, want := referenceSearch(listed, q); page.Total != total || !slices.Equal(ids, want) {
				t.Errorf("search %q = %d %v, want %d %v", text, page.Total, ids, total, want)
			}
		}
	})
}
