package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

// gateFieldWords begin each of the input gate's messages beside a field, in English.
const gateFieldWords = "This field contains"

// badFieldValues are typed values the input gate refuses in a posted field,
// with what the form shows again in their place.
var badFieldValues = []struct {
	kind, value, shown string
}{
	{"NUL", "Acme\x00ML", "Acme\uFFFDML"},
	{"invalid UTF-8", "Acme\xffML", "Acme\uFFFDML"},
	{"control character", "Acme\x1bML", "Acme\uFFFDML"},
}

// gateFormCase is one form posted with a refused value in one field.
type gateFormCase struct {
	name string
	// post sends values with the refused field, the form's other fields as typed.
	post func(t *testing.T, values url.Values) *response
	// values is the form as a user fills it in.
	values url.Values
	field  string
	// kept are other fields the form shows again as typed.
	kept []string
	// shown tells whether the refused field itself is shown again (never a password).
	shown bool
	// unchanged checks that nothing was stored.
	unchanged func(t *testing.T)
}

// TestInputGateShowsFieldMessage posts the main forms with a refused value
// in one field: each shows the form again with the message beside that
// field, keeps what was typed in the others, and stores nothing.
func TestInputGateShowsFieldMessage(t *testing.T) {
	f := newEditorFixture(t)
	env, seller, ctx := f.env, f.root, context.Background()
	general, promotional := f.section("general"), f.section("promotional")
	cases := []gateFormCase{
		{
			name: "IAM user", field: "password", kept: []string{"user_name"},
			values: url.Values{"user_name": {"alice"}, "password": {goodPassword}},
			post: func(t *testing.T, v url.Values) *response {
				return seller.post("/iam/users/new", "/iam/users/new", v)
			},
			unchanged: func(t *testing.T) {
				if _, err := env.db.IAM().IAMUser(ctx, f.accountID, "alice"); domain.ErrorCode(err) != domain.ENOTFOUND {
					t.Errorf("IAM user alice: error %v, want not found", err)
				}
			},
		},
		{
			name: "listing title", field: "title", kept: []string{"short_description", "overview", "highlight_1"}, shown: true,
			values: generalInfo(),
			post: func(t *testing.T, v url.Values) *response {
				return saveSection(t, seller, general, v)
			},
			unchanged: func(t *testing.T) {
				p, err := env.db.Products().Product(ctx, f.accountID, f.id)
				if err != nil {
					t.Fatal(err)
				}
				if p.Info.Title != "" || p.Info.ShortDescription != "" {
					t.Errorf("listing saved: title %q, short description %q", p.Info.Title, p.Info.ShortDescription)
				}
			},
		},
		{
			name: "promotional link title (multipart)", field: "links.0.title", kept: []string{"keywords", "links.0.url"}, shown: true,
			values: url.Values{"keywords": {"sentiment, reviews"}, "links.0.title": {"Docs"}, "links.0.url": {"https://acme.example/docs"}},
			post: func(t *testing.T, v url.Values) *response {
				return postSectionFiles(t, seller, promotional, v)
			},
			unchanged: func(t *testing.T) {
				p, err := env.db.Products().Product(ctx, f.accountID, f.id)
				if err != nil {
					t.Fatal(err)
				}
				if len(p.Promo.Keywords) > 0 || len(p.Promo.Links) > 0 {
					t.Errorf("promotional resources saved: %q, %v", p.Promo.Keywords, p.Promo.Links)
				}
			},
		},
		{
			name: "tax interview legal name", field: "legal_name", kept: []string{"address_line1", "city", "postal_code"}, shown: true,
			values: validUSTax(),
			post: func(t *testing.T, v url.Values) *response {
				return seller.post("/settings/tax", "/settings/tax", v)
			},
			unchanged: func(t *testing.T) {
				if got := seller.get("/settings/tax").attr("#f-city", "value"); got != "" {
					t.Errorf("tax interview saved: the form shows city %q", got)
				}
			},
		},
		{
			name: "public profile display name (multipart)", field: "display_name", kept: []string{"description", "website"}, shown: true,
			values: validProfile(),
			post: func(t *testing.T, v url.Values) *response {
				return seller.postMultipartParts("/settings/profile", "/settings/profile", v)
			},
			unchanged: func(t *testing.T) {
				if got := seller.get("/settings/profile").attr("#f-website", "value"); got != "" {
					t.Errorf("profile saved: the form shows website %q", got)
				}
			},
		},
		{
			name: "model package description", field: "description", kept: []string{"name", "content_types"}, shown: true,
			values: validModelPackage("sentiment"),
			post: func(t *testing.T, v url.Values) *response {
				return seller.post(modelPackagesPath+"/new", modelPackagesPath+"/new", v)
			},
			unchanged: func(t *testing.T) {
				_, err := env.db.SageMaker().Resource(ctx, f.accountID, domain.KindModelPackage, "sentiment")
				if domain.ErrorCode(err) != domain.ENOTFOUND {
					t.Errorf("model package: error %v, want not found", err)
				}
			},
		},
	}
	vid := f.addLaunchOption(f.base, f.createModelPackage("launch-v1", validModelPackage("launch-v1")))
	cases = append(cases, gateFormCase{
		name: "version release notes", field: "release_notes", kept: []string{"number", "notebook_url"}, shown: true,
		values: url.Values{"number": {"1.0"}, "release_notes": {"First release."}, "notebook_url": {"https://github.com/acme/nb"}},
		post: func(t *testing.T, v url.Values) *response {
			return saveSection(t, seller, f.step(vid, 1), v)
		},
		unchanged: func(t *testing.T) {
			if r := seller.get(f.step(vid, 1)); r.attr("#f-number", "value") != "" || r.text("#f-release_notes") != "" {
				t.Errorf("version saved: number %q, notes %q", r.attr("#f-number", "value"), r.text("#f-release_notes"))
			}
		},
	})
	for _, tc := range cases {
		for _, bad := range badFieldValues {
			t.Run(tc.name+"/"+bad.kind, func(t *testing.T) {
				values := cloneValues(tc.values)
				values.Set(tc.field, bad.value)
				r := tc.post(t, values)
				expectFieldMessage(t, r, tc.field)
				for _, name := range tc.kept {
					if got, want := fieldValue(r, name), tc.values.Get(name); got != want {
						t.Errorf("%s shown as %q, want %q as typed", name, got, want)
					}
				}
				if got := fieldValue(r, tc.field); tc.shown && got != bad.shown {
					t.Errorf("%s shown as %q, want %q", tc.field, got, bad.shown)
				} else if !tc.shown && got != "" {
					t.Errorf("%s shown as %q, want empty", tc.field, got)
				}
				tc.unchanged(t)
			})
		}
	}
}

// TestInputGateFieldMessageTranslated shows the message beside the field in
// the reader's language.
func TestInputGateFieldMessageTranslated(t *testing.T) {
	env := newEnv(t)
	seller, _ := env.signedIn("Acme", "root@acme.example")
	for lang, want := range map[string]string{"en": "not allowed (U+0000", "fr": "non autorisé (U+0000", "es": "no permitido (U+0000"} {
		seller.header.Set("Accept-Language", lang)
		r := seller.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {"al\x00ice"}, "password": {goodPassword}})
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-user_name]"); !strings.Contains(got, want) {
			t.Errorf("%s: message %q, want %q", lang, got, want)
		}
	}
}

// TestInputGateBodyOnly checks that handlers read a posted form from the
// body only: a field given only in the query string of a post is ignored.
func TestInputGateBodyOnly(t *testing.T) {
	f := newEditorFixture(t)
	general := f.section("general")
	values := generalInfo()
	values.Del("title")
	values.Del("then")
	values.Set("revision", revisionOf(t, f.root.get(general)))
	r := f.root.post(general, general+"?title=From+the+query", values)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.text("[data-testid=error-title]") == "" || fieldValue(r, "title") != "" {
		t.Errorf("title: message %q, value %q; want the title required, empty",
			r.text("[data-testid=error-title]"), fieldValue(r, "title"))
	}
	if got := fieldValue(r, "short_description"); got != values.Get("short_description") {
		t.Errorf("short description shown as %q", got)
	}
	p, err := f.env.db.Products().Product(context.Background(), f.accountID, f.id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Info.Title != "" {
		t.Fatalf("the title came from the query: %q", p.Info.Title)
	}

	// Nor in a multipart form.
	r = f.root.postMultipartParts("/settings/profile", "/settings/profile?display_name=Query+Corp", url.Values{
		"description": {"We build models."}, "website": {"https://acme.example"}, "support_email": {"support@acme.example"}})
	expectFieldMessage(t, r, "display_name", "")

	// The CSRF token is read from the body (or the header), never the query.
	token := f.root.get("/iam/users/new").csrf(t)
	r = f.root.postRaw("/iam/users/new?_csrf="+url.QueryEscape(token), url.Values{"user_name": {"bob"}, "password": {goodPassword}})
	expectStatus(t, r, http.StatusForbidden)
	if _, err := f.env.db.IAM().IAMUser(context.Background(), f.accountID, "bob"); err == nil {
		t.Fatal("a token in the query let the post through")
	}
}

// expectFieldMessage checks a refused post shown again: 422, the form's
// error summary and the message beside field; want defaults to the input
// gate's words.
func expectFieldMessage(t *testing.T, r *response, field string, want ...string) {
	t.Helper()
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422; body:\n%.1500s", r.StatusCode, r.body)
	}
	if r.doc.Find("[data-testid=alert-error]").Length() == 0 {
		t.Errorf("no error summary on the refused form")
	}
	msg := r.text(`[data-testid="error-` + field + `"]`)
	words := gateFieldWords
	if len(want) > 0 {
		words = want[0]
	}
	if msg == "" || !strings.Contains(msg, words) {
		t.Errorf("message beside %s: %q, want %q", field, msg, words)
	}
}

// fieldValue returns what an input, a textarea or a select of the page holds.
func fieldValue(r *response, name string) string {
	if r.doc == nil {
		return ""
	}
	sel := r.doc.Find(`[name="` + name + `"]`).First()
	switch goquery.NodeName(sel) {
	case "textarea":
		return strings.TrimPrefix(sel.Text(), "\n")
	case "select":
		return sel.Find("option[selected]").AttrOr("value", "")
	}
	return sel.AttrOr("value", "")
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestInputGateAlgorithmRows posts an algorithm whose rows are renumbered
// as blank rows are dropped: the message of a refused row field follows its
// row, and fields without a message of their own show it at their row's.
func TestInputGateAlgorithmRows(t *testing.T) {
	env := newEnv(t)
	seller, accountID := env.signedIn("Acme", "root@acme.example")
	tests := []struct{ field, shownAt string }{
		{"hyperparameters.2.min", "hyperparameters.1.range"},
		{"hyperparameters.2.description", "hyperparameters.1.name"},
		{"hyperparameters.2.name", "hyperparameters.1.name"},
		{"channels.0.description", "channels.0.name"},
		{"metrics.0.regex", "metrics.0.regex"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			form := validAlgorithm("trees")
			// Row 1 blank, so the form shows row 2 as row 1.
			for _, f := range []string{"name", "type", "values", "default", "required"} {
				form["hyperparameters.2."+f] = form["hyperparameters.1."+f]
				form.Del("hyperparameters.1." + f)
			}
			form.Set(tt.field, "bad\x00value")
			r := seller.post(algorithmsPath+"/new", algorithmsPath+"/new", form)
			expectFieldMessage(t, r, tt.shownAt)
			if got := fieldValue(r, "hyperparameters.1.name"); got != "booster" && tt.field != "hyperparameters.2.name" {
				t.Errorf("the second hyperparameter shows name %q", got)
			}
			if _, err := env.db.SageMaker().Resource(context.Background(), accountID, domain.KindAlgorithm, "trees"); err == nil {
				t.Error("the algorithm was stored")
			}
		})
	}
}
