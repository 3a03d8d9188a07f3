package persistence

import (
	"context"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

type subscriptionRecord struct {
	ID          int64 `gorm:"primaryKey"`
	AccountID   string
	ProductID   string
	Test        bool
	CreatedAt   time.Time
	CancelledAt *time.Time
}

func (subscriptionRecord) TableName() string { return "subscriptions" }

// SubscriptionStore implements domain.SubscriptionRepository.
type SubscriptionStore struct{ db *DB }

var _ domain.SubscriptionRepository = (*SubscriptionStore)(nil)

// Subscriptions returns the subscription store of db.
func (db *DB) Subscriptions() *SubscriptionStore { return &SubscriptionStore{db: db} }

// Subscribe stores a subscription; a cancelled one of the same account and
// product is renewed in place.
func (s *SubscriptionStore) Subscribe(ctx context.Context, sub *domain.Subscription) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var existing subscriptionRecord
		res := tx.Where("account_id = ? AND product_id = ?", sub.AccountID, sub.ProductID).Limit(1).Find(&existing)
		if res.Error != nil {
			return domainError(res.Error)
		}
		rec := subscriptionRecord{AccountID: sub.AccountID, ProductID: sub.ProductID, Test: sub.Test, CreatedAt: sub.CreatedAt.UTC()}
		if res.RowsAffected == 0 {
			err := tx.Create(&rec).Error
			return withConflictMessage(domainError(err), domain.MsgAlreadySubscribed)
		}
		if existing.CancelledAt == nil {
			return domain.Errorf(domain.ECONFLICT, domain.MsgAlreadySubscribed)
		}
		upd := tx.Model(&subscriptionRecord{}).Where("id = ? AND cancelled_at IS NOT NULL", existing.ID).
			Updates(map[string]any{"test": rec.Test, "created_at": rec.CreatedAt, "cancelled_at": nil})
		if upd.Error != nil {
			return domainError(upd.Error)
		}
		if upd.RowsAffected == 0 {
			return domain.Errorf(domain.ECONFLICT, domain.MsgAlreadySubscribed)
		}
		return nil
	})
}

// Subscription returns the account's subscription to a product.
func (s *SubscriptionStore) Subscription(ctx context.Context, accountID, productID string) (*domain.Subscription, error) {
	var r subscriptionRecord
	if err := s.db.conn(ctx).Where("account_id = ? AND product_id = ?", accountID, productID).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return &domain.Subscription{AccountID: r.AccountID, ProductID: r.ProductID, Test: r.Test, CreatedAt: r.CreatedAt, CancelledAt: timeOf(r.CancelledAt)}, nil
}

// Cancel ends an active subscription.
func (s *SubscriptionStore) Cancel(ctx context.Context, accountID, productID string, at time.Time) error {
	res := s.db.conn(ctx).Model(&subscriptionRecord{}).
		Where("account_id = ? AND product_id = ? AND cancelled_at IS NULL", accountID, productID).
		Update("cancelled_at", at.UTC())
	if res.Error != nil {
		return domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ECONFLICT, domain.MsgNotSubscribed)
	}
	return nil
}

// ActiveSubscriptions lists the account's active subscriptions.
//
// The buyer's subscriptions page asks on every visit: one prepared query,
// whose answer is kept as fresh as a product's revision (see freshCache).
func (s *SubscriptionStore) ActiveSubscriptions(ctx context.Context, accountID string) ([]domain.Subscription, error) {
	subs, err := s.db.subscriptions.get(ctx, s.db, accountID, func() ([]domain.Subscription, error) {
		return s.readActiveSubscriptions(ctx, accountID)
	})
	return slices.Clone(subs), err
}

func (s *SubscriptionStore) readActiveSubscriptions(ctx context.Context, accountID string) ([]domain.Subscription, error) {
	rows, err := s.db.queryRows(ctx, "SELECT account_id, product_id, test, created_at FROM subscriptions "+
		"WHERE account_id = $1 AND cancelled_at IS NULL ORDER BY created_at DESC, id DESC", accountID)
	if err != nil {
		return nil, domainError(err)
	}
	defer rows.Close()
	var out []domain.Subscription
	for rows.Next() {
		var sub domain.Subscription
		if err := rows.Scan(&sub.AccountID, &sub.ProductID, &sub.Test, &sub.CreatedAt); err != nil {
			return nil, domainError(err)
		}
		out = append(out, sub)
	}
	return out, domainError(rows.Err())
}

// ProductSubscriptions lists a product's active subscriptions, newest first.
func (s *SubscriptionStore) ProductSubscriptions(ctx context.Context, productID string) ([]domain.Subscription, error) {
	return s.active(ctx, "product_id = ?", productID)
}

func (s *SubscriptionStore) active(ctx context.Context, query string, arg string) ([]domain.Subscription, error) {
	var recs []subscriptionRecord
	err := s.db.conn(ctx).Where(query+" AND cancelled_at IS NULL", arg).Order("created_at DESC, id DESC").Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.Subscription, len(recs))
	for i, r := range recs {
		out[i] = domain.Subscription{AccountID: r.AccountID, ProductID: r.ProductID, Test: r.Test, CreatedAt: r.CreatedAt}
	}
	return out, nil
}
