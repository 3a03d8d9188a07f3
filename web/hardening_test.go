package web_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
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
