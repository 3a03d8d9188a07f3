package persistence_test

import (
	"context"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

func assertThrottle(t *testing.T, got, want domain.LoginThrottle) {
	t.Helper()
	if got.Key != want.Key || got.Failures != want.Failures ||
		!got.WindowStart.Equal(want.WindowStart) || !got.LockedUntil.Equal(want.LockedUntil) {
		t.Errorf("throttle = %+v, want %+v", got, want)
	}
	if got.WindowStart.IsZero() != want.WindowStart.IsZero() || got.LockedUntil.IsZero() != want.LockedUntil.IsZero() {
		t.Errorf("zero times not kept: got %+v, want %+v", got, want)
	}
}

func TestThrottleStoreMissingKey(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		got, err := db.Throttles().Throttle(context.Background(), "nobody@example.com")
		if err != nil {
			t.Fatalf("Throttle() error = %v", err)
		}
		if got != (domain.LoginThrottle{Key: "nobody@example.com"}) {
			t.Errorf("Throttle() = %+v, want a zero record with the key", got)
		}
	})
}

func TestThrottleStoreSaveOverwriteDelete(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Throttles()
		first := domain.LoginThrottle{Key: "alice@example.com", Failures: 3, WindowStart: now}
		if err := store.SaveThrottle(ctx, first); err != nil {
			t.Fatalf("SaveThrottle() error = %v", err)
		}
		other := domain.LoginThrottle{Key: "bob@example.com", Failures: 1, WindowStart: now.Add(-time.Minute)}
		if err := store.SaveThrottle(ctx, other); err != nil {
			t.Fatal(err)
		}
		got, err := store.Throttle(ctx, first.Key)
		if err != nil {
			t.Fatalf("Throttle() error = %v", err)
		}
		assertThrottle(t, got, first)

		// What ThrottlePolicy.AfterFailure gives on lock: no window, a lock.
		locked := domain.LoginThrottle{Key: "alice@example.com", LockedUntil: now.Add(15 * time.Minute)}
		if err := store.SaveThrottle(ctx, locked); err != nil {
			t.Fatalf("SaveThrottle() overwrite error = %v", err)
		}
		got, err = store.Throttle(ctx, first.Key)
		if err != nil {
			t.Fatal(err)
		}
		assertThrottle(t, got, locked)
		if !got.Locked(now) || got.Locked(now.Add(15*time.Minute)) {
			t.Errorf("stored lock does not hold for exactly 15 minutes: %+v", got)
		}

		if err := store.DeleteThrottle(ctx, first.Key); err != nil {
			t.Fatalf("DeleteThrottle() error = %v", err)
		}
		got, err = store.Throttle(ctx, first.Key)
		if err != nil {
			t.Fatal(err)
		}
		if got != (domain.LoginThrottle{Key: first.Key}) {
			t.Errorf("Throttle() after delete = %+v, want a zero record", got)
		}
		if err := store.DeleteThrottle(ctx, first.Key); err != nil {
			t.Errorf("DeleteThrottle() of a missing key error = %v, want nil", err)
		}

		got, err = store.Throttle(ctx, other.Key)
		if err != nil {
			t.Fatal(err)
		}
		assertThrottle(t, got, other)
	})
}

func TestThrottleStoreWithAuthService(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		clock := domain.NewFakeClock(now)
		svc := &domain.AuthService{
			Accounts:  db.Accounts(),
			Throttles: db.Throttles(),
			Hasher:    domain.NewFastHasher(),
			Clock:     clock,
			Policy:    domain.DefaultThrottlePolicy,
		}
		_, user, err := svc.Signup(ctx, domain.SignupInput{AccountName: "Acme", Email: "Alice@Example.com", Password: "correct horse battery"})
		if err != nil {
			t.Fatalf("Signup() error = %v", err)
		}
		_, _, err = svc.Signup(ctx, domain.SignupInput{AccountName: "Acme 2", Email: "alice@example.com", Password: "correct horse battery"})
		if e := domain.AsError(err); e.Code != domain.EINVALID || e.Fields[domain.FieldEmail] != domain.MsgEmailTaken {
			t.Errorf("second Signup() error = %v, want EINVALID with email taken", err)
		}
		for range domain.DefaultThrottlePolicy.MaxFailures {
			_, err = svc.Login(ctx, "alice@example.com", "wrong password!")
		}
		wantDomainError(t, err, domain.ETOOMANY, domain.MsgTooManyAttempts)
		_, err = svc.Login(ctx, "alice@example.com", "correct horse battery")
		wantDomainError(t, err, domain.ETOOMANY, domain.MsgTooManyAttempts)
		clock.Advance(domain.DefaultThrottlePolicy.LockFor)
		got, err := svc.Login(ctx, "alice@example.com", "correct horse battery")
		if err != nil {
			t.Fatalf("Login() after the lock error = %v", err)
		}
		if got.ID != user.ID || got.AccountID != user.AccountID {
			t.Errorf("Login() = %+v, want %+v", *got, *user)
		}
	})
}
