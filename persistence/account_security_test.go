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

// TestUserSessionsListAndEnd: sessions are found and ended by their user,
// keeping the one asked for, and a user's list has none of another's.
func TestUserSessionsListAndEnd(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Sessions()
		save := func(id string, user int64, created time.Time, expires time.Time) {
			t.Helper()
			rec := domain.SessionRecord{ID: id, Data: "d", UserID: user, CreatedAt: created, ExpiresAt: expires,
				UserAgent: "Browser/" + id, ClientAddress: "192.0.2.1"}
			if err := store.SaveSession(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
		save("a", 1, now.Add(-2*time.Hour), now.Add(time.Hour))
		save("b", 1, now.Add(-time.Hour), now.Add(time.Hour))
		save("old", 1, now.Add(-3*time.Hour), now.Add(-time.Minute))
		save("c", 2, now, now.Add(time.Hour))
		// Saving again keeps the description of the first save.
		if err := store.SaveSession(ctx, domain.SessionRecord{ID: "a", Data: "e", UserID: 1, CreatedAt: now,
			ExpiresAt: now.Add(2 * time.Hour), UserAgent: "Other"}); err != nil {
			t.Fatal(err)
		}

		got, err := store.UserSessions(ctx, 1, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != "b" || got[1].ID != "a" || got[1].UserAgent != "Browser/a" || got[1].Data != "e" ||
			!got[1].CreatedAt.Equal(now.Add(-2*time.Hour)) || got[0].ClientAddress != "192.0.2.1" {
			t.Fatalf("UserSessions(1) = %+v", got)
		}

		n, err := store.DeleteUserSessions(ctx, 1, "b")
		if err != nil || n != 2 { // a and the expired one
			t.Fatalf("DeleteUserSessions(1, b) = %d, %v", n, err)
		}
		if _, err := store.Session(ctx, "b", now); err != nil {
			t.Fatalf("kept session gone: %v", err)
		}
		if _, err := store.Session(ctx, "c", now); err != nil {
			t.Fatalf("another user's session gone: %v", err)
		}
		if n, err := store.DeleteUserSessions(ctx, 1, ""); err != nil || n != 1 {
			t.Fatalf("DeleteUserSessions(1, \"\") = %d, %v", n, err)
		}
	})
}

// TestTokensAreSpentOnce: of many requests spending one token at once,
// exactly one succeeds; expired and other-purpose tokens are not found.
func TestTokensAreSpentOnce(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Tokens()
		for _, tok := range []domain.UserToken{
			{UserID: 7, Purpose: domain.TokenPasswordReset, Hash: "h1", ExpiresAt: now.Add(time.Minute)},
			{UserID: 7, Purpose: domain.TokenPasswordReset, Hash: "h2", ExpiresAt: now.Add(-time.Second)},
		} {
			if err := store.CreateToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := store.PeekToken(ctx, domain.TokenConfirmEmail, "h1", now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("token found for another purpose: %v", err)
		}
		if _, err := store.UseToken(ctx, domain.TokenPasswordReset, "h2", now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("expired token used: %v", err)
		}
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				tok, err := store.UseToken(ctx, domain.TokenPasswordReset, "h1", now)
				switch {
				case err == nil && tok.UserID == 7:
					wins.Add(1)
				case domain.ErrorCode(err) != domain.ENOTFOUND:
					t.Errorf("UseToken: %v", err)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("token spent %d times, want once", wins.Load())
		}
	})
}

// TestCredentialsChange: a new hash and a confirmed email are stored; a
// missing user is ENOTFOUND.
func TestCredentialsChange(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		accounts := db.Accounts()
		acct := &domain.Account{ID: "123456789012", Name: "Acme", CreatedAt: now}
		user := &domain.User{AccountID: acct.ID, Email: "a@acme.example", PasswordHash: "old", Role: domain.RoleRoot,
			CreatedAt: now, EmailPending: true}
		if err := accounts.CreateAccount(ctx, acct, user); err != nil {
			t.Fatal(err)
		}
		if err := accounts.SetPassword(ctx, user.ID, "new"); err != nil {
			t.Fatal(err)
		}
		if err := accounts.ConfirmEmail(ctx, user.ID); err != nil {
			t.Fatal(err)
		}
		got, err := accounts.UserByID(ctx, user.ID)
		if err != nil || got.PasswordHash != "new" || got.EmailPending {
			t.Fatalf("user = %+v, %v", got, err)
		}
		if err := accounts.SetPassword(ctx, 999999, "x"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("SetPassword(missing) = %v", err)
		}
	})
}
