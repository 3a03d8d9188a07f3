package search

import (
	"slices"
	"strings"
	"sync"

	"github.com/mlportal/portal/domain"
)

// Buyers ask the same searches again and again (the catalog's first page,
// a category, a popular word): the index keeps its answers until its
// content next changes, so that a repeated search costs a map lookup
// instead of scoring every match again. Every change to the index (Put,
// Remove, Install) forgets them all at once, under the index's write lock,
// and an answer is kept under its read lock: a kept answer is always the
// one the index would give now.

// maxAnswers bounds the answers kept; past it they start over. A page of
// answers is 20 entries, unpacked from the index once.
const maxAnswers = 1024

// answerKey names a search: the words as the index reads them and every
// filter. Text is left out: the index reads the words.
type answerKey struct {
	words                           string
	category, kind, pricing, sorted string
	page                            int
	viewer                          string
}

func keyOf(q domain.CatalogQuery, words []string) answerKey {
	return answerKey{words: strings.Join(words, " "), category: q.Category, kind: q.Type, pricing: q.Pricing,
		sorted: q.Sort, page: max(q.Page, 1), viewer: q.Viewer}
}

// answers are the kept answers of an index.
type answers struct {
	mu   sync.Mutex
	kept map[answerKey]domain.CatalogPage
}

// get returns the kept answer of k. Its entries are shared with later
// searches: callers only read them.
func (a *answers) get(k answerKey) (domain.CatalogPage, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	page, ok := a.kept[k]
	page.Entries = slices.Clip(page.Entries)
	return page, ok
}

// keep keeps the answer of k.
func (a *answers) keep(k answerKey, page domain.CatalogPage) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.kept == nil || len(a.kept) >= maxAnswers {
		a.kept = make(map[answerKey]domain.CatalogPage)
	}
	a.kept[k] = page
}

// forget drops every kept answer; the index's content changed.
func (a *answers) forget() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.kept = nil
}
