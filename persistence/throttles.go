package persistence

import (
	"context"
	"time"

	"gorm.io/gorm"
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
type ThrottleStore struct {
	db *DB
	// slots bounds the updates that hold a connection at once. Updates of
	// one key wait for each other on its row lock; a burst of sign-ins for
	// one account would otherwise open a connection per waiting request.
	slots chan struct{}
}

// throttleSlots is how many updates of one store may run at once.
const throttleSlots = 4

var _ domain.LoginThrottleRepository = (*ThrottleStore)(nil)

// Throttles returns the login throttle store of db.
func (db *DB) Throttles() *ThrottleStore {
	return &ThrottleStore{db: db, slots: make(chan struct{}, throttleSlots)}
}

func (r loginThrottleRecord) toDomain() domain.LoginThrottle {
	return domain.LoginThrottle{Key: r.Key, Failures: r.Failures, WindowStart: utcOrZero(r.WindowStart),
		LockedUntil: utcOrZero(r.LockedUntil)}
}

// utcOrZero reads a stored time back in UTC, and the stored zero time as
// Go's zero time whatever location the driver gave it.
func utcOrZero(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

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
	return r.toDomain(), nil
}

// UpdateThrottle applies update to the record of key inside one transaction.
// The row is inserted first when missing, so that there is always a row to
// lock: PostgreSQL holds it FOR UPDATE until the commit, and SQLite's
// immediate transactions let one writer in at a time. A refusal from update
// rolls the transaction back, inserted row included.
func (s *ThrottleStore) UpdateThrottle(ctx context.Context, key string,
	update func(domain.LoginThrottle) (domain.LoginThrottle, error)) (domain.LoginThrottle, error) {
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	case <-ctx.Done():
		return domain.LoginThrottle{}, domain.Internal(ctx.Err())
	}
	var saved domain.LoginThrottle
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&loginThrottleRecord{Key: key}).Error
		if err != nil {
			return domainError(err)
		}
		var r loginThrottleRecord
		err = tx.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).
			Where("throttle_key = ?", key).Take(&r).Error
		if err != nil {
			return domainError(err)
		}
		next, err := update(r.toDomain())
		if err != nil {
			return err
		}
		err = tx.Model(&loginThrottleRecord{}).Where("throttle_key = ?", key).Updates(map[string]any{
			"failures": next.Failures, "window_start": next.WindowStart.UTC(), "locked_until": next.LockedUntil.UTC(),
		}).Error
		if err != nil {
			return domainError(err)
		}
		saved = next
		saved.Key = key
		return nil
	})
	if err != nil {
		return domain.LoginThrottle{}, err
	}
	return saved, nil
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
