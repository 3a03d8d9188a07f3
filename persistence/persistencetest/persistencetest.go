// Package persistencetest opens real databases for tests: a SQLite file in the
// test's temporary folder and, when PORTAL_TEST_POSTGRES_URL is set, a fresh
// schema in that PostgreSQL database.
package persistencetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver to create and drop schemas

	"github.com/mlportal/portal/persistence"
)

// PostgresURLEnv names the variable holding a PostgreSQL URL for tests.
const PostgresURLEnv = "PORTAL_TEST_POSTGRES_URL"

// RequirePostgresEnv, when "1", makes a missing PostgreSQL URL a failure
// instead of a skip. CI sets it.
const RequirePostgresEnv = "PORTAL_REQUIRE_POSTGRES"

// SQLite opens a migrated SQLite database in a file under t.TempDir().
func SQLite(t testing.TB) *persistence.DB {
	t.Helper()
	return open(t, SQLiteDSN(t))
}

// SQLiteDSN returns the path of a new SQLite file under t.TempDir().
func SQLiteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "portal.db")
}

// Postgres opens a migrated database in a new schema of the test PostgreSQL
// server, dropped when the test ends. It skips the test when no server is
// configured, or fails when PORTAL_REQUIRE_POSTGRES=1.
func Postgres(t testing.TB) *persistence.DB {
	t.Helper()
	return open(t, PostgresDSN(t))
}

// PostgresDSN creates a new schema and returns a URL whose search_path
// points at it, so several opens (several "servers") share one schema.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresURLEnv)
	if base == "" {
		if os.Getenv(RequirePostgresEnv) == "1" {
			t.Fatalf("%s is not set but %s=1", PostgresURLEnv, RequirePostgresEnv)
		}
		t.Skipf("PostgreSQL not configured: set %s to run this test on it", PostgresURLEnv)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Each runs fn once per available database: SQLite always, PostgreSQL when
// configured.
func Each(t *testing.T, fn func(t *testing.T, db *persistence.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

func open(t testing.TB, dsn string) *persistence.DB {
	t.Helper()
	db, err := persistence.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
