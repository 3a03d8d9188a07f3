package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/mlportal/portal/domain/search"
)

// searchIndexMigration gives each server process what it needs to keep its
// own search index in memory (see SearchIndex):
//
//   - catalog_entries.terms, each listing's weighted words spelled
//     "word:weight word:weight …", so that the index loads from one table
//     without reading every product; existing listings get theirs from
//     their published text.
//   - catalog_changes, one row per change to the catalog (a listing
//     published, changed or gone), numbered in commit order, so that every
//     process reads the changes made since it last looked.
func searchIndexMigration() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "202612030001_search_index",
		Migrate: func(tx *gorm.DB) error {
			changes := "CREATE TABLE catalog_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, product_id TEXT NOT NULL, changed_at datetime NOT NULL)"
			if tx.Dialector.Name() == DialectPostgres {
				changes = "CREATE TABLE catalog_changes (seq BIGSERIAL PRIMARY KEY, product_id TEXT NOT NULL, changed_at timestamptz NOT NULL)"
			}
			for _, stmt := range []string{
				"ALTER TABLE catalog_entries ADD COLUMN terms TEXT NOT NULL DEFAULT ''",
				changes,
				"CREATE INDEX idx_catalog_changes_changed_at ON catalog_changes (changed_at)",
			} {
				if err := tx.Exec(stmt).Error; err != nil {
					return err
				}
			}
			return backfillCatalogTerms(tx)
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("catalog_changes"); err != nil {
				return err
			}
			return tx.Exec("ALTER TABLE catalog_entries DROP COLUMN terms").Error
		},
	}
}

// backfillCatalogTerms spells the words of every listing in the catalog from
// its product, a thousand products a query.
func backfillCatalogTerms(tx *gorm.DB) error {
	const batch = 1000
	last := ""
	for {
		var recs []productRecord
		err := tx.Where("id IN (SELECT product_id FROM catalog_entries WHERE product_id > ? ORDER BY product_id LIMIT ?)", last, batch).
			Order("id").Find(&recs).Error
		if err != nil || len(recs) == 0 {
			return err
		}
		for i := range recs {
			working, err := recs[i].toDomain()
			if err != nil {
				return err
			}
			p, _ := working.Published(nil)
			if err := tx.Exec("UPDATE catalog_entries SET terms = ? WHERE product_id = ?", search.Spell(catalogTerms(p)), p.ID).Error; err != nil {
				return err
			}
		}
		last = recs[len(recs)-1].ID
	}
}
