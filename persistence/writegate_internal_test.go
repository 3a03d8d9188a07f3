package persistence

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestReadStatementsAreKeptAndBounded: a SELECT is prepared once and
// reused, and past maxReadStatements queries run unprepared instead of
// growing the cache.
func TestReadStatementsAreKeptAndBounded(t *testing.T) {
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "gate.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	gate, ok := db.gorm.ConnPool.(*writeGate)
	if !ok {
		t.Fatalf("SQLite's pool is %T, not the write gate", db.gorm.ConnPool)
	}
	first := gate.reads.get(gate.pool, "SELECT 1")
	if first == nil || gate.reads.get(gate.pool, "SELECT 1") != first {
		t.Fatal("the same SELECT was not kept prepared")
	}
	for i := len(gate.reads.stmts); i < maxReadStatements; i++ {
		if gate.reads.get(gate.pool, fmt.Sprintf("SELECT %d", i+2)) == nil {
			t.Fatalf("query %d not prepared", i)
		}
	}
	if gate.reads.get(gate.pool, "SELECT 'one too many'") != nil || len(gate.reads.stmts) != maxReadStatements {
		t.Errorf("the cache grew past %d: %d", maxReadStatements, len(gate.reads.stmts))
	}
	var n int
	if err := db.gorm.Raw("SELECT 'one too many' = 'one too many'").Row().Scan(&n); err != nil || n != 1 {
		t.Errorf("a query past the bound answered %d, %v", n, err)
	}
}
