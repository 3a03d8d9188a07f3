package persistence

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

var _ domain.CredentialRepository = (*AccountStore)(nil)

// SetPassword replaces a user's password hash.
func (s *AccountStore) SetPassword(ctx context.Context, userID int64, hash string) error {
	return updateOneUser(s.db.conn(ctx).Model(&userRecord{}).Where("id = ?", userID).Update("password_hash", hash))
}

// ConfirmEmail clears the user's pending-confirmation mark.
func (s *AccountStore) ConfirmEmail(ctx context.Context, userID int64) error {
	return updateOneUser(s.db.conn(ctx).Model(&userRecord{}).Where("id = ?", userID).Update("email_pending", false))
}

// updateOneUser reports a user that no longer exists as ENOTFOUND.
func updateOneUser(res *gorm.DB) error {
	if res.Error != nil {
		return domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "")
	}
	return nil
}

type userTokenRecord struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Purpose   string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedAt time.Time
}

func (userTokenRecord) TableName() string { return "user_tokens" }

// TokenStore implements domain.UserTokenRepository.
type TokenStore struct{ db *DB }

var _ domain.UserTokenRepository = (*TokenStore)(nil)

// Tokens returns the one-time token store of db.
func (db *DB) Tokens() *TokenStore { return &TokenStore{db: db} }

// CreateToken stores a token's hash.
func (s *TokenStore) CreateToken(ctx context.Context, t domain.UserToken) error {
	r := userTokenRecord{UserID: t.UserID, Purpose: string(t.Purpose), TokenHash: t.Hash, ExpiresAt: t.ExpiresAt.UTC()}
	return domainError(s.db.conn(ctx).Create(&r).Error)
}

// PeekToken returns an unexpired, unused token.
func (s *TokenStore) PeekToken(ctx context.Context, purpose domain.TokenPurpose, hash string, now time.Time) (domain.UserToken, error) {
	var r userTokenRecord
	err := s.db.conn(ctx).Where("purpose = ? AND token_hash = ? AND used_at IS NULL AND expires_at > ?",
		string(purpose), hash, now.UTC()).Take(&r).Error
	if err != nil {
		return domain.UserToken{}, domainError(err)
	}
	return domain.UserToken{UserID: r.UserID, Purpose: domain.TokenPurpose(r.Purpose), Hash: r.TokenHash, ExpiresAt: r.ExpiresAt}, nil
}

// UseToken marks a token used with one conditional UPDATE, so that of two
// requests racing to spend it exactly one succeeds, on either database.
func (s *TokenStore) UseToken(ctx context.Context, purpose domain.TokenPurpose, hash string, now time.Time) (domain.UserToken, error) {
	t, err := s.PeekToken(ctx, purpose, hash, now)
	if err != nil {
		return t, err
	}
	at := now.UTC()
	res := s.db.conn(ctx).Model(&userTokenRecord{}).
		Where("purpose = ? AND token_hash = ? AND used_at IS NULL AND expires_at > ?", string(purpose), hash, at).
		Update("used_at", at)
	if res.Error != nil {
		return domain.UserToken{}, domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.UserToken{}, domain.Errorf(domain.ENOTFOUND, "")
	}
	return t, nil
}
