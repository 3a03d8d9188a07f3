package persistence_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// Storage of product updates: version dates and restrictions, removals,
// history details, and who still uses a removed product.

const (
	updAcct      = "781000000001"
	updOtherAcct = "782000000002"
)

// updActor is the seller's root user.
var updActor = &domain.User{ID: 1, AccountID: updAcct, Email: "owner@example.com", Role: domain.RoleRoot}

// updPublish stores a public listing of accountID, released at at through
// SaveLifecycle so that it is in the catalog too.
func updPublish(t *testing.T, db *persistence.DB, id, accountID string, at time.Time) *domain.Product {
	t.Helper()
	ctx := context.Background()
	p := fullProduct(id, accountID)
	p.Info.Privacy, p.Info.AllowedAccounts = domain.PrivacyPublic, nil
	p.CreatedAt, p.UpdatedAt = at, at
	mustCreateProduct(t, db.Products(), p)
	p.Snapshot = domain.TakeSnapshot(p, nil, at)
	if err := domain.Release(p, nil, at); err != nil {
		t.Fatal(err)
	}
	ch := domain.ProductChange{ProductID: id, ChangeType: domain.ChangeReleaseProduct, Actor: updActor.ARN(), At: at}
	if err := db.Publishing().SaveLifecycle(ctx, p, p.Revision, nil, ch); err != nil {
		t.Fatalf("SaveLifecycle(release %s) error = %v", id, err)
	}
	return p
}

// updAddVersion adds a version of p delivering a new model package.
func updAddVersion(t *testing.T, db *persistence.DB, p *domain.Product, name string) *domain.Version {
	t.Helper()
	r := sampleModelPackage(p.AccountID, name)
	mustCreateResource(t, db.SageMaker(), r)
	v := fullVersion(p.ID, r.ARN())
	if err := db.Products().AddVersion(context.Background(), p, p.Revision, v, listingChange(p.ID, domain.ChangeAddDeliveryOptions, p.UpdatedAt)); err != nil {
		t.Fatalf("AddVersion(%s) error = %v", name, err)
	}
	return v
}

func updVersionsOf(t *testing.T, db *persistence.DB, productID string) []domain.Version {
	t.Helper()
	versions, err := db.Products().Versions(context.Background(), productID)
	if err != nil {
		t.Fatalf("Versions(%s) error = %v", productID, err)
	}
	return versions
}

func updAssertVersions(t *testing.T, label string, got, want []domain.Version) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d versions, want %d", label, len(got), len(want))
	}
	for i := range want {
		assertSameFields(t, fmt.Sprintf("%s: version %d", label, want[i].ID), got[i], want[i])
	}
}

// updAssertProduct compares two products, their removals field by field.
func updAssertProduct(t *testing.T, label string, got, want *domain.Product) {
	t.Helper()
	if (got.Removal == nil) != (want.Removal == nil) {
		t.Fatalf("%s: Removal = %+v, want %+v", label, got.Removal, want.Removal)
	}
	if want.Removal != nil {
		assertSameFields(t, label+": removal", *got.Removal, *want.Removal)
	}
	g, w := *got, *want
	g.Removal, w.Removal = nil, nil
	assertSameFields(t, label, g, w)
}

func TestPublishingStoreSaveLifecycleUpdates(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := updPublish(t, db, "prod-update0000001", updAcct, listedAt)
		var versions []domain.Version
		for _, name := range []string{"upd-a", "upd-b", "upd-c", "upd-d"} {
			versions = append(versions, *updAddVersion(t, db, p, name))
		}
		submitted, released := listedAt.Add(time.Hour), listedAt.Add(2*time.Hour)
		earlier := listedAt.Add(90 * time.Minute)
		versions[0].Status, versions[0].SubmittedAt, versions[0].ReleasedAt, versions[0].RestrictPending = domain.VersionPublic, submitted, released, true
		versions[1].Status, versions[1].SubmittedAt, versions[1].ReleasedAt = domain.VersionPublic, submitted, released
		versions[2].Status, versions[2].SubmittedAt, versions[2].ReleasedAt, versions[2].RestrictedAt = domain.VersionRestricted, submitted, released, earlier
		versions[3].Status, versions[3].SubmittedAt = domain.VersionLimited, released
		p.UpdatedAt = listedAt.Add(3 * time.Hour)
		ch := domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeRestrictDeliveryOptions, Actor: updActor.ARN(), At: p.UpdatedAt, Detail: "1.0"}
		if err := db.Publishing().SaveLifecycle(ctx, p, p.Revision, versions, ch); err != nil {
			t.Fatalf("SaveLifecycle(restrict) error = %v", err)
		}
		updAssertVersions(t, "pending", updVersionsOf(t, db, p.ID), versions)
		updAssertProduct(t, "pending", mustProduct(t, store, updAcct, p.ID), p)

		// Staging applies the restriction; the store keeps its time and
		// clears the mark.
		staged := listedAt.Add(4 * time.Hour)
		p.PublishDueAt = staged
		if err := domain.Stage(p, versions, staged); err != nil {
			t.Fatal(err)
		}
		if err := db.Publishing().SaveLifecycle(ctx, p, p.Revision, versions, listingChange(p.ID, domain.ChangeUpdateVisibility, staged)); err != nil {
			t.Fatalf("SaveLifecycle(staged) error = %v", err)
		}
		got := updVersionsOf(t, db, p.ID)
		updAssertVersions(t, "staged", got, versions)
		if got[0].Status != domain.VersionRestricted || got[0].RestrictPending || !got[0].RestrictedAt.Equal(staged) || !got[0].ReleasedAt.Equal(released) {
			t.Errorf("restricted version = %+v", got[0])
		}

		// The seller removes the listing.
		removedAt := listedAt.Add(5 * time.Hour)
		p.Status, p.UpdatedAt = domain.StatusRestricted, removedAt
		p.Removal = &domain.Removal{Email: "contact@example.com", Reason: "Remplacé par «v2».\nMerci — 谢谢",
			ReplacementID: "prod-update0000009", At: removedAt, SupportUntil: domain.SupportEnd(removedAt)}
		if err := db.Publishing().SaveLifecycle(ctx, p, p.Revision, versions, listingChange(p.ID, domain.ChangeUpdateVisibility, removedAt)); err != nil {
			t.Fatalf("SaveLifecycle(removed) error = %v", err)
		}
		stored := mustProduct(t, store, updAcct, p.ID)
		updAssertProduct(t, "removed", stored, p)
		byID, err := store.ProductByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		updAssertProduct(t, "removed by ID", byID, p)
		if !stored.Removed() || !stored.Removal.SupportUntil.Equal(removedAt.AddDate(0, 0, 90)) {
			t.Errorf("stored removal = %+v", stored.Removal)
		}

		// An ordinary save keeps the removal.
		stored.UpdatedAt = removedAt.Add(time.Hour)
		if err := store.SaveProduct(ctx, stored, stored.Revision, listingChange(p.ID, domain.ChangeUpdateInformation, stored.UpdatedAt)); err != nil {
			t.Fatal(err)
		}
		updAssertProduct(t, "saved again", mustProduct(t, store, updAcct, p.ID), stored)

		// A stale save changes nothing.
		versions[1].RestrictPending = true
		err = db.Publishing().SaveLifecycle(ctx, p, p.Revision, versions, listingChange(p.ID, domain.ChangeRestrictDeliveryOptions, removedAt))
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgChangedSinceOpened)
		if got := updVersionsOf(t, db, p.ID); got[1].RestrictPending {
			t.Error("a stale SaveLifecycle saved a version")
		}
	})
}

func TestProductStoreChangeDetail(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := updPublish(t, db, "prod-update0000002", updAcct, listedAt)
		other := updPublish(t, db, "prod-update0000003", updAcct, listedAt)
		restrict := domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeRestrictDeliveryOptions, Actor: updActor.ARN(),
			At: listedAt.Add(time.Hour), Detail: "1.0, 2.0 «β», 版本3"}
		if err := db.Publishing().SaveLifecycle(ctx, p, p.Revision, nil, restrict); err != nil {
			t.Fatal(err)
		}
		edit := listingChange(p.ID, domain.ChangeUpdateInformation, listedAt.Add(2*time.Hour))
		if err := store.SaveProduct(ctx, p, p.Revision, edit); err != nil {
			t.Fatal(err)
		}
		remove := domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeUpdateVisibility, Actor: updActor.ARN(),
			At: listedAt.Add(3 * time.Hour), Detail: string(domain.StatusRestricted)}
		if err := db.Publishing().SaveLifecycle(ctx, p, p.Revision, nil, remove); err != nil {
			t.Fatal(err)
		}
		elsewhere := domain.ProductChange{ProductID: other.ID, ChangeType: domain.ChangeUpdateVisibility, Actor: "x", At: listedAt.Add(4 * time.Hour), Detail: "other"}
		if err := db.Publishing().SaveLifecycle(ctx, other, other.Revision, nil, elsewhere); err != nil {
			t.Fatal(err)
		}

		got, err := store.ProductChanges(ctx, p.ID, 10)
		if err != nil {
			t.Fatalf("ProductChanges() error = %v", err)
		}
		want := []domain.ProductChange{remove, edit, restrict,
			{ProductID: p.ID, ChangeType: domain.ChangeReleaseProduct, Actor: updActor.ARN(), At: listedAt},
			listingChange(p.ID, domain.ChangeCreateProduct, listedAt)}
		if len(got) != len(want) {
			t.Fatalf("ProductChanges() = %+v, want %+v", got, want)
		}
		for i := range want {
			assertSameFields(t, fmt.Sprintf("change %d", i), got[i], want[i])
		}
	})
}

// TestProductStoreRemovedProducts removes listings of two sellers through
// the publishing service: Seller Operations lists them newest first, and
// the catalog no longer does.
func TestProductStoreRemovedProducts(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		clock := domain.NewFakeClock(listedAt.Add(time.Hour))
		svc := &domain.PublishingService{Repo: db.Publishing(), Products: db.Products(), Clock: clock}
		ids := []string{"prod-update0000011", "prod-update0000012", "prod-update0000013", "prod-update0000014"}
		accounts := []string{updAcct, updOtherAcct, updAcct, updOtherAcct}
		for i, id := range ids {
			updPublish(t, db, id, accounts[i], listedAt)
		}
		draft := fullProduct("prod-update0000015", updAcct)
		draft.Status = domain.StatusDraft
		mustCreateProduct(t, db.Products(), draft)
		limited := fullProduct("prod-update0000016", updOtherAcct)
		mustCreateProduct(t, db.Products(), limited)

		search := func() []string {
			t.Helper()
			q, err := domain.ParseCatalogQuery("", "", "", "", "", "", "")
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.Catalog().SearchCatalog(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range page.Entries {
				out = append(out, e.ProductID)
			}
			slices.Sort(out)
			return out
		}
		if got := search(); !slices.Equal(got, ids) {
			t.Fatalf("catalog before removals = %v, want %v", got, ids)
		}
		if none, err := db.Products().RemovedProducts(ctx, 10); err != nil || len(none) != 0 {
			t.Fatalf("RemovedProducts() before removals = %v, %v; want none", none, err)
		}

		// Removed in the order 11, 13, 12, an hour apart; 14 stays.
		removedAt := map[string]time.Time{}
		for _, i := range []int{0, 2, 1} {
			clock.Advance(time.Hour)
			actor := &domain.User{ID: int64(i + 1), AccountID: accounts[i], Email: "owner@example.com", Role: domain.RoleRoot}
			p := mustProduct(t, db.Products(), accounts[i], ids[i])
			req := domain.Removal{Email: "Owner@Example.com", Reason: "Retired " + ids[i]}
			if i == 2 {
				req.ReplacementID = ids[0] // already removed: refused
				err := svc.Unpublish(ctx, actor, p, p.Revision, req)
				wantFieldError(t, err, domain.FieldReplacementID, domain.MsgReplacementInvalid)
				req.ReplacementID = ""
			}
			if err := svc.Unpublish(ctx, actor, p, p.Revision, req); err != nil {
				t.Fatalf("Unpublish(%s) error = %v", ids[i], err)
			}
			removedAt[ids[i]] = clock.Now()
		}

		got, err := db.Products().RemovedProducts(ctx, 10)
		if err != nil {
			t.Fatalf("RemovedProducts() error = %v", err)
		}
		var gotIDs []string
		for _, p := range got {
			gotIDs = append(gotIDs, p.ID)
			at := removedAt[p.ID]
			if p.Status != domain.StatusRestricted || p.Removal == nil || !p.Removal.At.Equal(at) ||
				!p.Removal.SupportUntil.Equal(domain.SupportEnd(at)) || p.Removal.Email != "owner@example.com" || p.Removal.Reason != "Retired "+p.ID {
				t.Errorf("%s: status %s removal %+v", p.ID, p.Status, p.Removal)
			}
			if p.Info.Title == "" || p.AccountID == "" {
				t.Errorf("%s: listed without its fields: %+v", p.ID, p)
			}
		}
		wantIDs := []string{ids[1], ids[2], ids[0]}
		if !slices.Equal(gotIDs, wantIDs) {
			t.Errorf("RemovedProducts() = %v, want %v", gotIDs, wantIDs)
		}
		limitedList, err := db.Products().RemovedProducts(ctx, 2)
		if err != nil || len(limitedList) != 2 || limitedList[0].ID != ids[1] || limitedList[1].ID != ids[2] {
			t.Errorf("RemovedProducts(limit 2) = %d products, %v; want %v", len(limitedList), err, wantIDs[:2])
		}
		if got := search(); !slices.Equal(got, ids[3:]) {
			t.Errorf("catalog after removals = %v, want %v", got, ids[3:])
		}
		changes, err := db.Products().ProductChanges(ctx, ids[0], 1)
		if err != nil || len(changes) != 1 || changes[0].ChangeType != domain.ChangeUpdateVisibility || changes[0].Detail != `{"TargetVisibility":"Restricted"}` ||
			changes[0].Actor != "arn:aws:iam::"+updAcct+":root" || !changes[0].At.Equal(removedAt[ids[0]]) {
			t.Errorf("latest change of %s = %+v, %v", ids[0], changes, err)
		}
	})
}

// updSubscribe stores a subscription made at at.
func updSubscribe(t *testing.T, db *persistence.DB, accountID, productID string, at time.Time) {
	t.Helper()
	if err := db.Subscriptions().Subscribe(context.Background(), &domain.Subscription{AccountID: accountID, ProductID: productID, CreatedAt: at}); err != nil {
		t.Fatalf("Subscribe(%s, %s) error = %v", accountID, productID, err)
	}
}

func TestSubscriptionStoreProductSubscriptions(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		subs := db.Subscriptions()
		const p, q = "prod-update0000021", "prod-update0000022"
		const b1, b2, b3 = "791000000001", "792000000002", "793000000003"
		updPublish(t, db, p, updAcct, listedAt)
		updPublish(t, db, q, updAcct, listedAt)
		updSubscribe(t, db, b1, p, listedAt.Add(time.Hour))
		updSubscribe(t, db, b2, p, listedAt.Add(3*time.Hour))
		updSubscribe(t, db, b3, p, listedAt.Add(2*time.Hour))
		updSubscribe(t, db, b1, q, listedAt.Add(4*time.Hour))
		if err := subs.Cancel(ctx, b3, p, listedAt.Add(5*time.Hour)); err != nil {
			t.Fatal(err)
		}
		list := func(productID string) []string {
			t.Helper()
			got, err := subs.ProductSubscriptions(ctx, productID)
			if err != nil {
				t.Fatalf("ProductSubscriptions(%s) error = %v", productID, err)
			}
			var out []string
			for _, s := range got {
				if s.ProductID != productID || !s.CancelledAt.IsZero() || s.CreatedAt.IsZero() {
					t.Errorf("subscription %+v", s)
				}
				out = append(out, s.AccountID+"@"+s.CreatedAt.UTC().Format("15:04"))
			}
			return out
		}
		if got, want := list(p), []string{b2 + "@17:05", b1 + "@15:05"}; !slices.Equal(got, want) {
			t.Errorf("ProductSubscriptions(p) = %v, want %v", got, want)
		}
		if got, want := list(q), []string{b1 + "@18:05"}; !slices.Equal(got, want) {
			t.Errorf("ProductSubscriptions(q) = %v, want %v", got, want)
		}
		if got := list("prod-unknown000001"); len(got) != 0 {
			t.Errorf("ProductSubscriptions(unknown) = %v, want none", got)
		}
		// A cancelled subscription renewed counts again, from its new date.
		updSubscribe(t, db, b3, p, listedAt.Add(6*time.Hour))
		if got, want := list(p), []string{b3 + "@20:05", b2 + "@17:05", b1 + "@15:05"}; !slices.Equal(got, want) {
			t.Errorf("ProductSubscriptions(p) after renewal = %v, want %v", got, want)
		}
	})
}

// TestSageMakerStoreResourceUserSubscribers checks the count behind the
// support rule, then deletes through the service once nobody is left.
func TestSageMakerStoreResourceUserSubscribers(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		sm := db.SageMaker()
		subs := db.Subscriptions()
		p := updPublish(t, db, "prod-update0000031", updAcct, listedAt)
		other := updPublish(t, db, "prod-update0000032", updAcct, listedAt)
		v := updAddVersion(t, db, p, "upd-used")
		updAddVersion(t, db, other, "upd-other")
		const b1, b2, b3 = "791000000001", "792000000002", "793000000003"
		updSubscribe(t, db, b1, p.ID, listedAt)
		updSubscribe(t, db, b2, p.ID, listedAt)
		updSubscribe(t, db, b3, p.ID, listedAt)
		updSubscribe(t, db, b1, other.ID, listedAt)
		updSubscribe(t, db, b2, other.ID, listedAt)
		if err := subs.Cancel(ctx, b3, p.ID, listedAt.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		user := func() *domain.ResourceUser {
			t.Helper()
			u, err := sm.ResourceUser(ctx, v.ResourceARN)
			if err != nil || u == nil || u.Product == nil || u.Product.ID != p.ID {
				t.Fatalf("ResourceUser() = %+v, %v; want product %s", u, err, p.ID)
			}
			return u
		}
		if u := user(); u.Subscribers != 2 || u.Product.Removed() {
			t.Errorf("ResourceUser() = %d subscribers, removed %v; want 2, live", u.Subscribers, u.Product.Removed())
		}

		clock := domain.NewFakeClock(listedAt.Add(2 * time.Hour))
		publishing := &domain.PublishingService{Repo: db.Publishing(), Products: db.Products(), Clock: clock}
		stored := mustProduct(t, db.Products(), updAcct, p.ID)
		if err := publishing.Unpublish(ctx, updActor, stored, stored.Revision, domain.Removal{Email: "a@example.com", Reason: "Retired"}); err != nil {
			t.Fatal(err)
		}
		u := user()
		if !u.Product.Removed() || u.Product.Removal == nil || !u.Product.Removal.SupportUntil.Equal(domain.SupportEnd(clock.Now())) || u.Subscribers != 2 {
			t.Errorf("ResourceUser() after removal = %+v with %d subscribers", u.Product, u.Subscribers)
		}

		svc := &domain.SageMakerService{Repo: sm, Usage: sm, Clock: clock}
		r, err := sm.ResourceByARN(ctx, v.ResourceARN)
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(24 * time.Hour)
		for _, buyer := range []string{b1, b2} {
			wantDomainError(t, svc.Delete(ctx, r.AccountID, r.Kind, r.Name), domain.ECONFLICT, domain.MsgResourceSupported)
			if err := subs.Cancel(ctx, buyer, p.ID, clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		if u := user(); u.Subscribers != 0 {
			t.Errorf("ResourceUser() = %d subscribers after every cancellation, want 0", u.Subscribers)
		}
		if err := svc.Delete(ctx, r.AccountID, r.Kind, r.Name); err != nil {
			t.Fatalf("Delete() without subscribers error = %v", err)
		}
		if _, err := sm.ResourceByARN(ctx, v.ResourceARN); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("ResourceByARN() after Delete() error = %v, want ENOTFOUND", err)
		}
		// The other product's subscribers were never counted.
		ou, err := sm.ResourceUser(ctx, sampleModelPackage(updAcct, "upd-other").ARN())
		if err != nil || ou == nil || ou.Product.ID != other.ID || ou.Subscribers != 2 {
			t.Errorf("ResourceUser(other) = %+v, %v; want %s with 2 subscribers", ou, err, other.ID)
		}
	})
}

// TestProductStoreRemovedProductsByRemovalTime edits a removed listing
// after another was removed: the list stays in order of removal, as
// RemovedProducts promises ("most recently removed first").
func TestProductStoreRemovedProductsByRemovalTime(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		clock := domain.NewFakeClock(listedAt.Add(time.Hour))
		publishing := &domain.PublishingService{Repo: db.Publishing(), Products: db.Products(), Clock: clock}
		listings := &domain.ListingService{Products: db.Products(), Clock: clock}
		first, second := "prod-update0000041", "prod-update0000042"
		for _, id := range []string{first, second} {
			updPublish(t, db, id, updAcct, listedAt)
			clock.Advance(time.Hour)
			p := mustProduct(t, db.Products(), updAcct, id)
			if err := publishing.Unpublish(ctx, updActor, p, p.Revision, domain.Removal{Email: "a@example.com", Reason: "Retired"}); err != nil {
				t.Fatal(err)
			}
		}
		// The editor refuses a removed listing; a save that still touches it
		// (as a later migration or an operator fix might) must not reorder
		// the removals.
		clock.Advance(time.Hour)
		p := mustProduct(t, db.Products(), updAcct, first)
		info := p.Info
		info.ShortDescription = "No longer sold."
		if err := listings.UpdateInformation(ctx, updActor, p, p.Revision, info); domain.AsError(err).Message != domain.MsgAlreadyRemoved {
			t.Fatalf("UpdateInformation(removed) error = %v, want %s", err, domain.MsgAlreadyRemoved)
		}
		p.UpdatedAt = clock.Now()
		if err := db.Products().SaveProduct(ctx, p, p.Revision); err != nil {
			t.Fatal(err)
		}
		got, err := db.Products().RemovedProducts(ctx, 10)
		if err != nil || len(got) != 2 {
			t.Fatalf("RemovedProducts() = %d products, %v; want 2", len(got), err)
		}
		if got[0].ID != second || got[1].ID != first {
			t.Errorf("RemovedProducts() = [%s (removed %s), %s (removed %s)], want the most recently removed %s first",
				got[0].ID, got[0].Removal.At, got[1].ID, got[1].Removal.At, second)
		}
	})
}
