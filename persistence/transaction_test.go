package persistence_test

import (
	"context"
	"errors"
	"testing"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// TestInTransactionIsAllOrNothing: what stores write inside InTransaction
// is kept only when the function succeeds, including writes that run in a
// store's own transaction.
func TestInTransactionIsAllOrNothing(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		accounts := db.Accounts()
		create := func(ctx context.Context, id, email string) error {
			return accounts.CreateAccount(ctx, &domain.Account{ID: id, Name: "Acme", CreatedAt: now},
				&domain.User{AccountID: id, Email: email, PasswordHash: "h", Role: domain.RoleRoot, CreatedAt: now})
		}
		failure := errors.New("the third change failed")
		err := db.InTransaction(ctx, func(ctx context.Context) error {
			if err := create(ctx, "111111111111", "a@acme.example"); err != nil {
				return err
			}
			if err := db.Sessions().SaveSession(ctx, domain.SessionRecord{ID: "s1", Data: "d", ExpiresAt: now.Add(1e12)}); err != nil {
				return err
			}
			// Reads inside see the writes made inside.
			if _, err := accounts.UserByEmail(ctx, "a@acme.example"); err != nil {
				return err
			}
			return failure
		})
		if !errors.Is(err, failure) {
			t.Fatalf("InTransaction = %v, want the function's error", err)
		}
		if _, err := accounts.UserByEmail(ctx, "a@acme.example"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("account kept after a failed transaction: %v", err)
		}
		if _, err := db.Sessions().Session(ctx, "s1", now); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("session kept after a failed transaction: %v", err)
		}

		err = db.InTransaction(ctx, func(ctx context.Context) error {
			if err := create(ctx, "222222222222", "b@acme.example"); err != nil {
				return err
			}
			// A nested call joins the same transaction.
			return db.InTransaction(ctx, func(ctx context.Context) error { return create(ctx, "333333333333", "c@acme.example") })
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"b@acme.example", "c@acme.example"} {
			if _, err := accounts.UserByEmail(ctx, email); err != nil {
				t.Fatalf("%s not kept: %v", email, err)
			}
		}
	})
}
