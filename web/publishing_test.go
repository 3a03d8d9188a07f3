package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// submit posts the overview's Submit for publishing form.
func submit(t *testing.T, c *client, id, testAccounts string) *response {
	t.Helper()
	base := "/management/products/ml/" + id
	rev := c.get(base).attr(`[data-testid=submit-form] input[name="revision"]`, "value")
	return c.post(base, base+"/submit", url.Values{"revision": {rev}, "test_accounts": {testAccounts}})
}

func TestSubmitStageAndSignOff(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	_, testerID := env.signedIn("Tester", "tester@example.com")
	id := completeListing(t, root, accountID, "sentiment")
	base := "/management/products/ml/" + id

	expectRedirect(t, submit(t, root, id, testerID+", "+testerID), base)
	overview := root.get(base)
	if overview.text("[data-testid=publishing-in-progress]") == "" {
		t.Fatal("no progress indicator after submitting")
	}
	if got := overview.text("[data-testid=test-accounts]"); got != testerID {
		t.Errorf("test accounts %q, want %s once", got, testerID)
	}
	if overview.doc.Find("[data-testid=submit-form]").Length() != 0 || overview.doc.Find("[data-testid=sign-off]").Length() != 0 {
		t.Error("submit or sign-off offered while publishing is in progress")
	}

	// Nothing is due before the delay.
	env.clock.Advance(59 * time.Minute)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 0 {
		t.Fatalf("ran %d jobs before the delay (%v)", n, err)
	}
	env.clock.Advance(time.Minute)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("ran %d jobs at the delay (%v)", n, err)
	}
	if n, _ := env.publishing.RunDue(t.Context()); n != 0 {
		t.Fatal("the job ran twice")
	}
	overview = root.get(base)
	if got := overview.text("[data-testid=summary-status]"); got != "Limited" {
		t.Fatalf("status after the delay %q", got)
	}
	if countChanges(historyChanges(overview), domain.ChangeUpdateVisibility) != 1 {
		t.Error("staging not in the history")
	}

	// Region availability is frozen from the first submission on.
	r := saveSection(t, root, base+"/edit/regions", url.Values{"availability": {"chosen"}, "regions": {"us-east-1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("frozen regions: status %d", r.StatusCode)
	}
	if got := root.get(base).text("[data-testid=flash]"); !strings.Contains(got, "can't change after the product was submitted") {
		t.Errorf("frozen regions message %q", got)
	}

	expectRedirect(t, root.confirm(base+"/sign-off", "", nil), base)
	overview = root.get(base)
	if got := overview.text("[data-testid=summary-status]"); got != "Public" {
		t.Fatalf("status after sign-off %q", got)
	}
	if countChanges(historyChanges(overview), domain.ChangeReleaseProduct) != 1 {
		t.Error("release not in the history")
	}
	// Signing off twice changes nothing and says why.
	r = root.confirm(base+"/sign-off", "", url.Values{"revision": {revisionOfOverview(t, overview)}})
	expectStatus(t, r, http.StatusConflict)
	if got := r.text("[data-testid=flash]"); !strings.Contains(got, "already public") {
		t.Errorf("second sign-off message %q", got)
	}
}

func revisionOfOverview(t *testing.T, r *response) string {
	t.Helper()
	v := r.attr(`input[name="revision"]`, "value")
	if v == "" {
		return "0"
	}
	return v
}

func TestSubmitBadInput(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	draft := newListing(t, root)
	base := "/management/products/ml/" + draft

	// An incomplete listing is refused and nothing is scheduled.
	r := root.post(base, base+"/submit", url.Values{"revision": {"1"}, "test_accounts": {""}})
	expectRedirect(t, r, base)
	page := root.get(base)
	if !strings.Contains(page.text("[data-testid=flash]"), "not complete yet") || page.text("[data-testid=publishing-in-progress]") != "" {
		t.Fatalf("incomplete submission: flash %q", page.text("[data-testid=flash]"))
	}

	id := completeListing(t, root, accountID, "sentiment")
	base = "/management/products/ml/" + id
	for _, accounts := range []string{"12345", "abcdefghijkl", accountID} {
		r := submit(t, root, id, accounts)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if r.text("[data-testid=error-test_accounts]") == "" {
			t.Errorf("test accounts %q accepted", accounts)
		}
		if got := r.text("#f-test_accounts"); got != accounts {
			t.Errorf("typed accounts not kept: %q", got)
		}
		if r.text("[data-testid=publishing-in-progress]") != "" {
			t.Errorf("refused submission %q scheduled anyway", accounts)
		}
	}
	// Signing off a draft is refused.
	r = root.confirm(base+"/sign-off", "", url.Values{"revision": {"99"}})
	expectStatus(t, r, http.StatusConflict)
	if got := r.text("[data-testid=flash]"); !strings.Contains(got, "Only a product in test") {
		t.Errorf("sign-off of a draft: %q", got)
	}
	if got := root.get(base).text("[data-testid=summary-status]"); got != "Draft" {
		t.Errorf("status changed to %q", got)
	}
}
