package persistence

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/mlportal/portal/domain"
)

// TestMigrateProductUpdatesBackfills upgrades a database of the release
// before product updates: versions already public get their release date
// from their staging date, and the new columns start empty.
func TestMigrateProductUpdatesBackfills(t *testing.T) {
	const before = "202611230012_catalog_terms_by_product"
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		if err := db.migrate(ctx, before); err != nil {
			t.Fatalf("migrate(%s) error = %v", before, err)
		}
		if got := appliedMigrations(t, db); got[len(got)-1] != before || slices.Contains(got, "202611300001_product_updates") {
			t.Fatalf("applied migrations = %v, want up to %s", got, before)
		}
		m := db.gorm.Migrator()
		for table, cols := range map[string][]string{
			"product_versions": {"released_at", "restricted_at", "restrict_pending"},
			"products":         {"removal"},
			"product_changes":  {"detail"},
		} {
			for _, col := range cols {
				if m.HasColumn(table, col) {
					t.Fatalf("%s.%s exists before its migration", table, col)
				}
			}
		}

		const id, acct = "prod-migrate000001", "790000000009"
		created := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
		staged := time.Date(2026, 11, 21, 9, 30, 15, 250000000, time.UTC)
		limitedAt := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
		exec := func(sql string, args ...any) {
			t.Helper()
			if err := db.gorm.Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		exec(`INSERT INTO products (id, account_id, creator_arn, type, status, privacy, title, submitted_at, info, promo, support, regions, offer, eula, logo_type, revision, created_at, updated_at)
			VALUES (?, ?, ?, 'model-package', 'Public', 'Public', 'Old listing', ?, '{}', '{}', '{}', '{}', '{}', '', '', 3, ?, ?)`,
			id, acct, "arn:aws:iam::"+acct+":root", created, created, staged)
		insertVersion := func(number, arn, status string, submitted any) {
			exec(`INSERT INTO product_versions (product_id, number, resource_arn, status, submitted_at, details, created_at) VALUES (?, ?, ?, ?, ?, '{}', ?)`,
				id, number, arn, status, submitted, created)
		}
		insertVersion("1.0", "arn:aws:sagemaker:us-east-1:"+acct+":model-package/one", "Public", staged)
		insertVersion("2.0", "arn:aws:sagemaker:us-east-1:"+acct+":model-package/two", "Limited", limitedAt)
		insertVersion("3.0", "arn:aws:sagemaker:us-east-1:"+acct+":model-package/three", "Draft", nil)
		exec(`INSERT INTO product_changes (product_id, change_type, actor, at) VALUES (?, 'ReleaseProduct', 'arn', ?)`, id, staged)

		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) error = %v", err)
		}
		if got, want := appliedMigrations(t, db), allMigrationIDs(); !slices.Equal(got, want) {
			t.Fatalf("applied migrations = %v, want %v", got, want)
		}

		versions, err := db.Products().Versions(ctx, id)
		if err != nil || len(versions) != 3 {
			t.Fatalf("Versions() after upgrade = %+v, %v", versions, err)
		}
		wantReleased := []time.Time{staged, {}, {}}
		for i, v := range versions {
			if !v.ReleasedAt.Equal(wantReleased[i]) {
				t.Errorf("version %s: ReleasedAt = %v, want %v", v.Number, v.ReleasedAt, wantReleased[i])
			}
			if v.RestrictPending || !v.RestrictedAt.IsZero() {
				t.Errorf("version %s: pending %v restricted at %v, want neither", v.Number, v.RestrictPending, v.RestrictedAt)
			}
		}
		if !versions[0].SubmittedAt.Equal(staged) || !versions[1].SubmittedAt.Equal(limitedAt) || !versions[2].SubmittedAt.IsZero() {
			t.Errorf("submission dates changed: %+v", versions)
		}
		var raw []struct {
			RestrictPending *bool
			ReleasedAt      *time.Time
		}
		if err := db.gorm.Raw("SELECT restrict_pending, released_at FROM product_versions ORDER BY id").Scan(&raw).Error; err != nil {
			t.Fatal(err)
		}
		if len(raw) != 3 || raw[0].RestrictPending == nil || *raw[0].RestrictPending || raw[1].ReleasedAt != nil || raw[2].ReleasedAt != nil {
			t.Errorf("raw version columns = %+v, want restrict_pending false and released_at only where public", raw)
		}

		p, err := db.Products().ProductByID(ctx, id)
		if err != nil {
			t.Fatalf("ProductByID() after upgrade error = %v", err)
		}
		if p.Removal != nil || p.Removed() || p.Status != domain.StatusPublic || p.Revision != 3 {
			t.Errorf("product after upgrade = status %s removal %+v revision %d", p.Status, p.Removal, p.Revision)
		}
		var removal []string
		if err := db.gorm.Raw("SELECT removal FROM products").Scan(&removal).Error; err != nil || len(removal) != 1 || removal[0] != "" {
			t.Errorf("products.removal = %q, %v; want ''", removal, err)
		}
		changes, err := db.Products().ProductChanges(ctx, id, 10)
		if err != nil || len(changes) != 1 || changes[0].Detail != "" || changes[0].ChangeType != domain.ChangeReleaseProduct {
			t.Errorf("ProductChanges() after upgrade = %+v, %v", changes, err)
		}
		if removed, err := db.Products().RemovedProducts(ctx, 10); err != nil || len(removed) != 0 {
			t.Errorf("RemovedProducts() after upgrade = %+v, %v; want none", removed, err)
		}

		// The upgraded rows take part in the new features.
		now := staged.Add(48 * time.Hour)
		svc := &domain.PublishingService{Repo: db.Publishing(), Products: db.Products(), Clock: domain.NewFakeClock(now)}
		actor := &domain.User{ID: 1, AccountID: acct, Role: domain.RoleRoot}
		if err := svc.Unpublish(ctx, actor, p, p.Revision, domain.Removal{Email: "old@example.com", Reason: "Upgrade test"}); err != nil {
			t.Fatalf("Unpublish() after upgrade error = %v", err)
		}
		removed, err := db.Products().RemovedProducts(ctx, 10)
		if err != nil || len(removed) != 1 || removed[0].Removal == nil || !removed[0].Removal.SupportUntil.Equal(domain.SupportEnd(now)) {
			t.Errorf("RemovedProducts() after Unpublish = %+v, %v", removed, err)
		}
		if after, err := db.Products().Versions(ctx, id); err != nil || !after[0].ReleasedAt.Equal(staged) {
			t.Errorf("release date after Unpublish = %+v, %v", after, err)
		}
	})
}

// TestMigrateProductUpdatesRollback rolls the release back: the new
// columns go, and the rows they were added to stay.
func TestMigrateProductUpdatesRollback(t *testing.T) {
	const before = "202611230012_catalog_terms_by_product"
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatal(err)
		}
		const id, acct = "prod-migrate000002", "790000000009"
		at := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
		p := &domain.Product{ID: id, AccountID: acct, Status: domain.StatusPublic, Regions: domain.DefaultRegions(), CreatedAt: at, UpdatedAt: at,
			Removal: &domain.Removal{Email: "a@example.com", Reason: "r", At: at, SupportUntil: domain.SupportEnd(at)}}
		if err := db.Products().CreateProduct(ctx, p, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeCreateProduct, Actor: "a", At: at, Detail: "d"}); err != nil {
			t.Fatal(err)
		}
		m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100}, migrations())
		if err := m.RollbackTo(before); err != nil {
			t.Fatalf("RollbackTo(%s) error = %v", before, err)
		}
		if got := appliedMigrations(t, db); got[len(got)-1] != before {
			t.Errorf("applied migrations after rollback = %v, want up to %s", got, before)
		}
		gm := db.gorm.Migrator()
		for table, cols := range map[string][]string{
			"product_versions": {"released_at", "restricted_at", "restrict_pending"},
			"products":         {"removal"},
			"product_changes":  {"detail"},
		} {
			for _, col := range cols {
				if gm.HasColumn(table, col) {
					t.Errorf("%s.%s still exists after rollback", table, col)
				}
			}
		}
		var n int64
		if err := db.gorm.Raw("SELECT count(*) FROM products WHERE id = ?", id).Scan(&n).Error; err != nil || n != 1 {
			t.Errorf("products after rollback = %d, %v; want the product kept", n, err)
		}
		// And forward again.
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) after rollback error = %v", err)
		}
		got, err := db.Products().ProductByID(ctx, id)
		if err != nil || got.Removal != nil {
			t.Errorf("product after migrating again = %+v, %v; want it without a removal", got, err)
		}
	})
}
