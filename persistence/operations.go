package persistence

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mlportal/portal/domain"
)

type testAccountRequestRecord struct {
	ID        int64 `gorm:"primaryKey"`
	ProductID string
	AccountID string
	Accounts  string // JSON list
	Message   string
	State     string
	CreatedBy string
	CreatedAt time.Time
	DecidedBy string
	DecidedAt *time.Time
}

func (testAccountRequestRecord) TableName() string { return "test_account_requests" }

func (r *testAccountRequestRecord) toDomain() (domain.TestAccountRequest, error) {
	out := domain.TestAccountRequest{ID: r.ID, ProductID: r.ProductID, AccountID: r.AccountID, Message: r.Message,
		State: domain.RequestState(r.State), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, DecidedBy: r.DecidedBy, DecidedAt: timeOf(r.DecidedAt)}
	if err := json.Unmarshal([]byte(r.Accounts), &out.Accounts); err != nil {
		return out, domain.Internal(err)
	}
	return out, nil
}

type notificationRecord struct {
	ID        int64 `gorm:"primaryKey"`
	AccountID string
	Message   string
	Data      string // JSON object of strings
	CreatedAt time.Time
	ReadAt    *time.Time
}

func (notificationRecord) TableName() string { return "notifications" }

// notifyTx writes a notification inside the transaction of the change that
// caused it, so one never exists without the other.
func notifyTx(tx *gorm.DB, accountID string, msg domain.Message, data map[string]string, at time.Time) error {
	rec := notificationRecord{AccountID: accountID, Message: string(msg), Data: mustJSON(data), CreatedAt: at.UTC()}
	return domainError(tx.Create(&rec).Error)
}

// OperationsStore implements domain.OperationsRepository and
// domain.NotificationRepository.
type OperationsStore struct{ db *DB }

var (
	_ domain.OperationsRepository   = (*OperationsStore)(nil)
	_ domain.NotificationRepository = (*OperationsStore)(nil)
)

// Operations returns the Seller Operations and notification store of db.
func (db *DB) Operations() *OperationsStore { return &OperationsStore{db: db} }

// CreateRequest stores a new request.
func (s *OperationsStore) CreateRequest(ctx context.Context, r *domain.TestAccountRequest) error {
	rec := testAccountRequestRecord{ProductID: r.ProductID, AccountID: r.AccountID, Accounts: mustJSON(r.Accounts), Message: r.Message,
		State: string(r.State), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
	if err := s.db.conn(ctx).Create(&rec).Error; err != nil {
		return domainError(err)
	}
	r.ID = rec.ID
	return nil
}

// Requests lists requests in a state, oldest first.
func (s *OperationsStore) Requests(ctx context.Context, state domain.RequestState) ([]domain.TestAccountRequest, error) {
	return s.requests(ctx, "state = ?", "created_at, id", string(state))
}

// ProductRequests lists a product's requests, newest first. The seller's
// overview shows them on every visit: they are kept as fresh as a
// product's revision (see freshCache), and callers share them, to read only.
func (s *OperationsStore) ProductRequests(ctx context.Context, productID string) ([]domain.TestAccountRequest, error) {
	reqs, err := s.db.productRequests.get(ctx, s.db, productID, func() ([]domain.TestAccountRequest, error) {
		return s.requests(ctx, "product_id = ?", "created_at DESC, id DESC", productID)
	})
	return slices.Clip(reqs), err
}

func (s *OperationsStore) requests(ctx context.Context, where, order string, arg any) ([]domain.TestAccountRequest, error) {
	var recs []testAccountRequestRecord
	if err := s.db.conn(ctx).Where(where, arg).Order(order).Find(&recs).Error; err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.TestAccountRequest, 0, len(recs))
	for i := range recs {
		r, err := recs[i].toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// DecideRequest loads the request and its product, locked until the
// transaction ends (PostgreSQL; SQLite transactions take the write lock up
// front), lets decide apply the rule, and saves what it decided.
func (s *OperationsStore) DecideRequest(ctx context.Context, id int64,
	decide func(*domain.TestAccountRequest, *domain.Product) (*domain.RequestDecision, error)) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		forUpdate := clause.Locking{Strength: clause.LockingStrengthUpdate}
		var rec testAccountRequestRecord
		if err := tx.Clauses(forUpdate).Where("id = ?", id).Take(&rec).Error; err != nil {
			return domainError(err)
		}
		r, err := rec.toDomain()
		if err != nil {
			return err
		}
		var prec productRecord
		if err := tx.Clauses(forUpdate).Where("id = ?", r.ProductID).Take(&prec).Error; err != nil {
			return domainError(err)
		}
		p, err := prec.toDomain()
		if err != nil {
			return err
		}
		loaded := p.Revision
		d, err := decide(&r, p)
		if err != nil {
			return err
		}
		res := tx.Model(&testAccountRequestRecord{}).Where("id = ? AND state = ?", id, rec.State).
			Updates(map[string]any{"state": string(r.State), "decided_by": r.DecidedBy, "decided_at": timePtr(r.DecidedAt)})
		if res.Error != nil {
			return domainError(res.Error)
		}
		if res.RowsAffected == 0 {
			return domain.Errorf(domain.ECONFLICT, domain.MsgAlreadyDecided)
		}
		if d.Change != nil {
			if err := saveProductTx(tx, p, loaded, *d.Change); err != nil {
				return err
			}
		}
		n := d.Notice
		return notifyTx(tx, n.AccountID, n.Message, n.Data, n.CreatedAt)
	})
}

// Notifications lists an account's notifications, newest first.
func (s *OperationsStore) Notifications(ctx context.Context, accountID string, limit int) ([]domain.Notification, error) {
	var recs []notificationRecord
	err := s.db.conn(ctx).Where("account_id = ?", accountID).Order("created_at DESC, id DESC").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	return notificationsOf(recs)
}

func notificationsOf(recs []notificationRecord) ([]domain.Notification, error) {
	out := make([]domain.Notification, 0, len(recs))
	for _, r := range recs {
		n := domain.Notification{ID: r.ID, AccountID: r.AccountID, Message: domain.Message(r.Message), CreatedAt: r.CreatedAt, Read: r.ReadAt != nil}
		if err := json.Unmarshal([]byte(r.Data), &n.Data); err != nil {
			return nil, domain.Internal(err)
		}
		out = append(out, n)
	}
	return out, nil
}

// UnreadCount counts an account's unread notifications.
func (s *OperationsStore) UnreadCount(ctx context.Context, accountID string) (int, error) {
	// Every signed-in page asks (the badge in the top bar): one prepared
	// query, whose answer is kept as fresh as a product's revision.
	return s.db.unread.get(ctx, s.db, accountID, func() (int, error) {
		var n int
		err := s.db.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL", accountID).Scan(&n)
		return n, domainError(err)
	})
}

// MarkAllRead marks every notification of the account read.
func (s *OperationsStore) MarkAllRead(ctx context.Context, accountID string, at time.Time) error {
	return domainError(s.db.conn(ctx).Model(&notificationRecord{}).Where("account_id = ? AND read_at IS NULL", accountID).Update("read_at", at.UTC()).Error)
}
