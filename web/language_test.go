package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

func TestLanguageFromAcceptLanguage(t *testing.T) {
	env := newEnv(t)
	tests := []struct{ header, lang, heading string }{
		{"", "en", "Sign in"},
		{"fr-CA,fr;q=0.9,en;q=0.5", "fr", "Connexion"},
		{"es-MX", "es", "Iniciar sesión"},
		{"de-DE,de;q=0.9", "en", "Sign in"},
		{"not a header;;", "en", "Sign in"},
	}
	for _, tt := range tests {
		c := env.client()
		c.header.Set("Accept-Language", tt.header)
		r := c.get("/login")
		if got := r.attr("html", "lang"); got != tt.lang {
			t.Errorf("Accept-Language %q: lang %q, want %q", tt.header, got, tt.lang)
		}
		if got := r.text("h1"); got != tt.heading {
			t.Errorf("Accept-Language %q: heading %q, want %q", tt.header, got, tt.heading)
		}
	}
}

func TestLanguageSwitcherIsRemembered(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.header.Set("Accept-Language", "es")
	r := c.post("/login", "/language", url.Values{"lang": {"fr"}, "return_to": {"/login?next=%2F"}})
	expectRedirect(t, r, "/login?next=%2F")
	ck := r.cookie("lang")
	if ck == nil || ck.Value != "fr" || !ck.Expires.After(env.clock.Now().AddDate(0, 11, 0)) {
		t.Fatalf("language not remembered: %+v", ck)
	}
	page := c.get("/login")
	if page.attr("html", "lang") != "fr" || page.text("h1") != "Connexion" {
		t.Fatalf("switcher choice did not win over Accept-Language: lang=%q h1=%q", page.attr("html", "lang"), page.text("h1"))
	}
	if page.attr(`#lang-select option[selected]`, "value") != "fr" {
		t.Error("switcher does not show the current language")
	}
}

func TestLanguageSwitcherRefusesUnknownCodes(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	r := c.post("/login", "/language", url.Values{"lang": {"xx"}, "return_to": {"/login"}})
	expectRedirect(t, r, "/login")
	if r.cookie("lang") != nil {
		t.Fatal("an unknown language was remembered")
	}
	page := c.get("/login")
	expectStatus(t, page, http.StatusOK)
	if got := page.text("[data-testid=flash]"); got != "That language is not available. Choose English, French or Spanish." {
		t.Errorf("flash %q", got)
	}
	if page.attr("html", "lang") != "en" {
		t.Error("page language changed")
	}
	// A forged return address stays on the site.
	expectRedirect(t, c.post("/login", "/language", url.Values{"lang": {"es"}, "return_to": {"//evil.example"}}), "/")
}

// TestAccountEmailLanguage: an account's emails are written in the
// language it signed up in, and then in the one its root user picks.
func TestAccountEmailLanguage(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.header.Set("Accept-Language", "es-MX")
	id := c.signup("Compradora", "compradora@example.com", goodPassword)
	language := func() string {
		t.Helper()
		contact, err := env.app.Repos.Contacts.Contact(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return contact.Language
	}
	if got := language(); got != "es" {
		t.Fatalf("signed up in Spanish, emails in %q", got)
	}
	expectRedirect(t, c.login("compradora@example.com", goodPassword), "/")
	expectRedirect(t, c.post("/", "/language", url.Values{"lang": {"fr"}, "return_to": {"/"}}), "/")
	if got := language(); got != "fr" {
		t.Errorf("root user chose French, emails in %q", got)
	}
}
