package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// catalogSearchMigration makes catalog search fast at 100,000 listings: it
// replaces the word table catalog_terms with the database's full-text index.
//
// On SQLite an FTS4 table, catalog_fts, holds each listing's words in the
// terms column, every word repeated as often as its weight so that
// matchinfo's hit counts add up to the weights, and its categories as
// c<hex of the name> tokens; catalog_entries.search_id is its docid. On
// PostgreSQL catalog_entries.search is a tsvector, indexed with GIN, holding
// each word with its weight as position and each category as a #<name>
// lexeme, which no search word can match since words are letters and digits.
//
// catalog_counts counts the public listings of each type and pricing, per
// category and in all ("" category), so that the marketplace's unfiltered
// pages need not count their rows.
//
// Existing listings are copied from catalog_terms and catalog_categories.
func catalogSearchMigration() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "202611300002_catalog_search",
		Migrate: func(tx *gorm.DB) error {
			if err := execAll(tx,
				`CREATE TABLE catalog_counts (category varchar(60) NOT NULL, type varchar(20) NOT NULL, pricing varchar(20) NOT NULL,
					listings bigint NOT NULL, PRIMARY KEY (category, type, pricing))`,
				`INSERT INTO catalog_counts (category, type, pricing, listings)
					SELECT '', type, pricing, COUNT(*) FROM catalog_entries WHERE privacy = 'public' GROUP BY type, pricing
					UNION ALL
					SELECT c.category, e.type, e.pricing, COUNT(*) FROM catalog_categories c JOIN catalog_entries e ON e.product_id = c.product_id
					WHERE e.privacy = 'public' GROUP BY c.category, e.type, e.pricing`,
			); err != nil {
				return err
			}
			if tx.Dialector.Name() == DialectPostgres {
				return execAll(tx,
					`ALTER TABLE catalog_entries ADD COLUMN search tsvector NOT NULL DEFAULT ''`,
					`UPDATE catalog_entries e SET search = COALESCE((
						SELECT string_agg(x.lexeme, ' ') FROM (
							SELECT '''' || replace(replace(t.term, '\', '\\'), '''', '''''') || ''':' || GREATEST(t.weight, 1) AS lexeme
							FROM catalog_terms t WHERE t.product_id = e.product_id
							UNION ALL
							SELECT '''#' || replace(replace(c.category, '\', '\\'), '''', '''''') || ''''
							FROM catalog_categories c WHERE c.product_id = e.product_id
						) x), '')::tsvector`,
					`CREATE INDEX idx_catalog_entries_search ON catalog_entries USING gin (search)`,
					`DROP TABLE catalog_terms`,
				)
			}
			return execAll(tx,
				`ALTER TABLE catalog_entries ADD COLUMN search_id INTEGER`,
				// Prefix indexes of 2 and 3 characters serve the shortest
				// search words, which match the most terms.
				`CREATE VIRTUAL TABLE catalog_fts USING fts4(terms, categories, prefix="2,3")`,
				`INSERT INTO catalog_fts (docid, terms, categories)
					SELECT e.rowid,
						(SELECT group_concat(trim(replace(printf('%*s', t.weight, ''), ' ', t.term || ' ')), ' ')
							FROM catalog_terms t WHERE t.product_id = e.product_id),
						(SELECT group_concat('c' || lower(hex(c.category)), ' ')
							FROM catalog_categories c WHERE c.product_id = e.product_id)
					FROM catalog_entries e`,
				// From here on search_id, not the rowid, ties a listing to
				// its row: VACUUM may renumber rowids.
				`UPDATE catalog_entries SET search_id = rowid`,
				// A search reads this index, not the listings, for the rows
				// it matches: it covers the filters and the order.
				`CREATE INDEX idx_catalog_entries_search_id ON catalog_entries (search_id, privacy, type, pricing, published_at, product_id)`,
				`INSERT INTO catalog_fts (catalog_fts) VALUES ('optimize')`,
				`DROP TABLE catalog_terms`,
			)
		},
		// Rollback brings back catalog_terms, filled from the full-text
		// index, for the previous release's search.
		Rollback: func(tx *gorm.DB) error {
			restore := []string{
				`DROP TABLE catalog_counts`,
				`CREATE TABLE catalog_terms (term varchar(100), product_id varchar(20), weight bigint NOT NULL, PRIMARY KEY (term, product_id))`,
				`CREATE INDEX idx_catalog_terms_product_id ON catalog_terms (product_id)`,
				`CREATE INDEX idx_catalog_terms_product_term ON catalog_terms (product_id, term, weight)`,
			}
			if tx.Dialector.Name() == DialectPostgres {
				return execAll(tx, append(restore,
					`INSERT INTO catalog_terms (term, product_id, weight)
						SELECT u.lexeme, e.product_id, u.positions[1] FROM catalog_entries e, unnest(e.search) u
						WHERE u.lexeme NOT LIKE '#%'`,
					`DROP INDEX idx_catalog_entries_search`,
					`ALTER TABLE catalog_entries DROP COLUMN search`,
				)...)
			}
			return execAll(tx, append(restore,
				`INSERT INTO catalog_terms (term, product_id, weight)
					WITH RECURSIVE split (product_id, word, rest) AS (
						SELECT e.product_id, '', f.terms || ' ' FROM catalog_entries e JOIN catalog_fts f ON f.docid = e.search_id
						UNION ALL
						SELECT product_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> ''
					)
					SELECT word, product_id, COUNT(*) FROM split WHERE word <> '' GROUP BY word, product_id`,
				`DROP TABLE catalog_fts`,
				`DROP INDEX idx_catalog_entries_search_id`,
				`ALTER TABLE catalog_entries DROP COLUMN search_id`,
			)...)
		},
	}
}

// execAll runs statements in order and stops at the first error.
func execAll(tx *gorm.DB, statements ...string) error {
	for _, s := range statements {
		if err := tx.Exec(s).Error; err != nil {
			return err
		}
	}
	return nil
}
