package persistence_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

func apiChangeSet(t *testing.T, account string, at time.Time, entities ...string) *domain.ChangeSet {
	t.Helper()
	id, err := domain.NewChangeSetID()
	if err != nil {
		t.Fatal(err)
	}
	cs := &domain.ChangeSet{ID: id, Status: domain.ChangeSetPreparing, StartedAt: at, Actor: "arn:aws:iam::" + account + ":root",
		AccountID: account, RequestedBy: 1, Intent: "APPLY"}
	for _, e := range entities {
		cs.Changes = append(cs.Changes, domain.Change{ChangeType: "UpdateInformation", EntityType: domain.EntityTypeMachineLearningProduct,
			EntityID: e, Details: `{"Description":{}}`})
	}
	return cs
}

// TestAPIChangeSetsLockTheirEntities: a second change set on a locked
// entity is refused, whoever comes first among parallel starts, and the
// lock goes when the first one ends.
func TestAPIChangeSetsLockTheirEntities(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.ChangeSets()
		var started atomic.Int32
		var wg sync.WaitGroup
		sets := make([]*domain.ChangeSet, 6)
		for i := range sets {
			sets[i] = apiChangeSet(t, "111122223333", now, "prod-aaaaaaaaaaaaa", "prod-bbbbbbbbbbbbb")
			wg.Go(func() {
				switch err := store.StartChangeSet(ctx, sets[i]); domain.ErrorCode(err) {
				case "":
					started.Add(1)
				case domain.ECONFLICT:
				default:
					t.Errorf("StartChangeSet: %v", err)
				}
			})
		}
		wg.Wait()
		if started.Load() != 1 {
			t.Fatalf("%d change sets started on the same entities, want 1", started.Load())
		}
		pending, err := store.PreparingChangeSets(ctx, now, 10)
		if err != nil || len(pending) != 1 || len(pending[0].Changes) != 2 {
			t.Fatalf("PreparingChangeSets = %+v, %v", pending, err)
		}
		first := &pending[0]

		// Another entity is free.
		if err := store.StartChangeSet(ctx, apiChangeSet(t, "111122223333", now, "prod-ccccccccccccc")); err != nil {
			t.Fatal(err)
		}
		ok, err := store.ClaimChangeSet(ctx, first.ID, now)
		if err != nil || !ok {
			t.Fatalf("ClaimChangeSet = %v, %v", ok, err)
		}
		if ok, _ := store.ClaimChangeSet(ctx, first.ID, now); ok {
			t.Fatal("a change set was claimed twice")
		}
		first.Status, first.EndedAt, first.ClaimedAt = domain.ChangeSetFailed, now.Add(time.Minute), now
		first.FailureCode = domain.FailureClientError
		first.Changes[1].Errors = []domain.ChangeError{{Code: "INVALID_INPUT", Message: "Details.Description.ProductTitle: required"}}
		if err := store.FinishChangeSet(ctx, first); err != nil {
			t.Fatal(err)
		}
		got, err := store.ChangeSet(ctx, "111122223333", first.ID)
		if err != nil || got.Status != domain.ChangeSetFailed || got.FailureCode != domain.FailureClientError ||
			len(got.Changes[1].Errors) != 1 || got.Changes[1].Errors[0].Code != "INVALID_INPUT" || got.EndedAt.IsZero() {
			t.Fatalf("ChangeSet = %+v, %v", got, err)
		}
		if err := store.StartChangeSet(ctx, apiChangeSet(t, "111122223333", now, "prod-aaaaaaaaaaaaa")); err != nil {
			t.Fatalf("lock not released: %v", err)
		}
		if _, err := store.ChangeSet(ctx, "444455556666", first.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another account read the change set: %v", err)
		}
	})
}

// TestAPIChangeSetsCancelAndList: only a PREPARING change set cancels, and
// lists are the account's, newest first, in pages.
func TestAPIChangeSetsCancelAndList(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.ChangeSets()
		var ids []string
		for i := range 3 {
			cs := apiChangeSet(t, "111122223333", now.Add(time.Duration(i)*time.Second), "prod-aaaaaaaaaaaa"+string(rune('a'+i)))
			cs.ClientToken = "token-" + string(rune('a'+i))
			if err := store.StartChangeSet(ctx, cs); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, cs.ID)
		}
		if err := store.StartChangeSet(ctx, apiChangeSet(t, "444455556666", now, "prod-zzzzzzzzzzzzz")); err != nil {
			t.Fatal(err)
		}
		if ok, err := store.CancelChangeSet(ctx, "444455556666", ids[0], now); err != nil || ok {
			t.Fatalf("another account cancelled: %v, %v", ok, err)
		}
		if ok, err := store.CancelChangeSet(ctx, "111122223333", ids[0], now); err != nil || !ok {
			t.Fatalf("CancelChangeSet = %v, %v", ok, err)
		}
		if ok, _ := store.CancelChangeSet(ctx, "111122223333", ids[0], now); ok {
			t.Fatal("cancelled twice")
		}
		byToken, err := store.ChangeSetByToken(ctx, "111122223333", "token-b")
		if err != nil || byToken.ID != ids[1] {
			t.Fatalf("ChangeSetByToken = %+v, %v", byToken, err)
		}
		page, err := store.ListChangeSets(ctx, "111122223333", domain.ChangeSetQuery{Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[1] {
			t.Fatalf("first page = %+v, %v", page, err)
		}
		rest, err := store.ListChangeSets(ctx, "111122223333", domain.ChangeSetQuery{Limit: 2,
			AfterStartedAt: page[1].StartedAt, AfterID: page[1].ID})
		if err != nil || len(rest) != 1 || rest[0].ID != ids[0] || rest[0].Status != domain.ChangeSetCancelled {
			t.Fatalf("second page = %+v, %v", rest, err)
		}
		only, err := store.ListChangeSets(ctx, "111122223333", domain.ChangeSetQuery{Status: domain.ChangeSetCancelled})
		if err != nil || len(only) != 1 {
			t.Fatalf("cancelled = %+v, %v", only, err)
		}
	})
}

// TestAPIChangeSetClaimsLapse: a change set left APPLYING by a runner that
// stopped is waiting again once the lease is over, and only then.
func TestAPIChangeSetClaimsLapse(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.ChangeSets()
		cs := apiChangeSet(t, "111122223333", now, "prod-aaaaaaaaaaaaa")
		if err := store.StartChangeSet(ctx, cs); err != nil {
			t.Fatal(err)
		}
		if ok, err := store.ClaimChangeSet(ctx, cs.ID, now); err != nil || !ok {
			t.Fatalf("ClaimChangeSet = %v, %v", ok, err)
		}
		soon := now.Add(persistence.ClaimLease - time.Second)
		if waiting, err := store.PreparingChangeSets(ctx, soon, 10); err != nil || len(waiting) != 0 {
			t.Fatalf("a claimed change set is waiting within its lease: %+v, %v", waiting, err)
		}
		if ok, _ := store.ClaimChangeSet(ctx, cs.ID, soon); ok {
			t.Fatal("claimed again within the lease")
		}
		later := now.Add(persistence.ClaimLease + time.Second)
		waiting, err := store.PreparingChangeSets(ctx, later, 10)
		if err != nil || len(waiting) != 1 || waiting[0].ID != cs.ID {
			t.Fatalf("a lapsed claim is not waiting: %+v, %v", waiting, err)
		}
		if ok, err := store.ClaimChangeSet(ctx, cs.ID, later); err != nil || !ok {
			t.Fatalf("a lapsed claim could not be claimed again: %v, %v", ok, err)
		}
	})
}

// TestAPIChangeSetFinishIsFenced: a runner whose claim lapsed, and was
// taken by another, records nothing.
func TestAPIChangeSetFinishIsFenced(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.ChangeSets()
		cs := apiChangeSet(t, "111122223333", now, "prod-aaaaaaaaaaaaa")
		if err := store.StartChangeSet(ctx, cs); err != nil {
			t.Fatal(err)
		}
		if ok, _ := store.ClaimChangeSet(ctx, cs.ID, now); !ok {
			t.Fatal("first claim")
		}
		later := now.Add(persistence.ClaimLease + time.Minute)
		if ok, _ := store.ClaimChangeSet(ctx, cs.ID, later); !ok {
			t.Fatal("second claim after the lease")
		}
		stale := *cs
		stale.Status, stale.EndedAt, stale.ClaimedAt = domain.ChangeSetSucceeded, later, now
		if err := store.FinishChangeSet(ctx, &stale); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("the lapsed runner's finish: %v, want ECONFLICT", err)
		}
		fresh := *cs
		fresh.Status, fresh.EndedAt, fresh.ClaimedAt = domain.ChangeSetSucceeded, later, later
		if err := store.FinishChangeSet(ctx, &fresh); err != nil {
			t.Fatalf("the current runner's finish: %v", err)
		}
	})
}
