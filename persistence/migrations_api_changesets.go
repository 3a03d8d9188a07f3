package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// apiChangeSetsMigration lets change sets come from the Catalog API: who
// asked (account and user), the request's token and intent, why one failed
// (as a whole and per change), and entity_locks, which keeps a second
// change set off an entity until the first one ends.
func apiChangeSetsMigration() *gormigrate.Migration {
	type changeSet struct {
		AccountID          string `gorm:"size:12;not null;default:''"`
		RequestedBy        int64  `gorm:"not null;default:0"`
		Intent             string `gorm:"size:20;not null;default:''"`
		ClientToken        string `gorm:"size:64;not null;default:''"`
		FailureCode        string `gorm:"size:40;not null;default:''"`
		FailureDescription string `gorm:"type:text;not null;default:''"`
	}
	type changeSetChange struct {
		Errors string `gorm:"type:text;not null;default:''"`
	}
	type entityLock struct {
		EntityID    string `gorm:"primaryKey;size:100"`
		ChangeSetID string `gorm:"size:28;not null;index"`
	}
	return &gormigrate.Migration{
		ID: "202612020003_api_change_sets",
		Migrate: func(tx *gorm.DB) error {
			for _, col := range []string{"AccountID", "RequestedBy", "Intent", "ClientToken", "FailureCode", "FailureDescription"} {
				if err := tx.Table("change_sets").Migrator().AddColumn(&changeSet{}, col); err != nil {
					return err
				}
			}
			if err := tx.Table("change_set_changes").Migrator().AddColumn(&changeSetChange{}, "Errors"); err != nil {
				return err
			}
			if err := execAll(tx, "CREATE INDEX idx_change_sets_account ON change_sets (account_id, started_at)",
				"CREATE INDEX idx_change_sets_status ON change_sets (status, started_at)"); err != nil {
				return err
			}
			return tx.Table("entity_locks").AutoMigrate(&entityLock{})
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("entity_locks"); err != nil {
				return err
			}
			return execAll(tx, "DROP INDEX idx_change_sets_account", "DROP INDEX idx_change_sets_status",
				"ALTER TABLE change_set_changes DROP COLUMN errors",
				"ALTER TABLE change_sets DROP COLUMN account_id", "ALTER TABLE change_sets DROP COLUMN requested_by",
				"ALTER TABLE change_sets DROP COLUMN intent", "ALTER TABLE change_sets DROP COLUMN client_token",
				"ALTER TABLE change_sets DROP COLUMN failure_code", "ALTER TABLE change_sets DROP COLUMN failure_description")
		},
	}
}
