package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

// editorFixture is a seller signed in as root with one draft listing.
type editorFixture struct {
	t         *testing.T
	env       *testEnv
	root      *client
	accountID string
	id        string
	base      string
}

func newEditorFixture(t *testing.T) *editorFixture {
	t.Helper()
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	id := newListing(t, root)
	return &editorFixture{t: t, env: env, root: root, accountID: accountID, id: id, base: "/management/products/ml/" + id}
}

func (f *editorFixture) section(name string) string { return f.base + "/edit/" + name }

func (f *editorFixture) step(vid string, n int) string {
	return f.base + "/versions/" + vid + "/step/" + strconv.Itoa(n)
}

// rootARN is the actor recorded for the root user's changes.
func (f *editorFixture) rootARN() string { return "arn:aws:iam::" + f.accountID + ":root" }

// createModelPackage creates a model package through the SageMaker form
// and returns its ARN.
func (f *editorFixture) createModelPackage(name string, form url.Values) string {
	f.t.Helper()
	r := f.root.post("/sagemaker/model-packages/new", "/sagemaker/model-packages/new", form)
	expectRedirect(f.t, r, "/sagemaker/model-packages/"+name)
	return "arn:aws:sagemaker:us-east-1:" + f.accountID + ":model-package/" + name
}

// createAlgorithm creates an algorithm through the SageMaker form and
// returns its ARN.
func (f *editorFixture) createAlgorithm(name string) string {
	f.t.Helper()
	r := f.root.post("/sagemaker/algorithms/new", "/sagemaker/algorithms/new", validAlgorithm(name))
	expectRedirect(f.t, r, "/sagemaker/algorithms/"+name)
	return "arn:aws:sagemaker:us-east-1:" + f.accountID + ":algorithm/" + name
}

// addLaunchOption adds a version to the listing at base and returns the
// new version's ID.
func (f *editorFixture) addLaunchOption(base, arn string) string {
	f.t.Helper()
	before := editorVersionIDs(f.t, f.root.get(base))
	path := base + "/edit/launch-option"
	expectRedirect(f.t, saveSection(f.t, f.root, path, url.Values{"arn": {arn}, "then": {"add"}}), path)
	after := editorVersionIDs(f.t, f.root.get(base))
	if len(after) != len(before)+1 {
		f.t.Fatalf("versions %q after adding %s to %q", after, arn, before)
	}
	return after[len(after)-1]
}

var editorVersionLink = regexp.MustCompile(`/versions/(\d+)/step/\d$`)

// editorVersionIDs reads the version IDs from the overview's versions table.
func editorVersionIDs(t *testing.T, r *response) []string {
	t.Helper()
	expectStatus(t, r, http.StatusOK)
	var ids []string
	r.doc.Find("[data-testid=versions-table] a").Each(func(_ int, a *goquery.Selection) {
		if m := editorVersionLink.FindStringSubmatch(a.AttrOr("href", "")); m != nil {
			ids = append(ids, m[1])
		}
	})
	return ids
}

// sectionErrors collects the messages shown beside fields, by field name.
func sectionErrors(r *response) map[string]string {
	out := map[string]string{}
	if r.doc == nil {
		return out
	}
	r.doc.Find("[data-testid^=error-]").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimPrefix(s.AttrOr("data-testid", ""), "error-")] = strings.TrimSpace(s.Text())
	})
	return out
}

// expectOnlyFieldErrors checks a refused save: 422, the form's error alert
// and a message beside exactly the given fields, each containing its text.
func expectOnlyFieldErrors(t *testing.T, r *response, want map[string]string) {
	t.Helper()
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if r.doc.Find("[data-testid=alert-error]").Length() != 1 {
		t.Errorf("no error summary on the refused form")
	}
	got := sectionErrors(r)
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Errorf("errors beside %q, want beside %q", got, slices.Sorted(maps.Keys(want)))
	}
	for field, text := range want {
		if !strings.Contains(got[field], text) {
			t.Errorf("error beside %s = %q, want %q", field, got[field], text)
		}
	}
}

// postSectionFiles posts a multipart section form with the revision the
// page shows now.
func postSectionFiles(t *testing.T, c *client, path string, values url.Values, files ...filePart) *response {
	t.Helper()
	values.Set("revision", revisionOf(t, c.get(path)))
	return c.postMultipartParts(path, path, values, files...)
}

// editorHistory returns the overview's changes, newest change set first,
// one row per change: change type, actor, time, Details document. The page
// says the type and details in words; the row reads them from the change's
// data attributes.
func editorHistory(t *testing.T, c *client, base string) [][]string {
	t.Helper()
	r := c.get(base)
	expectStatus(t, r, http.StatusOK)
	return historyChanges(r)
}

// historyChanges reads the history of an overview as editorHistory does.
func historyChanges(r *response) [][]string {
	var rows [][]string
	r.doc.Find("[data-testid=product-history] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		actor := strings.TrimSpace(tr.Find("[data-testid=history-who]").Text())
		at := strings.TrimSpace(tr.Find("[data-testid=history-when]").Text())
		tr.Find("li[data-change-type]").Each(func(_ int, li *goquery.Selection) {
			typ, _ := li.Attr("data-change-type")
			details, _ := li.Attr("data-details")
			rows = append(rows, []string{typ, actor, at, details})
		})
	})
	return rows
}

func countChanges(rows [][]string, changeType string) int {
	n := 0
	for _, row := range rows {
		if len(row) > 0 && row[0] == changeType {
			n++
		}
	}
	return n
}

// completeSellerSettings does the public profile, tax interview and bank
// account through their forms, which paid offers need.
func completeSellerSettings(t *testing.T, c *client) {
	t.Helper()
	expectRedirect(t, c.postMultipartParts("/settings/profile", "/settings/profile", validProfile()), "/settings")
	expectRedirect(t, c.post("/settings/tax", "/settings/tax", validUSTax()), "/settings")
	expectRedirect(t, c.post("/settings/bank", "/settings/bank", validUSBank()), "/settings")
}

func checked(r *response, selector string) bool {
	_, ok := r.doc.Find(selector).First().Attr("checked")
	return ok
}

func checkedValues(r *response, name string) []string {
	var out []string
	r.doc.Find(`input[name="` + name + `"][checked]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("value", ""))
	})
	slices.Sort(out)
	return out
}

func selectedOption(r *response, name string) string {
	return r.attr(`select[name="`+name+`"] option[selected]`, "value")
}

func gifImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, 8, 8), []color.Color{color.White, color.Black})
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestListingGeneralSectionRefusesEachBadInput(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("general")
	good := generalInfo()
	good.Set("then", "close")
	expectRedirect(t, saveSection(t, f.root, path, good), f.base)
	rev := revisionOf(t, f.root.get(path))

	tests := []struct {
		name   string
		change func(v url.Values)
		field  string
		want   string
		kept   func(t *testing.T, r *response)
	}{
		{"title of 73 characters", func(v url.Values) { v.Set("title", strings.Repeat("t", 73)) }, "title", "This text is too long.",
			func(t *testing.T, r *response) {
				if got := r.attr("#f-title", "value"); got != strings.Repeat("t", 73) {
					t.Errorf("typed title not kept: %q", got)
				}
			}},
		{"no highlight", func(v url.Values) { v.Set("highlight_1", " "); v.Set("highlight_2", "") }, "highlights", "Give one to three highlights.",
			func(t *testing.T, r *response) {
				if got := r.attr("#f-title", "value"); got != "Review Sentiment Classifier" {
					t.Errorf("typed title not kept: %q", got)
				}
			}},
		{"no category", func(v url.Values) { v.Del("categories") }, "categories", "Choose one to three categories.",
			func(t *testing.T, r *response) {
				if got := checkedValues(r, "categories"); len(got) != 0 {
					t.Errorf("categories ticked that were not posted: %q", got)
				}
			}},
		{"unknown category", func(v url.Values) { v["categories"] = []string{"Natural Language Processing", "Astrology"} }, "categories", "Choose categories from the list.",
			func(t *testing.T, r *response) {
				if got := checkedValues(r, "categories"); !slices.Equal(got, []string{"Natural Language Processing"}) {
					t.Errorf("ticked categories %q", got)
				}
			}},
		{"private without accounts", func(v url.Values) { v.Set("privacy", "private") }, "allowed_accounts", "A private product needs at least one buyer account ID.",
			func(t *testing.T, r *response) {
				if !checked(r, `input[name=privacy][value=private]`) || checked(r, `input[name=privacy][value=public]`) {
					t.Error("typed privacy not kept")
				}
			}},
		{"private with a short account ID", func(v url.Values) { v.Set("privacy", "private"); v.Set("allowed_accounts", "12345") }, "allowed_accounts", "An account ID is exactly 12 digits",
			func(t *testing.T, r *response) {
				if got := r.text("#f-allowed_accounts"); got != "12345" {
					t.Errorf("typed accounts not kept: %q", got)
				}
			}},
		{"private with the seller's own account", func(v url.Values) {
			v.Set("privacy", "private")
			v.Set("allowed_accounts", "111122223333\n"+f.accountID)
		}, "allowed_accounts", "Your own account can always see your product",
			func(t *testing.T, r *response) {
				if got := r.text("#f-allowed_accounts"); got != "111122223333\n"+f.accountID {
					t.Errorf("typed accounts not kept: %q", got)
				}
			}},
		{"video over http", func(v url.Values) { v.Set("video_url", "http://acme.example/demo.mp4") }, "video_url", "Enter a full https:// address",
			func(t *testing.T, r *response) {
				if got := r.attr("#f-video_url", "value"); got != "http://acme.example/demo.mp4" {
					t.Errorf("typed video URL not kept: %q", got)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := generalInfo()
			v.Set("then", "close")
			v.Set("revision", rev)
			tt.change(v)
			r := f.root.post(path, path, v)
			expectOnlyFieldErrors(t, r, map[string]string{tt.field: tt.want})
			tt.kept(t, r)
			if got := r.text("#f-short_description"); got != v.Get("short_description") {
				t.Errorf("typed short description not kept: %q", got)
			}
		})
	}

	// Nothing of the refused saves was stored.
	r := f.root.get(path)
	if got := revisionOf(t, r); got != rev {
		t.Errorf("revision moved from %s to %s", rev, got)
	}
	if r.attr("#f-title", "value") != "Review Sentiment Classifier" || r.attr("#f-video_url", "value") != "" || r.text("#f-allowed_accounts") != "" {
		t.Errorf("stored general information changed: title %q video %q accounts %q", r.attr("#f-title", "value"), r.attr("#f-video_url", "value"), r.text("#f-allowed_accounts"))
	}
	if !checked(r, `input[name=privacy][value=public]`) {
		t.Error("stored privacy changed")
	}
	if got := checkedValues(r, "categories"); !slices.Equal(got, []string{"Natural Language Processing", "Sentiment Analysis"}) {
		t.Errorf("stored categories %q", got)
	}
	history := editorHistory(t, f.root, f.base)
	if countChanges(history, domain.ChangeUpdateInformation) != 1 || countChanges(history, domain.ChangeUpdateTargeting) != 0 {
		t.Errorf("refused saves recorded changes: %q", history)
	}

	// The limits themselves are accepted: 72 characters, three categories.
	v := generalInfo()
	v.Set("then", "close")
	v.Set("title", strings.Repeat("t", 72))
	v["categories"] = []string{"Natural Language Processing", "Sentiment Analysis", "Text"}
	expectRedirect(t, saveSection(t, f.root, path, v), f.base)
	if got := f.root.get(f.base).text("[data-testid=page-title]"); got != strings.Repeat("t", 72) {
		t.Errorf("72-character title not stored: %q", got)
	}
}

func TestListingPromotionalSection(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("promotional")
	var keywords16 []string
	for i := range 16 {
		keywords16 = append(keywords16, "keyword"+strconv.Itoa(i))
	}

	tests := []struct {
		name   string
		values url.Values
		field  string
		want   string
	}{
		{"16 keywords", url.Values{"keywords": {strings.Join(keywords16, ", ")}}, "keywords", "Use at most 15 keywords."},
		{"keyword of 51 characters", url.Values{"keywords": {"nlp, " + strings.Repeat("x", 51)}}, "keywords", "Each keyword must be 50 characters or fewer."},
		{"link over http", url.Values{"links.0.title": {"Docs"}, "links.0.url": {"http://docs.acme.example"}}, "links.0.url", "Enter a full https:// address"},
		{"link without title", url.Values{"links.0.url": {"https://docs.acme.example"}}, "links.0.title", "Give each link a title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"then": {"close"}}
			maps.Copy(v, tt.values)
			r := postSectionFiles(t, f.root, path, v)
			expectOnlyFieldErrors(t, r, map[string]string{tt.field: tt.want})
			if got := r.text("#f-keywords"); got != v.Get("keywords") {
				t.Errorf("typed keywords not kept: %q", got)
			}
			for _, name := range []string{"links.0.title", "links.0.url"} {
				if got := r.attr(`input[name="`+name+`"]`, "value"); got != v.Get(name) {
					t.Errorf("typed %s not kept: %q", name, got)
				}
			}
		})
	}

	logos := []struct {
		name string
		file filePart
	}{
		{"HTML named logo.png", filePart{"logo", "logo.png", "image/png", []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")}},
		{"SVG with script named logo.png", filePart{"logo", "logo.png", "image/png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>`)}},
		{"GIF", filePart{"logo", "logo.gif", "image/gif", gifImage(t)}},
	}
	oversized := append(logoPNG(t), make([]byte, domain.MaxImageBytes)...)
	for _, tt := range logos {
		t.Run(tt.name, func(t *testing.T) {
			r := postSectionFiles(t, f.root, path, url.Values{"keywords": {"sentiment, reviews"}, "then": {"close"}}, tt.file)
			expectOnlyFieldErrors(t, r, map[string]string{"logo": "Choose a PNG or JPEG image."})
			if got := r.text("#f-keywords"); got != "sentiment, reviews" {
				t.Errorf("typed keywords not kept: %q", got)
			}
			if strings.Contains(r.body, "alert(") {
				t.Error("the uploaded file is echoed in the page")
			}
			expectStatus(t, f.root.get(f.base+"/logo"), http.StatusNotFound)
		})
	}

	t.Run("logo over 1 MB", func(t *testing.T) {
		r := postSectionFiles(t, f.root, path, url.Values{"keywords": {"sentiment"}, "then": {"close"}}, filePart{"logo", "logo.png", "image/png", oversized})
		expectOnlyFieldErrors(t, r, map[string]string{"logo": "The image is larger than 1 MB."})
		expectStatus(t, f.root.get(f.base+"/logo"), http.StatusNotFound)
	})

	r := f.root.get(path)
	if r.text("#f-keywords") != "" || r.attr(`input[name="links.0.url"]`, "value") != "" || r.doc.Find("[data-testid=current-logo]").Length() != 0 {
		t.Errorf("a refused save stored something: keywords %q link %q", r.text("#f-keywords"), r.attr(`input[name="links.0.url"]`, "value"))
	}
	if n := countChanges(editorHistory(t, f.root, f.base), domain.ChangeUpdateInformation); n != 0 {
		t.Errorf("refused saves recorded %d changes", n)
	}

	logo := logoPNG(t)
	r = postSectionFiles(t, f.root, path, url.Values{"keywords": {"sentiment, reviews"}, "links.0.title": {"Docs"}, "links.0.url": {"https://docs.acme.example"}, "then": {"close"}},
		filePart{"logo", "logo.png", "image/png", logo})
	expectRedirect(t, r, f.base)
	served := f.root.get(f.base + "/logo")
	expectStatus(t, served, http.StatusOK)
	if ct := served.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("logo served as %q", ct)
	}
	if served.body != string(logo) {
		t.Error("served logo differs from the upload")
	}
	r = f.root.get(path)
	if r.doc.Find("[data-testid=current-logo]").Length() != 1 || r.text("#f-keywords") != "sentiment, reviews" {
		t.Errorf("saved promotional resources not shown: keywords %q", r.text("#f-keywords"))
	}

	// A later refused upload leaves the stored logo in place.
	r = postSectionFiles(t, f.root, path, url.Values{"keywords": {"other"}, "then": {"close"}}, logos[0].file)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if served := f.root.get(f.base + "/logo"); served.body != string(logo) {
		t.Error("a refused upload replaced the stored logo")
	}
}

func TestListingSupportSection(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("support")

	r := saveSection(t, f.root, path, url.Values{"support_email": {"help@acme.example"}, "then": {"close"}})
	expectOnlyFieldErrors(t, r, map[string]string{"offered": "This field is required."})
	if got := r.attr("#f-support_email", "value"); got != "help@acme.example" {
		t.Errorf("typed email not kept: %q", got)
	}

	r = saveSection(t, f.root, path, url.Values{"offered": {"yes"}, "then": {"close"}})
	expectOnlyFieldErrors(t, r, map[string]string{
		"support_email":       "This field is required.",
		"support_url":         "This field is required.",
		"support_description": "This field is required.",
	})
	if !checked(r, `input[name=offered][value=yes]`) {
		t.Error("typed answer not kept")
	}

	r = f.root.get(path)
	if checked(r, `input[name=offered][value=yes]`) || checked(r, `input[name=offered][value=no]`) {
		t.Error("a refused save stored an answer")
	}

	r = saveSection(t, f.root, path, url.Values{"offered": {"no"}, "support_email": {"help@acme.example"},
		"support_url": {"https://acme.example/support"}, "support_description": {"Leftover text."}, "then": {"close"}})
	expectRedirect(t, r, f.base)
	r = f.root.get(path)
	if !checked(r, `input[name=offered][value=no]`) {
		t.Error("answer no not stored")
	}
	if r.attr("#f-support_email", "value") != "" || r.attr("#f-support_url", "value") != "" || r.text("#f-support_description") != "" {
		t.Errorf("fields not cleared when no support is offered: %q %q %q",
			r.attr("#f-support_email", "value"), r.attr("#f-support_url", "value"), r.text("#f-support_description"))
	}
}

func TestListingRegionsSection(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("regions")
	if r := f.root.get(path); !checked(r, `input[name=availability][value=all]`) {
		t.Fatal("a new listing is not available in all Regions")
	}

	r := saveSection(t, f.root, path, url.Values{"availability": {"chosen"}, "then": {"close"}})
	expectOnlyFieldErrors(t, r, map[string]string{"regions": "Choose at least one Region"})
	if !checked(r, `input[name=availability][value=chosen]`) {
		t.Error("typed choice not kept")
	}

	r = saveSection(t, f.root, path, url.Values{"availability": {"chosen"}, "regions": {"us-east-1", "mars-north-1"}, "then": {"close"}})
	expectOnlyFieldErrors(t, r, map[string]string{"regions": "Choose an AWS Region where Amazon SageMaker runs"})
	if got := checkedValues(r, "regions"); !slices.Equal(got, []string{"us-east-1"}) {
		t.Errorf("ticked regions %q", got)
	}

	r = f.root.get(path)
	if !checked(r, `input[name=availability][value=all]`) || len(checkedValues(r, "regions")) != 0 {
		t.Error("a refused save changed the Regions")
	}

	expectRedirect(t, saveSection(t, f.root, path, url.Values{"availability": {"chosen"}, "regions": {"us-east-1", "eu-west-1"}, "then": {"close"}}), f.base)
	r = f.root.get(path)
	if !checked(r, `input[name=availability][value=chosen]`) {
		t.Error("chosen availability not stored")
	}
	if got := checkedValues(r, "regions"); !slices.Equal(got, []string{"eu-west-1", "us-east-1"}) {
		t.Errorf("stored regions %q", got)
	}
}

func TestListingLaunchOptionChecksTheARNInOrder(t *testing.T) {
	f := newEditorFixture(t)
	path := f.section("launch-option")
	sentiment := f.createModelPackage("sentiment", validModelPackage("sentiment"))
	pendingForm := validModelPackage("pending")
	pendingForm.Set("validation_status", "NotStarted")
	pending := f.createModelPackage("pending", pendingForm)
	gbt := f.createAlgorithm("gbt")
	prefix := "arn:aws:sagemaker:us-east-1:" + f.accountID + ":"

	tests := []struct{ name, arn, want string }{
		{"malformed", "not an arn", "This is not a valid ARN. It looks like arn:aws:sagemaker:us-east-1:123456789012:model-package/name."},
		{"not sagemaker", "arn:aws:s3:us-east-1:" + f.accountID + ":model-package/sentiment", "The ARN belongs to the s3 service. Enter the ARN of an Amazon SageMaker resource."},
		{"endpoint", prefix + "endpoint/sentiment", "The ARN must name a model package or an algorithm."},
		{"foreign account", "arn:aws:sagemaker:us-east-1:999999999999:model-package/sentiment", "The resource belongs to another AWS account. You can only list resources of your own account."},
		{"not found", prefix + "model-package/missing", "No model package or algorithm with this ARN exists in your account."},
		{"not listable", pending, "This resource can't be listed yet: it must be certified for AWS Marketplace and its validation must have completed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := saveSection(t, f.root, path, url.Values{"arn": {tt.arn}, "then": {"add"}})
			expectOnlyFieldErrors(t, r, map[string]string{"arn": tt.want})
			if got := r.text("[data-testid=error-arn]"); got != tt.want {
				t.Errorf("message %q, want %q", got, tt.want)
			}
			if got := r.attr("#f-arn", "value"); got != tt.arn {
				t.Errorf("typed ARN not kept: %q", got)
			}
		})
	}

	// An IAM user allowed every Marketplace action but not the SageMaker one.
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aws-marketplace:*","Resource":"*"}]}`
	lister := f.env.newIAMUserClient(f.root, f.accountID, "lister")
	expectRedirect(t, f.root.post("/iam/users/lister", "/iam/users/lister/policies", url.Values{"policy_name": {"MarketplaceOnly"}, "document": {policy}}), "/iam/users/lister")
	r := saveSection(t, lister, path, url.Values{"arn": {sentiment}, "then": {"add"}})
	expectOnlyFieldErrors(t, r, map[string]string{"arn": "You are not allowed sagemaker:DescribeModelPackage on this resource."})
	if got := r.attr("#f-arn", "value"); got != sentiment {
		t.Errorf("typed ARN not kept: %q", got)
	}

	if ids := editorVersionIDs(t, f.root.get(f.base)); len(ids) != 0 {
		t.Fatalf("refused ARNs added versions %q", ids)
	}
	if got := f.root.get(path).attr(`#own-resources option[value="`+sentiment+`"]`, "value"); got != sentiment {
		t.Errorf("the root user is not offered the listable model package")
	}

	if n := countChanges(editorHistory(t, f.root, f.base), domain.ChangeAddDeliveryOptions); n != 0 {
		t.Errorf("refused ARNs recorded %d changes", n)
	}

	// A resource used by another product's version.
	otherBase := "/management/products/ml/" + newListing(t, f.root)
	otherVid := f.addLaunchOption(otherBase, sentiment)
	// The other product's version is not reachable through this product.
	expectStatus(t, f.root.get(f.step(otherVid, 1)), http.StatusNotFound)
	expectStatus(t, f.root.post(path, f.step(otherVid, 1), url.Values{"revision": {"1"}, "number": {"6.6"}, "release_notes": {"x"}}), http.StatusNotFound)
	r = saveSection(t, f.root, path, url.Values{"arn": {sentiment}, "then": {"add"}})
	expectOnlyFieldErrors(t, r, map[string]string{"arn": "A version of a listing already uses this resource."})
	if got := r.attr("#f-arn", "value"); got != sentiment {
		t.Errorf("typed ARN not kept: %q", got)
	}

	// An algorithm added to a model package product.
	f.addLaunchOption(f.base, f.createModelPackage("sentiment-v2", validModelPackage("sentiment-v2")))
	r = saveSection(t, f.root, path, url.Values{"arn": {gbt}, "then": {"add"}})
	expectOnlyFieldErrors(t, r, map[string]string{"arn": "This product's versions are of another type. A product is either model packages or algorithms."})
	if got := r.attr("#f-arn", "value"); got != gbt {
		t.Errorf("typed ARN not kept: %q", got)
	}
	overview := f.root.get(f.base)
	if ids := editorVersionIDs(t, overview); len(ids) != 1 {
		t.Errorf("versions %q, want only the model package", ids)
	}
	if got := overview.text("[data-testid=summary-type]"); got != "Model package" {
		t.Errorf("product type %q", got)
	}
}

// TestListingLaunchOptionSuggestsOnlyWhatTheUserMayDescribe opens the
// launch option as an IAM user allowed every Marketplace action but no
// SageMaker action: the page must not list the account's SageMaker ARNs.
func TestListingLaunchOptionSuggestsOnlyWhatTheUserMayDescribe(t *testing.T) {
	f := newEditorFixture(t)
	sentiment := f.createModelPackage("sentiment", validModelPackage("sentiment"))
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aws-marketplace:*","Resource":"*"}]}`
	lister := f.env.newIAMUserClient(f.root, f.accountID, "lister")
	expectRedirect(t, f.root.post("/iam/users/lister", "/iam/users/lister/policies", url.Values{"policy_name": {"MarketplaceOnly"}, "document": {policy}}), "/iam/users/lister")
	r := lister.get(f.section("launch-option"))
	expectStatus(t, r, http.StatusOK)
	if strings.Contains(r.body, sentiment) {
		t.Errorf("the launch option page suggests %s to a user who may not describe it", sentiment)
	}
	// The root user is offered the resource.
	if !strings.Contains(f.root.get(f.section("launch-option")).body, sentiment) {
		t.Errorf("the root user is not offered %s", sentiment)
	}
}

// versionsFixture is a listing with two model package versions.
func versionsFixture(t *testing.T) (*editorFixture, string, string) {
	t.Helper()
	f := newEditorFixture(t)
	v1 := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	v2 := f.addLaunchOption(f.base, f.createModelPackage("sentiment-v2", validModelPackage("sentiment-v2")))
	return f, v1, v2
}

func TestListingVersionStepsRefuseBadInput(t *testing.T) {
	f, v1, v2 := versionsFixture(t)
	expectRedirect(t, saveSection(t, f.root, f.step(v1, 1), url.Values{"number": {"1.0"}, "release_notes": {"First release."}, "then": {"close"}}), f.base)
	rev := revisionOf(t, f.root.get(f.base+"/edit/general"))
	// The seller chooses: step 5 of a first version opens with no type.
	if realtime := selectedOption(f.root.get(f.step(v1, 5)), "recommended_realtime"); realtime != "" {
		t.Fatalf("step 5 opens with real-time type %q", realtime)
	}

	tests := []struct {
		name   string
		vid    string
		step   int
		values url.Values
		field  string
		want   string
		kept   string // the id of a typed input whose value must be kept
	}{
		{"duplicate version number", v2, 1, url.Values{"number": {"1.0"}, "release_notes": {"Second."}}, "number",
			"Another version of this product already has this number.", "#f-number"},
		{"notebook over http", v2, 1, url.Values{"number": {"2.0"}, "release_notes": {"Second."}, "notebook_url": {"http://github.com/acme/notebook"}}, "notebook_url",
			"Enter a full https:// address", "#f-notebook_url"},
		{"no input description", v1, 3, url.Values{"input_limitations": {"English only."}}, "input_description",
			"This field is required.", "#f-input_limitations"},
		{"no sample output", v1, 4, url.Values{"output_description": {"JSON with a label."}}, "sample_output_text",
			"Give a sample output as text or as a URL.", "#f-output_description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := url.Values{"then": {"close"}}
			maps.Copy(v, tt.values)
			r := saveSection(t, f.root, f.step(tt.vid, tt.step), v)
			expectOnlyFieldErrors(t, r, map[string]string{tt.field: tt.want})
			typed := r.attr(tt.kept, "value")
			if r.doc.Find(tt.kept).Is("textarea") {
				typed = r.text(tt.kept)
			}
			name := strings.TrimPrefix(tt.kept, "#f-")
			if typed != v.Get(name) {
				t.Errorf("typed %s not kept: %q", name, typed)
			}
		})
	}

	t.Run("duplicate parameter name", func(t *testing.T) {
		r := saveSection(t, f.root, f.step(v1, 3), url.Values{"input_description": {"CSV."}, "input_parameters.0.name": {"text"},
			"input_parameters.1.name": {""}, "input_parameters.2.name": {"TEXT"}, "then": {"close"}})
		expectStatus(t, r, http.StatusUnprocessableEntity)
		errs := sectionErrors(r)
		if len(errs) != 1 {
			t.Fatalf("errors %q, want one beside the duplicate", errs)
		}
		for field, msg := range errs {
			if msg != "Another parameter already has this name." || !strings.HasPrefix(field, "input_parameters.") || !strings.HasSuffix(field, ".name") {
				t.Errorf("error %q beside %s", msg, field)
			}
			if got := r.attr(`input[name="`+field+`"]`, "value"); got != "TEXT" {
				t.Errorf("duplicate error beside %s, whose name is %q", field, got)
			}
		}
	})

	t.Run("forged instance type", func(t *testing.T) {
		r := saveSection(t, f.root, f.step(v1, 5), url.Values{"recommended_realtime": {"ml.p4d.24xlarge"}, "recommended_batch": {"ml.m5.xlarge"}, "then": {"close"}})
		expectOnlyFieldErrors(t, r, map[string]string{"recommended_realtime": "Choose an instance type your resource supports."})
		if got := selectedOption(r, "recommended_batch"); got != "ml.m5.xlarge" {
			t.Errorf("typed batch type not kept: %q", got)
		}
		if r.doc.Find(`select[name=recommended_realtime] option[value="ml.p4d.24xlarge"]`).Length() != 0 {
			t.Error("the forged type is offered")
		}
	})

	// Nothing of the refused steps was stored.
	if got := revisionOf(t, f.root.get(f.base+"/edit/general")); got != rev {
		t.Errorf("revision moved from %s to %s", rev, got)
	}
	if r := f.root.get(f.step(v2, 1)); r.attr("#f-number", "value") != "" || r.text("#f-release_notes") != "" {
		t.Errorf("refused step 1 stored number %q notes %q", r.attr("#f-number", "value"), r.text("#f-release_notes"))
	}
	if r := f.root.get(f.step(v1, 3)); r.text("#f-input_limitations") != "" {
		t.Errorf("refused step 3 stored %q", r.text("#f-input_limitations"))
	}
	if r := f.root.get(f.step(v1, 4)); r.text("#f-output_description") != "" {
		t.Errorf("refused step 4 stored %q", r.text("#f-output_description"))
	}
	if got := selectedOption(f.root.get(f.step(v1, 5)), "recommended_realtime"); got != "" {
		t.Errorf("refused step 5 stored %q", got)
	}
	if n := countChanges(editorHistory(t, f.root, f.base), domain.ChangeUpdateDeliveryOptions); n != 1 {
		t.Errorf("%d UpdateDeliveryOptions changes, want the one good save", n)
	}
}

func TestListingVersionAddParameterSavesNothing(t *testing.T) {
	f, v1, _ := versionsFixture(t)
	path := f.step(v1, 3)
	rows := func(r *response) int { return r.doc.Find("fieldset[data-testid^=input_parameters-]").Length() }

	page := f.root.get(path)
	rev := revisionOf(t, page)
	if n := rows(page); n != 1 {
		t.Fatalf("step 3 starts with %d parameter rows, want 1", n)
	}
	r := f.root.post(path, path, url.Values{"revision": {rev}, "input_description": {"CSV, one review per line."},
		"input_parameters.0.name": {"text"}, "input_parameters.0.required": {"on"}, "then": {"add:input_parameters"}})
	expectStatus(t, r, http.StatusOK)
	if n := rows(r); n != 2 {
		t.Errorf("%d parameter rows after Add parameter, want 2", n)
	}
	if r.attr(`input[name="input_parameters.0.name"]`, "value") != "text" || !checked(r, `input[name="input_parameters.0.required"]`) {
		t.Error("the typed parameter is not kept")
	}
	if r.attr(`input[name="input_parameters.1.name"]`, "value") != "" {
		t.Error("the new row is not blank")
	}
	if got := r.text("#f-input_description"); got != "CSV, one review per line." {
		t.Errorf("typed description not kept: %q", got)
	}
	if len(sectionErrors(r)) != 0 || r.doc.Find("[data-testid=alert-error]").Length() != 0 {
		t.Errorf("Add parameter reported errors: %q", sectionErrors(r))
	}

	page = f.root.get(path)
	if got := revisionOf(t, page); got != rev {
		t.Errorf("Add parameter saved: revision %s, was %s", got, rev)
	}
	if page.text("#f-input_description") != "" || rows(page) != 1 {
		t.Errorf("Add parameter stored the step: description %q, %d rows", page.text("#f-input_description"), rows(page))
	}
}

// TestListingVersionAddParameterAddsARowEachTime presses Add parameter on
// the form as it opens and again after typing: one more row each time.
func TestListingVersionAddParameterAddsARowEachTime(t *testing.T) {
	f, v1, _ := versionsFixture(t)
	path := f.step(v1, 3)
	rows := func(r *response) int { return r.doc.Find("fieldset[data-testid^=input_parameters-]").Length() }
	rev := revisionOf(t, f.root.get(path))

	r := f.root.post(path, path, url.Values{"revision": {rev}, "input_parameters.0.name": {""}, "then": {"add:input_parameters"}})
	expectStatus(t, r, http.StatusOK)
	if n := rows(r); n != 2 {
		t.Errorf("%d rows after one press on the blank form, want 2", n)
	}
	r = f.root.post(path, path, url.Values{"revision": {rev}, "input_parameters.0.name": {"text"}, "input_parameters.1.name": {""}, "then": {"add:input_parameters"}})
	expectStatus(t, r, http.StatusOK)
	if n := rows(r); n != 3 {
		t.Errorf("%d rows after a second press, want 3", n)
	}
	if r.attr(`input[name="input_parameters.0.name"]`, "value") != "text" {
		t.Error("the typed parameter is not kept")
	}
	if got := revisionOf(t, f.root.get(path)); got != rev {
		t.Errorf("Add parameter saved: revision %s, was %s", got, rev)
	}
}

func TestListingVersionPreviewIsEscapedAndStoresNothing(t *testing.T) {
	f, v1, _ := versionsFixture(t)
	path := f.step(v1, 3)
	rev := revisionOf(t, f.root.get(path))

	r := f.root.post(path, path+"/preview", url.Values{"input_description": {"<script>alert(1)</script>"},
		"sample_realtime_url": {"javascript:alert(2)"}, "input_parameters.0.name": {"<b>text</b>"}})
	expectStatus(t, r, http.StatusOK)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("preview content type %q", r.Header.Get("Content-Type"))
	}
	if !strings.Contains(r.text("[data-testid=usage-input]"), "<script>alert(1)</script>") {
		t.Errorf("typed description not in the buyer view: %q", r.text("[data-testid=usage-input]"))
	}
	if r.doc.Find("script").Length() != 0 || r.doc.Find("[data-testid=usage-input] b").Length() != 0 {
		t.Errorf("typed markup became elements: %s", r.body)
	}
	if !strings.Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("description not escaped: %s", r.body)
	}
	if r.doc.Find(`a[href^="javascript:"]`).Length() != 0 {
		t.Error("the preview links to a javascript: URL")
	}

	page := f.root.get(path)
	if got := revisionOf(t, page); got != rev {
		t.Errorf("the preview saved: revision %s, was %s", got, rev)
	}
	if page.text("#f-input_description") != "" || page.attr(`input[name="input_parameters.0.name"]`, "value") != "" {
		t.Errorf("the preview stored %q", page.text("#f-input_description"))
	}
	if n := countChanges(editorHistory(t, f.root, f.base), domain.ChangeUpdateDeliveryOptions); n != 0 {
		t.Errorf("the preview recorded %d changes", n)
	}
}

// pricingPrices are valid prices for every instance type of
// validModelPackage.
func pricingPrices() url.Values {
	return url.Values{"price.realtime.ml.m5.large": {"0.125"}, "price.realtime.ml.c5.xlarge": {"2.5"}, "price.batch.ml.m5.xlarge": {"0"}}
}

func TestListingPricingSection(t *testing.T) {
	f := newEditorFixture(t)
	f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	path := f.section("pricing")

	page := f.root.get(path)
	var names []string
	page.doc.Find("[data-testid=prices-table] input").Each(func(_ int, s *goquery.Selection) { names = append(names, s.AttrOr("name", "")) })
	slices.Sort(names)
	if want := slices.Sorted(maps.Keys(pricingPrices())); !slices.Equal(names, want) {
		t.Fatalf("price inputs %q, want %q", names, want)
	}

	eula := "END USER LICENSE AGREEMENT\r\n\r\n1. <b>You may</b> use the model.\r\n2. You may not resell it.\n"
	r := postSectionFiles(t, f.root, path, url.Values{"pricing": {"free"}, "then": {"close"}}, filePart{"eula", "eula.txt", "text/plain", []byte(eula)})
	expectRedirect(t, r, f.base)
	page = f.root.get(path)
	shown := page.doc.Find("[data-testid=current-eula]")
	if got, want := shown.Text(), strings.ReplaceAll(eula, "\r\n", "\n"); got != want {
		t.Errorf("current EULA %q, want %q", got, want)
	}
	if shown.Find("b").Length() != 0 || !strings.Contains(page.body, "&lt;b&gt;You may&lt;/b&gt;") {
		t.Error("the EULA is not escaped")
	}

	expectFree := func(t *testing.T) {
		t.Helper()
		r := f.root.get(path)
		if !checked(r, `input[name=pricing][value=free]`) || r.attr(`input[name="price.realtime.ml.m5.large"]`, "value") != "" {
			t.Error("a refused save changed the pricing")
		}
	}

	// Paid terms before the tax interview and bank account.
	v := pricingPrices()
	v.Set("pricing", "paid")
	r = postSectionFiles(t, f.root, path, v)
	expectOnlyFieldErrors(t, r, map[string]string{"pricing": "Paid offers need the tax interview and a bank account."})
	if r.doc.Find(`[data-testid=error-pricing] a[href="/settings"]`).Length() != 1 {
		t.Error("no link to Settings beside pricing")
	}
	if !checked(r, `input[name=pricing][value=paid]`) || r.attr(`input[name="price.realtime.ml.c5.xlarge"]`, "value") != "2.5" {
		t.Error("typed pricing not kept")
	}
	expectFree(t)

	completeSellerSettings(t, f.root)

	for _, bad := range []string{"-1", "abc", "0.1234"} {
		t.Run("price "+bad, func(t *testing.T) {
			v := pricingPrices()
			v.Set("pricing", "paid")
			v.Set("price.realtime.ml.m5.large", bad)
			r := postSectionFiles(t, f.root, path, v)
			expectOnlyFieldErrors(t, r, map[string]string{"price.realtime.ml.m5.large": "Enter a price such as 0.125"})
			if got := r.attr(`input[name="price.realtime.ml.m5.large"]`, "value"); got != bad {
				t.Errorf("typed price not kept: %q", got)
			}
			if got := r.attr(`input[name="price.batch.ml.m5.xlarge"]`, "value"); got != "0" {
				t.Errorf("other typed price not kept: %q", got)
			}
			expectFree(t)
		})
	}

	v = pricingPrices()
	v.Set("pricing", "paid")
	v.Set("then", "close")
	expectRedirect(t, postSectionFiles(t, f.root, path, v), f.base)
	page = f.root.get(path)
	if !checked(page, `input[name=pricing][value=paid]`) {
		t.Error("paid pricing not stored")
	}
	for key, want := range pricingPrices() {
		got, _ := domain.ParseUSD(page.attr(`input[name="`+key+`"]`, "value"))
		wantMillis, _ := domain.ParseUSD(want[0])
		if got != wantMillis {
			t.Errorf("stored %s = %q, want %s", key, page.attr(`input[name="`+key+`"]`, "value"), want[0])
		}
	}

	for _, days := range []string{"4", "121"} {
		t.Run("trial of "+days+" days", func(t *testing.T) {
			v := pricingPrices()
			v.Set("pricing", "paid_trial")
			v.Set("trial_days", days)
			r := postSectionFiles(t, f.root, path, v)
			expectOnlyFieldErrors(t, r, map[string]string{"trial_days": "A free trial lasts from 5 to 120 days."})
			if got := r.attr("#f-trial_days", "value"); got != days {
				t.Errorf("typed days not kept: %q", got)
			}
			if r := f.root.get(path); !checked(r, `input[name=pricing][value=paid]`) || r.attr("#f-trial_days", "value") != "" {
				t.Error("a refused trial was stored")
			}
		})
	}
	for _, days := range []string{"5", "120"} {
		v := pricingPrices()
		v.Set("pricing", "paid_trial")
		v.Set("trial_days", days)
		v.Set("then", "close")
		expectRedirect(t, postSectionFiles(t, f.root, path, v), f.base)
		r := f.root.get(path)
		if !checked(r, `input[name=pricing][value=paid_trial]`) || r.attr("#f-trial_days", "value") != days {
			t.Errorf("trial of %s days not stored: %q", days, r.attr("#f-trial_days", "value"))
		}
	}

	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"binary with NUL", []byte("EULA\x00\x01\x02 binary\n")},
		{"invalid UTF-8", []byte("Licence accord\xe9e au client\n")},
		{"over 256 KB", bytes.Repeat([]byte("You may use the model.\n"), domain.MaxEULABytes/20)},
	} {
		t.Run("EULA "+bad.name, func(t *testing.T) {
			v := pricingPrices()
			v.Set("pricing", "paid_trial")
			v.Set("trial_days", "120")
			r := postSectionFiles(t, f.root, path, v, filePart{"eula", "eula.txt", "text/plain", bad.data})
			want := "The EULA must be plain UTF-8 text."
			if len(bad.data) > domain.MaxEULABytes {
				want = "The EULA file is larger than 256 KB."
			}
			expectOnlyFieldErrors(t, r, map[string]string{"eula": want})
			if got := f.root.get(path).doc.Find("[data-testid=current-eula]").Text(); got != strings.ReplaceAll(eula, "\r\n", "\n") {
				t.Errorf("a refused EULA replaced the stored one: %q", got)
			}
		})
	}

	history := editorHistory(t, f.root, f.base)
	if countChanges(history, domain.ChangeUpdatePricingTerms) != 4 || countChanges(history, domain.ChangeUpdateLegalTerms) != 1 {
		t.Errorf("history %q, want 4 UpdatePricingTerms and 1 UpdateLegalTerms", history)
	}
}

func TestListingStaleRevisionOnSupportAndVersionStep(t *testing.T) {
	f := newEditorFixture(t)
	support := f.section("support")
	stale := revisionOf(t, f.root.get(support))
	first := url.Values{"revision": {stale}, "offered": {"yes"}, "support_email": {"help@acme.example"},
		"support_url": {"https://acme.example/support"}, "support_description": {"Business days."}, "then": {"close"}}
	expectRedirect(t, f.root.post(support, support, first), f.base)

	second := url.Values{"revision": {stale}, "offered": {"yes"}, "support_email": {"other@acme.example"},
		"support_url": {"https://acme.example/other"}, "support_description": {"Weekends too."}, "then": {"close"}}
	r := f.root.post(support, support, second)
	expectStatus(t, r, http.StatusConflict)
	if r.text("[data-testid=conflict]") == "" {
		t.Error("stale save not explained")
	}
	if r.attr("#f-support_email", "value") != "other@acme.example" || r.text("#f-support_description") != "Weekends too." {
		t.Error("typed values lost")
	}
	if revisionOf(t, r) == stale {
		t.Error("the conflict page still carries the stale revision")
	}
	r = f.root.get(support)
	if r.attr("#f-support_email", "value") != "help@acme.example" || r.text("#f-support_description") != "Business days." {
		t.Errorf("stale save overwrote the first: %q", r.attr("#f-support_email", "value"))
	}

	vid := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	step := f.step(vid, 1)
	stale = revisionOf(t, f.root.get(step))
	expectRedirect(t, f.root.post(step, step, url.Values{"revision": {stale}, "number": {"1.0"}, "release_notes": {"First."}, "then": {"close"}}), f.base)
	r = f.root.post(step, step, url.Values{"revision": {stale}, "number": {"9.9"}, "release_notes": {"Other tab."}, "then": {"close"}})
	expectStatus(t, r, http.StatusConflict)
	if r.text("[data-testid=conflict]") == "" {
		t.Error("stale step save not explained")
	}
	if r.attr("#f-number", "value") != "9.9" || r.text("#f-release_notes") != "Other tab." {
		t.Error("typed step values lost")
	}
	r = f.root.get(step)
	if r.attr("#f-number", "value") != "1.0" || r.text("#f-release_notes") != "First." {
		t.Errorf("stale step save overwrote the first: %q %q", r.attr("#f-number", "value"), r.text("#f-release_notes"))
	}
	if n := countChanges(editorHistory(t, f.root, f.base), domain.ChangeUpdateDeliveryOptions); n != 1 {
		t.Errorf("%d UpdateDeliveryOptions changes, want 1", n)
	}
}

// editorPaths are the section and version step pages of a listing.
func editorPaths(f *editorFixture, vid string) []string {
	var paths []string
	for _, s := range []string{"general", "promotional", "support", "regions", "launch-option", "pricing"} {
		paths = append(paths, f.section(s))
	}
	for n := 1; n <= 5; n++ {
		paths = append(paths, f.step(vid, n))
	}
	return paths
}

func TestListingReadOnlyUserCanLookButNotChange(t *testing.T) {
	f := newEditorFixture(t)
	good := generalInfo()
	good.Set("then", "close")
	expectRedirect(t, saveSection(t, f.root, f.section("general"), good), f.base)
	vid := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	before := editorHistory(t, f.root, f.base)

	reader := f.env.newIAMUserClient(f.root, f.accountID, "reader", "AWSMarketplaceSellerProductsReadOnly")
	r := reader.get("/management/products/ml")
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=product-"+f.id+"]").Length() != 1 || r.doc.Find("[data-testid=create-listing]").Length() != 0 {
		t.Error("reader's list lacks the product or offers Create")
	}
	r = reader.get(f.base)
	expectStatus(t, r, http.StatusOK)
	if n := r.doc.Find("[data-testid=sections] a").Length(); n != 0 {
		t.Errorf("reader is offered %d Edit buttons", n)
	}

	userARN := "arn:aws:iam::" + f.accountID + ":user/reader"
	posts := map[string]url.Values{}
	for _, p := range editorPaths(f, vid) {
		expectStatus(t, reader.get(p), http.StatusOK)
		posts[p] = url.Values{"title": {"Hijacked"}, "number": {"6.6"}, "offered": {"no"}, "availability": {"all"}, "pricing": {"free"}, "then": {"close"}}
	}
	posts[f.section("launch-option")].Set("arn", "arn:aws:sagemaker:us-east-1:"+f.accountID+":model-package/sentiment")
	for p, v := range posts {
		v.Set("revision", revisionOf(t, reader.get(p)))
		r := reader.post(p, p, v)
		expectStatus(t, r, http.StatusForbidden)
		if msg := r.text("[data-testid=error-message]"); !strings.Contains(msg, "aws-marketplace:StartChangeSet") || !strings.Contains(msg, userARN) {
			t.Errorf("POST %s: 403 message %q", p, msg)
		}
	}
	expectStatus(t, reader.get("/management/products/ml/new"), http.StatusForbidden)
	r = reader.post("/management/products/ml", "/management/products/ml/new", url.Values{})
	expectStatus(t, r, http.StatusForbidden)
	if msg := r.text("[data-testid=error-message]"); !strings.Contains(msg, "aws-marketplace:StartChangeSet") {
		t.Errorf("POST new: 403 message %q", msg)
	}

	rootView := f.root.get(f.base)
	if got := rootView.text("[data-testid=page-title]"); got != "Review Sentiment Classifier" {
		t.Errorf("a refused post changed the title to %q", got)
	}
	// The core keeps the overview's state with the listing's revision: the
	// reader's, decided for the same revision, must not be the root's.
	if rootView.doc.Find("[data-testid=sections] a").Length() == 0 {
		t.Error("after the reader's visit, the root user is offered no Edit button")
	}
	if after := editorHistory(t, f.root, f.base); len(after) != len(before) {
		t.Errorf("refused posts recorded changes: %q", after[:len(after)-len(before)])
	}
	if got := f.root.get(f.step(vid, 1)).attr("#f-number", "value"); got != "" {
		t.Errorf("a refused post set the version number %q", got)
	}
}

func TestListingOfAnotherAccountIsNotFoundOnEverySection(t *testing.T) {
	f := newEditorFixture(t)
	good := generalInfo()
	good.Set("then", "close")
	expectRedirect(t, saveSection(t, f.root, f.section("general"), good), f.base)
	vid := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	before := editorHistory(t, f.root, f.base)

	other, _ := f.env.signedIn("Other", "root@other.example")
	paths := append(editorPaths(f, vid), f.base, f.base+"/logo")
	for _, p := range paths {
		expectStatus(t, other.get(p), http.StatusNotFound)
	}
	posts := append(editorPaths(f, vid), f.step(vid, 2)+"/preview", f.step(vid, 3)+"/preview", f.step(vid, 4)+"/preview")
	for _, p := range posts {
		r := other.post("/management/products/ml", p, url.Values{"revision": {"1"}, "title": {"Hijacked"}, "number": {"6.6"},
			"input_description": {"Hijacked"}, "offered": {"no"}, "pricing": {"free"}, "then": {"close"}})
		expectStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, "Review Sentiment Classifier") {
			t.Errorf("POST %s: the 404 page shows the product", p)
		}
	}

	if got := f.root.get(f.base).text("[data-testid=page-title]"); got != "Review Sentiment Classifier" {
		t.Errorf("another account changed the title to %q", got)
	}
	if after := editorHistory(t, f.root, f.base); len(after) != len(before) {
		t.Errorf("another account's posts recorded changes: %q", after)
	}
}

func TestListingChangeHistoryNamesChangeTypesAndActors(t *testing.T) {
	f := newEditorFixture(t)
	seen := len(editorHistory(t, f.root, f.base))
	// expectNew checks the rows recorded since the last call.
	expectNew := func(t *testing.T, actor string, want ...string) {
		t.Helper()
		rows := editorHistory(t, f.root, f.base)
		fresh := rows[:len(rows)-seen]
		seen = len(rows)
		var types []string
		for _, row := range fresh {
			types = append(types, row[0])
			if row[1] != actor {
				t.Errorf("%s recorded by %q, want %q", row[0], row[1], actor)
			}
		}
		slices.Sort(types)
		slices.Sort(want)
		if !slices.Equal(types, want) {
			t.Errorf("new changes %q, want %q", types, want)
		}
	}
	root := f.rootARN()
	if rows := editorHistory(t, f.root, f.base); len(rows) != 1 || rows[0][0] != domain.ChangeCreateProduct || rows[0][1] != root {
		t.Fatalf("history of a new listing %q", rows)
	}

	v := generalInfo()
	v.Set("then", "close")
	expectRedirect(t, saveSection(t, f.root, f.section("general"), v), f.base)
	expectNew(t, root, domain.ChangeUpdateInformation)

	v.Set("privacy", "private")
	v.Set("allowed_accounts", "111122223333")
	expectRedirect(t, saveSection(t, f.root, f.section("general"), v), f.base)
	expectNew(t, root, domain.ChangeUpdateInformation, domain.ChangeUpdateTargeting)
	if got := f.root.get(f.base).text("[data-testid=summary-privacy]"); got != "Private" {
		t.Errorf("privacy %q", got)
	}

	expectRedirect(t, saveSection(t, f.root, f.section("regions"), url.Values{"availability": {"chosen"}, "regions": {"us-east-1"}, "then": {"close"}}), f.base)
	expectNew(t, root, domain.ChangeUpdateTargeting)

	expectRedirect(t, saveSection(t, f.root, f.section("support"), url.Values{"offered": {"no"}, "then": {"close"}}), f.base)
	expectNew(t, root, domain.ChangeUpdateInformation)

	vid := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	expectNew(t, root, domain.ChangeAddDeliveryOptions)

	expectRedirect(t, saveSection(t, f.root, f.step(vid, 1), url.Values{"number": {"1.0"}, "release_notes": {"First."}, "then": {"close"}}), f.base)
	expectNew(t, root, domain.ChangeUpdateDeliveryOptions)

	r := postSectionFiles(t, f.root, f.section("pricing"), url.Values{"pricing": {"free"}, "then": {"close"}},
		filePart{"eula", "eula.txt", "text/plain", []byte("END USER LICENSE AGREEMENT\n")})
	expectRedirect(t, r, f.base)
	expectNew(t, root, domain.ChangeUpdatePricingTerms, domain.ChangeUpdateLegalTerms)

	// An IAM user's change is recorded under the user's ARN.
	editor := f.env.newIAMUserClient(f.root, f.accountID, "editor", "AWSMarketplaceSellerFullAccess")
	expectRedirect(t, saveSection(t, editor, f.section("support"), url.Values{"offered": {"yes"}, "support_email": {"help@acme.example"},
		"support_url": {"https://acme.example/support"}, "support_description": {"Business days."}, "then": {"close"}}), f.base)
	expectNew(t, "arn:aws:iam::"+f.accountID+":user/editor", domain.ChangeUpdateInformation)
}
