package persistence

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
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
}

func (catalogEntryRecord) TableName() string { return "catalog_entries" }

type catalogCategoryRecord struct {
	Category  string `gorm:"primaryKey"`
	ProductID string `gorm:"primaryKey"`
}

func (catalogCategoryRecord) TableName() string { return "catalog_categories" }

type catalogAllowedRecord struct {
	AccountID string `gorm:"primaryKey"`
	ProductID string `gorm:"primaryKey"`
}

func (catalogAllowedRecord) TableName() string { return "catalog_allowed" }

// maxTermLength bounds the words indexed, in characters; a longer "word" is
// noise no buyer types.
const maxTermLength = 100

// catalogTerm is a word buyers can find a product by, with its weight.
type catalogTerm struct {
	Word   string
	Weight int
}

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
// change that made it necessary.
func syncCatalogTx(tx *gorm.DB, working *domain.Product) error {
	postgres := tx.Dialector.Name() == DialectPostgres
	if !postgres {
		var docIDs []int64
		if err := tx.Raw("SELECT search_id FROM catalog_entries WHERE product_id = ? AND search_id IS NOT NULL", working.ID).Scan(&docIDs).Error; err != nil {
			return domainError(err)
		}
		for _, id := range docIDs {
			if err := tx.Exec("DELETE FROM catalog_fts WHERE docid = ?", id).Error; err != nil {
				return domainError(err)
			}
		}
	}
	for _, table := range []any{&catalogAllowedRecord{}, &catalogCategoryRecord{}, &catalogEntryRecord{}} {
		if err := tx.Where("product_id = ?", working.ID).Delete(table).Error; err != nil {
			return domainError(err)
		}
	}
	if working.Status != domain.StatusPublic {
		return nil
	}
	p, _ := working.Published(nil)
	entry := catalogEntryRecord{ProductID: p.ID, AccountID: p.AccountID, Privacy: string(p.Info.Privacy), Title: p.Info.Title,
		ShortDescription: p.Info.ShortDescription, Type: string(p.Type), Pricing: string(p.Offer.Pricing),
		Categories: mustJSON(nonNilList(p.Info.Categories)), PublishedAt: p.UpdatedAt.UTC()}
	if err := tx.Create(&entry).Error; err != nil {
		return domainError(err)
	}
	for _, c := range p.Info.Categories {
		if err := tx.Create(&catalogCategoryRecord{Category: c, ProductID: p.ID}).Error; err != nil {
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
	terms := catalogTerms(p)
	if postgres {
		err := tx.Exec("UPDATE catalog_entries SET search = ?::tsvector WHERE product_id = ?", pgSearchVector(terms, p.Info.Categories), p.ID).Error
		return domainError(err)
	}
	if err := tx.Exec("INSERT INTO catalog_fts (terms, categories) VALUES (?, ?)", ftsTerms(terms), ftsCategories(p.Info.Categories)).Error; err != nil {
		return domainError(err)
	}
	var docID int64
	if err := tx.Raw("SELECT last_insert_rowid()").Scan(&docID).Error; err != nil {
		return domainError(err)
	}
	return domainError(tx.Exec("UPDATE catalog_entries SET search_id = ? WHERE product_id = ?", docID, p.ID).Error)
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

// ftsCategory is a category as one FTS4 token: the simple tokenizer keeps
// letters and digits together, so the name is spelled in hex.
func ftsCategory(c string) string { return "c" + hex.EncodeToString([]byte(c)) }

func ftsCategories(categories []string) string {
	tokens := make([]string, len(categories))
	for i, c := range categories {
		tokens[i] = ftsCategory(c)
	}
	return strings.Join(tokens, " ")
}

// pgQuote quotes a lexeme for the tsvector and tsquery input syntax.
func pgQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// pgCategory is a category as a lexeme; search words, letters and digits
// only, never start with #.
func pgCategory(c string) string { return "#" + c }

// pgSearchVector is the tsvector of a listing: each word with its weight as
// its position, each category as a lexeme without one.
func pgSearchVector(terms []catalogTerm, categories []string) string {
	parts := make([]string, 0, len(terms)+len(categories))
	for _, t := range terms {
		parts = append(parts, fmt.Sprintf("%s:%d", pgQuote(t.Word), t.Weight))
	}
	for _, c := range categories {
		parts = append(parts, pgQuote(pgCategory(c)))
	}
	return strings.Join(parts, " ")
}

// CatalogStore implements domain.CatalogRepository.
type CatalogStore struct{ db *DB }

var _ domain.CatalogRepository = (*CatalogStore)(nil)

// Catalog returns the catalog store of db.
func (db *DB) Catalog() *CatalogStore { return &CatalogStore{db: db} }

// catalogSearch is the FROM, WHERE and relevance score of a search, each
// with its placeholders' arguments.
type catalogSearch struct {
	from      string
	fromArgs  []any
	where     []string
	whereArgs []any
	score     string
	scoreArgs []any
}

// SearchCatalog finds the products a viewer may see that contain every
// word (as a word prefix) and match the filters. The database's full-text
// index finds the words and the category; the other filters are checked on
// the rows it finds.
func (s *CatalogStore) SearchCatalog(ctx context.Context, q domain.CatalogQuery) (domain.CatalogPage, error) {
	// The words reach a full-text query language: keep them to what
	// SearchWords makes, letters and digits, whoever built the query.
	words := domain.SearchWords(strings.Join(q.Words, " "))
	var c catalogSearch
	switch {
	case len(words) == 0:
		c = catalogSearch{from: "catalog_entries e", score: "0"}
		if q.Category != "" {
			c.where = append(c.where, "e.product_id IN (SELECT d.product_id FROM catalog_categories d WHERE d.category = ?)")
			c.whereArgs = append(c.whereArgs, q.Category)
		}
	case s.db.dialect == DialectPostgres:
		c = postgresSearch(words, q.Category)
	default:
		c = sqliteSearch(words, q.Category)
	}
	c.where = append(c.where, "(e.privacy = 'public' OR EXISTS (SELECT 1 FROM catalog_allowed a WHERE a.product_id = e.product_id AND a.account_id = ?))")
	c.whereArgs = append(c.whereArgs, q.Viewer)
	if q.Type != "" {
		c.where = append(c.where, "e.type = ?")
		c.whereArgs = append(c.whereArgs, q.Type)
	}
	switch q.Pricing {
	case domain.FilterFree:
		c.where = append(c.where, "e.pricing = ?")
		c.whereArgs = append(c.whereArgs, string(domain.PricingFree))
	case domain.FilterPaid:
		c.where = append(c.where, "e.pricing IN (?, ?)")
		c.whereArgs = append(c.whereArgs, string(domain.PricingPaid), string(domain.PricingPaidTrial))
	case domain.FilterTrial:
		c.where = append(c.where, "e.pricing = ?")
		c.whereArgs = append(c.whereArgs, string(domain.PricingPaidTrial))
	}
	cond := strings.Join(c.where, " AND ")
	order := "e.published_at DESC, e.product_id"
	if q.Sort == domain.SortRelevance && len(words) > 0 {
		order = "score DESC, " + order
	}
	conn := s.db.conn(ctx)
	// One pass gives the page and, by a window count, the total.
	var recs []struct {
		ProductID, AccountID, Title, ShortDescription, Type, Pricing, Categories string
		PublishedAt                                                              time.Time
		Score, Total                                                             int
	}
	query := "SELECT e.product_id, e.account_id, e.title, e.short_description, e.type, e.pricing, e.categories, e.published_at, " +
		c.score + " AS score, COUNT(*) OVER () AS total FROM " + c.from + " WHERE " + cond + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	args := slices.Concat(c.scoreArgs, c.fromArgs, c.whereArgs, []any{domain.CatalogPageSize, (q.Page - 1) * domain.CatalogPageSize})
	if err := conn.Raw(query, args...).Scan(&recs).Error; err != nil {
		return domain.CatalogPage{}, domainError(err)
	}
	var total int64
	if len(recs) > 0 {
		total = int64(recs[0].Total)
	} else if q.Page > 1 {
		// Past the last page the window has no row to report on.
		if err := conn.Raw("SELECT COUNT(*) FROM "+c.from+" WHERE "+cond, slices.Concat(c.fromArgs, c.whereArgs)...).Scan(&total).Error; err != nil {
			return domain.CatalogPage{}, domainError(err)
		}
	}
	page := domain.CatalogPage{Total: int(total)}
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

// postgresSearch matches the words as prefixes, and the category, in the
// tsvector. A product's score adds up the weights, kept as positions, of
// its words that start with a search word.
func postgresSearch(words []string, category string) catalogSearch {
	var items, starts []string
	var scoreArgs []any
	for _, w := range words {
		items = append(items, pgQuote(w)+":*")
		starts = append(starts, "starts_with(u.lexeme, ?)")
		scoreArgs = append(scoreArgs, w)
	}
	if category != "" {
		items = append(items, pgQuote(pgCategory(category)))
	}
	return catalogSearch{
		from:      "catalog_entries e",
		where:     []string{"e.search @@ ?::tsquery"},
		whereArgs: []any{strings.Join(items, " & ")},
		score:     "(SELECT COALESCE(SUM(u.positions[1]), 0) FROM unnest(e.search) u WHERE " + strings.Join(starts, " OR ") + ")",
		scoreArgs: scoreArgs,
	}
}

// sqliteSearch matches the words as prefixes, and the category, in
// catalog_fts. A product's score adds up, for each word, its hits in the
// terms column, where every term appears as often as its weight.
func sqliteSearch(words []string, category string) catalogSearch {
	var phrases []string
	var score []string
	for i, w := range words {
		phrases = append(phrases, "terms:"+w+"*")
		// A word that extends another search word finds a subset of that
		// one's terms: counting both would count those terms twice.
		if !slices.ContainsFunc(words, func(v string) bool { return v != w && strings.HasPrefix(w, v) }) {
			score = append(score, ftsHits(i))
		}
	}
	if category != "" {
		phrases = append(phrases, "categories:"+ftsCategory(category))
	}
	return catalogSearch{
		from: "(SELECT docid, " + strings.Join(score, " + ") + " AS score FROM catalog_fts WHERE catalog_fts MATCH ?) m" +
			" JOIN catalog_entries e ON e.search_id = m.docid",
		fromArgs: []any{strings.Join(phrases, " ")},
		score:    "m.score",
	}
}

// ftsColumns is the number of columns of catalog_fts; terms is the first.
const ftsColumns = 2

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
