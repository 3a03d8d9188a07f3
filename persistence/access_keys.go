package persistence

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type accessKeyRecord struct {
	ID              string `gorm:"primaryKey"`
	AccountID       string
	UserID          int64
	SecretSealed    string
	Status          string
	CreatedAt       time.Time
	LastUsedAt      *time.Time
	LastUsedService string
}

func (accessKeyRecord) TableName() string { return "access_keys" }

// accessKeyRow is a key as read for a page or a signature check: its
// record and its user's name.
type accessKeyRow struct {
	ID              string
	AccountID       string
	UserID          int64
	SecretSealed    string
	Status          string
	CreatedAt       time.Time
	LastUsedAt      *time.Time
	LastUsedService string
	UserName        *string
}

func (r *accessKeyRow) toDomain() domain.AccessKey {
	k := domain.AccessKey{ID: r.ID, AccountID: r.AccountID, UserID: r.UserID, Status: domain.AccessKeyStatus(r.Status),
		CreatedAt: r.CreatedAt, LastUsedService: r.LastUsedService}
	if r.UserName != nil {
		k.UserName = *r.UserName
	}
	if r.LastUsedAt != nil {
		at := *r.LastUsedAt
		k.LastUsedAt = &at
	}
	return k
}

const (
	accessKeysTable          = "access_keys"
	accessKeySecretColumn    = "secret_sealed"
	accessKeyColumnsForPages = "access_keys.id, access_keys.account_id, access_keys.user_id, access_keys.status, " +
		"access_keys.created_at, access_keys.last_used_at, access_keys.last_used_service, users.user_name"
	accessKeyColumnsForSigner = accessKeyColumnsForPages + ", access_keys.secret_sealed"
)

// accessKeySecretField binds a key's sealed secret to its row: its account,
// its user and its ID. A sealed secret copied into another key's row, or a
// row moved to another user or account, no longer opens, so someone able to
// write to the database cannot make a secret they know sign for another
// user.
func accessKeySecretField(accountID string, userID int64, keyID string) SealedField {
	return SealedField{Table: accessKeysTable, Column: accessKeySecretColumn,
		AccountID: accountID + "/" + strconv.FormatInt(userID, 10) + "/" + keyID}
}

// AccessKeyStore implements domain.AccessKeyRepository.
type AccessKeyStore struct {
	db     *DB
	sealer *Sealer
}

var _ domain.AccessKeyRepository = (*AccessKeyStore)(nil)

// AccessKeys returns the access key store of db, sealing secrets with sealer.
func (db *DB) AccessKeys(sealer *Sealer) *AccessKeyStore {
	return &AccessKeyStore{db: db, sealer: sealer}
}

func keysWithUsers(tx *gorm.DB, columns string) *gorm.DB {
	return tx.Table(accessKeysTable).Select(columns).Joins("JOIN users ON users.id = access_keys.user_id")
}

// CreateAccessKey stores k with its secret sealed, after check accepted the
// user's keys. The user's row is locked FOR UPDATE on PostgreSQL, and
// SQLite's immediate transactions let one writer in at a time, so two
// creations for one user count one after the other.
func (s *AccessKeyStore) CreateAccessKey(ctx context.Context, k domain.AccessKey, secret string,
	check func(existing []domain.AccessKey) error) error {
	sealed, err := s.sealer.Seal(secret, accessKeySecretField(k.AccountID, k.UserID, k.ID))
	if err != nil {
		return domain.Internal(err)
	}
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var u userRecord
		err := tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Select("id").
			Where("id = ? AND account_id = ? AND role = ?", k.UserID, k.AccountID, string(domain.RoleIAM)).Take(&u).Error
		if err != nil {
			return domainError(err)
		}
		existing, err := accessKeysOf(tx, k.UserID)
		if err != nil {
			return err
		}
		if err := check(existing); err != nil {
			return err
		}
		rec := accessKeyRecord{ID: k.ID, AccountID: k.AccountID, UserID: k.UserID, SecretSealed: sealed,
			Status: string(k.Status), CreatedAt: k.CreatedAt.UTC(), LastUsedService: ""}
		return domainError(tx.Create(&rec).Error)
	})
}

// AccessKeys lists a user's keys, oldest first.
func (s *AccessKeyStore) AccessKeys(ctx context.Context, userID int64) ([]domain.AccessKey, error) {
	return accessKeysOf(s.db.conn(ctx), userID)
}

func accessKeysOf(tx *gorm.DB, userID int64) ([]domain.AccessKey, error) {
	var rows []accessKeyRow
	err := keysWithUsers(tx, accessKeyColumnsForPages).Where("access_keys.user_id = ?", userID).
		Order("access_keys.created_at, access_keys.id").Scan(&rows).Error
	if err != nil {
		return nil, domainError(err)
	}
	keys := make([]domain.AccessKey, len(rows))
	for i := range rows {
		keys[i] = rows[i].toDomain()
	}
	return keys, nil
}

// AccessKeyWithSecret finds a key with its secret, opened.
func (s *AccessKeyStore) AccessKeyWithSecret(ctx context.Context, keyID string) (domain.AccessKey, string, error) {
	var row accessKeyRow
	res := keysWithUsers(s.db.conn(ctx), accessKeyColumnsForSigner).Where("access_keys.id = ?", keyID).Limit(1).Scan(&row)
	if res.Error != nil {
		return domain.AccessKey{}, "", domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.AccessKey{}, "", domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	secret, err := s.sealer.Open(row.SecretSealed, accessKeySecretField(row.AccountID, row.UserID, row.ID))
	if err != nil {
		// The error names the key, never the value.
		return domain.AccessKey{}, "", domain.Internal(&sealedKeyError{keyID: row.ID, err: err})
	}
	return row.toDomain(), secret, nil
}

// sealedKeyError says which key's secret did not open.
type sealedKeyError struct {
	keyID string
	err   error
}

func (e *sealedKeyError) Error() string { return "access key " + e.keyID + ": " + e.err.Error() }
func (e *sealedKeyError) Unwrap() error { return e.err }

// SetAccessKeyStatus changes the status of one of the user's keys.
func (s *AccessKeyStore) SetAccessKeyStatus(ctx context.Context, userID int64, keyID string,
	status domain.AccessKeyStatus) error {
	res := s.db.conn(ctx).Model(&accessKeyRecord{}).Where("id = ? AND user_id = ?", keyID, userID).
		Update("status", string(status))
	return foundOne(res)
}

// DeleteAccessKey deletes one of the user's keys.
func (s *AccessKeyStore) DeleteAccessKey(ctx context.Context, userID int64, keyID string) error {
	res := s.db.conn(ctx).Where("id = ? AND user_id = ?", keyID, userID).Delete(&accessKeyRecord{})
	return foundOne(res)
}

// foundOne is the answer of a change to one row: ENOTFOUND when no row
// matched.
func foundOne(res *gorm.DB) error {
	if res.Error != nil {
		return domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return nil
}

// MarkAccessKeyUsed records a use in one statement that matches no row when
// a use for the same service was recorded recently (or later, by a server
// whose clock is ahead), so that a busy key costs a write a minute.
func (s *AccessKeyStore) MarkAccessKeyUsed(ctx context.Context, keyID string, at time.Time, service string) error {
	at = at.UTC()
	recent := at.Add(-domain.AccessKeyUseGranularity)
	err := s.db.conn(ctx).Model(&accessKeyRecord{}).
		Where("id = ? AND (last_used_at IS NULL OR last_used_at <= ? OR (last_used_service <> ? AND last_used_at < ?))",
			keyID, recent, service, at).
		Updates(map[string]any{"last_used_at": at, "last_used_service": service}).Error
	return domainError(err)
}
