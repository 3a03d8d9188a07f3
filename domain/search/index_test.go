package search_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/search"
)

// reference is the catalog search spelled out in Go over a list of
// listings, as persistence's referenceSearch is over products.
func reference(listed []search.Listing, q domain.CatalogQuery) (int, []string) {
	type hit struct {
		id    string
		score int
		at    time.Time
	}
	words := domain.SearchWords(strings.Join(q.Words, " "))
	var hits []hit
	for _, l := range listed {
		e := l.Entry
		if l.Private && (q.Viewer == "" || !slices.Contains(l.Allowed, q.Viewer)) ||
			q.Category != "" && !slices.Contains(e.Categories, q.Category) ||
			q.Type != "" && string(e.Type) != q.Type ||
			q.Pricing == domain.FilterFree && e.Pricing != domain.PricingFree ||
			q.Pricing == domain.FilterPaid && !e.Pricing.Paid() ||
			q.Pricing == domain.FilterTrial && e.Pricing != domain.PricingPaidTrial {
			continue
		}
		score, all := 0, true
		for _, w := range words {
			all = all && slices.ContainsFunc(l.Terms, func(t search.Term) bool { return strings.HasPrefix(t.Word, w) })
		}
		for _, t := range l.Terms {
			if slices.ContainsFunc(words, func(w string) bool { return strings.HasPrefix(t.Word, w) }) {
				score += t.Weight
			}
		}
		if all {
			hits = append(hits, hit{e.ProductID, score, e.PublishedAt})
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

// vocabulary has words that start one another (re, ret, retail, retailer)
// and non-ASCII ones.
var vocabulary = []string{"re", "ret", "retail", "retailer", "retails", "forecast", "forecasting", "vision", "été", "éte", "naïve",
	"churn", "fraud", "x1", "x10", "x100", "demand", "model", "données"}

func randomListing(rnd *rand.Rand, i int, base time.Time) search.Listing {
	terms := map[string]int{}
	for range 1 + rnd.IntN(6) {
		terms[vocabulary[rnd.IntN(len(vocabulary))]] = 1 + rnd.IntN(5)
	}
	l := search.Listing{Entry: domain.CatalogEntry{ProductID: fmt.Sprintf("prod-%03d", i), AccountID: "111122223333", Title: fmt.Sprint("Listing ", i),
		Type:        []domain.ResourceKind{domain.KindModelPackage, domain.KindAlgorithm}[rnd.IntN(2)],
		Pricing:     []domain.PricingModel{domain.PricingFree, domain.PricingPaid, domain.PricingPaidTrial}[rnd.IntN(3)],
		PublishedAt: base.Add(time.Duration(rnd.IntN(20)) * time.Minute)}}
	for range rnd.IntN(3) {
		if c := domain.Categories()[rnd.IntN(4)]; !slices.Contains(l.Entry.Categories, c) {
			l.Entry.Categories = append(l.Entry.Categories, c)
		}
	}
	for w, weight := range terms {
		l.Terms = append(l.Terms, search.Term{Word: w, Weight: weight})
	}
	if rnd.IntN(5) == 0 {
		l.Private, l.Allowed = true, []string{"444455556666"}
	}
	return l
}

func randomQuery(rnd *rand.Rand) domain.CatalogQuery {
	q := domain.CatalogQuery{Page: 1 + rnd.IntN(3), Sort: domain.SortRelevance}
	for range rnd.IntN(3) {
		w := vocabulary[rnd.IntN(len(vocabulary))]
		q.Words = append(q.Words, w[:1+rnd.IntN(len(w))])
	}
	if rnd.IntN(3) == 0 {
		q.Category = domain.Categories()[rnd.IntN(5)]
	}
	q.Type = []string{"", "", string(domain.KindAlgorithm), string(domain.KindModelPackage)}[rnd.IntN(4)]
	q.Pricing = []string{"", "", domain.FilterFree, domain.FilterPaid, domain.FilterTrial}[rnd.IntN(5)]
	q.Viewer = []string{"", "444455556666", "999999999999"}[rnd.IntN(3)]
	if rnd.IntN(3) == 0 || len(q.Words) == 0 {
		q.Sort = domain.SortNewest
	}
	return q
}

func ids(p domain.CatalogPage) []string {
	var out []string
	for _, e := range p.Entries {
		out = append(out, e.ProductID)
	}
	return out
}

// TestSearchMatchesReference compares the index with the reference on
// random listings and queries: loaded at once, then after listings are
// replaced, added and removed one by one. The queries come from a small
// space, so that most are asked again, after changes too: an answer the
// index kept must be forgotten when its content changes.
func TestSearchMatchesReference(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 5))
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var listed []search.Listing
	for i := range 120 {
		listed = append(listed, randomListing(rnd, i, base))
	}
	ix := search.New()
	ix.Load(listed)
	check := func(stage string, queries int) {
		t.Helper()
		for range queries {
			q := randomQuery(rnd)
			total, want := reference(listed, q)
			got := ix.Search(q)
			if got.Total != total || !slices.Equal(ids(got), want) {
				t.Fatalf("%s: %+v: got %d %v, want %d %v", stage, q, got.Total, ids(got), total, want)
			}
		}
	}
	check("loaded", 400)
	for i := range 60 {
		switch rnd.IntN(3) {
		case 0: // replaced: new words, new date
			k := rnd.IntN(len(listed))
			l := randomListing(rnd, 1000+i, base)
			l.Entry.ProductID = listed[k].Entry.ProductID
			listed[k] = l
			ix.Put(l)
		case 1:
			l := randomListing(rnd, 2000+i, base)
			listed = append(listed, l)
			ix.Put(l)
		default:
			k := rnd.IntN(len(listed))
			ix.Remove(listed[k].Entry.ProductID)
			listed = slices.Delete(listed, k, k+1)
		}
		check(fmt.Sprint("change ", i), 40)
	}
	check("changed", 400)
	if ix.Len() != len(listed) {
		t.Fatalf("Len = %d, want %d", ix.Len(), len(listed))
	}
}

// TestSearchCases spells out the rules on a small catalog.
func TestSearchCases(t *testing.T) {
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	l := func(id string, minutes int, terms ...search.Term) search.Listing {
		return search.Listing{Entry: domain.CatalogEntry{ProductID: id, Type: domain.KindModelPackage, Pricing: domain.PricingFree,
			PublishedAt: at.Add(time.Duration(minutes) * time.Minute), Categories: []string{"Retail"}}, Terms: terms}
	}
	ix := search.New()
	ix.Load([]search.Listing{
		l("a", 1, search.Term{Word: "retail", Weight: 5}),
		l("b", 2, search.Term{Word: "retail", Weight: 4}, search.Term{Word: "retailer", Weight: 2}),
		l("c", 3, search.Term{Word: "demand", Weight: 1}),
	})
	for _, tt := range []struct {
		words    string
		category string
		want     string
	}{
		{"", "", "3 [c b a]"},
		{"retail", "", "2 [b a]"},     // 4+2 beats 5
		{"retailer", "", "1 [b]"},     // one word, one term: read off its list
		{"ret retail", "", "2 [b a]"}, // each term counted once
		{"retail demand", "", "0 []"},
		{"de", "Retail", "1 [c]"},
		{"de", "Retail, but unknown", "0 []"},
		{"zzz", "", "0 []"},
	} {
		q := domain.CatalogQuery{Words: domain.SearchWords(tt.words), Category: tt.category, Page: 1, Sort: domain.SortRelevance}
		if len(q.Words) == 0 {
			q.Sort = domain.SortNewest
		}
		got := ix.Search(q)
		if s := fmt.Sprint(got.Total, " ", ids(got)); s != tt.want {
			t.Errorf("%q in %q = %s, want %s", tt.words, tt.category, s, tt.want)
		}
	}
}
