package persistence

import (
	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// clientTokensMigration makes a client request token unique per account,
// so two StartChangeSet calls racing with one token start one change set.
// Change sets without a token (every page save) share the empty token, so
// the index covers only the non-empty ones.
func clientTokensMigration() *gormigrate.Migration {
	return &gormigrate.Migration{
		ID: "202612020006_change_set_client_tokens",
		Migrate: func(tx *gorm.DB) error {
			return tx.Exec("CREATE UNIQUE INDEX idx_change_sets_client_token ON change_sets (account_id, client_token) " +
				"WHERE client_token <> ''").Error
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Exec("DROP INDEX idx_change_sets_client_token").Error
		},
	}
}
