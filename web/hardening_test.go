package web_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

const wantHSTS = "max-age=31536000; includeSubDomains"

func TestStrictTransportSecurity(t *testing.T) {
	t.Run("plain HTTP without secure cookies", func(t *testing.T) {
		r := newEnv(t).client().get("/login")
		if got := r.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("Strict-Transport-Security = %q over plain HTTP, want none", got)
		}
	})
	t.Run("secure cookies", func(t *testing.T) {
		r := newEnv(t, withSecureCookies).client().get("/login")
		if got := r.Header.Get("Strict-Transport-Security"); got != wantHSTS {
			t.Errorf("Strict-Transport-Security = %q, want %q", got, wantHSTS)
		}
	})
	t.Run("served over TLS", func(t *testing.T) {
		env := newEnv(t)
		req := httptest.NewRequest(http.MethodGet, "/login", nil)
		req.TLS = &tls.ConnectionState{}
		rec := httptest.NewRecorder()
		env.handler().ServeHTTP(rec, req)
		if got := rec.Header().Get("Strict-Transport-Security"); got != wantHSTS {
			t.Errorf("Strict-Transport-Security = %q, want %q", got, wantHSTS)
		}
	})
}

func TestSignedInResponsesAreNotStored(t *testing.T) {
	env := newEnv(t)
	visitor := env.client()
	if got := visitor.get("/login").Header.Get("Cache-Control"); got == "no-store" {
		t.Errorf("sign-in page for a visitor: Cache-Control %q, want it cacheable", got)
	}

	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
	for _, path := range []string{"/", "/settings", "/settings/profile/logo", "/iam/users", "/marketplace", "/no-such-page"} {
		r := c.get(path)
		if got := r.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s (status %d): Cache-Control %q, want no-store", path, r.StatusCode, got)
		}
	}
}

func TestCookiesUnderTLSUseTheHostPrefix(t *testing.T) {
	for _, tt := range []struct {
		secure             bool
		session, csrfToken string
	}{
		{false, "portal_session", "_csrf"},
		{true, "__Host-portal_session", "__Host-_csrf"},
	} {
		var opts []envOption
		if tt.secure {
			opts = append(opts, withSecureCookies)
		}
		env := newEnv(t, opts...)
		c := tlsClient(t, env)
		page := c.get("/login")
		csrf := page.cookie(tt.csrfToken)
		c.signup("Acme", "owner@example.com", goodPassword)
		r := c.login("owner@example.com", goodPassword)
		expectRedirect(t, r, "/")
		session := r.cookie(tt.session)
		for name, ck := range map[string]*http.Cookie{tt.session: session, tt.csrfToken: csrf} {
			if ck == nil {
				t.Errorf("secure=%v: no cookie %s", tt.secure, name)
				continue
			}
			if ck.Path != "/" || ck.Domain != "" || ck.Secure != tt.secure || !ck.HttpOnly {
				t.Errorf("secure=%v: %s Path=%q Domain=%q Secure=%v HttpOnly=%v", tt.secure, name, ck.Path, ck.Domain, ck.Secure, ck.HttpOnly)
			}
			if ck.SameSite != http.SameSiteLaxMode || ck.MaxAge <= 0 {
				t.Errorf("secure=%v: %s SameSite=%v MaxAge=%d, want Lax and a lifetime", tt.secure, name, ck.SameSite, ck.MaxAge)
			}
		}
		for _, other := range []string{"portal_session", "_csrf", "__Host-portal_session", "__Host-_csrf"} {
			if other != tt.session && other != tt.csrfToken && (r.cookie(other) != nil || page.cookie(other) != nil) {
				t.Errorf("secure=%v: unexpected cookie %s", tt.secure, other)
			}
		}
		// The prefixed cookies carry the session and the form tokens.
		expectStatus(t, c.get("/"), http.StatusOK)
		expectRedirect(t, c.post("/", "/logout", url.Values{}), "/login?signed_out=1")
		expectRedirect(t, c.get("/"), "/login?next=%2F")
	}
}

// tlsClient serves env over TLS too and returns a client of that server.
func tlsClient(t *testing.T, env *testEnv) *client {
	t.Helper()
	ts := httptest.NewTLSServer(env.handler())
	t.Cleanup(ts.Close)
	tlsEnv := *env
	tlsEnv.srv = ts
	c := tlsEnv.client()
	c.http.Transport = ts.Client().Transport
	return c
}
