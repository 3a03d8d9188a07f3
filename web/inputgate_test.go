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
// from the pages that show it): each refuses the post (see
// expectFieldRefused), never with a 500, and stores nothing. The routes
// that end sessions (sessionEnders) are left out: they store nothing and
// would end the walk's own.
func TestInputGateOnEveryPostRoute(t *testing.T) {
	env := newEnv(t)
	seller, accountID := env.signedIn("Acme", "root@acme.example")
	id := newListing(t, seller)
	f := &editorFixture{t: t, env: env, root: seller, accountID: accountID, id: id, base: "/management/products/ml/" + id}
	vid := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	params := map[string]string{"id": id, "section": "general", "name": "alice", "vid": vid, "step": "1"}
	expectRedirect(t, seller.post("/iam/users/new", "/iam/users/new",
		url.Values{"user_name": {"alice"}, "password": {goodPassword}}), "/iam/users/alice")
	fields := formFieldsOnPages(t, env, seller, params)
	token := seller.get("/").csrf(t)

	walked := 0
	for _, route := range env.handler().Routes() {
		if route.Method != http.MethodPost || sessionEnders[route.Path] {
			continue
		}
		path := routePath(route.Path, params)
		names := append([]string{"x"}, mainFormFields[route.Path]...)
		names = append(names, fields[path]...)
		slices.Sort(names)
		for _, field := range slices.Compact(names) {
			for kind, bad := range badInputs {
				r := seller.postRaw(path, url.Values{"_csrf": {token}, field: {bad}})
				what := "POST " + route.Path + " " + field + " (" + kind + ")"
				if want, ok := refusedFirst[route.Path]; ok {
					if r.StatusCode != want {
						t.Errorf("%s: status %d, want %d", what, r.StatusCode, want)
					}
					continue
				}
				expectFieldRefused(t, r, what, field)
				walked++
			}
		}
	}
	if walked < 100 {
		t.Fatalf("posted only %d bad values; the route list looks wrong", walked)
	}
	// The session survived every refused post, and the listing kept its
	// empty title.
	r := seller.get(routePath("/management/products/ml/:id/edit/general", params))
	expectStatus(t, r, http.StatusOK)
	if title := r.attr(`input[name="title"]`, "value"); title != "" {
		t.Fatalf("the listing's title became %q", title)
	}
}

// sessionEnders are the routes that end sessions, the walk's among them.
var sessionEnders = map[string]bool{"/logout": true, "/settings/sessions/end-all": true, "/settings/sessions/:handle/end": true}

// refusedFirst are the routes the walk of TestInputGateOnEveryPostRoute
// posts to where something else refuses the post before its fields are
// read, with the status of that refusal.
var refusedFirst = map[string]int{
	"/operations/requests/:rid/approve":             http.StatusForbidden, // the seller is no operator
	"/operations/requests/:rid/reject":              http.StatusForbidden,
	"/management/products/ml/:id/unpublish":         http.StatusSeeOther, // a draft can't be unpublished: flash and back
	"/settings/bank":                                http.StatusSeeOther, // the tax interview comes first: flash and back
	"/management/products/ml/:id/versions/restrict": http.StatusBadRequest,
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
				expectFieldRefused(t, r, "POST "+path+" "+field+" ("+kind+")", field)
			}
		}
	}
	r := visitor.postRaw("/login", url.Values{"_csrf": {token}, "as": {"iam"}, "account_id": {"123456789012"},
		"user_name": {"a\xffb"}, "password": {goodPassword}})
	expectFieldRefused(t, r, "IAM sign-in with invalid UTF-8", "user_name")
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
	expectFieldRefused(t, seller.postMultipartParts("/settings/profile", "/settings/profile", profile),
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

// expectFieldRefused checks a post refused for the value of a posted field:
// either the form shown again, 422, with the input gate's message beside
// the field (or, for a field the form shows no message for, its error
// summary), or, from a handler without a form to show again, the 400 page
// naming the field.
func expectFieldRefused(t *testing.T, r *response, what, field string) {
	t.Helper()
	switch r.StatusCode {
	case http.StatusBadRequest:
		expectRefused(t, r, what, field)
		return
	case http.StatusUnprocessableEntity:
	default:
		t.Errorf("%s: status %d, want 400 or 422; body:\n%.500s", what, r.StatusCode, r.body)
		return
	}
	if msg := r.doc.Find(`[data-testid="error-` + field + `"]`); msg.Length() > 0 {
		if !strings.Contains(msg.Text(), gateFieldWords) {
			t.Errorf("%s: message beside the field %q", what, strings.TrimSpace(msg.Text()))
		}
		return
	}
	// Only a forged post can put a bad value in a field the user does not
	// type in; the form shown again need not say where.
	typed := r.doc.Find(`textarea[name="` + field + `"], input[name="` + field + `"]`).FilterFunction(func(_ int, in *goquery.Selection) bool {
		typ := in.AttrOr("type", "text")
		return typ != "hidden" && typ != "checkbox" && typ != "radio" && typ != "submit"
	})
	// Inputs that share one message (three highlights, a range's bounds)
	// show it beside another name.
	gate := r.doc.Find(`[data-testid^="error-"]`).FilterFunction(func(_ int, msg *goquery.Selection) bool {
		return strings.Contains(msg.Text(), gateFieldWords)
	})
	if typed.Length() > 0 && gate.Length() == 0 {
		t.Errorf("%s: no message beside the field the user typed in", what)
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
