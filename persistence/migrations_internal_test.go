package persistence

// Internal tests: they reach connect, migrate and the GORM handle, which the
// exported API hides. They cannot import persistencetest (it imports this
// package), so they make their own databases.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver to create and drop schemas
	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

const (
	postgresURLEnv     = "PORTAL_TEST_POSTGRES_URL"
	requirePostgresEnv = "PORTAL_REQUIRE_POSTGRES"
)

// internalPostgresDSN creates a schema dropped when the test ends and returns
// a URL whose search_path points at it. It skips the test when no server is
// configured, or fails when PORTAL_REQUIRE_POSTGRES=1.
func internalPostgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv(postgresURLEnv)
	if base == "" {
		if os.Getenv(requirePostgresEnv) == "1" {
			t.Fatalf("%s is not set but %s=1", postgresURLEnv, requirePostgresEnv)
		}
		t.Skipf("PostgreSQL not configured: set %s to run this test on it", postgresURLEnv)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "ti_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
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

// eachInternalDSN runs fn with a fresh SQLite file and, when configured, a
// fresh PostgreSQL schema.
func eachInternalDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "portal.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, internalPostgresDSN(t)) })
}

// connectForTest connects without migrating and closes at the end of the test.
func connectForTest(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := connect(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("connect() error = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func appliedMigrations(t *testing.T, db *DB) []string {
	t.Helper()
	var ids []string
	if err := db.gorm.Raw("SELECT id FROM schema_migrations ORDER BY id").Scan(&ids).Error; err != nil {
		t.Fatalf("read schema_migrations: %v", err)
	}
	return ids
}

// allMigrationIDs lists the IDs of every migration, in order.
func allMigrationIDs() []string {
	var ids []string
	for _, m := range migrations() {
		ids = append(ids, m.ID)
	}
	return ids
}

func TestMigrationIDsOrdered(t *testing.T) {
	// Migrations run in list order but schema_migrations is read back
	// sorted; IDs must be unique and sort in the order they run.
	ids := allMigrationIDs()
	if len(ids) < 2 || ids[0] != "202611230001_accounts_users" || ids[1] != "202611230002_sessions_login_throttles" {
		t.Fatalf("migrations = %v, want the released ones first", ids)
	}
	if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("migration IDs %v are not unique and ascending", ids)
	}
}

func TestMigrateUpgradesExistingData(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)

		// The database as the first release left it.
		if err := db.migrate(ctx, "202611230001_accounts_users"); err != nil {
			t.Fatalf("migrate(first) error = %v", err)
		}
		if got, want := appliedMigrations(t, db), []string{"202611230001_accounts_users"}; !slices.Equal(got, want) {
			t.Fatalf("applied migrations = %v, want %v", got, want)
		}
		if db.gorm.Migrator().HasTable("sessions") {
			t.Fatalf("sessions table exists before its migration")
		}
		err := db.Sessions().SaveSession(ctx, domain.SessionRecord{ID: "s", Data: "d", ExpiresAt: time.Now().Add(time.Hour)})
		if domain.ErrorCode(err) != domain.EINTERNAL {
			t.Fatalf("SaveSession() before the sessions migration error = %v, want EINTERNAL", err)
		}

		created := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
		if err := db.gorm.Exec("INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)",
			"012345678901", "Old Account", created).Error; err != nil {
			t.Fatalf("insert account: %v", err)
		}
		if err := db.gorm.Exec("INSERT INTO users (account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
			"012345678901", "old@example.com", "$argon2id$old", "root", created).Error; err != nil {
			t.Fatalf("insert user: %v", err)
		}

		// The new release upgrades it.
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("migrate(all) error = %v", err)
		}
		want := allMigrationIDs()
		if got := appliedMigrations(t, db); !slices.Equal(got, want) {
			t.Fatalf("applied migrations = %v, want %v", got, want)
		}

		u, err := db.Accounts().UserByEmail(ctx, "old@example.com")
		if err != nil {
			t.Fatalf("UserByEmail() after upgrade error = %v", err)
		}
		if u.AccountID != "012345678901" || u.Email != "old@example.com" || u.UserName != "" ||
			u.PasswordHash != "$argon2id$old" || u.Role != domain.RoleRoot || !u.CreatedAt.Equal(created) || u.ID <= 0 {
			t.Errorf("user after upgrade = %+v", *u)
		}
		a, err := db.Accounts().AccountByID(ctx, "012345678901")
		if err != nil {
			t.Fatalf("AccountByID() after upgrade error = %v", err)
		}
		if a.Name != "Old Account" || !a.CreatedAt.Equal(created) {
			t.Errorf("account after upgrade = %+v", *a)
		}

		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		rec := domain.SessionRecord{ID: "after-upgrade", Data: "d", ExpiresAt: now.Add(time.Hour)}
		if err := db.Sessions().SaveSession(ctx, rec); err != nil {
			t.Fatalf("SaveSession() after upgrade error = %v", err)
		}
		got, err := db.Sessions().Session(ctx, rec.ID, now)
		if err != nil || got.Data != "d" || !got.ExpiresAt.Equal(rec.ExpiresAt) {
			t.Errorf("Session() after upgrade = %+v, %v", got, err)
		}
		if err := db.Throttles().SaveThrottle(ctx, domain.LoginThrottle{Key: "old@example.com", Failures: 1, WindowStart: now}); err != nil {
			t.Errorf("SaveThrottle() after upgrade error = %v", err)
		}

		// A new account next to the old one: the user ID sequence continues.
		na := &domain.Account{ID: "112345678901", Name: "New", CreatedAt: now}
		nu := &domain.User{AccountID: na.ID, Email: "new@example.com", PasswordHash: "h", Role: domain.RoleRoot, CreatedAt: now}
		if err := db.Accounts().CreateAccount(ctx, na, nu); err != nil {
			t.Fatalf("CreateAccount() after upgrade error = %v", err)
		}
		if nu.ID == u.ID {
			t.Errorf("new user got the old user's ID %d", nu.ID)
		}

		// Migrating again is a no-op.
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatalf("second migrate(all) error = %v", err)
		}
		if got := appliedMigrations(t, db); !slices.Equal(got, want) {
			t.Errorf("applied migrations after a second run = %v, want %v", got, want)
		}
	})
}

func TestOpenTwiceIsNoOp(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		want := allMigrationIDs()
		for i := range 2 {
			db, err := Open(ctx, dsn, nil)
			if err != nil {
				t.Fatalf("Open #%d error = %v", i+1, err)
			}
			if got := appliedMigrations(t, db); !slices.Equal(got, want) {
				t.Errorf("Open #%d: applied migrations = %v, want %v", i+1, got, want)
			}
			if i == 0 {
				err = db.gorm.Exec("INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)", "999999999999", "Survivor", time.Now()).Error
				if err != nil {
					t.Fatal(err)
				}
			} else if _, err := db.Accounts().AccountByID(ctx, "999999999999"); err != nil {
				t.Errorf("account lost by the second Open: %v", err)
			}
			db.Close()
		}
	})
}

func TestForeignKeysEnforced(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		now := time.Now().UTC()

		err = db.gorm.Exec("INSERT INTO users (account_id, email, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
			"404040404040", "orphan@example.com", "h", "root", now).Error
		if err == nil {
			t.Fatalf("inserting a user of an unknown account succeeded; foreign keys are not enforced")
		}
		if !errors.Is(err, gorm.ErrForeignKeyViolated) {
			t.Errorf("error = %v, want gorm.ErrForeignKeyViolated (TranslateError)", err)
		}
		if code := domain.ErrorCode(domainError(err)); code != domain.ECONFLICT {
			t.Errorf("domainError() code = %q, want %q", code, domain.ECONFLICT)
		}
		var n int64
		if err := db.gorm.Raw("SELECT count(*) FROM users").Scan(&n).Error; err != nil || n != 0 {
			t.Errorf("users = %d, %v; want 0 after the refused insert", n, err)
		}

		// Deleting an account deletes its users (ON DELETE CASCADE).
		a := &domain.Account{ID: "505050505050", Name: "Gone", CreatedAt: now}
		u := &domain.User{AccountID: a.ID, Email: "gone@example.com", PasswordHash: "h", Role: domain.RoleRoot, CreatedAt: now}
		if err := db.Accounts().CreateAccount(ctx, a, u); err != nil {
			t.Fatal(err)
		}
		if err := db.gorm.Exec("DELETE FROM accounts WHERE id = ?", a.ID).Error; err != nil {
			t.Fatalf("delete account: %v", err)
		}
		if _, err := db.Accounts().UserByID(ctx, u.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("UserByID() after deleting its account error = %v, want ENOTFOUND", err)
		}
	})
}

func TestSQLitePragmas(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Hold three connections at once so that three distinct pooled
	// connections answer: each must carry the pragmas.
	sqlDB, err := db.gorm.DB()
	if err != nil {
		t.Fatal(err)
	}
	conns := make([]*sql.Conn, 3)
	for i := range conns {
		if conns[i], err = sqlDB.Conn(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer conns[i].Close()
	}
	tests := []struct {
		pragma, want string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"synchronous", "1"}, // NORMAL
	}
	for i, c := range conns {
		for _, tt := range tests {
			var got string
			if err := c.QueryRowContext(context.Background(), "PRAGMA "+tt.pragma).Scan(&got); err != nil {
				t.Fatalf("PRAGMA %s: %v", tt.pragma, err)
			}
			if got != tt.want {
				t.Errorf("connection %d: PRAGMA %s = %q, want %q", i, tt.pragma, got, tt.want)
			}
		}
	}
}

func TestSQLitePath(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		dsn     string
		want    string
		wantErr bool
		mkdir   string // folder that must exist afterwards
	}{
		{name: "empty", dsn: "", wantErr: true},
		{name: "empty file: DSN", dsn: "file:", wantErr: true},
		{name: "empty file with query", dsn: "file:?mode=memory", wantErr: true},
		{name: "bare file name", dsn: "portal.db", want: "file:portal.db?" + sqlitePragmas},
		{
			name:  "nested path",
			dsn:   filepath.Join(dir, "a", "b", "portal.db"),
			want:  "file:" + filepath.Join(dir, "a", "b", "portal.db") + "?" + sqlitePragmas,
			mkdir: filepath.Join(dir, "a", "b"),
		},
		{
			name:  "file: DSN with query",
			dsn:   "file:" + filepath.Join(dir, "c", "portal.db") + "?cache=private",
			want:  "file:" + filepath.Join(dir, "c", "portal.db") + "?cache=private&" + sqlitePragmas,
			mkdir: filepath.Join(dir, "c"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sqlitePath(tt.dsn)
			if tt.wantErr {
				if err == nil {
					t.Errorf("sqlitePath(%q) = %q, want an error", tt.dsn, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("sqlitePath(%q) error = %v", tt.dsn, err)
			}
			if got != tt.want {
				t.Errorf("sqlitePath(%q) = %q, want %q", tt.dsn, got, tt.want)
			}
			if tt.mkdir != "" {
				if info, err := os.Stat(tt.mkdir); err != nil || !info.IsDir() {
					t.Errorf("folder %s not created: %v", tt.mkdir, err)
				}
			}
		})
	}
	if !strings.Contains(sqlitePragmas, "_foreign_keys=on") || !strings.Contains(sqlitePragmas, "_journal_mode=WAL") {
		t.Errorf("sqlitePragmas = %q lacks foreign keys or WAL", sqlitePragmas)
	}
}
