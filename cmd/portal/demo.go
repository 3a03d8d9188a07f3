package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/mlportal/portal/domain"
)

// demoUser is one account of the demo data, with the password to print.
type demoUser struct {
	Role        string
	AccountID   string
	AccountName string
	Email       string
	Password    string
	userRole    domain.Role
}

// demoUsers are fixed so that the README can list them. The account IDs are
// fixed too, so a tester's ID can be typed into a seller's allow-list.
func demoUsers() []demoUser {
	return []demoUser{
		{Role: "seller", AccountID: "111122223333", AccountName: "Example ML Seller", Email: "seller@example.com", Password: "seller-demo-password", userRole: domain.RoleRoot},
		{Role: "buyer", AccountID: "444455556666", AccountName: "Example Buyer", Email: "buyer@example.com", Password: "buyer-demo-password", userRole: domain.RoleRoot},
		{Role: "tester", AccountID: "777788889999", AccountName: "Example Tester", Email: "tester@example.com", Password: "tester-demo-password", userRole: domain.RoleRoot},
		{Role: "seller operations", AccountID: "000000000001", AccountName: "AWS Marketplace Seller Operations", Email: "operations@example.com", Password: "operations-demo-password", userRole: domain.RoleOperator},
	}
}

// seedDemo creates the demo accounts that do not exist yet; running it on
// every start is safe.
func seedDemo(ctx context.Context, accounts domain.AccountRepository, hasher domain.PasswordHasher, clock domain.Clock) ([]demoUser, error) {
	users := demoUsers()
	for _, d := range users {
		if _, err := accounts.UserByEmail(ctx, d.Email); err == nil {
			continue
		} else if domain.ErrorCode(err) != domain.ENOTFOUND {
			return nil, err
		}
		hash, err := hasher.Hash(d.Password)
		if err != nil {
			return nil, err
		}
		now := clock.Now()
		account := &domain.Account{ID: d.AccountID, Name: d.AccountName, CreatedAt: now}
		user := &domain.User{AccountID: d.AccountID, Email: d.Email, PasswordHash: hash, Role: d.userRole, CreatedAt: now}
		if err := accounts.CreateAccount(ctx, account, user); err != nil {
			return nil, fmt.Errorf("create %s: %w", d.Email, err)
		}
	}
	return users, nil
}

func printDemoUsers(w io.Writer, users []demoUser) {
	fmt.Fprintln(w, "Demo accounts (sign in at /login):")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROLE\tACCOUNT ID\tEMAIL\tPASSWORD")
	for _, u := range users {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", u.Role, u.AccountID, u.Email, u.Password)
	}
	tw.Flush()
}

// ensureOperator creates the configured Seller Operations user, in an
// operations account of its own, unless a user with that email exists.
func ensureOperator(ctx context.Context, accounts domain.AccountRepository, hasher domain.PasswordHasher, clock domain.Clock, email, password string) error {
	email = domain.NormalizeEmail(email)
	if _, err := accounts.UserByEmail(ctx, email); err == nil {
		return nil
	} else if domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	hash, err := hasher.Hash(password)
	if err != nil {
		return err
	}
	for range 5 {
		id, err := domain.NewAccountID()
		if err != nil {
			return err
		}
		now := clock.Now()
		acct := &domain.Account{ID: id, Name: "AWS Marketplace Seller Operations", CreatedAt: now}
		user := &domain.User{AccountID: id, Email: email, PasswordHash: hash, Role: domain.RoleOperator, CreatedAt: now}
		err = accounts.CreateAccount(ctx, acct, user)
		if domain.ErrorCode(err) != domain.ECONFLICT || domain.AsError(err).Message != "" {
			return err
		}
	}
	return errors.New("could not find a free account ID")
}
