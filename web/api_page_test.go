package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain/app"
)

const apiPage = "/management/products/ml/api"

func TestAPIPageShowsTheEndpointAndCommands(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")

	r := root.get(apiPage)
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=page-title]"); got != "Use the API" {
		t.Errorf("title %q", got)
	}
	// No public address is configured here: the browser's is shown, and
	// said to be a guess.
	if got := r.text("[data-testid=api-endpoint]"); got != env.srv.URL {
		t.Errorf("endpoint %q, want %q", got, env.srv.URL)
	}
	if r.text("[data-testid=api-endpoint-guessed]") == "" {
		t.Error("a guessed endpoint is not flagged")
	}
	for sel, want := range map[string]string{
		"[data-testid=api-region]":      "us-east-1",
		"[data-testid=api-catalog]":     "AWSMarketplace",
		"[data-testid=api-entity-type]": "MachineLearningProduct@1.0",
	} {
		if got := r.text(sel); got != want {
			t.Errorf("%s %q, want %q", sel, got, want)
		}
	}
	if got := r.attr("[data-testid=api-iam-users]", "href"); got != "/iam/users" {
		t.Errorf("access keys link %q", got)
	}
	actions := r.text("[data-testid=api-actions]")
	for _, a := range []string{"ListEntities", "StartChangeSet", "DescribeChangeSet"} {
		a = "aws-marketplace:" + a
		if !strings.Contains(actions, a) {
			t.Errorf("actions lack %s: %q", a, actions)
		}
	}
	if body := r.text("main"); !strings.Contains(body, "AWSMarketplaceSellerFullAccess") ||
		!strings.Contains(body, "AWSMarketplaceSellerProductsReadOnly") || !strings.Contains(body, "Signature Version 4") {
		t.Error("the page does not name the signing and the managed policies")
	}

	flat := func(sel string) string {
		return strings.Join(strings.Fields(strings.ReplaceAll(r.text(sel), "\\\n", "")), " ")
	}
	wants := map[string][]string{
		"api-example-env": {"export AWS_ACCESS_KEY_ID=", "export AWS_SECRET_ACCESS_KEY="},
		"api-example-list": {"aws marketplace-catalog list-entities --catalog AWSMarketplace --entity-type MachineLearningProduct " +
			"--endpoint-url " + env.srv.URL + " --region us-east-1"},
		"api-example-describe": {"aws marketplace-catalog describe-entity --catalog AWSMarketplace --entity-id prod-"},
		"api-example-start":    {"start-change-set --catalog AWSMarketplace --change-set file://change-set.json"},
		"api-example-poll":     {"describe-change-set --catalog AWSMarketplace"},
		"api-example-go": {"marketplacecatalog.New(marketplacecatalog.Options{", `Region: "us-east-1"`,
			`BaseEndpoint: aws.String("` + env.srv.URL + `")`},
	}
	for id, parts := range wants {
		got := flat("[data-testid=" + id + "]")
		for _, p := range parts {
			if !strings.Contains(got, p) {
				t.Errorf("%s lacks %q:\n%s", id, p, got)
			}
		}
		if r.attr("button[data-copy="+id+"]", "data-copy") != id {
			t.Errorf("%s has no copy button", id)
		}
	}
	checkChangeSetExample(t, r.text("[data-testid=api-example-change-set]"))
	if strings.Contains(r.body, "AKIA") {
		t.Error("the page shows an access key ID; the examples use placeholders")
	}

	// The page is in the navigation, under Products.
	nav := root.get("/management/products/ml")
	if nav.attr(`[data-testid=sidenav] a[href="`+apiPage+`"]`, "href") == "" {
		t.Fatal("the navigation does not lead to the page")
	}
	if got := r.attr(`[data-testid=sidenav] a[aria-current=page]`, "href"); got != apiPage {
		t.Errorf("current navigation item %q", got)
	}
}

// checkChangeSetExample parses the change set file as the AWS CLI will:
// a JSON array whose Details are JSON strings.
func checkChangeSetExample(t *testing.T, text string) {
	t.Helper()
	var changes []struct {
		ChangeType string
		Entity     map[string]string
		Details    string
	}
	if err := json.Unmarshal([]byte(text), &changes); err != nil {
		t.Fatalf("the change set is not JSON: %v\n%s", err, text)
	}
	var types []string
	for _, c := range changes {
		var details map[string]any
		if err := json.Unmarshal([]byte(c.Details), &details); err != nil {
			t.Errorf("%s Details is not a JSON string: %v", c.ChangeType, err)
		}
		if c.Entity["Type"] != "MachineLearningProduct@1.0" || !strings.HasPrefix(c.Entity["Identifier"], "prod-") {
			t.Errorf("%s entity %v", c.ChangeType, c.Entity)
		}
		types = append(types, c.ChangeType)
	}
	if strings.Join(types, ",") != "AddDeliveryOptions,UpdateVisibility" {
		t.Errorf("change types %v", types)
	}
	if !strings.Contains(text, `\"TargetVisibility\":\"Limited\"`) {
		t.Error("the change set does not keep the product Limited")
	}
}

func TestAPIPageUsesTheAccountsProductAndThePublicAddress(t *testing.T) {
	env := newEnvCore(t, openTestDB(t), func(c *app.Config) { c.PublicURL = "https://portal.example.com/" })
	root, _ := env.signedIn("Acme", "root@acme.example")
	r := root.post("/management/products/ml/new", "/management/products/ml/new", url.Values{})
	loc := r.Header.Get("Location")
	id := strings.Split(strings.TrimPrefix(loc, "/management/products/ml/"), "/")[0]
	if !strings.HasPrefix(id, "prod-") {
		t.Fatalf("no product created: %d %q", r.StatusCode, loc)
	}

	page := root.get(apiPage)
	expectStatus(t, page, http.StatusOK)
	if got := page.text("[data-testid=api-endpoint]"); got != "https://portal.example.com" {
		t.Errorf("endpoint %q, want the configured public address", got)
	}
	if page.text("[data-testid=api-endpoint-guessed]") != "" {
		t.Error("the configured address is flagged as a guess")
	}
	if got := page.text("[data-testid=api-example-describe]"); !strings.Contains(got, "--entity-id "+id) {
		t.Errorf("describe example does not use the account's product %s:\n%s", id, got)
	}
	if got := page.text("[data-testid=api-example-list]"); !strings.Contains(got, "--endpoint-url https://portal.example.com ") {
		t.Errorf("list example:\n%s", got)
	}
}

func TestAPIPageNeedsListEntities(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	none := env.newIAMUserClient(root, accountID, "nobody")
	expectStatus(t, none.get(apiPage), http.StatusForbidden)

	reader := env.newIAMUserClient(root, accountID, "reader", "AWSMarketplaceSellerProductsReadOnly")
	expectStatus(t, reader.get(apiPage), http.StatusOK)

	expectRedirect(t, env.client().get(apiPage), "/login?next=%2Fmanagement%2Fproducts%2Fml%2Fapi")
}

func TestAPIPageIsTranslated(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")
	tests := []struct{ lang, title, signing, copy string }{
		{"fr", "Utiliser l'API", "Signature des requêtes", "Copier"},
		{"es", "Usar la API", "Firma de las solicitudes", "Copiar"},
	}
	for _, tt := range tests {
		root.header.Set("Accept-Language", tt.lang)
		r := root.get(apiPage)
		expectStatus(t, r, http.StatusOK)
		if got := r.text("[data-testid=page-title]"); got != tt.title {
			t.Errorf("%s: title %q, want %q", tt.lang, got, tt.title)
		}
		if !strings.Contains(r.text("main"), tt.signing) {
			t.Errorf("%s: no heading %q", tt.lang, tt.signing)
		}
		if got := r.text("button[data-copy]"); got != tt.copy {
			t.Errorf("%s: copy button %q, want %q", tt.lang, got, tt.copy)
		}
		// Commands are the same in every language.
		if !strings.Contains(r.text("[data-testid=api-example-list]"), "aws marketplace-catalog list-entities") {
			t.Errorf("%s: the list command changed", tt.lang)
		}
		if r.attr(`[data-testid=sidenav] a[href="`+apiPage+`"]`, "href") == "" ||
			r.text(`[data-testid=sidenav] a[href="`+apiPage+`"]`) != tt.title {
			t.Errorf("%s: navigation entry %q", tt.lang, r.text(`[data-testid=sidenav] a[href="`+apiPage+`"]`))
		}
	}
}
