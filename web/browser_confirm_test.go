package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// confirmInModal clicks a destructive button, checks that it opened its
// modal (and left the page where it was), types typed in the modal's name
// field when given, and confirms, waiting for the page that follows.
func (b *browser) confirmInModal(button, typed string) {
	b.t.Helper()
	before := b.location()
	id := b.attr(button, "data-confirm")
	if id == "" {
		b.t.Fatalf("%s opens no confirmation", button)
	}
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	dialog := "dialog#" + id
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(button)), chromedp.WaitVisible(chromedp.CSS(dialog+"[open]"))); err != nil {
		b.t.Fatalf("modal %s did not open: %v", dialog, err)
	}
	if loc := b.location(); loc != before {
		b.t.Fatalf("the first click left %s for %s", before, loc)
	}
	if typed != "" {
		b.fill(map[string]string{dialog + " input[name=confirm_name]": typed})
	}
	b.click(dialog + " [data-testid=confirm-submit]")
}

// TestBrowserConfirmDeleteIAMUser deletes an IAM user in use through its
// modal: the first click only opens it, the confirming button waits for
// the name, and Cancel closes it with the user kept.
func TestBrowserConfirmDeleteIAMUser(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "root@acme.example", goodPassword)
	expectRedirect(t, c.login("root@acme.example", goodPassword), "/")
	c.newIAMUser("alice")
	expectRedirect(t, c.post("/iam/users/alice", "/iam/users/alice/managed-policies",
		url.Values{"managed_policy": {"AWSMarketplaceSellerFullAccess"}}), "/iam/users/alice")

	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	b.open("/iam/users/alice")
	id := b.attr("[data-testid=delete-user]", "data-confirm")
	dialog := "dialog#" + id
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	// Opened, then cancelled: nothing happens.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-testid=delete-user]")), chromedp.WaitVisible(chromedp.CSS(dialog+"[open]"))); err != nil {
		t.Fatalf("modal did not open: %v", err)
	}
	if got := b.text(dialog + " [data-testid=confirm-lead]"); got == "" || !strings.Contains(got, "alice") {
		t.Errorf("modal lead %q does not name the user", got)
	}
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.querySelector('"+dialog+" [data-testid=confirm-submit]').disabled"))
	if err != nil || !disabled {
		t.Errorf("Delete is enabled before the name is typed (%v)", err)
	}
	b.screenshot("confirm-delete-iam-user")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(dialog+" [data-testid=confirm-cancel]")), chromedp.WaitNotVisible(chromedp.CSS(dialog))); err != nil {
		t.Fatalf("Cancel did not close the modal: %v", err)
	}
	if b.location() != "/iam/users/alice" {
		t.Fatalf("Cancel left the page for %s", b.location())
	}

	// Typed and confirmed: deleted.
	b.confirmInModal("[data-testid=delete-user]", "alice")
	if loc := b.location(); loc != "/iam/users" {
		t.Fatalf("after deleting at %s", loc)
	}
	if got := b.text("[data-testid=flash]"); !strings.Contains(got, "alice") {
		t.Errorf("flash %q", got)
	}
	expectStatus(t, c.get("/iam/users/alice"), 404)
}
