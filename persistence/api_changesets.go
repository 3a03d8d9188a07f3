package persistence

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// apiChangeSetRecord is a row of change_sets with the Catalog API's columns.
type apiChangeSetRecord struct {
	ID                 string `gorm:"primaryKey"`
	Name               string
	Status             string
	StartedAt          time.Time
	EndedAt            *time.Time
	Actor              string
	AccountID          string
	RequestedBy        int64
	Intent             string
	ClientToken        string
	FailureCode        string
	FailureDescription string
}

func (apiChangeSetRecord) TableName() string { return "change_sets" }

// apiChangeRecord is a row of change_set_changes with its errors.
type apiChangeRecord struct {
	ID          int64 `gorm:"primaryKey"`
	ChangeSetID string
	Position    int
	ChangeType  string
	EntityType  string
	EntityID    string
	Details     string
	ChangeName  string
	Errors      string
}

func (apiChangeRecord) TableName() string { return "change_set_changes" }

// entityLockRecord keeps an entity for the one active change set changing it.
type entityLockRecord struct {
	EntityID    string `gorm:"primaryKey"`
	ChangeSetID string
}

func (entityLockRecord) TableName() string { return "entity_locks" }

// ChangeSetStore implements domain.APIChangeSetRepository.
type ChangeSetStore struct{ db *DB }

var _ domain.APIChangeSetRepository = (*ChangeSetStore)(nil)

// ChangeSets returns the Catalog API change set store of db.
func (db *DB) ChangeSets() *ChangeSetStore { return &ChangeSetStore{db: db} }

// StartChangeSet stores cs with its changes and takes the locks of its
// entities in one transaction: the primary key of entity_locks makes a
// second change set on a locked entity fail, on either database, however
// close together the two arrive.
func (s *ChangeSetStore) StartChangeSet(ctx context.Context, cs *domain.ChangeSet) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(changeSetToRecord(cs)).Error; err != nil {
			return domainError(err)
		}
		if err := createChanges(tx, cs); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, c := range cs.Changes {
			if c.EntityID == "" || strings.HasPrefix(c.EntityID, "$") || seen[c.EntityID] {
				continue
			}
			seen[c.EntityID] = true
			if err := tx.Create(&entityLockRecord{EntityID: c.EntityID, ChangeSetID: cs.ID}).Error; err != nil {
				return domainError(err)
			}
		}
		return nil
	})
}

func changeSetToRecord(cs *domain.ChangeSet) *apiChangeSetRecord {
	return &apiChangeSetRecord{ID: cs.ID, Name: cs.Name, Status: string(cs.Status), StartedAt: cs.StartedAt.UTC(),
		EndedAt: timePtr(cs.EndedAt), Actor: cs.Actor, AccountID: cs.AccountID, RequestedBy: cs.RequestedBy,
		Intent: cs.Intent, ClientToken: cs.ClientToken, FailureCode: cs.FailureCode, FailureDescription: cs.FailureDescription}
}

func createChanges(tx *gorm.DB, cs *domain.ChangeSet) error {
	if len(cs.Changes) == 0 {
		return nil
	}
	recs := make([]apiChangeRecord, len(cs.Changes))
	for i, c := range cs.Changes {
		errs, err := marshalErrors(c.Errors)
		if err != nil {
			return err
		}
		recs[i] = apiChangeRecord{ChangeSetID: cs.ID, Position: i, ChangeType: c.ChangeType, EntityType: c.EntityType,
			EntityID: c.EntityID, Details: c.Details, ChangeName: c.ChangeName, Errors: errs}
	}
	return domainError(tx.Create(&recs).Error)
}

func marshalErrors(errs []domain.ChangeError) (string, error) {
	if len(errs) == 0 {
		return "", nil
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return "", domain.Internal(err)
	}
	return string(b), nil
}

// accountChangeSets scopes a query to the change sets of an account: those
// it asked for through the API, and the pages' saves (no account of their
// own) of its products.
func accountChangeSets(q *gorm.DB, accountID string) *gorm.DB {
	return q.Where("change_sets.account_id = ? OR (change_sets.account_id = '' AND change_sets.id IN "+
		"(SELECT c.change_set_id FROM change_set_changes c JOIN products p ON p.id = c.entity_id WHERE p.account_id = ?))",
		accountID, accountID)
}

// ChangeSetByToken finds the change set an account started with token.
func (s *ChangeSetStore) ChangeSetByToken(ctx context.Context, accountID, token string) (*domain.ChangeSet, error) {
	var r apiChangeSetRecord
	err := s.db.conn(ctx).Where("account_id = ? AND client_token = ?", accountID, token).Take(&r).Error
	if err != nil {
		return nil, domainError(err)
	}
	return s.withChanges(ctx, r)
}

// ChangeSet finds one of the account's change sets.
func (s *ChangeSetStore) ChangeSet(ctx context.Context, accountID, id string) (*domain.ChangeSet, error) {
	var r apiChangeSetRecord
	if err := accountChangeSets(s.db.conn(ctx).Where("change_sets.id = ?", id), accountID).Take(&r).Error; err != nil {
		return nil, domainError(err)
	}
	return s.withChanges(ctx, r)
}

// withChanges reads the changes of r.
func (s *ChangeSetStore) withChanges(ctx context.Context, r apiChangeSetRecord) (*domain.ChangeSet, error) {
	sets, err := s.withAllChanges(ctx, []apiChangeSetRecord{r})
	if err != nil {
		return nil, err
	}
	return &sets[0], nil
}

// withAllChanges reads the changes of every record of recs in one query.
func (s *ChangeSetStore) withAllChanges(ctx context.Context, recs []apiChangeSetRecord) ([]domain.ChangeSet, error) {
	out := make([]domain.ChangeSet, len(recs))
	index := make(map[string]int, len(recs))
	ids := make([]string, len(recs))
	for i, r := range recs {
		out[i], index[r.ID], ids[i] = *changeSetFromRecord(r), i, r.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	var changes []apiChangeRecord
	if err := s.db.conn(ctx).Where("change_set_id IN ?", ids).Order("change_set_id, position").Find(&changes).Error; err != nil {
		return nil, domainError(err)
	}
	for _, c := range changes {
		ch := domain.Change{ChangeType: c.ChangeType, EntityType: c.EntityType, EntityID: c.EntityID, Details: c.Details,
			ChangeName: c.ChangeName}
		if c.Errors != "" {
			if err := json.Unmarshal([]byte(c.Errors), &ch.Errors); err != nil {
				return nil, domain.Internal(err)
			}
		}
		cs := &out[index[c.ChangeSetID]]
		cs.Changes = append(cs.Changes, ch)
	}
	return out, nil
}

func changeSetFromRecord(r apiChangeSetRecord) *domain.ChangeSet {
	cs := &domain.ChangeSet{ID: r.ID, Name: r.Name, Status: domain.ChangeSetStatus(r.Status), StartedAt: r.StartedAt,
		Actor: r.Actor, AccountID: r.AccountID, RequestedBy: r.RequestedBy, Intent: r.Intent, ClientToken: r.ClientToken,
		FailureCode: r.FailureCode, FailureDescription: r.FailureDescription}
	if r.EndedAt != nil {
		cs.EndedAt = *r.EndedAt
	}
	return cs
}

// ListChangeSets lists the account's change sets, newest first, with their
// changes.
func (s *ChangeSetStore) ListChangeSets(ctx context.Context, accountID string, q domain.ChangeSetQuery) ([]domain.ChangeSet, error) {
	query := accountChangeSets(s.db.conn(ctx).Model(&apiChangeSetRecord{}), accountID)
	if q.Status != "" {
		query = query.Where("change_sets.status = ?", string(q.Status))
	}
	if q.Name != "" {
		query = query.Where("change_sets.name = ?", q.Name)
	}
	if q.EntityID != "" {
		query = query.Where("change_sets.id IN (SELECT change_set_id FROM change_set_changes WHERE entity_id = ?)", q.EntityID)
	}
	if !q.AfterStartedAt.IsZero() {
		at := q.AfterStartedAt.UTC()
		query = query.Where("(change_sets.started_at < ? OR (change_sets.started_at = ? AND change_sets.id < ?))", at, at, q.AfterID)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	var recs []apiChangeSetRecord
	if err := query.Order("change_sets.started_at DESC, change_sets.id DESC").Limit(limit).Find(&recs).Error; err != nil {
		return nil, domainError(err)
	}
	return s.withAllChanges(ctx, recs)
}

// claimToken is a claim's time as both databases store it (microseconds,
// UTC), so that it compares equal when read back.
func claimToken(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ClaimLease is how long a claim holds: a change set still APPLYING that
// long after its claim was left by a process that stopped, and its
// transaction rolled back, so it may be claimed again.
const ClaimLease = 10 * time.Minute

// ClaimChangeSet moves a PREPARING change set (or an APPLYING one whose
// claim has lapsed) to APPLYING with one conditional UPDATE, so exactly one
// process runs it.
func (s *ChangeSetStore) ClaimChangeSet(ctx context.Context, id string, at time.Time) (bool, error) {
	at = claimToken(at)
	res := s.db.conn(ctx).Model(&apiChangeSetRecord{}).
		Where("id = ? AND (status = ? OR (status = ? AND claimed_at < ?))", id, string(domain.ChangeSetPreparing),
			string(domain.ChangeSetApplying), at.Add(-ClaimLease)).
		Updates(map[string]any{"status": string(domain.ChangeSetApplying), "claimed_at": at})
	return res.RowsAffected == 1, domainError(res.Error)
}

// FinishChangeSet records how an APPLYING change set ended and releases its
// locks.
func (s *ChangeSetStore) FinishChangeSet(ctx context.Context, cs *domain.ChangeSet) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&apiChangeSetRecord{}).
			Where("id = ? AND status = ? AND claimed_at = ?", cs.ID, string(domain.ChangeSetApplying), claimToken(cs.ClaimedAt)).
			Updates(map[string]any{"status": string(cs.Status), "ended_at": cs.EndedAt.UTC(), "failure_code": cs.FailureCode,
				"failure_description": cs.FailureDescription})
		if res.Error != nil {
			return domainError(res.Error)
		}
		if res.RowsAffected != 1 {
			return domain.Errorf(domain.ECONFLICT, "")
		}
		for i, c := range cs.Changes {
			errs, err := marshalErrors(c.Errors)
			if err != nil {
				return err
			}
			err = tx.Model(&apiChangeRecord{}).Where("change_set_id = ? AND position = ?", cs.ID, i).
				Updates(map[string]any{"entity_id": c.EntityID, "errors": errs}).Error
			if err != nil {
				return domainError(err)
			}
		}
		return domainError(tx.Where("change_set_id = ?", cs.ID).Delete(&entityLockRecord{}).Error)
	})
}

// CancelChangeSet cancels a PREPARING change set of the account.
func (s *ChangeSetStore) CancelChangeSet(ctx context.Context, accountID, id string, at time.Time) (bool, error) {
	cancelled := false
	err := s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&apiChangeSetRecord{}).
			Where("id = ? AND account_id = ? AND status = ?", id, accountID, string(domain.ChangeSetPreparing)).
			Updates(map[string]any{"status": string(domain.ChangeSetCancelled), "ended_at": at.UTC()})
		if res.Error != nil || res.RowsAffected == 0 {
			return domainError(res.Error)
		}
		cancelled = true
		return domainError(tx.Where("change_set_id = ?", id).Delete(&entityLockRecord{}).Error)
	})
	return cancelled, err
}

// PreparingChangeSets lists the change sets waiting to run, oldest first:
// those PREPARING, and those left APPLYING past their claim's lease.
func (s *ChangeSetStore) PreparingChangeSets(ctx context.Context, now time.Time, limit int) ([]domain.ChangeSet, error) {
	var recs []apiChangeSetRecord
	lapsed := now.UTC().Add(-ClaimLease)
	err := s.db.conn(ctx).Where("status = ? OR (status = ? AND claimed_at < ?)", string(domain.ChangeSetPreparing),
		string(domain.ChangeSetApplying), lapsed).Order("started_at, id").Limit(limit).Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	return s.withAllChanges(ctx, recs)
}
