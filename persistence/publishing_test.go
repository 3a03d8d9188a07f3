package persistence_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// publishingFixture is a submitted product on db, due at due.
func submittedProduct(t *testing.T, db *persistence.DB, id string, due time.Time) *domain.Product {
	t.Helper()
	ctx := context.Background()
	p := &domain.Product{ID: id, AccountID: "111122223333", CreatorARN: "arn:aws:iam::111122223333:root", Status: domain.StatusDraft,
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic}, Regions: domain.DefaultRegions(), CreatedAt: due, UpdatedAt: due}
	if err := db.Products().CreateProduct(ctx, p, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeCreateProduct, Actor: "test", At: due}); err != nil {
		t.Fatal(err)
	}
	p.SubmittedAt, p.PublishDueAt = due.Add(-time.Hour), due
	job := domain.PublishJob{ProductID: id, AccountID: p.AccountID, DueAt: due}
	if err := db.Publishing().Submit(ctx, p, 0, job, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeSubmitForPublishing, Actor: "test", At: due}); err != nil {
		t.Fatal(err)
	}
	return p
}

func publishingService(db *persistence.DB, clock domain.Clock) *domain.PublishingService {
	return &domain.PublishingService{Repo: db.Publishing(), Products: db.Products(), Clock: clock}
}

func stagedCount(t *testing.T, db *persistence.DB, id string) int {
	t.Helper()
	changes, err := db.Products().ProductChanges(context.Background(), id, 100)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ch := range changes {
		if ch.ChangeType == domain.ChangeUpdateVisibility {
			n++
		}
	}
	return n
}

// TestPublishingJobRunsAfterRestart schedules a job, closes the database as
// a stopping server would, lets the job fall due, and starts again: the
// first pass of the new process stages the product.
func TestPublishingJobRunsAfterRestart(t *testing.T) {
	for _, open := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", persistencetest.SQLiteDSN}, {"postgres", persistencetest.PostgresDSN}} {
		t.Run(open.name, func(t *testing.T) {
			dsn := open.dsn(t)
			ctx := context.Background()
			due := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
			first, err := persistence.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			submittedProduct(t, first, "prod-restart00000a", due)
			if n, err := publishingService(first, domain.NewFakeClock(due.Add(-time.Minute))).RunDue(ctx); err != nil || n != 0 {
				t.Fatalf("ran %d before due (%v)", n, err)
			}
			first.Close()

			second, err := persistence.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer second.Close()
			if n, err := publishingService(second, domain.NewFakeClock(due.Add(time.Hour))).RunDue(ctx); err != nil || n != 1 {
				t.Fatalf("ran %d at start (%v)", n, err)
			}
			p, err := second.Products().Product(ctx, "111122223333", "prod-restart00000a")
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != domain.StatusLimited || p.PublishingInProgress() {
				t.Fatalf("after restart: %s pending %v", p.Status, p.PublishingInProgress())
			}
		})
	}
}

// TestTwoSchedulersRunEachJobOnce runs two schedulers, each with its own
// connection pool as two server processes have, against one database.
func TestTwoSchedulersRunEachJobOnce(t *testing.T) {
	for _, open := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", persistencetest.SQLiteDSN}, {"postgres", persistencetest.PostgresDSN}} {
		t.Run(open.name, func(t *testing.T) {
			dsn := open.dsn(t)
			ctx := context.Background()
			due := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
			a, err := persistence.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			b, err := persistence.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			const jobs = 12
			ids := make([]string, jobs)
			for i := range ids {
				ids[i] = "prod-concurrent" + strings.Repeat(string(rune('a'+i)), 2)
				submittedProduct(t, a, ids[i], due)
			}
			clock := domain.NewFakeClock(due.Add(time.Minute))
			var wg sync.WaitGroup
			ran := make([]int, 2)
			errs := make([]error, 2)
			for i, db := range []*persistence.DB{a, b} {
				wg.Go(func() { ran[i], errs[i] = publishingService(db, clock).RunDue(ctx) })
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if ran[0]+ran[1] != jobs {
				t.Fatalf("schedulers ran %d + %d jobs, want %d in all", ran[0], ran[1], jobs)
			}
			for _, id := range ids {
				if n := stagedCount(t, a, id); n != 1 {
					t.Errorf("%s staged %d times", id, n)
				}
			}
		})
	}
}
