package persistence_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/mlportal/portal/persistence"
)

// sqliteFiles are the database file and the two files WAL mode keeps beside it.
func sqliteFiles(path string) []string { return []string{path, path + "-wal", path + "-shm"} }

func expectPrivate(t *testing.T, files []string) {
	t.Helper()
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			t.Errorf("stat %s: %v", filepath.Base(f), err)
			continue
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s has mode %v, want -rw-------", filepath.Base(f), mode)
		}
	}
}

func TestSQLiteFilesAreReadableByTheOwnerOnly(t *testing.T) {
	for _, tt := range []struct {
		name string
		dsn  func(path string) string
	}{
		{"path", func(path string) string { return path }},
		{"file: URI", func(path string) string { return "file:" + path + "?cache=private" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "portal.db")
			open(t, tt.dsn(path)) // migrates, so the WAL files exist while it is open
			expectPrivate(t, sqliteFiles(path))
		})
	}
}

func TestOpenMakesAnExistingSQLiteFilePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := persistence.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	open(t, path)
	expectPrivate(t, sqliteFiles(path))
}
