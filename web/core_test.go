package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The findings of "One application core": the server, not the page, keeps
// untested content from going live and buyers' IAM users within their
// policies. Each test drives the portal over plain HTTP, as it was tried.

// stageDue advances the clock past the publishing delay and runs the job.
func stageDue(t *testing.T, env *testEnv) {
	t.Helper()
	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("staging ran %d jobs (%v)", n, err)
	}
}

// editTitle saves the general information with a new title.
func editTitle(t *testing.T, c *client, base, title string) {
	t.Helper()
	form := generalInfo()
	form.Set("title", title)
	form.Set("then", "close")
	r := saveSection(t, c, base+"/edit/general", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("editing the title: status %d", r.StatusCode)
	}
}

func TestEditAfterSubmitWaitsForTheNextSubmission(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	tester, testerID := env.signedIn("Tester", "tester@example.com")
	buyer, _ := env.signedIn("Buyer", "buyer@example.com")
	id := completeListing(t, root, accountID, "sentiment")
	base, page := "/management/products/ml/"+id, "/marketplace/pp/"+id
	const submitted, untested = "Review Sentiment Classifier", "Untested Title Edit"

	expectRedirect(t, submit(t, root, id, testerID), base)
	editTitle(t, root, base, untested)
	if got := root.get(base).text("[data-testid=publishing-in-progress]"); !strings.Contains(got, "next submission") {
		t.Errorf("overview does not say edits wait for the next submission: %q", got)
	}
	stageDue(t, env)

	staged := tester.get(page)
	expectStatus(t, staged, http.StatusOK)
	if got := staged.text("h1"); !strings.Contains(got, submitted) || strings.Contains(got, untested) {
		t.Fatalf("staged page shows %q, want the submitted title", got)
	}

	expectRedirect(t, root.confirm(base+"/sign-off", "", nil), base)
	public := buyer.get(page)
	expectStatus(t, public, http.StatusOK)
	if got := public.text("h1"); !strings.Contains(got, submitted) || strings.Contains(got, untested) {
		t.Fatalf("published page shows %q, want the submitted title", got)
	}

	// The edit goes out with the next submission, once tested.
	expectRedirect(t, submit(t, root, id, ""), base)
	stageDue(t, env)
	if got := tester.get(page).text("h1"); !strings.Contains(got, untested) {
		t.Errorf("after the next staging the tester sees %q", got)
	}
	if got := buyer.get(page).text("h1"); strings.Contains(got, untested) {
		t.Errorf("buyers see the edit before it was signed off: %q", got)
	}
}

func TestForgedSignOffDuringPendingSubmissionIsRefused(t *testing.T) {
	env := newEnv(t)
	root, id := stagedListing(t, env)
	base := "/management/products/ml/" + id

	editTitle(t, root, base, "Edited While In Test")
	expectRedirect(t, submit(t, root, id, ""), base)
	overview := root.get(base)
	if overview.doc.Find("[data-testid=sign-off-form]").Length() != 0 {
		t.Fatal("sign-off offered while a submission is pending")
	}
	before := overview.text("[data-testid=summary-status]")

	// The button is hidden; the forged POST carries the current revision.
	r := root.confirm(base+"/sign-off", "", url.Values{"revision": {revisionOfOverview(t, overview)}})
	if r.StatusCode < 400 || r.StatusCode > 499 {
		t.Fatalf("forged sign-off: status %d, want 4xx", r.StatusCode)
	}
	if !strings.Contains(r.text("[data-testid=flash]"), "submission is being published") {
		t.Errorf("forged sign-off message %q", r.text("[data-testid=flash]"))
	}
	after := root.get(base)
	if got := after.text("[data-testid=summary-status]"); got != before || got != "Limited" {
		t.Fatalf("status after forged sign-off %q, was %q", got, before)
	}
	if after.text("[data-testid=publishing-in-progress]") == "" {
		t.Error("the pending submission was lost")
	}

	// The pending staging then leaves the product in test, not Public.
	stageDue(t, env)
	if got := root.get(base).text("[data-testid=summary-status]"); got != "Limited" {
		t.Errorf("status after staging %q, want Limited", got)
	}
}

// iamBuyer creates an IAM user in the buyer's account, with a custom policy
// document or a managed policy name (either may be empty), and signs it in.
func iamBuyer(t *testing.T, env *testEnv, root *client, accountID, name, document, managed string) *client {
	t.Helper()
	expectRedirect(t, root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {name}, "password": {goodPassword}}), "/iam/users/"+name)
	user := "/iam/users/" + name
	if document != "" {
		expectRedirect(t, root.post(user, user+"/policies", url.Values{"policy_name": {"custom"}, "document": {document}}), user)
	}
	if managed != "" {
		expectRedirect(t, root.post(user, user+"/managed-policies", url.Values{"managed_policy": {managed}}), user)
	}
	c := env.client()
	expectRedirect(t, c.loginIAM(accountID, name, goodPassword), "/")
	return c
}

func TestBuyerActionsNeedIAMPermissions(t *testing.T) {
	env := newEnv(t)
	_, _, id := publicListing(t, env)
	root, buyerID := env.signedIn("Buyer", "buyer@example.com")
	page := "/marketplace/pp/" + id
	denyAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`

	expectRedirect(t, root.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	for name, c := range map[string]*client{
		"deny-all":  iamBuyer(t, env, root, buyerID, "deny-all", denyAll, ""),
		"no-policy": iamBuyer(t, env, root, buyerID, "no-policy", "", ""),
	} {
		expectStatus(t, c.get("/sagemaker/subscriptions"), http.StatusForbidden)
		expectStatus(t, c.post(page, page+"/cancel", url.Values{}), http.StatusForbidden)
		expectStatus(t, c.get(page+"/cancel"), http.StatusForbidden)
		expectStatus(t, c.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), http.StatusForbidden)
		if root.get("/sagemaker/subscriptions").doc.Find("[data-testid=subscriptions-table] tbody tr").Length() != 1 {
			t.Fatalf("%s changed the account's subscription", name)
		}
	}

	buyer := iamBuyer(t, env, root, buyerID, "buyer", "", "AWSMarketplaceManageSubscriptions")
	expectRedirect(t, buyer.confirm(page+"/cancel", "", nil), page)
	expectStatus(t, buyer.get("/sagemaker/subscriptions"), http.StatusOK)
	if buyer.get("/sagemaker/subscriptions").doc.Find("[data-testid=subscriptions-table] tbody tr").Length() != 0 {
		t.Fatal("cancel by the managed buyer policy did not cancel")
	}
	expectRedirect(t, buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	if buyer.get("/sagemaker/subscriptions").doc.Find("[data-testid=subscriptions-table] tbody tr").Length() != 1 {
		t.Fatal("subscribe by the managed buyer policy did not subscribe")
	}

	// The read-only policy shows subscriptions and changes none.
	reader := iamBuyer(t, env, root, buyerID, "reader", "", "AWSMarketplaceRead-only")
	expectStatus(t, reader.get("/sagemaker/subscriptions"), http.StatusOK)
	expectStatus(t, reader.post(page, page+"/cancel", url.Values{}), http.StatusForbidden)
}

func TestForgedSubmitWithNothingToSubmitIsRefused(t *testing.T) {
	env := newEnv(t)
	root, id := stagedListing(t, env)
	base := "/management/products/ml/" + id
	overview := root.get(base)
	if overview.doc.Find(`[data-testid=submit-form] button[type=submit]:not([disabled])`).Length() != 0 {
		t.Fatal("submit offered with nothing to submit")
	}

	// The button is disabled; the forged POST is refused and schedules nothing.
	expectRedirect(t, submit(t, root, id, ""), base)
	after := root.get(base)
	if got := after.text("[data-testid=flash]"); !strings.Contains(got, "Nothing is waiting to be published") {
		t.Errorf("forged submit message %q", got)
	}
	if after.text("[data-testid=publishing-in-progress]") != "" {
		t.Error("a submission with nothing to submit was scheduled")
	}

	// After an edit it goes through.
	editTitle(t, root, base, "Edited In Test")
	expectRedirect(t, submit(t, root, id, ""), base)
	if root.get(base).text("[data-testid=publishing-in-progress]") == "" {
		t.Error("the submission of an edit was not scheduled")
	}
}
