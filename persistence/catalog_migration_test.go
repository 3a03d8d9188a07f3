package persistence

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/mlportal/portal/domain"
)

// oldCatalogRow is a listing as the release before full-text search left
// it in the catalog tables.
type oldCatalogRow struct {
	id, privacy, title, pricing string
	categories, allowed         []string
	terms                       map[string]int
	at                          time.Time
}

func insertOldCatalog(t *testing.T, db *DB, rows []oldCatalogRow) {
	t.Helper()
	for _, r := range rows {
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := db.gorm.Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		exec("INSERT INTO catalog_entries (product_id, account_id, privacy, title, short_description, type, pricing, categories, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			r.id, "111122223333", r.privacy, r.title, "", "model-package", r.pricing, mustJSON(nonNilList(r.categories)), r.at)
		for _, c := range r.categories {
			exec("INSERT INTO catalog_categories (category, product_id) VALUES (?, ?)", c, r.id)
		}
		for _, a := range r.allowed {
			exec("INSERT INTO catalog_allowed (account_id, product_id) VALUES (?, ?)", a, r.id)
		}
		for term, weight := range r.terms {
			exec("INSERT INTO catalog_terms (term, product_id, weight) VALUES (?, ?, ?)", term, r.id, weight)
		}
	}
}

// TestCatalogSearchMigrationBackfills upgrades a database whose catalog was
// filled by the previous release: its listings are found by the full-text
// index with their old weights, counted, and later publications replace
// them; rolling back restores catalog_terms.
func TestCatalogSearchMigrationBackfills(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		ids := allMigrationIDs()
		before := ids[slices.Index(ids, "202611300002_catalog_search")-1]
		if err := db.migrate(ctx, before); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		rows := []oldCatalogRow{
			{id: "prod-oldcatalog001", privacy: "public", title: "Demand Forecaster", pricing: "free", categories: []string{"Forecasting"},
				terms: map[string]int{"demand": 5, "forecaster": 5, "forecasting": 3, "retail": 4}, at: at},
			{id: "prod-oldcatalog002", privacy: "public", title: "Retail Demand Planner", pricing: "paid", categories: []string{"Retail", "Forecasting"},
				terms: map[string]int{"retail": 5, "demand": 5, "planner": 5, "forecasting": 3, "détection": 1}, at: at.Add(time.Hour)},
			{id: "prod-oldcatalog003", privacy: "private", title: "Private Demand", pricing: "free", categories: []string{"Retail"},
				allowed: []string{"999999999999"}, terms: map[string]int{"private": 5, "demand": 5, "retail": 3}, at: at.Add(2 * time.Hour)},
		}
		insertOldCatalog(t, db, rows)
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		if db.gorm.Migrator().HasTable("catalog_terms") {
			t.Error("catalog_terms still there")
		}

		search := func(text, category, pricing, viewer string) string {
			t.Helper()
			q, err := domain.ParseCatalogQuery(text, category, "", pricing, "", "", viewer)
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.Catalog().SearchCatalog(ctx, q)
			if err != nil {
				t.Fatalf("SearchCatalog(%q): %v", text, err)
			}
			var got []string
			for _, e := range page.Entries {
				got = append(got, e.ProductID[len(e.ProductID)-1:])
			}
			return fmt.Sprint(page.Total, got)
		}
		for _, tt := range []struct{ text, category, pricing, viewer, want string }{
			{"retail", "", "", "", "2 [2 1]"}, // weights 5 and 4
			{"retail", "", "", "999999999999", "3 [2 1 3]"},
			{"forecast", "", "", "", "2 [1 2]"}, // forecaster 5 + forecasting 3 beat forecasting 3
			{"demand", "Retail", "", "999999999999", "2 [3 2]"},
			{"dét", "", "", "", "1 [2]"},
			{"", "", "", "", "2 [2 1]"},
			{"", "Retail", "", "", "1 [2]"},
			{"", "Retail", "", "999999999999", "2 [3 2]"},
			{"", "", "free", "999999999999", "2 [3 1]"},
			{"", "Forecasting", "paid", "", "1 [2]"},
		} {
			if got := search(tt.text, tt.category, tt.pricing, tt.viewer); got != tt.want {
				t.Errorf("search %q category %q pricing %q viewer %q = %s, want %s", tt.text, tt.category, tt.pricing, tt.viewer, got, tt.want)
			}
		}

		// A later publication of an upgraded listing replaces its rows.
		p := &domain.Product{ID: "prod-oldcatalog001", AccountID: "111122223333", Type: domain.KindModelPackage, Status: domain.StatusPublic,
			UpdatedAt: at.Add(3 * time.Hour), Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: "Churn Predictor", Categories: []string{"Retail"}},
			Offer: domain.Offer{Pricing: domain.PricingFree}}
		if err := syncCatalogTx(db.gorm, p); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ text, category, want string }{
			{"forecaster", "", "0 []"}, {"churn", "", "1 [1]"}, {"", "Retail", "2 [1 2]"}, {"", "Forecasting", "1 [2]"}, {"", "", "2 [1 2]"},
		} {
			if got := search(tt.text, tt.category, "", ""); got != tt.want {
				t.Errorf("after publishing: search %q category %q = %s, want %s", tt.text, tt.category, got, tt.want)
			}
		}

		// Rolling back brings back catalog_terms from the index.
		m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100}, migrations())
		if err := m.RollbackMigration(catalogSearchMigration()); err != nil {
			t.Fatalf("rollback: %v", err)
		}
		var terms []struct {
			Term, ProductID string
			Weight          int
		}
		if err := db.gorm.Raw("SELECT term, product_id, weight FROM catalog_terms ORDER BY product_id, term").Scan(&terms).Error; err != nil {
			t.Fatal(err)
		}
		want := "[{churn prod-oldcatalog001 5} {predictor prod-oldcatalog001 5} {retail prod-oldcatalog001 3} " +
			"{demand prod-oldcatalog002 5} {détection prod-oldcatalog002 1} {forecasting prod-oldcatalog002 3} {planner prod-oldcatalog002 5} {retail prod-oldcatalog002 5} " +
			"{demand prod-oldcatalog003 5} {private prod-oldcatalog003 5} {retail prod-oldcatalog003 3}]"
		if got := fmt.Sprint(terms); got != want {
			t.Errorf("catalog_terms after rollback = %s, want %s", got, want)
		}
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate again: %v", err)
		}
		if got := search("churn", "", "", ""); got != "1 [1]" {
			t.Errorf("after migrating again: search churn = %s", got)
		}
	})
}
