package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// operator creates a Seller Operations user, as configuration or demo data
// would, and signs it in.
func (e *testEnv) operator() *client {
	e.t.Helper()
	hash, _ := domain.NewFastHasher().Hash(goodPassword)
	now := e.clock.Now()
	acct := &domain.Account{ID: "000000000001", Name: "AWS Marketplace Seller Operations", CreatedAt: now}
	user := &domain.User{AccountID: acct.ID, Email: "ops@example.com", PasswordHash: hash, Role: domain.RoleOperator, CreatedAt: now}
	if err := e.db.Accounts().CreateAccount(e.t.Context(), acct, user); err != nil {
		e.t.Fatal(err)
	}
	c := e.client()
	expectRedirect(e.t, c.login("ops@example.com", goodPassword), "/")
	return c
}

// stagedListing builds a complete listing, submits it with testers and
// lets the publishing delay pass.
func stagedListing(t *testing.T, env *testEnv, testers ...string) (*client, string) {
	t.Helper()
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	expectRedirect(t, submit(t, root, id, strings.Join(testers, ",")), "/management/products/ml/"+id)
	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("staging ran %d jobs (%v)", n, err)
	}
	return root, id
}

func TestStagedProductPage(t *testing.T) {
	env := newEnv(t)
	tester, testerID := env.signedIn("Tester", "tester@example.com")
	other, _ := env.signedIn("Other", "other@example.com")
	root, id := stagedListing(t, env, testerID)
	page := "/marketplace/pp/" + id

	// The seller previews it, with the badge, and was notified.
	r := root.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=limited-badge]") != "Limited" || r.text("[data-testid=staged-notice]") == "" {
		t.Fatalf("seller preview lacks the Limited badge")
	}
	if !strings.Contains(r.text("[data-testid=buyer-usage]"), "CSV with one review per line.") {
		t.Error("usage information missing from the product page")
	}
	if got := root.get("/").text("[data-testid=unread-count]"); got != "1" {
		t.Errorf("unread notifications %q before the home page", got)
	}
	home := root.get("/")
	if !strings.Contains(home.text("[data-testid=notifications]"), "Review Sentiment Classifier") || home.text("[data-testid=unread-count]") != "1" {
		t.Errorf("notification not shown, or marked read by viewing it: %q", home.text("[data-testid=notifications]"))
	}

	// The allow-listed tester sees the badge and subscribes for testing.
	r = tester.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.text("[data-testid=limited-badge]") != "Limited" {
		t.Fatal("tester does not see the Limited badge")
	}
	withoutEULA := tester.post(page, page+"/subscribe", url.Values{})
	expectStatus(t, withoutEULA, http.StatusUnprocessableEntity)
	if withoutEULA.text("[data-testid=error-accept_eula]") == "" {
		t.Error("subscribing without accepting the EULA not explained")
	}
	expectRedirect(t, tester.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	if got := tester.get(page).text("[data-testid=subscribed]"); got != "You have a test subscription." {
		t.Fatalf("tester subscription: %q", got)
	}
	sub, err := env.db.Subscriptions().Subscription(t.Context(), testerID, id)
	if err != nil || !sub.Test {
		t.Fatalf("stored subscription %+v (%v) is not a test subscription", sub, err)
	}
	// Subscribing twice changes nothing and says why.
	expectRedirect(t, tester.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	if got := tester.get(page).text("[data-testid=flash]"); !strings.Contains(got, "already subscribed") {
		t.Errorf("second subscription: %q", got)
	}

	// Everyone else gets the ordinary 404 page, even by forcing the URL.
	for _, c := range []*client{other, env.client()} {
		expectStatus(t, c.get(page), http.StatusNotFound)
		expectStatus(t, c.get(page+"/logo"), http.StatusNotFound)
	}
	expectStatus(t, other.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), http.StatusNotFound)
	if other.get("/marketplace").doc.Find("[data-testid=catalog-"+id+"]").Length() != 0 {
		t.Error("a product in test is listed in the marketplace")
	}
}

func TestSellerOperationsRequests(t *testing.T) {
	env := newEnv(t)
	late, lateID := env.signedIn("Late tester", "late@example.com")
	root, id := stagedListing(t, env)
	ops := env.operator()
	overview := "/management/products/ml/" + id

	// Bad requests are refused with the typed values kept.
	r := root.post(overview, overview+"/test-account-requests", url.Values{"request_accounts": {"123"}, "request_message": {""}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-request_accounts]") == "" || r.text("[data-testid=error-request_message]") == "" || r.attr("#f-request_accounts", "value") != "123" {
		t.Fatal("bad request not explained or typed values lost")
	}
	expectRedirect(t, root.post(overview, overview+"/test-account-requests", url.Values{"request_accounts": {lateID}, "request_message": {"Our QA team."}}), overview)
	if got := root.get(overview).text("[data-testid=requests-table]"); !strings.Contains(got, "Pending") {
		t.Fatalf("seller does not see the pending request: %q", got)
	}
	expectStatus(t, late.get("/marketplace/pp/"+id), http.StatusNotFound)

	// Only Seller Operations reach the desk.
	expectStatus(t, root.get("/operations"), http.StatusForbidden)
	desk := ops.get("/operations")
	expectStatus(t, desk, http.StatusOK)
	approve, ok := desk.doc.Find("[data-testid=open-requests] form").First().Attr("action")
	if !ok {
		t.Fatal("no open request on the desk")
	}
	expectStatus(t, root.post("/", approve, url.Values{}), http.StatusForbidden)
	expectRedirect(t, ops.post("/operations", approve, url.Values{}), "/operations")
	// Approving twice is refused with a message and changes nothing more.
	expectRedirect(t, ops.post("/operations", approve, url.Values{}), "/operations")
	if got := ops.get("/operations").text("[data-testid=flash]"); !strings.Contains(got, "already decided") {
		t.Errorf("second approval: %q", got)
	}
	reject := strings.Replace(approve, "/approve", "/reject", 1)
	expectRedirect(t, ops.post("/operations", reject, url.Values{}), "/operations")

	page := root.get(overview)
	if !strings.Contains(page.text("[data-testid=requests-table]"), "Approved") || !strings.Contains(page.text("[data-testid=test-accounts]"), lateID) {
		t.Fatalf("approval not applied: %q / %q", page.text("[data-testid=requests-table]"), page.text("[data-testid=test-accounts]"))
	}
	expectStatus(t, late.get("/marketplace/pp/"+id), http.StatusOK)
	if !strings.Contains(page.text("[data-testid=product-history]"), "arn:aws:iam::000000000001:root") {
		t.Error("the approval is not in the history with the operator")
	}
	// The seller is told by the product's title, not its ID.
	if got := root.get("/").text("[data-testid=notifications]"); !strings.Contains(got, `approved your test accounts for "Review Sentiment Classifier"`) {
		t.Errorf("approval notification %q", got)
	}
}

func TestPublishedProductReachesEveryBuyer(t *testing.T) {
	env := newEnv(t)
	buyer, _ := env.signedIn("Buyer", "buyer@example.com")
	root, id := stagedListing(t, env)
	base := "/management/products/ml/" + id
	expectRedirect(t, root.confirm(base+"/sign-off", "", nil), base)

	catalog := buyer.get("/marketplace")
	if catalog.doc.Find("[data-testid=catalog-"+id+"]").Length() != 1 {
		t.Fatal("the published product is not in the marketplace")
	}
	page := buyer.get("/marketplace/pp/" + id)
	expectStatus(t, page, http.StatusOK)
	if page.text("[data-testid=limited-badge]") != "" || page.text("[data-testid=staged-notice]") != "" {
		t.Error("a public product shows the Limited badge")
	}
	expectRedirect(t, buyer.post("/marketplace/pp/"+id, "/marketplace/pp/"+id+"/subscribe", url.Values{"accept_eula": {"on"}}), "/marketplace/pp/"+id)
	if got := buyer.get("/marketplace/pp/" + id).text("[data-testid=subscribed]"); got != "You are subscribed." {
		t.Fatalf("buyer subscription %q", got)
	}
	expectRedirect(t, buyer.confirm("/marketplace/pp/"+id+"/cancel", "", nil), "/marketplace/pp/"+id)
	if buyer.get("/marketplace/pp/"+id).doc.Find("[data-testid=subscribe-form]").Length() != 1 {
		t.Error("cannot subscribe again after cancelling")
	}
	// Visitors who are not signed in can read the page and are asked to sign in.
	anon := env.client().get("/marketplace/pp/" + id)
	expectStatus(t, anon, http.StatusOK)
	if anon.attr("[data-testid=sign-in-to-subscribe]", "href") == "" {
		t.Error("no sign-in link for visitors")
	}
}

// TestEditsWaitForTheNextStaging edits a product in test: testers keep
// seeing the staged listing until a new submission is staged.
func TestEditsWaitForTheNextStaging(t *testing.T) {
	env := newEnv(t)
	tester, testerID := env.signedIn("Tester", "tester@example.com")
	root, id := stagedListing(t, env, testerID)
	page := "/marketplace/pp/" + id
	base := "/management/products/ml/" + id

	edit := generalInfo()
	edit.Set("title", "Review Sentiment Classifier v2")
	edit.Set("then", "close")
	expectRedirect(t, saveSection(t, root, base+"/edit/general", edit), base)
	if got := tester.get(page).text("[data-testid=page-title]"); got != "Review Sentiment Classifier" {
		t.Fatalf("an unsubmitted edit reached the tester: %q", got)
	}
	expectRedirect(t, submit(t, root, id, ""), base)
	if got := tester.get(page).text("[data-testid=page-title]"); got != "Review Sentiment Classifier" {
		t.Fatalf("the staged listing changed before the delay: %q", got)
	}
	expectStatus(t, tester.get(page), http.StatusOK)
	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("restaging ran %d jobs (%v)", n, err)
	}
	if got := tester.get(page).text("[data-testid=page-title]"); got != "Review Sentiment Classifier v2" {
		t.Fatalf("the resubmitted edit is not staged: %q", got)
	}
}
