package domain

import (
	"context"
	"slices"
	"strings"
	"time"
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
	if p.PublishingInProgress() {
		// What would go live is not what the pending submission will put in
		// test: sign off once that is staged and tested.
		return Errorf(ECONFLICT, MsgSignOffPending)
	}
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

// Stage applies a submission when it falls due: the snapshot taken at
// submit becomes what testers and buyers see, a draft product becomes a
// Limited test product, the draft versions that were submitted become
// Limited (a public product stays public while its new version is tested),
// and the restrictions that were submitted are applied. Edits, versions and
// restrictions made after the submission wait for the next one. It is what
// the publishing job does.
func Stage(p *Product, versions []Version, now time.Time) error {
	if !p.PublishingInProgress() {
		return Errorf(ECONFLICT, MsgNothingToStage)
	}
	submitted := p.PendingSnapshot
	if submitted == nil {
		// A submission made before snapshots were taken at submit.
		submitted = TakeSnapshot(p, versions, now)
	}
	if p.Status == StatusDraft {
		p.Status = StatusLimited
	}
	p.PublishDueAt, p.UpdatedAt = time.Time{}, now
	for i := range versions {
		v := &versions[i]
		j := slices.IndexFunc(submitted.Versions, func(s Version) bool { return s.ID == v.ID })
		if j < 0 {
			continue // added after the submission
		}
		switch {
		case v.Status == VersionDraft:
			v.Status, v.SubmittedAt = VersionLimited, now
		case submitted.Versions[j].RestrictPending && v.RestrictPending && v.Status == VersionPublic:
			v.Status, v.RestrictedAt, v.RestrictPending = VersionRestricted, now, false
		}
	}
	staged := *submitted
	staged.At = now
	staged.Versions = slices.Clone(submitted.Versions)
	for j := range staged.Versions {
		// Content as submitted, status as staged.
		if i := slices.IndexFunc(versions, func(v Version) bool { return v.ID == staged.Versions[j].ID }); i >= 0 {
			staged.Versions[j].setStatusOf(versions[i])
		}
	}
	p.Snapshot, p.PendingSnapshot = &staged, nil
	return nil
}

// setStatusOf copies live's status and status dates.
func (v *Version) setStatusOf(live Version) {
	v.Status, v.SubmittedAt, v.ReleasedAt = live.Status, live.SubmittedAt, live.ReleasedAt
	v.RestrictPending, v.RestrictedAt = live.RestrictPending, live.RestrictedAt
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
	if p.Snapshot != nil {
		// Buyers now get what was tested.
		public := *p.Snapshot
		public.Versions = slices.Clone(p.Snapshot.Versions)
		for j := range public.Versions {
			if i := slices.IndexFunc(versions, func(v Version) bool { return v.ID == public.Versions[j].ID }); i >= 0 {
				public.Versions[j].setStatusOf(versions[i])
			}
		}
		p.PublicSnapshot = &public
	}
	return nil
}

// SeedAsPublished gives a product stored straight as published (demo and
// load-test data) the snapshots a sign-off leaves: testers and buyers see
// it as it is now, and later edits wait for a submission. A product that
// has its snapshots keeps them.
func SeedAsPublished(p *Product, versions []Version) {
	if p.Snapshot == nil {
		p.Snapshot = TakeSnapshot(p, versions, p.UpdatedAt)
	}
	if p.PublicSnapshot == nil {
		public := *p.Snapshot
		public.Versions = slices.Clone(p.Snapshot.Versions)
		p.PublicSnapshot = &public
	}
}

// ParseAccountIDs reads account IDs typed with commas, spaces or new lines,
// de-duplicated in the order given. An ID may be typed with the dashes the
// AWS console shows ("1234-5678-9012").
func ParseAccountIDs(s string) []string {
	ids := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == ';' })
	for i, id := range ids {
		ids[i] = NormalizeAccountID(id)
	}
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
	// versions at time at, in one transaction, recording the change and sending the
	// notifications stage returns. It reports false, doing nothing, when
	// another process already ran the job.
	RunJob(ctx context.Context, job PublishJob, at time.Time, stage func(*Product, []Version) (*Staging, error)) (bool, error)
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
		return Invalid(FieldErrors{FieldTestAccounts: msg})
	}
	added := slices.DeleteFunc(slices.Clone(accounts), func(a string) bool { return slices.Contains(p.TestAccounts, a) })
	if len(added)+len(p.TestAccounts) > MaxTestAccounts {
		return Invalid(FieldErrors{FieldTestAccounts: MsgAccountListTooLong})
	}
	items, err := s.Listings.ChecklistOf(ctx, p)
	if err != nil {
		return err
	}
	if len(items) > 0 {
		return Errorf(EINVALID, MsgSubmitIncomplete)
	}
	versions, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return err
	}
	if !ChangesToSubmit(p, versions) {
		// A staging would put in test what is in test already.
		return Errorf(ECONFLICT, MsgNothingToSubmit)
	}
	now := s.Clock.Now()
	// What is staged, tested and signed off is the listing as it is now.
	p.PendingSnapshot = TakeSnapshot(p, versions, now)
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
		ok, err := s.Repo.RunJob(ctx, job, now, func(p *Product, versions []Version) (*Staging, error) {
			return StageJob(p, versions, now)
		})
		if err != nil {
			return ran, err
		}
		if ok {
			ran++
		}
	}
	return ran, nil
}

// Staging is what a publishing job records: the history entry and the
// notifications, decided here so that storage only writes them.
type Staging struct {
	Change        ProductChange
	Notifications []Notification
	// SubscriberNotice, when set, goes to every active subscriber of the
	// product (its AccountID is filled in for each): a version restricted.
	SubscriberNotice *Notification
}

// StageJob stages p and says what to record: an UpdateVisibility change
// naming the versions whose status changed, and a notification telling
// the seller the test listing is ready.
func StageJob(p *Product, versions []Version, now time.Time) (*Staging, error) {
	before := slices.Clone(versions)
	if err := Stage(p, versions, now); err != nil {
		return nil, err
	}
	st := &Staging{
		Change: ProductChange{ProductID: p.ID, ChangeType: ChangeUpdateVisibility, Actor: SystemActor, At: now,
			Detail: StatusChanges(before, versions)},
		Notifications: []Notification{{AccountID: p.AccountID, Message: MsgNotifyStaged,
			Data:      map[string]string{"Product": p.ID, "Title": p.Snapshot.Info.Title, "Link": "/management/products/ml/" + p.ID},
			CreatedAt: now}},
	}
	if p.Status == StatusLimited {
		// Each test account is told where the staged listing is.
		for _, account := range p.TestAccounts {
			st.Notifications = append(st.Notifications, Notification{AccountID: account, Message: MsgNotifyTestAccountStaged,
				Data: map[string]string{"Title": p.Snapshot.Info.Title, "Link": "/marketplace/pp/" + p.ID}, CreatedAt: now})
		}
	}
	if restricted := restrictedNumbers(before, versions); restricted != "" {
		st.SubscriberNotice = &Notification{Message: MsgNotifyVersionRestricted, CreatedAt: now,
			Data: map[string]string{"Title": p.Snapshot.Info.Title, "Versions": restricted, "Link": "/marketplace/pp/" + p.ID}}
	}
	return st, nil
}

// restrictedNumbers names the versions restricted between before and
// after, "1.0, 1.1"; "" for none.
func restrictedNumbers(before, after []Version) string {
	var names []string
	for i, v := range after {
		if v.Status == VersionRestricted && i < len(before) && before[i].Status != VersionRestricted {
			names = append(names, v.Number)
		}
	}
	return strings.Join(names, ", ")
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
// after, by new status, as a ChangeDetails document:
// {"Limited":["2.0"],"Restricted":["1.0"]}; "" when none changed. The
// history shows it beside a staging or a sign-off. Staging and release only
// make versions Limited, Public or Restricted.
func StatusChanges(before, after []Version) string {
	var d ChangeDetails
	for i, v := range after {
		if i >= len(before) || before[i].Status == v.Status {
			continue
		}
		switch v.Status {
		case VersionLimited:
			d.Limited = append(d.Limited, v.Number)
		case VersionPublic:
			d.Public = append(d.Public, v.Number)
		case VersionRestricted:
			d.Restricted = append(d.Restricted, v.Number)
		}
	}
	if d.IsZero() {
		return ""
	}
	return d.JSON()
}

// CanRestrictVersions says whether versions of p may be chosen for
// restriction: only a Public product's.
func (p *Product) CanRestrictVersions() error {
	if p.Status != StatusPublic {
		return Errorf(ECONFLICT, MsgRestrictNeedsPublic)
	}
	return nil
}
