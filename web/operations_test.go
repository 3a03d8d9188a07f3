package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestApprovalOverTheTestAccountCap: Seller Operations cannot approve a
// request that would take a product over domain.MaxTestAccounts; the desk
// says why and the request stays open, so it can still be rejected.
func TestApprovalOverTheTestAccountCap(t *testing.T) {
	env := newEnv(t)
	testers := make([]string, domain.MaxTestAccounts-1)
	for i := range testers {
		testers[i] = fmt.Sprintf("%012d", 500000000000+i)
	}
	root, id := stagedListing(t, env, testers...)
	ops := env.operator()
	overview := "/management/products/ml/" + id
	more := url.Values{"request_accounts": {"600000000001,600000000002"}, "request_message": {"Two more testers."}}
	expectRedirect(t, root.post(overview, overview+"/test-account-requests", more), overview)

	desk := ops.get("/operations")
	approve, ok := desk.doc.Find("[data-testid=open-requests] form").First().Attr("action")
	if !ok {
		t.Fatal("no open request on the desk")
	}
	expectRedirect(t, ops.post("/operations", approve, url.Values{}), "/operations")
	desk = ops.get("/operations")
	expectStatus(t, desk, http.StatusOK)
	want := fmt.Sprintf("would give the product %d test accounts; at most %d are allowed", domain.MaxTestAccounts+1, domain.MaxTestAccounts)
	if got := desk.text("[data-testid=flash]"); !strings.Contains(got, want) {
		t.Errorf("flash %q, want it to contain %q", got, want)
	}
	if desk.doc.Find("[data-testid=open-requests] form[action='"+approve+"']").Length() != 1 {
		t.Error("the refused request is no longer open")
	}
	p, err := env.db.Products().ProductByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.TestAccounts) != domain.MaxTestAccounts-1 {
		t.Errorf("product has %d test accounts, want %d", len(p.TestAccounts), domain.MaxTestAccounts-1)
	}
	if got := root.get(overview).text("[data-testid=requests-table]"); !strings.Contains(got, "Pending") {
		t.Errorf("seller sees %q, want the request still pending", got)
	}

	// The translated message in French.
	ops.header.Set("Accept-Language", "fr")
	expectRedirect(t, ops.post("/operations", approve, url.Values{}), "/operations")
	if got := ops.get("/operations").text("[data-testid=flash]"); !strings.Contains(got, "100 au plus sont autorisés") {
		t.Errorf("French flash %q", got)
	}

	reject := strings.Replace(approve, "/approve", "/reject", 1)
	expectRedirect(t, ops.post("/operations", reject, url.Values{}), "/operations")
	if got := root.get(overview).text("[data-testid=requests-table]"); !strings.Contains(got, "Rejected") {
		t.Errorf("seller sees %q after the rejection", got)
	}
}
