package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// publicPages may be read without signing in.
var publicPages = map[string]bool{"/login": true, "/signup": true, "/healthz": true, "/marketplace": true,
	"/signup/check-email": true, "/signup/resend": true, "/password-reset": true, "/password-reset/sent": true}

// TestEveryRouteIsGuarded walks the registered routes: without a session a
// page either is public or sends the visitor to sign in (or refuses), and no
// state-changing request is accepted without a CSRF token.
func TestEveryRouteIsGuarded(t *testing.T) {
	env := newEnv(t)
	param := regexp.MustCompile(`:[^/]+`)
	seen := 0
	for _, route := range env.handler().Routes() {
		if strings.HasPrefix(route.Path, "/static") || route.Name == "" && route.Method == "echo_route_not_found" {
			continue
		}
		path := strings.ReplaceAll(param.ReplaceAllString(route.Path, "123456789012"), "*", "x")
		c := env.client()
		switch route.Method {
		case http.MethodGet:
			r := c.get(path)
			if publicPages[path] {
				expectStatus(t, r, http.StatusOK)
				break
			}
			loc := r.Header.Get("Location")
			if !(r.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/login?next=")) &&
				r.StatusCode != http.StatusUnauthorized && r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s without a session: status %d location %q", route.Path, r.StatusCode, loc)
			}
			seen++
		case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
			c.get("/login")
			req := c.postRaw(path, url.Values{"x": {"1"}})
			if req.StatusCode != http.StatusBadRequest && req.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s without a CSRF token: status %d", route.Method, route.Path, req.StatusCode)
			}
			seen++
		}
	}
	if seen < 5 {
		t.Fatalf("walked only %d routes; the route list looks wrong", seen)
	}
}
