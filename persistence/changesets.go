package persistence

import (
	"context"
	"slices"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// changeSetRecord is a row of change_sets.
type changeSetRecord struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	Status    string
	StartedAt time.Time
	EndedAt   *time.Time
	Actor     string
}

func (changeSetRecord) TableName() string { return "change_sets" }

// changeSetChangeRecord is a row of change_set_changes: one change of a
// change set, at its position in the set.
type changeSetChangeRecord struct {
	ID          int64 `gorm:"primaryKey"`
	ChangeSetID string
	Position    int
	ChangeType  string
	EntityType  string
	EntityID    string
	Details     string
	ChangeName  string
}

func (changeSetChangeRecord) TableName() string { return "change_set_changes" }

var _ domain.ChangeSetRepository = (*ProductStore)(nil)

// recordChanges stores the changes of one save as one change set, in the
// caller's transaction; no changes store nothing, and neither does a save
// made while applying an API change set.
func recordChanges(tx *gorm.DB, changes ...domain.ProductChange) error {
	if tx.Statement.Context != nil && domain.ChangeSetOf(tx.Statement.Context) != "" {
		// Applying a Catalog API change set, which records what was asked.
		return nil
	}
	cs, err := domain.NewChangeSet(changes...)
	if err != nil || cs == nil {
		return err
	}
	return createChangeSetTx(tx, cs)
}

func createChangeSetTx(tx *gorm.DB, cs *domain.ChangeSet) error {
	rec := changeSetRecord{ID: cs.ID, Name: cs.Name, Status: string(cs.Status), StartedAt: cs.StartedAt.UTC(),
		EndedAt: timePtr(cs.EndedAt), Actor: cs.Actor}
	if err := tx.Create(&rec).Error; err != nil {
		return domainError(err)
	}
	changes := make([]changeSetChangeRecord, len(cs.Changes))
	for i, c := range cs.Changes {
		changes[i] = changeSetChangeRecord{ChangeSetID: cs.ID, Position: i, ChangeType: c.ChangeType, EntityType: c.EntityType,
			EntityID: c.EntityID, Details: c.Details, ChangeName: c.ChangeName}
	}
	if len(changes) == 0 {
		return nil
	}
	return domainError(tx.Create(&changes).Error)
}

// productChangeRow is a change of a product with its change set's actor
// and time.
type productChangeRow struct {
	EntityID   string
	ChangeType string
	Details    string
	Actor      string
	StartedAt  time.Time
}

// ProductChanges lists the changes of the product's change sets, newest
// first; of one change set, the last change first. The empty document "{}"
// reads as no detail.
func (s *ProductStore) ProductChanges(ctx context.Context, productID string, limit int) ([]domain.ProductChange, error) {
	var rows []productChangeRow
	err := s.db.conn(ctx).Table("change_set_changes c").
		Select("c.entity_id, c.change_type, c.details, s.actor, s.started_at").
		Joins("JOIN change_sets s ON s.id = c.change_set_id").
		Where("c.entity_type = ? AND c.entity_id = ?", domain.EntityTypeMachineLearningProduct, productID).
		Order("s.started_at DESC, c.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.ProductChange, len(rows))
	for i, r := range rows {
		detail := r.Details
		if detail == "{}" {
			detail = ""
		}
		out[i] = domain.ProductChange{ProductID: r.EntityID, ChangeType: r.ChangeType, Actor: r.Actor, At: r.StartedAt,
			Detail: detail}
	}
	return out, nil
}

// ProductChangeSets lists the change sets with a change of the product,
// newest first, each with all its changes in order. Change sets of one
// time are ordered by their last stored change.
//
// The seller's overview shows them on every visit: they are kept as fresh
// as a product's revision (see freshCache), and callers share them, to
// read only.
func (s *ProductStore) ProductChangeSets(ctx context.Context, productID string, limit int) ([]domain.ChangeSet, error) {
	sets, err := s.db.changeSets.get(ctx, s.db, productID+"|"+strconv.Itoa(limit), func() ([]domain.ChangeSet, error) {
		return s.readProductChangeSets(ctx, productID, limit)
	})
	return slices.Clip(sets), err
}

func (s *ProductStore) readProductChangeSets(ctx context.Context, productID string, limit int) ([]domain.ChangeSet, error) {
	conn := s.db.conn(ctx)
	var ids []string
	err := conn.Table("change_set_changes c").Select("s.id").
		Joins("JOIN change_sets s ON s.id = c.change_set_id").
		Where("c.entity_type = ? AND c.entity_id = ?", domain.EntityTypeMachineLearningProduct, productID).
		Group("s.id, s.started_at").Order("s.started_at DESC, MAX(c.id) DESC").Limit(limit).Pluck("s.id", &ids).Error
	if err != nil {
		return nil, domainError(err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var sets []changeSetRecord
	if err := conn.Where("id IN ?", ids).Find(&sets).Error; err != nil {
		return nil, domainError(err)
	}
	var changes []changeSetChangeRecord
	if err := conn.Where("change_set_id IN ?", ids).Order("change_set_id, position").Find(&changes).Error; err != nil {
		return nil, domainError(err)
	}
	byID := make(map[string]*domain.ChangeSet, len(sets))
	for _, r := range sets {
		byID[r.ID] = &domain.ChangeSet{ID: r.ID, Name: r.Name, Status: domain.ChangeSetStatus(r.Status), StartedAt: r.StartedAt,
			EndedAt: timeOf(r.EndedAt), Actor: r.Actor}
	}
	for _, c := range changes {
		if cs := byID[c.ChangeSetID]; cs != nil {
			cs.Changes = append(cs.Changes, domain.Change{ChangeType: c.ChangeType, EntityType: c.EntityType,
				EntityID: c.EntityID, Details: c.Details, ChangeName: c.ChangeName})
		}
	}
	out := make([]domain.ChangeSet, 0, len(ids))
	for _, id := range ids {
		if cs := byID[id]; cs != nil {
			out = append(out, *cs)
		}
	}
	return out, nil
}
