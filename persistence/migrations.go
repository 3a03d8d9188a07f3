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
		{
			ID: "202611230004_seller_registration",
			Migrate: func(tx *gorm.DB) error {
				type sellerProfile struct {
					AccountID    string `gorm:"primaryKey;size:12"`
					DisplayName  string `gorm:"size:400;not null"`
					Description  string `gorm:"type:text;not null"`
					Website      string `gorm:"size:2048;not null"`
					SupportEmail string `gorm:"size:254;not null"`
					Logo         []byte
					LogoType     string `gorm:"size:40"`
					UpdatedAt    time.Time
				}
				type taxInterview struct {
					AccountID     string `gorm:"primaryKey;size:12"`
					EntityType    string `gorm:"size:20;not null"`
					LegalName     string `gorm:"size:500;not null"`
					Country       string `gorm:"size:2;not null"`
					AddressLine1  string `gorm:"size:500;not null"`
					AddressLine2  string `gorm:"size:500;not null"`
					City          string `gorm:"size:500;not null"`
					Region        string `gorm:"size:500;not null"`
					PostalCode    string `gorm:"size:80;not null"`
					TaxIDSealed   string `gorm:"type:text;not null"`
					TaxIDLast4    string `gorm:"size:4;not null"`
					FormType      string `gorm:"size:20;not null"`
					SignatureName string `gorm:"size:500;not null"`
					Certified     bool   `gorm:"not null"`
					SignedAt      time.Time
				}
				type bankAccount struct {
					AccountID           string `gorm:"primaryKey;size:12"`
					Kind                string `gorm:"size:20;not null"`
					HolderName          string `gorm:"size:500;not null"`
					RoutingNumber       string `gorm:"size:9;not null"`
					AccountNumberSealed string `gorm:"type:text;not null"`
					IBANSealed          string `gorm:"column:iban_sealed;type:text;not null"`
					BIC                 string `gorm:"size:11;not null"`
					Last4               string `gorm:"size:4;not null"`
					UpdatedAt           time.Time
				}
				type sellerChange struct {
					ID        int64  `gorm:"primaryKey"`
					AccountID string `gorm:"size:12;not null;index"`
					Step      string `gorm:"size:20;not null"`
					Actor     string `gorm:"size:300;not null"`
					At        time.Time
				}
				return tx.AutoMigrate(&sellerProfile{}, &taxInterview{}, &bankAccount{}, &sellerChange{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("seller_profiles", "tax_interviews", "bank_accounts", "seller_changes")
			},
		},
		{
			ID: "202611230005_sagemaker_resources",
			Migrate: func(tx *gorm.DB) error {
				type sagemakerResource struct {
					ID                          int64  `gorm:"primaryKey"`
					AccountID                   string `gorm:"size:12;not null;uniqueIndex:idx_sagemaker_resources_name,priority:1"`
					Kind                        string `gorm:"size:20;not null;uniqueIndex:idx_sagemaker_resources_name,priority:2"`
					Name                        string `gorm:"size:63;not null;uniqueIndex:idx_sagemaker_resources_name,priority:3"`
					ARN                         string `gorm:"column:arn;size:300;not null;uniqueIndex"`
					Description                 string `gorm:"type:text;not null"`
					Region                      string `gorm:"size:30;not null"`
					InstanceTypes               string `gorm:"type:text;not null"`
					Spec                        string `gorm:"type:text;not null"`
					CertifiedForMarketplace     bool   `gorm:"not null"`
					ValidationStatus            string `gorm:"size:20;not null"`
					SupportsDistributedTraining bool   `gorm:"not null"`
					CreatedAt                   time.Time
				}
				return tx.AutoMigrate(&sagemakerResource{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("sagemaker_resources")
			},
		},
		{
			ID: "202611230006_products",
			Migrate: func(tx *gorm.DB) error {
				type product struct {
					ID          string `gorm:"primaryKey;size:20"`
					AccountID   string `gorm:"size:12;not null;index"`
					CreatorARN  string `gorm:"size:300;not null"`
					Type        string `gorm:"size:20;not null"`
					Status      string `gorm:"size:20;not null;index"`
					Privacy     string `gorm:"size:10;not null"`
					Title       string `gorm:"size:400;not null"`
					SubmittedAt *time.Time
					Info        string `gorm:"type:text;not null"`
					Promo       string `gorm:"type:text;not null"`
					Support     string `gorm:"type:text;not null"`
					Regions     string `gorm:"type:text;not null"`
					Offer       string `gorm:"type:text;not null"`
					EULA        string `gorm:"column:eula;type:text;not null"`
					Logo        []byte
					LogoType    string `gorm:"size:40;not null"`
					Revision    int    `gorm:"not null"`
					CreatedAt   time.Time
					UpdatedAt   time.Time
				}
				type productVersion struct {
					ID          int64   `gorm:"primaryKey"`
					ProductID   string  `gorm:"size:20;not null;index;uniqueIndex:idx_product_versions_number,priority:1"`
					Number      *string `gorm:"size:50;uniqueIndex:idx_product_versions_number,priority:2"`
					ResourceARN string  `gorm:"column:resource_arn;size:300;not null;uniqueIndex"`
					Status      string  `gorm:"size:20;not null"`
					SubmittedAt *time.Time
					Details     string `gorm:"type:text;not null"`
					CreatedAt   time.Time
					Product     product `gorm:"constraint:OnDelete:CASCADE"`
				}
				type productChange struct {
					ID         int64  `gorm:"primaryKey"`
					ProductID  string `gorm:"size:20;not null;index"`
					ChangeType string `gorm:"size:60;not null"`
					Actor      string `gorm:"size:300;not null"`
					At         time.Time
				}
				return tx.AutoMigrate(&product{}, &productVersion{}, &productChange{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("product_changes", "product_versions", "products")
			},
		},
		{
			// IAM names are unique whatever their case, as in AWS.
			ID: "202611230007_iam_names_ignore_case",
			Migrate: func(tx *gorm.DB) error {
				if err := tx.Exec("CREATE UNIQUE INDEX idx_users_account_user_name_lower ON users (account_id, lower(user_name))").Error; err != nil {
					return err
				}
				return tx.Exec("CREATE UNIQUE INDEX idx_user_policies_user_name_lower ON user_policies (user_id, lower(name))").Error
			},
			Rollback: func(tx *gorm.DB) error {
				if err := tx.Exec("DROP INDEX idx_users_account_user_name_lower").Error; err != nil {
					return err
				}
				return tx.Exec("DROP INDEX idx_user_policies_user_name_lower").Error
			},
		},
		{
			ID: "202611230008_publishing",
			Migrate: func(tx *gorm.DB) error {
				type product struct {
					PublishDueAt *time.Time
					TestAccounts string `gorm:"type:text;not null;default:'[]'"`
				}
				for _, col := range []string{"PublishDueAt", "TestAccounts"} {
					if err := tx.Table("products").Migrator().AddColumn(&product{}, col); err != nil {
						return err
					}
				}
				type publishJob struct {
					ID        int64     `gorm:"primaryKey"`
					ProductID string    `gorm:"size:20;not null;index"`
					AccountID string    `gorm:"size:12;not null"`
					DueAt     time.Time `gorm:"not null;index:idx_publish_jobs_due,priority:2"`
					State     string    `gorm:"size:10;not null;index:idx_publish_jobs_due,priority:1"`
					DoneAt    *time.Time
				}
				return tx.AutoMigrate(&publishJob{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("publish_jobs")
			},
		},
		{
			ID: "202611230009_subscriptions_operations_notifications",
			Migrate: func(tx *gorm.DB) error {
				type subscription struct {
					ID          int64  `gorm:"primaryKey"`
					AccountID   string `gorm:"size:12;not null;uniqueIndex:idx_subscriptions_account_product,priority:1"`
					ProductID   string `gorm:"size:20;not null;index;uniqueIndex:idx_subscriptions_account_product,priority:2"`
					Test        bool   `gorm:"not null"`
					CreatedAt   time.Time
					CancelledAt *time.Time
				}
				type testAccountRequest struct {
					ID        int64  `gorm:"primaryKey"`
					ProductID string `gorm:"size:20;not null;index"`
					AccountID string `gorm:"size:12;not null"`
					Accounts  string `gorm:"type:text;not null"`
					Message   string `gorm:"type:text;not null"`
					State     string `gorm:"size:10;not null;index"`
					CreatedBy string `gorm:"size:300;not null"`
					CreatedAt time.Time
					DecidedBy string `gorm:"size:300;not null"`
					DecidedAt *time.Time
				}
				type notification struct {
					ID        int64  `gorm:"primaryKey"`
					AccountID string `gorm:"size:12;not null;index"`
					Message   string `gorm:"size:100;not null"`
					Data      string `gorm:"type:text;not null"`
					CreatedAt time.Time
					ReadAt    *time.Time
				}
				return tx.AutoMigrate(&subscription{}, &testAccountRequest{}, &notification{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("subscriptions", "test_account_requests", "notifications")
			},
		},
		{
			// What buyers see is the listing as last staged.
			ID: "202611230010_product_snapshots",
			Migrate: func(tx *gorm.DB) error {
				type product struct {
					Snapshot     string `gorm:"type:text;not null;default:''"`
					SnapshotLogo []byte
				}
				for _, col := range []string{"Snapshot", "SnapshotLogo"} {
					if err := tx.Table("products").Migrator().AddColumn(&product{}, col); err != nil {
						return err
					}
				}
				return nil
			},
			Rollback: func(tx *gorm.DB) error {
				for _, col := range []string{"snapshot", "snapshot_logo"} {
					if err := tx.Table("products").Migrator().DropColumn("products", col); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			// The marketplace catalog: one row per public product, its
			// categories, the accounts of private ones, and a weighted index of
			// its words, so a search reads indexes instead of every listing.
			ID: "202611230011_catalog",
			Migrate: func(tx *gorm.DB) error {
				type catalogEntry struct {
					ProductID        string    `gorm:"primaryKey;size:20"`
					AccountID        string    `gorm:"size:12;not null"`
					Privacy          string    `gorm:"size:10;not null"`
					Title            string    `gorm:"size:400;not null"`
					ShortDescription string    `gorm:"type:text;not null"`
					Type             string    `gorm:"size:20;not null;index"`
					Pricing          string    `gorm:"size:20;not null;index"`
					Categories       string    `gorm:"type:text;not null"`
					PublishedAt      time.Time `gorm:"not null;index"`
				}
				type catalogCategory struct {
					Category  string `gorm:"primaryKey;size:60"`
					ProductID string `gorm:"primaryKey;size:20"`
				}
				type catalogAllowed struct {
					AccountID string `gorm:"primaryKey;size:12"`
					ProductID string `gorm:"primaryKey;size:20"`
				}
				type catalogTerm struct {
					Term      string `gorm:"primaryKey;size:100"`
					ProductID string `gorm:"primaryKey;size:20;index"`
					Weight    int    `gorm:"not null"`
				}
				if err := tx.AutoMigrate(&catalogEntry{}, &catalogCategory{}, &catalogTerm{}); err != nil {
					return err
				}
				return tx.Table("catalog_allowed").AutoMigrate(&catalogAllowed{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("catalog_terms", "catalog_allowed", "catalog_categories", "catalog_entries")
			},
		},
		{
			// Lets a search check a product's words by index lookups.
			ID: "202611230012_catalog_terms_by_product",
			Migrate: func(tx *gorm.DB) error {
				return tx.Exec("CREATE INDEX idx_catalog_terms_product_term ON catalog_terms (product_id, term, weight)").Error
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Exec("DROP INDEX idx_catalog_terms_product_term").Error
			},
		},
		productUpdatesMigration(),
		catalogSearchMigration(),
		storedJSONRecordsMigration(),
		changeSetsMigration(),
		publicSnapshotMigration(),
		accountSecurityMigration(),
		accessKeysMigration(),
		apiChangeSetsMigration(),
		resourceTagsMigration(),
		changeSetClaimsMigration(),
		clientTokensMigration(),
		searchIndexMigration(),
		offersMigration(),
		{
			// The seller's product list reads a page of an account's
			// products, most recently changed first, off this index
			// instead of sorting all of them.
			ID: "202612050001_products_account_updated",
			Migrate: func(tx *gorm.DB) error {
				return tx.Exec("CREATE INDEX idx_products_account_updated ON products (account_id, updated_at DESC, id)").Error
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Exec("DROP INDEX idx_products_account_updated").Error
			},
		},
		{
			// The same index carries the columns of a ProductSummary, so
			// that a choice of a seller's products, found by part of a title
			// among 100,000, and the count of those that match read the index
			// alone: reading each row took 0.4-1.8 s a page.
			ID: "202612080001_products_account_summary",
			Migrate: func(tx *gorm.DB) error {
				return execAll(tx, "CREATE INDEX idx_products_account_summary ON products (account_id, updated_at DESC, id, status, title)",
					"DROP INDEX idx_products_account_updated")
			},
			Rollback: func(tx *gorm.DB) error {
				return execAll(tx, "CREATE INDEX idx_products_account_updated ON products (account_id, updated_at DESC, id)",
					"DROP INDEX idx_products_account_summary")
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
