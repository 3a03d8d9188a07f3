package persistence

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type sessionRecord struct {
	ID            string `gorm:"primaryKey"`
	Data          string
	ExpiresAt     time.Time
	UserID        int64
	CreatedAt     time.Time
	UserAgent     string
	ClientAddress string
}

func (r sessionRecord) toDomain() domain.SessionRecord {
	return domain.SessionRecord{ID: r.ID, Data: r.Data, ExpiresAt: r.ExpiresAt, UserID: r.UserID, CreatedAt: r.CreatedAt,
		UserAgent: r.UserAgent, ClientAddress: r.ClientAddress}
}

func (sessionRecord) TableName() string { return "sessions" }

// SessionStore implements domain.SessionRepository.
type SessionStore struct{ db *DB }

var _ domain.SessionRepository = (*SessionStore)(nil)

// Sessions returns the session store of db.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// Session returns an unexpired session with its user and account, in one
// prepared query: every signed-in page starts with it.
//
// Every page reads its session: a session read less than freshFor ago,
// before which this process wrote nothing, answers again (see freshCache),
// its expiry checked against now. A sign-out in this process ends the
// session at once; one in another process sharing the database, within
// freshFor.
func (s *SessionStore) Session(ctx context.Context, id string, now time.Time) (domain.SessionRecord, error) {
	rec, err := s.db.sessions.get(ctx, s.db, id, func() (domain.SessionRecord, error) {
		return s.readSession(ctx, id, now)
	})
	if err != nil {
		return domain.SessionRecord{}, err
	}
	if !rec.ExpiresAt.After(now) {
		return domain.SessionRecord{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	// The kept record is shared: each caller gets its own user and account.
	if rec.User != nil {
		u := *rec.User
		rec.User = &u
	}
	if rec.Account != nil {
		a := *rec.Account
		rec.Account = &a
	}
	return rec, nil
}

func (s *SessionStore) readSession(ctx context.Context, id string, now time.Time) (domain.SessionRecord, error) {
	var r sessionRecord
	var uid sql.NullInt64
	var accountID, email, userName, hash, role, accountName sql.NullString
	var userCreated, accountCreated sql.NullTime
	var pending sql.NullBool
	// SQLite compares the stored times as text, so both sides must be UTC.
	err := s.db.queryRow(ctx, "SELECT s.id, s.data, s.expires_at, s.user_id, s.created_at, s.user_agent, s.client_address, "+
		"u.id, u.account_id, u.email, u.user_name, u.password_hash, u.role, u.created_at, u.email_pending, a.name, a.created_at "+
		"FROM sessions s LEFT JOIN users u ON u.id = s.user_id AND s.user_id <> 0 LEFT JOIN accounts a ON a.id = u.account_id "+
		"WHERE s.id = $1 AND s.expires_at > $2", id, now.UTC()).
		Scan(&r.ID, &r.Data, &r.ExpiresAt, &r.UserID, &r.CreatedAt, &r.UserAgent, &r.ClientAddress,
			&uid, &accountID, &email, &userName, &hash, &role, &userCreated, &pending, &accountName, &accountCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.SessionRecord{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	if err != nil {
		return domain.SessionRecord{}, domainError(err)
	}
	rec := r.toDomain()
	if uid.Valid && accountID.Valid && accountName.Valid {
		u := userRecord{ID: uid.Int64, AccountID: accountID.String, PasswordHash: hash.String, Role: role.String,
			CreatedAt: userCreated.Time, EmailPending: pending.Bool}
		if email.Valid {
			u.Email = &email.String
		}
		if userName.Valid {
			u.UserName = &userName.String
		}
		rec.User = u.toDomain()
		rec.Account = &domain.Account{ID: accountID.String, Name: accountName.String, CreatedAt: accountCreated.Time}
	}
	return rec, nil
}

// SaveSession inserts or replaces a session. The description (created at,
// user agent, client address) is kept as first saved.
func (s *SessionStore) SaveSession(ctx context.Context, rec domain.SessionRecord) error {
	r := sessionRecord{ID: rec.ID, Data: rec.Data, ExpiresAt: rec.ExpiresAt.UTC(), UserID: rec.UserID,
		CreatedAt: rec.CreatedAt.UTC(), UserAgent: rec.UserAgent, ClientAddress: rec.ClientAddress}
	err := s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expires_at", "user_id"}),
	}).Create(&r).Error
	return domainError(err)
}

// UserSessions returns a user's unexpired sessions, newest first.
func (s *SessionStore) UserSessions(ctx context.Context, userID int64, now time.Time) ([]domain.SessionRecord, error) {
	var rs []sessionRecord
	err := s.db.conn(ctx).Where("user_id = ? AND expires_at > ?", userID, now.UTC()).
		Order("created_at DESC, id").Find(&rs).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.SessionRecord, len(rs))
	for i, r := range rs {
		out[i] = r.toDomain()
	}
	return out, nil
}

// DeleteUserSessions ends every session of a user but except.
func (s *SessionStore) DeleteUserSessions(ctx context.Context, userID int64, except string) (int64, error) {
	q := s.db.conn(ctx).Where("user_id = ?", userID)
	if except != "" {
		q = q.Where("id <> ?", except)
	}
	res := q.Delete(&sessionRecord{})
	return res.RowsAffected, domainError(res.Error)
}

// DeleteSession removes a session; a missing one is not an error.
func (s *SessionStore) DeleteSession(ctx context.Context, id string) error {
	return domainError(s.db.conn(ctx).Where("id = ?", id).Delete(&sessionRecord{}).Error)
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *SessionStore) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res := s.db.conn(ctx).Where("expires_at <= ?", now.UTC()).Delete(&sessionRecord{})
	return res.RowsAffected, domainError(res.Error)
}
