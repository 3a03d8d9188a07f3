package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestNotificationsStayUnreadUntilMarked: reading the home page changes
// nothing; the "Mark all as read" form does, with its CSRF token only.
func TestNotificationsStayUnreadUntilMarked(t *testing.T) {
	env := newEnv(t)
	root, _ := stagedListing(t, env)

	for range 2 {
		home := root.get("/")
		expectStatus(t, home, http.StatusOK)
		if got := home.text("[data-testid=unread-count]"); got != "1" {
			t.Fatalf("unread count %q after viewing the home page, want 1", got)
		}
		if home.doc.Find("[data-testid=notifications] li.notices__unread").Length() != 1 {
			t.Fatal("the notification is not shown as unread")
		}
		if home.attr("[data-testid=mark-read-form]", "action") != "/notifications/read" {
			t.Fatal("no form to mark the notifications read")
		}
	}

	// Without the token nothing changes.
	r := root.postRaw("/notifications/read", url.Values{})
	if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusBadRequest {
		t.Errorf("POST without a CSRF token: status %d", r.StatusCode)
	}
	if got := root.get("/").text("[data-testid=unread-count]"); got != "1" {
		t.Errorf("unread count %q after a refused POST, want 1", got)
	}

	expectRedirect(t, root.post("/", "/notifications/read", url.Values{}), "/")
	home := root.get("/")
	if got := home.text("[data-testid=unread-count]"); got != "" {
		t.Errorf("unread count %q after marking all read", got)
	}
	if home.doc.Find("[data-testid=notifications] li").Length() != 1 || home.doc.Find("li.notices__unread").Length() != 0 {
		t.Error("the read notification is not listed as read")
	}
	if home.doc.Find("[data-testid=mark-read-form]").Length() != 0 {
		t.Error("the form is offered with nothing unread")
	}
}
