package persistence

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// changeSetClaimsMigration records when a runner claimed a change set, so
// that one left APPLYING by a process that died can be claimed again once
// its lease is over (its transaction was rolled back: nothing of it stayed).
func changeSetClaimsMigration() *gormigrate.Migration {
	type changeSet struct {
		ClaimedAt *time.Time
	}
	return &gormigrate.Migration{
		ID: "202612020005_change_set_claims",
		Migrate: func(tx *gorm.DB) error {
			return tx.Table("change_sets").Migrator().AddColumn(&changeSet{}, "ClaimedAt")
		},
		Rollback: func(tx *gorm.DB) error {
			return execAll(tx, "ALTER TABLE change_sets DROP COLUMN claimed_at")
		},
	}
}
