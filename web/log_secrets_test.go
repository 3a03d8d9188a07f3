package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
	"github.com/mlportal/portal/web"
)

// lockedBuffer is a log destination that the server's goroutines may write
// while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogsHoldNoSecrets runs sign-up (twice with one email, so that the
// database fails the insert and GORM logs at ERROR), sign-in, the tax
// interview, the bank account and requests with secrets in their URLs, with
// the web and database loggers at debug level, then looks for every secret
// it used in the log.
func TestLogsHoldNoSecrets(t *testing.T) {
	for _, tt := range []struct{ name, driver string }{{"sqlite", "sqlite3"}, {"postgres", "pgx"}} {
		t.Run(tt.name, func(t *testing.T) {
			var dsn string
			if tt.name == "sqlite" {
				dsn = persistencetest.SQLiteDSN(t)
			} else {
				dsn = persistencetest.PostgresDSN(t)
			}
			testLogsHoldNoSecrets(t, dsn, tt.driver)
		})
	}
}

func testLogsHoldNoSecrets(t *testing.T, dsn, driver string) {
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := persistence.Open(context.Background(), dsn, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	env := newEnvOn(t, db, func(c *web.Config) { c.Logger = log })

	const (
		email         = "secret-keeper@acme.example"
		password      = "Tr0ub4dor&3-horse-staple"
		otherPassword = "another-Pa55word-for-the-duplicate"
		legalName     = "Henrietta Logless Quartermaine"
		address       = "77 Hidden Orchard Road"
		taxID         = "321-54-9876"
		routing       = "021000021"
		accountNumber = "000987654321"
	)
	secrets := []string{password, otherPassword, "$argon2id$", legalName, address, taxID, "321549876", accountNumber}

	c := env.client()
	c.signup("Acme", email, password)
	dup := env.client().post("/signup", "/signup", url.Values{"account_name": {"Acme again"}, "email": {email}, "password": {otherPassword}})
	// The same answer as for a new email: nothing tells who has an account.
	expectRedirect(t, dup, "/signup/check-email")
	expectRedirect(t, c.login(email, password), "/")

	tax := validUSTax()
	tax.Set("legal_name", legalName)
	tax.Set("signature_name", legalName)
	tax.Set("address_line1", address)
	tax.Set("tax_id", taxID)
	expectRedirect(t, c.post("/settings/tax", "/settings/tax", tax), "/settings")
	bank := url.Values{"account_type": {"us_ach"}, "holder_name": {legalName}, "routing_number": {routing}, "account_number": {accountNumber}}
	expectRedirect(t, c.post("/settings/bank", "/settings/bank", bank), "/settings")

	token := c.get("/settings").csrf(t)
	secrets = append(secrets, token)
	r := c.postRaw("/settings/bank?_csrf="+url.QueryEscape(token), bank)
	expectStatus(t, r, http.StatusForbidden)
	c.get("/settings?_csrf=" + url.QueryEscape(token) + "&password=" + url.QueryEscape(password) +
		"&tax_id=" + taxID + "&account_number=" + accountNumber + "&session=" + url.QueryEscape(token) + "&page=2")

	user, err := db.Accounts().UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, user.PasswordHash)
	for _, ck := range c.http.Jar.Cookies(mustParseURL(t, env.srv.URL)) {
		if strings.Contains(ck.Name, "session") || strings.Contains(ck.Name, "csrf") {
			secrets = append(secrets, ck.Value)
		}
	}
	secrets = append(secrets, sessionIDs(t, driver, dsn)...)

	env.srv.Close() // waits for the last request's log line
	logged := logs.String()
	// A duplicate sign-up is an answer, not an error: logged at ERROR it would
	// tell the log's reader the email has an account. That failed statements
	// are logged without their values is TestSQLLogHasNoValues's (persistence).
	if strings.Contains(logged, "level=ERROR") {
		t.Errorf("the duplicate sign-up logged an error:\n%s", logged)
	}
	for _, want := range []string{"uri=/settings/tax", "_csrf=REDACTED", "password=REDACTED", "page=2"} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log lacks %q, so the test proves nothing:\n%s", want, logged)
		}
	}
	for _, secret := range secrets {
		for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret)} {
			if form != "" && strings.Contains(logged, form) {
				t.Errorf("the log holds the secret %q:\n%s", form, logged)
			}
		}
	}
}

// sessionIDs reads the IDs and data of the server-side sessions.
func sessionIDs(t *testing.T, driver, dsn string) []string {
	t.Helper()
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query("SELECT id, data FROM sessions")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, data string
		if err := rows.Scan(&id, &data); err != nil {
			t.Fatal(err)
		}
		out = append(out, id, data)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no sessions stored")
	}
	return out
}

func mustParseURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestCSRFTokenOnlyFromTheFormOrHeader: a token in the query string is
// refused even when it is the right one, and the same token in the form
// field or the X-CSRF-Token header is accepted.
func TestCSRFTokenOnlyFromTheFormOrHeader(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	token := c.get("/signup").csrf(t)
	form := url.Values{"account_name": {"Acme"}, "email": {"query@acme.example"}, "password": {goodPassword}}

	expectStatus(t, c.postRaw("/signup?_csrf="+url.QueryEscape(token), form), http.StatusForbidden)
	withBoth := url.Values{"_csrf": {token}}
	for k, v := range form {
		withBoth[k] = v
	}
	expectStatus(t, c.postRaw("/signup?_csrf="+url.QueryEscape(token), withBoth), http.StatusForbidden)

	expectRedirect(t, c.postRaw("/signup", withBoth), "/signup/check-email")
	confirmEmailInDB(t, env, "query@acme.example")

	c.header.Set("X-CSRF-Token", token)
	r := c.postRaw("/login", url.Values{"email": {"query@acme.example"}, "password": {goodPassword}})
	expectRedirect(t, r, "/")
}
