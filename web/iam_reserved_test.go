package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestIAMUserNamesThatCannotBeReachedAreRefused(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	for _, lang := range []struct{ code, message string }{
		{"en", "is reserved"},
		{"fr", "est réservé"},
		{"es", "está reservado"},
	} {
		root.header.Set("Accept-Language", lang.code)
		for _, name := range []string{"new", ".", ".."} {
			r := root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {name}, "password": {goodPassword}})
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-user_name]"); !strings.Contains(got, lang.message) {
				t.Errorf("%s, %q: error %q, want it to say the name is reserved", lang.code, name, got)
			}
			if got := r.attr("#f-user_name", "value"); got != name {
				t.Errorf("%s, %q: name not kept: %q", lang.code, name, got)
			}
		}
	}
	// Nothing was created, and the create page is still the create page.
	root.header.Del("Accept-Language")
	list := root.get("/iam/users")
	expectStatus(t, list, http.StatusOK)
	if strings.Contains(list.body, `href="/iam/users/.."`) || strings.Contains(list.body, `href="/iam/users/new">new<`) {
		t.Error("a reserved name was created")
	}
	expectStatus(t, root.get("/iam/users/new"), http.StatusOK)
}
