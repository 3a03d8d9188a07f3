package domain

import (
	"context"
	"encoding/json"
	"strings"
	"time"
)

// Change types of a listing. Most are the AWS Marketplace Catalog API change
// types of MachineLearningProduct@1.0; SubmitForPublishing is the portal's
// own step, which the Management Portal shows but the Catalog API does not
// name.
const (
	ChangeCreateProduct         = "CreateProduct"
	ChangeUpdateInformation     = "UpdateInformation"
	ChangeUpdateTargeting       = "UpdateTargeting"
	ChangeAddDeliveryOptions    = "AddDeliveryOptions"
	ChangeUpdateDeliveryOptions = "UpdateDeliveryOptions"
	// ChangeRestrictDeliveryOptions records versions chosen for restriction.
	ChangeRestrictDeliveryOptions = "RestrictDeliveryOptions"
	ChangeUpdatePricingTerms      = "UpdatePricingTerms"
	ChangeUpdateLegalTerms        = "UpdateLegalTerms"
	// ChangeUpdateVisibility records a staging (by SystemActor) and a
	// removal (TargetVisibility Restricted).
	ChangeUpdateVisibility    = "UpdateVisibility"
	ChangeReleaseProduct      = "ReleaseProduct"
	ChangeSubmitForPublishing = "SubmitForPublishing"
)

// EntityTypeMachineLearningProduct is the Catalog API entity type of a
// listing.
const EntityTypeMachineLearningProduct = "MachineLearningProduct"

// ChangeSetStatus is where a change set is in its run, as the Catalog API
// names it.
type ChangeSetStatus string

// The statuses of a change set. A save from a page is applied at once, so
// its change set is stored SUCCEEDED.
const (
	ChangeSetPreparing ChangeSetStatus = "PREPARING"
	ChangeSetApplying  ChangeSetStatus = "APPLYING"
	ChangeSetSucceeded ChangeSetStatus = "SUCCEEDED"
	ChangeSetFailed    ChangeSetStatus = "FAILED"
	ChangeSetCancelled ChangeSetStatus = "CANCELLED"
)

// ChangeSet is one mutation of the catalog, from a page or from the API:
// the changes a principal asked for together.
type ChangeSet struct {
	// ID has the shape NewChangeSetID makes.
	ID string
	// Name is the caller's optional name of the change set.
	Name      string
	Status    ChangeSetStatus
	StartedAt time.Time
	// EndedAt is zero while the change set is PREPARING or APPLYING.
	EndedAt time.Time
	// Actor is the principal's ARN, or SystemActor.
	Actor   string
	Changes []Change
	// AccountID is the account that asked for the change set through the
	// Catalog API, and RequestedBy the user; both empty for a page's save.
	AccountID   string
	RequestedBy int64
	// Intent is APPLY or VALIDATE (Catalog API); ClientToken makes a
	// repeated StartChangeSet return the first change set.
	Intent      string
	ClientToken string
	// FailureCode and FailureDescription say why a FAILED change set
	// failed as a whole (CLIENT_ERROR or SERVER_FAULT).
	FailureCode        string
	FailureDescription string
	// ClaimedAt is when the runner applying it claimed it: the claim's
	// token, so that a runner whose lease lapsed cannot record an outcome.
	ClaimedAt time.Time
}

// Active reports whether the change set has yet to end.
func (cs ChangeSet) Active() bool {
	return cs.Status == ChangeSetPreparing || cs.Status == ChangeSetApplying
}

// Change is one change of a change set.
type Change struct {
	ChangeType string
	EntityType string
	EntityID   string
	// Details is a JSON document; the portal's own changes write
	// ChangeDetails.
	Details string
	// ChangeName is the caller's optional name of the change.
	ChangeName string
	// Errors say why the change failed, when its change set FAILED.
	Errors []ChangeError
}

// ChangeError is one reason a change failed, in the Catalog API's terms: a
// code such as INVALID_INPUT or DUPLICATE_VERSION_TITLE, and a message that
// names the field.
type ChangeError struct {
	Code    string `json:"ErrorCode"`
	Message string `json:"ErrorMessage"`
}

func (e *ChangeError) Error() string { return e.Code + ": " + e.Message }

// Failure codes of a FAILED change set.
const (
	FailureClientError = "CLIENT_ERROR"
	FailureServerFault = "SERVER_FAULT"
)

// API change sets: the repository side of StartChangeSet and its run.
type APIChangeSetRepository interface {
	// StartChangeSet stores cs PREPARING and locks the entities it names
	// (EntityID not empty) for it: an entity locked by another active
	// change set gives ECONFLICT, and nothing is stored.
	StartChangeSet(ctx context.Context, cs *ChangeSet) error
	// ChangeSetByToken finds the account's change set started with a
	// client request token, or ENOTFOUND.
	ChangeSetByToken(ctx context.Context, accountID, token string) (*ChangeSet, error)
	// ChangeSet finds a change set of the account (one it asked for, or one
	// with a change of its products), or ENOTFOUND.
	ChangeSet(ctx context.Context, accountID, id string) (*ChangeSet, error)
	// ListChangeSets lists the account's change sets, newest first.
	ListChangeSets(ctx context.Context, accountID string, q ChangeSetQuery) ([]ChangeSet, error)
	// ClaimChangeSet moves a PREPARING change set (or one whose claim
	// lapsed) to APPLYING at at; of several processes claiming it, one gets
	// true.
	ClaimChangeSet(ctx context.Context, id string, at time.Time) (bool, error)
	// FinishChangeSet records the end of an APPLYING change set still held
	// by the claim cs.ClaimedAt: its status, failure, and each change as
	// applied (entity IDs filled in, errors), and releases its locks. A
	// lapsed claim gives ECONFLICT and records nothing.
	FinishChangeSet(ctx context.Context, cs *ChangeSet) error
	// CancelChangeSet moves a PREPARING change set to CANCELLED at at and
	// releases its locks; false when it is no longer PREPARING.
	CancelChangeSet(ctx context.Context, accountID, id string, at time.Time) (bool, error)
	// PreparingChangeSets lists the change sets waiting to run at now,
	// oldest first: PREPARING ones, and APPLYING ones whose claim lapsed
	// (their runner stopped, and its transaction rolled back).
	PreparingChangeSets(ctx context.Context, now time.Time, limit int) ([]ChangeSet, error)
}

// ChangeSetQuery filters ListChangeSets.
type ChangeSetQuery struct {
	Status   ChangeSetStatus
	EntityID string
	Name     string
	// After continues a list: change sets older than this one.
	AfterStartedAt time.Time
	AfterID        string
	Limit          int
}

// changeSetContextKey marks a context as applying an API change set.
type changeSetContextKey struct{}

// WithChangeSet marks ctx as applying the API change set id: the use cases
// it runs do not record change sets of their own, since the API change set
// already records what was asked.
func WithChangeSet(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, changeSetContextKey{}, id)
}

// ChangeSetOf returns the API change set ctx is applying, or "".
func ChangeSetOf(ctx context.Context) string {
	id, _ := ctx.Value(changeSetContextKey{}).(string)
	return id
}

// ChangeSetRepository reads stored change sets.
type ChangeSetRepository interface {
	// ProductChangeSets lists the change sets with a change of the product,
	// newest first, at most limit.
	ProductChangeSets(ctx context.Context, productID string, limit int) ([]ChangeSet, error)
}

// changeSetIDLength is the length of a change set ID after its "cs-".
const changeSetIDLength = 25

// NewChangeSetID returns an ID in the shape of AWS Marketplace change set
// IDs: "cs-" and 25 lower-case letters and digits.
func NewChangeSetID() (string, error) { return randomID("cs-", changeSetIDLength) }

// IsChangeSetID reports whether s has the shape NewChangeSetID makes.
func IsChangeSetID(s string) bool { return hasIDShape(s, "cs-", changeSetIDLength) }

// NewChangeSet makes the change set of one save: the changes given, in
// order, as one SUCCEEDED change set started and ended at the first
// change's time by its actor. An empty Detail becomes the empty document
// "{}". It returns nil when there are no changes.
func NewChangeSet(changes ...ProductChange) (*ChangeSet, error) {
	if len(changes) == 0 {
		return nil, nil
	}
	id, err := NewChangeSetID()
	if err != nil {
		return nil, err
	}
	first := changes[0]
	cs := &ChangeSet{ID: id, Status: ChangeSetSucceeded, StartedAt: first.At, EndedAt: first.At, Actor: first.Actor,
		Changes: make([]Change, len(changes))}
	for i, ch := range changes {
		details := ch.Detail
		if details == "" {
			details = "{}"
		}
		cs.Changes[i] = Change{ChangeType: ch.ChangeType, EntityType: EntityTypeMachineLearningProduct,
			EntityID: ch.ProductID, Details: details}
	}
	return cs, nil
}

// ChangeDetails is the Details document of the portal's own changes. Every
// key is optional; a change that needs none has the empty document "{}".
// The keys are a stable contract: stored change sets keep them.
type ChangeDetails struct {
	// TargetVisibility is the product visibility an UpdateVisibility sets
	// when the seller unpublishes: "Restricted".
	TargetVisibility string `json:"TargetVisibility,omitempty"`
	// Versions are the version numbers a RestrictDeliveryOptions chose for
	// restriction at the next submission.
	Versions []string `json:"Versions,omitempty"`
	// Limited, Public and Restricted are the version numbers a staging or a
	// release moved to each status.
	Limited    []string `json:"Limited,omitempty"`
	Public     []string `json:"Public,omitempty"`
	Restricted []string `json:"Restricted,omitempty"`
}

// IsZero reports whether d says nothing.
func (d ChangeDetails) IsZero() bool {
	return d.TargetVisibility == "" && len(d.Versions) == 0 && len(d.Limited) == 0 && len(d.Public) == 0 &&
		len(d.Restricted) == 0
}

// JSON returns d as a Details document.
func (d ChangeDetails) JSON() string {
	b, err := json.Marshal(d)
	if err != nil {
		panic(err) // a struct of strings always marshals
	}
	return string(b)
}

// ParseChangeDetails reads a Details document. Keys it does not know are
// ignored, so a change made through the API with other details reads as
// saying nothing the portal can show.
func ParseChangeDetails(details string) (ChangeDetails, error) {
	var d ChangeDetails
	if strings.TrimSpace(details) == "" {
		return d, nil
	}
	if err := json.Unmarshal([]byte(details), &d); err != nil {
		return ChangeDetails{}, Internal(err)
	}
	return d, nil
}

// Transactor runs several use cases as one: every repository call made with
// the context fn receives commits together, or not at all when fn fails. A
// Catalog API change set is applied this way, all or nothing.
type Transactor interface {
	InTransaction(ctx context.Context, fn func(ctx context.Context) error) error
}

// Tag is a key and value a seller puts on a Catalog API resource (an
// entity or a change set).
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// TagRepository keeps the tags of an account's Catalog API resources.
type TagRepository interface {
	// TagResource sets tags (a key already there takes the new value).
	TagResource(ctx context.Context, accountID, arn string, tags []Tag) error
	UntagResource(ctx context.Context, accountID, arn string, keys []string) error
	// Tags lists a resource's tags by key.
	Tags(ctx context.Context, accountID, arn string) ([]Tag, error)
}
