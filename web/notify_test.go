package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/mlportal/portal/web/mail/mailpittest"
)

// TestTestAccountIsToldWhereTheStagedListingIs: a test account typed with
// the console's dashes is allow-listed; when the listing is staged it gets
// a notification in the portal that links to the staged listing, and an
// email in its own language; the seller is emailed too.
func TestTestAccountIsToldWhereTheStagedListingIs(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	tester := env.client()
	tester.header.Set("Accept-Language", "fr")
	testerID := tester.signup("Testeuse", "testeuse@example.com", goodPassword)
	expectRedirect(t, tester.login("testeuse@example.com", goodPassword), "/")
	dashed := testerID[:4] + "-" + testerID[4:8] + "-" + testerID[8:]
	_, id := stagedListing(t, env, dashed)
	page := "/marketplace/pp/" + id

	home := tester.get("/")
	link := home.doc.Find(`[data-testid=notifications] a[href="` + page + `"]`)
	if link.Length() != 1 || !strings.Contains(link.Text(), "Review Sentiment Classifier") {
		t.Fatalf("tester's notification does not link to the staged listing: %q", home.text("[data-testid=notifications]"))
	}
	preview := tester.get(page)
	expectStatus(t, preview, http.StatusOK)
	if got := preview.text("[data-testid=title-limited-badge]"); got != "Limité" { // the tester reads French
		t.Errorf("the staged listing's title has no Limited badge: %q", got)
	}

	if _, err := env.app.RunDueJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
	path, text := emailLink(t, mails, "testeuse@example.com", "/marketplace/pp/")
	if path != page || !strings.Contains(text, "Bonjour") || !strings.Contains(text, "Review Sentiment Classifier") {
		t.Errorf("tester's email links %q, in French? %q", path, text)
	}
	if path, _ := emailLink(t, mails, "root@acme.example", "/management/products/ml/"); path != "/management/products/ml/"+id {
		t.Errorf("seller's email links %q", path)
	}
	// Emails go out once, however often the jobs run.
	before := len(mails.Messages(t))
	if _, err := env.app.RunDueJobs(t.Context()); err != nil {
		t.Fatal(err)
	}
	if after := len(mails.Messages(t)); after != before {
		t.Errorf("running the jobs again sent %d more emails", after-before)
	}
}
