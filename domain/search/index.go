// Package search is the marketplace's search index, kept in memory by each
// server process: the catalog's listings with their weighted words, in
// posting lists ordered by impact (weight, then newest first), so that the
// first page of a word as common as one listing in six is read off the
// front of its list instead of scoring every match. It answers exactly as
// the database's full-text search does (same matches, scores, order and
// totals), and is kept in step with publications by its owner (see
// persistence.SearchIndex).
package search

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/mlportal/portal/domain"
)

// Term is a word buyers can find a listing by, with its weight.
type Term struct {
	Word   string
	Weight int
}

// Listing is one Public product as the index keeps it.
type Listing struct {
	Entry domain.CatalogEntry
	// Private listings are found only by the accounts in Allowed.
	Private bool
	Allowed []string
	Terms   []Term
}

// doc is a listing as the index keeps it. Its words are kept spelled in one
// string ("word:weight …"), needed only to take the listing out of its
// lists again: as a slice of terms they took a third of the index's memory.
type doc struct {
	Entry   domain.CatalogEntry
	Private bool
	Allowed []string
	words   string
	recency int64 // PublishedAt in nanoseconds: larger is newer
	kind    int   // index of Entry.Type in kinds
	pricing int   // index of Entry.Pricing in pricings
}

// docMeta is a listing's filter and order attributes.
type docMeta struct {
	recency int64
	kind    uint8
	pricing uint8
	private bool
}

func (d *doc) meta() docMeta {
	return docMeta{recency: d.recency, kind: uint8(d.kind), pricing: uint8(d.pricing), private: d.Private}
}

// Spell writes terms as "word:weight word:weight …": words are letters and
// digits only (domain.SearchWords), never a space or a colon. The catalog
// stores each listing's words so, and the index keeps them so.
func Spell(terms []Term) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Word)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(t.Weight))
	}
	return b.String()
}

// ParseTerms reads what Spell wrote, skipping anything malformed.
func ParseTerms(s string) []Term {
	fields := strings.Fields(s)
	out := make([]Term, 0, len(fields))
	for _, f := range fields {
		w, weight, ok := strings.Cut(f, ":")
		if n, err := strconv.Atoi(weight); ok && err == nil {
			out = append(out, Term{Word: w, Weight: n})
		}
	}
	return out
}

// terms reads the doc's words back.
func (d *doc) terms() []Term { return ParseTerms(d.words) }

var (
	kinds    = []domain.ResourceKind{domain.KindModelPackage, domain.KindAlgorithm}
	pricings = []domain.PricingModel{domain.PricingFree, domain.PricingPaid, domain.PricingPaidTrial}
)

// posting is a listing in a word's list, with the word's weight there.
type posting struct {
	doc    int32
	weight int32
}

// postingList is a word's listings in impact order. public counts its
// public listings by type and pricing, so that the total of a one-word
// search needs no scan; private lists its private ones, which are checked
// per viewer.
type postingList struct {
	postings []posting
	public   [2][3]int
	private  []int32
}

// partition is the index of all listings, or of those of one category, so
// that a search in a category reads only that category's lists.
type partition struct {
	dict   []string // the words, sorted, for prefix ranges
	lists  map[string]*postingList
	newest []int32 // every listing, newest first
	public [2][3]int
	// private lists the private listings, newest first.
	private []int32
}

func newPartition() *partition { return &partition{lists: map[string]*postingList{}} }

// Index is the search index. It is safe for concurrent use: searches share
// a read lock, changes take the write lock.
type Index struct {
	mu   sync.RWMutex
	docs []*doc // by number; nil for a free number
	// meta holds, by number too, what filtering and ordering a match
	// needs, side by side in memory: a search that matches thousands of
	// listings reads this instead of following a pointer to each.
	meta  []docMeta
	free  []int32
	byID  map[string]int32
	all   *partition
	cats  map[string]*partition
	ready bool
	// scratches holds the per-search score buffers, reused across
	// searches. A channel rather than a sync.Pool, which empties at every
	// garbage collection: each buffer is as long as the index, and making
	// one per search cost more than the search.
	scratches chan *scratch
	// answers are the answers given since the content last changed.
	answers answers
}

// New returns an empty index.
func New() *Index {
	return &Index{byID: map[string]int32{}, all: newPartition(), cats: map[string]*partition{}, scratches: make(chan *scratch, maxScratches)}
}

// maxScratches is how many score buffers are kept: about one per search
// running at once.
const maxScratches = 16

// Len is the number of listings indexed.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Ready reports whether Load has filled the index.
func (ix *Index) Ready() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.ready
}

// Load replaces the index's content with listings, building each list once
// instead of inserting listing by listing, and marks the index ready.
func (ix *Index) Load(listings []Listing) {
	b := NewBuilder()
	for _, l := range listings {
		b.Add(l)
	}
	b.Install(ix)
}

// Builder fills an index listing by listing, as the listings are read, and
// puts each list in order once at the end.
type Builder struct {
	docs []*doc
	meta []docMeta
	byID map[string]int32
	all  *partition
	cats map[string]*partition
}

// NewBuilder starts an empty index.
func NewBuilder() *Builder {
	return &Builder{byID: map[string]int32{}, all: newPartition(), cats: map[string]*partition{}}
}

// Add adds a listing; a product ID added twice keeps the later listing.
func (b *Builder) Add(l Listing) {
	if _, dup := b.byID[l.Entry.ProductID]; dup {
		return // catalog_entries has one row per product: never happens
	}
	d := newDoc(l)
	n := int32(len(b.docs))
	b.docs = append(b.docs, d)
	b.meta = append(b.meta, d.meta())
	b.byID[l.Entry.ProductID] = n
	for _, p := range partitionsOf(b.all, b.cats, d, true) {
		p.appendDoc(n, d, l.Terms)
	}
}

// Install orders every list and makes the index's content the builder's,
// ready for searches.
func (b *Builder) Install(ix *Index) {
	for _, p := range append([]*partition{b.all}, mapValues(b.cats)...) {
		p.sortAll(b.docs)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.docs, ix.meta, ix.free, ix.byID, ix.all, ix.cats, ix.ready = b.docs, b.meta, nil, b.byID, b.all, b.cats, true
	ix.answers.forget()
}

func mapValues(m map[string]*partition) []*partition {
	out := make([]*partition, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	return out
}

func newDoc(l Listing) *doc {
	d := &doc{Entry: l.Entry, Private: l.Private, Allowed: l.Allowed, words: Spell(l.Terms), recency: l.Entry.PublishedAt.UnixNano(),
		kind: slices.Index(kinds, l.Entry.Type), pricing: slices.Index(pricings, l.Entry.Pricing)}
	d.kind, d.pricing = max(d.kind, 0), max(d.pricing, 0)
	return d
}

// partitionsOf lists the partitions a listing belongs to: all, and its
// categories' (made if create is set).
func partitionsOf(all *partition, cats map[string]*partition, d *doc, create bool) []*partition {
	out := []*partition{all}
	for _, c := range d.Entry.Categories {
		p, ok := cats[c]
		if !ok {
			if !create {
				continue
			}
			p = newPartition()
			cats[c] = p
		}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// appendDoc adds a listing without keeping the orders: sortAll restores
// them once every listing is in.
func (p *partition) appendDoc(n int32, d *doc, terms []Term) {
	p.newest = append(p.newest, n)
	if d.Private {
		p.private = append(p.private, n)
	} else {
		p.public[d.kind][d.pricing]++
	}
	for _, t := range terms {
		l, ok := p.lists[t.Word]
		if !ok {
			l = &postingList{}
			p.lists[t.Word] = l
			p.dict = append(p.dict, t.Word)
		}
		l.postings = append(l.postings, posting{doc: n, weight: int32(t.Weight)})
		if d.Private {
			l.private = append(l.private, n)
		} else {
			l.public[d.kind][d.pricing]++
		}
	}
}

func (p *partition) sortAll(docs []*doc) {
	slices.Sort(p.dict)
	newer := func(a, b int32) int { return compareRecency(docs[a], docs[b]) }
	slices.SortFunc(p.newest, newer)
	slices.SortFunc(p.private, newer)
	for _, l := range p.lists {
		slices.SortFunc(l.postings, func(a, b posting) int { return compareImpact(docs, a, b) })
	}
}

// compareRecency orders listings newest first, then by product ID, as the
// catalog lists them.
func compareRecency(a, b *doc) int {
	return cmp.Or(cmp.Compare(b.recency, a.recency), strings.Compare(a.Entry.ProductID, b.Entry.ProductID))
}

// compareImpact orders a word's postings by weight, then as the catalog
// lists listings.
func compareImpact(docs []*doc, a, b posting) int {
	return cmp.Or(cmp.Compare(b.weight, a.weight), compareRecency(docs[a.doc], docs[b.doc]))
}

// Put adds a listing, or replaces the listing with the same product ID.
func (ix *Index) Put(l Listing) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.answers.forget()
	ix.remove(l.Entry.ProductID)
	d := newDoc(l)
	var n int32
	if k := len(ix.free); k > 0 {
		n, ix.free = ix.free[k-1], ix.free[:k-1]
		ix.docs[n], ix.meta[n] = d, d.meta()
	} else {
		n = int32(len(ix.docs))
		ix.docs, ix.meta = append(ix.docs, d), append(ix.meta, d.meta())
	}
	ix.byID[l.Entry.ProductID] = n
	for _, p := range partitionsOf(ix.all, ix.cats, d, true) {
		p.insert(ix.docs, n, d, l.Terms)
	}
}

// Remove takes a product out of the index; an absent one is no error.
func (ix *Index) Remove(productID string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.answers.forget()
	ix.remove(productID)
}

func (ix *Index) remove(productID string) {
	n, ok := ix.byID[productID]
	if !ok {
		return
	}
	d := ix.docs[n]
	for _, p := range partitionsOf(ix.all, ix.cats, d, false) {
		p.delete(ix.docs, n, d)
	}
	delete(ix.byID, productID)
	ix.docs[n] = nil
	ix.free = append(ix.free, n)
}

// insertSorted puts v into the sorted s at its place.
func insertSorted[T any](s []T, v T, compare func(a, b T) int) []T {
	i, _ := slices.BinarySearchFunc(s, v, compare)
	return slices.Insert(s, i, v)
}

// deleteSorted takes v out of the sorted s.
func deleteSorted[T any](s []T, v T, compare func(a, b T) int) []T {
	if i, found := slices.BinarySearchFunc(s, v, compare); found {
		return slices.Delete(s, i, i+1)
	}
	return s
}

func (p *partition) insert(docs []*doc, n int32, d *doc, terms []Term) {
	newer := func(a, b int32) int { return compareRecency(docs[a], docs[b]) }
	impact := func(a, b posting) int { return compareImpact(docs, a, b) }
	p.newest = insertSorted(p.newest, n, newer)
	if d.Private {
		p.private = insertSorted(p.private, n, newer)
	} else {
		p.public[d.kind][d.pricing]++
	}
	for _, t := range terms {
		l, ok := p.lists[t.Word]
		if !ok {
			l = &postingList{}
			p.lists[t.Word] = l
			p.dict = insertSorted(p.dict, t.Word, strings.Compare)
		}
		l.postings = insertSorted(l.postings, posting{doc: n, weight: int32(t.Weight)}, impact)
		if d.Private {
			l.private = append(l.private, n)
		} else {
			l.public[d.kind][d.pricing]++
		}
	}
}

func (p *partition) delete(docs []*doc, n int32, d *doc) {
	newer := func(a, b int32) int { return compareRecency(docs[a], docs[b]) }
	impact := func(a, b posting) int { return compareImpact(docs, a, b) }
	p.newest = deleteSorted(p.newest, n, newer)
	if d.Private {
		p.private = deleteSorted(p.private, n, newer)
	} else {
		p.public[d.kind][d.pricing]--
	}
	for _, t := range d.terms() {
		l, ok := p.lists[t.Word]
		if !ok {
			continue
		}
		l.postings = deleteSorted(l.postings, posting{doc: n, weight: int32(t.Weight)}, impact)
		if d.Private {
			if i := slices.Index(l.private, n); i >= 0 {
				l.private = slices.Delete(l.private, i, i+1)
			}
		} else {
			l.public[d.kind][d.pricing]--
		}
		if len(l.postings) == 0 {
			delete(p.lists, t.Word)
			p.dict = deleteSorted(p.dict, t.Word, strings.Compare)
		}
	}
}
