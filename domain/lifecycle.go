package domain

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Lifecycle change types recorded in the product history. Staging and
// release use the Catalog API names; a submission is the portal's own step.
const (
	ChangeSubmitForPublishing = "SubmitForPublishing"
	ChangeUpdateVisibility    = "UpdateVisibility"
	ChangeReleaseProduct      = "ReleaseProduct"
)

// SystemActor is the actor of changes AWS Marketplace makes by itself, such
// as staging a submitted product.
const SystemActor = "AWS Marketplace"

// MaxTestAccounts bounds a product's allow-list.
const MaxTestAccounts = 100

// PublishingInProgress reports whether a submission waits to be staged.
func (p *Product) PublishingInProgress() bool { return !p.PublishDueAt.IsZero() }

// CanSubmit says whether the product may be submitted for publishing now:
// a draft, a product in test, or a public product whose new versions,
// restrictions or edits should go out, with nothing pending. A removed
// product is never submitted again.
func (p *Product) CanSubmit() error {
	switch {
	case p.PublishingInProgress():
		return Errorf(ECONFLICT, MsgPublishingInProgress)
	case p.Status != StatusDraft && p.Status != StatusLimited && p.Status != StatusPublic:
		return Errorf(ECONFLICT, MsgCannotSubmitNow)
	}
	return nil
}

// CanSignOff says whether the product may be signed off and published: a
// product in test, or a public product with a new version in test.
func (p *Product) CanSignOff(versions []Version) error {
	switch p.Status {
	case StatusLimited:
		return nil
	case StatusPublic:
		if slices.ContainsFunc(versions, func(v Version) bool { return v.Status == VersionLimited }) {
			return nil
		}
		return Errorf(ECONFLICT, MsgAlreadyPublic)
	}
	return Errorf(ECONFLICT, MsgSignOffNeedsLimited)
}

// Stage applies a submission when it falls due: a draft product becomes a
// Limited test product, draft versions become Limited (a public product
// stays public while its new version is tested), and versions chosen for
// restriction are restricted. It is what the publishing job does.
func Stage(p *Product, versions []Version, now time.Time) error {
	if !p.PublishingInProgress() {
		return Errorf(ECONFLICT, MsgNothingToStage)
	}
	if p.Status == StatusDraft {
		p.Status = StatusLimited
	}
	p.PublishDueAt, p.UpdatedAt = time.Time{}, now
	for i := range versions {
		v := &versions[i]
		switch {
		case v.Status == VersionDraft:
			v.Status, v.SubmittedAt = VersionLimited, now
		case v.RestrictPending && v.Status == VersionPublic:
			v.Status, v.RestrictedAt, v.RestrictPending = VersionRestricted, now, false
		}
	}
	p.Snapshot = TakeSnapshot(p, versions, now)
	return nil
}

// Release makes a Limited product Public, with its Limited versions.
func Release(p *Product, versions []Version, now time.Time) error {
	if err := p.CanSignOff(versions); err != nil {
		return err
	}
	p.Status, p.UpdatedAt = StatusPublic, now
	for i := range versions {
		if versions[i].Status == VersionLimited {
			versions[i].Status, versions[i].ReleasedAt = VersionPublic, now
		}
	}
	return nil
}

// ParseAccountIDs reads account IDs typed with commas, spaces or new lines,
// de-duplicated in the order given.
func ParseAccountIDs(s string) []string {
	ids := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	return dedupe(ids)
}

// PublishJob stages a submitted product when it falls due.
type PublishJob struct {
	ID        int64
	ProductID string
	AccountID string
	DueAt     time.Time
}

// PublishingRepository stores submissions and runs their jobs exactly once.
type PublishingRepository interface {
	// Submit saves p (optimistic locking as SaveProduct) and schedules its job.
	Submit(ctx context.Context, p *Product, expected int, job PublishJob, ch ProductChange) error
	// DueJobs lists the jobs due at now that have not run.
	DueJobs(ctx context.Context, now time.Time) ([]PublishJob, error)
	// RunJob marks the job done and applies stage to its product and
	// versions, in one transaction, recording ch with the detail stage
	// returns. It reports false, doing nothing, when another process
	// already ran the job.
	RunJob(ctx context.Context, job PublishJob, stage func(*Product, []Version) (string, error), ch ProductChange) (bool, error)
	// SaveLifecycle saves p and its versions' statuses (optimistic locking).
	SaveLifecycle(ctx context.Context, p *Product, expected int, versions []Version, ch ProductChange) error
}

// PublishingService submits, stages and releases products.
type PublishingService struct {
	Repo     PublishingRepository
	Products ProductRepository
	Listings *ListingService
	Clock    Clock
	// Delay is how long a submission takes to become a test product.
	Delay time.Duration
}

// Submit checks the listing is complete and the test accounts are valid,
// then schedules staging after the publishing delay. Region availability
// and private visibility are frozen from the first submission on.
func (s *PublishingService) Submit(ctx context.Context, actor *User, p *Product, expected int, testAccounts string) error {
	if err := p.CanSubmit(); err != nil {
		return err
	}
	accounts := ParseAccountIDs(testAccounts)
	if msg := validateAccountList(accounts, p.AccountID, false); msg != "" {
		return Invalid(FieldErrors{"test_accounts": msg})
	}
	if len(accounts)+len(p.TestAccounts) > MaxTestAccounts {
		return Invalid(FieldErrors{"test_accounts": MsgAccountListTooLong})
	}
	items, err := s.Listings.ChecklistOf(ctx, p)
	if err != nil {
		return err
	}
	if len(items) > 0 {
		return Errorf(EINVALID, MsgSubmitIncomplete)
	}
	now := s.Clock.Now()
	if p.SubmittedAt.IsZero() {
		p.SubmittedAt = now
	}
	for _, a := range accounts {
		if !slices.Contains(p.TestAccounts, a) {
			p.TestAccounts = append(p.TestAccounts, a)
		}
	}
	p.PublishDueAt, p.UpdatedAt = now.Add(s.Delay), now
	job := PublishJob{ProductID: p.ID, AccountID: p.AccountID, DueAt: p.PublishDueAt}
	return s.Repo.Submit(ctx, p, expected, job, ProductChange{ProductID: p.ID, ChangeType: ChangeSubmitForPublishing, Actor: actor.ARN(), At: now})
}

// RunDue stages every product whose job is due. Several processes may call
// it at once: each job runs exactly once. It returns how many it ran.
func (s *PublishingService) RunDue(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	jobs, err := s.Repo.DueJobs(ctx, now)
	if err != nil {
		return 0, err
	}
	ran := 0
	for _, job := range jobs {
		ch := ProductChange{ProductID: job.ProductID, ChangeType: ChangeUpdateVisibility, Actor: SystemActor, At: now}
		stage := func(p *Product, versions []Version) (string, error) {
			before := slices.Clone(versions)
			if err := Stage(p, versions, now); err != nil {
				return "", err
			}
			return StatusChanges(before, versions), nil
		}
		ok, err := s.Repo.RunJob(ctx, job, stage, ch)
		if err != nil {
			return ran, err
		}
		if ok {
			ran++
		}
	}
	return ran, nil
}

// SignOff publishes a product in test to every buyer it targets.
func (s *PublishingService) SignOff(ctx context.Context, actor *User, p *Product, expected int) error {
	versions, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return err
	}
	if err := p.CanSignOff(versions); err != nil {
		return err
	}
	now := s.Clock.Now()
	before := slices.Clone(versions)
	if err := Release(p, versions, now); err != nil {
		return err
	}
	ch := ProductChange{ProductID: p.ID, ChangeType: ChangeReleaseProduct, Actor: actor.ARN(), At: now, Detail: StatusChanges(before, versions)}
	return s.Repo.SaveLifecycle(ctx, p, expected, versions, ch)
}

// Run calls RunDue now and then every interval until ctx ends, so a job
// that fell due while the server was stopped runs at start.
func (s *PublishingService) Run(ctx context.Context, every time.Duration, onError func(error)) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			onError(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// StatusChanges names the versions whose status changed between before and
// after, by new status: "Limited: 2.0; Restricted: 1.0". The history shows
// it beside a staging or a sign-off.
func StatusChanges(before, after []Version) string {
	byStatus := map[VersionStatus][]string{}
	var order []VersionStatus
	for i, v := range after {
		if i >= len(before) || before[i].Status == v.Status {
			continue
		}
		if _, seen := byStatus[v.Status]; !seen {
			order = append(order, v.Status)
		}
		byStatus[v.Status] = append(byStatus[v.Status], v.Number)
	}
	parts := make([]string, 0, len(order))
	for _, st := range order {
		parts = append(parts, string(st)+": "+strings.Join(byStatus[st], ", "))
	}
	return strings.Join(parts, "; ")
}
