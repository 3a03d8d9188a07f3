package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// publicSnapshotMigration keeps what buyers see apart from what testers
// see: public_snapshot is the staged snapshot as it was signed off. Products
// already public or removed start with their staged snapshot, which is what
// their buyers saw until now.
func publicSnapshotMigration() *gormigrate.Migration {
	type product struct {
		PublicSnapshot     string `gorm:"type:text;not null;default:''"`
		PublicSnapshotLogo []byte
	}
	return &gormigrate.Migration{
		ID: "202612010003_public_snapshot",
		Migrate: func(tx *gorm.DB) error {
			for _, col := range []string{"PublicSnapshot", "PublicSnapshotLogo"} {
				if err := tx.Table("products").Migrator().AddColumn(&product{}, col); err != nil {
					return err
				}
			}
			return tx.Exec("UPDATE products SET public_snapshot = snapshot, public_snapshot_logo = snapshot_logo " +
				"WHERE status IN ('Public', 'Restricted')").Error
		},
		Rollback: func(tx *gorm.DB) error {
			// ALTER TABLE rather than Migrator().DropColumn, which on SQLite
			// rebuilds products and so cascades to delete every version.
			return execAll(tx, "ALTER TABLE products DROP COLUMN public_snapshot",
				"ALTER TABLE products DROP COLUMN public_snapshot_logo")
		},
	}
}
