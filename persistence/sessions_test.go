package persistence_test

import (
	"context"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// now is the tests' present, with microsecond precision.
var now = time.Date(2026, 11, 23, 12, 0, 0, 654321000, time.UTC)

func assertSession(t *testing.T, got, want domain.SessionRecord) {
	t.Helper()
	if got.ID != want.ID || got.Data != want.Data || !got.ExpiresAt.Equal(want.ExpiresAt) {
		t.Errorf("session = %+v, want %+v", got, want)
	}
}

func TestSessionStoreSaveLoad(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		rec := domain.SessionRecord{ID: "sess-1", Data: "signed|opaque|data\x01é", ExpiresAt: now.Add(time.Hour)}
		if err := store.SaveSession(ctx, rec); err != nil {
			t.Fatalf("SaveSession() error = %v", err)
		}
		got, err := store.Session(ctx, "sess-1", now)
		if err != nil {
			t.Fatalf("Session() error = %v", err)
		}
		assertSession(t, got, rec)

		_, err = store.Session(ctx, "sess-2", now)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
	})
}

func TestSessionStoreOverwrite(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		if err := store.SaveSession(ctx, domain.SessionRecord{ID: "sess-1", Data: "old", ExpiresAt: now.Add(time.Minute)}); err != nil {
			t.Fatalf("first SaveSession() error = %v", err)
		}
		other := domain.SessionRecord{ID: "sess-2", Data: "other", ExpiresAt: now.Add(time.Minute)}
		if err := store.SaveSession(ctx, other); err != nil {
			t.Fatal(err)
		}
		renewed := domain.SessionRecord{ID: "sess-1", Data: "new", ExpiresAt: now.Add(24 * time.Hour)}
		if err := store.SaveSession(ctx, renewed); err != nil {
			t.Fatalf("second SaveSession() error = %v, want an upsert", err)
		}
		got, err := store.Session(ctx, "sess-1", now.Add(time.Hour))
		if err != nil {
			t.Fatalf("Session() after renewal error = %v", err)
		}
		assertSession(t, got, renewed)
		got, err = store.Session(ctx, "sess-2", now)
		if err != nil {
			t.Fatalf("Session(other) error = %v", err)
		}
		assertSession(t, got, other)
	})
}

func TestSessionStoreExpired(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		rec := domain.SessionRecord{ID: "sess-1", Data: "d", ExpiresAt: now}
		if err := store.SaveSession(ctx, rec); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			at   time.Time
			want bool
		}{
			{"a second before expiry", now.Add(-time.Second), true},
			{"a microsecond before expiry", now.Add(-time.Microsecond), true},
			{"at expiry", now, false},
			{"a microsecond after expiry", now.Add(time.Microsecond), false},
			{"a day after expiry", now.Add(24 * time.Hour), false},
		}
		for _, tt := range tests {
			got, err := store.Session(ctx, "sess-1", tt.at)
			if tt.want {
				if err != nil {
					t.Errorf("%s: Session() error = %v, want the session", tt.name, err)
				} else {
					assertSession(t, got, rec)
				}
				continue
			}
			if domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("%s: Session() = %+v, %v; want ENOTFOUND", tt.name, got, err)
			}
		}
	})
}

func TestSessionStoreDelete(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		for _, id := range []string{"sess-1", "sess-2"} {
			if err := store.SaveSession(ctx, domain.SessionRecord{ID: id, Data: id, ExpiresAt: now.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := store.DeleteSession(ctx, "sess-1"); err != nil {
			t.Fatalf("DeleteSession() error = %v", err)
		}
		_, err := store.Session(ctx, "sess-1", now)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		if _, err := store.Session(ctx, "sess-2", now); err != nil {
			t.Errorf("DeleteSession() removed another session: %v", err)
		}
		if err := store.DeleteSession(ctx, "sess-1"); err != nil {
			t.Errorf("DeleteSession() of a missing session error = %v, want nil", err)
		}
	})
}

func TestSessionStoreDeleteExpired(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		recs := []domain.SessionRecord{
			{ID: "expired-long-ago", Data: "a", ExpiresAt: now.Add(-24 * time.Hour)},
			{ID: "expired-just-now", Data: "b", ExpiresAt: now.Add(-time.Microsecond)},
			{ID: "expires-now", Data: "c", ExpiresAt: now},
			{ID: "valid", Data: "d", ExpiresAt: now.Add(time.Microsecond)},
			{ID: "valid-long", Data: "e", ExpiresAt: now.Add(time.Hour)},
		}
		for _, r := range recs {
			if err := store.SaveSession(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		n, err := store.DeleteExpiredSessions(ctx, now)
		if err != nil {
			t.Fatalf("DeleteExpiredSessions() error = %v", err)
		}
		if n != 3 {
			t.Errorf("DeleteExpiredSessions() = %d, want 3", n)
		}
		// Deleted rows are gone even for a reader whose clock is behind.
		for _, id := range []string{"expired-long-ago", "expired-just-now", "expires-now"} {
			if _, err := store.Session(ctx, id, now.Add(-48*time.Hour)); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("Session(%s) after cleanup error = %v, want ENOTFOUND", id, err)
			}
		}
		for _, r := range recs[3:] {
			got, err := store.Session(ctx, r.ID, now)
			if err != nil {
				t.Errorf("Session(%s) after cleanup error = %v, want kept", r.ID, err)
				continue
			}
			assertSession(t, got, r)
		}
		n, err = store.DeleteExpiredSessions(ctx, now)
		if err != nil || n != 0 {
			t.Errorf("second DeleteExpiredSessions() = %d, %v; want 0, nil", n, err)
		}
	})
}

func TestSessionStoreNowInOtherZone(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		rec := domain.SessionRecord{ID: "sess-1", Data: "d", ExpiresAt: now.Add(time.Hour)}
		if err := store.SaveSession(ctx, rec); err != nil {
			t.Fatal(err)
		}
		newYork := time.FixedZone("UTC-5", -5*3600)
		tokyo := time.FixedZone("UTC+9", 9*3600)

		if got, err := store.Session(ctx, rec.ID, now.Add(2*time.Hour).In(newYork)); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("Session() an hour after expiry, clock in UTC-5 = %+v, %v; want ENOTFOUND", got, err)
		}
		if _, err := store.Session(ctx, rec.ID, now.Add(30*time.Minute).In(tokyo)); err != nil {
			t.Errorf("Session() before expiry, clock in UTC+9 error = %v, want the session", err)
		}
		n, err := store.DeleteExpiredSessions(ctx, now.Add(30*time.Minute).In(tokyo))
		if err != nil || n != 0 {
			t.Errorf("DeleteExpiredSessions() before expiry, clock in UTC+9 = %d, %v; want 0, nil", n, err)
		}
	})
}
