package domain

import "context"

// SageMakerRepository stores the SageMaker resources of every account.
// Names are unique per account and kind.
type SageMakerRepository interface {
	// CreateResource stores a new resource; a taken name gives ECONFLICT.
	CreateResource(ctx context.Context, r *SageMakerResource) error
	// Resource finds one of the account's resources by kind and name, or ENOTFOUND.
	Resource(ctx context.Context, accountID string, kind ResourceKind, name string) (*SageMakerResource, error)
	// ResourceByARN finds a resource of any account by its ARN, or ENOTFOUND.
	ResourceByARN(ctx context.Context, arn string) (*SageMakerResource, error)
	// ListResources lists the account's resources of one kind by name.
	ListResources(ctx context.Context, accountID string, kind ResourceKind) ([]SageMakerResource, error)
	DeleteResource(ctx context.Context, accountID string, kind ResourceKind, name string) error
}

// ResourceUsage tells which product listing delivers a resource.
type ResourceUsage interface {
	// ResourceUser returns the product whose version uses the resource, or
	// nil when none does.
	ResourceUser(ctx context.Context, arn string) (*ResourceUser, error)
}

// SageMakerService creates, imports and deletes an account's resources.
type SageMakerService struct {
	Repo  SageMakerRepository
	Usage ResourceUsage
	Clock Clock
}

// Create validates r and stores it in the account.
func (s *SageMakerService) Create(ctx context.Context, accountID string, r SageMakerResource) (*SageMakerResource, error) {
	r.AccountID = accountID
	r.Normalize()
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.Clock.Now()
	}
	if err := s.Repo.CreateResource(ctx, &r); err != nil {
		if ErrorCode(err) == ECONFLICT {
			return nil, Invalid(FieldErrors{FieldResourceName: MsgResourceExists})
		}
		return nil, err
	}
	return &r, nil
}

// Import reads a pasted DescribeModelPackage or DescribeAlgorithm response
// and stores the resource it describes.
func (s *SageMakerService) Import(ctx context.Context, accountID string, kind ResourceKind, raw string) (*SageMakerResource, error) {
	importer := ImportModelPackage
	if kind == KindAlgorithm {
		importer = ImportAlgorithm
	}
	r, err := importer(raw, accountID)
	if err != nil {
		return nil, err
	}
	created, err := s.Create(ctx, accountID, r)
	if e := AsError(err); err != nil && e.Code == EINVALID && e.Fields[FieldResourceName] == MsgResourceExists {
		e.Fields[FieldDescribeOutput] = MsgResourceExists
	}
	return created, err
}

// Delete removes a resource unless a product listing uses it: buyers of
// that listing depend on it, until the listing is removed and its support
// period is over or no subscriber is left.
func (s *SageMakerService) Delete(ctx context.Context, accountID string, kind ResourceKind, name string) error {
	r, err := s.Repo.Resource(ctx, accountID, kind, name)
	if err != nil {
		return err
	}
	user, err := s.Usage.ResourceUser(ctx, r.ARN())
	if err != nil {
		return err
	}
	if err := CanDeleteResource(user, s.Clock.Now()); err != nil {
		return err
	}
	return s.Repo.DeleteResource(ctx, accountID, kind, name)
}
