package persistence

import (
	"context"
	"database/sql"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type sellerProfileRecord struct {
	AccountID    string `gorm:"primaryKey"`
	DisplayName  string
	Description  string
	Website      string
	SupportEmail string
	Logo         []byte
	LogoType     string
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"` // set by the service's clock
}

func (sellerProfileRecord) TableName() string { return "seller_profiles" }

type taxInterviewRecord struct {
	AccountID     string `gorm:"primaryKey"`
	EntityType    string
	LegalName     string
	Country       string
	AddressLine1  string
	AddressLine2  string
	City          string
	Region        string
	PostalCode    string
	TaxIDSealed   string
	TaxIDLast4    string
	FormType      string
	SignatureName string
	Certified     bool
	SignedAt      time.Time
}

func (taxInterviewRecord) TableName() string { return taxTable }

type bankAccountRecord struct {
	AccountID           string `gorm:"primaryKey"`
	Kind                string
	HolderName          string
	RoutingNumber       string
	AccountNumberSealed string
	IBANSealed          string `gorm:"column:iban_sealed"`
	BIC                 string
	Last4               string
	UpdatedAt           time.Time `gorm:"autoUpdateTime:false"` // set by the service's clock
}

func (bankAccountRecord) TableName() string { return bankTable }

// The tables and columns that hold sealed values. Each value is bound to its
// table, column and account ID (see SealedField); the tables are keyed by
// account ID.
const (
	taxTable                  = "tax_interviews"
	bankTable                 = "bank_accounts"
	taxIDSealedColumn         = "tax_id_sealed"
	accountNumberSealedColumn = "account_number_sealed"
	ibanSealedColumn          = "iban_sealed"
)

// sealedColumn is a column of sealed values in a table keyed by account ID.
type sealedColumn struct{ table, column string }

// at binds the column to one account's row.
func (c sealedColumn) at(accountID string) SealedField {
	return SealedField{Table: c.table, Column: c.column, AccountID: accountID}
}

// The fields of one account's sealed values.
func taxIDField(accountID string) SealedField {
	return sealedColumn{taxTable, taxIDSealedColumn}.at(accountID)
}

func accountNumberField(accountID string) SealedField {
	return sealedColumn{bankTable, accountNumberSealedColumn}.at(accountID)
}

func ibanField(accountID string) SealedField {
	return sealedColumn{bankTable, ibanSealedColumn}.at(accountID)
}

// sealedColumns lists every column of sealed values, for the resealer.
func sealedColumns() []sealedColumn {
	return []sealedColumn{
		{taxTable, taxIDSealedColumn},
		{bankTable, accountNumberSealedColumn},
		{bankTable, ibanSealedColumn},
	}
}

type sellerChangeRecord struct {
	ID        int64 `gorm:"primaryKey"`
	AccountID string
	Step      string
	Actor     string
	At        time.Time
}

func (sellerChangeRecord) TableName() string { return "seller_changes" }

// SellerStore implements domain.SellerRepository. Tax IDs and bank account
// numbers are sealed before they reach the database.
type SellerStore struct {
	db     *DB
	sealer *Sealer
}

var _ domain.SellerRepository = (*SellerStore)(nil)

// Sellers returns the seller store of db, sealing with sealer.
func (db *DB) Sellers(sealer *Sealer) *SellerStore { return &SellerStore{db: db, sealer: sealer} }

// SellerProfile returns the account's public profile.
func (s *SellerStore) SellerProfile(ctx context.Context, accountID string) (*domain.SellerProfile, error) {
	var r sellerProfileRecord
	if err := s.db.conn(ctx).Where("account_id = ?", accountID).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return &domain.SellerProfile{AccountID: r.AccountID, DisplayName: r.DisplayName, Description: r.Description,
		Website: r.Website, SupportEmail: r.SupportEmail, Logo: r.Logo, LogoType: r.LogoType, UpdatedAt: r.UpdatedAt}, nil
}

// SaveSellerProfile inserts or replaces the profile and records the change.
func (s *SellerStore) SaveSellerProfile(ctx context.Context, p *domain.SellerProfile, removeLogo bool, ch domain.SellerChange) error {
	r := sellerProfileRecord{AccountID: p.AccountID, DisplayName: p.DisplayName, Description: p.Description,
		Website: p.Website, SupportEmail: p.SupportEmail, Logo: p.Logo, LogoType: p.LogoType, UpdatedAt: p.UpdatedAt.UTC()}
	columns := []string{"display_name", "description", "website", "support_email", "updated_at"}
	if p.Logo != nil || removeLogo {
		columns = append(columns, "logo", "logo_type")
	}
	return s.saveWithChange(ctx, &r, columns, ch)
}

// TaxInterview returns the account's tax interview with its tax ID opened.
func (s *SellerStore) TaxInterview(ctx context.Context, accountID string) (*domain.TaxInterview, error) {
	var r taxInterviewRecord
	if err := s.db.conn(ctx).Where("account_id = ?", accountID).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	taxID, err := s.sealer.Open(r.TaxIDSealed, taxIDField(r.AccountID))
	if err != nil {
		return nil, domain.Internal(err)
	}
	return &domain.TaxInterview{AccountID: r.AccountID, EntityType: domain.EntityType(r.EntityType), LegalName: r.LegalName,
		Country: r.Country, AddressLine1: r.AddressLine1, AddressLine2: r.AddressLine2, City: r.City, Region: r.Region,
		PostalCode: r.PostalCode, TaxID: taxID, FormType: r.FormType, SignatureName: r.SignatureName,
		Certified: r.Certified, SignedAt: r.SignedAt}, nil
}

// SaveTaxInterview inserts or replaces the tax interview and records the change.
func (s *SellerStore) SaveTaxInterview(ctx context.Context, t *domain.TaxInterview, ch domain.SellerChange) error {
	sealed, err := s.sealer.Seal(t.TaxID, taxIDField(t.AccountID))
	if err != nil {
		return domain.Internal(err)
	}
	r := taxInterviewRecord{AccountID: t.AccountID, EntityType: string(t.EntityType), LegalName: t.LegalName,
		Country: t.Country, AddressLine1: t.AddressLine1, AddressLine2: t.AddressLine2, City: t.City, Region: t.Region,
		PostalCode: t.PostalCode, TaxIDSealed: sealed, TaxIDLast4: lastFour(t.TaxID), FormType: t.FormType,
		SignatureName: t.SignatureName, Certified: t.Certified, SignedAt: t.SignedAt.UTC()}
	return s.saveWithChange(ctx, &r, nil, ch)
}

// BankAccount returns the payout account with its numbers opened.
func (s *SellerStore) BankAccount(ctx context.Context, accountID string) (*domain.BankAccount, error) {
	var r bankAccountRecord
	if err := s.db.conn(ctx).Where("account_id = ?", accountID).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	number, err := s.sealer.Open(r.AccountNumberSealed, accountNumberField(r.AccountID))
	if err != nil {
		return nil, domain.Internal(err)
	}
	iban, err := s.sealer.Open(r.IBANSealed, ibanField(r.AccountID))
	if err != nil {
		return nil, domain.Internal(err)
	}
	return &domain.BankAccount{AccountID: r.AccountID, Kind: domain.BankKind(r.Kind), HolderName: r.HolderName,
		RoutingNumber: r.RoutingNumber, AccountNumber: number, IBAN: iban, BIC: r.BIC, UpdatedAt: r.UpdatedAt}, nil
}

// SaveBankAccount seals the numbers, stores the account and records the change.
func (s *SellerStore) SaveBankAccount(ctx context.Context, b *domain.BankAccount, ch domain.SellerChange) error {
	number, err := s.sealer.Seal(b.AccountNumber, accountNumberField(b.AccountID))
	if err != nil {
		return domain.Internal(err)
	}
	iban, err := s.sealer.Seal(b.IBAN, ibanField(b.AccountID))
	if err != nil {
		return domain.Internal(err)
	}
	r := bankAccountRecord{AccountID: b.AccountID, Kind: string(b.Kind), HolderName: b.HolderName,
		RoutingNumber: b.RoutingNumber, AccountNumberSealed: number, IBANSealed: iban, BIC: b.BIC,
		Last4: b.Last4(), UpdatedAt: b.UpdatedAt.UTC()}
	return s.saveWithChange(ctx, &r, nil, ch)
}

// SellerChanges lists the account's registration changes, newest first.
func (s *SellerStore) SellerChanges(ctx context.Context, accountID string, limit int) ([]domain.SellerChange, error) {
	var recs []sellerChangeRecord
	err := s.db.conn(ctx).Where("account_id = ?", accountID).Order("at DESC, id DESC").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.SellerChange, len(recs))
	for i, r := range recs {
		out[i] = domain.SellerChange{AccountID: r.AccountID, Step: r.Step, Actor: r.Actor, At: r.At}
	}
	return out, nil
}

// SellerSteps tells which registration rows the account has, in one query
// that selects no column of theirs, so nothing sealed is read or opened.
// The seller's overview asks on every visit: the answer is kept as fresh
// as a product's revision (see freshCache).
func (s *SellerStore) SellerSteps(ctx context.Context, accountID string) (domain.Readiness, error) {
	return s.db.sellerSteps.get(ctx, s.db, accountID, func() (domain.Readiness, error) {
		return s.readSellerSteps(ctx, accountID)
	})
}

func (s *SellerStore) readSellerSteps(ctx context.Context, accountID string) (domain.Readiness, error) {
	var r struct{ Profile, Tax, Bank bool }
	err := s.db.conn(ctx).Raw(`SELECT
		EXISTS (SELECT 1 FROM seller_profiles WHERE account_id = @id) AS profile,
		EXISTS (SELECT 1 FROM tax_interviews WHERE account_id = @id) AS tax,
		EXISTS (SELECT 1 FROM bank_accounts WHERE account_id = @id) AS bank`,
		sql.Named("id", accountID)).Scan(&r).Error
	if err != nil {
		return domain.Readiness{}, domainError(err)
	}
	return domain.Readiness{Profile: r.Profile, Tax: r.Tax, Bank: r.Bank}, nil
}

// saveWithChange upserts record (only columns when given) and appends the
// change, both or neither.
func (s *SellerStore) saveWithChange(ctx context.Context, record any, columns []string, ch domain.SellerChange) error {
	onConflict := clause.OnConflict{Columns: []clause.Column{{Name: "account_id"}}, UpdateAll: true}
	if columns != nil {
		onConflict = clause.OnConflict{Columns: []clause.Column{{Name: "account_id"}}, DoUpdates: clause.AssignmentColumns(columns)}
	}
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Clauses(onConflict).Create(record).Error; err != nil {
			return domainError(err)
		}
		change := sellerChangeRecord{AccountID: ch.AccountID, Step: ch.Step, Actor: ch.Actor, At: ch.At.UTC()}
		return domainError(tx.Create(&change).Error)
	})
}

func lastFour(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return string(r)
	}
	return string(r[len(r)-4:])
}
