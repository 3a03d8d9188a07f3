package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
)

var productIDPattern = regexp.MustCompile(`prod-[a-z0-9]{13}`)

// newListing creates a draft through the form and returns its ID.
func newListing(t *testing.T, c *client) string {
	t.Helper()
	r := c.post("/management/products/ml/new", "/management/products/ml/new", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create listing: status %d", r.StatusCode)
	}
	id := productIDPattern.FindString(r.Header.Get("Location"))
	if id == "" || r.Header.Get("Location") != "/management/products/ml/"+id+"/edit/general" {
		t.Fatalf("create listing redirected to %q", r.Header.Get("Location"))
	}
	return id
}

// revisionOf reads the optimistic-locking revision from a section page.
func revisionOf(t *testing.T, r *response) string {
	t.Helper()
	rev := r.attr(`input[name="revision"]`, "value")
	if rev == "" {
		t.Fatalf("no revision on the page (status %d)", r.StatusCode)
	}
	return rev
}

// saveSection opens a section page, then posts values with its revision.
func saveSection(t *testing.T, c *client, path string, values url.Values) *response {
	t.Helper()
	values.Set("revision", revisionOf(t, c.get(path)))
	return c.post(path, path, values)
}

func generalInfo() url.Values {
	return url.Values{
		"privacy": {"public"}, "title": {"Review Sentiment Classifier"},
		"short_description": {"Classifies English product reviews as positive, negative or neutral."},
		"overview":          {"A fine-tuned transformer.\nReturns a label and a confidence."},
		"highlight_1":       {"92% accuracy on public review sets"}, "highlight_2": {"Runs on CPU"},
		"categories": {"Natural Language Processing", "Sentiment Analysis"}, "then": {"continue"},
	}
}

// completeListing fills every section of a new free model package listing
// through the forms, checking each redirect, and returns the product ID.
// The account needs a public profile and a listable model package "name".
func completeListing(t *testing.T, root *client, accountID, name string) string {
	t.Helper()
	id := newListing(t, root)
	base := "/management/products/ml/" + id
	expectRedirect(t, saveSection(t, root, base+"/edit/general", generalInfo()), base+"/edit/promotional")
	promoPath := base + "/edit/promotional"
	r := root.postMultipartParts(promoPath, promoPath, url.Values{"revision": {revisionOf(t, root.get(promoPath))}, "keywords": {"sentiment, reviews, nlp"},
		"links.0.title": {"Documentation"}, "links.0.url": {"https://docs.acme.example"}, "then": {"continue"}},
		filePart{"logo", "logo.png", "image/png", logoPNG(t)})
	expectRedirect(t, r, base+"/edit/support")
	expectRedirect(t, saveSection(t, root, base+"/edit/support", url.Values{"offered": {"yes"}, "support_email": {"help@acme.example"},
		"support_url": {"https://acme.example/support"}, "support_description": {"Email support on business days."}, "then": {"continue"}}), base+"/edit/regions")
	expectRedirect(t, saveSection(t, root, base+"/edit/regions", url.Values{"availability": {"all"}, "then": {"continue"}}), base+"/edit/launch-option")

	arn := "arn:aws:sagemaker:us-east-1:" + accountID + ":model-package/" + name
	expectRedirect(t, saveSection(t, root, base+"/edit/launch-option", url.Values{"arn": {arn}, "then": {"add"}}), base+"/edit/launch-option")
	overview := root.get(base)
	if overview.text("[data-testid=summary-type]") != "Model package" {
		t.Fatalf("type after the launch option: %q", overview.text("[data-testid=summary-type]"))
	}
	href := overview.attr("[data-testid=versions-table] a", "href")
	vid := regexp.MustCompile(`/versions/(\d+)/`).FindStringSubmatch(href)
	if vid == nil {
		t.Fatalf("no version link: %q", href)
	}
	step := func(n int) string { return base + "/versions/" + vid[1] + "/step/" + strconv.Itoa(n) }
	steps := []url.Values{
		{"number": {"1.0"}, "release_notes": {"First release."}, "notebook_url": {"https://github.com/acme/notebook"}},
		{"custom_attributes.0.name": {"threshold"}, "custom_attributes.0.description": {"Minimum confidence."}},
		{"input_description": {"CSV with one review per line."}, "input_parameters.0.name": {"text"}, "input_parameters.0.required": {"on"}},
		{"output_description": {"JSON with label and score."}, "sample_output_text": {`{"label":"positive","score":0.97}`}},
		{"recommended_realtime": {"ml.m5.large"}, "recommended_batch": {"ml.m5.xlarge"}},
	}
	for i, values := range steps {
		values.Set("then", "close")
		expectRedirect(t, saveSection(t, root, step(i+1), values), base)
	}
	page := root.get(step(3))
	if !strings.Contains(page.text("[data-testid=buyer-view]"), "CSV with one review per line.") {
		t.Errorf("buyer view beside step 3: %q", page.text("[data-testid=buyer-view]"))
	}
	pricing := base + "/edit/pricing"
	r = root.postMultipartParts(pricing, pricing, url.Values{"revision": {revisionOf(t, root.get(pricing))}, "pricing": {"free"}, "then": {"close"}},
		filePart{"eula", "eula.txt", "text/plain", []byte("END USER LICENSE AGREEMENT\n\n1. You may use the model.\n")})
	expectRedirect(t, r, base)
	return id
}

// sellerWithModelPackage signs up a seller with a public profile and a
// listable model package named name.
func sellerWithModelPackage(t *testing.T, env *testEnv, email, name string) (*client, string) {
	t.Helper()
	root, accountID := env.signedIn("Acme", email)
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", validProfile()), "/settings")
	expectRedirect(t, root.post("/sagemaker/model-packages/new", "/sagemaker/model-packages/new", validModelPackage(name)), "/sagemaker/model-packages/"+name)
	return root, accountID
}

func TestListingEditorEndToEnd(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	expectStatus(t, root.get("/management/products/ml"), http.StatusOK)
	id := completeListing(t, root, accountID, "sentiment")
	base := "/management/products/ml/" + id

	overview := root.get(base)
	expectStatus(t, overview, http.StatusOK)
	if overview.text("[data-testid=summary-id]") != id || overview.text("[data-testid=summary-status]") != "Draft" {
		t.Fatalf("summary: id %q status %q", overview.text("[data-testid=summary-id]"), overview.text("[data-testid=summary-status]"))
	}
	if !strings.HasSuffix(overview.text("[data-testid=summary-creator]"), accountID+":root") {
		t.Errorf("creator %q", overview.text("[data-testid=summary-creator]"))
	}
	if overview.text("[data-testid=checklist-done]") == "" {
		t.Fatalf("checklist not empty: %q", overview.text("[data-testid=checklist-items]"))
	}
	history := historyChanges(overview)
	for _, change := range []string{domain.ChangeCreateProduct, domain.ChangeUpdateInformation, domain.ChangeUpdateTargeting, domain.ChangeAddDeliveryOptions,
		domain.ChangeUpdateDeliveryOptions, domain.ChangeUpdateLegalTerms, domain.ChangeUpdatePricingTerms} {
		if countChanges(history, change) == 0 {
			t.Errorf("history lacks %s: %q", change, history)
		}
	}
}

func TestNewDraftHasAChecklist(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	overview := root.get("/management/products/ml/" + newListing(t, root))
	if overview.doc.Find("[data-testid=checklist-items] li").Length() < 5 {
		t.Fatalf("checklist of a new draft: %q", overview.text("[data-testid=checklist-items]"))
	}
	if _, disabled := overview.doc.Find("[data-testid=submit-for-publishing]").Attr("disabled"); !disabled {
		t.Error("Submit for publishing is enabled for an incomplete listing")
	}
}

func TestListingBadInput(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	id := newListing(t, root)
	base := "/management/products/ml/" + id

	bad := generalInfo()
	bad.Set("title", strings.Repeat("t", 73))
	bad.Del("categories")
	r := saveSection(t, root, base+"/edit/general", bad)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-title]") == "" || r.text("[data-testid=error-categories]") == "" {
		t.Errorf("errors beside title and categories missing")
	}
	if r.attr("#f-title", "value") != strings.Repeat("t", 73) {
		t.Error("typed title not kept")
	}

	promo := base + "/edit/promotional"
	keywords := strings.Repeat("k,", 16)
	r = root.postMultipartParts(promo, promo, url.Values{"revision": {revisionOf(t, root.get(promo))}, "keywords": {keywords}, "links.0.title": {"Docs"}, "links.0.url": {"http://insecure.example"}},
		filePart{"logo", "logo.png", "image/png", []byte("<html><script>alert(1)</script></html>")})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-logo]") == "" {
		t.Error("HTML logo accepted")
	}

	for _, tc := range []struct{ arn, want string }{
		{"not an arn", "not a valid ARN"},
		{"arn:aws:s3:us-east-1:" + accountID + ":model-package/x", "s3 service"},
		{"arn:aws:sagemaker:us-east-1:" + accountID + ":endpoint/x", "model package or an algorithm"},
		{"arn:aws:sagemaker:us-east-1:999999999999:model-package/x", "another AWS account"},
		{"arn:aws:sagemaker:us-east-1:" + accountID + ":model-package/missing", "No model package or algorithm"},
	} {
		r = saveSection(t, root, base+"/edit/launch-option", url.Values{"arn": {tc.arn}, "then": {"add"}})
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-arn]"); !strings.Contains(got, tc.want) {
			t.Errorf("ARN %q: error %q, want %q", tc.arn, got, tc.want)
		}
		if r.attr("#f-arn", "value") != tc.arn {
			t.Errorf("typed ARN not kept")
		}
	}

	pricing := base + "/edit/pricing"
	r = root.postMultipartParts(pricing, pricing, url.Values{"revision": {revisionOf(t, root.get(pricing))}, "pricing": {"paid"}},
		filePart{"eula", "eula.txt", "text/plain", []byte{0x00, 0x01, 0xff, 0xfe}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.text("[data-testid=error-pricing]"), "tax interview") || r.text("[data-testid=error-eula]") == "" {
		t.Errorf("paid without tax/bank or binary EULA not refused: %q / %q", r.text("[data-testid=error-pricing]"), r.text("[data-testid=error-eula]"))
	}
	r = root.postMultipartParts(pricing, pricing, url.Values{"revision": {revisionOf(t, root.get(pricing))}, "pricing": {"paid_trial"}, "trial_days": {"4"}})
	if r.text("[data-testid=error-trial_days]") == "" {
		t.Error("4-day trial accepted")
	}
}

func TestListingConcurrentEditsConflict(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	id := newListing(t, root)
	path := "/management/products/ml/" + id + "/edit/general"
	stale := revisionOf(t, root.get(path))
	first := generalInfo()
	first.Set("revision", stale)
	first.Set("then", "close")
	expectRedirect(t, root.post(path, path, first), "/management/products/ml/"+id)

	second := generalInfo()
	second.Set("title", "Second tab title")
	second.Set("revision", stale)
	r := root.post(path, path, second)
	expectStatus(t, r, http.StatusConflict)
	if r.text("[data-testid=conflict]") == "" || r.attr("#f-title", "value") != "Second tab title" {
		t.Fatal("stale save not explained, or typed title lost")
	}
	if got := root.get("/management/products/ml/" + id).text("[data-testid=page-title]"); got != "Review Sentiment Classifier" {
		t.Fatalf("stale save overwrote the first: %q", got)
	}
}

func TestListingsOfAnotherAccountAreNotFound(t *testing.T) {
	env := newEnv(t)
	acme, _ := env.signedIn("Acme", "root@acme.example")
	other, _ := env.signedIn("Other", "root@other.example")
	id := newListing(t, acme)
	for _, path := range []string{"", "/edit/general", "/edit/pricing", "/logo", "/versions/1/step/1"} {
		expectStatus(t, other.get("/management/products/ml/"+id+path), http.StatusNotFound)
	}
	r := other.post("/management/products/ml", "/management/products/ml/"+id+"/edit/general", generalInfo())
	expectStatus(t, r, http.StatusNotFound)
	expectStatus(t, acme.get("/management/products/ml/"+id), http.StatusOK)
	expectStatus(t, other.get("/management/products/ml/prod-doesnotexist1"), http.StatusNotFound)

	reader := env.newIAMUserClient(acme, accountIDOf(t, env, "root@acme.example"), "reader")
	r = reader.get("/management/products/ml")
	expectStatus(t, r, http.StatusForbidden)
	if !strings.Contains(r.text("[data-testid=error-message]"), "aws-marketplace:ListEntities") {
		t.Errorf("403 message %q", r.text("[data-testid=error-message]"))
	}
}

func accountIDOf(t *testing.T, env *testEnv, email string) string {
	t.Helper()
	u, err := env.db.Accounts().UserByEmail(t.Context(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.AccountID
}
