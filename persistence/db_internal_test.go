package persistence

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestSQLiteConnectionsCacheMorePages: every connection of the pool gets
// the larger page cache from the DSN, not SQLite's 2 MB default.
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
	if pages != -32768 {
		t.Errorf("PRAGMA cache_size = %d, want -32768 (32 MB)", pages)
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
