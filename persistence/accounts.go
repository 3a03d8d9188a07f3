package persistence

import (
	"cmp"
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

type accountRecord struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time
	Language  string
}

func (accountRecord) TableName() string { return "accounts" }

type userRecord struct {
	ID           int64 `gorm:"primaryKey"`
	AccountID    string
	Email        *string // NULL for users that sign in by name, such as IAM users
	UserName     *string // NULL for users that sign in by email
	PasswordHash string
	Role         string
	CreatedAt    time.Time
	EmailPending bool
}

func (userRecord) TableName() string { return "users" }

func (r *userRecord) toDomain() *domain.User {
	u := &domain.User{ID: r.ID, AccountID: r.AccountID, PasswordHash: r.PasswordHash, Role: domain.Role(r.Role), CreatedAt: r.CreatedAt,
		EmailPending: r.EmailPending}
	if r.Email != nil {
		u.Email = *r.Email
	}
	if r.UserName != nil {
		u.UserName = *r.UserName
	}
	return u
}

func userToRecord(u *domain.User) *userRecord {
	r := &userRecord{ID: u.ID, AccountID: u.AccountID, PasswordHash: u.PasswordHash, Role: string(u.Role), CreatedAt: u.CreatedAt,
		EmailPending: u.EmailPending}
	r.Email = nullable(u.Email)
	r.UserName = nullable(u.UserName)
	return r
}

// AccountStore implements domain.AccountRepository.
type AccountStore struct{ db *DB }

var _ domain.AccountRepository = (*AccountStore)(nil)

// Accounts returns the account store of db.
func (db *DB) Accounts() *AccountStore { return &AccountStore{db: db} }

// CreateAccount stores the account and its first user in one transaction.
func (s *AccountStore) CreateAccount(ctx context.Context, a *domain.Account, root *domain.User) error {
	if root.AccountID != a.ID {
		return domain.Internal(errors.New("root user of another account"))
	}
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		acct := accountRecord{ID: a.ID, Name: a.Name, CreatedAt: a.CreatedAt, Language: cmp.Or(a.Language, "en")}
		if err := tx.Create(&acct).Error; err != nil {
			return domainError(err)
		}
		rec := userToRecord(root)
		if err := tx.Create(rec).Error; err != nil {
			return withConflictMessage(domainError(err), domain.MsgEmailTaken)
		}
		a.CreatedAt, root.ID, root.CreatedAt = acct.CreatedAt, rec.ID, rec.CreatedAt
		return nil
	})
}

// UserByEmail finds a user by normalized email.
func (s *AccountStore) UserByEmail(ctx context.Context, email string) (*domain.User, error) {
	var r userRecord
	if err := s.db.conn(ctx).Where("email = ?", email).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return r.toDomain(), nil
}

// UserByID finds a user by ID.
func (s *AccountStore) UserByID(ctx context.Context, id int64) (*domain.User, error) {
	var r userRecord
	if err := s.db.conn(ctx).Take(&r, id).Error; err != nil {
		return nil, domainError(err)
	}
	return r.toDomain(), nil
}

// AccountByID finds an account by its 12-digit ID.
func (s *AccountStore) AccountByID(ctx context.Context, id string) (*domain.Account, error) {
	var r accountRecord
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return &domain.Account{ID: r.ID, Name: r.Name, CreatedAt: r.CreatedAt}, nil
}

// nullable stores "" as NULL, so unique indexes ignore absent values.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
