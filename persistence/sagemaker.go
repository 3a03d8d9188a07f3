package persistence

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

type sagemakerResourceRecord struct {
	ID                          int64 `gorm:"primaryKey"`
	AccountID                   string
	Kind                        string
	Name                        string
	ARN                         string `gorm:"column:arn"`
	Description                 string
	Region                      string
	InstanceTypes               string // JSON of resourceListsJSON
	Spec                        string // JSON of algorithmSpecJSON
	CertifiedForMarketplace     bool
	ValidationStatus            string
	SupportsDistributedTraining bool
	CreatedAt                   time.Time
}

func (sagemakerResourceRecord) TableName() string { return "sagemaker_resources" }

func resourceToRecord(r *domain.SageMakerResource) (*sagemakerResourceRecord, error) {
	lists, err := json.Marshal(resourceListsToJSON(r))
	if err != nil {
		return nil, err
	}
	spec, err := json.Marshal(algorithmSpecToJSON(r))
	if err != nil {
		return nil, err
	}
	return &sagemakerResourceRecord{
		AccountID: r.AccountID, Kind: string(r.Kind), Name: r.Name, ARN: r.ARN(), Description: r.Description,
		Region: r.Region, InstanceTypes: string(lists), Spec: string(spec),
		CertifiedForMarketplace: r.CertifiedForMarketplace, ValidationStatus: string(r.ValidationStatus),
		SupportsDistributedTraining: r.SupportsDistributedTraining, CreatedAt: r.CreatedAt.UTC(),
	}, nil
}

func (rec *sagemakerResourceRecord) toDomain() (*domain.SageMakerResource, error) {
	var lists resourceListsJSON
	if err := json.Unmarshal([]byte(rec.InstanceTypes), &lists); err != nil {
		return nil, domain.Internal(err)
	}
	var spec algorithmSpecJSON
	if err := json.Unmarshal([]byte(rec.Spec), &spec); err != nil {
		return nil, domain.Internal(err)
	}
	r := &domain.SageMakerResource{
		AccountID: rec.AccountID, Kind: domain.ResourceKind(rec.Kind), Name: rec.Name, Description: rec.Description,
		Region: rec.Region, CertifiedForMarketplace: rec.CertifiedForMarketplace, CreatedAt: rec.CreatedAt,
		ValidationStatus: domain.ValidationStatus(rec.ValidationStatus), SupportsDistributedTraining: rec.SupportsDistributedTraining,
	}
	lists.setOn(r)
	spec.setOn(r)
	return r, nil
}

// SageMakerStore implements domain.SageMakerRepository and
// domain.ResourceUsage.
type SageMakerStore struct{ db *DB }

var (
	_ domain.SageMakerRepository = (*SageMakerStore)(nil)
	_ domain.ResourceUsage       = (*SageMakerStore)(nil)
)

// SageMaker returns the SageMaker resource store of db.
func (db *DB) SageMaker() *SageMakerStore { return &SageMakerStore{db: db} }

// CreateResource stores a new resource.
func (s *SageMakerStore) CreateResource(ctx context.Context, r *domain.SageMakerResource) error {
	rec, err := resourceToRecord(r)
	if err != nil {
		return domain.Internal(err)
	}
	return withConflictMessage(domainError(s.db.conn(ctx).Create(rec).Error), domain.MsgResourceExists)
}

// Resource finds one of the account's resources.
func (s *SageMakerStore) Resource(ctx context.Context, accountID string, kind domain.ResourceKind, name string) (*domain.SageMakerResource, error) {
	return s.take(ctx, "account_id = ? AND kind = ? AND name = ?", accountID, string(kind), name)
}

// ResourceByARN finds a resource by ARN. Pages do not ask on every visit:
// the core keeps a listing's resources with the listing's revision.
func (s *SageMakerStore) ResourceByARN(ctx context.Context, arn string) (*domain.SageMakerResource, error) {
	return s.take(ctx, "arn = ?", arn)
}

func (s *SageMakerStore) take(ctx context.Context, query string, args ...any) (*domain.SageMakerResource, error) {
	var rec sagemakerResourceRecord
	if err := s.db.conn(ctx).Where(query, args...).Take(&rec).Error; err != nil {
		return nil, domainError(err)
	}
	return rec.toDomain()
}

// ListResources lists the account's resources of one kind by name.
func (s *SageMakerStore) ListResources(ctx context.Context, accountID string, kind domain.ResourceKind) ([]domain.SageMakerResource, error) {
	var recs []sagemakerResourceRecord
	err := s.db.conn(ctx).Where("account_id = ? AND kind = ?", accountID, string(kind)).Order("name").Find(&recs).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := make([]domain.SageMakerResource, 0, len(recs))
	for i := range recs {
		r, err := recs[i].toDomain()
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, nil
}

// DeleteResource removes a resource. The products whose versions name it
// move on to a new revision in the same transaction: the core keeps each
// listing's resources with the revision they were read at, and a product
// page must never show a deleted one.
func (s *SageMakerStore) DeleteResource(ctx context.Context, accountID string, kind domain.ResourceKind, name string) error {
	return s.db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		var rec sagemakerResourceRecord
		err := tx.Where("account_id = ? AND kind = ? AND name = ?", accountID, string(kind), name).Take(&rec).Error
		if err != nil {
			return domainError(err)
		}
		if err := tx.Delete(&sagemakerResourceRecord{}, rec.ID).Error; err != nil {
			return domainError(err)
		}
		err = tx.Exec("UPDATE products SET revision = revision + 1 WHERE id IN (SELECT product_id FROM product_versions WHERE resource_arn = ?)", rec.ARN).Error
		return domainError(err)
	})
}

// ResourceUser finds the product whose version points at the resource,
// with its count of active subscriptions; nil when no version does.
func (s *SageMakerStore) ResourceUser(ctx context.Context, arn string) (*domain.ResourceUser, error) {
	conn := s.db.conn(ctx)
	var v productVersionRecord
	err := conn.Select("product_id").Where("resource_arn = ?", arn).Take(&v).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, domainError(err)
	}
	var rec productRecord
	if err := conn.Omit("logo", "snapshot_logo", "pending_snapshot_logo", "public_snapshot_logo").Where("id = ?", v.ProductID).Take(&rec).Error; err != nil {
		return nil, domainError(err)
	}
	p, err := rec.toDomain()
	if err != nil {
		return nil, err
	}
	var n int64
	err = conn.Model(&subscriptionRecord{}).Where("product_id = ? AND cancelled_at IS NULL", p.ID).Count(&n).Error
	return &domain.ResourceUser{Product: p, Subscribers: int(n)}, domainError(err)
}
