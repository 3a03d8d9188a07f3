package persistence

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// migrations lists every schema change in order. A migration is never edited
// once released: each declares the table shapes of its own time, so a database
// made by any earlier version upgrades step by step.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{
			ID: "202611230001_accounts_users",
			Migrate: func(tx *gorm.DB) error {
				type account struct {
					ID        string `gorm:"primaryKey;size:12"`
					Name      string `gorm:"size:200;not null"`
					CreatedAt time.Time
				}
				type user struct {
					ID           int64  `gorm:"primaryKey"`
					AccountID    string `gorm:"size:12;not null;index"`
					Email        string `gorm:"size:254;uniqueIndex"`
					PasswordHash string `gorm:"size:200;not null"`
					Role         string `gorm:"size:20;not null"`
					CreatedAt    time.Time
					Account      account `gorm:"constraint:OnDelete:CASCADE"`
				}
				return tx.AutoMigrate(&account{}, &user{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("users", "accounts")
			},
		},
		{
			ID: "202611230002_sessions_login_throttles",
			Migrate: func(tx *gorm.DB) error {
				type session struct {
					ID        string    `gorm:"primaryKey;size:64"`
					Data      string    `gorm:"type:text;not null"`
					ExpiresAt time.Time `gorm:"index;not null"`
				}
				type loginThrottle struct {
					Key         string `gorm:"column:throttle_key;primaryKey;size:254"`
					Failures    int    `gorm:"not null"`
					WindowStart time.Time
					LockedUntil time.Time
				}
				return tx.AutoMigrate(&session{}, &loginThrottle{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("sessions", "login_throttles")
			},
		},
		{
			ID: "202611230003_iam_users_policies",
			Migrate: func(tx *gorm.DB) error {
				type user struct {
					ID        int64   `gorm:"primaryKey"`
					AccountID string  `gorm:"size:12;not null;index;uniqueIndex:idx_users_account_user_name,priority:1"`
					UserName  *string `gorm:"size:64;uniqueIndex:idx_users_account_user_name,priority:2"`
				}
				if err := tx.Migrator().AddColumn(&user{}, "UserName"); err != nil {
					return err
				}
				if err := tx.Migrator().CreateIndex(&user{}, "idx_users_account_user_name"); err != nil {
					return err
				}
				type userPolicy struct {
					ID        int64  `gorm:"primaryKey"`
					UserID    int64  `gorm:"not null;uniqueIndex:idx_user_policies_user_name,priority:1"`
					Name      string `gorm:"size:128;not null;uniqueIndex:idx_user_policies_user_name,priority:2"`
					Managed   bool   `gorm:"not null"`
					Document  string `gorm:"type:text;not null"`
					CreatedAt time.Time
					User      user `gorm:"constraint:OnDelete:CASCADE"`
				}
				return tx.AutoMigrate(&userPolicy{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("user_policies")
			},
		},
	}
}

// migrationLockID is an arbitrary constant that names the PostgreSQL advisory
// lock held while migrating, so that two starting servers migrate one at a time.
const migrationLockID = 7_300_120_001

// migrate runs the migrations up to and including target ("" means all) in one
// transaction. On SQLite the immediate transaction takes the write lock; on
// PostgreSQL an advisory lock serializes concurrent starts.
func (db *DB) migrate(ctx context.Context, target string) error {
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if db.dialect == DialectPostgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", migrationLockID).Error; err != nil {
				return err
			}
		}
		m := gormigrate.New(tx, &gormigrate.Options{
			TableName:      "schema_migrations",
			IDColumnName:   "id",
			IDColumnSize:   100,
			UseTransaction: false,
		}, migrations())
		if target == "" {
			return m.Migrate()
		}
		return m.MigrateTo(target)
	})
	if err != nil {
		return fmt.Errorf("migrate database: %w", err)
	}
	return nil
}
