package persistence

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type loginThrottleRecord struct {
	Key         string `gorm:"column:throttle_key;primaryKey"`
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

func (loginThrottleRecord) TableName() string { return "login_throttles" }

// ThrottleStore implements domain.LoginThrottleRepository.
type ThrottleStore struct{ db *DB }

var _ domain.LoginThrottleRepository = (*ThrottleStore)(nil)

// Throttles returns the login throttle store of db.
func (db *DB) Throttles() *ThrottleStore { return &ThrottleStore{db: db} }

// Throttle returns the record for key, or a zero record.
func (s *ThrottleStore) Throttle(ctx context.Context, key string) (domain.LoginThrottle, error) {
	var r loginThrottleRecord
	res := s.db.conn(ctx).Where("throttle_key = ?", key).Limit(1).Find(&r)
	if res.Error != nil {
		return domain.LoginThrottle{}, domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.LoginThrottle{Key: key}, nil
	}
	return domain.LoginThrottle{Key: r.Key, Failures: r.Failures, WindowStart: r.WindowStart, LockedUntil: r.LockedUntil}, nil
}

// SaveThrottle inserts or replaces a record.
func (s *ThrottleStore) SaveThrottle(ctx context.Context, t domain.LoginThrottle) error {
	r := loginThrottleRecord{Key: t.Key, Failures: t.Failures, WindowStart: t.WindowStart.UTC(), LockedUntil: t.LockedUntil.UTC()}
	err := s.db.conn(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&r).Error
	return domainError(err)
}

// DeleteThrottle forgets the record for key.
func (s *ThrottleStore) DeleteThrottle(ctx context.Context, key string) error {
	return domainError(s.db.conn(ctx).Where("throttle_key = ?", key).Delete(&loginThrottleRecord{}).Error)
}
