package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// resourceTagsMigration adds the tags sellers put on Catalog API resources
// (TagResource), kept per account and resource ARN.
func resourceTagsMigration() *gormigrate.Migration {
	type resourceTag struct {
		AccountID   string `gorm:"primaryKey;size:12"`
		ResourceArn string `gorm:"primaryKey;size:255"`
		TagKey      string `gorm:"primaryKey;size:128"`
		TagValue    string `gorm:"size:256;not null"`
	}
	return &gormigrate.Migration{
		ID: "202612020004_resource_tags",
		Migrate: func(tx *gorm.DB) error {
			return tx.Table("resource_tags").AutoMigrate(&resourceTag{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("resource_tags")
		},
	}
}
