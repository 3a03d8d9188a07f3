package persistence

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type sessionRecord struct {
	ID        string `gorm:"primaryKey"`
	Data      string
	ExpiresAt time.Time
}

func (sessionRecord) TableName() string { return "sessions" }

// SessionStore implements domain.SessionRepository.
type SessionStore struct{ db *DB }

var _ domain.SessionRepository = (*SessionStore)(nil)

// Sessions returns the session store of db.
func (db *DB) Sessions() *SessionStore { return &SessionStore{db: db} }

// Session returns an unexpired session.
func (s *SessionStore) Session(ctx context.Context, id string, now time.Time) (domain.SessionRecord, error) {
	var r sessionRecord
	// SQLite compares the stored times as text, so both sides must be UTC.
	err := s.db.conn(ctx).Where("id = ? AND expires_at > ?", id, now.UTC()).Take(&r).Error
	if err != nil {
		return domain.SessionRecord{}, domainError(err)
	}
	return domain.SessionRecord{ID: r.ID, Data: r.Data, ExpiresAt: r.ExpiresAt}, nil
}

// SaveSession inserts or replaces a session.
func (s *SessionStore) SaveSession(ctx context.Context, rec domain.SessionRecord) error {
	r := sessionRecord{ID: rec.ID, Data: rec.Data, ExpiresAt: rec.ExpiresAt.UTC()}
	err := s.db.conn(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "id"}},
		DoUpdates: clause.AssignmentColumns([]string{"data", "expires_at"}),
	}).Create(&r).Error
	return domainError(err)
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
