package persistence

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// Job states.
const (
	jobPending = "pending"
	jobDone    = "done"
)

type publishJobRecord struct {
	ID        int64 `gorm:"primaryKey"`
	ProductID string
	AccountID string
	DueAt     time.Time
	State     string
	DoneAt    *time.Time
}

func (publishJobRecord) TableName() string { return "publish_jobs" }

// PublishingStore implements domain.PublishingRepository.
type PublishingStore struct{ db *DB }

var _ domain.PublishingRepository = (*PublishingStore)(nil)

// Publishing returns the publishing store of db.
func (db *DB) Publishing() *PublishingStore { return &PublishingStore{db: db} }

// Submit saves the product and schedules its job in one transaction.
func (s *PublishingStore) Submit(ctx context.Context, p *domain.Product, expected int, job domain.PublishJob, ch domain.ProductChange) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := saveProductTx(tx, p, expected, ch); err != nil {
			return err
		}
		rec := publishJobRecord{ProductID: job.ProductID, AccountID: job.AccountID, DueAt: job.DueAt.UTC(), State: jobPending}
		return domainError(tx.Create(&rec).Error)
	})
}

// DueJobs lists pending jobs due at now, oldest first.
func (s *PublishingStore) DueJobs(ctx context.Context, now time.Time) ([]domain.PublishJob, error) {
	var recs []publishJobRecord
	err := s.db.conn(ctx).Where("state = ? AND due_at <= ?", jobPending, now.UTC()).Order("due_at, id").Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	jobs := make([]domain.PublishJob, len(recs))
	for i, r := range recs {
		jobs[i] = domain.PublishJob{ID: r.ID, ProductID: r.ProductID, AccountID: r.AccountID, DueAt: r.DueAt}
	}
	return jobs, nil
}

// RunJob claims the job with a conditional update, so of two processes only
// one sees a row change; that one applies stage in the same transaction. If
// stage fails, the claim is rolled back and the job stays pending.
func (s *PublishingStore) RunJob(ctx context.Context, job domain.PublishJob, at time.Time, stage func(*domain.Product, []domain.Version) (*domain.Staging, error)) (bool, error) {
	ran := false
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&publishJobRecord{}).Where("id = ? AND state = ?", job.ID, jobPending).
			Updates(map[string]any{"state": jobDone, "done_at": at.UTC()})
		if res.Error != nil {
			return domainError(res.Error)
		}
		if res.RowsAffected == 0 {
			return nil // another process ran it
		}
		var rec productRecord
		if err := tx.Where("id = ? AND account_id = ?", job.ProductID, job.AccountID).Take(&rec).Error; err != nil {
			return domainError(err)
		}
		p, err := rec.toDomain()
		if err != nil {
			return err
		}
		versions, err := versionsTx(tx, p.ID)
		if err != nil {
			return err
		}
		staging, err := stage(p, versions)
		if err != nil {
			return err
		}
		if err := saveVersionsTx(tx, versions); err != nil {
			return err
		}
		if err := saveProductTx(tx, p, p.Revision, staging.Change); err != nil {
			return err
		}
		if err := syncCatalogTx(tx, p); err != nil {
			return err
		}
		for _, n := range staging.Notifications {
			if err := notifyTx(tx, n.AccountID, n.Message, n.Data, n.CreatedAt); err != nil {
				return err
			}
		}
		if err := notifySubscribersTx(tx, p.ID, staging.SubscriberNotice); err != nil {
			return err
		}
		ran = true
		return nil
	})
	if ran && err == nil {
		s.db.catalogChanged()
	}
	return ran, err
}

// SaveLifecycle saves a product's status change with its versions.
func (s *PublishingStore) SaveLifecycle(ctx context.Context, p *domain.Product, expected int, versions []domain.Version, ch domain.ProductChange) error {
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := saveVersionsTx(tx, versions); err != nil {
			return err
		}
		if err := saveProductTx(tx, p, expected, ch); err != nil {
			return err
		}
		return syncCatalogTx(tx, p)
	})
	if err == nil {
		s.db.catalogChanged()
	}
	return err
}

func versionsTx(tx *gorm.DB, productID string) ([]domain.Version, error) {
	var recs []productVersionRecord
	if err := tx.Where("product_id = ?", productID).Order("id").Find(&recs).Error; err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.Version, 0, len(recs))
	for i := range recs {
		v, err := recs[i].toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

func saveVersionsTx(tx *gorm.DB, versions []domain.Version) error {
	for i := range versions {
		rec := versionToRecord(&versions[i])
		err := tx.Model(&productVersionRecord{}).Where("id = ?", rec.ID).
			Select("status", "submitted_at", "released_at", "restrict_pending", "restricted_at").Updates(rec).Error
		if err != nil {
			return domainError(err)
		}
	}
	return nil
}

// notifySubscribersTx sends n to every active subscriber of the product.
func notifySubscribersTx(tx *gorm.DB, productID string, n *domain.Notification) error {
	if n == nil {
		return nil
	}
	var accounts []string
	err := tx.Model(&subscriptionRecord{}).Where("product_id = ? AND cancelled_at IS NULL", productID).
		Order("account_id").Pluck("account_id", &accounts).Error
	if err != nil {
		return domainError(err)
	}
	for _, account := range accounts {
		if err := notifyTx(tx, account, n.Message, n.Data, n.CreatedAt); err != nil {
			return err
		}
	}
	return nil
}
