package persistence

import (
	"cmp"
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/search"
)

// PublishedListing is a product as a sign-off leaves it, with its versions
// and the SageMaker resources they deliver.
type PublishedListing struct {
	Product   *domain.Product
	Versions  []domain.Version
	Resources []domain.SageMakerResource
}

// SeedPublished stores many published listings at once, catalog included,
// in one transaction per call. It is for load tests and demos, which need
// thousands of listings without walking each through the editor. The
// listings must be new. Each table gets multi-row inserts, not a statement
// per row: 100,000 listings take well under a minute.
func (db *DB) SeedPublished(ctx context.Context, listings []PublishedListing) error {
	defer db.catalogChanged()
	return db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var resources []*sagemakerResourceRecord
		for _, l := range listings {
			for i := range l.Resources {
				rec, err := resourceToRecord(&l.Resources[i])
				if err != nil {
					return domain.Internal(err)
				}
				resources = append(resources, rec)
			}
		}
		if err := tx.CreateInBatches(resources, seedBatch).Error; err != nil {
			return domainError(err)
		}
		// The versions are numbered here, one writer holding the database,
		// so that each product gets the snapshots a sign-off leaves before
		// it is inserted, and later edits wait for a submission.
		var next int64
		if err := tx.Raw("SELECT COALESCE(MAX(id), 0) + 1 FROM product_versions").Scan(&next).Error; err != nil {
			return domainError(err)
		}
		var products []*productRecord
		var versions []*productVersionRecord
		for _, l := range listings {
			for i := range l.Versions {
				l.Versions[i].ID, next = next, next+1
				versions = append(versions, versionToRecord(&l.Versions[i]))
			}
			domain.SeedAsPublished(l.Product, l.Versions)
			products = append(products, productToRecord(l.Product))
		}
		if err := tx.CreateInBatches(products, seedBatch).Error; err != nil {
			return domainError(err)
		}
		if err := tx.CreateInBatches(versions, seedBatch).Error; err != nil {
			return domainError(err)
		}
		var published []*domain.Product
		for _, l := range listings {
			published = append(published, l.Product)
		}
		return seedCatalogTx(tx, published)
	})
}

// seedBatch is the rows of one multi-row insert.
const seedBatch = 200

// seedEntry is a catalog entry with its search number (SQLite) or words
// (PostgreSQL), inserted in one go.
type seedEntry struct {
	ProductID, AccountID, Privacy, Title, ShortDescription, Type, Pricing, Categories, Terms string
	PublishedAt                                                                              time.Time
	SearchID                                                                                 *int64  `gorm:"column:search_id"`
	Search                                                                                   *string `gorm:"column:search"`
}

func (seedEntry) TableName() string { return "catalog_entries" }

func newSeedEntry(e catalogEntryRecord) seedEntry {
	return seedEntry{ProductID: e.ProductID, AccountID: e.AccountID, Privacy: e.Privacy, Title: e.Title, ShortDescription: e.ShortDescription,
		Type: e.Type, Pricing: e.Pricing, Categories: e.Categories, Terms: e.Terms, PublishedAt: e.PublishedAt}
}

// seedCatalogTx adds the catalog rows of new Public products, as
// syncCatalogTx would one by one: entries, categories, allowed accounts,
// full-text rows, counts and the changes the search index follows.
func seedCatalogTx(tx *gorm.DB, products []*domain.Product) error {
	postgres := tx.Dialector.Name() == DialectPostgres
	var nextSearch int64
	if !postgres {
		if err := tx.Raw("SELECT COALESCE(MAX(search_id), 0) + 1 FROM catalog_entries").Scan(&nextSearch).Error; err != nil {
			return domainError(err)
		}
	}
	var entries []seedEntry
	var categories []catalogCategoryRecord
	var allowed []catalogAllowedRecord
	var fts, changes [][]any
	counts := map[catalogCountKey]int{}
	codes := map[string]int64{"": 0}
	now := time.Now().UTC()
	for _, working := range products {
		if !working.InCatalog() {
			continue
		}
		p, _ := working.Published(nil)
		terms := catalogTerms(p)
		entry := catalogEntryRecord{ProductID: p.ID, AccountID: p.AccountID, Privacy: string(p.Info.Privacy), Title: p.Info.Title,
			ShortDescription: p.Info.ShortDescription, Type: string(p.Type), Pricing: string(p.Offer.Pricing),
			Categories: mustJSON(nonNilList(p.Info.Categories)), PublishedAt: p.UpdatedAt.UTC(), Terms: search.Spell(terms)}
		changes = append(changes, []any{p.ID, now})
		for _, c := range p.Info.Categories {
			categories = append(categories, catalogCategoryRecord{Category: c, ProductID: p.ID, PublishedAt: entry.PublishedAt})
		}
		if p.Info.Privacy == domain.PrivacyPrivate {
			for _, a := range p.Info.AllowedAccounts {
				allowed = append(allowed, catalogAllowedRecord{AccountID: a, ProductID: p.ID})
			}
		} else {
			for _, c := range append([]string{""}, p.Info.Categories...) {
				counts[catalogCountKey{c, string(p.Type), string(p.Offer.Pricing)}]++
			}
		}
		row := newSeedEntry(entry)
		if postgres {
			search := pgSearchVector(terms, p.Info.Categories)
			row.Search = &search
			entries = append(entries, row)
			continue
		}
		n := nextSearch
		nextSearch++
		row.SearchID = &n
		entries = append(entries, row)
		text := ftsTerms(terms)
		for slot, c := range append([]string{""}, p.Info.Categories...)[:min(len(p.Info.Categories)+1, ftsSlots)] {
			code, ok := codes[c]
			if !ok {
				var err error
				if code, err = ftsCategoryCodeTx(tx, c); err != nil {
					return err
				}
				codes[c] = code
			}
			fts = append(fts, []any{n*ftsSlots + int64(slot), text, code})
		}
	}
	if len(changes) == 0 {
		return nil
	}
	absent := "search" // each dialect has one of the two columns
	if postgres {
		absent = "search_id"
	}
	if err := tx.Omit(absent).CreateInBatches(entries, seedBatch).Error; err != nil {
		return domainError(err)
	}
	for _, rows := range []struct {
		n    int
		rows any
	}{{len(categories), categories}, {len(allowed), allowed}} {
		if rows.n == 0 {
			continue
		}
		if err := tx.CreateInBatches(rows.rows, seedBatch).Error; err != nil {
			return domainError(err)
		}
	}
	if err := insertRows(tx, "catalog_fts (docid, terms, category_code)", fts); err != nil {
		return err
	}
	if err := insertRows(tx, "catalog_changes (product_id, changed_at)", changes); err != nil {
		return err
	}
	return addCatalogCountsTx(tx, counts)
}

// insertRows inserts rows into table (with its column list) in multi-row
// statements of seedBatch rows.
func insertRows(tx *gorm.DB, table string, rows [][]any) error {
	for start := 0; start < len(rows); start += seedBatch {
		chunk := rows[start:min(start+seedBatch, len(rows))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " VALUES ")
		var args []any
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(" + strings.TrimSuffix(strings.Repeat("?, ", len(r)), ", ") + ")")
			args = append(args, r...)
		}
		if err := tx.Exec(b.String(), args...).Error; err != nil {
			return domainError(err)
		}
	}
	return nil
}

// SeededAccount is an account with its root user and its subscriptions.
type SeededAccount struct {
	Account       *domain.Account
	Root          *domain.User
	Subscriptions []domain.Subscription
}

// SeedAccounts stores many new accounts at once, each with its root user
// and subscriptions, in one transaction per call and multi-row inserts, as
// CreateAccount and Subscribe would one by one. It is for load tests and
// demos: 10,000 buyers with three subscriptions each took 12 s one by one.
func (db *DB) SeedAccounts(ctx context.Context, seeded []SeededAccount) error {
	accounts := make([]accountRecord, 0, len(seeded))
	users := make([]*userRecord, 0, len(seeded))
	var subs []subscriptionRecord
	for _, s := range seeded {
		if s.Account == nil || s.Root == nil {
			return domain.Internal(errors.New("seeded account without its root user"))
		}
		if s.Root.AccountID != s.Account.ID {
			return domain.Internal(errors.New("root user of another account"))
		}
		accounts = append(accounts, accountRecord{ID: s.Account.ID, Name: s.Account.Name, CreatedAt: s.Account.CreatedAt,
			Language: cmp.Or(s.Account.Language, "en")})
		users = append(users, userToRecord(s.Root))
		for _, sub := range s.Subscriptions {
			if sub.AccountID != s.Account.ID {
				return domain.Internal(errors.New("subscription of another account"))
			}
			subs = append(subs, subscriptionRecord{AccountID: sub.AccountID, ProductID: sub.ProductID, Test: sub.Test, CreatedAt: sub.CreatedAt.UTC()})
		}
	}
	if len(seeded) == 0 {
		return nil
	}
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		for _, rows := range []any{accounts, users, subs} {
			if err := tx.CreateInBatches(rows, seedBatch).Error; err != nil && !errors.Is(err, gorm.ErrEmptySlice) {
				return withConflictMessage(domainError(err), domain.MsgEmailTaken)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, s := range seeded {
		s.Account.CreatedAt, s.Root.ID, s.Root.CreatedAt = accounts[i].CreatedAt, users[i].ID, users[i].CreatedAt
	}
	return nil
}
