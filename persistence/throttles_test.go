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

func TestThrottleStoreUpdate(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Throttles()
		var seen domain.LoginThrottle
		got, err := store.UpdateThrottle(ctx, "new@example.com", func(th domain.LoginThrottle) (domain.LoginThrottle, error) {
			seen = th
			th.Failures, th.WindowStart, th.LockedUntil = 2, now, now.Add(time.Second)
			return th, nil
		})
		if err != nil {
			t.Fatalf("UpdateThrottle() error = %v", err)
		}
		if seen != (domain.LoginThrottle{Key: "new@example.com"}) {
			t.Errorf("update saw %+v, want a zero record with the key", seen)
		}
		want := domain.LoginThrottle{Key: "new@example.com", Failures: 2, WindowStart: now, LockedUntil: now.Add(time.Second)}
		assertThrottle(t, got, want)
		stored, err := store.Throttle(ctx, "new@example.com")
		if err != nil {
			t.Fatal(err)
		}
		assertThrottle(t, stored, want)

		// A refusal stores nothing, not even a row for a new key.
		refusal := domain.Errorf(domain.ETOOMANY, domain.MsgTooManyAttempts)
		_, err = store.UpdateThrottle(ctx, "new@example.com", func(th domain.LoginThrottle) (domain.LoginThrottle, error) {
			th.Failures = 99
			return th, refusal
		})
		if err != refusal {
			t.Errorf("UpdateThrottle() error = %v, want the update's own error", err)
		}
		_, err = store.UpdateThrottle(ctx, "other", func(th domain.LoginThrottle) (domain.LoginThrottle, error) {
			return th, refusal
		})
		if err != refusal {
			t.Errorf("UpdateThrottle() error = %v, want the update's own error", err)
		}
		if stored, _ = store.Throttle(ctx, "new@example.com"); stored.Failures != 2 {
			t.Errorf("refused update stored Failures = %d", stored.Failures)
		}
		if stored, _ = store.Throttle(ctx, "other"); stored != (domain.LoginThrottle{Key: "other"}) {
			t.Errorf("refused update of a new key stored %+v", stored)
		}
	})
}

// TestThrottleStoreConcurrentReservations fires 100 reservations at once at
// one key: each must see the count the one before it left.
func TestThrottleStoreConcurrentReservations(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Throttles()
		const n, limit = 100, 30
		policy := domain.ThrottlePolicy{Window: time.Hour, PairLimit: limit}
		var wg sync.WaitGroup
		var allowed, refused, failed atomic.Int64
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := store.UpdateThrottle(ctx, "burst", func(th domain.LoginThrottle) (domain.LoginThrottle, error) {
					return policy.PairAttempt(th, now)
				})
				switch domain.ErrorCode(err) {
				case "":
					allowed.Add(1)
				case domain.ETOOMANY:
					refused.Add(1)
				default:
					failed.Add(1)
					t.Errorf("UpdateThrottle() error = %v", err)
				}
			}()
		}
		wg.Wait()
		if allowed.Load() != limit || refused.Load() != n-limit || failed.Load() != 0 {
			t.Errorf("%d allowed, %d refused, %d failed; want %d, %d, 0",
				allowed.Load(), refused.Load(), failed.Load(), limit, n-limit)
		}
		got, err := store.Throttle(ctx, "burst")
		if err != nil {
			t.Fatal(err)
		}
		if got.Failures != limit {
			t.Errorf("stored count = %d, want exactly %d", got.Failures, limit)
		}

		// Without a limit every one of 100 increments lands.
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := store.UpdateThrottle(ctx, "count", func(th domain.LoginThrottle) (domain.LoginThrottle, error) {
					th.Failures++
					return th, nil
				})
				if err != nil {
					t.Errorf("UpdateThrottle() error = %v", err)
				}
			}()
		}
		wg.Wait()
		if got, _ := store.Throttle(ctx, "count"); got.Failures != n {
			t.Errorf("counter after %d concurrent increments = %d, want exactly %d", n, got.Failures, n)
		}
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
		const client, owner domain.ClientAddress = "192.0.2.1", "198.51.100.7"
		in := domain.SignupInput{AccountName: "Acme", Email: "Alice@Example.com", Password: "correct horse battery"}
		_, user, err := svc.Signup(ctx, client, in)
		if err != nil {
			t.Fatalf("Signup() error = %v", err)
		}
		in.AccountName = "Acme 2"
		_, _, err = svc.Signup(ctx, client, in)
		if e := domain.AsError(err); e.Code != domain.EINVALID || e.Fields[domain.FieldEmail] != domain.MsgEmailTaken {
			t.Errorf("second Signup() error = %v, want EINVALID with email taken", err)
		}
		for range domain.DefaultThrottlePolicy.FreeFailures {
			_, err = svc.Login(ctx, client, "alice@example.com", "wrong password!")
			wantDomainError(t, err, domain.EUNAUTHORIZED, domain.MsgBadCredentials)
		}
		_, err = svc.Login(ctx, owner, "alice@example.com", "correct horse battery")
		wantDomainError(t, err, domain.ETOOMANY, domain.MsgSignInWaitSeconds)
		clock.Advance(domain.DefaultThrottlePolicy.BaseDelay)
		got, err := svc.Login(ctx, owner, "alice@example.com", "correct horse battery")
		if err != nil {
			t.Fatalf("Login() after the wait error = %v", err)
		}
		if got.ID != user.ID || got.AccountID != user.AccountID {
			t.Errorf("Login() = %+v, want %+v", *got, *user)
		}
	})
}
