package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestCSRFPlantedPairFromAnotherSessionIsRefused: an attacker's own cookie
// and token, planted in a signed-in victim's browser, do not pass: the
// victim's tokens are bound to the victim's session.
func TestCSRFPlantedPairFromAnotherSessionIsRefused(t *testing.T) {
	env := newEnv(t)
	victim := env.client()
	victim.signup("Acme", "owner@example.com", goodPassword)
	expectRedirect(t, victim.login("owner@example.com", goodPassword), "/")

	// A visitor's pair, and a signed-in attacker's token.
	attacker := env.client()
	visitorToken := attacker.get("/login").csrf(t)
	var visitorCookie string
	for _, ck := range attacker.http.Jar.Cookies(mustURL(t, env.srv.URL)) {
		if ck.Name == "_csrf" {
			visitorCookie = ck.Value
		}
	}
	if visitorCookie == "" {
		t.Fatal("no pre-session cookie for a visitor")
	}
	attacker.signup("Evil", "evil@example.com", goodPassword)
	expectRedirect(t, attacker.login("evil@example.com", goodPassword), "/")
	attackerToken := attacker.get("/").csrf(t)

	victim.setCookie("_csrf", visitorCookie)
	for name, token := range map[string]string{"visitor pair": visitorToken, "other session": attackerToken, "forged": "AAAA"} {
		r := victim.postRaw("/logout", url.Values{"_csrf": {token}})
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: status %d, want 403", name, r.StatusCode)
		}
	}
	expectStatus(t, victim.get("/"), http.StatusOK) // still signed in
	// The victim's own token still works.
	expectRedirect(t, victim.post("/", "/logout", url.Values{}), "/login?signed_out=1")
}

// TestCSRFTokenChangesAtSignIn: a token issued before sign-in is refused
// afterwards; the page rendered after sign-in carries one that works. Sign-out
// ends the signed-in tokens too.
func TestCSRFTokenChangesAtSignIn(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	before := c.get("/login").csrf(t)
	expectRedirect(t, c.postRaw("/login", url.Values{"_csrf": {before}, "email": {"owner@example.com"}, "password": {goodPassword}}), "/")

	expectStatus(t, c.postRaw("/language", url.Values{"_csrf": {before}, "lang": {"de"}}), http.StatusForbidden)
	expectStatus(t, c.postRaw("/logout", url.Values{"_csrf": {before}}), http.StatusForbidden)

	after := c.get("/").csrf(t)
	if after == before {
		t.Fatal("same token before and after sign-in")
	}
	expectRedirect(t, c.postRaw("/logout", url.Values{"_csrf": {after}}), "/login?signed_out=1")

	// After sign-out neither the signed-in token nor the pre-sign-in one works.
	for _, token := range []string{before, after} {
		expectStatus(t, c.postRaw("/login", url.Values{"_csrf": {token}, "email": {"owner@example.com"}, "password": {goodPassword}}), http.StatusForbidden)
	}
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
}

// TestCSRFVisitorFormsWork: sign-up, sign-in and the language switch work
// for a visitor without a session, with the visitor's token.
func TestCSRFVisitorFormsWork(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	token := c.get("/login").csrf(t)
	r := c.postRaw("/language", url.Values{"_csrf": {token}, "lang": {"de"}, "return_to": {"/login"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("language switch: status %d", r.StatusCode)
	}
	c.signup("Acme", "owner@example.com", goodPassword)
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
}

// TestCSRFTokenInQueryIsRefused: the right token in the URL is not enough.
func TestCSRFTokenInQueryIsRefused(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
	token := c.get("/").csrf(t)
	expectStatus(t, c.postRaw("/logout?_csrf="+url.QueryEscape(token), url.Values{}), http.StatusForbidden)
	expectStatus(t, c.get("/"), http.StatusOK)
}

// TestCSRFCrossOriginRefusedEvenWithToken: http.CrossOriginProtection refuses
// a cross-origin post whatever token it carries; a same-origin browser post
// still needs its token.
func TestCSRFCrossOriginRefusedEvenWithToken(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@example.com", goodPassword)
	expectRedirect(t, c.login("owner@example.com", goodPassword), "/")
	token := c.get("/").csrf(t)

	for _, h := range []map[string]string{
		{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"},
		{"Origin": "https://evil.example"},
	} {
		for k, v := range h {
			c.header.Set(k, v)
		}
		expectStatus(t, c.postRaw("/logout", url.Values{"_csrf": {token}}), http.StatusForbidden)
		for k := range h {
			c.header.Del(k)
		}
	}
	expectStatus(t, c.get("/"), http.StatusOK) // still signed in

	c.header.Set("Sec-Fetch-Site", "same-origin")
	c.header.Set("Origin", env.srv.URL)
	expectStatus(t, c.postRaw("/logout", url.Values{}), http.StatusForbidden)
	expectRedirect(t, c.postRaw("/logout", url.Values{"_csrf": {token}}), "/login?signed_out=1")
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
