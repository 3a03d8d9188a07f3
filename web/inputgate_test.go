package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// badInputs are values the portal must refuse before any handler or
// database sees them: on PostgreSQL either used to answer 500.
var badInputs = map[string]string{"NUL": "a\x00@example.com", "invalid UTF-8": "a\xffb"}

// mainFormFields are the fields of the main forms, by route, posted even
// when no page read by the test shows their form.
var mainFormFields = map[string][]string{
	"/signup":        {"account_name", "email", "password"},
	"/login":         {"email", "password", "account_id", "user_name", "next"},
	"/language":      {"lang", "return_to"},
	"/iam/users/new": {"user_name", "password"},
	"/management/products/ml/:id/edit/:section": {"title", "short_description", "overview"},
	"/settings/tax":                 {"legal_name", "address_line1", "city", "tax_id", "signature_name"},
	"/settings/bank":                {"holder_name", "routing_number", "account_number", "iban", "bic"},
	"/settings/profile":             {"display_name", "description", "website", "support_email"},
	"/sagemaker/model-packages/new": {"name", "description"},
	"/sagemaker/algorithms/new":     {"name", "description"},
}

// TestInputGateOnEveryPostRoute walks the registered state-changing routes
// and posts each, signed in as a seller, with a NUL byte and with invalid
// UTF-8 in a generic field and in every field of the route's form (read
// from the pages that show it): each answers 400 with a message naming the
// field, never a 500, and stores nothing.
func TestInputGateOnEveryPostRoute(t *testing.T) {
	env := newEnv(t)
	seller, _ := env.signedIn("Acme", "root@acme.example")
	params := map[string]string{"id": newListing(t, seller), "section": "general", "name": "alice"}
	expectRedirect(t, seller.post("/iam/users/new", "/iam/users/new",
		url.Values{"user_name": {"alice"}, "password": {goodPassword}}), "/iam/users/alice")
	fields := formFieldsOnPages(t, env, seller, params)
	token := seller.get("/").csrf(t)

	walked := 0
	for _, route := range env.handler().Routes() {
		if route.Method != http.MethodPost {
			continue
		}
		path := routePath(route.Path, params)
		names := append([]string{"x"}, mainFormFields[route.Path]...)
		names = append(names, fields[path]...)
		slices.Sort(names)
		for _, field := range slices.Compact(names) {
			for kind, bad := range badInputs {
				r := seller.postRaw(path, url.Values{"_csrf": {token}, field: {bad}})
				expectRefused(t, r, "POST "+route.Path+" "+field+" ("+kind+")", field)
				walked++
			}
		}
	}
	if walked < 100 {
		t.Fatalf("posted only %d bad values; the route list looks wrong", walked)
	}
	// The session survived every refused post, /logout included, and the
	// listing kept its empty title.
	r := seller.get(routePath("/management/products/ml/:id/edit/general", params))
	expectStatus(t, r, http.StatusOK)
	if title := r.attr(`input[name="title"]`, "value"); title != "" {
		t.Fatalf("the listing's title became %q", title)
	}
}

// TestInputGateBeforeSignIn refuses bad bytes in the sign-up and sign-in
// forms of a visitor, where the old answer on PostgreSQL was 500.
func TestInputGateBeforeSignIn(t *testing.T) {
	env := newEnv(t)
	visitor := env.client()
	token := visitor.get("/login").csrf(t)
	for _, path := range []string{"/signup", "/login", "/language"} {
		for _, field := range mainFormFields[path] {
			for kind, bad := range badInputs {
				r := visitor.postRaw(path, url.Values{"_csrf": {token}, "account_name": {"Acme"},
					"email": {"x@example.com"}, "password": {goodPassword}, field: {bad}})
				expectRefused(t, r, "POST "+path+" "+field+" ("+kind+")", field)
			}
		}
	}
	r := visitor.postRaw("/login", url.Values{"_csrf": {token}, "as": {"iam"}, "account_id": {"123456789012"},
		"user_name": {"a\xffb"}, "password": {goodPassword}})
	expectRefused(t, r, "IAM sign-in with invalid UTF-8", "user_name")
	if _, err := env.db.Accounts().UserByEmail(context.Background(), "x@example.com"); err == nil {
		t.Fatal("a refused sign-up created an account")
	}
}

// TestInputGateQueryPathAndMultipart covers the other places text comes
// from: the query of a page, the address itself and multipart forms.
func TestInputGateQueryPathAndMultipart(t *testing.T) {
	env := newEnv(t)
	seller, _ := env.signedIn("Acme", "root@acme.example")

	expectRefused(t, seller.get("/marketplace?q=a%00b"), "search query with NUL", "q")
	expectRefused(t, seller.get("/marketplace?q=a%FFb"), "search query with invalid UTF-8", "q")
	expectRefused(t, seller.get("/login?next=%2F%1B"), "next with ESC", "next")

	r := seller.get("/iam/users/a%00b")
	expectStatus(t, r, http.StatusBadRequest)
	if msg := r.text("[data-testid=error-message]"); !strings.Contains(msg, "page address") {
		t.Fatalf("path with NUL: message %q", msg)
	}

	profile := validProfile()
	profile.Set("display_name", "Acme\x00ML")
	expectRefused(t, seller.postMultipartParts("/settings/profile", "/settings/profile", profile),
		"multipart profile with NUL", "display_name")
}

// TestInputGateStoresNFC checks that accepted text is normalized: an
// account name typed with a combining accent is stored precomposed.
func TestInputGateStoresNFC(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Cafe\u0301 Ltd", "cafe@example.com", goodPassword)
	ctx := context.Background()
	u, err := env.db.Accounts().UserByEmail(ctx, "cafe@example.com")
	if err != nil {
		t.Fatal(err)
	}
	a, err := env.db.Accounts().AccountByID(ctx, u.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Café Ltd" {
		t.Fatalf("account name stored as %q (% x), want NFC %q", a.Name, a.Name, "Café Ltd")
	}
}

// expectRefused checks a 400 whose message names field.
func expectRefused(t *testing.T, r *response, what, field string) {
	t.Helper()
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("%s: status %d, want 400; body:\n%.500s", what, r.StatusCode, r.body)
		return
	}
	msg := r.text("[data-testid=error-message]")
	if !strings.Contains(msg, `"`+field+`"`) || !strings.Contains(msg, "can't be used") {
		t.Errorf("%s: message %q does not name the field", what, msg)
	}
}

var routeParam = regexp.MustCompile(`:[^/]+`)

// routePath fills a route's parameters with params, or a placeholder.
func routePath(route string, params map[string]string) string {
	return routeParam.ReplaceAllStringFunc(route, func(p string) string {
		if v, ok := params[p[1:]]; ok {
			return v
		}
		return "123456789012"
	})
}

// formFieldsOnPages reads every page the seller can open and returns the
// names of the inputs of each form posted, by the path it posts to.
func formFieldsOnPages(t *testing.T, env *testEnv, c *client, params map[string]string) map[string][]string {
	t.Helper()
	fields := map[string][]string{}
	for _, route := range env.handler().Routes() {
		if route.Method != http.MethodGet || strings.Contains(route.Path, "*") {
			continue
		}
		page := routePath(route.Path, params)
		r := c.get(page)
		if r.StatusCode != http.StatusOK || r.doc == nil {
			continue
		}
		r.doc.Find(`form[method="post"], form[method="POST"]`).Each(func(_ int, form *goquery.Selection) {
			action, _ := form.Attr("action")
			u, err := url.Parse(action)
			if err != nil {
				return
			}
			path := u.Path
			if path == "" {
				path = strings.SplitN(page, "?", 2)[0]
			}
			form.Find("input[name], textarea[name], select[name], button[name]").Each(func(_ int, in *goquery.Selection) {
				name, _ := in.Attr("name")
				if typ, _ := in.Attr("type"); name != "_csrf" && typ != "file" {
					fields[path] = append(fields[path], name)
				}
			})
		})
	}
	return fields
}
