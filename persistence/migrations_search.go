package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// catalogSearchMigration makes catalog search fast at 100,000 listings: it
// replaces the word table catalog_terms with the database's full-text index.
//
// On SQLite an FTS4 table, catalog_fts, holds each listing's words in its
// terms column, every word repeated as often as its weight so that
// matchinfo's hit counts add up to the weights. The table is partitioned by
// FTS4 language ID: a listing has a row in partition 0, of all categories,
// and one in the partition of each of its categories, numbered in
// catalog_category_codes, so that a search in a category reads doclists of
// that category only. catalog_entries.search_id numbers the listing: its
// rows' docids are that number times 64 plus 0, 1, 2...
//
// On PostgreSQL catalog_entries.search is a tsvector, indexed with GIN,
// holding each word with its weight as position and each category as a
// #<name> lexeme, which no search word can match since words are letters
// and digits.
//
// catalog_counts counts the public listings of each type and pricing, per
// category and in all ("" category), so that the marketplace's unfiltered
// pages need not count their rows; catalog_categories gets the publication
// time and an index by category, newest first, for the category pages.
//
// Existing listings are copied from catalog_terms and catalog_categories.
// Indexes by product let that copy, and every publication, find a listing's
// categories and accounts without reading the whole tables.
func catalogSearchMigration() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "202611300002_catalog_search",
		Migrate: func(tx *gorm.DB) error {
			timestamp := "datetime"
			if tx.Dialector.Name() == DialectPostgres {
				timestamp = "timestamptz"
			}
			if err := execAll(tx,
				`CREATE INDEX idx_catalog_categories_product_id ON catalog_categories (product_id)`,
				`CREATE INDEX idx_catalog_allowed_product_id ON catalog_allowed (product_id)`,
				`CREATE TABLE catalog_counts (category varchar(60) NOT NULL, type varchar(20) NOT NULL, pricing varchar(20) NOT NULL,
					listings bigint NOT NULL, PRIMARY KEY (category, type, pricing))`,
				`INSERT INTO catalog_counts (category, type, pricing, listings)
					SELECT '', type, pricing, COUNT(*) FROM catalog_entries WHERE privacy = 'public' GROUP BY type, pricing
					UNION ALL
					SELECT c.category, e.type, e.pricing, COUNT(*) FROM catalog_categories c JOIN catalog_entries e ON e.product_id = c.product_id
					WHERE e.privacy = 'public' GROUP BY c.category, e.type, e.pricing`,
				`ALTER TABLE catalog_categories ADD COLUMN published_at `+timestamp,
				`UPDATE catalog_categories SET published_at = (SELECT e.published_at FROM catalog_entries e WHERE e.product_id = catalog_categories.product_id)`,
				`CREATE INDEX idx_catalog_categories_newest ON catalog_categories (category, published_at DESC, product_id)`,
			); err != nil {
				return err
			}
			if tx.Dialector.Name() == DialectPostgres {
				// quote(x) is x as a tsvector lexeme.
				quote := func(x string) string { return `'''' || replace(replace(` + x + `, '\', '\\'), '''', '''''') || ''''` }
				return execAll(tx,
					`ALTER TABLE catalog_entries ADD COLUMN search tsvector NOT NULL DEFAULT ''`,
					`UPDATE catalog_entries e SET search = COALESCE((
						SELECT string_agg(x.lexeme, ' ') FROM (
							SELECT `+quote("t.term")+` || ':' || CASE LEAST(GREATEST(t.weight, 1), 7)
								WHEN 1 THEN '1D' WHEN 2 THEN '1C' WHEN 3 THEN '1B' WHEN 4 THEN '1A'
								WHEN 5 THEN '1D,2A' WHEN 6 THEN '1C,2A' ELSE '1B,2A' END AS lexeme
							FROM catalog_terms t WHERE t.product_id = e.product_id
							UNION ALL
							SELECT `+quote("'#' || c.category || ':' || t.term")+`
							FROM catalog_terms t JOIN catalog_categories c ON c.product_id = t.product_id WHERE t.product_id = e.product_id
						) x), '')::tsvector`,
					// Without fastupdate a publication updates the index
					// itself, not a pending list every search would read.
					`CREATE INDEX idx_catalog_entries_search ON catalog_entries USING gin (search) WITH (fastupdate = off)`,
					`DROP TABLE catalog_terms`,
				)
			}
			// A listing's words: each term repeated weight times.
			const terms = `(SELECT group_concat(trim(replace(printf('%*s', t.weight, ''), ' ', t.term || ' ')), ' ')
				FROM catalog_terms t WHERE t.product_id = e.product_id)`
			return execAll(tx,
				`CREATE TABLE catalog_category_codes (category varchar(60) PRIMARY KEY, code integer NOT NULL UNIQUE)`,
				`INSERT INTO catalog_category_codes (category, code)
					SELECT category, ROW_NUMBER() OVER (ORDER BY category) FROM (SELECT DISTINCT category FROM catalog_categories)`,
				// Prefix indexes of 2 and 3 characters serve the shortest
				// search words, which match the most terms.
				`CREATE VIRTUAL TABLE catalog_fts USING fts4(terms, prefix="2,3", languageid="category_code")`,
				// The rowid numbers the listings now; from here on search_id
				// does, since VACUUM may renumber rowids.
				`ALTER TABLE catalog_entries ADD COLUMN search_id INTEGER`,
				`UPDATE catalog_entries SET search_id = rowid`,
				`INSERT INTO catalog_fts (docid, terms, category_code) SELECT e.search_id * 64, `+terms+`, 0 FROM catalog_entries e`,
				`INSERT INTO catalog_fts (docid, terms, category_code)
					SELECT e.search_id * 64 + c.slot, `+terms+`, k.code
					FROM (SELECT product_id, category, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY category) AS slot FROM catalog_categories) c
					JOIN catalog_entries e ON e.product_id = c.product_id
					JOIN catalog_category_codes k ON k.category = c.category
					WHERE c.slot < 64`,
				// A search reads this index, not the listings, for the rows
				// it matches: it covers the filters and the order.
				`CREATE INDEX idx_catalog_entries_search_id ON catalog_entries (search_id, privacy, type, pricing, published_at, product_id)`,
				`INSERT INTO catalog_fts (catalog_fts) VALUES ('optimize')`,
				// Merge segments as soon as a level has two: each one is read
				// on every search. The setting is kept in the table.
				`INSERT INTO catalog_fts (catalog_fts) VALUES ('automerge=2')`,
				`DROP TABLE catalog_terms`,
			)
		},
		// Rollback brings back catalog_terms, filled from the full-text
		// index, for the previous release's search.
		Rollback: func(tx *gorm.DB) error {
			restore := []string{
				`DROP TABLE catalog_counts`,
				`DROP INDEX idx_catalog_categories_product_id`,
				`DROP INDEX idx_catalog_allowed_product_id`,
				`DROP INDEX idx_catalog_categories_newest`,
				`ALTER TABLE catalog_categories DROP COLUMN published_at`,
				`CREATE TABLE catalog_terms (term varchar(100), product_id varchar(20), weight bigint NOT NULL, PRIMARY KEY (term, product_id))`,
				`CREATE INDEX idx_catalog_terms_product_id ON catalog_terms (product_id)`,
				`CREATE INDEX idx_catalog_terms_product_term ON catalog_terms (product_id, term, weight)`,
			}
			if tx.Dialector.Name() == DialectPostgres {
				return execAll(tx, append(restore,
					`INSERT INTO catalog_terms (term, product_id, weight)
						SELECT u.lexeme, e.product_id,
							(SELECT SUM(CASE l WHEN 'A' THEN 4 WHEN 'B' THEN 3 WHEN 'C' THEN 2 ELSE 1 END) FROM unnest(u.weights) l)
						FROM catalog_entries e, unnest(e.search) u WHERE u.lexeme NOT LIKE '#%'`,
					`DROP INDEX idx_catalog_entries_search`,
					`ALTER TABLE catalog_entries DROP COLUMN search`,
				)...)
			}
			return execAll(tx, append(restore,
				`INSERT INTO catalog_terms (term, product_id, weight)
					WITH RECURSIVE split (product_id, word, rest) AS (
						SELECT e.product_id, '', f.terms || ' ' FROM catalog_entries e JOIN catalog_fts f ON f.docid = e.search_id * 64
						UNION ALL
						SELECT product_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> ''
					)
					SELECT word, product_id, COUNT(*) FROM split WHERE word <> '' GROUP BY word, product_id`,
				`DROP TABLE catalog_fts`,
				`DROP TABLE catalog_category_codes`,
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
