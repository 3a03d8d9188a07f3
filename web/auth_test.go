package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/web/mail/mailpittest"
)

func TestSignupLoginLogout(t *testing.T) {
	env := newEnv(t)
	c := env.client()

	r := c.get("/signup")
	expectStatus(t, r, http.StatusOK)
	if r.attr("form[data-testid=signup-form]", "action") != "/signup" {
		t.Fatal("sign-up form missing")
	}
	accountID := c.signup("Acme ML", "owner@acme.example", goodPassword)
	if !domain.IsAccountID(accountID) {
		t.Fatalf("account ID %q is not 12 digits", accountID)
	}

	r = c.get("/signup/check-email")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=notice-body]"); !strings.Contains(got, "Open the link") {
		t.Fatalf("check-email page says %q", got)
	}
	r = c.get("/login?email=owner%40acme.example")
	expectStatus(t, r, http.StatusOK)
	if got := r.attr("#f-email", "value"); got != "owner@acme.example" {
		t.Fatalf("email not prefilled: %q", got)
	}

	expectRedirect(t, c.login("Owner@Acme.example", goodPassword), "/")
	r = c.get("/")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=home-account-id]"); got != accountID {
		t.Fatalf("home shows account %q, want %q", got, accountID)
	}
	if r.text("[data-testid=sidenav]") == "" {
		t.Fatal("signed-in page has no side navigation")
	}

	expectRedirect(t, c.post("/", "/logout", url.Values{}), "/login?signed_out=1")
	expectRedirect(t, c.get("/"), "/login?next=%2F")
}

func TestSignupRejectsBadInput(t *testing.T) {
	env := newEnv(t)
	existing := env.client()
	existing.signup("Taken Inc", "taken@example.com", goodPassword)

	tests := []struct {
		name, accountName, email, password string
		field, message                     string
	}{
		{"empty name", "", "a@example.com", goodPassword, "account_name", "This field is required."},
		{"long name", strings.Repeat("n", 51), "a@example.com", goodPassword, "account_name", "50 characters or fewer"},
		{"empty email", "Acme", "", goodPassword, "email", "This field is required."},
		{"malformed email", "Acme", "not-an-email", goodPassword, "email", "valid email address"},
		{"email without dotted domain", "Acme", "a@localhost", goodPassword, "email", "valid email address"},
		{"long email", "Acme", strings.Repeat("a", 250) + "@example.com", goodPassword, "email", "254 characters"},
		{"short password", "Acme", "a@example.com", "short pw", "password", "at least 12 characters"},
		{"long password", "Acme", "a@example.com", strings.Repeat("p", 129), "password", "128 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := env.client()
			r := c.post("/signup", "/signup", url.Values{"account_name": {tt.accountName}, "email": {tt.email}, "password": {tt.password}})
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-" + tt.field + "]"); !strings.Contains(got, tt.message) {
				t.Errorf("error beside %s = %q, want it to contain %q", tt.field, got, tt.message)
			}
			if got := r.attr("#f-account_name", "value"); got != tt.accountName {
				t.Errorf("account name not kept: %q", got)
			}
			if got := r.attr("#f-email", "value"); got != tt.email {
				t.Errorf("email not kept: %q", got)
			}
			if got := r.attr("#f-password", "value"); got != "" {
				t.Errorf("password echoed back into the page")
			}
			if tt.email != "" && tt.field != "email" {
				if _, err := env.db.Accounts().UserByEmail(context.Background(), domain.NormalizeEmail(tt.email)); domain.ErrorCode(err) != domain.ENOTFOUND {
					t.Errorf("a user was stored for a refused sign-up: %v", err)
				}
			}
		})
	}
	// The duplicate attempt must not have replaced the first account's owner.
	if _, err := env.db.Accounts().UserByEmail(context.Background(), "taken@example.com"); err != nil {
		t.Fatal(err)
	}
}

func TestLoginWrongCredentialsShareOneMessage(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)

	wrongPassword := c.login("owner@example.com", "not the password")
	unknownEmail := c.login("nobody@example.com", goodPassword)
	for _, r := range []*response{wrongPassword, unknownEmail} {
		expectStatus(t, r, http.StatusUnauthorized)
		if got := r.text("[data-testid=alert-error]"); got != "The email address or password is incorrect." {
			t.Errorf("message %q", got)
		}
		if r.cookie("portal_session") != nil && r.cookie("portal_session").MaxAge >= 0 && r.cookie("portal_session").Value != "" {
			t.Errorf("a failed sign-in started a session")
		}
	}
	if got := wrongPassword.attr("#f-email", "value"); got != "owner@example.com" {
		t.Errorf("typed email not kept: %q", got)
	}
	empty := c.login("", "")
	expectStatus(t, empty, http.StatusUnprocessableEntity)
	if empty.text("[data-testid=error-email]") == "" || empty.text("[data-testid=error-password]") == "" {
		t.Error("empty fields not flagged")
	}
}

func TestRepeatedFailedLoginsDelayTheEmail(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	for range domain.DefaultThrottlePolicy.FreeFailures {
		expectStatus(t, c.login("owner@example.com", "wrong password!"), http.StatusUnauthorized)
	}
	r := c.login("owner@example.com", "wrong password!")
	expectStatus(t, r, http.StatusTooManyRequests)
	if got := r.text("[data-testid=alert-error]"); !strings.Contains(got, "Wait 1 seconds, then try again") {
		t.Fatalf("delay message %q", got)
	}
	// Even the right password waits, but only seconds: nobody can lock the
	// owner out for long.
	expectStatus(t, c.login("owner@example.com", goodPassword), http.StatusTooManyRequests)
	env.clock.Advance(time.Second)
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
}

func TestNextParameterStaysOnSite(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	for _, next := range []string{"//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
		r := c.post("/login", "/login", url.Values{"email": {"owner@example.com"}, "password": {goodPassword}, "next": {next}})
		expectRedirect(t, r, "/")
		c.post("/", "/logout", url.Values{})
	}
	r := c.post("/login", "/login", url.Values{"email": {"owner@example.com"}, "password": {goodPassword}, "next": {"/settings?tab=tax"}})
	expectRedirect(t, r, "/settings?tab=tax")
}

func TestProtectedPageRedirectsToLoginAndBack(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	expectRedirect(t, c.get("/"), "/login?next=%2F")
	r := c.get("/login?next=%2F")
	if got := r.attr(`input[name="next"]`, "value"); got != "/" {
		t.Fatalf("next not carried in the form: %q", got)
	}
}

func TestSessionCookieFlags(t *testing.T) {
	for _, secure := range []bool{false, true} {
		var opts []envOption
		if secure {
			opts = append(opts, withSecureCookies)
		}
		env := newEnv(t, opts...)
		c := env.client()
		c.signup("Acme", "owner@example.com", goodPassword)
		r := c.login("owner@example.com", goodPassword)
		sessionName, csrfName := "portal_session", "_csrf"
		if secure {
			sessionName, csrfName = "__Host-portal_session", "__Host-_csrf"
		}
		ck := r.cookie(sessionName)
		if ck == nil {
			t.Fatal("no session cookie after sign-in")
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure != secure {
			t.Errorf("secure=%v: cookie flags HttpOnly=%v SameSite=%v Path=%q Secure=%v", secure, ck.HttpOnly, ck.SameSite, ck.Path, ck.Secure)
		}
		if strings.Contains(ck.Value, "owner") {
			t.Error("session cookie carries user data instead of an opaque ID")
		}
		csrf := c.get("/login").cookie(csrfName)
		if csrf != nil && (!csrf.HttpOnly || csrf.SameSite != http.SameSiteLaxMode || csrf.Secure != secure) {
			t.Errorf("secure=%v: CSRF cookie flags HttpOnly=%v SameSite=%v Secure=%v", secure, csrf.HttpOnly, csrf.SameSite, csrf.Secure)
		}
	}
}

func TestSessionIDIsRenewedAtLogin(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	c := env.client()
	c.signupByEmail(mails, "Acme", "owner@example.com", goodPassword)
	// Signing out everywhere leaves this browser a fresh anonymous
	// session: the one a fixation attack would plant.
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
	c.post("/settings/sessions", "/settings/sessions/end-all", url.Values{})
	before := sessionCookie(t, c)

	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
	after := sessionCookie(t, c)
	if before == after {
		t.Fatal("session cookie unchanged by sign-in")
	}
	// Replaying the pre-login cookie must not give a signed-in session.
	attacker := env.client()
	attacker.setCookie("portal_session", before)
	expectRedirect(t, attacker.get("/"), "/login?next=%2F")

	// After logout the signed-in cookie is dead on the server too.
	c.post("/", "/logout", url.Values{})
	replay := env.client()
	replay.setCookie("portal_session", after)
	expectRedirect(t, replay.get("/"), "/login?next=%2F")
}

func TestTamperedSessionCookieIsIgnored(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	c.login("owner@example.com", goodPassword)
	value := sessionCookie(t, c)
	tampered := value[:len(value)-4] + "AAAA"
	for _, v := range []string{tampered, "garbage", ""} {
		other := env.client()
		other.setCookie("portal_session", v)
		expectRedirect(t, other.get("/"), "/login?next=%2F")
		expectStatus(t, other.get("/login"), http.StatusOK)
	}
}

func sessionCookie(t *testing.T, c *client) string {
	t.Helper()
	u, _ := url.Parse(c.env.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "portal_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie in the jar")
	return ""
}

func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.env.srv.URL)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}
