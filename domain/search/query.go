package search

import (
	"cmp"
	"container/heap"
	"iter"
	"slices"
	"strings"

	"github.com/mlportal/portal/domain"
)

// filter is a query's filters, resolved once per search.
type filter struct {
	kind     int // index in kinds, or -1 for any
	pricings [3]bool
	viewer   string
}

func filterOf(q domain.CatalogQuery) filter {
	f := filter{kind: -1, viewer: q.Viewer}
	if q.Type != "" {
		f.kind = slices.Index(kinds, domain.ResourceKind(q.Type))
		if f.kind < 0 {
			f.kind = len(kinds) // matches nothing
		}
	}
	switch q.Pricing {
	case domain.FilterFree:
		f.pricings[0] = true
	case domain.FilterPaid:
		f.pricings[1], f.pricings[2] = true, true
	case domain.FilterTrial:
		f.pricings[2] = true
	default:
		f.pricings = [3]bool{true, true, true}
	}
	return f
}

// keepsAt reports whether the filters keep listing number n and the
// viewer may see it, from the index's metadata.
func (f filter) keepsAt(ix *Index, n int32) bool {
	m := &ix.meta[n]
	if f.kind >= 0 && int(m.kind) != f.kind || !f.pricings[m.pricing] {
		return false
	}
	return !m.private || f.viewer != "" && ix.docs[n].allows(f.viewer)
}

// publicTotal adds up the public listings the type and pricing filters keep.
func (f filter) publicTotal(counts [2][3]int) int {
	total := 0
	for k := range counts {
		if f.kind >= 0 && k != f.kind {
			continue
		}
		for p, n := range counts[k] {
			if f.pricings[p] {
				total += n
			}
		}
	}
	return total
}

// Search answers q as the catalog's database search does: the listings the
// viewer may see with every word as a prefix of one of their words, in the
// category, type and pricing asked for, ordered by relevance (the sum of
// the weights of the words the search words start) or newest first.
func (ix *Index) Search(q domain.CatalogQuery) domain.CatalogPage {
	words := domain.SearchWords(strings.Join(q.Words, " "))
	words = words[:min(len(words), domain.MaxSearchWords)]
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	key := keyOf(q, words)
	if page, ok := ix.answers.get(key); ok {
		return page
	}
	page := ix.search(q, words)
	ix.answers.keep(key, page)
	return page
}

// search answers q, whose words are read, under the read lock.
func (ix *Index) search(q domain.CatalogQuery, words []string) domain.CatalogPage {
	p := ix.all
	if q.Category != "" {
		if p = ix.cats[q.Category]; p == nil {
			return domain.CatalogPage{}
		}
	}
	f := filterOf(q)
	offset := (max(q.Page, 1) - 1) * domain.CatalogPageSize
	if len(words) == 0 {
		return ix.browse(p, f, offset)
	}
	return ix.match(p, f, words, q.Sort == domain.SortRelevance, offset)
}

// page collects the listings from offset on, at most a page of them.
type page struct {
	offset, seen int
	entries      []domain.CatalogEntry
}

// add offers the next listing in order; it reports whether the page is full.
func (pg *page) add(d doc) bool {
	if pg.seen >= pg.offset {
		pg.entries = append(pg.entries, d.entry())
	}
	pg.seen++
	return len(pg.entries) == domain.CatalogPageSize
}

// browse lists the partition newest first.
func (ix *Index) browse(p *partition, f filter, offset int) domain.CatalogPage {
	return ix.readInOrder(p.public, p.private, slices.Values(p.newest), f, offset)
}

// readInOrder pages through listings already in the order asked for: the
// total is the public listings the counts keep plus the private ones the
// viewer may see, and the page is read from the front of order.
func (ix *Index) readInOrder(public [2][3]int, private []int32, order iter.Seq[int32], f filter, offset int) domain.CatalogPage {
	total := f.publicTotal(public)
	for _, n := range private {
		if f.keepsAt(ix, n) {
			total++
		}
	}
	pg := page{offset: offset}
	if offset < total {
		for n := range order {
			if f.keepsAt(ix, n) && pg.add(ix.docs[n]) {
				break
			}
		}
	}
	return domain.CatalogPage{Entries: pg.entries, Total: total}
}

// prefixRange is the range of dict of the words starting with w.
func prefixRange(dict []string, w string) (int, int) {
	lo, _ := slices.BinarySearch(dict, w)
	hi := lo
	for hi < len(dict) && strings.HasPrefix(dict[hi], w) {
		hi++
	}
	return lo, hi
}

// match finds the listings with every word. One word that starts a single
// indexed word, ranked by relevance, is read straight off the front of its
// impact-ordered list; anything else is scored listing by listing.
func (ix *Index) match(p *partition, f filter, words []string, relevance bool, offset int) domain.CatalogPage {
	ranges := make([][2]int, len(words))
	for i, w := range words {
		lo, hi := prefixRange(p.dict, w)
		if lo == hi {
			return domain.CatalogPage{}
		}
		ranges[i] = [2]int{lo, hi}
	}
	if len(words) == 1 && ranges[0][1]-ranges[0][0] == 1 && relevance {
		return ix.readList(p.lists[p.dict[ranges[0][0]]], f, offset)
	}
	return ix.score(p, f, ranges, relevance, offset)
}

// readList pages through one word's list in its order, which is the
// relevance order of a search for that word alone.
func (ix *Index) readList(l *postingList, f filter, offset int) domain.CatalogPage {
	docs := func(yield func(int32) bool) {
		for _, ps := range l.postings {
			if !yield(ps.doc) {
				return
			}
		}
	}
	return ix.readInOrder(l.public, l.private, docs, f, offset)
}

// scratch is a search's per-listing buffers: the score and the words found
// so far of each listing touched.
type scratch struct {
	scores  []int32
	masks   []uint16
	touched []int32
}

func (ix *Index) getScratch() *scratch {
	var s *scratch
	select {
	case s = <-ix.scratches:
	default:
	}
	if s == nil || len(s.scores) < len(ix.docs) {
		n := len(ix.docs) + len(ix.docs)/8 + 64
		s = &scratch{scores: make([]int32, n), masks: make([]uint16, n)}
	}
	return s
}

func (ix *Index) putScratch(s *scratch) {
	for _, n := range s.touched {
		s.scores[n], s.masks[n] = 0, 0
	}
	s.touched = s.touched[:0]
	select {
	case ix.scratches <- s:
	default: // enough kept
	}
}

// hit is a matching listing with its score and publication time.
type hit struct {
	n       int32
	score   int32
	recency int64
}

// score adds up, for every listing with a word the search words start, the
// weights of those words (each counted once, however many search words
// start it), keeps the listings that have every search word, and picks
// the page from them without sorting them all.
func (ix *Index) score(p *partition, f filter, ranges [][2]int, relevance bool, offset int) domain.CatalogPage {
	s := ix.getScratch()
	defer ix.putScratch(s)
	full := uint16(1)<<len(ranges) - 1
	lo, hi := ranges[0][0], ranges[0][1]
	for _, r := range ranges[1:] {
		lo, hi = min(lo, r[0]), max(hi, r[1])
	}
	for t := lo; t < hi; t++ {
		var mask uint16
		for i, r := range ranges {
			if r[0] <= t && t < r[1] {
				mask |= 1 << i
			}
		}
		if mask == 0 {
			continue
		}
		for _, ps := range p.lists[p.dict[t]].postings {
			if s.masks[ps.doc] == 0 {
				s.touched = append(s.touched, ps.doc)
			}
			s.masks[ps.doc] |= mask
			s.scores[ps.doc] += ps.weight
		}
	}
	less := func(a, b hit) bool { return ix.compareHits(a, b, relevance) < 0 }
	top := &hitHeap{less: less, limit: offset + domain.CatalogPageSize}
	total := 0
	for _, n := range s.touched {
		if s.masks[n] != full || !f.keepsAt(ix, n) {
			continue
		}
		total++
		top.offer(hit{n: n, score: s.scores[n], recency: ix.meta[n].recency})
	}
	hits := top.sorted()
	var entries []domain.CatalogEntry
	for i := offset; i < len(hits); i++ {
		entries = append(entries, ix.docs[hits[i].n].entry())
	}
	return domain.CatalogPage{Entries: entries, Total: total}
}

// compareHits orders hits as the catalog lists them: by score when ranked
// by relevance, then newest first, then by product ID.
func (ix *Index) compareHits(a, b hit, relevance bool) int {
	if relevance && a.score != b.score {
		return cmp.Compare(b.score, a.score)
	}
	if a.recency != b.recency {
		return cmp.Compare(b.recency, a.recency)
	}
	return compareIDs(ix.docs[a.n], ix.docs[b.n])
}

// hitHeap keeps the first limit hits in order: a heap whose root is the
// last of them, so that a hit after it is turned away in one comparison.
type hitHeap struct {
	hits  []hit
	less  func(a, b hit) bool
	limit int
}

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return h.less(h.hits[j], h.hits[i]) } // the root is the last in order
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(hit)) }
func (h *hitHeap) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}

func (h *hitHeap) offer(x hit) {
	if len(h.hits) < h.limit {
		heap.Push(h, x)
		return
	}
	if h.less(x, h.hits[0]) {
		h.hits[0] = x
		heap.Fix(h, 0)
	}
}

// sorted returns the kept hits in order.
func (h *hitHeap) sorted() []hit {
	out := slices.Clone(h.hits)
	slices.SortFunc(out, func(a, b hit) int {
		if h.less(a, b) {
			return -1
		}
		if h.less(b, a) {
			return 1
		}
		return 0
	})
	return out
}
