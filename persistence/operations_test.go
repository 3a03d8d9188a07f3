package persistence_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

var decidedAt = time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)

var opsOperator = &domain.User{AccountID: "000000000001", Role: domain.RoleOperator}

// testAccounts returns n distinct account IDs starting at from.
func testAccounts(from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%012d", from+i)
	}
	return out
}

// productWithRequest stores a product with the given test accounts and a
// pending request from its seller for more.
func productWithRequest(t *testing.T, db *persistence.DB, id string, has, asked []string) *domain.TestAccountRequest {
	t.Helper()
	p := fullProduct(id, listingAcct)
	p.TestAccounts = has
	mustCreateProduct(t, db.Products(), p)
	r := &domain.TestAccountRequest{ProductID: id, AccountID: listingAcct, Accounts: asked, Message: "Our QA team.",
		State: domain.RequestPending, CreatedBy: "arn:aws:iam::" + listingAcct + ":root", CreatedAt: listedAt}
	if err := db.Operations().CreateRequest(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

func requestByID(t *testing.T, db *persistence.DB, productID string, id int64) domain.TestAccountRequest {
	t.Helper()
	list, err := db.Operations().ProductRequests(context.Background(), productID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range list {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("request %d not found", id)
	return domain.TestAccountRequest{}
}

func notificationsOf(t *testing.T, db *persistence.DB, accountID string) []domain.Notification {
	t.Helper()
	list, err := db.Operations().Notifications(context.Background(), accountID, 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestOperationsStoreDecideRequest(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		svc := &domain.OperationsService{Repo: db.Operations(), Clock: domain.NewFakeClock(decidedAt)}
		r := productWithRequest(t, db, "prod-decide", testAccounts(1, 2), testAccounts(2, 3))
		before := mustProduct(t, db.Products(), listingAcct, "prod-decide")

		got, err := svc.Decide(ctx, opsOperator, r.ID, true)
		if err != nil {
			t.Fatalf("Decide() error = %v", err)
		}
		stored := requestByID(t, db, "prod-decide", r.ID)
		if stored.State != domain.RequestApproved || stored.DecidedBy != opsOperator.ARN() || !stored.DecidedAt.Equal(decidedAt) {
			t.Errorf("stored request = %+v", stored)
		}
		if got.State != stored.State || got.DecidedBy != stored.DecidedBy {
			t.Errorf("Decide() = %+v, stored %+v", got, stored)
		}
		p := mustProduct(t, db.Products(), listingAcct, "prod-decide")
		if want := testAccounts(1, 4); !slices.Equal(p.TestAccounts, want) {
			t.Errorf("test accounts = %v, want %v", p.TestAccounts, want)
		}
		if p.Revision != before.Revision+1 || !p.UpdatedAt.Equal(decidedAt) {
			t.Errorf("product revision %d (updated %v), want %d (%v)", p.Revision, p.UpdatedAt, before.Revision+1, decidedAt)
		}
		if types := changeTypesOf(t, db.Products(), "prod-decide"); types[0] != domain.ChangeUpdateTargeting {
			t.Errorf("history %v, want UpdateTargeting first", types)
		}
		notes := notificationsOf(t, db, listingAcct)
		if len(notes) != 1 || notes[0].Message != domain.MsgNotifyRequestApproved || notes[0].Data["Product"] != "prod-decide" ||
			!notes[0].CreatedAt.Equal(decidedAt) || notes[0].Read {
			t.Errorf("notifications = %+v", notes)
		}

		// Deciding again is refused and changes nothing.
		_, err = svc.Decide(ctx, opsOperator, r.ID, false)
		if e := domain.AsError(err); e.Code != domain.ECONFLICT || e.Message != domain.MsgAlreadyDecided {
			t.Errorf("second Decide() error = %v, want already decided", err)
		}
		if requestByID(t, db, "prod-decide", r.ID).State != domain.RequestApproved || len(notificationsOf(t, db, listingAcct)) != 1 {
			t.Error("a second decision changed the request or notified")
		}
		if _, err := svc.Decide(ctx, opsOperator, r.ID+1000, true); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("Decide(missing) error = %v, want %s", err, domain.ENOTFOUND)
		}

		// A rejection notifies and leaves the product as it was.
		rej := productWithRequest(t, db, "prod-reject", nil, testAccounts(1, 1))
		created := mustProduct(t, db.Products(), listingAcct, "prod-reject")
		if _, err := svc.Decide(ctx, opsOperator, rej.ID, false); err != nil {
			t.Fatal(err)
		}
		if p := mustProduct(t, db.Products(), listingAcct, "prod-reject"); len(p.TestAccounts) != 0 || p.Revision != created.Revision {
			t.Errorf("rejection changed the product: %v, revision %d, want %d", p.TestAccounts, p.Revision, created.Revision)
		}
		if notes := notificationsOf(t, db, listingAcct); len(notes) != 2 || notes[0].Message != domain.MsgNotifyRequestRejected {
			t.Errorf("notifications = %+v", notes)
		}
	})
}

func TestOperationsStoreDecideRequestOverTheCap(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		svc := &domain.OperationsService{Repo: db.Operations(), Clock: domain.NewFakeClock(decidedAt)}
		has := testAccounts(1, domain.MaxTestAccounts-1)
		r := productWithRequest(t, db, "prod-full", has, testAccounts(500, 2))
		before := mustProduct(t, db.Products(), listingAcct, "prod-full")

		_, err := svc.Decide(ctx, opsOperator, r.ID, true)
		if e := domain.AsError(err); e.Code != domain.ECONFLICT || e.Message != domain.MsgTestAccountsOverLimit {
			t.Fatalf("Decide() error = %v, want %s", err, domain.MsgTestAccountsOverLimit)
		}
		if got := requestByID(t, db, "prod-full", r.ID); got.State != domain.RequestPending || got.DecidedBy != "" || !got.DecidedAt.IsZero() {
			t.Errorf("refused request = %+v, want still pending", got)
		}
		p := mustProduct(t, db.Products(), listingAcct, "prod-full")
		if !slices.Equal(p.TestAccounts, has) || p.Revision != before.Revision {
			t.Errorf("product changed: %d accounts, revision %d", len(p.TestAccounts), p.Revision)
		}
		if len(notificationsOf(t, db, listingAcct)) != 0 || len(changeTypesOf(t, db.Products(), "prod-full")) != 1 {
			t.Error("a refused approval notified or recorded a change")
		}
	})
}

// TestOperationsStoreDecideRequestOnce has two operators decide one request
// at once on two connections: one wins, the other is told it was decided.
func TestOperationsStoreDecideRequestOnce(t *testing.T) {
	for _, open := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", persistencetest.SQLiteDSN}, {"postgres", persistencetest.PostgresDSN}} {
		t.Run(open.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := open.dsn(t)
			var dbs []*persistence.DB
			for range 2 {
				db, err := persistence.Open(ctx, dsn, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				dbs = append(dbs, db)
			}
			const requests = 6
			ids := make([]int64, requests)
			for i := range ids {
				ids[i] = productWithRequest(t, dbs[0], fmt.Sprintf("prod-race%d", i), nil, testAccounts(10*i+1, 2)).ID
			}
			errs := make([][]error, 2)
			var wg sync.WaitGroup
			for i, db := range dbs {
				svc := &domain.OperationsService{Repo: db.Operations(), Clock: domain.NewFakeClock(decidedAt)}
				wg.Go(func() {
					for _, id := range ids {
						_, err := svc.Decide(ctx, opsOperator, id, i == 0)
						errs[i] = append(errs[i], err)
					}
				})
			}
			wg.Wait()
			for k := range ids {
				a, b := errs[0][k], errs[1][k]
				won := 0
				for _, err := range []error{a, b} {
					switch e := domain.AsError(err); {
					case err == nil:
						won++
					case e.Code != domain.ECONFLICT || e.Message != domain.MsgAlreadyDecided:
						t.Errorf("request %d: error = %v, want already decided", ids[k], err)
					}
				}
				if won != 1 {
					t.Errorf("request %d decided %d times (%v, %v)", ids[k], won, a, b)
				}
			}
			if n := len(notificationsOf(t, dbs[0], listingAcct)); n != requests {
				t.Errorf("%d notifications, want %d", n, requests)
			}
		})
	}
}
