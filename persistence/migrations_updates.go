package persistence

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// productUpdatesMigration adds what updating a published product needs:
// version release and restriction dates, a pending restriction, the
// removal request, and a detail on history entries.
func productUpdatesMigration() *gormigrate.Migration {
	type productVersion struct {
		ReleasedAt      *time.Time
		RestrictedAt    *time.Time
		RestrictPending bool `gorm:"not null;default:false"`
	}
	type product struct {
		Removal   string     `gorm:"type:text;not null;default:''"`
		RemovedAt *time.Time `gorm:"index"`
	}
	type productChange struct {
		Detail string `gorm:"type:text;not null;default:''"`
	}
	columns := []struct {
		table  string
		model  any
		fields []string
	}{
		{"product_versions", &productVersion{}, []string{"ReleasedAt", "RestrictedAt", "RestrictPending"}},
		{"products", &product{}, []string{"Removal", "RemovedAt"}},
		{"product_changes", &productChange{}, []string{"Detail"}},
	}
	return &gormigrate.Migration{
		ID: "202611300001_product_updates",
		Migrate: func(tx *gorm.DB) error {
			for _, c := range columns {
				for _, f := range c.fields {
					if err := tx.Table(c.table).Migrator().AddColumn(c.model, f); err != nil {
						return err
					}
				}
			}
			// Versions made public before this migration were released when
			// they were staged, as far as anyone can now tell.
			return tx.Exec("UPDATE product_versions SET released_at = submitted_at WHERE status = 'Public'").Error
		},
		Rollback: func(tx *gorm.DB) error {
			for _, c := range columns {
				for _, f := range c.fields {
					if err := tx.Table(c.table).Migrator().DropColumn(c.model, f); err != nil {
						return err
					}
				}
			}
			return nil
		},
	}
}
