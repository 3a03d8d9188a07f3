package domain

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Catalog limits.
const (
	CatalogPageSize = 20
	// SellerProductsPageSize is how many of a seller's products its list
	// shows to a page, and MaxSellerProductsPage the last page it asks for.
	SellerProductsPageSize = 25
	MaxSellerProductsPage  = 100_000
	MaxCatalogPage         = 500
	MaxSearchWords         = 8
	MinSearchWordSize      = 2
	MaxSearchLength        = 200
)

// Catalog sort orders.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
)

// Pricing filters of the catalog.
const (
	FilterFree  = "free"
	FilterPaid  = "paid"
	FilterTrial = "trial"
)

// CatalogQuery is a buyer's search of the marketplace.
type CatalogQuery struct {
	Text     string
	Words    []string
	Category string
	Type     string // "", model-package or algorithm
	Pricing  string // "", free, paid or trial
	Sort     string
	Page     int
	// Viewer sees private products that list its account.
	Viewer string
}

// ParseCatalogQuery reads and checks the search form. Unknown filter values
// are refused with a message rather than silently ignored.
func ParseCatalogQuery(text, category, kind, pricing, sort, page, viewer string) (CatalogQuery, error) {
	q := CatalogQuery{Text: strings.TrimSpace(text), Category: category, Type: kind, Pricing: pricing, Sort: sort, Page: 1, Viewer: viewer}
	f := FieldErrors{}
	if utf8.RuneCountInString(q.Text) > MaxSearchLength {
		// Refused: not worth splitting into words.
		f[FieldSearchText] = MsgSearchTooLong
	} else if q.Words = SearchWords(q.Text); len(q.Words) > MaxSearchWords {
		q.Words = q.Words[:MaxSearchWords]
	}
	if q.Category != "" && !slices.Contains(Categories(), q.Category) {
		f[FieldSearchCategory] = MsgFilterUnknown
	}
	if q.Type != "" && q.Type != string(KindModelPackage) && q.Type != string(KindAlgorithm) {
		f[FieldSearchType] = MsgFilterUnknown
	}
	if q.Pricing != "" && q.Pricing != FilterFree && q.Pricing != FilterPaid && q.Pricing != FilterTrial {
		f[FieldSearchPricing] = MsgFilterUnknown
	}
	switch q.Sort {
	case "":
		q.Sort = SortRelevance
	case SortRelevance, SortNewest:
	default:
		f[FieldSearchSort] = MsgFilterUnknown
	}
	if n, ok := ParsePageNumber(page, MaxCatalogPage); ok {
		q.Page = n
	} else {
		f[FieldSearchPage] = MsgPageOutOfRange
	}
	if len(q.Words) == 0 && q.Sort == SortRelevance {
		q.Sort = SortNewest // nothing to be relevant to
	}
	return q, fieldsError(f)
}

// ParsePageNumber reads a list's page number from an address: digits
// only, from 1 to max; none is the first page.
func ParsePageNumber(raw string, max int) (int, bool) {
	if raw == "" {
		return 1, true
	}
	n := 0
	for _, r := range raw {
		if r < '0' || r > '9' || n > max {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, n >= 1 && n <= max
}

// SearchWords splits text into lower-case words of letters and digits, at
// least two characters long, without repeats. Everything else, SQL and HTML
// metacharacters included, is a separator.
func SearchWords(text string) []string {
	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var out []string
	for _, w := range fields {
		if len([]rune(w)) >= MinSearchWordSize && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// CatalogTerms weighs the words buyers can find a product by: title words
// count most, then keywords, categories, highlights and descriptions.
func CatalogTerms(p *Product) map[string]int {
	terms := map[string]int{}
	add := func(text string, weight int) {
		for _, w := range SearchWords(text) {
			terms[w] = max(terms[w], weight)
		}
	}
	add(p.Info.Overview, 1)
	add(p.Info.ShortDescription, 2)
	for _, h := range p.Info.Highlights {
		add(h, 2)
	}
	for _, c := range p.Info.Categories {
		add(c, 3)
	}
	for _, k := range p.Promo.Keywords {
		add(k, 4)
	}
	add(p.Info.Title, 5)
	return terms
}

// CatalogEntry is one product as the catalog lists it.
type CatalogEntry struct {
	ProductID        string
	AccountID        string
	Title            string
	ShortDescription string
	Type             ResourceKind
	Pricing          PricingModel
	Categories       []string
	PublishedAt      time.Time
}

// CatalogPage is one page of results.
type CatalogPage struct {
	Entries []CatalogEntry
	Total   int
}

// CatalogRepository searches the products buyers can see.
type CatalogRepository interface {
	SearchCatalog(ctx context.Context, q CatalogQuery) (CatalogPage, error)
}
