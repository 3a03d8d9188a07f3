package persistence

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestSQLiteConnectionsCacheMorePages: every connection of the pool gets
// the larger page cache from the DSN, not SQLite's 2 MB default, and leaves
// checkpoints to the checkpointer; the pool is capped.
func TestSQLiteConnectionsCacheMorePages(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pages int
	if err := db.gorm.Raw("PRAGMA cache_size").Scan(&pages).Error; err != nil {
		t.Fatal(err)
	}
	if pages != -16384 {
		t.Errorf("PRAGMA cache_size = %d, want -16384 (16 MB)", pages)
	}
	var autocheckpoint int
	if err := db.gorm.Raw("PRAGMA wal_autocheckpoint").Scan(&autocheckpoint).Error; err != nil {
		t.Fatal(err)
	}
	if autocheckpoint != 0 {
		t.Errorf("PRAGMA wal_autocheckpoint = %d, want 0 (the checkpointer checkpoints)", autocheckpoint)
	}
	sqlDB, err := db.gorm.DB()
	if err != nil {
		t.Fatal(err)
	}
	if n := sqlDB.Stats().MaxOpenConnections; n != maxSQLiteConns {
		t.Errorf("MaxOpenConnections = %d, want %d", n, maxSQLiteConns)
	}
}

// TestSQLiteWritersWaitTheirTurn: 50 goroutines writing at once, in
// transactions and in single statements, all succeed: none fails with
// "database is locked", and every row is there.
func TestSQLiteWritersWaitTheirTurn(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.gorm.Exec("CREATE TABLE writes (writer INTEGER, n INTEGER)").Error; err != nil {
		t.Fatal(err)
	}
	const writers, each = 50, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for n := range each {
				var err error
				if n%2 == 0 {
					err = db.InTransaction(context.Background(), func(ctx context.Context) error {
						var count int64
						if err := db.conn(ctx).Raw("SELECT COUNT(*) FROM writes WHERE writer = ?", w).Scan(&count).Error; err != nil {
							return err
						}
						return db.conn(ctx).Exec("INSERT INTO writes (writer, n) VALUES (?, ?)", w, count).Error
					})
				} else {
					err = db.gorm.Exec("INSERT INTO writes (writer, n) VALUES (?, ?)", w, n).Error
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var rows int64
	if err := db.gorm.Raw("SELECT COUNT(*) FROM writes").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if rows != writers*each {
		t.Fatalf("%d rows, want %d", rows, writers*each)
	}
}

// TestPostgresPoolQueuesInsteadOfFailing: the pool is capped, so a burst of
// more concurrent queries than the cap waits for connections instead of
// running the server out of them.
func TestPostgresPoolQueuesInsteadOfFailing(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		if !IsPostgres(dsn) {
			return
		}
		db := connectForTest(t, dsn)
		sqlDB, err := db.gorm.DB()
		if err != nil {
			t.Fatal(err)
		}
		if got := sqlDB.Stats().MaxOpenConnections; got != maxPostgresConns {
			t.Fatalf("MaxOpenConnections = %d, want %d", got, maxPostgresConns)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 3*maxPostgresConns)
		for range 3 * maxPostgresConns {
			wg.Go(func() {
				if err := db.gorm.Exec("SELECT pg_sleep(0.05)").Error; err != nil {
					errs <- domain.Internal(err)
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Errorf("query in a burst: %v", err)
		}
		if open := sqlDB.Stats().OpenConnections; open > maxPostgresConns {
			t.Errorf("%d connections open, want at most %d", open, maxPostgresConns)
		}
	})
}
