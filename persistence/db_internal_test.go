package persistence

import (
	"context"
	"path/filepath"
	"testing"
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
