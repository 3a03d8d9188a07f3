package persistence

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

type userPolicyRecord struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Name      string
	Managed   bool
	Document  string
	CreatedAt time.Time
}

func (userPolicyRecord) TableName() string { return "user_policies" }

// IAMStore implements domain.IAMRepository.
type IAMStore struct{ db *DB }

var _ domain.IAMRepository = (*IAMStore)(nil)

// IAM returns the IAM store of db.
func (db *DB) IAM() *IAMStore { return &IAMStore{db: db} }

// CreateIAMUser stores a new IAM user.
func (s *IAMStore) CreateIAMUser(ctx context.Context, u *domain.User) error {
	rec := userToRecord(u)
	if err := s.db.conn(ctx).Create(rec).Error; err != nil {
		return withConflictMessage(domainError(err), domain.MsgIAMUserExists)
	}
	u.ID = rec.ID
	return nil
}

// IAMUser finds an IAM user by account and name.
func (s *IAMStore) IAMUser(ctx context.Context, accountID, userName string) (*domain.User, error) {
	var r userRecord
	err := s.db.conn(ctx).Where("account_id = ? AND user_name = ? AND role = ?", accountID, userName, string(domain.RoleIAM)).Take(&r).Error
	if err != nil {
		return nil, domainError(err)
	}
	return r.toDomain(), nil
}

// ListIAMUsers returns the account's IAM users by name.
func (s *IAMStore) ListIAMUsers(ctx context.Context, accountID string) ([]domain.User, error) {
	var recs []userRecord
	err := s.db.conn(ctx).Where("account_id = ? AND role = ?", accountID, string(domain.RoleIAM)).Order("user_name").Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	users := make([]domain.User, len(recs))
	for i := range recs {
		users[i] = *recs[i].toDomain()
	}
	return users, nil
}

// DeleteIAMUser removes an IAM user with its policies.
func (s *IAMStore) DeleteIAMUser(ctx context.Context, accountID, userName string) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var r userRecord
		err := tx.Where("account_id = ? AND user_name = ? AND role = ?", accountID, userName, string(domain.RoleIAM)).Take(&r).Error
		if err != nil {
			return domainError(err)
		}
		if err := tx.Where("user_id = ?", r.ID).Delete(&userPolicyRecord{}).Error; err != nil {
			return domainError(err)
		}
		return domainError(tx.Delete(&userRecord{}, r.ID).Error)
	})
}

// UserPolicies lists a user's policies by name.
func (s *IAMStore) UserPolicies(ctx context.Context, userID int64) ([]domain.UserPolicy, error) {
	var recs []userPolicyRecord
	if err := s.db.conn(ctx).Where("user_id = ?", userID).Order("name").Find(&recs).Error; err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.UserPolicy, len(recs))
	for i, r := range recs {
		out[i] = domain.UserPolicy{ID: r.ID, UserID: r.UserID, Name: r.Name, Managed: r.Managed, Document: r.Document, CreatedAt: r.CreatedAt}
	}
	return out, nil
}

// PolicyCounts counts the policies of each IAM user of the account.
func (s *IAMStore) PolicyCounts(ctx context.Context, accountID string) (map[int64]int, error) {
	var rows []struct {
		UserID int64
		N      int
	}
	err := s.db.conn(ctx).Model(&userPolicyRecord{}).
		Select("user_policies.user_id AS user_id, COUNT(*) AS n").
		Joins("JOIN users ON users.id = user_policies.user_id").
		Where("users.account_id = ?", accountID).
		Group("user_policies.user_id").Scan(&rows).Error
	if err != nil {
		return nil, domainError(err)
	}
	counts := make(map[int64]int, len(rows))
	for _, r := range rows {
		counts[r.UserID] = r.N
	}
	return counts, nil
}

// PutUserPolicy attaches a policy to a user.
func (s *IAMStore) PutUserPolicy(ctx context.Context, p *domain.UserPolicy) error {
	rec := userPolicyRecord{UserID: p.UserID, Name: p.Name, Managed: p.Managed, Document: p.Document, CreatedAt: p.CreatedAt}
	if err := s.db.conn(ctx).Create(&rec).Error; err != nil {
		return withConflictMessage(domainError(err), domain.MsgPolicyNameTaken)
	}
	p.ID = rec.ID
	return nil
}

// DeleteUserPolicy detaches a policy by name.
func (s *IAMStore) DeleteUserPolicy(ctx context.Context, userID int64, name string) error {
	res := s.db.conn(ctx).Where("user_id = ? AND name = ?", userID, name).Delete(&userPolicyRecord{})
	if res.Error != nil {
		return domainError(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return nil
}
