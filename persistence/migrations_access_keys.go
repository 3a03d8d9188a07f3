package persistence

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// accessKeysMigration adds the IAM users' access keys. The secret is kept
// sealed (see accessKeySecretField), since the Catalog API's signature
// check needs it back; a key goes with its user (ON DELETE CASCADE).
func accessKeysMigration() *gormigrate.Migration {
	type user struct {
		ID int64 `gorm:"primaryKey"`
	}
	type accessKey struct {
		ID              string    `gorm:"primaryKey;size:20"`
		AccountID       string    `gorm:"size:12;not null"`
		UserID          int64     `gorm:"not null;index"`
		SecretSealed    string    `gorm:"type:text;not null"`
		Status          string    `gorm:"size:10;not null"`
		CreatedAt       time.Time `gorm:"not null"`
		LastUsedAt      *time.Time
		LastUsedService string `gorm:"size:64;not null;default:''"`
		User            user   `gorm:"constraint:OnDelete:CASCADE"`
	}
	return &gormigrate.Migration{
		ID: "202612020002_access_keys",
		Migrate: func(tx *gorm.DB) error {
			return tx.AutoMigrate(&accessKey{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("access_keys")
		},
	}
}
