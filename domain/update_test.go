package domain

import (
	"context"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Tests of updating a published product: restricting versions, removing
// the listing, its 90 days of support and who keeps using what.

// updAt is the fixed time of these tests.
var updAt = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

const (
	updSeller = "123456789012"
	updOther  = "210987654321"
	updBuyer  = "333344445555"
	updTester = "666677778888"
)

// Product IDs in the shape IsProductID accepts.
const (
	updProduct     = "prod-upd0000000001"
	updReplacement = "prod-upd0000000002"
	updDraft       = "prod-upd0000000003"
	updRemoved     = "prod-upd0000000004"
	updForeign     = "prod-upd0000000005"
	updUnknown     = "prod-upd0000000099"
)

// updMessage is the message of err, "" for nil.
func updMessage(err error) Message {
	if err == nil {
		return ""
	}
	return AsError(err).Message
}

// updWantError fails the test unless err is an *Error with code and message.
func updWantError(t *testing.T, err error, code string, msg Message) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want %s/%s", err, err, code, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("error = %v, want %s/%s", err, code, msg)
	}
	return e
}

// updPublishingFake is a PublishingRepository that saves lifecycle changes
// into a listingProductsFake with its revision rule. The embedded interface
// stands in for the methods these tests do not call.
type updPublishingFake struct {
	PublishingRepository
	products *listingProductsFake
	saves    int
}

func (f *updPublishingFake) SaveLifecycle(_ context.Context, p *Product, expected int, versions []Version, ch ProductChange) error {
	pf := f.products
	pf.mu.Lock()
	defer pf.mu.Unlock()
	if pf.fail != nil {
		return pf.fail
	}
	if err := pf.checkRevisionLocked(p, expected); err != nil {
		return err
	}
	for _, v := range versions {
		if _, ok := pf.versions[v.ID]; !ok || pf.versions[v.ID].ProductID != p.ID {
			return Errorf(ENOTFOUND, MsgNotFound)
		}
		pf.versions[v.ID] = v
	}
	pf.storeLocked(p, expected, ch)
	f.saves++
	return nil
}

// updSubscriptionsFake is an in-memory SubscriptionRepository: one
// subscription per account and product, renewed in place once cancelled.
type updSubscriptionsFake struct {
	mu   sync.Mutex
	subs map[[2]string]Subscription
}

var _ SubscriptionRepository = (*updSubscriptionsFake)(nil)

func newUpdSubscriptionsFake() *updSubscriptionsFake {
	return &updSubscriptionsFake{subs: map[[2]string]Subscription{}}
}

func (f *updSubscriptionsFake) Subscribe(_ context.Context, s *Subscription) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := [2]string{s.AccountID, s.ProductID}
	if old, ok := f.subs[key]; ok && old.Active() {
		return Errorf(ECONFLICT, MsgAlreadySubscribed)
	}
	f.subs[key] = *s
	return nil
}

func (f *updSubscriptionsFake) Subscription(_ context.Context, accountID, productID string) (*Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.subs[[2]string{accountID, productID}]
	if !ok {
		return nil, Errorf(ENOTFOUND, MsgNotFound)
	}
	return &s, nil
}

func (f *updSubscriptionsFake) Cancel(_ context.Context, accountID, productID string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	key := [2]string{accountID, productID}
	s, ok := f.subs[key]
	if !ok || !s.Active() {
		return Errorf(ECONFLICT, MsgNotSubscribed)
	}
	s.CancelledAt = at
	f.subs[key] = s
	return nil
}

func (f *updSubscriptionsFake) list(keep func(Subscription) bool) []Subscription {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Subscription
	for _, s := range f.subs {
		if s.Active() && keep(s) {
			out = append(out, s)
		}
	}
	return out
}

func (f *updSubscriptionsFake) ActiveSubscriptions(_ context.Context, accountID string) ([]Subscription, error) {
	return f.list(func(s Subscription) bool { return s.AccountID == accountID }), nil
}

func (f *updSubscriptionsFake) ProductSubscriptions(_ context.Context, productID string) ([]Subscription, error) {
	return f.list(func(s Subscription) bool { return s.ProductID == productID }), nil
}

func (f *updSubscriptionsFake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.subs)
}

// updFixture is a seller with a public product of three public versions,
// another public product, a draft, a removed product, and a public product
// of another seller.
type updFixture struct {
	products *listingProductsFake
	repo     *updPublishingFake
	clock    *FakeClock
	svc      *PublishingService
	actor    *User
}

func newUpdFixture(t *testing.T) *updFixture {
	t.Helper()
	f := &updFixture{products: newListingProductsFake(), clock: NewFakeClock(updAt)}
	f.repo = &updPublishingFake{products: f.products}
	f.svc = &PublishingService{Repo: f.repo, Products: f.products, Clock: f.clock}
	f.actor = &User{ID: 1, AccountID: updSeller, Email: "owner@example.com", Role: RoleRoot}
	created := updAt.Add(-30 * 24 * time.Hour)
	for _, p := range []Product{
		{ID: updProduct, AccountID: updSeller, Status: StatusPublic, Revision: 4},
		{ID: updReplacement, AccountID: updSeller, Status: StatusPublic, Revision: 2},
		{ID: updDraft, AccountID: updSeller, Status: StatusDraft},
		{ID: updRemoved, AccountID: updSeller, Status: StatusRestricted, Revision: 7,
			Removal: &Removal{Email: "owner@example.com", Reason: "Old", At: created, SupportUntil: SupportEnd(created)}},
		{ID: updForeign, AccountID: updOther, Status: StatusPublic, Revision: 1},
	} {
		p.Info.Privacy, p.CreatedAt, p.UpdatedAt = PrivacyPublic, created, created
		f.products.products[p.ID] = p
	}
	released := created.Add(time.Hour)
	for i, n := range []string{"1.0", "2.0", "3.0"} {
		id := int64(i + 1)
		f.products.versions[id] = Version{ID: id, ProductID: updProduct, Number: n, Status: VersionPublic,
			ResourceARN: "arn:aws:sagemaker:us-east-1:" + updSeller + ":model-package/m" + n, SubmittedAt: created, ReleasedAt: released}
	}
	f.products.versions[10] = Version{ID: 10, ProductID: updReplacement, Number: "1.0", Status: VersionPublic}
	f.products.versions[20] = Version{ID: 20, ProductID: updForeign, Number: "1.0", Status: VersionPublic}
	f.products.nextID = 20
	return f
}

func (f *updFixture) product(t *testing.T, id string) *Product {
	t.Helper()
	p := f.products.stored(t, id)
	return &p
}

// snapshot is the whole store, to check a refused call changed nothing.
type updStoreState struct {
	products map[string]Product
	versions map[int64]Version
	changes  []ProductChange
	saves    int
}

func (f *updFixture) state() updStoreState {
	f.products.mu.Lock()
	defer f.products.mu.Unlock()
	s := updStoreState{products: map[string]Product{}, versions: maps.Clone(f.products.versions),
		changes: slices.Clone(f.products.changes), saves: f.repo.saves}
	for id, p := range f.products.products {
		if p.Removal != nil {
			r := *p.Removal
			p.Removal = &r
		}
		s.products[id] = p
	}
	return s
}

func (f *updFixture) wantUnchanged(t *testing.T, before updStoreState) {
	t.Helper()
	after := f.state()
	if !reflect.DeepEqual(after, before) {
		t.Errorf("a refused call changed the store:\n got %+v\nwant %+v", after, before)
	}
}

func updVersions() []Version {
	return []Version{
		{ID: 1, Number: "1.0", Status: VersionPublic},
		{ID: 2, Number: "2.0", Status: VersionPublic},
		{ID: 3, Number: "3.0", Status: VersionLimited},
		{ID: 4, Number: "4.0", Status: VersionDraft},
		{ID: 5, Number: "0.9", Status: VersionRestricted, RestrictedAt: updAt},
		{ID: 6, Number: "1.5", Status: VersionPublic, RestrictPending: true},
		{ID: 7, Number: "2.5", Status: VersionPublic},
	}
}

func TestChooseRestrictions(t *testing.T) {
	onePublic := []Version{{ID: 1, Number: "1.0", Status: VersionPublic}, {ID: 2, Number: "2.0", Status: VersionLimited}}
	twoPublic := []Version{{ID: 1, Number: "1.0", Status: VersionPublic}, {ID: 2, Number: "2.0", Status: VersionPublic}}
	// The only other public version is already chosen: it will not remain.
	otherPending := []Version{{ID: 1, Number: "1.0", Status: VersionPublic}, {ID: 2, Number: "2.0", Status: VersionPublic, RestrictPending: true}}
	tests := []struct {
		name     string
		versions []Version
		ids      []string
		want     []string // numbers; nil when refused
		msg      Message
	}{
		{"one version", updVersions(), []string{"1"}, []string{"1.0"}, ""},
		{"two versions in the order given", updVersions(), []string{"7", "1"}, []string{"2.5", "1.0"}, ""},
		{"blanks and repeats dropped", updVersions(), []string{" 2 ", "", "2", "  "}, []string{"2.0"}, ""},
		{"all but one public", updVersions(), []string{"1", "2"}, []string{"1.0", "2.0"}, ""},
		{"every public version", updVersions(), []string{"1", "2", "7"}, nil, MsgLastPublicVersion},
		{"the last public version", onePublic, []string{"1"}, nil, MsgLastPublicVersion},
		{"every version", twoPublic, []string{"1", "2"}, nil, MsgLastPublicVersion},
		{"the other one is pending", otherPending, []string{"1"}, nil, MsgLastPublicVersion},
		{"unknown id", updVersions(), []string{"99"}, nil, MsgVersionNotRestrictable},
		{"not a number", updVersions(), []string{"abc"}, nil, MsgVersionNotRestrictable},
		{"limited version", updVersions(), []string{"3"}, nil, MsgVersionNotRestrictable},
		{"draft version", updVersions(), []string{"4"}, nil, MsgVersionNotRestrictable},
		{"restricted version", updVersions(), []string{"5"}, nil, MsgVersionNotRestrictable},
		{"already pending", updVersions(), []string{"6"}, nil, MsgVersionNotRestrictable},
		{"a good id with an unknown one", updVersions(), []string{"1", "99"}, nil, MsgVersionNotRestrictable},
		{"a good id with a limited one", updVersions(), []string{"2", "3"}, nil, MsgVersionNotRestrictable},
		{"no versions at all", nil, []string{"1"}, nil, MsgVersionNotRestrictable},
		{"nil list", updVersions(), nil, nil, MsgChooseVersionsToRestrict},
		{"empty list", updVersions(), []string{}, nil, MsgChooseVersionsToRestrict},
		{"blanks only", updVersions(), []string{"", "  "}, nil, MsgChooseVersionsToRestrict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			versions := slices.Clone(tt.versions)
			before := slices.Clone(versions)
			got, err := ChooseRestrictions(versions, tt.ids)
			if tt.msg != "" {
				e := updWantError(t, err, EINVALID, MsgFormHasErrors)
				if want := (FieldErrors{FieldRestrictVersions: tt.msg}); !maps.Equal(e.Fields, want) {
					t.Errorf("Fields = %v, want %v", e.Fields, want)
				}
				if got != nil {
					t.Errorf("numbers = %v, want nil on error", got)
				}
				if !reflect.DeepEqual(versions, before) {
					t.Errorf("a refused choice marked versions: %+v", versions)
				}
				return
			}
			if err != nil {
				t.Fatalf("ChooseRestrictions() error = %v", err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("numbers = %v, want %v", got, tt.want)
			}
			for i, v := range versions {
				chosen := slices.Contains(tt.want, v.Number)
				if v.RestrictPending != (chosen || before[i].RestrictPending) {
					t.Errorf("version %s pending = %v, want %v", v.Number, v.RestrictPending, chosen || before[i].RestrictPending)
				}
				if v.Status != before[i].Status || !v.RestrictedAt.Equal(before[i].RestrictedAt) {
					t.Errorf("version %s changed beyond its mark: %+v", v.Number, v)
				}
			}
		})
	}
}

func TestChooseRestrictionsKeepsCallersIDs(t *testing.T) {
	ids := []string{" 1 ", "1", "2"}
	if _, err := ChooseRestrictions(updVersions(), ids); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ids, []string{" 1 ", "1", "2"}) {
		t.Errorf("ChooseRestrictions changed the caller's list: %q", ids)
	}
}

func TestCanUnpublish(t *testing.T) {
	tests := []struct {
		status  ProductStatus
		pending bool
		want    Message
	}{
		{StatusDraft, false, MsgUnpublishNeedsPublic},
		{StatusDraft, true, MsgUnpublishNeedsPublic},
		{StatusLimited, false, MsgUnpublishNeedsPublic},
		{StatusLimited, true, MsgUnpublishNeedsPublic},
		{StatusPublic, false, ""},
		{StatusPublic, true, MsgPublishingInProgress},
		{StatusRestricted, false, MsgAlreadyRemoved},
		{StatusRestricted, true, MsgAlreadyRemoved},
	}
	for _, tt := range tests {
		p := &Product{Status: tt.status}
		if tt.pending {
			p.PublishDueAt = updAt
		}
		err := p.CanUnpublish()
		if got := updMessage(err); got != tt.want {
			t.Errorf("%s pending %v: CanUnpublish() = %q, want %q", tt.status, tt.pending, got, tt.want)
		}
		if err != nil && ErrorCode(err) != ECONFLICT {
			t.Errorf("%s pending %v: code %s, want %s", tt.status, tt.pending, ErrorCode(err), ECONFLICT)
		}
		if p.Removed() != (tt.status == StatusRestricted) {
			t.Errorf("%s: Removed() = %v", tt.status, p.Removed())
		}
	}
}

func TestRemovalValidate(t *testing.T) {
	long := strings.Repeat("a", MaxRemovalReasonLength)
	tests := []struct {
		name string
		in   Removal
		want FieldErrors
	}{
		{"valid", Removal{Email: "seller@example.com", Reason: "Replaced by v2."}, FieldErrors{}},
		{"normalized", Removal{Email: "  Seller@Example.COM ", Reason: "  Retired.\n"}, FieldErrors{}},
		{"missing email", Removal{Reason: "Retired."}, FieldErrors{FieldRemovalEmail: MsgFieldRequired}},
		{"blank email", Removal{Email: "   ", Reason: "Retired."}, FieldErrors{FieldRemovalEmail: MsgFieldRequired}},
		{"malformed email", Removal{Email: "not-an-email", Reason: "Retired."}, FieldErrors{FieldRemovalEmail: MsgEmailInvalid}},
		{"email without a dotted domain", Removal{Email: "seller@example", Reason: "Retired."}, FieldErrors{FieldRemovalEmail: MsgEmailInvalid}},
		{"email with a display name", Removal{Email: "Seller <seller@example.com>", Reason: "Retired."}, FieldErrors{FieldRemovalEmail: MsgEmailInvalid}},
		{"missing reason", Removal{Email: "seller@example.com"}, FieldErrors{FieldRemovalReason: MsgFieldRequired}},
		{"blank reason", Removal{Email: "seller@example.com", Reason: " \n\t "}, FieldErrors{FieldRemovalReason: MsgFieldRequired}},
		{"reason at the limit", Removal{Email: "seller@example.com", Reason: long}, FieldErrors{}},
		{"reason at the limit in runes", Removal{Email: "seller@example.com", Reason: strings.Repeat("é", MaxRemovalReasonLength)}, FieldErrors{}},
		{"reason too long", Removal{Email: "seller@example.com", Reason: long + "b"}, FieldErrors{FieldRemovalReason: MsgReasonTooLong}},
		{"everything missing", Removal{}, FieldErrors{FieldRemovalEmail: MsgFieldRequired, FieldRemovalReason: MsgFieldRequired}},
		{"both wrong", Removal{Email: "x@", Reason: long + "b"}, FieldErrors{FieldRemovalEmail: MsgEmailInvalid, FieldRemovalReason: MsgReasonTooLong}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.in
			r.Normalize()
			if got := r.Validate(); !maps.Equal(got, tt.want) {
				t.Errorf("Validate() = %v, want %v", got, tt.want)
			}
		})
	}
	r := Removal{Email: " A@Example.com ", Reason: " Why \n", ReplacementID: " " + updReplacement + " "}
	r.Normalize()
	if r.Email != "a@example.com" || r.Reason != "Why" || r.ReplacementID != updReplacement {
		t.Errorf("Normalize() = %+v", r)
	}
}

func TestSupportEnd(t *testing.T) {
	if MinSupportDays != 90 {
		t.Fatalf("MinSupportDays = %d, want 90", MinSupportDays)
	}
	tests := []struct{ removed, want time.Time }{
		{time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), time.Date(2026, 5, 30, 9, 30, 0, 0, time.UTC)},
		// Across the end of a month and of a year.
		{updAt, time.Date(2027, 2, 21, 12, 0, 0, 0, time.UTC)},
		{time.Date(2026, 10, 31, 23, 59, 59, 0, time.UTC), time.Date(2027, 1, 29, 23, 59, 59, 0, time.UTC)},
		// Across a leap day.
		{time.Date(2027, 12, 15, 0, 0, 0, 0, time.UTC), time.Date(2028, 3, 14, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		got := SupportEnd(tt.removed)
		if !got.Equal(tt.want) {
			t.Errorf("SupportEnd(%s) = %s, want %s", tt.removed, got, tt.want)
		}
		if days := got.Sub(tt.removed).Hours() / 24; days != 90 {
			t.Errorf("SupportEnd(%s) is %v days later, want 90", tt.removed, days)
		}
	}
}

func TestReplacementCandidates(t *testing.T) {
	f := newUpdFixture(t)
	p := f.product(t, updProduct)
	// The list holds every product of the account, and one of another.
	own, _ := f.products.ProductSummaries(context.Background(), updSeller)
	own = append(own, f.product(t, updForeign).Summary())
	var got []string
	for _, c := range ReplacementCandidates(p, own) {
		got = append(got, c.ID)
	}
	if !slices.Equal(got, []string{updReplacement}) {
		t.Errorf("ReplacementCandidates() = %v, want [%s]", got, updReplacement)
	}
}

func TestPublishingServiceUnpublish(t *testing.T) {
	ctx := context.Background()
	valid := Removal{Email: "  Contact@Example.com ", Reason: " Superseded by our new listing. "}
	t.Run("removes the listing", func(t *testing.T) {
		for _, replacement := range []string{"", " " + updReplacement + " "} {
			f := newUpdFixture(t)
			f.clock.Advance(time.Minute)
			now := f.clock.Now()
			p := f.product(t, updProduct)
			versionsBefore, _ := f.products.Versions(ctx, updProduct)
			req := valid
			req.ReplacementID = replacement
			if err := f.svc.Unpublish(ctx, f.actor, p, p.Revision, req); err != nil {
				t.Fatalf("Unpublish(replacement %q) error = %v", replacement, err)
			}
			stored := f.product(t, updProduct)
			if stored.Status != StatusRestricted || !stored.Removed() || stored.Revision != 5 || !stored.UpdatedAt.Equal(now) {
				t.Errorf("stored = status %s revision %d updated %s", stored.Status, stored.Revision, stored.UpdatedAt)
			}
			want := Removal{Email: "contact@example.com", Reason: "Superseded by our new listing.",
				ReplacementID: strings.TrimSpace(replacement), At: now, SupportUntil: now.AddDate(0, 0, 90)}
			if stored.Removal == nil || !reflect.DeepEqual(*stored.Removal, want) {
				t.Errorf("Removal = %+v, want %+v", stored.Removal, want)
			}
			if p.Status != StatusRestricted || p.Revision != stored.Revision {
				t.Errorf("caller's product = status %s revision %d, want it updated", p.Status, p.Revision)
			}
			changes, _ := f.products.ProductChanges(ctx, updProduct, 10)
			wantCh := ProductChange{ProductID: updProduct, ChangeType: ChangeUpdateVisibility, Actor: f.actor.ARN(), At: now, Detail: `{"TargetVisibility":"Restricted"}`}
			if len(changes) != 1 || !reflect.DeepEqual(changes[0], wantCh) {
				t.Errorf("changes = %+v, want [%+v]", changes, wantCh)
			}
			if versionsAfter, _ := f.products.Versions(ctx, updProduct); !reflect.DeepEqual(versionsAfter, versionsBefore) {
				t.Errorf("versions changed by Unpublish:\n got %+v\nwant %+v", versionsAfter, versionsBefore)
			}
			if other := f.product(t, updReplacement); other.Status != StatusPublic || other.Revision != 2 {
				t.Errorf("replacement changed: %+v", other)
			}
		}
	})

	tests := []struct {
		name    string
		product string
		setup   func(p *Product)
		req     Removal
		code    string
		msg     Message
		fields  FieldErrors
	}{
		{name: "foreign replacement", product: updProduct, req: Removal{Email: valid.Email, Reason: valid.Reason, ReplacementID: updForeign},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldReplacementID: MsgReplacementInvalid}},
		{name: "draft replacement", product: updProduct, req: Removal{Email: valid.Email, Reason: valid.Reason, ReplacementID: updDraft},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldReplacementID: MsgReplacementInvalid}},
		{name: "removed replacement", product: updProduct, req: Removal{Email: valid.Email, Reason: valid.Reason, ReplacementID: updRemoved},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldReplacementID: MsgReplacementInvalid}},
		{name: "replaced by itself", product: updProduct, req: Removal{Email: valid.Email, Reason: valid.Reason, ReplacementID: updProduct},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldReplacementID: MsgReplacementInvalid}},
		{name: "unknown replacement", product: updProduct, req: Removal{Email: valid.Email, Reason: valid.Reason, ReplacementID: updUnknown},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldReplacementID: MsgReplacementInvalid}},
		{name: "every field wrong", product: updProduct, req: Removal{Email: "nope", ReplacementID: "junk"},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldRemovalEmail: MsgEmailInvalid, FieldRemovalReason: MsgFieldRequired, FieldReplacementID: MsgReplacementInvalid}},
		{name: "missing email", product: updProduct, req: Removal{Reason: valid.Reason},
			code: EINVALID, msg: MsgFormHasErrors, fields: FieldErrors{FieldRemovalEmail: MsgFieldRequired}},
		{name: "already removed", product: updRemoved, req: valid, code: ECONFLICT, msg: MsgAlreadyRemoved},
		{name: "draft product", product: updDraft, req: valid, code: ECONFLICT, msg: MsgUnpublishNeedsPublic},
		{name: "limited product", product: updProduct, setup: func(p *Product) { p.Status = StatusLimited }, req: valid,
			code: ECONFLICT, msg: MsgUnpublishNeedsPublic},
		{name: "publishing in progress", product: updProduct, setup: func(p *Product) { p.PublishDueAt = updAt.Add(time.Hour) }, req: valid,
			code: ECONFLICT, msg: MsgPublishingInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newUpdFixture(t)
			if tt.setup != nil {
				p := f.product(t, tt.product)
				tt.setup(p)
				f.products.products[p.ID] = *p
			}
			before := f.state()
			p := f.product(t, tt.product)
			err := f.svc.Unpublish(ctx, f.actor, p, p.Revision, tt.req)
			e := updWantError(t, err, tt.code, tt.msg)
			if tt.fields != nil && !maps.Equal(e.Fields, tt.fields) {
				t.Errorf("Fields = %v, want %v", e.Fields, tt.fields)
			}
			f.wantUnchanged(t, before)
		})
	}

	t.Run("twice", func(t *testing.T) {
		f := newUpdFixture(t)
		p := f.product(t, updProduct)
		if err := f.svc.Unpublish(ctx, f.actor, p, p.Revision, valid); err != nil {
			t.Fatal(err)
		}
		before := f.state()
		f.clock.Advance(time.Hour)
		again := f.product(t, updProduct)
		updWantError(t, f.svc.Unpublish(ctx, f.actor, again, again.Revision, valid), ECONFLICT, MsgAlreadyRemoved)
		f.wantUnchanged(t, before)
		if got := f.product(t, updProduct).Removal.At; !got.Equal(updAt) {
			t.Errorf("removal time = %s, want the first one %s", got, updAt)
		}
	})

	t.Run("stale revision", func(t *testing.T) {
		f := newUpdFixture(t)
		before := f.state()
		p := f.product(t, updProduct)
		updWantError(t, f.svc.Unpublish(ctx, f.actor, p, p.Revision-1, valid), ECONFLICT, MsgChangedSinceOpened)
		f.wantUnchanged(t, before)
	})

	t.Run("store failure", func(t *testing.T) {
		f := newUpdFixture(t)
		f.products.readFail = errors.New("disk on fire")
		before := f.state()
		p := f.product(t, updProduct)
		if err := f.svc.Unpublish(ctx, f.actor, p, p.Revision, valid); err == nil {
			t.Fatal("Unpublish() error = nil while the versions cannot be read")
		}
		f.products.readFail = nil
		f.wantUnchanged(t, before)
	})
}

func TestPublishingServiceRestrictVersions(t *testing.T) {
	ctx := context.Background()
	t.Run("marks the versions", func(t *testing.T) {
		f := newUpdFixture(t)
		f.clock.Advance(time.Minute)
		now := f.clock.Now()
		p := f.product(t, updProduct)
		if err := f.svc.RestrictVersions(ctx, f.actor, p, p.Revision, []string{"2", " 1"}); err != nil {
			t.Fatalf("RestrictVersions() error = %v", err)
		}
		for id, want := range map[int64]bool{1: true, 2: true, 3: false, 10: false, 20: false} {
			v := f.products.version(t, id)
			if v.RestrictPending != want || v.Status != VersionPublic || !v.RestrictedAt.IsZero() {
				t.Errorf("version %d = pending %v status %s restricted at %s; want pending %v, still Public", id, v.RestrictPending, v.Status, v.RestrictedAt, want)
			}
		}
		// The update time stays: buyers see nothing new until the next staging.
		stored := f.product(t, updProduct)
		if stored.Status != StatusPublic || stored.Removed() || stored.PublishingInProgress() || stored.Revision != 5 || !stored.UpdatedAt.Equal(p.UpdatedAt) || stored.UpdatedAt.Equal(now) {
			t.Errorf("stored = status %s pending %v revision %d updated %s", stored.Status, stored.PublishingInProgress(), stored.Revision, stored.UpdatedAt)
		}
		changes, _ := f.products.ProductChanges(ctx, updProduct, 10)
		want := ProductChange{ProductID: updProduct, ChangeType: ChangeRestrictDeliveryOptions, Actor: f.actor.ARN(), At: now, Detail: `{"Versions":["2.0","1.0"]}`}
		if len(changes) != 1 || !reflect.DeepEqual(changes[0], want) {
			t.Errorf("changes = %+v, want [%+v]", changes, want)
		}

		// The last one left cannot follow, not even later.
		before := f.state()
		p = f.product(t, updProduct)
		e := updWantError(t, f.svc.RestrictVersions(ctx, f.actor, p, p.Revision, []string{"3"}), EINVALID, MsgFormHasErrors)
		if e.Fields[FieldRestrictVersions] != MsgLastPublicVersion {
			t.Errorf("Fields = %v, want versions: %s", e.Fields, MsgLastPublicVersion)
		}
		f.wantUnchanged(t, before)
	})

	tests := []struct {
		name    string
		product string
		setup   func(p *Product)
		ids     []string
		code    string
		msg     Message
		field   Message
	}{
		{"draft product", updDraft, nil, []string{"1"}, ECONFLICT, MsgRestrictNeedsPublic, ""},
		{"removed product", updRemoved, nil, []string{"1"}, ECONFLICT, MsgRestrictNeedsPublic, ""},
		{"limited product", updProduct, func(p *Product) { p.Status = StatusLimited }, []string{"1"}, ECONFLICT, MsgRestrictNeedsPublic, ""},
		{"every version", updProduct, nil, []string{"1", "2", "3"}, EINVALID, MsgFormHasErrors, MsgLastPublicVersion},
		{"version of another product", updProduct, nil, []string{"10"}, EINVALID, MsgFormHasErrors, MsgVersionNotRestrictable},
		{"version of another seller", updProduct, nil, []string{"20"}, EINVALID, MsgFormHasErrors, MsgVersionNotRestrictable},
		{"unknown version", updProduct, nil, []string{"1", "404"}, EINVALID, MsgFormHasErrors, MsgVersionNotRestrictable},
		{"nothing chosen", updProduct, nil, nil, EINVALID, MsgFormHasErrors, MsgChooseVersionsToRestrict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newUpdFixture(t)
			if tt.setup != nil {
				p := f.product(t, tt.product)
				tt.setup(p)
				f.products.products[p.ID] = *p
			}
			before := f.state()
			p := f.product(t, tt.product)
			e := updWantError(t, f.svc.RestrictVersions(ctx, f.actor, p, p.Revision, tt.ids), tt.code, tt.msg)
			if tt.field != "" && e.Fields[FieldRestrictVersions] != tt.field {
				t.Errorf("Fields = %v, want versions: %s", e.Fields, tt.field)
			}
			f.wantUnchanged(t, before)
		})
	}
}

// TestStageAppliesRestrictions restricts versions, submits and stages the
// product: pending restrictions apply with the staging time, draft
// versions go to test, and the product stays public.
func TestStageAppliesRestrictions(t *testing.T) {
	staged := updAt.Add(45 * time.Minute)
	released := updAt.Add(-24 * time.Hour)
	p := &Product{ID: updProduct, Status: StatusPublic, PublishDueAt: staged}
	versions := []Version{
		{ID: 1, Number: "1.0", Status: VersionPublic, ReleasedAt: released, RestrictPending: true},
		{ID: 2, Number: "2.0", Status: VersionPublic, ReleasedAt: released},
		{ID: 3, Number: "3.0", Status: VersionDraft},
		{ID: 4, Number: "0.9", Status: VersionRestricted, RestrictedAt: released},
		{ID: 5, Number: "2.5", Status: VersionLimited, SubmittedAt: released},
	}
	if err := Stage(p, versions, staged); err != nil {
		t.Fatalf("Stage() error = %v", err)
	}
	want := []Version{
		{ID: 1, Number: "1.0", Status: VersionRestricted, ReleasedAt: released, RestrictedAt: staged},
		{ID: 2, Number: "2.0", Status: VersionPublic, ReleasedAt: released},
		{ID: 3, Number: "3.0", Status: VersionLimited, SubmittedAt: staged},
		{ID: 4, Number: "0.9", Status: VersionRestricted, RestrictedAt: released},
		{ID: 5, Number: "2.5", Status: VersionLimited, SubmittedAt: released},
	}
	if !reflect.DeepEqual(versions, want) {
		t.Errorf("versions after Stage:\n got %+v\nwant %+v", versions, want)
	}
	if p.Status != StatusPublic || p.PublishingInProgress() || !p.UpdatedAt.Equal(staged) {
		t.Errorf("product after Stage = status %s pending %v updated %s", p.Status, p.PublishingInProgress(), p.UpdatedAt)
	}
	if p.Snapshot == nil || len(p.Snapshot.Versions) != 5 || p.Snapshot.Versions[0].Status != VersionRestricted ||
		!p.Snapshot.Versions[0].RestrictedAt.Equal(staged) {
		t.Errorf("snapshot = %+v, want every staged version with the restriction", p.Snapshot)
	}
	// Once the new version is signed off, it is released.
	signedOff := staged.Add(time.Hour)
	if err := Release(p, versions, signedOff); err != nil {
		t.Fatalf("Release() error = %v", err)
	}
	for _, v := range versions {
		wantReleased := released
		switch v.ID {
		case 3, 5:
			wantReleased = signedOff
		case 4:
			wantReleased = time.Time{}
		}
		if !v.ReleasedAt.Equal(wantReleased) {
			t.Errorf("version %s released at %s, want %s", v.Number, v.ReleasedAt, wantReleased)
		}
	}
}

// TestStageRestrictsOnlyPublicVersions ignores a pending mark on a version
// that is no longer public.
func TestStageRestrictsOnlyPublicVersions(t *testing.T) {
	p := &Product{Status: StatusPublic, PublishDueAt: updAt}
	versions := []Version{{ID: 1, Status: VersionPublic}, {ID: 2, Status: VersionLimited, RestrictPending: true}}
	if err := Stage(p, versions, updAt); err != nil {
		t.Fatal(err)
	}
	if versions[1].Status != VersionLimited || !versions[1].RestrictedAt.IsZero() {
		t.Errorf("a Limited version was restricted: %+v", versions[1])
	}
}

func TestCanSignOffWithVersions(t *testing.T) {
	tests := []struct {
		name     string
		status   ProductStatus
		versions []VersionStatus
		want     Message
	}{
		{"limited product", StatusLimited, nil, ""},
		{"limited product with versions", StatusLimited, []VersionStatus{VersionLimited}, ""},
		{"public product with a version in test", StatusPublic, []VersionStatus{VersionPublic, VersionLimited}, ""},
		{"public product with a new version among others", StatusPublic, []VersionStatus{VersionRestricted, VersionDraft, VersionLimited}, ""},
		{"public product without versions", StatusPublic, nil, MsgAlreadyPublic},
		{"public product with nothing in test", StatusPublic, []VersionStatus{VersionPublic, VersionRestricted, VersionDraft}, MsgAlreadyPublic},
		{"draft product", StatusDraft, []VersionStatus{VersionLimited}, MsgSignOffNeedsLimited},
		{"removed product", StatusRestricted, []VersionStatus{VersionLimited}, MsgSignOffNeedsLimited},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var versions []Version
			for i, s := range tt.versions {
				versions = append(versions, Version{ID: int64(i + 1), Status: s})
			}
			p := &Product{Status: tt.status}
			err := p.CanSignOff(versions)
			if got := updMessage(err); got != tt.want {
				t.Fatalf("CanSignOff() = %q, want %q", got, tt.want)
			}
			if err != nil && ErrorCode(err) != ECONFLICT {
				t.Errorf("code = %s, want %s", ErrorCode(err), ECONFLICT)
			}
			before := slices.Clone(versions)
			err = Release(p, versions, updAt)
			if updMessage(err) != tt.want {
				t.Errorf("Release() = %v, want %q", err, tt.want)
			}
			if err != nil {
				if p.Status != tt.status || !reflect.DeepEqual(versions, before) {
					t.Errorf("a refused release changed %s %+v", p.Status, versions)
				}
				return
			}
			if p.Status != StatusPublic {
				t.Errorf("status after Release = %s", p.Status)
			}
			for i, v := range versions {
				wasLimited := before[i].Status == VersionLimited
				if wasLimited && (v.Status != VersionPublic || !v.ReleasedAt.Equal(updAt)) {
					t.Errorf("version %d after Release = %+v, want Public released now", v.ID, v)
				}
				if !wasLimited && !reflect.DeepEqual(v, before[i]) {
					t.Errorf("version %d changed by Release: %+v", v.ID, v)
				}
			}
		})
	}
}

func TestPublishingServiceSignOffNewVersion(t *testing.T) {
	ctx := context.Background()
	f := newUpdFixture(t)
	f.products.versions[4] = Version{ID: 4, ProductID: updProduct, Number: "4.0", Status: VersionLimited, SubmittedAt: updAt}
	f.clock.Advance(time.Hour)
	p := f.product(t, updProduct)
	if err := f.svc.SignOff(ctx, f.actor, p, p.Revision); err != nil {
		t.Fatalf("SignOff() error = %v", err)
	}
	if v := f.products.version(t, 4); v.Status != VersionPublic || !v.ReleasedAt.Equal(f.clock.Now()) {
		t.Errorf("new version after sign-off = %+v", v)
	}
	if v := f.products.version(t, 1); !v.ReleasedAt.Equal(updAt.Add(-30*24*time.Hour + time.Hour)) {
		t.Errorf("old version's release date changed: %s", v.ReleasedAt)
	}
	// Nothing left in test: a second sign-off is refused.
	p = f.product(t, updProduct)
	before := f.state()
	updWantError(t, f.svc.SignOff(ctx, f.actor, p, p.Revision), ECONFLICT, MsgAlreadyPublic)
	f.wantUnchanged(t, before)
}

// updUsers is a product in use: a tester, and buyers who subscribed before,
// at and after its restriction time, one since cancelled.
func updUsers() (p *Product, restricted time.Time, subs map[string]Subscription) {
	restricted = updAt
	p = &Product{ID: updProduct, AccountID: updSeller, Status: StatusPublic, TestAccounts: []string{updTester}}
	subs = map[string]Subscription{
		"before":           {AccountID: "100000000001", ProductID: updProduct, CreatedAt: restricted.Add(-time.Hour)},
		"at":               {AccountID: "100000000002", ProductID: updProduct, CreatedAt: restricted},
		"after":            {AccountID: "100000000003", ProductID: updProduct, CreatedAt: restricted.Add(time.Second)},
		"cancelled before": {AccountID: "100000000004", ProductID: updProduct, CreatedAt: restricted.Add(-2 * time.Hour), CancelledAt: restricted.Add(-time.Minute)},
		"tester after":     {AccountID: updTester, ProductID: updProduct, Test: true, CreatedAt: restricted.Add(time.Hour)},
		"tester before":    {AccountID: updTester, ProductID: updProduct, Test: true, CreatedAt: restricted.Add(-time.Hour)},
	}
	return p, restricted, subs
}

func TestMayUse(t *testing.T) {
	p, restricted, subs := updUsers()
	versions := map[VersionStatus]Version{
		VersionPublic:     {ID: 1, Status: VersionPublic},
		VersionLimited:    {ID: 2, Status: VersionLimited},
		VersionRestricted: {ID: 3, Status: VersionRestricted, RestrictedAt: restricted},
		VersionDraft:      {ID: 4, Status: VersionDraft},
	}
	tests := []struct {
		sub  string
		want map[VersionStatus]bool
	}{
		{"before", map[VersionStatus]bool{VersionPublic: true, VersionRestricted: true}},
		{"at", map[VersionStatus]bool{VersionPublic: true}},
		{"after", map[VersionStatus]bool{VersionPublic: true}},
		{"cancelled before", map[VersionStatus]bool{}},
		{"tester after", map[VersionStatus]bool{VersionPublic: true, VersionLimited: true}},
		{"tester before", map[VersionStatus]bool{VersionPublic: true, VersionLimited: true, VersionRestricted: true}},
	}
	for _, tt := range tests {
		for status, v := range versions {
			if got := MayUse(p, v, subs[tt.sub]); got != tt.want[status] {
				t.Errorf("MayUse(%s version, subscriber %s) = %v, want %v", status, tt.sub, got, tt.want[status])
			}
		}
	}
	all := slices.Collect(maps.Values(subs))
	wantUsers := map[VersionStatus]int{VersionPublic: 5, VersionLimited: 2, VersionRestricted: 2, VersionDraft: 0}
	for status, v := range versions {
		if got := VersionUsers(p, v, all); got != wantUsers[status] {
			t.Errorf("VersionUsers(%s) = %d, want %d", status, got, wantUsers[status])
		}
	}
	if got := VersionUsers(p, versions[VersionPublic], nil); got != 0 {
		t.Errorf("VersionUsers(no subscribers) = %d", got)
	}
}

func TestVisibleVersionsAfterRestriction(t *testing.T) {
	p, restricted, subs := updUsers()
	versions := []Version{
		{ID: 1, Status: VersionDraft},
		{ID: 2, Status: VersionLimited},
		{ID: 3, Status: VersionPublic},
		{ID: 4, Status: VersionRestricted, RestrictedAt: restricted},
		{ID: 5, Status: VersionRestricted, RestrictedAt: restricted.Add(-3 * time.Hour)},
	}
	sub := func(name string) *Subscription { s := subs[name]; return &s }
	tests := []struct {
		name   string
		viewer string
		sub    *Subscription
		want   []int64
	}{
		{"visitor", "", nil, []int64{3}},
		{"buyer without a subscription", "100000000009", nil, []int64{3}},
		{"subscribed before", "100000000001", sub("before"), []int64{3, 4}},
		{"subscribed at the restriction", "100000000002", sub("at"), []int64{3}},
		{"subscribed after", "100000000003", sub("after"), []int64{3}},
		{"cancelled", "100000000004", sub("cancelled before"), []int64{3}},
		{"tester subscribed after", updTester, sub("tester after"), []int64{2, 3}},
		{"tester subscribed before", updTester, sub("tester before"), []int64{2, 3, 4}},
		{"seller", updSeller, nil, []int64{2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := AccessOf(p, tt.viewer).WithSubscription(tt.sub)
			var got []int64
			for _, v := range VisibleVersions(versions, a) {
				got = append(got, v.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("VisibleVersions() = %v, want %v", got, tt.want)
			}
			// What a buyer sees is what the buyer may use.
			if tt.sub.Active() {
				for _, v := range versions[1:] {
					if use, visible := MayUse(p, v, *tt.sub), slices.Contains(tt.want, v.ID); use != visible {
						t.Errorf("version %d: MayUse %v but visible %v", v.ID, use, visible)
					}
				}
			}
		})
	}
}

func TestAccessOfRemovedProduct(t *testing.T) {
	removedAt := updAt
	p := &Product{ID: updProduct, AccountID: updSeller, Status: StatusRestricted, TestAccounts: []string{updTester},
		Removal: &Removal{At: removedAt, SupportUntil: SupportEnd(removedAt)}, Info: GeneralInfo{Privacy: PrivacyPublic}}
	active := &Subscription{AccountID: updBuyer, ProductID: p.ID, CreatedAt: removedAt.Add(-time.Hour)}
	cancelled := &Subscription{AccountID: updBuyer, ProductID: p.ID, CreatedAt: removedAt.Add(-time.Hour), CancelledAt: removedAt}
	tests := []struct {
		name                    string
		privacy                 Privacy
		viewer                  string
		sub                     *Subscription
		visible, full, subbed   bool
		wantSeller, wantRemoved bool
	}{
		{"visitor", PrivacyPublic, "", nil, true, false, false, false, true},
		{"stranger", PrivacyPublic, "100000000009", nil, true, false, false, false, true},
		{"seller", PrivacyPublic, updSeller, nil, true, true, false, true, true},
		{"subscriber", PrivacyPublic, updBuyer, active, true, true, true, false, true},
		{"cancelled subscriber", PrivacyPublic, updBuyer, cancelled, true, false, false, false, true},
		{"private: stranger", PrivacyPrivate, "100000000009", nil, false, false, false, false, true},
		// A subscriber keeps the product even off the allow-list.
		{"private: subscriber", PrivacyPrivate, updBuyer, active, true, true, true, false, true},
		{"private: cancelled subscriber", PrivacyPrivate, updBuyer, cancelled, false, false, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := *p
			q.Info.Privacy = tt.privacy
			a := AccessOf(&q, tt.viewer).WithSubscription(tt.sub)
			if a.Visible != tt.visible || a.Full() != tt.full || a.Subscribed() != tt.subbed || a.Seller != tt.wantSeller || a.Removed != tt.wantRemoved {
				t.Errorf("access = %+v (full %v subscribed %v), want visible %v full %v subscribed %v seller %v removed %v",
					a, a.Full(), a.Subscribed(), tt.visible, tt.full, tt.subbed, tt.wantSeller, tt.wantRemoved)
			}
			if tt.subbed && !a.SubscribedAt.Equal(tt.sub.CreatedAt) {
				t.Errorf("SubscribedAt = %s, want %s", a.SubscribedAt, tt.sub.CreatedAt)
			}
		})
	}
	// A listed product is shown in full to anyone who sees it.
	live := &Product{AccountID: updSeller, Status: StatusPublic, Info: GeneralInfo{Privacy: PrivacyPublic}}
	if a := AccessOf(live, ""); !a.Full() || a.Removed {
		t.Errorf("live product access = %+v, want full", a)
	}
}

func TestCanDeleteResource(t *testing.T) {
	removedAt := updAt
	until := SupportEnd(removedAt) // 2027-02-21 12:00
	removed := func(subscribers int) *ResourceUser {
		return &ResourceUser{Subscribers: subscribers, Product: &Product{Status: StatusRestricted,
			Removal: &Removal{At: removedAt, SupportUntil: until}}}
	}
	tests := []struct {
		name  string
		user  *ResourceUser
		now   time.Time
		msg   Message
		until string
	}{
		{"no listing uses it", nil, removedAt, "", ""},
		{"draft product", &ResourceUser{Product: &Product{Status: StatusDraft}}, removedAt, MsgResourceInUse, ""},
		{"limited product", &ResourceUser{Product: &Product{Status: StatusLimited}}, removedAt, MsgResourceInUse, ""},
		{"live product", &ResourceUser{Product: &Product{Status: StatusPublic}, Subscribers: 3}, removedAt, MsgResourceInUse, ""},
		{"live product without subscribers", &ResourceUser{Product: &Product{Status: StatusPublic}}, until.AddDate(1, 0, 0), MsgResourceInUse, ""},
		{"restricted without a removal", &ResourceUser{Product: &Product{Status: StatusRestricted}}, until.Add(time.Hour), MsgResourceInUse, ""},
		{"removed with subscribers, just removed", removed(2), removedAt, MsgResourceSupported, "2027-02-21"},
		{"removed with subscribers, a second before the end", removed(1), until.Add(-time.Second), MsgResourceSupported, "2027-02-21"},
		{"removed with subscribers, at the end", removed(1), until, "", ""},
		{"removed with subscribers, after the end", removed(5), until.Add(24 * time.Hour), "", ""},
		{"removed without subscribers", removed(0), removedAt, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CanDeleteResource(tt.user, tt.now)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("CanDeleteResource() = %v, want nil", err)
				}
				return
			}
			e := updWantError(t, err, ECONFLICT, tt.msg)
			if tt.until != "" && (len(e.Data) != 1 || e.Data["Until"] != tt.until) {
				t.Errorf("Data = %v, want Until %s", e.Data, tt.until)
			}
		})
	}
}

// updUsage answers one resource's user.
type updUsage struct {
	arn  string
	user *ResourceUser
}

func (u *updUsage) ResourceUser(_ context.Context, arn string) (*ResourceUser, error) {
	if arn == u.arn {
		return u.user, nil
	}
	return nil, nil
}

// TestSageMakerServiceDeleteAfterSupport keeps a removed product's resource
// until its support period ends.
func TestSageMakerServiceDeleteAfterSupport(t *testing.T) {
	ctx := context.Background()
	repo := newSageMakerRepoFake()
	r := goodModelPackage()
	if err := repo.CreateResource(ctx, &r); err != nil {
		t.Fatal(err)
	}
	product := &Product{Status: StatusPublic}
	usage := &updUsage{arn: r.ARN(), user: &ResourceUser{Product: product, Subscribers: 1}}
	clock := NewFakeClock(updAt)
	svc := &SageMakerService{Repo: repo, Usage: usage, Clock: clock}

	updWantError(t, svc.Delete(ctx, r.AccountID, r.Kind, r.Name), ECONFLICT, MsgResourceInUse)
	product.Status, product.Removal = StatusRestricted, &Removal{At: updAt, SupportUntil: SupportEnd(updAt)}
	clock.Advance(89 * 24 * time.Hour)
	e := updWantError(t, svc.Delete(ctx, r.AccountID, r.Kind, r.Name), ECONFLICT, MsgResourceSupported)
	if e.Data["Until"] != "2027-02-21" {
		t.Errorf("Data = %v, want Until 2027-02-21", e.Data)
	}
	if repo.count() != 1 {
		t.Fatal("a refused delete removed the resource")
	}
	clock.Advance(24 * time.Hour)
	if err := svc.Delete(ctx, r.AccountID, r.Kind, r.Name); err != nil {
		t.Fatalf("Delete() after the support period error = %v", err)
	}
	if repo.count() != 0 {
		t.Error("resource still stored after Delete()")
	}
}

func TestMarketplaceSubscribeRefusesRemovedProduct(t *testing.T) {
	ctx := context.Background()
	f := newUpdFixture(t)
	subs := newUpdSubscriptionsFake()
	svc := &MarketplaceService{Products: f.products, Subscriptions: subs, Clock: f.clock}
	buyer := &User{ID: 9, AccountID: updBuyer, Email: "buyer@example.com", Role: RoleRoot}

	for _, who := range []*User{buyer, f.actor} {
		got, err := svc.Subscribe(ctx, who, updRemoved, true)
		updWantError(t, err, ECONFLICT, MsgProductRemoved)
		if got != nil {
			t.Errorf("Subscribe() = %+v, want nil", got)
		}
	}
	// Without accepting the EULA the removal is still what the buyer learns.
	if _, err := svc.Subscribe(ctx, buyer, updRemoved, false); updMessage(err) != MsgProductRemoved {
		t.Errorf("Subscribe(no EULA) error = %v, want %s", err, MsgProductRemoved)
	}
	// A buyer who cancelled cannot come back.
	subs.subs[[2]string{updBuyer, updRemoved}] = Subscription{AccountID: updBuyer, ProductID: updRemoved, CreatedAt: updAt.Add(-48 * time.Hour), CancelledAt: updAt.Add(-time.Hour)}
	updWantError(t, func() error { _, err := svc.Subscribe(ctx, buyer, updRemoved, true); return err }(), ECONFLICT, MsgProductRemoved)
	if n := subs.count(); n != 1 {
		t.Errorf("%d subscriptions stored, want only the cancelled one", n)
	}
	if s, _ := subs.Subscription(ctx, updBuyer, updRemoved); s.Active() {
		t.Error("the cancelled subscription was renewed")
	}

	// A private removed product stays hidden from strangers.
	p := f.product(t, updRemoved)
	p.Info.Privacy = PrivacyPrivate
	f.products.products[p.ID] = *p
	stranger := &User{ID: 10, AccountID: "100000000009", Role: RoleRoot}
	if _, err := svc.Subscribe(ctx, stranger, updRemoved, true); ErrorCode(err) != ENOTFOUND {
		t.Errorf("Subscribe(private removed, stranger) error = %v, want ENOTFOUND", err)
	}

	// The replacement is open.
	sub, err := svc.Subscribe(ctx, buyer, updReplacement, true)
	if err != nil {
		t.Fatalf("Subscribe(public) error = %v", err)
	}
	if sub.Test || !sub.CreatedAt.Equal(updAt) || sub.ProductID != updReplacement {
		t.Errorf("subscription = %+v", sub)
	}
}

// TestUnpublishThenSubscribe removes a listing through the service: new
// buyers are refused, existing subscribers keep seeing it in full.
func TestUnpublishThenSubscribe(t *testing.T) {
	ctx := context.Background()
	f := newUpdFixture(t)
	subs := newUpdSubscriptionsFake()
	market := &MarketplaceService{Products: f.products, Subscriptions: subs, Clock: f.clock}
	buyer := &User{ID: 9, AccountID: updBuyer, Role: RoleRoot}
	if _, err := market.Subscribe(ctx, buyer, updProduct, true); err != nil {
		t.Fatalf("Subscribe() before removal error = %v", err)
	}
	f.clock.Advance(time.Hour)
	p := f.product(t, updProduct)
	if err := f.svc.Unpublish(ctx, f.actor, p, p.Revision, Removal{Email: "a@example.com", Reason: "Retired"}); err != nil {
		t.Fatal(err)
	}
	late := &User{ID: 11, AccountID: "100000000011", Role: RoleRoot}
	if _, err := market.Subscribe(ctx, late, updProduct, true); updMessage(err) != MsgProductRemoved {
		t.Errorf("Subscribe() after removal error = %v, want %s", err, MsgProductRemoved)
	}
	_, a, err := market.VisibleProduct(ctx, updProduct, updBuyer)
	if err != nil || !a.Full() || !a.Subscribed() || !a.Removed {
		t.Errorf("subscriber's access = %+v, %v; want full and removed", a, err)
	}
	_, a, err = market.VisibleProduct(ctx, updProduct, late.AccountID)
	if err != nil || a.Full() || !a.Removed {
		t.Errorf("stranger's access = %+v, %v; want the removal notice only", a, err)
	}
	current, _ := subs.ProductSubscriptions(ctx, updProduct)
	if len(current) != 1 || current[0].AccountID != updBuyer {
		t.Errorf("ProductSubscriptions() = %+v, want the buyer's", current)
	}
}

func TestConfigureLaunchResourceGone(t *testing.T) {
	versions := []Version{{ID: 1, Number: "1.0", Status: VersionPublic}}
	regions := RegionAvailability{Regions: []string{"us-east-1"}}
	_, err := ConfigureLaunch(KindModelPackage, versions, regions, func(Version) *SageMakerResource { return nil }, "1", "", "", "")
	updWantError(t, err, ENOTFOUND, MsgNotFound)
	r := goodModelPackage()
	l, err := ConfigureLaunch(KindModelPackage, versions, regions, func(Version) *SageMakerResource { return &r }, "1", "", "", "ml.m5.large")
	if err != nil || l.Version.ID != 1 || l.Region != "us-east-1" || l.InstanceType != "ml.m5.large" {
		t.Errorf("ConfigureLaunch() = %+v, %v", l, err)
	}
}

// TestRemovedProductIsNotEdited: a removed listing stays as it was removed,
// for its existing buyers; every editor operation refuses it and stores
// nothing.
func TestRemovedProductIsNotEdited(t *testing.T) {
	ctx := context.Background()
	edits := map[string]func(*ListingService, *Product, *User) error{
		"information": func(s *ListingService, p *Product, u *User) error {
			info := p.Info
			info.Title = "Renamed"
			return s.UpdateInformation(ctx, u, p, p.Revision, info)
		},
		"support": func(s *ListingService, p *Product, u *User) error {
			return s.UpdateSupport(ctx, u, p, p.Revision, SupportInfo{Chosen: true})
		},
		"version": func(s *ListingService, p *Product, u *User) error {
			v := Version{ID: 1, ProductID: p.ID, Number: "1.0", Status: VersionPublic}
			return s.UpdateVersion(ctx, u, p, p.Revision, &v, VersionInformation, Version{Number: "1.0", ReleaseNotes: "New notes."})
		},
		"launch option": func(s *ListingService, p *Product, u *User) error {
			_, err := s.AddLaunchOption(ctx, Principal{User: u}, p, p.Revision, "arn:aws:sagemaker:us-east-1:"+updSeller+":model-package/new")
			return err
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			f := newUpdFixture(t)
			before := f.state()
			listings := &ListingService{Products: f.products, Clock: f.clock}
			err := edit(listings, f.product(t, updRemoved), f.actor)
			if AsError(err).Message != MsgAlreadyRemoved {
				t.Fatalf("edit of a removed product: %v, want %s", err, MsgAlreadyRemoved)
			}
			f.wantUnchanged(t, before)
		})
	}
}
