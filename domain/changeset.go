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
