package persistence

import (
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/search"
)

type catalogEntryRecord struct {
	ProductID        string `gorm:"primaryKey"`
	AccountID        string
	Privacy          string
	Title            string
	ShortDescription string
	Type             string
	Pricing          string
	Categories       string // JSON list, for display
	PublishedAt      time.Time
	// Terms spells the listing's weighted words for the search index (see
	// spellTerms).
	Terms string
}

func (catalogEntryRecord) TableName() string { return "catalog_entries" }

type catalogCategoryRecord struct {
	Category    string    `gorm:"primaryKey"`
	ProductID   string    `gorm:"primaryKey"`
	PublishedAt time.Time // the entry's, so that a category lists newest first by its index
}

func (catalogCategoryRecord) TableName() string { return "catalog_categories" }

type catalogAllowedRecord struct {
	AccountID string `gorm:"primaryKey"`
	ProductID string `gorm:"primaryKey"`
}

func (catalogAllowedRecord) TableName() string { return "catalog_allowed" }

// catalogCountKey names a row of catalog_counts: how many public listings
// have a type and pricing, in a category or, for "", in all of them.
type catalogCountKey struct{ Category, Type, Pricing string }

// maxTermLength bounds the words indexed, in characters; a longer "word" is
// noise no buyer types.
const maxTermLength = 100

// catalogTerm is a word buyers can find a product by, with its weight.
type catalogTerm = search.Term

// catalogTerms lists a product's weighted words in word order.
func catalogTerms(p *domain.Product) []catalogTerm {
	var terms []catalogTerm
	for w, weight := range domain.CatalogTerms(p) {
		if utf8.RuneCountInString(w) <= maxTermLength && weight > 0 {
			terms = append(terms, catalogTerm{Word: w, Weight: weight})
		}
	}
	slices.SortFunc(terms, func(a, b catalogTerm) int { return strings.Compare(a.Word, b.Word) })
	return terms
}

// syncCatalogTx rewrites a product's catalog rows from what buyers see of
// it: listed while Public, gone otherwise. It runs in the transaction of the
// change that made it necessary, and keeps the full-text index and the
// counts of public listings in step.
func syncCatalogTx(tx *gorm.DB, working *domain.Product) error {
	postgres := tx.Dialector.Name() == DialectPostgres
	counts := map[catalogCountKey]int{}
	count := func(privacy, kind, pricing string, categories []string, delta int) {
		if privacy != string(domain.PrivacyPublic) {
			return // counted per viewer, by catalog_allowed
		}
		for _, c := range append([]string{""}, categories...) {
			counts[catalogCountKey{c, kind, pricing}] += delta
		}
	}

	var old []struct {
		Privacy, Type, Pricing string
		SearchID               *int64
	}
	cols := "privacy, type, pricing"
	if !postgres {
		cols += ", search_id"
	}
	if err := tx.Raw("SELECT "+cols+" FROM catalog_entries WHERE product_id = ?", working.ID).Scan(&old).Error; err != nil {
		return domainError(err)
	}
	if len(old) > 0 || working.InCatalog() {
		if err := recordCatalogChangeTx(tx, working.ID, postgres); err != nil {
			return err
		}
	}
	if len(old) > 0 {
		var categories []string
		if err := tx.Raw("SELECT category FROM catalog_categories WHERE product_id = ?", working.ID).Scan(&categories).Error; err != nil {
			return domainError(err)
		}
		count(old[0].Privacy, old[0].Type, old[0].Pricing, categories, -1)
		if n := old[0].SearchID; n != nil {
			if err := tx.Exec("DELETE FROM catalog_fts WHERE docid BETWEEN ? AND ?", *n*ftsSlots, *n*ftsSlots+ftsSlots-1).Error; err != nil {
				return domainError(err)
			}
		}
	}
	for _, table := range []any{&catalogAllowedRecord{}, &catalogCategoryRecord{}, &catalogEntryRecord{}} {
		if err := tx.Where("product_id = ?", working.ID).Delete(table).Error; err != nil {
			return domainError(err)
		}
	}
	if working.InCatalog() {
		p, _ := working.Published(nil)
		var searchID *int64
		if len(old) > 0 {
			searchID = old[0].SearchID
		}
		if err := insertCatalogTx(tx, p, postgres, searchID); err != nil {
			return err
		}
		count(string(p.Info.Privacy), string(p.Type), string(p.Offer.Pricing), p.Info.Categories, +1)
	}
	return addCatalogCountsTx(tx, counts)
}

// addCatalogCountsTx adds to catalog_counts, in key order so that two
// transactions never wait on each other's rows in opposite orders.
func addCatalogCountsTx(tx *gorm.DB, counts map[catalogCountKey]int) error {
	keys := slices.SortedFunc(maps.Keys(counts), func(a, b catalogCountKey) int {
		return cmp.Or(cmp.Compare(a.Category, b.Category), cmp.Compare(a.Type, b.Type), cmp.Compare(a.Pricing, b.Pricing))
	})
	for _, k := range keys {
		if counts[k] == 0 {
			continue
		}
		err := tx.Exec("INSERT INTO catalog_counts (category, type, pricing, listings) VALUES (?, ?, ?, ?) "+
			"ON CONFLICT (category, type, pricing) DO UPDATE SET listings = catalog_counts.listings + excluded.listings",
			k.Category, k.Type, k.Pricing, counts[k]).Error
		if err != nil {
			return domainError(err)
		}
	}
	return nil
}

// insertCatalogTx adds the catalog rows of a Public product; on SQLite it
// keeps the listing's search number, if it had one.
func insertCatalogTx(tx *gorm.DB, p *domain.Product, postgres bool, searchID *int64) error {
	terms := catalogTerms(p)
	entry := catalogEntryRecord{ProductID: p.ID, AccountID: p.AccountID, Privacy: string(p.Info.Privacy), Title: p.Info.Title,
		ShortDescription: p.Info.ShortDescription, Type: string(p.Type), Pricing: string(p.Offer.Pricing),
		Categories: mustJSON(nonNilList(p.Info.Categories)), PublishedAt: p.UpdatedAt.UTC(), Terms: search.Spell(terms)}
	if err := tx.Create(&entry).Error; err != nil {
		return domainError(err)
	}
	for _, c := range p.Info.Categories {
		if err := tx.Create(&catalogCategoryRecord{Category: c, ProductID: p.ID, PublishedAt: entry.PublishedAt}).Error; err != nil {
			return domainError(err)
		}
	}
	if p.Info.Privacy == domain.PrivacyPrivate {
		for _, a := range p.Info.AllowedAccounts {
			if err := tx.Create(&catalogAllowedRecord{AccountID: a, ProductID: p.ID}).Error; err != nil {
				return domainError(err)
			}
		}
	}
	if postgres {
		err := tx.Exec("UPDATE catalog_entries SET search = ?::tsvector WHERE product_id = ?", pgSearchVector(terms, p.Info.Categories), p.ID).Error
		return domainError(err)
	}
	var n int64
	if searchID != nil {
		n = *searchID
	} else if err := tx.Raw("SELECT COALESCE(MAX(search_id), 0) + 1 FROM catalog_entries").Scan(&n).Error; err != nil {
		return domainError(err)
	}
	if err := tx.Exec("UPDATE catalog_entries SET search_id = ? WHERE product_id = ?", n, p.ID).Error; err != nil {
		return domainError(err)
	}
	text := ftsTerms(terms)
	codes := []int64{0} // every listing is in the partition of all categories
	for _, c := range p.Info.Categories {
		code, err := ftsCategoryCodeTx(tx, c)
		if err != nil {
			return err
		}
		codes = append(codes, code)
	}
	for slot, code := range codes[:min(len(codes), ftsSlots)] {
		err := tx.Exec("INSERT INTO catalog_fts (docid, terms, category_code) VALUES (?, ?, ?)", n*ftsSlots+int64(slot), text, code).Error
		if err != nil {
			return domainError(err)
		}
	}
	return nil
}

// catalogChangesLockID names the PostgreSQL advisory lock taken before a
// change to the catalog is numbered: held until commit, it makes the
// numbers of catalog_changes follow the order of the commits, so that a
// process that has read up to number n has seen every change before it.
const catalogChangesLockID = 7_300_120_002

// recordCatalogChangeTx notes that a product's catalog rows change in this
// transaction, for the search index of every process (see SearchIndex).
func recordCatalogChangeTx(tx *gorm.DB, productID string, postgres bool) error {
	if postgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", catalogChangesLockID).Error; err != nil {
			return domainError(err)
		}
	}
	err := tx.Exec("INSERT INTO catalog_changes (product_id, changed_at) VALUES (?, ?)", productID, time.Now().UTC()).Error
	return domainError(err)
}

// ftsSlots is how many catalog_fts rows a listing may have: one in the
// partition of all categories, one in each of its categories' (a listing
// has at most domain.MaxCategories). Its rows' docids are its search number
// times ftsSlots, plus the slot.
const ftsSlots = 64

// ftsCategoryCodeTx returns the number of a category's partition of
// catalog_fts, its FTS4 language ID, numbering a new category.
func ftsCategoryCodeTx(tx *gorm.DB, category string) (int64, error) {
	err := tx.Exec("INSERT INTO catalog_category_codes (category, code) SELECT ?, (SELECT COALESCE(MAX(code), 0) + 1 FROM catalog_category_codes) "+
		"WHERE NOT EXISTS (SELECT 1 FROM catalog_category_codes WHERE category = ?)", category, category).Error
	if err != nil {
		return 0, domainError(err)
	}
	var code int64
	return code, domainError(tx.Raw("SELECT code FROM catalog_category_codes WHERE category = ?", category).Scan(&code).Error)
}

// ftsTerms is the FTS4 terms column: each word repeated as often as its
// weight, so that a word's hits in matchinfo add up to its weight.
func ftsTerms(terms []catalogTerm) string {
	var b strings.Builder
	for _, t := range terms {
		for range t.Weight {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(t.Word)
		}
	}
	return b.String()
}

// pgQuote quotes a lexeme for the tsvector and tsquery input syntax.
func pgQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// pgScoped is a word as found in a category: search words, letters and
// digits only, never start with # nor hold a colon.
func pgScoped(category, word string) string { return "#" + category + ":" + word }

// pgWeights are the weights ts_rank gives the labels D, C, B and A: 1, 2,
// 3 and 4 eighths, as ts_rank wants weights up to 1 and eighths are exact
// in binary. postgresMatch multiplies ts_rank's result back by 8, by the
// constant it divides by and by the number of words it averages over; the
// float it gets is close enough to round to the sum of weights.
const pgWeights = "{0.125,0.25,0.375,0.5}"

// pgMaxWeight is the largest weight pgPositions spells.
const pgMaxWeight = 7

// pgPositions spells a weight as a lexeme's positions for ts_rank. For a
// lexeme with one position ts_rank adds up the weight of its label; for
// one with two whose second weighs more, both weights; each divided by a
// constant, which postgresMatch multiplies back.
func pgPositions(weight int) string {
	labels := []string{"D", "C", "B", "A"}
	weight = min(max(weight, 1), pgMaxWeight)
	if weight <= 4 {
		return "1" + labels[weight-1]
	}
	return "1" + labels[weight-5] + ",2A"
}

// pgSearchVector is the tsvector of a listing: each word with its weight
// spelled by pgPositions, and each word again, without positions, as found
// in each of the listing's categories, so that a search in a category
// reads its posting lists only.
func pgSearchVector(terms []catalogTerm, categories []string) string {
	parts := make([]string, 0, len(terms)*(1+len(categories)))
	for _, t := range terms {
		parts = append(parts, pgQuote(t.Word)+":"+pgPositions(t.Weight))
		for _, c := range categories {
			parts = append(parts, pgQuote(pgScoped(c, t.Word)))
		}
	}
	return strings.Join(parts, " ")
}

// CatalogStore implements domain.CatalogRepository.
type CatalogStore struct{ db *DB }

var _ domain.CatalogRepository = (*CatalogStore)(nil)

// Catalog returns the catalog store of db.
func (db *DB) Catalog() *CatalogStore { return &CatalogStore{db: db} }

// catalogRow is a listing as a search reads it.
type catalogRow struct {
	ProductID, AccountID, Title, ShortDescription, Type, Pricing, Categories string
	PublishedAt                                                              time.Time
	Total                                                                    int
}

// catalogColumns lists the columns of catalogRow, of the entry aliased as.
func catalogColumns(as string) string {
	cols := []string{"product_id", "account_id", "title", "short_description", "type", "pricing", "categories", "published_at"}
	return as + "." + strings.Join(cols, ", "+as+".")
}

// catalogOrder is the ORDER BY of a search, on the row aliased as: by
// relevance or not, then newest first.
func catalogOrder(as string, relevance bool) string {
	order := as + ".published_at DESC, " + as + ".product_id"
	if relevance {
		order = "score DESC, " + order
	}
	return order
}

// SearchCatalog finds the products a viewer may see that contain every
// word (as a word prefix) and match the filters.
func (s *CatalogStore) SearchCatalog(ctx context.Context, q domain.CatalogQuery) (domain.CatalogPage, error) {
	// The words reach a full-text query language: keep them to what
	// SearchWords makes, letters and digits, and as few as the form
	// allows, whoever built the query.
	words := domain.SearchWords(strings.Join(q.Words, " "))
	words = words[:min(len(words), domain.MaxSearchWords)]
	var recs []catalogRow
	var total int
	var err error
	if len(words) == 0 {
		recs, total, err = s.browse(ctx, q)
	} else {
		recs, total, err = s.match(ctx, q, words)
	}
	if err != nil {
		return domain.CatalogPage{}, err
	}
	page := domain.CatalogPage{Total: total}
	for _, r := range recs {
		e := domain.CatalogEntry{ProductID: r.ProductID, AccountID: r.AccountID, Title: r.Title, ShortDescription: r.ShortDescription,
			Type: domain.ResourceKind(r.Type), Pricing: domain.PricingModel(r.Pricing), PublishedAt: r.PublishedAt}
		if err := json.Unmarshal([]byte(r.Categories), &e.Categories); err != nil {
			return domain.CatalogPage{}, domain.Internal(err)
		}
		page.Entries = append(page.Entries, e)
	}
	return page, nil
}

// catalogFilters is the WHERE clause, on the entry aliased e, of the type,
// pricing and, unless privacy is false, privacy filters.
func (s *CatalogStore) catalogFilters(q domain.CatalogQuery, privacy bool) ([]string, []any) {
	// Few listings fail these filters: SQLite does better walking the
	// newest-first index and checking them than fetching every listing
	// they keep, and the unary + stops it using their indexes. PostgreSQL
	// has the statistics to see that.
	col := "e."
	if s.db.dialect == DialectSQLite {
		col = "+e."
	}
	var where []string
	var args []any
	if privacy {
		where = append(where, "(e.privacy = 'public' OR EXISTS (SELECT 1 FROM catalog_allowed a WHERE a.product_id = e.product_id AND a.account_id = ?))")
		args = append(args, q.Viewer)
	}
	if q.Type != "" {
		where = append(where, col+"type = ?")
		args = append(args, q.Type)
	}
	if p := pricingFilter(q.Pricing); len(p) > 0 {
		where = append(where, col+"pricing IN ?")
		args = append(args, p)
	}
	return where, args
}

// pricingFilter lists the pricing models a pricing filter keeps, none for
// no filter.
func pricingFilter(f string) []string {
	switch f {
	case domain.FilterFree:
		return []string{string(domain.PricingFree)}
	case domain.FilterPaid:
		return []string{string(domain.PricingPaid), string(domain.PricingPaidTrial)}
	case domain.FilterTrial:
		return []string{string(domain.PricingPaidTrial)}
	}
	return nil
}

// browse lists a page of the catalog without search words, newest first.
// The total adds the counts of public listings, kept by syncCatalogTx, to
// a count of the private ones the viewer may see, which are few: counting
// a hundred thousand rows on every visit to the marketplace would not be.
func (s *CatalogStore) browse(ctx context.Context, q domain.CatalogQuery) ([]catalogRow, int, error) {
	where, args := s.catalogFilters(q, true)
	from, order := "catalog_entries e", catalogOrder("e", false)
	if q.Category != "" {
		// The category's index lists its products newest first.
		from, order = "catalog_categories d JOIN catalog_entries e ON e.product_id = d.product_id", catalogOrder("d", false)
		where = append([]string{"d.category = ?"}, where...)
		args = append([]any{q.Category}, args...)
	}
	conn := s.db.conn(ctx)
	var recs []catalogRow
	err := conn.Raw("SELECT "+catalogColumns("e")+" FROM "+from+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, domain.CatalogPageSize, (q.Page-1)*domain.CatalogPageSize)...).Scan(&recs).Error
	if err != nil {
		return nil, 0, domainError(err)
	}

	counted := []string{"category = ?"}
	countArgs := []any{q.Category}
	if q.Type != "" {
		counted = append(counted, "type = ?")
		countArgs = append(countArgs, q.Type)
	}
	if p := pricingFilter(q.Pricing); len(p) > 0 {
		counted = append(counted, "pricing IN ?")
		countArgs = append(countArgs, p)
	}
	var public, private int
	if err := conn.Raw("SELECT COALESCE(SUM(listings), 0) FROM catalog_counts WHERE "+strings.Join(counted, " AND "), countArgs...).Scan(&public).Error; err != nil {
		return nil, 0, domainError(err)
	}
	if q.Viewer != "" {
		where, args := s.catalogFilters(q, false)
		where = append(where, "a.account_id = ?", "e.privacy <> 'public'")
		args = append(args, q.Viewer)
		if q.Category != "" {
			where = append(where, "EXISTS (SELECT 1 FROM catalog_categories d WHERE d.product_id = e.product_id AND d.category = ?)")
			args = append(args, q.Category)
		}
		err := conn.Raw("SELECT COUNT(*) FROM catalog_allowed a JOIN catalog_entries e ON e.product_id = a.product_id WHERE "+
			strings.Join(where, " AND "), args...).Scan(&private).Error
		if err != nil {
			return nil, 0, domainError(err)
		}
	}
	return recs, public + private, nil
}

// catalogMatch is how a dialect finds the listings with every search word,
// as e, and scores them when asked: SQL and the arguments of its
// placeholders.
type catalogMatch struct {
	score     string
	scoreArgs []any
	from      string
	fromArgs  []any
	where     string
	whereArgs []any
}

// match lists a page of the listings with every search word. The page is
// chosen from narrow rows, its product IDs, dates and scores, before the
// listings are read; a window count gives the total in the same pass.
func (s *CatalogStore) match(ctx context.Context, q domain.CatalogQuery, words []string) ([]catalogRow, int, error) {
	relevance := q.Sort == domain.SortRelevance
	var m catalogMatch
	if s.db.dialect == DialectPostgres {
		m = postgresMatch(words, q.Category, relevance)
	} else {
		m = sqliteMatch(words, q.Category, relevance)
	}
	where, args := s.catalogFilters(q, true)
	if m.where != "" {
		where = append([]string{m.where}, where...)
		args = append(slices.Clone(m.whereArgs), args...)
	}
	query := "SELECT " + catalogColumns("x") + ", p.total FROM (" +
		"SELECT e.product_id, e.published_at, " + m.score + " AS score, COUNT(*) OVER () AS total FROM " + m.from +
		" WHERE " + strings.Join(where, " AND ") + " ORDER BY " + catalogOrder("e", relevance) + " LIMIT ? OFFSET ?" +
		") p JOIN catalog_entries x ON x.product_id = p.product_id ORDER BY " + catalogOrder("p", relevance)
	conn := s.db.conn(ctx)
	page := func(offset int) ([]catalogRow, error) {
		var recs []catalogRow
		err := conn.Raw(query, slices.Concat(m.scoreArgs, m.fromArgs, args, []any{domain.CatalogPageSize, offset})...).Scan(&recs).Error
		return recs, domainError(err)
	}
	recs, err := page((q.Page - 1) * domain.CatalogPageSize)
	if err != nil {
		return nil, 0, err
	}
	if len(recs) == 0 && q.Page > 1 {
		// Past the last page the window has no row to report on: the first
		// page's does.
		first, err := page(0)
		if err != nil || len(first) == 0 {
			return nil, 0, err
		}
		return nil, first[0].Total, nil
	}
	if len(recs) == 0 {
		return nil, 0, nil
	}
	return recs, recs[0].Total, nil
}

// extendsAnother reports whether w extends another of the search words: it
// starts a subset of that word's terms, which a score counts once.
func extendsAnother(words []string, w string) bool {
	return slices.ContainsFunc(words, func(v string) bool { return v != w && strings.HasPrefix(w, v) })
}

// postgresMatch matches the words as prefixes in the tsvector, as found
// in the category if there is one. A product's score is ts_rank's for the
// words, undone into the sum of the weights of the terms they start (see
// pgPositions). ts_rank counts a term once per word that starts it: only
// the words no other search word starts are ranked.
func postgresMatch(words []string, category string, relevance bool) catalogMatch {
	var items, ranked []string
	for _, w := range words {
		if category != "" {
			items = append(items, pgQuote(pgScoped(category, w))+":*")
		} else {
			items = append(items, pgQuote(w)+":*")
		}
		if !extendsAnother(words, w) {
			ranked = append(ranked, pgQuote(w)+":*")
		}
	}
	m := catalogMatch{score: "0", from: "catalog_entries e", where: "e.search @@ ?::tsquery", whereArgs: []any{strings.Join(items, " & ")}}
	if relevance {
		m.score = fmt.Sprintf("round(ts_rank('%s', e.search, ?::tsquery)::float8 * 8 * 1.64493406685 * %d)", pgWeights, len(ranked))
		m.scoreArgs = []any{strings.Join(ranked, " | ")}
	}
	return m
}

// sqliteMatch matches the words as prefixes in catalog_fts, in the
// category's partition if there is one: its doclists hold only the
// category's listings, so that a category makes a search cheaper, not
// dearer. A product's score adds up, for each word, its hits in the terms
// column, where every term appears as often as its weight.
func sqliteMatch(words []string, category string, relevance bool) catalogMatch {
	var phrases, score []string
	for i, w := range words {
		phrases = append(phrases, "terms:"+w+"*")
		if !extendsAnother(words, w) {
			score = append(score, ftsHits(i))
		}
	}
	sub := "SELECT catalog_fts.docid / " + strconv.Itoa(ftsSlots) + " AS search_id, 0 AS score"
	if relevance {
		sub = "SELECT catalog_fts.docid / " + strconv.Itoa(ftsSlots) + " AS search_id, " + strings.Join(score, " + ") + " AS score"
	}
	args := []any{strings.Join(phrases, " ")}
	if category == "" {
		sub += " FROM catalog_fts WHERE catalog_fts MATCH ? AND catalog_fts.category_code = 0"
	} else {
		// A category without a number has no listings: the join finds none.
		sub += " FROM catalog_category_codes k CROSS JOIN catalog_fts WHERE catalog_fts MATCH ? AND k.category = ? AND catalog_fts.category_code = k.code"
		args = append(args, category)
	}
	// CROSS JOIN keeps the full-text match as the outer loop: SQLite
	// would otherwise drive from an index of a filter and run the whole
	// match again for every row. The index on search_id covers the
	// filters and the order, so the listings themselves are not read.
	return catalogMatch{
		score:    "m.score",
		from:     "(" + sub + ") m CROSS JOIN catalog_entries e ON e.search_id = m.search_id",
		fromArgs: args,
	}
}

// ftsColumns is the number of columns of catalog_fts; terms is the first.
const ftsColumns = 1

// ftsHits is the SQL of a search phrase's hits in the terms column of the
// current row: matchinfo 'y' gives them as a 32-bit integer in the
// machine's byte order, and a byte's value is its position, less one, in a
// blob of all 256 bytes. Two bytes suffice: a product's text is too short
// to weigh more than 65,535.
func ftsHits(phrase int) string {
	offset := 4*phrase*ftsColumns + 1 // 1-based, as substr counts
	low, high := offset, offset+1
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 { // big-endian
		low, high = offset+3, offset+2
	}
	var all strings.Builder
	all.WriteString("X'")
	for b := range 256 {
		fmt.Fprintf(&all, "%02x", b)
	}
	all.WriteString("'")
	byteAt := func(pos int) string {
		return fmt.Sprintf("(instr(%s, substr(matchinfo(catalog_fts, 'y'), %d, 1)) - 1)", all.String(), pos)
	}
	return "(" + byteAt(low) + " + 256 * " + byteAt(high) + ")"
}
