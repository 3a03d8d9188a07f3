package persistence

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"gorm.io/gorm"

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

// ProductRequests lists a product's requests, newest first.
func (s *OperationsStore) ProductRequests(ctx context.Context, productID string) ([]domain.TestAccountRequest, error) {
	return s.requests(ctx, "product_id = ?", "created_at DESC, id DESC", productID)
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

// Decide moves a pending request, applies an approval and notifies.
func (s *OperationsStore) Decide(ctx context.Context, id int64, state domain.RequestState, by string, at time.Time) (*domain.TestAccountRequest, error) {
	var decided domain.TestAccountRequest
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&testAccountRequestRecord{}).Where("id = ? AND state = ?", id, string(domain.RequestPending)).
			Updates(map[string]any{"state": string(state), "decided_by": by, "decided_at": at.UTC()})
		if res.Error != nil {
			return domainError(res.Error)
		}
		if res.RowsAffected == 0 {
			var n int64
			if err := tx.Model(&testAccountRequestRecord{}).Where("id = ?", id).Count(&n).Error; err != nil {
				return domainError(err)
			}
			if n == 0 {
				return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
			}
			return domain.Errorf(domain.ECONFLICT, domain.MsgAlreadyDecided)
		}
		var rec testAccountRequestRecord
		if err := tx.Take(&rec, id).Error; err != nil {
			return domainError(err)
		}
		r, err := rec.toDomain()
		if err != nil {
			return err
		}
		decided = r
		msg := domain.MsgNotifyRequestRejected
		if state == domain.RequestApproved {
			msg = domain.MsgNotifyRequestApproved
			if err := addTestAccountsTx(tx, r, by, at); err != nil {
				return err
			}
		}
		return notifyTx(tx, r.AccountID, msg, map[string]string{"Product": r.ProductID}, at)
	})
	if err != nil {
		return nil, err
	}
	return &decided, nil
}

// addTestAccountsTx adds an approved request's accounts to the product.
func addTestAccountsTx(tx *gorm.DB, r domain.TestAccountRequest, by string, at time.Time) error {
	var prec productRecord
	if err := tx.Where("id = ?", r.ProductID).Take(&prec).Error; err != nil {
		return domainError(err)
	}
	p, err := prec.toDomain()
	if err != nil {
		return err
	}
	for _, a := range r.Accounts {
		if !slices.Contains(p.TestAccounts, a) {
			p.TestAccounts = append(p.TestAccounts, a)
		}
	}
	p.UpdatedAt = at
	return saveProductTx(tx, p, p.Revision, domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeUpdateTargeting, Actor: by, At: at})
}

// Notifications lists an account's notifications, newest first.
func (s *OperationsStore) Notifications(ctx context.Context, accountID string, limit int) ([]domain.Notification, error) {
	var recs []notificationRecord
	err := s.db.conn(ctx).Where("account_id = ?", accountID).Order("created_at DESC, id DESC").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
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
	var n int64
	err := s.db.conn(ctx).Model(&notificationRecord{}).Where("account_id = ? AND read_at IS NULL", accountID).Count(&n).Error
	return int(n), domainError(err)
}

// MarkAllRead marks every notification of the account read.
func (s *OperationsStore) MarkAllRead(ctx context.Context, accountID string, at time.Time) error {
	return domainError(s.db.conn(ctx).Model(&notificationRecord{}).Where("account_id = ? AND read_at IS NULL", accountID).Update("read_at", at.UTC()).Error)
}
