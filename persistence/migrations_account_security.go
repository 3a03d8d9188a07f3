package persistence

import (
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// accountSecurityMigration gives sessions an owner, so that a password
// change or "sign out everywhere" can end all of a user's sessions, and a
// device description for the list of active sessions; it adds one-time
// tokens (password reset, email confirmation) and marks root users whose
// email is not confirmed yet.
//
// Session rows are now keyed by a hash of the cookie's session ID, so a copy
// of the table cannot be replayed as cookies. Existing rows were keyed by the
// ID itself and have no owner: they are deleted, which signs everyone out
// once.
func accountSecurityMigration() *gormigrate.Migration {
	type session struct {
		UserID        int64 `gorm:"not null;default:0"`
		CreatedAt     time.Time
		UserAgent     string `gorm:"size:200;not null;default:''"`
		ClientAddress string `gorm:"size:64;not null;default:''"`
	}
	type user struct {
		EmailPending bool `gorm:"not null;default:false"`
	}
	type userToken struct {
		ID        int64     `gorm:"primaryKey"`
		UserID    int64     `gorm:"not null;index"`
		Purpose   string    `gorm:"size:20;not null"`
		TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
		ExpiresAt time.Time `gorm:"not null"`
		UsedAt    *time.Time
		CreatedAt time.Time
	}
	return &gormigrate.Migration{
		ID: "202612020001_account_security",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Exec("DELETE FROM sessions").Error; err != nil {
				return err
			}
			for _, col := range []string{"UserID", "CreatedAt", "UserAgent", "ClientAddress"} {
				if err := tx.Table("sessions").Migrator().AddColumn(&session{}, col); err != nil {
					return err
				}
			}
			// Signing a user out everywhere finds their sessions by user.
			if err := tx.Exec("CREATE INDEX idx_sessions_user_id ON sessions (user_id)").Error; err != nil {
				return err
			}
			// False for every existing user: accounts opened before
			// confirmation existed keep working.
			if err := tx.Table("users").Migrator().AddColumn(&user{}, "EmailPending"); err != nil {
				return err
			}
			return tx.Table("user_tokens").AutoMigrate(&userToken{})
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("user_tokens"); err != nil {
				return err
			}
			return execAll(tx, "ALTER TABLE users DROP COLUMN email_pending",
				"DROP INDEX idx_sessions_user_id", "ALTER TABLE sessions DROP COLUMN user_id", "ALTER TABLE sessions DROP COLUMN created_at",
				"ALTER TABLE sessions DROP COLUMN user_agent", "ALTER TABLE sessions DROP COLUMN client_address")
		},
	}
}
