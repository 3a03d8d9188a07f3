package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestReloadingAFormPostGoesBackToItsPage: after a refused post the
// browser is left on the form's address; reloading it (a GET) returns to
// the form's page instead of "Page not found".
func TestReloadingAFormPostGoesBackToItsPage(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@acme.example", goodPassword)
	expectRedirect(t, c.login("owner@acme.example", goodPassword), "/")
	r := c.post("/management/products/ml", "/management/products/ml/new", url.Values{})
	id := strings.TrimSuffix(r.Header.Get("Location"), "/edit/general")
	if !strings.HasPrefix(id, "/management/products/ml/prod-") {
		t.Fatalf("no listing created: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	for path, page := range map[string]string{
		"/marketplace/pp/prod-abcdefghijklm/subscribe": "/marketplace/pp/prod-abcdefghijklm",
		id + "/submit":                id,
		id + "/versions/restrict":     id + "/versions",
		"/iam/users/someone/policies": "/iam/users/someone",
	} {
		r := c.get(path)
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != page {
			t.Errorf("GET %s: %d to %q, want a redirect to %s", path, r.StatusCode, r.Header.Get("Location"), page)
		}
	}
	expectStatus(t, c.get("/no/such/page"), http.StatusNotFound)
}
