package persistence

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// TestSQLLogHasNoValues: failed statements (logged at ERROR) and slow ones
// (at WARN) show their SQL with placeholders, never the password hash, the
// session data or the legal name and address bound to them.
func TestSQLLogHasNoValues(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		db, err := Open(ctx, dsn, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		// Every statement counts as slow, so each one reaches the log.
		db.gorm = db.gorm.Session(&gorm.Session{Logger: sqlLogger(log, time.Nanosecond)})

		const (
			hash      = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"
			sessionID = "sess-9f8e7d6c5b4a"
			sessData  = "session-data-4c1d"
			legalName = "Jane Quincy Logtest"
			address   = "410 Secret Lane"
			taxID     = "987-65-4321"
		)
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		create := func(accountID string) error {
			return db.Accounts().CreateAccount(ctx, &domain.Account{ID: accountID, Name: "Acme", CreatedAt: now},
				&domain.User{AccountID: accountID, Email: "root@acme.example", PasswordHash: hash, Role: domain.RoleRoot})
		}
		if err := create("111111111111"); err != nil {
			t.Fatal(err)
		}
		if err := create("222222222222"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("duplicate email: %v, want a conflict", err)
		}
		// A failed statement (not a unique-key clash, which is an answer and
		// not logged as an error) is logged at ERROR, without its values.
		if err := db.gorm.WithContext(ctx).Exec("UPDATE no_such_table SET secret = ?", hash).Error; err == nil {
			t.Fatal("a statement on a missing table succeeded")
		}
		if err := db.Sessions().SaveSession(ctx, domain.SessionRecord{ID: sessionID, Data: sessData, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		sealer, err := NewSealer([]byte(strings.Repeat("k", 32)))
		if err != nil {
			t.Fatal(err)
		}
		tax := &domain.TaxInterview{AccountID: "111111111111", EntityType: domain.EntityType("individual"), LegalName: legalName,
			Country: "US", AddressLine1: address, City: "Seattle", Region: "WA", PostalCode: "98101", TaxID: taxID,
			FormType: "W-9", SignatureName: legalName, Certified: true, SignedAt: now}
		ch := domain.SellerChange{AccountID: "111111111111", Step: "tax", Actor: "arn:aws:iam::111111111111:root", At: now}
		if err := db.Sellers(sealer).SaveTaxInterview(ctx, tax, ch); err != nil {
			t.Fatal(err)
		}

		logged := buf.String()
		if !strings.Contains(logged, "level=ERROR") || !strings.Contains(logged, "level=WARN") || !strings.Contains(logged, "INSERT INTO") {
			t.Fatalf("the failed and slow statements were not logged:\n%s", logged)
		}
		for _, secret := range []string{"$argon2id$", hash, sessionID, sessData, legalName, address, taxID, "root@acme.example"} {
			if strings.Contains(logged, secret) {
				t.Errorf("the log holds %q:\n%s", secret, logged)
			}
		}
	})
}

// TestCanceledStatementIsNoError: a statement cut short because its
// request or the server ended (the scheduler's reads at shutdown) is not a
// database failure, and logging it at ERROR made the black-box test, which
// allows no error line, fail now and then on PostgreSQL.
func TestCanceledStatementIsNoError(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		var buf bytes.Buffer
		log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		db, err := Open(context.Background(), dsn, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var n int
		if err := db.conn(ctx).Raw("SELECT COUNT(*) FROM publish_jobs").Scan(&n).Error; err == nil {
			t.Fatal("a statement on a canceled context succeeded")
		}
		if strings.Contains(buf.String(), "level=ERROR") {
			t.Errorf("a canceled statement was logged as an error:\n%s", buf.String())
		}
	})
}
