package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestFormPostsWithoutCSRFTokenAreRefused(t *testing.T) {
	env := newEnv(t)
	tests := []struct {
		name          string
		secFetchSite  string
		token         string
		wantStatusMin int
	}{
		{"no token, no fetch metadata", "", "", 400},
		{"wrong token", "", "forged", 403},
		{"no token from a same-origin browser", "same-origin", "", 400},
		{"cross-site browser", "cross-site", "", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := env.client()
			c.get("/login") // sets the CSRF cookie
			if tt.secFetchSite != "" {
				c.header.Set("Sec-Fetch-Site", tt.secFetchSite)
			}
			form := url.Values{"email": {"a@example.com"}, "password": {goodPassword}}
			if tt.token != "" {
				form.Set("_csrf", tt.token)
			}
			r := c.postRaw("/login", form)
			if r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 400 or 403", r.StatusCode)
			}
			if !strings.Contains(r.text("[data-testid=error-message]"), "form has expired") {
				t.Errorf("no clear message: %q", r.text("[data-testid=error-message]"))
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	env := newEnv(t)
	r := env.client().get("/login")
	for header, want := range map[string]string{
		"X-Frame-Options":        "DENY",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
	} {
		if got := r.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if r.Header.Get("X-Request-Id") == "" {
		t.Error("no request ID")
	}
}

func TestOversizedBodyGetsACleanError(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	token := c.get("/signup").csrf(t)
	form := url.Values{"_csrf": {token}, "account_name": {strings.Repeat("x", 3<<20)}, "email": {"big@example.com"}, "password": {goodPassword}}
	r := c.postRaw("/signup", form)
	expectStatus(t, r, http.StatusRequestEntityTooLarge)
	if got := r.text("[data-testid=error-message]"); got != "What you sent is too large." {
		t.Errorf("message %q", got)
	}
	if r := c.login("big@example.com", goodPassword); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("oversized sign-up was stored (login status %d)", r.StatusCode)
	}
}

func TestUnknownPageIsAFriendly404(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.header.Set("Accept-Language", "es")
	r := c.get("/no/such/page")
	expectStatus(t, r, http.StatusNotFound)
	if got := r.text("h1"); got != "Página no encontrada" {
		t.Errorf("heading %q", got)
	}
	if r.attr("html", "lang") != "es" {
		t.Errorf("lang %q", r.attr("html", "lang"))
	}
}

func TestInternalErrorsHideTheirDetails(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	c.login("owner@example.com", goodPassword)
	env.db.Close()
	r := c.get("/")
	expectStatus(t, r, http.StatusInternalServerError)
	if got := r.text("[data-testid=error-message]"); got != "Something went wrong on our side. Try again in a moment." {
		t.Errorf("message %q", got)
	}
	// The random request ID shown as the reference may spell anything, "sql"
	// included, so it is taken out before looking for leaks.
	shown := strings.ToLower(strings.ReplaceAll(r.text("main"), r.Header.Get("X-Request-Id"), ""))
	for _, leak := range []string{"sql", "database", "closed", "gorm"} {
		if strings.Contains(shown, leak) {
			t.Errorf("error page leaks %q: %s", leak, r.text("main"))
		}
	}
	if !strings.Contains(r.text("main"), r.Header.Get("X-Request-Id")) {
		t.Error("error page does not show the request ID")
	}
}

func TestHealthz(t *testing.T) {
	env := newEnv(t)
	r := env.client().get("/healthz")
	expectStatus(t, r, http.StatusOK)
	if r.body != "ok" {
		t.Errorf("body %q", r.body)
	}
	env.db.Close()
	expectStatus(t, env.client().get("/healthz"), http.StatusServiceUnavailable)
}
