package persistence_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// created is a fixed creation time with microsecond precision, the finest
// both SQLite and PostgreSQL keep.
var created = time.Date(2026, 11, 23, 9, 30, 15, 123456000, time.UTC)

// wantDomainError fails the test unless err is a *domain.Error with code and
// message.
func wantDomainError(t *testing.T, err error, code string, msg domain.Message) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v (%T), want *domain.Error %s/%q", err, err, code, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("error = %s/%q (%v), want %s/%q", e.Code, e.Message, e, code, msg)
	}
}

func newAccount(id, email string) (*domain.Account, *domain.User) {
	a := &domain.Account{ID: id, Name: "Account " + id, CreatedAt: created}
	u := &domain.User{AccountID: id, Email: email, PasswordHash: "$argon2id$hash-of-" + email, Role: domain.RoleRoot, CreatedAt: created}
	return a, u
}

func assertUser(t *testing.T, got, want *domain.User) {
	t.Helper()
	if got.ID != want.ID || got.AccountID != want.AccountID || got.Email != want.Email ||
		got.PasswordHash != want.PasswordHash || got.Role != want.Role {
		t.Errorf("user = %+v, want %+v", *got, *want)
	}
	if !got.CreatedAt.Truncate(time.Second).Equal(want.CreatedAt.Truncate(time.Second)) {
		t.Errorf("user.CreatedAt = %v, want %v (to the second)", got.CreatedAt, want.CreatedAt)
	}
	if !got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("user.CreatedAt = %v, want exactly %v", got.CreatedAt, want.CreatedAt)
	}
}

func TestAccountStoreRoundTrip(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		acct, root := newAccount("001234567890", "alice@example.com")
		if err := store.CreateAccount(ctx, acct, root); err != nil {
			t.Fatalf("CreateAccount() error = %v", err)
		}
		if root.ID <= 0 {
			t.Fatalf("CreateAccount() left user ID %d, want the new row's ID", root.ID)
		}

		byEmail, err := store.UserByEmail(ctx, "alice@example.com")
		if err != nil {
			t.Fatalf("UserByEmail() error = %v", err)
		}
		assertUser(t, byEmail, root)

		byID, err := store.UserByID(ctx, root.ID)
		if err != nil {
			t.Fatalf("UserByID() error = %v", err)
		}
		assertUser(t, byID, root)

		gotAcct, err := store.AccountByID(ctx, "001234567890")
		if err != nil {
			t.Fatalf("AccountByID() error = %v", err)
		}
		// The leading zeros survive: the ID is text, not a number.
		if gotAcct.ID != "001234567890" || gotAcct.Name != acct.Name {
			t.Errorf("account = %+v, want %+v", *gotAcct, *acct)
		}
		if !gotAcct.CreatedAt.Truncate(time.Second).Equal(created.Truncate(time.Second)) || !gotAcct.CreatedAt.Equal(created) {
			t.Errorf("account.CreatedAt = %v, want %v", gotAcct.CreatedAt, created)
		}
	})
}

func TestAccountStoreKeepsRolesAndZones(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		// A creation time given in another zone is the same instant when read.
		paris := created.In(time.FixedZone("CET", 3600))
		acct := &domain.Account{ID: "111111111111", Name: "Seller Operations", CreatedAt: paris}
		op := &domain.User{AccountID: acct.ID, Email: "ops@example.com", PasswordHash: "h", Role: domain.RoleOperator, CreatedAt: paris}
		if err := store.CreateAccount(ctx, acct, op); err != nil {
			t.Fatalf("CreateAccount() error = %v", err)
		}
		got, err := store.UserByID(ctx, op.ID)
		if err != nil {
			t.Fatalf("UserByID() error = %v", err)
		}
		if got.Role != domain.RoleOperator || !got.IsOperator() {
			t.Errorf("Role = %q, want %q", got.Role, domain.RoleOperator)
		}
		if !got.CreatedAt.Equal(created) {
			t.Errorf("CreatedAt = %v, want the instant %v", got.CreatedAt, created)
		}
	})
}

func TestAccountStoreUsersWithoutEmail(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		// An empty email is stored as NULL, so two users without one do not
		// clash on the unique index.
		for _, id := range []string{"222222222222", "333333333333"} {
			a, u := newAccount(id, "")
			if err := store.CreateAccount(ctx, a, u); err != nil {
				t.Fatalf("CreateAccount(%s) without email: %v", id, err)
			}
			got, err := store.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatalf("UserByID() error = %v", err)
			}
			if got.Email != "" {
				t.Errorf("Email = %q, want empty", got.Email)
			}
		}
		_, err := store.UserByEmail(ctx, "")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
	})
}

func TestAccountStoreDuplicateEmail(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		a1, u1 := newAccount("100000000001", "alice@example.com")
		if err := store.CreateAccount(ctx, a1, u1); err != nil {
			t.Fatalf("first CreateAccount() error = %v", err)
		}
		a2, u2 := newAccount("100000000002", "alice@example.com")
		u2.PasswordHash = "other"
		err := store.CreateAccount(ctx, a2, u2)
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgEmailTaken)
		if u2.ID != 0 {
			t.Errorf("failed CreateAccount() set user ID %d", u2.ID)
		}

		// Both or neither: the second account was rolled back with its user.
		_, err = store.AccountByID(ctx, a2.ID)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)

		// The first user is untouched.
		got, err := store.UserByEmail(ctx, "alice@example.com")
		if err != nil {
			t.Fatalf("UserByEmail() error = %v", err)
		}
		assertUser(t, got, u1)
	})
}

func TestAccountStoreDuplicateAccountID(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		a1, u1 := newAccount("200000000000", "alice@example.com")
		if err := store.CreateAccount(ctx, a1, u1); err != nil {
			t.Fatalf("first CreateAccount() error = %v", err)
		}
		a2, u2 := newAccount("200000000000", "bob@example.com")
		a2.Name = "Impostor"
		err := store.CreateAccount(ctx, a2, u2)
		// No message: the caller retries with another ID.
		wantDomainError(t, err, domain.ECONFLICT, "")

		_, err = store.UserByEmail(ctx, "bob@example.com")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		got, err := store.AccountByID(ctx, "200000000000")
		if err != nil {
			t.Fatalf("AccountByID() error = %v", err)
		}
		if got.Name != a1.Name {
			t.Errorf("account name = %q, want the first account's %q", got.Name, a1.Name)
		}
	})
}

func TestAccountStoreNotFound(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		a, u := newAccount("300000000000", "alice@example.com")
		if err := store.CreateAccount(ctx, a, u); err != nil {
			t.Fatal(err)
		}
		_, err := store.UserByEmail(ctx, "nobody@example.com")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		// Lookups are by normalized email; the store does not fold case.
		_, err = store.UserByEmail(ctx, "ALICE@example.com")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.UserByID(ctx, u.ID+1000)
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.AccountByID(ctx, "300000000001")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		_, err = store.AccountByID(ctx, "")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
	})
}

func TestAccountStoreConcurrentSignupsOneEmail(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Accounts()
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				a, u := newAccount(fmt.Sprintf("4000000000%02d", i), "race@example.com")
				errs[i] = store.CreateAccount(ctx, a, u)
			})
		}
		wg.Wait()
		var ok int
		for i, err := range errs {
			switch {
			case err == nil:
				ok++
			case domain.ErrorCode(err) == domain.ECONFLICT && domain.AsError(err).Message == domain.MsgEmailTaken:
			default:
				t.Errorf("CreateAccount #%d error = %v, want nil or ECONFLICT/%s", i, err, domain.MsgEmailTaken)
			}
		}
		if ok != 1 {
			t.Errorf("%d concurrent sign-ups with one email succeeded, want 1", ok)
		}
		// Only the winner's account exists.
		var accounts int
		for i := range n {
			if _, err := store.AccountByID(ctx, fmt.Sprintf("4000000000%02d", i)); err == nil {
				accounts++
			}
		}
		if accounts != 1 {
			t.Errorf("%d accounts stored, want 1", accounts)
		}
	})
}
