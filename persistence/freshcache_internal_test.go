package persistence

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// TestRevisionsAreFreshAfterOwnWritesAndWithinFreshForOfOthers: a
// revision read lately answers again, but a write of this process makes it
// stale at once, and another process's write shows once freshFor passed.
func TestRevisionsAreFreshAfterOwnWritesAndWithinFreshForOfOthers(t *testing.T) {
	ctx := context.Background()
	this, other := twoProcesses(t)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	this.revisions.clock = func() time.Time { return now }
	const id = "prod-fresh00000001"
	const account = "111122223333"
	p := &domain.Product{ID: id, AccountID: account, CreatorARN: "arn:aws:iam::" + account + ":root", Type: domain.KindModelPackage,
		Status: domain.StatusDraft, CreatedAt: now, UpdatedAt: now}
	change := domain.ProductChange{ProductID: id, ChangeType: domain.ChangeCreateProduct, Actor: p.CreatorARN, At: now}
	if err := this.Products().CreateProduct(ctx, p, change); err != nil {
		t.Fatal(err)
	}
	if err := this.conn(ctx).Exec("UPDATE products SET revision = 1 WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	revision := func(want int, why string) {
		t.Helper()
		if got, err := this.Products().ProductRevision(ctx, id); err != nil || got != want {
			t.Errorf("%s: revision %d (%v), want %d", why, got, err, want)
		}
		if got, err := this.Products().ProductRevisions(ctx, []string{id}); err != nil || got[id] != want {
			t.Errorf("%s: revisions %v (%v), want %d", why, got, err, want)
		}
	}
	revision(1, "first read")
	if err := this.conn(ctx).Exec("UPDATE products SET revision = 2 WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	revision(2, "right after this process wrote")
	if err := other.conn(ctx).Exec("UPDATE products SET revision = 3 WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	revision(2, "within freshFor of another process's write")
	if got, err := this.Products().ProductRevision(domain.StoredReads(ctx), id); err != nil || got != 3 {
		t.Errorf("under domain.StoredReads: revision %d (%v), want the stored 3", got, err)
	}
	now = now.Add(freshFor)
	revision(3, "freshFor after another process's write")
	if err := other.conn(ctx).Exec("UPDATE products SET revision = 4 WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	err := this.InTransaction(ctx, func(ctx context.Context) error {
		rev, err := this.Products().ProductRevision(ctx, id)
		if rev != 4 {
			t.Errorf("in a transaction: revision %d (%v), want the stored 4", rev, err)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKeptSessionsEndOnSignOutAndExpiry: a session read lately answers
// again, but never past its expiry, at once after this process deleted it,
// and freshFor after another process did.
func TestKeptSessionsEndOnSignOutAndExpiry(t *testing.T) {
	ctx := context.Background()
	this, other := twoProcesses(t)
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	this.sessions.clock = func() time.Time { return now }
	save := func(id string) {
		t.Helper()
		if err := other.Sessions().SaveSession(ctx, domain.SessionRecord{ID: id, Data: "d", ExpiresAt: now.Add(time.Hour), CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
	}
	found := func(id string, at time.Time) bool {
		t.Helper()
		_, err := this.Sessions().Session(ctx, id, at)
		if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatal(err)
		}
		return err == nil
	}
	save("sess-a")
	save("sess-b")
	if !found("sess-a", now) || !found("sess-b", now) {
		t.Fatal("saved sessions not found")
	}
	if found("sess-a", now.Add(time.Hour)) {
		t.Error("a kept session answered at its expiry")
	}
	if err := this.Sessions().DeleteSession(ctx, "sess-a"); err != nil {
		t.Fatal(err)
	}
	if found("sess-a", now) {
		t.Error("a session this process deleted still answered")
	}
	if err := other.Sessions().DeleteSession(ctx, "sess-b"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(freshFor)
	if found("sess-b", now) {
		t.Errorf("a session another process deleted still answered %s later", freshFor)
	}
}

// twoProcesses opens one SQLite database twice, as two server processes
// sharing it do.
func twoProcesses(t *testing.T) (this, other *DB) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "portal.db")
	open := func() *DB {
		db, err := Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	return open(), open()
}
