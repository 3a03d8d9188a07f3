package persistence

import (
	"context"
	"encoding/json"
	"sort"
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

type catalogTermRecord struct {
	Term      string `gorm:"primaryKey"`
	ProductID string `gorm:"primaryKey"`
	Weight    int
}

func (catalogTermRecord) TableName() string { return "catalog_terms" }

// syncCatalogTx rewrites a product's catalog rows from what buyers see of
// it: listed while Public, gone otherwise. It runs in the transaction of the
// change that made it necessary.
func syncCatalogTx(tx *gorm.DB, working *domain.Product) error {
	for _, table := range []any{&catalogTermRecord{}, &catalogAllowedRecord{}, &catalogCategoryRecord{}, &catalogEntryRecord{}} {
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
	var terms []catalogTermRecord
	for term, weight := range domain.CatalogTerms(p) {
		if utf8.RuneCountInString(term) <= 100 {
			terms = append(terms, catalogTermRecord{Term: term, ProductID: p.ID, Weight: weight})
		}
	}
	if len(terms) > 0 {
		if err := tx.CreateInBatches(terms, 200).Error; err != nil {
			return domainError(err)
		}
	}
	return nil
}

// CatalogStore implements domain.CatalogRepository.
type CatalogStore struct{ db *DB }

var _ domain.CatalogRepository = (*CatalogStore)(nil)

// Catalog returns the catalog store of db.
func (db *DB) Catalog() *CatalogStore { return &CatalogStore{db: db} }

// prefixRange returns the bounds of the terms starting with w, for an
// indexed range scan: w <= term < next.
func prefixRange(w string) (string, string) {
	r := []rune(w)
	r[len(r)-1]++
	return w, string(r)
}

// SearchCatalog finds the products a viewer may see that contain every
// word (as a word prefix) and match the filters.
func (s *CatalogStore) SearchCatalog(ctx context.Context, q domain.CatalogQuery) (domain.CatalogPage, error) {
	var where []string
	var args []any
	where = append(where, "(e.privacy = 'public' OR EXISTS (SELECT 1 FROM catalog_allowed a WHERE a.product_id = e.product_id AND a.account_id = ?))")
	args = append(args, q.Viewer)
	if q.Category != "" {
		where = append(where, "EXISTS (SELECT 1 FROM catalog_categories c WHERE c.product_id = e.product_id AND c.category = ?)")
		args = append(args, q.Category)
	}
	if q.Type != "" {
		where = append(where, "e.type = ?")
		args = append(args, q.Type)
	}
	switch q.Pricing {
	case domain.FilterFree:
		where = append(where, "e.pricing = ?")
		args = append(args, string(domain.PricingFree))
	case domain.FilterPaid:
		where = append(where, "e.pricing IN (?, ?)")
		args = append(args, string(domain.PricingPaid), string(domain.PricingPaidTrial))
	case domain.FilterTrial:
		where = append(where, "e.pricing = ?")
		args = append(args, string(domain.PricingPaidTrial))
	}
	from := "catalog_entries e"
	score := "0"
	var fromArgs []any // the score's placeholders
	if len(q.Words) > 0 {
		// The smallest set drives, the rarest word's products or the
		// category's, and the other words are checked on each candidate by
		// index lookups.
		words, rarest := s.byRarity(ctx, q.Words)
		checked := words[1:]
		if q.Category != "" && s.categorySize(ctx, q.Category) < rarest {
			where = append(where, "e.product_id IN (SELECT d.product_id FROM catalog_categories d WHERE d.category = ?)")
			args = append(args, q.Category)
			checked = words
		} else {
			lo, hi := prefixRange(words[0])
			where = append(where, "e.product_id IN (SELECT d.product_id FROM catalog_terms d WHERE d.term >= ? AND d.term < ?)")
			args = append(args, lo, hi)
		}
		var ranges []string
		for _, w := range words {
			lo, hi := prefixRange(w)
			ranges = append(ranges, "(x.term >= ? AND x.term < ?)")
			fromArgs = append(fromArgs, lo, hi)
		}
		for _, w := range checked {
			lo, hi := prefixRange(w)
			where = append(where, "EXISTS (SELECT 1 FROM catalog_terms x WHERE x.product_id = e.product_id AND x.term >= ? AND x.term < ?)")
			args = append(args, lo, hi)
		}
		score = "(SELECT SUM(x.weight) FROM catalog_terms x WHERE x.product_id = e.product_id AND (" + strings.Join(ranges, " OR ") + "))"
	}
	cond := strings.Join(where, " AND ")
	order := "e.published_at DESC, e.product_id"
	if q.Sort == domain.SortRelevance && len(q.Words) > 0 {
		order = "score DESC, e.published_at DESC, e.product_id"
	}
	conn := s.db.conn(ctx)
	// The score's placeholders come first in the SELECT, before WHERE's.
	selectArgs := append(append([]any{}, fromArgs...), args...)
	// One pass gives the page and, by a window count, the total.
	var recs []struct {
		ProductID, AccountID, Privacy, Title, ShortDescription, Type, Pricing, Categories string
		PublishedAt                                                                       time.Time
		Score, Total                                                                      int
	}
	query := "SELECT e.*, " + score + " AS score, COUNT(*) OVER () AS total FROM " + from + " WHERE " + cond + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	if err := conn.Raw(query, append(selectArgs, domain.CatalogPageSize, (q.Page-1)*domain.CatalogPageSize)...).Scan(&recs).Error; err != nil {
		return domain.CatalogPage{}, domainError(err)
	}
	var total int64
	if len(recs) > 0 {
		total = int64(recs[0].Total)
	} else if q.Page > 1 {
		// Past the last page the window has no row to report on.
		if err := conn.Raw("SELECT COUNT(*) FROM "+from+" WHERE "+cond, args...).Scan(&total).Error; err != nil {
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

// byRarity orders words by how many terms they match, rarest first, and
// returns the rarest count.
func (s *CatalogStore) byRarity(ctx context.Context, words []string) ([]string, int64) {
	counts := make(map[string]int64, len(words))
	for _, w := range words {
		lo, hi := prefixRange(w)
		counts[w] = s.count(ctx, "SELECT COUNT(*) FROM catalog_terms WHERE term >= ? AND term < ?", lo, hi)
	}
	out := append([]string(nil), words...)
	sort.SliceStable(out, func(i, j int) bool { return counts[out[i]] < counts[out[j]] })
	return out, counts[out[0]]
}

func (s *CatalogStore) categorySize(ctx context.Context, category string) int64 {
	return s.count(ctx, "SELECT COUNT(*) FROM catalog_categories WHERE category = ?", category)
}

// count runs a COUNT query; a failure only costs speed, so it counts as
// "very many" and the other set drives.
func (s *CatalogStore) count(ctx context.Context, query string, args ...any) int64 {
	var n int64
	if err := s.db.conn(ctx).Raw(query, args...).Scan(&n).Error; err != nil {
		return 1 << 62
	}
	return n
}
