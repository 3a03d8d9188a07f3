package web_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
	"github.com/mlportal/portal/web"
)

var (
	accessKeyIDShape = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)
	secretShape      = regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
)

// createAccessKey posts the create form of name's access keys page and
// returns the new key's ID and secret from the answer.
func (c *client) createAccessKey(name string) (id, secret string, r *response) {
	c.env.t.Helper()
	page := "/iam/users/" + name + "/access-keys"
	r = c.post(page, page, url.Values{})
	expectStatus(c.env.t, r, http.StatusOK)
	id, secret = r.text("[data-testid=new-access-key-id]"), r.text("[data-testid=new-secret-access-key]")
	if !accessKeyIDShape.MatchString(id) || !secretShape.MatchString(secret) {
		c.env.t.Fatalf("new key %q with a secret of %d characters", id, len(secret))
	}
	return id, secret, r
}

// newIAMUser creates an IAM user as root and returns its page.
func (c *client) newIAMUser(name string) {
	c.env.t.Helper()
	r := c.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {name}, "password": {goodPassword}})
	expectRedirect(c.env.t, r, "/iam/users/"+name)
}

func TestAccessKeysLifecycle(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	root.newIAMUser("alice")
	page := "/iam/users/alice/access-keys"

	// The user's page leads to its keys.
	if got := root.get("/iam/users/alice").attr("[data-testid=manage-access-keys]", "href"); got != page {
		t.Fatalf("manage link %q, want %q", got, page)
	}
	r := root.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=no-access-keys]") == "" {
		t.Fatal("no keys is not said")
	}

	// The secret is shown once, in the answer to the creation, which no
	// cache may keep.
	id, secret, r := root.createAccessKey("alice")
	if got := r.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q on the secret's page, want no-store", got)
	}
	if !strings.Contains(r.text("[data-testid=secret-warning]"), "only time") {
		t.Errorf("the page does not say the secret is shown once: %q", r.text("[data-testid=secret-warning]"))
	}
	r = root.get(page)
	expectStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, secret) {
		t.Fatal("the list page shows the secret")
	}
	if r.text("[data-testid=access-key-"+id+"] [data-testid=access-key-id]") != id ||
		r.text("[data-testid=access-key-"+id+"] [data-testid=access-key-status]") != "Active" ||
		r.text("[data-testid=access-key-"+id+"] [data-testid=access-key-last-used]") != "Never" {
		t.Fatalf("key row: %q", r.text("[data-testid=access-key-"+id+"]"))
	}
	if _, ok := r.doc.Find("[data-testid=create-access-key]").Attr("disabled"); ok {
		t.Error("create is disabled with one key")
	}
	for _, p := range []string{page, "/iam/users/alice", "/"} {
		if strings.Contains(root.get(p).body, secret) {
			t.Errorf("GET %s shows the secret again", p)
		}
	}

	// A second key, then the limit.
	id2, _, _ := root.createAccessKey("alice")
	r = root.get(page)
	if _, ok := r.doc.Find("[data-testid=create-access-key]").Attr("disabled"); !ok {
		t.Error("create is enabled with two keys")
	}
	const limit = "This user already has two access keys. Delete one to create another."
	if got := r.text("[data-testid=access-key-limit]"); got != limit {
		t.Errorf("limit notice %q", got)
	}
	r = root.post(page, page, url.Values{})
	expectStatus(t, r, http.StatusConflict)
	if !strings.Contains(r.text("[data-testid=flash]"), limit) {
		t.Errorf("third key refused without the reason: %q", r.text("[data-testid=flash]"))
	}
	if n := r.doc.Find("[data-testid=access-keys-table] tbody tr").Length(); n != 2 {
		t.Errorf("%d keys after the refused third", n)
	}

	// Deactivate, then activate again.
	statusPath := page + "/" + id + "/status"
	expectRedirect(t, root.post(page, statusPath, url.Values{"status": {"Inactive"}}), page)
	r = root.get(page)
	if got := r.text("[data-testid=access-key-" + id + "] [data-testid=access-key-status]"); got != "Inactive" {
		t.Errorf("status %q after deactivation", got)
	}
	if !strings.Contains(r.text("[data-testid=flash]"), "is now inactive") || r.text("[data-testid=activate-"+id+"]") == "" {
		t.Errorf("deactivation: flash %q, no Activate button", r.text("[data-testid=flash]"))
	}
	expectRedirect(t, root.post(page, statusPath, url.Values{"status": {"Active"}}), page)
	if got := root.get(page).text("[data-testid=access-key-" + id + "] [data-testid=access-key-status]"); got != "Active" {
		t.Errorf("status %q after activation", got)
	}
	expectStatus(t, root.post(page, statusPath, url.Values{"status": {"Deleted"}}), http.StatusUnprocessableEntity)

	// The last use, as the Catalog API records it.
	if err := env.db.AccessKeys(nil).MarkAccessKeyUsed(context.Background(), id2, env.clock.Now(), "aws-marketplace"); err != nil {
		t.Fatal(err)
	}
	lastUsed := root.get(page).text("[data-testid=access-key-" + id2 + "] [data-testid=access-key-last-used]")
	if got := lastUsed; got != "2026-11-23 09:00 UTC with aws-marketplace" {
		t.Errorf("last used %q", got)
	}

	// Delete asks first.
	deletePage := page + "/" + id + "/delete"
	if got := root.get(page).attr("[data-testid=delete-"+id+"]", "href"); got != deletePage {
		t.Fatalf("delete link %q", got)
	}
	r = root.get(deletePage)
	expectStatus(t, r, http.StatusOK)
	if !strings.Contains(r.body, id) {
		t.Error("the confirmation does not name the key")
	}
	r = root.post(deletePage, deletePage, url.Values{})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=confirm-error]") == "" {
		t.Error("unconfirmed deletion not explained")
	}
	r = root.confirm(deletePage, "AKIAWRONGWRONGWRONG1", nil)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-confirm_name]") == "" {
		t.Error("a wrong key ID typed is not explained")
	}
	if root.get(page).text("[data-testid=access-key-"+id+"]") == "" {
		t.Fatal("an unconfirmed deletion deleted the key")
	}
	expectRedirect(t, root.confirm(deletePage, id, nil), page)
	r = root.get(page)
	if r.text("[data-testid=access-key-"+id+"]") != "" || !strings.Contains(r.text("[data-testid=flash]"), "deleted") {
		t.Errorf("key still listed, or no flash %q", r.text("[data-testid=flash]"))
	}
	expectStatus(t, root.get(deletePage), http.StatusNotFound)
	expectStatus(t, root.post(page, deletePage, url.Values{"confirm": {"on"}}), http.StatusNotFound)
	// One key left: a new one may be created.
	root.createAccessKey("alice")
}

func TestAccessKeysAuthorization(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	other, _ := env.signedIn("Other", "root@other.example")
	root.newIAMUser("alice")
	root.newIAMUser("reader")
	root.newIAMUser("admin")
	id, _, _ := root.createAccessKey("alice")
	page := "/iam/users/alice/access-keys"

	// A user allowed to list, not to create.
	readOnly := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListAccessKeys"],"Resource":"*"}]}`
	expectRedirect(t, root.post("/iam/users/reader", "/iam/users/reader/policies",
		url.Values{"policy_name": {"KeysReadOnly"}, "document": {readOnly}}), "/iam/users/reader")
	reader := env.client()
	expectRedirect(t, reader.loginIAM(accountID, "reader", goodPassword), "/")
	r := reader.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=create-access-key-form], [data-testid=deactivate-"+id+"], [data-testid=delete-"+id+"]").Length() != 0 {
		t.Error("buttons the reader may not use are shown")
	}
	r = reader.post(page, page, url.Values{})
	expectStatus(t, r, http.StatusForbidden)
	if msg := r.text("[data-testid=error-message]"); !strings.Contains(msg, "iam:CreateAccessKey") {
		t.Errorf("403 message %q does not name the action", msg)
	}
	expectStatus(t, reader.post(page, page+"/"+id+"/status", url.Values{"status": {"Inactive"}}), http.StatusForbidden)
	expectStatus(t, reader.get(page+"/"+id+"/delete"), http.StatusForbidden)
	expectStatus(t, reader.post(page, page+"/"+id+"/delete", url.Values{"confirm": {"on"}}), http.StatusForbidden)

	// IAMFullAccess manages any user's keys.
	expectRedirect(t, root.post("/iam/users/admin", "/iam/users/admin/managed-policies",
		url.Values{"managed_policy": {"IAMFullAccess"}}), "/iam/users/admin")
	admin := env.client()
	expectRedirect(t, admin.loginIAM(accountID, "admin", goodPassword), "/")
	admin.createAccessKey("alice")

	// Another account finds neither the user nor its key.
	expectStatus(t, other.get(page), http.StatusNotFound)
	expectStatus(t, other.post("/iam/users", page, url.Values{}), http.StatusNotFound)
	expectStatus(t, other.post("/iam/users", page+"/"+id+"/status", url.Values{"status": {"Inactive"}}), http.StatusNotFound)
	expectStatus(t, other.get(page+"/"+id+"/delete"), http.StatusNotFound)
	expectStatus(t, other.post("/iam/users", page+"/"+id+"/delete", url.Values{"confirm": {"on"}}), http.StatusNotFound)
	// Nor does another of the account's users reach alice's key by its ID.
	root.newIAMUser("bob")
	expectStatus(t, root.post(page, "/iam/users/bob/access-keys/"+id+"/status", url.Values{"status": {"Inactive"}}), http.StatusNotFound)
	expectStatus(t, root.get("/iam/users/bob/access-keys/"+id+"/delete"), http.StatusNotFound)
	r = root.get(page)
	if got := r.text("[data-testid=access-key-" + id + "] [data-testid=access-key-status]"); got != "Active" {
		t.Errorf("alice's key is %q after the refusals", got)
	}
}

// TestAccessKeySecretStaysSecret creates a key with the web and database
// loggers at debug level, then looks for the secret in the log and in the
// stored row.
func TestAccessKeySecretStaysSecret(t *testing.T) {
	for _, tt := range []struct{ name, driver string }{{"sqlite", "sqlite3"}, {"postgres", "pgx"}} {
		t.Run(tt.name, func(t *testing.T) {
			var dsn string
			if tt.name == "sqlite" {
				dsn = persistencetest.SQLiteDSN(t)
			} else {
				dsn = persistencetest.PostgresDSN(t)
			}
			var logs lockedBuffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			db, err := persistence.Open(context.Background(), dsn, log)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			env := newEnvOn(t, db, func(c *web.Config) { c.Logger = log })
			root, _ := env.signedIn("Acme", "root@acme.example")
			root.newIAMUser("alice")
			id, secret, _ := root.createAccessKey("alice")
			root.createAccessKey("alice")
			root.post("/iam/users/alice/access-keys", "/iam/users/alice/access-keys", url.Values{}) // refused: a third
			env.srv.Close()

			logged := logs.String()
			if !strings.Contains(logged, "uri=/iam/users/alice/access-keys") {
				t.Fatalf("the log lacks the creation, so the test proves nothing:\n%s", logged)
			}
			if strings.Contains(logged, secret) {
				t.Errorf("the log holds the secret:\n%s", logged)
			}

			conn, err := sql.Open(tt.driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var sealed string
			if err := conn.QueryRow("SELECT secret_sealed FROM access_keys WHERE id = '" + id + "'").Scan(&sealed); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(sealed, "v2:") || strings.Contains(sealed, secret) {
				t.Errorf("stored secret %q is not sealed", sealed)
			}
			rows, err := conn.Query("SELECT * FROM access_keys")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			for rows.Next() {
				values := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range values {
					ptrs[i] = &values[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range values {
					if s, ok := v.(string); ok && strings.Contains(s, secret) {
						t.Errorf("column %s holds the secret in clear", cols[i])
					}
					if b, ok := v.([]byte); ok && strings.Contains(string(b), secret) {
						t.Errorf("column %s holds the secret in clear", cols[i])
					}
				}
			}
		})
	}
}
