package persistence_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	_ "github.com/mattn/go-sqlite3" // to read the file's pragmas apart from GORM

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// eachDSN runs fn with the DSN of a fresh, unopened database: a SQLite file
// always, a PostgreSQL schema when one is configured.
func eachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, persistencetest.SQLiteDSN(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, persistencetest.PostgresDSN(t)) })
}

func open(t *testing.T, dsn string) *persistence.DB {
	t.Helper()
	db, err := persistence.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestIsPostgres(t *testing.T) {
	tests := []struct {
		dsn  string
		want bool
	}{
		{"postgres://u:p@localhost/db", true},
		{"postgresql://localhost/db?sslmode=disable", true},
		{"portal.db", false},
		{"file:portal.db?mode=rwc", false},
		{"/var/lib/postgres/portal.db", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := persistence.IsPostgres(tt.dsn); got != tt.want {
			t.Errorf("IsPostgres(%q) = %v, want %v", tt.dsn, got, tt.want)
		}
	}
}

func TestDialect(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		want := persistence.DialectSQLite
		if persistence.IsPostgres(dsn) {
			want = persistence.DialectPostgres
		}
		if got := open(t, dsn).Dialect(); got != want {
			t.Errorf("Dialect() = %q, want %q", got, want)
		}
	})
}

func TestPingAndClose(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("Ping() error = %v", err)
		}
		if err := db.Close(); err != nil {
			t.Fatalf("Close() error = %v", err)
		}
		if err := db.Ping(ctx); err == nil {
			t.Errorf("Ping() after Close() = nil, want an error")
		}
		if _, err := db.Accounts().AccountByID(ctx, "123456789012"); domain.ErrorCode(err) != domain.EINTERNAL {
			t.Errorf("AccountByID() after Close() error = %v, want EINTERNAL", err)
		}
	})
}

func TestOpenAlreadyMigrated(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := open(t, dsn)
		a := &domain.Account{ID: "555555555555", Name: "Kept", CreatedAt: created}
		u := &domain.User{AccountID: a.ID, Email: "kept@example.com", PasswordHash: "h", Role: domain.RoleRoot, CreatedAt: created}
		if err := db.Accounts().CreateAccount(ctx, a, u); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}

		// A second start finds the schema current and changes nothing.
		db2 := open(t, dsn)
		got, err := db2.Accounts().UserByEmail(ctx, "kept@example.com")
		if err != nil {
			t.Fatalf("UserByEmail() after reopening error = %v", err)
		}
		if got.ID != u.ID || got.AccountID != a.ID {
			t.Errorf("user after reopening = %+v, want %+v", *got, *u)
		}
		// And a third Open while the second is still open.
		db3 := open(t, dsn)
		if _, err := db3.Accounts().AccountByID(ctx, a.ID); err != nil {
			t.Errorf("AccountByID() through a third handle error = %v", err)
		}
	})
}

func TestOpenConcurrently(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string) {
		const n = 4
		dbs := make([]*persistence.DB, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				dbs[i], errs[i] = persistence.Open(context.Background(), dsn, nil)
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("concurrent Open #%d error = %v", i, err)
				continue
			}
			t.Cleanup(func() { dbs[i].Close() })
		}
		if t.Failed() {
			return
		}
		// Every handle sees one schema: what one writes, another reads.
		ctx := context.Background()
		a := &domain.Account{ID: "666666666666", Name: "Shared", CreatedAt: created}
		u := &domain.User{AccountID: a.ID, Email: "shared@example.com", PasswordHash: "h", Role: domain.RoleRoot, CreatedAt: created}
		if err := dbs[0].Accounts().CreateAccount(ctx, a, u); err != nil {
			t.Fatalf("CreateAccount() error = %v", err)
		}
		for i, db := range dbs {
			if _, err := db.Accounts().UserByID(ctx, u.ID); err != nil {
				t.Errorf("handle #%d UserByID() error = %v", i, err)
			}
		}
	})
}

func TestOpenSQLiteCreatesFolderWithWAL(t *testing.T) {
	root := t.TempDir()
	path := filepath.Join(root, "does", "not", "exist", "portal.db")
	db := open(t, path)

	info, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatalf("database folder not created: %v", err)
	}
	if !info.IsDir() {
		t.Fatalf("%s is not a folder", filepath.Dir(path))
	}
	if perm := info.Mode().Perm(); perm&0o007 != 0 {
		t.Errorf("database folder mode = %v, want no access for others", perm)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}

	// Journal mode is stored in the file: a plain connection sees WAL.
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var mode string
	if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatalf("PRAGMA journal_mode: %v", err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want %q", mode, "wal")
	}
	// The plain connection sees the migrated schema.
	var tables int
	if err := raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('accounts', 'users', 'sessions', 'login_throttles')`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 4 {
		t.Errorf("%d of the 4 tables found in the file", tables)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Errorf("Ping() error = %v", err)
	}
}

func TestOpenSQLiteFileDSN(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "portal.db")
	db := open(t, "file:"+path+"?cache=private")
	if db.Dialect() != persistence.DialectSQLite {
		t.Errorf("Dialect() = %q, want %q", db.Dialect(), persistence.DialectSQLite)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("file: DSN did not create %s: %v", path, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := persistence.Open(ctx, "", nil); err == nil {
		t.Errorf("Open(\"\") = nil error, want an error")
	}
	// A folder cannot be created under a regular file.
	file := filepath.Join(t.TempDir(), "plain-file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := persistence.Open(ctx, filepath.Join(file, "sub", "portal.db"), nil); err == nil {
		t.Errorf("Open() under a regular file = nil error, want an error")
	}
}
