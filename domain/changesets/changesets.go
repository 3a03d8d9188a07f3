// Package changesets runs AWS Marketplace Catalog API change sets on the
// application core: StartChangeSet checks and stores a change set
// PREPARING with its entities locked; a runner applies it later, exactly
// once, all its changes in one transaction (APPLYING, then SUCCEEDED or
// FAILED with an error per change); DescribeChangeSet, ListChangeSets and
// CancelChangeSet read and cancel. Each change goes through the same use
// cases as the pages, so the rules are the same whichever face asks.
package changesets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mlportal/portal/domain"
)

// MaxPreparing is how many change sets an account may have waiting to run,
// so that one account cannot fill the queue every account shares.
const MaxPreparing = 50

// Catalog is the only catalog the Catalog API has.
const Catalog = "AWSMarketplace"

// Limits of a StartChangeSet request, from the service model.
const (
	MaxChanges        = 20
	maxChangeName     = 72
	maxChangeSetName  = 100
	maxClientToken    = 64
	maxDetailsBytes   = 400_000
	maxChangeType     = 60  // the longest change type stored
	maxIdentifier     = 100 // the longest entity identifier stored
	runBatch          = 20
	intentApply       = "APPLY"
	intentValidate    = "VALIDATE"
	entityTypeVersion = domain.EntityTypeMachineLearningProduct + "@1.0"
)

var (
	changeNamePattern    = regexp.MustCompile(`^[a-zA-Z]+$`)
	changeSetNamePattern = regexp.MustCompile(`^[\w\s+=.:@-]+$`)
	clientTokenPattern   = regexp.MustCompile(`^[!-~]+$`)
	changeTypePattern    = regexp.MustCompile(`^[A-Z]\w*$`)
)

// Changes is what turns a requested change into work on the core: the
// Catalog API's documents for machine learning products.
type Changes interface {
	// Validate checks a change's details without applying it.
	Validate(changeType string, details json.RawMessage) *domain.ChangeError
	// Apply performs one change as pr and returns the entity it changed
	// or created. A *domain.ChangeError is the caller's mistake; any other
	// error is the service's fault.
	Apply(ctx context.Context, pr domain.Principal, changeType, entityID string, details json.RawMessage) (string, error)
	// Resolve replaces "$<ChangeName>.Entity.Identifier" references by the
	// entities earlier changes of the set produced.
	Resolve(details json.RawMessage, produced map[string]string) (json.RawMessage, *domain.ChangeError)
	// ResolveEntity does the same for a change's entity identifier.
	ResolveEntity(identifier string, produced map[string]string) (string, *domain.ChangeError)
}

// isReference reports whether an entity identifier names another change's
// result, as "$CreateProduct.Entity.Identifier" does.
func isReference(id string) bool { return strings.HasPrefix(id, "$") }

// Principals rebuilds who asked for a change set when it runs later.
type Principals interface {
	PrincipalOf(ctx context.Context, userID int64) (domain.Principal, error)
}

// Products finds one of an account's products (ENOTFOUND for another
// account's): it checks that a change names the caller's own product,
// whatever the caller may read.
type Products interface {
	Product(ctx context.Context, accountID, id string) (*domain.Product, error)
}

// Service runs change sets.
type Service struct {
	Repo       domain.APIChangeSetRepository
	Tx         domain.Transactor
	Changes    Changes
	Principals Principals
	Products   Products
	Clock      domain.Clock
	Log        *slog.Logger
	// Kick, when set, is told (without blocking) that a change set is
	// waiting, so a runner can start it at once.
	Kick chan<- struct{}
}

// Request is a StartChangeSet request.
type Request struct {
	Catalog     string
	Name        string
	ClientToken string
	Intent      string
	Changes     []RequestedChange
}

// RequestedChange is one change of a request. Details is the JSON document,
// given as DetailsDocument or as the Details string.
type RequestedChange struct {
	ChangeType string
	EntityType string
	EntityID   string
	ChangeName string
	Details    json.RawMessage
}

// Error is a refusal of a whole request, named as the Catalog API names
// its exceptions.
type Error struct {
	Type    string
	Message string
}

func (e *Error) Error() string { return e.Type + ": " + e.Message }

// Exceptions of the Catalog API.
const (
	ValidationException           = "ValidationException"
	ResourceNotFoundException     = "ResourceNotFoundException"
	ServiceQuotaExceededException = "ServiceQuotaExceededException"
	ResourceInUseException        = "ResourceInUseException"
	AccessDeniedException         = "AccessDeniedException"
)

func invalid(format string, args ...any) *Error {
	return &Error{Type: ValidationException, Message: fmt.Sprintf(format, args...)}
}

// Start checks req, stores it PREPARING with its entities locked, and
// returns it. A repeated client token returns the change set it started.
func (s *Service) Start(ctx context.Context, pr domain.Principal, req Request) (*domain.ChangeSet, error) {
	if pr.User == nil {
		return nil, domain.Errorf(domain.EUNAUTHORIZED, domain.MsgSignInRequired)
	}
	// Authorized before anything is looked up, a repeated client token
	// included: a caller who may not start change sets learns nothing.
	if err := domain.Authorize(pr, domain.ActionStartChangeSet, domain.AnyResource); err != nil {
		return nil, err
	}
	if err := checkRequest(req); err != nil {
		return nil, err
	}
	account := pr.User.AccountID
	if req.ClientToken != "" {
		cs, err := s.Repo.ChangeSetByToken(ctx, account, req.ClientToken)
		if err == nil {
			return cs, nil
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
	}
	cs, err := s.newChangeSet(ctx, pr, req)
	if err != nil {
		return nil, err
	}
	pending, err := s.Repo.ListChangeSets(ctx, account, domain.ChangeSetQuery{Status: domain.ChangeSetPreparing, Limit: MaxPreparing})
	if err != nil {
		return nil, err
	}
	if len(pending) >= MaxPreparing {
		return nil, &Error{Type: ServiceQuotaExceededException,
			Message: fmt.Sprintf("The account has %d change sets waiting to run, the most it may have.", MaxPreparing)}
	}
	if err := s.Repo.StartChangeSet(ctx, cs); domain.ErrorCode(err) == domain.ECONFLICT {
		if req.ClientToken != "" {
			// Another request with the same token won the race: its change
			// set is the answer.
			if first, err := s.Repo.ChangeSetByToken(ctx, account, req.ClientToken); err == nil {
				return first, nil
			}
		}
		return nil, &Error{Type: ResourceInUseException,
			Message: "Requested change set has entities locked by change sets that are still in progress."}
	} else if err != nil {
		return nil, err
	}
	if s.Kick != nil {
		select {
		case s.Kick <- struct{}{}:
		default:
		}
	}
	return cs, nil
}

// checkRequest checks what needs no lookup: the catalog, names and sizes.
func checkRequest(req Request) error {
	switch {
	case req.Catalog != Catalog:
		return invalid("Catalog: %q is not a catalog; the only catalog is %s.", req.Catalog, Catalog)
	case len(req.Changes) == 0:
		return invalid("ChangeSet: give at least one change.")
	case len(req.Changes) > MaxChanges:
		return invalid("ChangeSet: %d changes; a change set has at most %d.", len(req.Changes), MaxChanges)
	case req.Name != "" && (len(req.Name) > maxChangeSetName || !changeSetNamePattern.MatchString(req.Name)):
		return invalid("ChangeSetName: at most %d letters, digits, spaces and + = . : @ -.", maxChangeSetName)
	case req.ClientToken != "" && (len(req.ClientToken) > maxClientToken || !clientTokenPattern.MatchString(req.ClientToken)):
		return invalid("ClientRequestToken: 1 to %d printable ASCII characters.", maxClientToken)
	case req.Intent != "" && req.Intent != intentApply && req.Intent != intentValidate:
		return invalid("Intent: %q is neither APPLY nor VALIDATE.", req.Intent)
	}
	names := map[string]bool{}
	for i, c := range req.Changes {
		field := fmt.Sprintf("ChangeSet[%d]", i)
		switch {
		case !changeTypePattern.MatchString(c.ChangeType) || len(c.ChangeType) > maxChangeType:
			return invalid("%s.ChangeType: %q is not a change type.", field, c.ChangeType)
		case !knownEntityType(c.EntityType):
			return invalid("%s.Entity.Type: %q is not supported; use %s (or Offer@1.0 for the terms).", field, c.EntityType, entityTypeVersion)
		case c.ChangeName != "" && (len(c.ChangeName) > maxChangeName || !changeNamePattern.MatchString(c.ChangeName)):
			return invalid("%s.ChangeName: 1 to %d letters.", field, maxChangeName)
		case c.ChangeName != "" && names[c.ChangeName]:
			return invalid("%s.ChangeName: %q names two changes; change names must be unique.", field, c.ChangeName)
		case len(c.Details) > maxDetailsBytes:
			return invalid("%s.Details: %d bytes; at most %d.", field, len(c.Details), maxDetailsBytes)
		case len(c.EntityID) > maxIdentifier:
			return invalid("%s.Entity.Identifier: at most %d characters.", field, maxIdentifier)
		case c.EntityID != "" && !isReference(c.EntityID) && !domain.IsProductID(productOf(baseID(c.EntityID))):
			return invalid("%s.Entity.Identifier: %q is not a product ID such as prod-abcdefghijklm (or its offer, offer-abcdefghijklm).",
				field, c.EntityID)
		}
		names[c.ChangeName] = c.ChangeName != ""
	}
	return nil
}

// knownEntityType reports whether t is an entity type the API changes: the
// machine learning product, or its public offer for the pricing and legal
// terms.
func knownEntityType(t string) bool {
	switch t {
	case domain.EntityTypeMachineLearningProduct, entityTypeVersion, "Offer", "Offer@1.0":
		return true
	}
	return false
}

// Offers: each product has one public offer, named after it.
const offerPrefix = "offer-"

// OfferID is the ID of a product's public offer.
func OfferID(productID string) string {
	return offerPrefix + strings.TrimPrefix(productID, "prod-")
}

// productOf is the product an entity identifier stands for: itself, or the
// product of an offer.
func productOf(id string) string {
	if rest, ok := strings.CutPrefix(id, offerPrefix); ok {
		return "prod-" + rest
	}
	return id
}

// baseID drops the revision of an identifier such as "prod-x@3".
func baseID(id string) string {
	base, _, _ := strings.Cut(id, "@")
	return base
}

// newChangeSet checks every change against the account and the documents,
// and builds the change set to store.
func (s *Service) newChangeSet(ctx context.Context, pr domain.Principal, req Request) (*domain.ChangeSet, error) {
	id, err := domain.NewChangeSetID()
	if err != nil {
		return nil, err
	}
	intent := req.Intent
	if intent == "" {
		intent = intentApply
	}
	cs := &domain.ChangeSet{ID: id, Name: req.Name, Status: domain.ChangeSetPreparing, StartedAt: s.Clock.Now(),
		Actor: pr.User.ARN(), AccountID: pr.User.AccountID, RequestedBy: pr.User.ID, Intent: intent,
		ClientToken: req.ClientToken}
	for i, c := range req.Changes {
		entity := productOf(baseID(c.EntityID))
		if isReference(c.EntityID) {
			// The entity is made by an earlier change, checked when it runs.
			entity = c.EntityID
		} else if err := s.authorize(ctx, pr, entity); err != nil {
			return nil, err
		}
		if !referencesEarlier(c.Details) && !isReference(c.EntityID) {
			if cerr := s.Changes.Validate(c.ChangeType, c.Details); cerr != nil {
				return nil, invalid("ChangeSet[%d].Details: %s (%s)", i, cerr.Message, cerr.Code)
			}
		}
		cs.Changes = append(cs.Changes, domain.Change{ChangeType: c.ChangeType, EntityType: domain.EntityTypeMachineLearningProduct,
			EntityID: entity, Details: string(c.Details), ChangeName: c.ChangeName})
	}
	return cs, nil
}

// referencesEarlier reports whether details name another change's result,
// which can only be checked once that change has run.
func referencesEarlier(details json.RawMessage) bool {
	return strings.Contains(string(details), `"$`)
}

// authorize checks aws-marketplace:StartChangeSet on the entity (any
// resource for a new one) and that the entity is the account's.
func (s *Service) authorize(ctx context.Context, pr domain.Principal, entity string) error {
	resource := domain.AnyResource
	if entity != "" {
		resource = domain.ProductARN(pr.User.AccountID, entity)
	}
	if err := domain.Authorize(pr, domain.ActionStartChangeSet, resource); err != nil {
		return err
	}
	if entity == "" {
		return nil
	}
	if _, err := s.Products.Product(ctx, pr.User.AccountID, entity); domain.ErrorCode(err) == domain.ENOTFOUND {
		return &Error{Type: ResourceNotFoundException, Message: fmt.Sprintf("Entity %s was not found.", entity)}
	} else if err != nil {
		return err
	}
	return nil
}

// Describe returns one of the account's change sets.
func (s *Service) Describe(ctx context.Context, pr domain.Principal, id string) (*domain.ChangeSet, error) {
	if err := domain.Authorize(pr, domain.ActionDescribeChangeSet, domain.AnyResource); err != nil {
		return nil, err
	}
	cs, err := s.Repo.ChangeSet(ctx, pr.User.AccountID, id)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, &Error{Type: ResourceNotFoundException, Message: fmt.Sprintf("Change set %s was not found.", id)}
	}
	return cs, err
}

// List returns the account's change sets, newest first.
func (s *Service) List(ctx context.Context, pr domain.Principal, q domain.ChangeSetQuery) ([]domain.ChangeSet, error) {
	if err := domain.Authorize(pr, domain.ActionListChangeSets, domain.AnyResource); err != nil {
		return nil, err
	}
	return s.Repo.ListChangeSets(ctx, pr.User.AccountID, q)
}

// Cancel cancels a change set that has not started to apply.
func (s *Service) Cancel(ctx context.Context, pr domain.Principal, id string) (*domain.ChangeSet, error) {
	if err := domain.Authorize(pr, domain.ActionCancelChangeSet, domain.AnyResource); err != nil {
		return nil, err
	}
	cs, err := s.Describe(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.Repo.CancelChangeSet(ctx, pr.User.AccountID, id, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &Error{Type: ResourceInUseException,
			Message: fmt.Sprintf("Change set %s is %s: only a change set that is PREPARING can be cancelled.", id, cs.Status)}
	}
	return s.Repo.ChangeSet(ctx, pr.User.AccountID, id)
}

// RunPending runs the change sets waiting to run, oldest first, and says
// how many it ran. Several processes may call it: each change set is
// claimed by exactly one.
func (s *Service) RunPending(ctx context.Context) (int, error) {
	pending, err := s.Repo.PreparingChangeSets(ctx, s.Clock.Now(), runBatch)
	if err != nil {
		return 0, err
	}
	ran := 0
	for i := range pending {
		ok, err := s.Run(ctx, &pending[i])
		if err != nil {
			return ran, err
		}
		if ok {
			ran++
		}
	}
	return ran, nil
}

// Run claims and applies one change set; false when another process had
// claimed it or it was cancelled.
func (s *Service) Run(ctx context.Context, cs *domain.ChangeSet) (bool, error) {
	claimed := s.Clock.Now()
	ok, err := s.Repo.ClaimChangeSet(ctx, cs.ID, claimed)
	if err != nil || !ok {
		return false, err
	}
	cs.Status, cs.ClaimedAt = domain.ChangeSetApplying, claimed
	// The apply ends well before the claim's lease, so no other runner can
	// claim it meanwhile.
	applyCtx, cancel := context.WithTimeout(ctx, applyTimeout)
	defer cancel()
	if s.apply(applyCtx, cs) {
		return true, nil
	}
	if ctx.Err() != nil {
		// Stopping: the transaction rolled back and the change set is
		// claimed again once its lease lapses.
		return true, nil
	}
	cs.EndedAt = s.Clock.Now()
	// A failure is recorded even if the request that started the runner is
	// over; the claim still fences it.
	err = s.Repo.FinishChangeSet(context.WithoutCancel(ctx), cs)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		// The claim lapsed and another runner holds the change set now.
		return false, nil
	}
	return true, err
}

// applyTimeout bounds one change set's apply, well under the claim lease.
const applyTimeout = 5 * time.Minute

// apply runs the changes of cs in one transaction with the record of its
// success, and reports whether it succeeded; on failure nothing is applied
// and cs says why (FAILED, with the failing change's errors).
func (s *Service) apply(ctx context.Context, cs *domain.ChangeSet) bool {
	pr, err := s.Principals.PrincipalOf(ctx, cs.RequestedBy)
	if err != nil {
		s.fail(ctx, cs, -1, err)
		return false
	}
	applied := make([]string, len(cs.Changes))
	failed := -1
	err = s.Tx.InTransaction(domain.WithChangeSet(ctx, cs.ID), func(ctx context.Context) error {
		produced := map[string]string{}
		for i, c := range cs.Changes {
			details, cerr := s.Changes.Resolve(json.RawMessage(c.Details), produced)
			if cerr != nil {
				failed = i
				return cerr
			}
			if cs.Intent == intentValidate {
				if cerr := s.Changes.Validate(c.ChangeType, details); cerr != nil {
					failed = i
					return cerr
				}
				continue
			}
			target := c.EntityID
			if isReference(target) {
				if target, cerr = s.Changes.ResolveEntity(target, produced); cerr != nil {
					failed = i
					return cerr
				}
			}
			entity, err := s.Changes.Apply(ctx, pr, c.ChangeType, target, details)
			if err != nil {
				failed = i
				return err
			}
			applied[i] = entity
			if c.ChangeName != "" {
				produced[c.ChangeName] = entity
			}
		}
		// The outcome commits with the changes, fenced by the claim: a
		// runner whose claim lapsed rolls all of it back.
		done := *cs
		done.Changes = slices.Clone(cs.Changes)
		for i, entity := range applied {
			if entity != "" {
				done.Changes[i].EntityID = entity
			}
		}
		done.Status, done.EndedAt = domain.ChangeSetSucceeded, s.Clock.Now()
		if err := s.Repo.FinishChangeSet(ctx, &done); err != nil {
			return err
		}
		*cs = done
		return nil
	})
	if err != nil {
		cs.Status = domain.ChangeSetApplying
		s.fail(ctx, cs, failed, err)
		return false
	}
	return true
}

// fail marks cs FAILED because of err, raised by change i (-1: none).
func (s *Service) fail(ctx context.Context, cs *domain.ChangeSet, i int, err error) {
	cs.Status = domain.ChangeSetFailed
	var cerr *domain.ChangeError
	if errors.As(err, &cerr) {
		cs.FailureCode = domain.FailureClientError
		cs.FailureDescription = "One or more changes could not be applied; see each change's ErrorDetailList. Nothing was applied."
		if i >= 0 {
			cs.Changes[i].Errors = append(cs.Changes[i].Errors, *cerr)
		}
		return
	}
	cs.FailureCode = domain.FailureServerFault
	cs.FailureDescription = "The change set could not be applied because of an internal error. Nothing was applied."
	if i >= 0 {
		cs.Changes[i].Errors = append(cs.Changes[i].Errors, domain.ChangeError{Code: "INTERNAL_FAILURE",
			Message: "An internal error occurred."})
	}
	if s.Log != nil {
		s.Log.ErrorContext(ctx, "change set failed", "change_set", cs.ID, "err", err)
	}
}

// Loop runs waiting change sets whenever kicked and at every interval
// (which picks up those left PREPARING by a stop), until ctx ends.
func (s *Service) Loop(ctx context.Context, interval time.Duration, kick <-chan struct{}) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		if _, err := s.RunPending(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
			s.Log.ErrorContext(ctx, "running change sets", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-kick:
		}
	}
}

// UserPrincipals rebuilds a principal from the stored user and, for an IAM
// user, its policies as they are when the change set runs.
type UserPrincipals struct {
	Accounts domain.AccountRepository
	IAM      domain.IAMRepository
}

// PrincipalOf returns the principal of user userID.
func (u UserPrincipals) PrincipalOf(ctx context.Context, userID int64) (domain.Principal, error) {
	user, err := u.Accounts.UserByID(ctx, userID)
	if err != nil {
		return domain.Principal{}, err
	}
	p := domain.Principal{User: user}
	if user.Role == domain.RoleIAM {
		policies, err := u.IAM.UserPolicies(ctx, user.ID)
		if err != nil {
			return p, err
		}
		p.Policies = domain.PolicyDocuments(policies)
	}
	return p, nil
}
