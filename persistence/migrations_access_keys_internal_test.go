package persistence

import (
	"context"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
)

const accessKeysMigrationID = "202612020002_access_keys"

// TestMigrateAccessKeysRollback migrates up to the access keys, checks that
// a key goes with its user, rolls the migration back and migrates again.
func TestMigrateAccessKeysRollback(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		before := migrationBefore(t, accessKeysMigrationID)
		if err := db.migrate(ctx, accessKeysMigrationID); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		err := execAll(db.gorm,
			"INSERT INTO accounts (id, name, created_at) VALUES ('111122223333', 'Acme', CURRENT_TIMESTAMP)",
			"INSERT INTO users (id, account_id, user_name, password_hash, role, created_at) "+
				"VALUES (41, '111122223333', 'alice', 'x', 'iam', CURRENT_TIMESTAMP)")
		if err != nil {
			t.Fatal(err)
		}
		err = db.gorm.Exec("INSERT INTO access_keys (id, account_id, user_id, secret_sealed, status, created_at) "+
			"VALUES ('AKIAAAAAAAAAAAAAAAAA', '111122223333', 41, 'v2:x', 'Active', ?)", now).Error
		if err != nil {
			t.Fatal(err)
		}
		if err := db.gorm.Exec("DELETE FROM users WHERE id = 41").Error; err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := db.gorm.Table("access_keys").Count(&n).Error; err != nil || n != 0 {
			t.Errorf("%d keys left after their user was deleted (%v)", n, err)
		}

		m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100}, migrations())
		if err := m.RollbackLast(); err != nil {
			t.Fatalf("RollbackLast() error = %v", err)
		}
		if got := appliedMigrations(t, db); got[len(got)-1] != before {
			t.Errorf("applied migrations after rollback = %v, want up to %s", got, before)
		}
		if db.gorm.Migrator().HasTable("access_keys") {
			t.Error("access_keys is still there after rollback")
		}
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if !db.gorm.Migrator().HasTable("access_keys") {
			t.Error("access_keys is missing after migrating again")
		}
	})
}
