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
	docs []doc // by number; nil for a free number
	// meta holds, by number too, what filtering and ordering a match
	// needs, side by side in memory: a search that matches thousands of
	// listings reads this instead of unpacking each.
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
	docs []doc
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
	d, m := packDoc(l)
	n := int32(len(b.docs))
	b.docs = append(b.docs, d)
	b.meta = append(b.meta, m)
	b.byID[l.Entry.ProductID] = n
	for _, p := range partitionsOf(b.all, b.cats, l.Entry.Categories, true) {
		p.appendDoc(n, m, l.Terms)
	}
}

// Install orders every list and makes the index's content the builder's,
// ready for searches.
func (b *Builder) Install(ix *Index) {
	for _, p := range append([]*partition{b.all}, mapValues(b.cats)...) {
		p.sortAll(order{b.docs, b.meta})
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

// partitionsOf lists the partitions a listing belongs to: all, and its
// categories' (made if create is set).
func partitionsOf(all *partition, cats map[string]*partition, categories []string, create bool) []*partition {
	out := []*partition{all}
	for _, c := range categories {
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
func (p *partition) appendDoc(n int32, m docMeta, terms []Term) {
	p.newest = append(p.newest, n)
	if m.private {
		p.private = append(p.private, n)
	} else {
		p.public[m.kind][m.pricing]++
	}
	for _, t := range terms {
		l, ok := p.lists[t.Word]
		if !ok {
			l = &postingList{}
			p.lists[t.Word] = l
			p.dict = append(p.dict, t.Word)
		}
		l.postings = append(l.postings, posting{doc: n, weight: int32(t.Weight)})
		if m.private {
			l.private = append(l.private, n)
		} else {
			l.public[m.kind][m.pricing]++
		}
	}
}

func (p *partition) sortAll(o order) {
	slices.Sort(p.dict)
	slices.SortFunc(p.newest, o.newer)
	slices.SortFunc(p.private, o.newer)
	for _, l := range p.lists {
		slices.SortFunc(l.postings, o.impact)
	}
}

// order compares listings by number, as the catalog lists them.
type order struct {
	docs []doc
	meta []docMeta
}

// newer orders listings newest first, then by product ID.
func (o order) newer(a, b int32) int {
	return cmp.Or(cmp.Compare(o.meta[b].recency, o.meta[a].recency), compareIDs(o.docs[a], o.docs[b]))
}

// impact orders a word's postings by weight, then newest first.
func (o order) impact(a, b posting) int {
	return cmp.Or(cmp.Compare(b.weight, a.weight), o.newer(a.doc, b.doc))
}

// Put adds a listing, or replaces the listing with the same product ID.
func (ix *Index) Put(l Listing) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.answers.forget()
	ix.remove(l.Entry.ProductID)
	d, m := packDoc(l)
	var n int32
	if k := len(ix.free); k > 0 {
		n, ix.free = ix.free[k-1], ix.free[:k-1]
		ix.docs[n], ix.meta[n] = d, m
	} else {
		n = int32(len(ix.docs))
		ix.docs, ix.meta = append(ix.docs, d), append(ix.meta, m)
	}
	ix.byID[l.Entry.ProductID] = n
	for _, p := range partitionsOf(ix.all, ix.cats, l.Entry.Categories, true) {
		p.insert(order{ix.docs, ix.meta}, n, l.Terms)
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
	terms := d.terms()
	for _, p := range partitionsOf(ix.all, ix.cats, d.categories(), false) {
		p.delete(order{ix.docs, ix.meta}, n, terms)
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

func (p *partition) insert(o order, n int32, terms []Term) {
	m := o.meta[n]
	p.newest = insertSorted(p.newest, n, o.newer)
	if m.private {
		p.private = insertSorted(p.private, n, o.newer)
	} else {
		p.public[m.kind][m.pricing]++
	}
	for _, t := range terms {
		l, ok := p.lists[t.Word]
		if !ok {
			l = &postingList{}
			p.lists[t.Word] = l
			p.dict = insertSorted(p.dict, t.Word, strings.Compare)
		}
		l.postings = insertSorted(l.postings, posting{doc: n, weight: int32(t.Weight)}, o.impact)
		if m.private {
			l.private = append(l.private, n)
		} else {
			l.public[m.kind][m.pricing]++
		}
	}
}

func (p *partition) delete(o order, n int32, terms []Term) {
	m := o.meta[n]
	p.newest = deleteSorted(p.newest, n, o.newer)
	if m.private {
		p.private = deleteSorted(p.private, n, o.newer)
	} else {
		p.public[m.kind][m.pricing]--
	}
	for _, t := range terms {
		l, ok := p.lists[t.Word]
		if !ok {
			continue
		}
		l.postings = deleteSorted(l.postings, posting{doc: n, weight: int32(t.Weight)}, o.impact)
		if m.private {
			if i := slices.Index(l.private, n); i >= 0 {
				l.private = slices.Delete(l.private, i, i+1)
			}
		} else {
			l.public[m.kind][m.pricing]--
		}
		if len(l.postings) == 0 {
			delete(p.lists, t.Word)
			p.dict = deleteSorted(p.dict, t.Word, strings.Compare)
		}
	}
}
