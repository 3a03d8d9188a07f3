package web_test

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
)

// updFixture is a seller signed in as root with one Public product whose
// only version, 1.0, delivers the model package "sentiment".
type updFixture struct {
	t         *testing.T
	env       *testEnv
	root      *client
	accountID string
	id        string
	base      string
}

func updPublic(t *testing.T, env *testEnv) *updFixture {
	t.Helper()
	root, accountID, id := publicListing(t, env)
	return &updFixture{t: t, env: env, root: root, accountID: accountID, id: id, base: "/management/products/ml/" + id}
}

// editor reuses the listing editor's helpers on this product.
func (f *updFixture) editor() *editorFixture {
	return &editorFixture{t: f.t, env: f.env, root: f.root, accountID: f.accountID, id: f.id, base: f.base}
}

func (f *updFixture) arn(name string) string {
	return "arn:aws:sagemaker:us-east-1:" + f.accountID + ":model-package/" + name
}

// updFillVersion completes the five steps of a version through the forms.
func updFillVersion(t *testing.T, c *client, base, vid, number string) {
	t.Helper()
	steps := []url.Values{
		{"number": {number}, "release_notes": {"Release " + number + "."}},
		{"custom_attributes.0.name": {"threshold"}, "custom_attributes.0.description": {"Minimum confidence."}},
		{"input_description": {"CSV with one review per line."}, "input_parameters.0.name": {"text"}, "input_parameters.0.required": {"on"}},
		{"output_description": {"JSON with label and score."}, "sample_output_text": {`{"label":"positive","score":0.97}`}},
		{"recommended_realtime": {"ml.m5.large"}, "recommended_batch": {"ml.m5.xlarge"}},
	}
	for i, values := range steps {
		values.Set("then", "close")
		expectRedirect(t, saveSection(t, c, base+"/versions/"+vid+"/step/"+strconv.Itoa(i+1), values), base)
	}
}

// addVersion creates the model package name, adds it on the launch option
// page as a new version, completes its steps and returns its ID.
func (f *updFixture) addVersion(name, number string) string {
	f.t.Helper()
	e := f.editor()
	vid := e.addLaunchOption(f.base, e.createModelPackage(name, validModelPackage(name)))
	updFillVersion(f.t, f.root, f.base, vid, number)
	return vid
}

// updStage lets the publishing delay pass and runs the one due job.
func updStage(t *testing.T, env *testEnv) {
	t.Helper()
	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("staging ran %d jobs (%v)", n, err)
	}
}

func (f *updFixture) submitAndStage(testers string) {
	f.t.Helper()
	expectRedirect(f.t, submit(f.t, f.root, f.id, testers), f.base)
	updStage(f.t, f.env)
}

func (f *updFixture) signOff() {
	f.t.Helper()
	updSignOff(f.t, f.root, f.id)
}

func updSignOff(t *testing.T, c *client, id string) {
	t.Helper()
	base := "/management/products/ml/" + id
	if c.get(base).doc.Find("[data-testid=sign-off]").Length() == 0 {
		t.Fatal("no sign-off on the overview")
	}
	expectRedirect(t, c.confirm(base+"/sign-off", "", nil), base)
}

// updPublicProduct builds another complete listing of the seller on the
// model package name, with general information changed by edit before the
// first submission, then stages and signs it off. It returns its ID.
func updPublicProduct(t *testing.T, env *testEnv, root *client, accountID, name string, edit func(url.Values)) string {
	t.Helper()
	expectRedirect(t, root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage(name)), modelPackagesPath+"/"+name)
	id := completeListing(t, root, accountID, name)
	base := "/management/products/ml/" + id
	if edit != nil {
		v := generalInfo()
		v.Set("then", "close")
		edit(v)
		expectRedirect(t, saveSection(t, root, base+"/edit/general", v), base)
	}
	expectRedirect(t, submit(t, root, id, ""), base)
	updStage(t, env)
	updSignOff(t, root, id)
	return id
}

func (f *updFixture) versionsPage() *response {
	f.t.Helper()
	r := f.root.get(f.base + "/versions")
	expectStatus(f.t, r, http.StatusOK)
	return r
}

// restrict chooses versions to restrict and confirms: a choice the page
// refuses is the answer, else the confirmation's.
func (f *updFixture) restrict(revision string, ids ...string) *response {
	f.t.Helper()
	path := f.base + "/versions/restrict"
	r := f.root.post(f.base+"/versions", path, url.Values{"revision": {revision}, "version": ids})
	if r.doc == nil || r.doc.Find("form[data-testid=confirm-form]").Length() == 0 {
		return r
	}
	return f.root.postConfirmForm(r, path, "", nil)
}

// updRevision reads the revision of the Versions page's form.
func updRevision(t *testing.T, r *response) string {
	t.Helper()
	rev := r.attr(`[data-testid=restrict-form] input[name="revision"]`, "value")
	if rev == "" {
		t.Fatalf("no revision on the Versions page (status %d)", r.StatusCode)
	}
	return rev
}

// updVersionRow is one row of the Versions table, by column header.
type updVersionRow map[string]string

// updVersionRows reads the Versions table: the cells of each row by
// header text, keyed by version number, plus "id" (the version ID).
func updVersionRows(t *testing.T, r *response) map[string]updVersionRow {
	t.Helper()
	var headers []string
	r.doc.Find("[data-testid=versions-table] thead th").Each(func(_ int, th *goquery.Selection) {
		headers = append(headers, strings.TrimSpace(th.Text()))
	})
	out := map[string]updVersionRow{}
	r.doc.Find("[data-testid=versions-table] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		row := updVersionRow{"id": tr.AttrOr("data-version-id", "")}
		tr.Find("td").Each(func(i int, td *goquery.Selection) {
			if i < len(headers) {
				row[headers[i]] = strings.Join(strings.Fields(td.Text()), " ")
			}
		})
		number := strings.TrimPrefix(tr.AttrOr("data-testid", ""), "version-")
		out[number] = row
	})
	return out
}

// updStatuses summarises the Versions table as number=status pairs.
func updStatuses(t *testing.T, r *response) map[string]string {
	t.Helper()
	out := map[string]string{}
	r.doc.Find("[data-testid=versions-table] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		number := strings.TrimPrefix(tr.AttrOr("data-testid", ""), "version-")
		out[number] = tr.Find("[data-status]").AttrOr("data-status", "")
	})
	return out
}

// updSubscribe subscribes c to the product, accepting the EULA.
func updSubscribe(t *testing.T, c *client, id string) {
	t.Helper()
	page := "/marketplace/pp/" + id
	expectRedirect(t, c.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
}

// updSelector returns the labels of the product page's version selector
// and the label of the selected one.
func updSelector(r *response) (labels []string, selected string) {
	r.doc.Find("[data-testid=version-selector] select option").Each(func(_ int, o *goquery.Selection) {
		labels = append(labels, strings.TrimSpace(o.Text()))
		if _, ok := o.Attr("selected"); ok {
			selected = strings.TrimSpace(o.Text())
		}
	})
	return labels, selected
}

// updOptions returns value=label of a form select.
func updOptions(r *response, name string) map[string]string {
	out := map[string]string{}
	r.doc.Find(`select[name="` + name + `"] option`).Each(func(_ int, o *goquery.Selection) {
		if v := o.AttrOr("value", ""); v != "" {
			out[v] = strings.TrimSpace(o.Text())
		}
	})
	return out
}

// updUnpublished is the Details document of an unpublishing.
const updUnpublished = `{"TargetVisibility":"Restricted"}`

// updHistory returns the details of the overview's history rows of one
// change type, newest first.
func updHistory(t *testing.T, c *client, base, changeType string) []string {
	t.Helper()
	var out []string
	for _, row := range editorHistory(t, c, base) {
		if len(row) == 4 && row[0] == changeType {
			out = append(out, row[3])
		}
	}
	return out
}

// updFlash follows a redirect and returns the flash message shown there.
func updFlash(t *testing.T, c *client, r *response) string {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want a redirect; body:\n%.1500s", r.StatusCode, r.body)
	}
	return c.get(r.Header.Get("Location")).text("[data-testid=flash]")
}

// updRelogin signs c in again as the root user of email.
func updRelogin(t *testing.T, c *client, email string) {
	t.Helper()
	expectRedirect(t, c.login(email, goodPassword), "/")
}

// updWhen reports whether a page shows the time at: as a date and time, or
// as the date alone.
func updWhen(shown string, at time.Time) bool {
	return shown == at.UTC().Format("2006-01-02 15:04 UTC") || shown == at.UTC().Format(time.DateOnly)
}

func TestUpdVersionsPageListsVersions(t *testing.T) {
	env := newEnv(t)
	buyer, _ := env.signedIn("Buyer", "buyer@example.com")
	start := env.clock.Now()
	f := updPublic(t, env)
	updSubscribe(t, buyer, f.id)
	added2 := env.clock.Now()
	v2 := f.addVersion("sentiment-v2", "2.0") // a draft version beside the public one

	r := f.versionsPage()
	if got := r.attr("[data-testid=add-version]", "href"); got != f.base+"/edit/launch-option" {
		t.Errorf("Add new version links to %q", got)
	}
	rows := updVersionRows(t, r)
	if len(rows) != 2 {
		t.Fatalf("versions table rows %v, want 1.0 and 2.0", rows)
	}
	want := map[string]updVersionRow{
		"1.0": {"id": rows["1.0"]["id"], "Resource ARN": f.arn("sentiment"), "Status": "Public", "Restricted since": "—", "Subscribers using it": "1"},
		"2.0": {"id": v2, "Resource ARN": f.arn("sentiment-v2"), "Status": "Draft", "Public since": "—", "Restricted since": "—", "Subscribers using it": "0"},
	}
	for number, cols := range want {
		for col, w := range cols {
			if got := rows[number][col]; got != w {
				t.Errorf("version %s, %s = %q, want %q", number, col, got, w)
			}
		}
	}
	for _, d := range []struct {
		number, col string
		at          time.Time
	}{{"1.0", "Added", start}, {"1.0", "Public since", start.Add(time.Hour)}, {"2.0", "Added", added2}} {
		if got := rows[d.number][d.col]; !updWhen(got, d.at) {
			t.Errorf("version %s, %s = %q, want %s", d.number, d.col, got, d.at)
		}
	}
	if got := r.text(`[data-testid="version-1.0"] [data-testid=subscribers]`); got != "1" {
		t.Errorf("subscribers of 1.0 = %q", got)
	}
	// Only the public version can be chosen for restriction.
	if got := r.attr(`[data-testid="restrict-1.0"]`, "value"); got == "" || got != rows["1.0"]["id"] {
		t.Errorf("restrict checkbox of 1.0 has value %q, want the version ID %q", got, rows["1.0"]["id"])
	}
	if r.doc.Find(`[data-testid="restrict-2.0"]`).Length() != 0 {
		t.Error("a draft version can be chosen for restriction")
	}
	if r.doc.Find("[data-testid=restrict-versions]").Length() != 1 {
		t.Error("no Restrict version button for the seller")
	}
	if r.doc.Find("[data-testid=pending-badge]").Length() != 0 || r.doc.Find("[data-testid=restriction-pending]").Length() != 0 {
		t.Error("a restriction is shown as pending before any was chosen")
	}
	// The overview and the Actions menu lead to the page.
	if got := f.root.get(f.base).attr("[data-testid=manage-versions]", "href"); got != f.base+"/versions" {
		t.Errorf("overview links the Versions page as %q", got)
	}
	list := f.root.get("/management/products/ml")
	if got := list.attr("[data-testid=actions-"+f.id+"] [data-testid=action-versions]", "href"); got != f.base+"/versions" {
		t.Errorf("Actions menu links the Versions page as %q", got)
	}
}

func TestUpdVersionsPageOfAnotherAccountIsNotFound(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	other, _ := env.signedIn("Other", "root@other.example")
	vid := updVersionRows(t, f.versionsPage())["1.0"]["id"]

	for _, path := range []string{f.base + "/versions", "/management/products/ml/prod-doesnotexist1/versions", f.base + "/unpublish"} {
		r := other.get(path)
		expectStatus(t, r, http.StatusNotFound)
		for _, secret := range []string{"Review Sentiment Classifier", "model-package/sentiment"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("GET %s: the 404 page shows %q", path, secret)
			}
		}
	}
	posts := map[string]url.Values{
		f.base + "/versions/restrict": {"revision": {"1"}, "version": {vid}},
		f.base + "/unpublish":         {"revision": {"1"}, "email": {"x@other.example"}, "reason": {"Hijack"}},
	}
	for path, form := range posts {
		r := other.post("/management/products/ml", path, form)
		expectStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, "Review Sentiment Classifier") {
			t.Errorf("POST %s: the 404 page shows the product", path)
		}
	}
	r := f.versionsPage()
	if r.doc.Find("[data-testid=pending-badge]").Length() != 0 {
		t.Error("another account chose a restriction")
	}
	if got := f.root.get(f.base).text("[data-testid=summary-status]"); got != "Public" {
		t.Errorf("another account changed the status to %q", got)
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeRestrictDeliveryOptions); len(got) != 0 {
		t.Errorf("another account recorded restrictions %q", got)
	}
}

func TestUpdVersionsPageReadOnlyUser(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	vid := updVersionRows(t, f.versionsPage())["1.0"]["id"]
	reader := env.newIAMUserClient(f.root, f.accountID, "reader", "AWSMarketplaceSellerProductsReadOnly")

	r := reader.get(f.base + "/versions")
	expectStatus(t, r, http.StatusOK)
	rows := updVersionRows(t, r)
	if rows["1.0"]["Status"] != "Public" || rows["1.0"]["Resource ARN"] != f.arn("sentiment") {
		t.Errorf("reader sees versions %v", rows)
	}
	for _, sel := range []string{`input[name="version"]`, "[data-testid=restrict-versions]", "[data-testid=add-version]", `[data-testid="restrict-1.0"]`} {
		if r.doc.Find(sel).Length() != 0 {
			t.Errorf("reader is offered %s", sel)
		}
	}
	list := reader.get("/management/products/ml")
	expectStatus(t, list, http.StatusOK)
	if list.doc.Find("[data-testid=actions-"+f.id+"] [data-testid=action-unpublish]").Length() != 0 {
		t.Error("reader's Actions menu offers Unpublish")
	}

	userARN := "arn:aws:iam::" + f.accountID + ":user/reader"
	for path, form := range map[string]url.Values{
		f.base + "/versions/restrict": {"revision": {updRevision(t, r)}, "version": {vid}},
		f.base + "/unpublish":         {"revision": {updRevision(t, r)}, "email": {"ops@acme.example"}, "reason": {"Old."}},
	} {
		res := reader.post(f.base+"/versions", path, form)
		expectStatus(t, res, http.StatusForbidden)
		if msg := res.text("[data-testid=error-message]"); !strings.Contains(msg, "aws-marketplace:StartChangeSet") || !strings.Contains(msg, userARN) {
			t.Errorf("POST %s: 403 message %q", path, msg)
		}
	}
	expectStatus(t, reader.get(f.base+"/unpublish"), http.StatusForbidden)

	after := f.versionsPage()
	if after.doc.Find("[data-testid=pending-badge]").Length() != 0 || updRevision(t, after) != updRevision(t, r) {
		t.Error("a refused post changed the product")
	}
	if got := f.root.get(f.base).text("[data-testid=summary-status]"); got != "Public" {
		t.Errorf("status %q after the reader's refused posts", got)
	}
}

func TestUpdNewVersionOfPublicProduct(t *testing.T) {
	env := newEnv(t)
	tester, testerID := env.signedIn("Tester", "tester@example.com")
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	subscriber, _ := env.signedIn("Subscriber", "subscriber@example.com")
	f := updPublic(t, env)
	page := "/marketplace/pp/" + f.id
	updSubscribe(t, subscriber, f.id)

	v2 := f.addVersion("sentiment-v2", "2.0")
	if got := updHistory(t, f.root, f.base, domain.ChangeAddDeliveryOptions); len(got) != 2 {
		t.Errorf("AddDeliveryOptions history %q, want the first and the new version", got)
	}
	// Not submitted yet: nobody but the seller's editor knows of 2.0.
	if labels, _ := updSelector(stranger.get(page)); !slices.Equal(labels, []string{"1.0"}) {
		t.Errorf("an unsubmitted version reached buyers: %q", labels)
	}

	f.submitAndStage(testerID)
	if got := updStatuses(t, f.versionsPage()); got["1.0"] != "Public" || got["2.0"] != "Limited" {
		t.Fatalf("statuses after staging %v, want 1.0 Public and 2.0 Limited", got)
	}
	// The subscriber is no tester: it may use 1.0 only.
	if rows := updVersionRows(t, f.versionsPage()); rows["1.0"]["Subscribers using it"] != "1" || rows["2.0"]["Subscribers using it"] != "0" {
		t.Errorf("subscribers while 2.0 is tested: 1.0 %q, 2.0 %q", rows["1.0"]["Subscribers using it"], rows["2.0"]["Subscribers using it"])
	}
	overview := f.root.get(f.base)
	if got := overview.text("[data-testid=summary-status]"); got != "Public" {
		t.Errorf("the product is %q while its new version is tested", got)
	}
	if overview.doc.Find("[data-testid=sign-off-form]").Length() != 1 {
		t.Error("no sign-off for the new version")
	}

	// Buyers outside the allow-list see only 1.0, even asking for 2.0.
	for name, c := range map[string]*client{"stranger": stranger, "subscriber": subscriber, "visitor": env.client()} {
		for _, q := range []string{"", "?version=" + v2} {
			r := c.get(page + q)
			expectStatus(t, r, http.StatusOK)
			labels, selected := updSelector(r)
			if !slices.Equal(labels, []string{"1.0"}) || selected != "1.0" {
				t.Errorf("%s%s: versions %q, selected %q; want only 1.0", name, q, labels, selected)
			}
			if r.doc.Find("[data-testid=limited-badge]").Length() != 0 || r.doc.Find("[data-testid=staged-notice]").Length() != 0 {
				t.Errorf("%s%s: a Limited badge on the public listing", name, q)
			}
		}
	}
	// The allow-listed tester sees 2.0, Limited.
	r := tester.get(page)
	expectStatus(t, r, http.StatusOK)
	labels, selected := updSelector(r)
	if !slices.Equal(labels, []string{"1.0", "2.0 (Limited)"}) || selected != "2.0 (Limited)" {
		t.Errorf("tester sees versions %q, selected %q", labels, selected)
	}
	if got := r.text("[data-testid=limited-badge]"); got != "Limited" {
		t.Errorf("tester's Limited badge %q", got)
	}
	if r := tester.get(page + "?version=" + updVersionRows(t, f.versionsPage())["1.0"]["id"]); r.doc.Find("[data-testid=limited-badge]").Length() != 0 {
		t.Error("the public version 1.0 carries the Limited badge")
	}
	if got := subscriber.get("/sagemaker/subscriptions").text("[data-testid=subscription-" + f.id + "] [data-testid=subscription-version]"); got != "1.0" {
		t.Errorf("SageMaker subscriptions show %q while 2.0 is in test", got)
	}

	f.signOff()
	if got := updStatuses(t, f.versionsPage()); got["1.0"] != "Public" || got["2.0"] != "Public" {
		t.Fatalf("statuses after sign-off %v", got)
	}
	if rows := updVersionRows(t, f.versionsPage()); rows["2.0"]["Subscribers using it"] != "1" || !updWhen(rows["2.0"]["Public since"], env.clock.Now()) {
		t.Errorf("2.0 after sign-off: %v", rows["2.0"])
	}
	for name, c := range map[string]*client{"stranger": stranger, "subscriber": subscriber, "tester": tester, "visitor": env.client()} {
		r := c.get(page)
		labels, selected := updSelector(r)
		if !slices.Equal(labels, []string{"1.0", "2.0"}) || selected != "2.0" {
			t.Errorf("%s after sign-off: versions %q, selected %q", name, labels, selected)
		}
		if r.doc.Find("[data-testid=limited-badge]").Length() != 0 {
			t.Errorf("%s after sign-off: Limited badge", name)
		}
	}
	subs := subscriber.get("/sagemaker/subscriptions")
	row := "[data-testid=subscription-" + f.id + "]"
	if got := subs.text(row + " [data-testid=subscription-version]"); got != "2.0" {
		t.Errorf("SageMaker subscriptions show %q after sign-off", got)
	}
	if !strings.Contains(subs.text(row), f.arn("sentiment-v2")) {
		t.Errorf("SageMaker subscription row %q lacks the 2.0 ARN", subs.text(row))
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeReleaseProduct); len(got) != 2 {
		t.Errorf("ReleaseProduct history %q, want two releases", got)
	}
}

func TestUpdRestrictVersion(t *testing.T) {
	env := newEnv(t)
	existing, _ := env.signedIn("Existing", "existing@example.com")
	newBuyer, _ := env.signedIn("New buyer", "new@example.com")
	f := updPublic(t, env)
	page := "/marketplace/pp/" + f.id
	updSubscribe(t, existing, f.id)
	e := f.editor()
	otherBase := "/management/products/ml/" + newListing(t, f.root)
	otherVid := e.addLaunchOption(otherBase, e.createModelPackage("other", validModelPackage("other")))
	// Only a public product's versions can be restricted.
	r := f.root.get(otherBase + "/versions/restrict?version=" + otherVid)
	if got := updFlash(t, f.root, r); got != "Only versions of a public product can be restricted." {
		t.Errorf("restricting a draft's version: flash %q", got)
	}
	if f.root.get(otherBase+"/versions").doc.Find("[data-testid=pending-badge]").Length() != 0 {
		t.Error("a draft's version was chosen for restriction")
	}

	v1 := updVersionRows(t, f.versionsPage())["1.0"]["id"]
	v2 := f.addVersion("sentiment-v2", "2.0")
	f.submitAndStage("")

	type badCase struct {
		name     string
		ids      []string
		want     string
		checkbox []string // checkboxes that stay ticked
	}
	expectRefused := func(t *testing.T, tt badCase, statuses map[string]string) {
		t.Helper()
		before := f.versionsPage()
		r := f.restrict(updRevision(t, before), tt.ids...)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-versions]"); got != tt.want {
			t.Errorf("message %q, want %q", got, tt.want)
		}
		for _, number := range tt.checkbox {
			if !checked(r, `[data-testid="restrict-`+number+`"]`) {
				t.Errorf("the choice of %s is not kept", number)
			}
		}
		after := f.versionsPage()
		if got := updStatuses(t, after); !maps.Equal(got, statuses) {
			t.Errorf("statuses %v, want %v", got, statuses)
		}
		if after.doc.Find("[data-testid=pending-badge]").Length() != 0 || after.doc.Find("[data-testid=restriction-pending]").Length() != 0 {
			t.Error("a refused restriction is pending")
		}
		if updRevision(t, after) != updRevision(t, before) {
			t.Error("a refused restriction saved the product")
		}
		if got := updHistory(t, f.root, f.base, domain.ChangeRestrictDeliveryOptions); len(got) != 0 {
			t.Errorf("a refused restriction was recorded: %q", got)
		}
	}

	// 2.0 in test: 1.0 is the only public version.
	inTest := map[string]string{"1.0": "Public", "2.0": "Limited"}
	for _, tt := range []badCase{
		{"a Limited version", []string{v2}, "Only public versions of this product that are not already being restricted can be restricted.", nil},
		{"the last public version", []string{v1}, "The last public version cannot be restricted. Publish a new version first.", []string{"1.0"}},
	} {
		t.Run(tt.name, func(t *testing.T) { expectRefused(t, tt, inTest) })
	}

	f.signOff()
	public := map[string]string{"1.0": "Public", "2.0": "Public"}
	for _, tt := range []badCase{
		{"no version chosen", nil, "Choose at least one version to restrict.", nil},
		{"blank version", []string{""}, "Choose at least one version to restrict.", nil},
		{"unknown id", []string{"999999"}, "Only public versions of this product that are not already being restricted can be restricted.", nil},
		{"not a number", []string{"1 OR 1=1"}, "Only public versions of this product that are not already being restricted can be restricted.", nil},
		{"another product's version", []string{otherVid}, "Only public versions of this product that are not already being restricted can be restricted.", nil},
		{"a good and an unknown id", []string{v1, "999999"}, "Only public versions of this product that are not already being restricted can be restricted.", []string{"1.0"}},
		{"every version", []string{v1, v2}, "The last public version cannot be restricted. Publish a new version first.", []string{"1.0", "2.0"}},
	} {
		t.Run(tt.name, func(t *testing.T) { expectRefused(t, tt, public) })
	}

	// Restrict 1.0: pending until the next submission is staged.
	r = f.restrict(updRevision(t, f.versionsPage()), v1)
	expectRedirect(t, r, f.base+"/versions")
	r = f.versionsPage()
	if got := r.text("[data-testid=flash]"); got != "Restriction chosen. Submit the product for publishing to apply it." {
		t.Errorf("flash %q", got)
	}
	if r.doc.Find("[data-testid=restriction-pending]").Length() != 1 || r.text(`[data-testid="version-1.0"] [data-testid=pending-badge]`) != "Restriction pending" {
		t.Error("the chosen restriction is not shown as pending")
	}
	if r.doc.Find(`[data-testid="version-2.0"] [data-testid=pending-badge]`).Length() != 0 || r.doc.Find(`[data-testid="restrict-1.0"]`).Length() != 0 {
		t.Error("pending marks the wrong version, or 1.0 can be chosen again")
	}
	if got := updStatuses(t, r); !maps.Equal(got, public) {
		t.Errorf("statuses before staging %v", got)
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeRestrictDeliveryOptions); !slices.Equal(got, []string{`{"Versions":["1.0"]}`}) {
		t.Errorf("RestrictDeliveryOptions history %q, want detail 1.0", got)
	}
	pending := updBadRestrictions(t, f, v1, v2)
	if len(pending) > 0 {
		t.Errorf("while 1.0 is pending: %v", pending)
	}
	// Not applied yet: a new buyer still sees 1.0.
	if labels, _ := updSelector(newBuyer.get(page)); !slices.Equal(labels, []string{"1.0", "2.0"}) {
		t.Errorf("a pending restriction already hides 1.0: %q", labels)
	}

	f.submitAndStage("")
	restrictedAt := env.clock.Now()
	r = f.versionsPage()
	rows := updVersionRows(t, r)
	if rows["1.0"]["Status"] != "Restricted" || !updWhen(rows["1.0"]["Restricted since"], restrictedAt) || rows["2.0"]["Status"] != "Public" {
		t.Errorf("after staging: 1.0 %v, 2.0 %v", rows["1.0"], rows["2.0"])
	}
	if r.doc.Find("[data-testid=pending-badge]").Length() != 0 || r.doc.Find("[data-testid=restriction-pending]").Length() != 0 {
		t.Error("the restriction is still pending after staging")
	}
	if r.doc.Find(`[data-testid="restrict-1.0"]`).Length() != 0 {
		t.Error("a restricted version can be chosen again")
	}

	// A buyer subscribing now never gets 1.0.
	updSubscribe(t, newBuyer, f.id)
	rows = updVersionRows(t, f.versionsPage())
	if rows["1.0"]["Subscribers using it"] != "1" || rows["2.0"]["Subscribers using it"] != "2" {
		t.Errorf("subscribers: 1.0 %q, 2.0 %q; want 1 and 2", rows["1.0"]["Subscribers using it"], rows["2.0"]["Subscribers using it"])
	}
	for name, c := range map[string]*client{"new buyer": newBuyer, "visitor": env.client()} {
		for _, q := range []string{"", "?version=" + v1} {
			r := c.get(page + q)
			expectStatus(t, r, http.StatusOK)
			labels, selected := updSelector(r)
			if !slices.Equal(labels, []string{"2.0"}) || selected != "2.0" {
				t.Errorf("%s%s: versions %q, selected %q; want only 2.0", name, q, labels, selected)
			}
			if r.doc.Find("[data-testid=restricted-badge]").Length() != 0 {
				t.Errorf("%s%s: restricted badge shown", name, q)
			}
		}
	}
	r = newBuyer.get(page + "/configure?version=" + v1)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-version]"); got != "Choose one of the versions offered to you." {
		t.Errorf("new buyer configuring 1.0: %q", got)
	}
	if r.doc.Find("[data-testid=launch-result]").Length() != 0 {
		t.Error("a launch of the restricted version was shown to a new buyer")
	}
	if opts := updOptions(newBuyer.get(page+"/configure"), "version"); len(opts) != 1 || opts[v2] != "2.0" {
		t.Errorf("new buyer's configure versions %v", opts)
	}
	if got := newBuyer.get(page + "/configure").text("[data-testid=launch-arn]"); !strings.HasSuffix(got, "model-package/sentiment-v2") {
		t.Errorf("new buyer's default launch %q", got)
	}

	// The buyer who subscribed before keeps 1.0.
	r = existing.get(page)
	labels, selected := updSelector(r)
	if !slices.Equal(labels, []string{"1.0 (Restricted)", "2.0"}) || selected != "2.0" {
		t.Errorf("existing subscriber sees %q, selected %q", labels, selected)
	}
	r = existing.get(page + "?version=" + v1)
	if _, selected := updSelector(r); selected != "1.0 (Restricted)" || r.text("[data-testid=restricted-badge]") != "Restricted" {
		t.Errorf("existing subscriber choosing 1.0: selected %q, badge %q", selected, r.text("[data-testid=restricted-badge]"))
	}
	r = existing.get(page + "/configure?version=" + v1)
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=launch-arn]"); got != f.arn("sentiment") {
		t.Errorf("existing subscriber's launch of 1.0: %q", got)
	}
	if opts := updOptions(r, "version"); opts[v1] != "1.0 (Restricted)" || opts[v2] != "2.0" || len(opts) != 2 {
		t.Errorf("existing subscriber's configure versions %v", opts)
	}
	if got := existing.get("/sagemaker/subscriptions").text("[data-testid=subscription-" + f.id + "] [data-testid=subscription-version]"); got != "2.0" {
		t.Errorf("SageMaker subscriptions show %q, want only the latest 2.0", got)
	}
	// Restricting a version keeps the product listed.
	if !slices.Contains(catalogIDs(env.client().get("/marketplace?q=sentiment")), f.id) {
		t.Error("restricting a version removed the product from the catalog")
	}
	if got := f.root.get(f.base).text("[data-testid=summary-status]"); got != "Public" {
		t.Errorf("product status %q after a version restriction", got)
	}
}

// updBadRestrictions tries choices that must be refused while 1.0 is
// pending: 1.0 again, and 2.0 (the last version that stays public). It
// returns what went wrong.
func updBadRestrictions(t *testing.T, f *updFixture, v1, v2 string) []string {
	t.Helper()
	var problems []string
	for ids, want := range map[string]string{
		v1: "Only public versions of this product that are not already being restricted can be restricted.",
		v2: "The last public version cannot be restricted. Publish a new version first.",
	} {
		r := f.restrict(updRevision(t, f.versionsPage()), ids)
		if r.StatusCode != http.StatusUnprocessableEntity || r.text("[data-testid=error-versions]") != want {
			problems = append(problems, "restricting "+ids+": status "+strconv.Itoa(r.StatusCode)+" message "+r.text("[data-testid=error-versions]"))
		}
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeRestrictDeliveryOptions); len(got) != 1 {
		problems = append(problems, "refused restrictions recorded")
	}
	return problems
}

// updUnpublishForm posts Unpublish listing for the product at base.
func updUnpublishForm(t *testing.T, c *client, base string, values url.Values) *response {
	t.Helper()
	page := c.get(base + "/unpublish")
	expectStatus(t, page, http.StatusOK)
	values.Set("revision", page.attr(`[data-testid=unpublish-form] input[name="revision"]`, "value"))
	for k, v := range unpublishConfirmation(page) {
		if !values.Has(k) {
			values[k] = v
		}
	}
	return c.post(base+"/unpublish", base+"/unpublish", values)
}

// unpublishConfirmation is what confirms an Unpublish listing form: its
// token and the product's title typed.
func unpublishConfirmation(page *response) url.Values {
	return url.Values{"_confirm": {page.attr("input[name=_confirm]", "value")},
		"confirm_name": {page.attr("input[name=confirm_name]", "placeholder")}}
}

func TestUpdUnpublish(t *testing.T) {
	env := newEnv(t)
	seedPublic(t, env, "prod-foreignaaaaa1", "Foreign Forecaster", []string{"Forecasting"}, domain.PricingFree)
	subscriber, _ := env.signedIn("Subscriber", "subscriber@example.com")
	newBuyer, _ := env.signedIn("New buyer", "new@example.com")
	f := updPublic(t, env)
	replacement := updPublicProduct(t, env, f.root, f.accountID, "forecast", func(v url.Values) { v.Set("title", "Demand Forecaster") })
	draft := newListing(t, f.root)
	updSubscribe(t, subscriber, f.id)
	ops := env.operator()
	page := "/marketplace/pp/" + f.id

	// The Actions menu offers Unpublish for public products only.
	list := f.root.get("/management/products/ml")
	for id, want := range map[string]bool{f.id: true, replacement: true, draft: false} {
		if got := list.attr("[data-testid=actions-"+id+"] [data-testid=action-unpublish]", "href"); (got != "") != want || (want && got != "/management/products/ml/"+id+"/unpublish") {
			t.Errorf("Actions menu of %s: Unpublish link %q, want offered=%v", id, got, want)
		}
	}
	form := f.root.get(f.base + "/unpublish")
	expectStatus(t, form, http.StatusOK)
	if opts := updOptions(form, "replacement"); len(opts) != 1 || !strings.Contains(opts[replacement], "Demand Forecaster") {
		t.Errorf("replacement choices %v, want only the other public product", opts)
	}
	if !strings.Contains(form.body, env.clock.Now().AddDate(0, 0, 90).Format("2006-01-02")) {
		t.Error("the form does not tell the support date")
	}

	good := func() url.Values {
		return url.Values{"email": {"ops@acme.example"}, "reason": {"Replaced by a better model."}, "replacement": {replacement}}
	}
	tests := []struct {
		name   string
		change func(url.Values)
		field  string
		want   string
	}{
		{"missing reason", func(v url.Values) { v.Set("reason", "  ") }, "reason", "This field is required."},
		{"reason too long", func(v url.Values) { v.Set("reason", strings.Repeat("r", 2001)) }, "reason", "Keep the reason to 2,000 characters or fewer."},
		{"missing email", func(v url.Values) { v.Set("email", "") }, "email", "This field is required."},
		{"malformed email", func(v url.Values) { v.Set("email", "ops at acme") }, "email", "Enter a valid email address, such as name@example.com."},
		{"another seller's product", func(v url.Values) { v.Set("replacement", "prod-foreignaaaaa1") }, "replacement", "Choose one of your other public products as the replacement."},
		{"a draft of the seller", func(v url.Values) { v.Set("replacement", draft) }, "replacement", "Choose one of your other public products as the replacement."},
		{"the product itself", func(v url.Values) { v.Set("replacement", f.id) }, "replacement", "Choose one of your other public products as the replacement."},
		{"unknown product", func(v url.Values) { v.Set("replacement", "prod-doesnotexist1") }, "replacement", "Choose one of your other public products as the replacement."},
		{"not a product ID", func(v url.Values) { v.Set("replacement", "<script>x</script>") }, "replacement", "Choose one of your other public products as the replacement."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := good()
			tt.change(v)
			r := updUnpublishForm(t, f.root, f.base, v)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if r.doc.Find("[data-testid=form-errors]").Length() != 1 {
				t.Error("no error summary")
			}
			errs := sectionErrors(r)
			if len(errs) != 1 || errs[tt.field] != tt.want {
				t.Errorf("errors %q, want %q beside %s", errs, tt.want, tt.field)
			}
			if got := r.attr("#f-email", "value"); got != v.Get("email") {
				t.Errorf("typed email not kept: %q", got)
			}
			if got := r.text("#f-reason"); got != v.Get("reason") && got != strings.TrimSpace(v.Get("reason")) {
				t.Errorf("typed reason not kept: %q", got)
			}
			if tt.field != "replacement" && selectedOption(r, "replacement") != replacement {
				t.Errorf("chosen replacement not kept: %q", selectedOption(r, "replacement"))
			}
			if strings.Contains(r.body, "<script>x</script>") {
				t.Error("the typed replacement is echoed as markup")
			}
		})
	}
	overview := f.root.get(f.base)
	if got := overview.text("[data-testid=summary-status]"); got != "Public" || overview.doc.Find("[data-testid=removal]").Length() != 0 {
		t.Fatalf("refused removals changed the product: status %q", got)
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeUpdateVisibility); slices.Contains(got, updUnpublished) {
		t.Errorf("a refused removal was recorded: %q", got)
	}
	for _, q := range []string{"", "?q=sentiment", "?q=review+classifier"} {
		if !slices.Contains(catalogIDs(env.client().get("/marketplace"+q)), f.id) {
			t.Errorf("catalog %q does not list the product before its removal", q)
		}
	}

	// A draft cannot be unpublished.
	draftBase := "/management/products/ml/" + draft
	r := f.root.get(draftBase + "/unpublish")
	expectRedirect(t, r, draftBase)
	if got := f.root.get(draftBase).text("[data-testid=flash]"); got != "Only a public product can be unpublished." {
		t.Errorf("unpublish page of a draft: flash %q", got)
	}
	r = f.root.post(draftBase, draftBase+"/unpublish", url.Values{"revision": {revisionOf(t, f.root.get(draftBase+"/edit/general"))}, "email": {"ops@acme.example"}, "reason": {"Why not."}})
	if got := updFlash(t, f.root, r); got != "Only a public product can be unpublished." {
		t.Errorf("unpublishing a draft: flash %q", got)
	}
	if got := f.root.get(draftBase).text("[data-testid=summary-status]"); got != "Draft" {
		t.Errorf("draft became %q", got)
	}

	// Success.
	removedAt := env.clock.Now()
	until := removedAt.AddDate(0, 0, 90).Format("2006-01-02")
	r = updUnpublishForm(t, f.root, f.base, good())
	expectRedirect(t, r, f.base)
	overview = f.root.get(f.base)
	if got := overview.text("[data-testid=flash]"); got != "Listing unpublished. Support existing buyers until at least "+until+"." {
		t.Errorf("flash %q", got)
	}
	if got := overview.text("[data-testid=summary-status]"); got != "Restricted" {
		t.Errorf("status after unpublishing %q", got)
	}
	removal := overview.text("[data-testid=removal]")
	if !strings.Contains(overview.text("[data-testid=support-until]"), until) {
		t.Errorf("support date %q, want %s", overview.text("[data-testid=support-until]"), until)
	}
	for _, part := range []string{"ops@acme.example", "Replaced by a better model.", replacement, removedAt.Format(time.DateOnly)} {
		if !strings.Contains(removal, part) {
			t.Errorf("removal box %q lacks %q", removal, part)
		}
	}
	if got := overview.attr("[data-testid=removal] a", "href"); got != "/management/products/ml/"+replacement {
		t.Errorf("removal box links the replacement as %q", got)
	}
	var found bool
	for _, row := range editorHistory(t, f.root, f.base) {
		if len(row) == 4 && row[0] == domain.ChangeUpdateVisibility && row[3] == updUnpublished {
			found = true
			if row[1] != "arn:aws:iam::"+f.accountID+":root" || !updWhen(row[2], removedAt) {
				t.Errorf("removal recorded as %q", row)
			}
		}
	}
	if !found {
		t.Errorf("no UpdateVisibility Restricted in the history: %q", editorHistory(t, f.root, f.base))
	}
	if f.root.get("/management/products/ml").doc.Find("[data-testid=actions-"+f.id+"] [data-testid=action-unpublish]").Length() != 0 {
		t.Error("a removed product still offers Unpublish")
	}
	versions := f.versionsPage()
	if versions.doc.Find("[data-testid=add-version]").Length() != 0 || versions.doc.Find(`input[name="version"]`).Length() != 0 {
		t.Error("a removed product offers new versions or restrictions")
	}

	// Removing twice is refused with a message.
	r = f.root.get(f.base + "/unpublish")
	expectRedirect(t, r, f.base)
	if got := f.root.get(f.base).text("[data-testid=flash]"); got != "This product has already been unpublished." {
		t.Errorf("second unpublish page: flash %q", got)
	}
	r = f.root.post(f.base, f.base+"/unpublish", url.Values{"revision": {revisionOf(t, f.root.get(f.base+"/edit/general"))}, "email": {"other@acme.example"}, "reason": {"Again."}})
	if got := updFlash(t, f.root, r); got != "This product has already been unpublished." {
		t.Errorf("second unpublish: flash %q", got)
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeUpdateVisibility); updCount(got, updUnpublished) != 1 {
		t.Errorf("removals recorded %q", got)
	}
	if strings.Contains(f.root.get(f.base).text("[data-testid=removal]"), "other@acme.example") {
		t.Error("the second removal replaced the first")
	}

	// Buyers no longer find it.
	for _, q := range []string{"", "?q=sentiment", "?q=review+classifier"} {
		if ids := catalogIDs(env.client().get("/marketplace" + q)); slices.Contains(ids, f.id) {
			t.Errorf("catalog %q still lists the removed product: %v", q, ids)
		}
	}
	if !slices.Contains(catalogIDs(newBuyer.get("/marketplace")), replacement) {
		t.Error("the replacement left the catalog")
	}
	for name, c := range map[string]*client{"visitor": env.client(), "new buyer": newBuyer} {
		r := c.get(page)
		expectStatus(t, r, http.StatusOK)
		if r.text("[data-testid=unavailable-notice]") != "This product is no longer available in AWS Marketplace." {
			t.Errorf("%s: notice %q", name, r.text("[data-testid=unavailable-notice]"))
		}
		if got := r.attr("[data-testid=replacement-link]", "href"); got != "/marketplace/pp/"+replacement || r.text("[data-testid=replacement-link]") != "Demand Forecaster" {
			t.Errorf("%s: replacement link %q %q", name, got, r.text("[data-testid=replacement-link]"))
		}
		for _, sel := range []string{"[data-testid=product-overview]", "[data-testid=subscribe-form]", "[data-testid=version-selector]", "[data-testid=eula]"} {
			if r.doc.Find(sel).Length() != 0 {
				t.Errorf("%s: the unavailable page shows %s", name, sel)
			}
		}
	}
	r = newBuyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}})
	expectRedirect(t, r, page)
	if got := newBuyer.get(page).text("[data-testid=flash]"); got != "This product is no longer available for new subscriptions." {
		t.Errorf("subscribing to a removed product: flash %q", got)
	}
	newID := accountIDOf(t, env, "new@example.com")
	if _, err := env.db.Subscriptions().Subscription(t.Context(), newID, f.id); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a subscription to the removed product was stored (%v)", err)
	}
	expectRedirect(t, newBuyer.get(page+"/configure"), page)

	// The existing subscriber keeps it.
	r = subscriber.get(page)
	expectStatus(t, r, http.StatusOK)
	if !strings.Contains(r.text("[data-testid=removed-notice]"), "As an existing subscriber you keep access") {
		t.Errorf("removed notice %q", r.text("[data-testid=removed-notice]"))
	}
	if r.attr("[data-testid=removed-notice] [data-testid=replacement-link]", "href") != "/marketplace/pp/"+replacement {
		t.Error("no replacement link for the subscriber")
	}
	if r.text("[data-testid=page-title]") != "Review Sentiment Classifier" || r.text("[data-testid=product-overview]") == "" || r.text("[data-testid=subscribed]") != "You are subscribed." {
		t.Error("the subscriber does not see the full page")
	}
	r = subscriber.get(page + "/configure?region=eu-west-1")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=launch-arn]"); got != "arn:aws:sagemaker:eu-west-1:"+f.accountID+":model-package/sentiment" {
		t.Errorf("subscriber's launch ARN %q", got)
	}
	if got := subscriber.get("/sagemaker/subscriptions").text("[data-testid=subscription-" + f.id + "] [data-testid=subscription-version]"); got != "1.0" {
		t.Errorf("SageMaker subscriptions show %q for the removed product", got)
	}

	// Seller Operations see the removal.
	desk := ops.get("/operations")
	expectStatus(t, desk, http.StatusOK)
	row := desk.text("[data-testid=removals] [data-testid=removal-" + f.id + "]")
	for _, part := range []string{"Review Sentiment Classifier", f.accountID, "ops@acme.example", "Replaced by a better model.", replacement, until} {
		if !strings.Contains(row, part) {
			t.Errorf("operations removal row %q lacks %q", row, part)
		}
	}
	if desk.doc.Find("[data-testid=removal-"+replacement+"]").Length() != 0 {
		t.Error("the desk lists a product that was not removed")
	}
}

func updCount(list []string, s string) int {
	n := 0
	for _, v := range list {
		if v == s {
			n++
		}
	}
	return n
}

func TestUpdUnpublishPrivateProduct(t *testing.T) {
	env := newEnv(t)
	allowed, allowedID := env.signedIn("Allowed", "allowed@example.com")
	stranger, _ := env.signedIn("Stranger", "stranger@example.com")
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := updPublicProduct(t, env, root, accountID, "vision", func(v url.Values) {
		v.Set("title", "Private Vision Model")
		v.Set("privacy", "private")
		v.Set("allowed_accounts", allowedID)
	})
	base := "/management/products/ml/" + id
	page := "/marketplace/pp/" + id
	expectStatus(t, allowed.get(page), http.StatusOK)
	expectStatus(t, stranger.get(page), http.StatusNotFound)

	// Not while a submission waits to be staged.
	edit := generalInfo()
	edit.Set("title", "Private Vision Model v2")
	edit.Set("privacy", "private")
	edit.Set("allowed_accounts", allowedID)
	edit.Set("then", "close")
	expectRedirect(t, saveSection(t, root, base+"/edit/general", edit), base)
	expectRedirect(t, submit(t, root, id, ""), base)
	root.get(base)
	posts := []func() *response{
		func() *response { return root.get(base + "/unpublish") },
		func() *response {
			return root.post(base, base+"/unpublish", url.Values{"revision": {revisionOf(t, root.get(base+"/edit/general"))},
				"email": {"ops@acme.example"}, "reason": {"Retired."}})
		},
	}
	for _, do := range posts {
		if got := updFlash(t, root, do()); got != "A submission is already in progress. Wait until the test listing is ready." {
			t.Errorf("unpublishing during publishing: flash %q", got)
		}
	}
	updStage(t, env)

	expectRedirect(t, updUnpublishForm(t, root, base, url.Values{"email": {"ops@acme.example"}, "reason": {"Retired."}}), base)
	if got := root.get(base).text("[data-testid=summary-status]"); got != "Restricted" {
		t.Fatalf("status %q", got)
	}
	for name, c := range map[string]*client{"stranger": stranger, "visitor": env.client()} {
		r := c.get(page)
		expectStatus(t, r, http.StatusNotFound)
		if strings.Contains(r.body, "Private Vision Model") || r.doc.Find("[data-testid=unavailable-notice]").Length() != 0 {
			t.Errorf("%s learns of the removed private product", name)
		}
		expectStatus(t, c.get(page+"/logo"), http.StatusNotFound)
	}
	r := stranger.post("/marketplace", page+"/subscribe", url.Values{"accept_eula": {"on"}})
	expectStatus(t, r, http.StatusNotFound)
	// The allowed account learns it is gone, with no replacement link.
	r = allowed.get(page)
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("[data-testid=unavailable-notice]").Length() != 1 || r.doc.Find("[data-testid=replacement-link]").Length() != 0 {
		t.Error("the allowed account does not get the unavailable page")
	}
}

func TestUpdResourceDeletionAfterSupport(t *testing.T) {
	env := newEnv(t)
	subscriber, _ := env.signedIn("Subscriber", "subscriber@example.com")
	f := updPublic(t, env)
	updSubscribe(t, subscriber, f.id)
	unsubscribed := updPublicProduct(t, env, f.root, f.accountID, "forecast", func(v url.Values) { v.Set("title", "Demand Forecaster") })
	resource := func(name string) string { return modelPackagesPath + "/" + name }
	del := func(name string) *response {
		return f.root.confirm(resource(name)+"/delete", name, nil)
	}

	// A public product's resource is in use.
	r := del("sentiment")
	expectRedirect(t, r, resource("sentiment"))
	if got := f.root.get(resource("sentiment")).text("[data-testid=flash]"); got != "A product listing uses this resource, so it can't be deleted." {
		t.Errorf("deleting a public product's resource: flash %q", got)
	}

	removedAt := env.clock.Now()
	until := removedAt.AddDate(0, 0, 90).Format("2006-01-02")
	expectRedirect(t, updUnpublishForm(t, f.root, f.base, url.Values{"email": {"ops@acme.example"}, "reason": {"Retired."}}), f.base)
	expectRedirect(t, updUnpublishForm(t, f.root, "/management/products/ml/"+unsubscribed, url.Values{"email": {"ops@acme.example"}, "reason": {"Retired."}}), "/management/products/ml/"+unsubscribed)

	// A removed product nobody subscribes to frees its resource at once.
	r = del("forecast")
	expectRedirect(t, r, modelPackagesPath)
	if got := f.root.get(modelPackagesPath).text("[data-testid=flash]"); got != "forecast deleted." {
		t.Errorf("deleting an unsubscribed removed product's resource: flash %q", got)
	}
	expectStatus(t, f.root.get(resource("forecast")), http.StatusNotFound)

	tests := []struct {
		name    string
		advance time.Duration
		refused bool
	}{
		{"right after the removal", 0, true},
		{"on the day before the support date", 89 * 24 * time.Hour, true},
		{"after the support date", 2 * 24 * time.Hour, false},
	}
	for _, tt := range tests {
		if tt.advance > 0 {
			env.clock.Advance(tt.advance)
			// Sessions end after 12 idle hours: sign in again.
			updRelogin(t, f.root, "root@acme.example")
			updRelogin(t, subscriber, "subscriber@example.com")
		}
		r := del("sentiment")
		if tt.refused {
			expectRedirect(t, r, resource("sentiment"))
			want := "This resource delivers a removed product whose subscribers must be supported until " + until + ". It can be deleted after that date or once no subscriber is left."
			if got := f.root.get(resource("sentiment")).text("[data-testid=flash]"); got != want {
				t.Errorf("%s: flash %q", tt.name, got)
			}
			expectStatus(t, f.root.get(resource("sentiment")), http.StatusOK)
			if got := subscriber.get("/marketplace/pp/" + f.id + "/configure").text("[data-testid=launch-arn]"); got != f.arn("sentiment") {
				t.Errorf("%s: the subscriber lost the launch: %q", tt.name, got)
			}
			continue
		}
		expectRedirect(t, r, modelPackagesPath)
		if got := f.root.get(modelPackagesPath).text("[data-testid=flash]"); got != "sentiment deleted." {
			t.Errorf("%s: flash %q", tt.name, got)
		}
		expectStatus(t, f.root.get(resource("sentiment")), http.StatusNotFound)
	}
	// With the resource gone, the seller's pages and the subscriber's list
	// still work; the subscriber cannot launch it any more.
	for _, path := range []string{f.base + "/versions", "/management/products/ml", modelPackagesPath} {
		if r := f.root.get(path); r.StatusCode != http.StatusOK {
			t.Errorf("GET %s after the resource was deleted: status %d", path, r.StatusCode)
		}
	}
	if r := subscriber.get("/sagemaker/subscriptions"); r.StatusCode != http.StatusOK {
		t.Errorf("subscriber's SageMaker subscriptions after the resource was deleted: status %d", r.StatusCode)
	}
	for _, path := range []string{"/marketplace/pp/" + f.id, "/marketplace/pp/" + f.id + "/configure"} {
		if r := subscriber.get(path); r.StatusCode >= 500 || r.doc.Find("[data-testid=launch-result]").Length() != 0 {
			t.Errorf("%s after the resource was deleted: status %d", path, r.StatusCode)
		}
	}
}

// updEditElsewhere saves the support section as another tab would, which
// moves the product's revision on.
func updEditElsewhere(t *testing.T, c *client, base string) {
	t.Helper()
	expectRedirect(t, saveSection(t, c, base+"/edit/support", url.Values{"offered": {"yes"}, "support_email": {"help@acme.example"},
		"support_url": {"https://acme.example/help"}, "support_description": {"Every day."}, "then": {"close"}}), base)
	c.get(base) // shows the save's flash, so it is not taken for a later one
}

// updExpectStaleRefused checks a post made with a revision that is no
// longer current: refused with 409 (or 422) and a message on the page that
// keeps what was typed, not a redirect. It reports whether the page is
// there to inspect further.
func updExpectStaleRefused(t *testing.T, c *client, r *response) bool {
	t.Helper()
	if r.StatusCode != http.StatusConflict && r.StatusCode != http.StatusUnprocessableEntity {
		flash := ""
		if loc := r.Header.Get("Location"); loc != "" {
			flash = c.get(loc).text("[data-testid=flash]")
		}
		t.Errorf("stale revision answered %d (redirect to %q, flash %q), want 409 or 422 with the typed values kept", r.StatusCode, r.Header.Get("Location"), flash)
		return false
	}
	if !strings.Contains(r.body, "Someone saved this listing since you opened this page") {
		t.Error("the stale revision is not explained")
	}
	return true
}

func TestUpdRestrictStaleRevision(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	f.addVersion("sentiment-v2", "2.0")
	f.submitAndStage("")
	f.signOff()

	page := f.versionsPage()
	stale := updRevision(t, page)
	v1 := updVersionRows(t, page)["1.0"]["id"]
	updEditElsewhere(t, f.root, f.base)
	current := updRevision(t, f.versionsPage())

	r := f.root.confirm(f.base+"/versions/restrict?revision="+stale+"&version="+v1, "", nil)
	if updExpectStaleRefused(t, f.root, r) {
		if !checked(r, `[data-testid="restrict-1.0"]`) {
			t.Error("the choice of 1.0 is not kept")
		}
		if got := updRevision(t, r); got != current {
			t.Errorf("the refusal carries revision %s, want the current %s", got, current)
		}
	}
	after := f.versionsPage()
	if after.doc.Find("[data-testid=pending-badge]").Length() != 0 || updRevision(t, after) != current {
		t.Error("a restriction made on a stale page was saved")
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeRestrictDeliveryOptions); len(got) != 0 {
		t.Errorf("a stale restriction was recorded: %q", got)
	}
}

func TestUpdUnpublishStaleRevision(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)

	page := f.root.get(f.base + "/unpublish")
	expectStatus(t, page, http.StatusOK)
	stale := page.attr(`[data-testid=unpublish-form] input[name="revision"]`, "value")
	updEditElsewhere(t, f.root, f.base)

	r := f.root.postRaw(f.base+"/unpublish", url.Values{"_csrf": {page.csrf(t)}, "revision": {stale},
		"email": {"ops@acme.example"}, "reason": {"Typed in the first tab."},
		"_confirm": unpublishConfirmation(page)["_confirm"], "confirm_name": unpublishConfirmation(page)["confirm_name"]})
	if updExpectStaleRefused(t, f.root, r) {
		if r.attr("#f-email", "value") != "ops@acme.example" || r.text("#f-reason") != "Typed in the first tab." {
			t.Error("typed email and reason not kept")
		}
	}
	overview := f.root.get(f.base)
	if got := overview.text("[data-testid=summary-status]"); got != "Public" || overview.doc.Find("[data-testid=removal]").Length() != 0 {
		t.Errorf("an unpublish made on a stale page was saved: status %q", got)
	}
	if got := updHistory(t, f.root, f.base, domain.ChangeUpdateVisibility); slices.Contains(got, updUnpublished) {
		t.Errorf("a stale removal was recorded: %q", got)
	}
}

// TestUpdOverviewAfterResourceDeleted deletes the resource of a removed
// product nobody subscribed to, which is allowed at once: the seller must
// still be able to open the product's pages.
func TestUpdOverviewAfterResourceDeleted(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	expectRedirect(t, updUnpublishForm(t, f.root, f.base, url.Values{"email": {"ops@acme.example"}, "reason": {"Retired."}}), f.base)
	path := modelPackagesPath + "/sentiment"
	expectRedirect(t, f.root.confirm(path+"/delete", "sentiment", nil), modelPackagesPath)
	expectStatus(t, f.root.get(path), http.StatusNotFound)

	for _, p := range []string{f.base, f.base + "/versions", "/management/products/ml"} {
		r := f.root.get(p)
		if r.StatusCode != http.StatusOK {
			t.Errorf("GET %s after the resource was deleted: status %d", p, r.StatusCode)
			continue
		}
		if p == f.base && r.doc.Find("[data-testid=removal]").Length() != 1 {
			t.Error("the overview no longer shows the removal")
		}
	}
}
