package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// signedIn returns a client signed in as the root user of a new account.
func (e *testEnv) signedIn(name, email string) (*client, string) {
	e.t.Helper()
	c := e.client()
	id := c.signup(name, email, goodPassword)
	expectRedirect(e.t, c.login(email, goodPassword), "/")
	return c, id
}

func (c *client) loginIAM(accountID, user, password string) *response {
	c.env.t.Helper()
	return c.post("/login?as=iam", "/login", url.Values{"as": {"iam"}, "account_id": {accountID}, "user_name": {user}, "password": {password}})
}

func TestIAMUserLifecycle(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	r := root.get("/iam/users")
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=no-users]") == "" {
		t.Fatal("empty list not explained")
	}
	if !strings.Contains(r.text("[data-testid=permissions-required]"), "sagemaker:DescribeModelPackage") {
		t.Fatal("permissions section does not list the SageMaker actions")
	}

	r = root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {"alice"}, "password": {goodPassword}})
	expectRedirect(t, r, "/iam/users/alice")
	r = root.get("/iam/users/alice")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=user-arn]"); got != "arn:aws:iam::"+accountID+":user/alice" {
		t.Fatalf("ARN %q", got)
	}

	// With no policy, alice can sign in but do nothing.
	alice := env.client()
	expectRedirect(t, alice.loginIAM(accountID, "alice", goodPassword), "/")
	r = alice.get("/iam/users")
	expectStatus(t, r, http.StatusForbidden)
	msg := r.text("[data-testid=error-message]")
	for _, part := range []string{"arn:aws:iam::" + accountID + ":user/alice", "iam:ListUsers", "no identity-based policy"} {
		if !strings.Contains(msg, part) {
			t.Errorf("403 message %q lacks %q", msg, part)
		}
	}

	// A managed policy grants the IAM pages.
	r = root.post("/iam/users/alice", "/iam/users/alice/managed-policies", url.Values{"managed_policy": {"IAMFullAccess"}})
	expectRedirect(t, r, "/iam/users/alice")
	expectStatus(t, alice.get("/iam/users"), http.StatusOK)

	// An explicit Deny in a custom policy wins.
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:List*","Resource":"*"}]}`
	r = root.post("/iam/users/alice", "/iam/users/alice/policies", url.Values{"policy_name": {"NoListing"}, "document": {deny}})
	expectRedirect(t, r, "/iam/users/alice")
	r = alice.get("/iam/users")
	expectStatus(t, r, http.StatusForbidden)
	if !strings.Contains(r.text("[data-testid=error-message]"), "explicit deny") {
		t.Errorf("explicit deny not named: %q", r.text("[data-testid=error-message]"))
	}

	r = root.confirm("/iam/users/alice/policies/NoListing/detach", "", nil)
	expectRedirect(t, r, "/iam/users/alice")
	expectStatus(t, alice.get("/iam/users"), http.StatusOK)

	r = root.get("/iam/users")
	if got := r.text("[data-testid=users-table] tbody tr td:nth-child(3)"); got != "1" {
		t.Errorf("policy count %q", got)
	}

	expectRedirect(t, root.confirm("/iam/users/alice/delete", "alice", nil), "/iam/users")
	// The deleted user's session no longer signs anyone in.
	expectRedirect(t, alice.get("/iam/users"), "/login?next=%2Fiam%2Fusers")
	expectStatus(t, env.client().loginIAM(accountID, "alice", goodPassword), http.StatusUnauthorized)
}

func TestIAMBadInput(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	tests := []struct {
		name, user, password, field, message string
	}{
		{"empty name", "", goodPassword, "user_name", "required"},
		{"bad characters", "al ice!", goodPassword, "user_name", "64 letters"},
		{"too long", strings.Repeat("a", 65), goodPassword, "user_name", "64 letters"},
		{"short password", "bob", "short", "password", "at least 12"},
	}
	for _, tt := range tests {
		r := root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {tt.user}, "password": {tt.password}})
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-" + tt.field + "]"); !strings.Contains(got, tt.message) {
			t.Errorf("%s: error %q", tt.name, got)
		}
		if got := r.attr("#f-user_name", "value"); got != tt.user {
			t.Errorf("%s: name not kept: %q", tt.name, got)
		}
	}
	expectRedirect(t, root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {"bob"}, "password": {goodPassword}}), "/iam/users/bob")
	r := root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {"bob"}, "password": {goodPassword}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("[data-testid=error-user_name]"), "already has an IAM user") {
		t.Errorf("duplicate not explained: %q", r.text("[data-testid=error-user_name]"))
	}

	// Policy JSON errors point at the line, keep the text and store nothing.
	bad := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ {\"Effect\": \"Allow\" \"Action\": \"*\"} ]\n}"
	r = root.post("/iam/users/bob", "/iam/users/bob/policies", url.Values{"policy_name": {"Broken"}, "document": {bad}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-document]"); !strings.Contains(got, "line 3") {
		t.Errorf("JSON error without its line: %q", got)
	}
	if got := r.text("#f-document"); got != bad {
		t.Errorf("typed document not kept: %q", got)
	}
	if r.text("[data-testid=no-policies]") == "" {
		t.Error("a broken policy was stored")
	}
	unknown := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":"*"}]}`
	r = root.post("/iam/users/bob", "/iam/users/bob/policies", url.Values{"policy_name": {"P"}, "document": {unknown}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-document]"); !strings.Contains(got, "Principal") {
		t.Errorf("unknown field not named: %q", got)
	}
	r = root.post("/iam/users/bob", "/iam/users/bob/managed-policies", url.Values{"managed_policy": {"MadeUpPolicy"}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-managed_policy]") == "" {
		t.Error("unknown managed policy accepted")
	}
}

func TestIAMUsersOfAnotherAccountAreNotFound(t *testing.T) {
	env := newEnv(t)
	acme, _ := env.signedIn("Acme", "root@acme.example")
	other, _ := env.signedIn("Other", "root@other.example")
	expectRedirect(t, acme.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {"alice"}, "password": {goodPassword}}), "/iam/users/alice")

	expectStatus(t, other.get("/iam/users/alice"), http.StatusNotFound)
	r := other.post("/iam/users", "/iam/users/alice/delete", url.Values{})
	expectStatus(t, r, http.StatusNotFound)
	r = other.post("/iam/users", "/iam/users/alice/managed-policies", url.Values{"managed_policy": {"IAMFullAccess"}})
	expectStatus(t, r, http.StatusNotFound)
	// Alice is untouched in her own account.
	expectStatus(t, acme.get("/iam/users/alice"), http.StatusOK)
	if acme.get("/iam/users/alice").text("[data-testid=no-policies]") == "" {
		t.Error("another account attached a policy")
	}
}
