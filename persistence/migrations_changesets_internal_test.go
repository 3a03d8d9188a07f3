package persistence

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

const changeSetsMigrationID = "202612010002_change_sets"

// migrationBefore is the ID of the migration that runs just before id.
func migrationBefore(t *testing.T, id string) string {
	t.Helper()
	ids := allMigrationIDs()
	i := slices.Index(ids, id)
	if i < 1 {
		t.Fatalf("migration %s not found after another in %v", id, ids)
	}
	return ids[i-1]
}

// oldProductChange is a row of product_changes as it was before change sets.
type oldProductChange struct {
	ProductID, ChangeType, Actor string
	At                           time.Time
	Detail                       string
}

// oldHistory is product_changes of two products before change sets, in the
// order it was written, with every kind of detail the portal recorded.
func oldHistory() []oldProductChange {
	const id, other = "prod-csmigrate0001", "prod-csmigrate0002"
	const root, system = "arn:aws:iam::790000000009:root", "AWS Marketplace"
	at := func(h int) time.Time { return time.Date(2026, 11, 28, 8+h, 0, 0, 123456000, time.UTC) }
	return []oldProductChange{
		{id, domain.ChangeCreateProduct, root, at(0), ""},
		{id, domain.ChangeUpdateInformation, root, at(1), ""},
		{id, domain.ChangeUpdateTargeting, root, at(1), ""},
		{other, domain.ChangeCreateProduct, root, at(1), ""},
		{id, domain.ChangeSubmitForPublishing, root, at(2), ""},
		{id, domain.ChangeUpdateVisibility, system, at(3), "Limited: 1.0"},
		{id, domain.ChangeReleaseProduct, root, at(4), "Public: 1.0"},
		{id, domain.ChangeAddDeliveryOptions, root, at(5), ""},
		{id, domain.ChangeRestrictDeliveryOptions, root, at(6), "1.0, 1.5 «β»"},
		{id, domain.ChangeUpdateVisibility, system, at(7), "Limited: 2.0; Restricted: 1.0, 1.5 «β»"},
		{id, domain.ChangeUpdateVisibility, root, at(8), "Restricted"},
		{id, "seed", "seed", at(9), "made by a script"},
	}
}

// TestMigrateChangeSetsConvertsHistory upgrades a database with history
// rows: each becomes a change set of one change with its actor, time and
// type, and its detail a Details document; product_changes goes.
func TestMigrateChangeSetsConvertsHistory(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		before := migrationBefore(t, changeSetsMigrationID)
		if err := db.migrate(ctx, before); err != nil {
			t.Fatalf("migrate(%s) error = %v", before, err)
		}
		old := oldHistory()
		for _, r := range old {
			if err := db.gorm.Exec(`INSERT INTO product_changes (product_id, change_type, actor, at, detail) VALUES (?, ?, ?, ?, ?)`,
				r.ProductID, r.ChangeType, r.Actor, r.At, r.Detail).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) error = %v", err)
		}
		if got, want := appliedMigrations(t, db), allMigrationIDs(); !slices.Equal(got, want) {
			t.Fatalf("applied migrations = %v, want %v", got, want)
		}
		if db.gorm.Migrator().HasTable("product_changes") {
			t.Error("product_changes is still there")
		}

		// Newest first, each with one change and the detail as a document.
		wantDetails := []string{`{"Detail":"made by a script"}`, `{"TargetVisibility":"Restricted"}`,
			`{"Limited":["2.0"],"Restricted":["1.0","1.5 «β»"]}`, `{"Versions":["1.0","1.5 «β»"]}`, `{}`,
			`{"Public":["1.0"]}`, `{"Limited":["1.0"]}`, `{}`, `{}`, `{}`, `{}`}
		sets, err := db.Products().ProductChangeSets(ctx, "prod-csmigrate0001", 100)
		if err != nil {
			t.Fatalf("ProductChangeSets() error = %v", err)
		}
		var mine []oldProductChange
		for _, r := range old {
			if r.ProductID == "prod-csmigrate0001" {
				mine = append([]oldProductChange{r}, mine...)
			}
		}
		if len(sets) != len(mine) {
			t.Fatalf("ProductChangeSets() = %d change sets, want %d", len(sets), len(mine))
		}
		ids := map[string]bool{}
		for i, cs := range sets {
			r := mine[i]
			want := []domain.Change{{ChangeType: r.ChangeType, EntityType: domain.EntityTypeMachineLearningProduct, EntityID: r.ProductID,
				Details: wantDetails[i]}}
			if !domain.IsChangeSetID(cs.ID) || ids[cs.ID] || cs.Status != domain.ChangeSetSucceeded || cs.Actor != r.Actor ||
				!cs.StartedAt.Equal(r.At) || !cs.EndedAt.Equal(r.At) || !reflect.DeepEqual(cs.Changes, want) {
				t.Errorf("change set %d = %+v, want %+v by %s at %v", i, cs, want, r.Actor, r.At)
			}
			ids[cs.ID] = true
		}
		if others, err := db.Products().ProductChangeSets(ctx, "prod-csmigrate0002", 100); err != nil || len(others) != 1 ||
			others[0].Changes[0].ChangeType != domain.ChangeCreateProduct {
			t.Errorf("ProductChangeSets(other) = %+v, %v; want its creation", others, err)
		}
		// The details are read by the domain like new ones.
		d, err := domain.ParseChangeDetails(sets[2].Changes[0].Details)
		if err != nil || !slices.Equal(d.Limited, []string{"2.0"}) || !slices.Equal(d.Restricted, []string{"1.0", "1.5 «β»"}) {
			t.Errorf("ParseChangeDetails(staging) = %+v, %v", d, err)
		}
	})
}

// TestMigrateChangeSetsRollback rolls change sets back: product_changes
// gets one row per change of a product, with the detail text of its time,
// and the change set tables go; migrating again converts them anew.
func TestMigrateChangeSetsRollback(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		before := migrationBefore(t, changeSetsMigrationID)
		if err := db.migrate(ctx, before); err != nil {
			t.Fatal(err)
		}
		old := oldHistory()
		for _, r := range old {
			if err := db.gorm.Exec(`INSERT INTO product_changes (product_id, change_type, actor, at, detail) VALUES (?, ?, ?, ?, ?)`,
				r.ProductID, r.ChangeType, r.Actor, r.At, r.Detail).Error; err != nil {
				t.Fatal(err)
			}
		}
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatal(err)
		}
		// A save after the upgrade: one change set of two changes.
		const id = "prod-csmigrate0001"
		saved := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
		if err := db.gorm.Transaction(func(tx *gorm.DB) error {
			return recordChanges(tx,
				domain.ProductChange{ProductID: id, ChangeType: domain.ChangeUpdatePricingTerms, Actor: "arn:new", At: saved},
				domain.ProductChange{ProductID: id, ChangeType: domain.ChangeRestrictDeliveryOptions, Actor: "arn:new", At: saved,
					Detail: domain.ChangeDetails{Versions: []string{"2.0"}}.JSON()})
		}); err != nil {
			t.Fatal(err)
		}

		m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100}, migrations())
		if err := m.RollbackTo(before); err != nil {
			t.Fatalf("RollbackTo(%s) error = %v", before, err)
		}
		if got := appliedMigrations(t, db); got[len(got)-1] != before {
			t.Errorf("applied migrations after rollback = %v, want up to %s", got, before)
		}
		for _, table := range []string{"change_sets", "change_set_changes"} {
			if db.gorm.Migrator().HasTable(table) {
				t.Errorf("%s is still there after rollback", table)
			}
		}
		var got []oldProductChange
		if err := db.gorm.Raw("SELECT product_id, change_type, actor, at, detail FROM product_changes ORDER BY id").Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		want := append(old,
			oldProductChange{id, domain.ChangeUpdatePricingTerms, "arn:new", saved, ""},
			oldProductChange{id, domain.ChangeRestrictDeliveryOptions, "arn:new", saved, "2.0"})
		if len(got) != len(want) {
			t.Fatalf("product_changes after rollback = %+v, want %+v", got, want)
		}
		for i := range want {
			g := got[i]
			g.At = g.At.UTC()
			if !reflect.DeepEqual(g, want[i]) {
				t.Errorf("product_changes row %d = %+v, want %+v", i, g, want[i])
			}
		}

		// And forward again.
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) after rollback error = %v", err)
		}
		changes, err := db.Products().ProductChanges(ctx, id, 2)
		if err != nil || len(changes) != 2 || changes[0].ChangeType != domain.ChangeRestrictDeliveryOptions ||
			changes[0].Detail != `{"Versions":["2.0"]}` || changes[1].Detail != "" || !changes[0].At.Equal(saved) {
			t.Errorf("ProductChanges() after migrating again = %+v, %v", changes, err)
		}
	})
}
