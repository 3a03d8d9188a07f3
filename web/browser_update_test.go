package web_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// buOptions returns the labels of a select's real options, skipping the
// empty "Choose" placeholder.
func buOptions(b *browser, sel string) []string {
	b.t.Helper()
	quoted, _ := json.Marshal(sel + " option")
	js := "Array.from(document.querySelectorAll(" + string(quoted) + ")).filter(o => o.value !== '').map(o => o.textContent.trim())"
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
	if err != nil {
		b.t.Fatalf("options of %s: %v", sel, err)
	}
	return got
}

// buValue is the current value of a form field.
func buValue(b *browser, sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// buCount counts the elements matching sel, without waiting for any.
func buCount(b *browser, sel string) int {
	b.t.Helper()
	quoted, _ := json.Marshal(sel)
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int]("document.querySelectorAll("+string(quoted)+").length"))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// buToggle clicks something that does not load a page, such as the
// summary of an Actions menu.
func buToggle(b *browser, sel string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
}

// buChooseVersion picks the product page's version whose label starts with
// number; the selector submits itself on change.
func buChooseVersion(b *browser, number string) {
	b.t.Helper()
	n, _ := json.Marshal(number)
	b.runAndWait(`(() => { const s = document.querySelector('select#version');
		const o = Array.from(s.options).find(o => o.textContent.trim().startsWith(` + string(n) + `));
		s.value = o.value; s.dispatchEvent(new Event('change')); })()`)
}

// buSignOut signs the browser out, leaving a visitor.
func buSignOut(b *browser) {
	b.t.Helper()
	b.open("/login")
	if b.location() != "/login" {
		b.runAndWait(`document.querySelector('[data-testid=sign-out]').click()`)
	}
}

// buFresh closes the browser of the finished part of the journey and
// starts another, so that each part gets newBrowser's whole time budget.
func buFresh(t *testing.T, env *testEnv, old *browser) *browser {
	t.Helper()
	if err := chromedp.Cancel(old.ctx); err != nil {
		t.Logf("closing the browser: %v", err)
	}
	return newBrowser(t, env)
}

// buStage lets the publishing delay pass and runs the one due job.
func buStage(t *testing.T, env *testEnv) {
	t.Helper()
	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("staging ran %d jobs (%v)", n, err)
	}
}

// TestBrowserAddRestrictAndUnpublish is the journey of updating a public
// product: the seller adds version 2.0, tests it with a test account and
// publishes it, restricts 1.0 so only its existing subscribers keep it, and
// finally unpublishes the listing in favour of a replacement product.
func TestBrowserAddRestrictAndUnpublish(t *testing.T) {
	env := newEnv(t)
	_, testerID := env.signedIn("Tester", "tester@example.com")
	env.signedIn("Old subscriber", "old@example.com")
	env.signedIn("New buyer", "new@example.com")
	env.signedIn("Late visitor", "late@example.com")
	root, sellerID, id := publicListing(t, env)
	expectRedirect(t, root.post("/sagemaker/model-packages/new", "/sagemaker/model-packages/new", validModelPackage("sentiment-v2")), "/sagemaker/model-packages/sentiment-v2")
	overview := "/management/products/ml/" + id
	page := "/marketplace/pp/" + id
	versionRow := func(n string) string { return `[data-testid="version-` + n + `"]` }

	// The journey is long: each part runs in its own browser, so that a
	// loaded machine does not run out newBrowser's time budget.
	b := newBrowser(t, env)

	// 1. The old subscriber subscribes to version 1.0.
	b.signIn("old@example.com")
	b.open(page)
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"1.0"}) {
		t.Fatalf("versions offered before the update %q", got)
	}
	b.check("#f-accept_eula")
	b.click("[data-testid=subscribe]")
	if got := b.text("[data-testid=subscribed]"); got != "You are subscribed." {
		t.Fatalf("old subscriber %q", got)
	}

	// 2. The seller adds version 2.0 from the Versions page and submits it
	// with a test account.
	env.clock.Advance(time.Hour)
	b.signIn("root@acme.example")
	b.open(overview)
	b.click("[data-testid=manage-versions]")
	if got := b.text("[data-testid=page-title]"); got != "Versions" {
		t.Fatalf("Manage versions led to %q", got)
	}
	if got := b.text(versionRow("1.0") + " [data-testid=subscribers]"); got != "1" {
		t.Errorf("subscribers of 1.0 %q, want 1", got)
	}
	b.screenshot("update-versions-before")
	b.click("[data-testid=add-version]")
	if loc := b.location(); loc != overview+"/edit/launch-option" {
		t.Fatalf("Add new version led to %s", loc)
	}
	arn2 := "arn:aws:sagemaker:us-east-1:" + sellerID + ":model-package/sentiment-v2"
	b.fill(map[string]string{"#f-arn": arn2})
	b.click("[data-testid=add-arn]")
	if got := b.text("[data-testid=versions-table]"); !strings.Contains(got, ":model-package/sentiment-v2") {
		t.Fatalf("version not added: %q", got)
	}
	b.screenshot("update-launch-option-added")
	b.click("[data-testid=versions-table] tbody tr:last-child a")
	b.fill(map[string]string{"#f-number": "2.0", "#f-release_notes": "Better accuracy on short reviews."})
	b.screenshot("update-new-version-step1")
	b.click("[data-testid=continue]")
	b.click("[data-testid=continue]") // step 2: no custom attributes
	b.fill(map[string]string{"#f-input_description": "CSV with one review per line, up to 512 characters."})
	b.waitText("[data-testid=buyer-view]", "up to 512 characters")
	b.click("[data-testid=continue]")
	b.fill(map[string]string{"#f-output_description": "JSON with label, score and language.", "#f-sample_output_text": `{"label":"positive","score":0.98,"language":"en"}`})
	b.waitText("[data-testid=buyer-view]", "label, score and language")
	b.click("[data-testid=continue]")
	b.choose("#f-recommended_realtime", "ml.m5.large")
	b.choose("#f-recommended_batch", "ml.m5.xlarge")
	b.click("[data-testid=save-close]")
	if loc := b.location(); loc != overview {
		t.Fatalf("after the last step at %s", loc)
	}
	if got := b.text("[data-testid=versions-table]"); !strings.Contains(got, "2.0") || !strings.Contains(got, "Draft") {
		t.Fatalf("overview versions after adding 2.0: %q", got)
	}
	if got := b.text("[data-testid=summary-status]"); got != "Public" {
		t.Errorf("a new draft version changed the product status to %q", got)
	}
	b.fill(map[string]string{"#f-test_accounts": testerID})
	b.click("[data-testid=submit-for-publishing]")
	if got := b.text("[data-testid=publishing-in-progress]"); !strings.Contains(got, "Publishing in progress") {
		t.Fatalf("no progress after submitting 2.0: %q", got)
	}
	b.screenshot("update-submitted-2.0")
	buStage(t, env)

	// 3. The tester sees 2.0 as Limited; other buyers still only 1.0.
	b = buFresh(t, env, b)
	b.signIn("tester@example.com")
	b.open(page)
	if got := b.text("[data-testid=limited-badge]"); got != "Limited" {
		t.Fatalf("tester badge %q", got)
	}
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"1.0", "2.0 (Limited)"}) {
		t.Errorf("tester's versions %q", got)
	}
	if got := b.text("[data-testid=buyer-usage]"); !strings.Contains(got, "up to 512 characters") {
		t.Errorf("tester does not see 2.0's usage: %q", got)
	}
	b.screenshot("update-tester-limited-2.0")
	b.signIn("new@example.com")
	b.open(page)
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"1.0"}) {
		t.Errorf("a buyer sees the version in test: %q", got)
	}
	if n := buCount(b, "[data-testid=limited-badge]"); n != 0 {
		t.Error("a buyer sees the Limited badge")
	}
	b.screenshot("update-new-buyer-before-signoff")

	b = buFresh(t, env, b)

	// 4. The seller signs 2.0 off, then restricts 1.0 from the Versions page
	// reached through the Products list's Actions menu.
	b.signIn("root@acme.example")
	b.open(overview)
	b.confirmInModal("[data-testid=sign-off]", "")
	if got := b.text("[data-testid=summary-status]"); got != "Public" {
		t.Fatalf("status after signing 2.0 off %q", got)
	}
	if got := b.text("[data-testid=versions-table]"); strings.Contains(got, "Limited") {
		t.Errorf("a version is still Limited after sign-off: %q", got)
	}
	b.open("/management/products/ml")
	buToggle(b, "[data-testid=actions-"+id+"] summary")
	b.click("[data-testid=actions-" + id + "] [data-testid=action-versions]")
	if got := b.attr(versionRow("2.0")+" [data-status]", "data-status"); got != "Public" {
		t.Fatalf("2.0 status %q after sign-off", got)
	}
	b.check(`[data-testid="restrict-1.0"]`)
	b.click("[data-testid=restrict-versions]")
	if got := b.text("[data-testid=confirm-details]"); got != "1.0" {
		t.Errorf("the restriction's confirmation lists %q", got)
	}
	b.click("[data-testid=confirm-submit]")
	if got := b.text("[data-testid=flash]"); !strings.Contains(got, "Restriction chosen") {
		t.Errorf("restriction flash %q", got)
	}
	if got := b.text(versionRow("1.0") + " [data-testid=pending-badge]"); got != "Restriction pending" {
		t.Fatalf("pending badge %q", got)
	}
	if n := buCount(b, `[data-testid="restrict-1.0"]`); n != 0 {
		t.Error("1.0 can be chosen again while its restriction is pending")
	}
	b.screenshot("update-restriction-pending")
	b.click("[data-testid=restriction-pending] a")
	b.click("[data-testid=submit-for-publishing]")
	if got := b.text("[data-testid=publishing-in-progress]"); !strings.Contains(got, "Publishing in progress") {
		t.Fatalf("no progress after submitting the restriction: %q", got)
	}
	buStage(t, env)
	b.click("[data-testid=manage-versions]")
	if got := b.attr(versionRow("1.0")+" [data-status]", "data-status"); got != "Restricted" {
		t.Fatalf("1.0 status %q after staging", got)
	}
	if n := buCount(b, "[data-testid=pending-badge]"); n != 0 {
		t.Error("the restriction is still pending after staging")
	}
	if got := b.text(versionRow("1.0")); !strings.Contains(got, "Restricted") {
		t.Errorf("1.0 row %q", got)
	}
	v1 := b.attr(versionRow("1.0"), "data-version-id")
	b.screenshot("update-versions-restricted")

	// 5. A new buyer only gets 2.0; the old subscriber keeps 1.0.
	b.signIn("new@example.com")
	b.open(page)
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"2.0"}) {
		t.Fatalf("new buyer's versions %q", got)
	}
	b.check("#f-accept_eula")
	b.click("[data-testid=subscribe]")
	if got := b.text("[data-testid=subscribed]"); got != "You are subscribed." {
		t.Fatalf("new buyer subscription %q", got)
	}
	b.click("[data-testid=continue-to-configuration]")
	if got := buOptions(b, "#f-version"); !slices.Equal(got, []string{"2.0"}) {
		t.Errorf("new buyer may configure %q", got)
	}
	if got := b.text("[data-testid=launch-arn]"); got != arn2 {
		t.Errorf("new buyer's launch ARN %q", got)
	}
	b.screenshot("update-new-buyer-configure")
	// Forcing 1.0 in the address gets the new buyer nothing of it.
	b.open(page + "?version=" + v1)
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"2.0"}) || buCount(b, "[data-testid=restricted-badge]") != 0 {
		t.Errorf("new buyer forcing 1.0 sees %q", got)
	}
	b.open(page + "/configure?version=" + v1)
	if got := b.text("[data-testid=error-version]"); got == "" {
		t.Error("new buyer forcing 1.0 on the configure page is not refused")
	}
	if n := buCount(b, "[data-testid=launch-result]"); n != 0 {
		t.Error("new buyer gets a launch command for the restricted 1.0")
	}

	b.signIn("old@example.com")
	b.open(page)
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"1.0 (Restricted)", "2.0"}) {
		t.Fatalf("old subscriber's versions %q", got)
	}
	if n := buCount(b, "[data-testid=restricted-badge]"); n != 0 {
		t.Error("the newest version shows the Restricted badge")
	}
	buChooseVersion(b, "1.0")
	if got := b.text("[data-testid=restricted-badge]"); got != "Restricted" {
		t.Fatalf("restricted badge %q", got)
	}
	if !strings.Contains(b.location(), "version=") {
		t.Errorf("choosing a version did not reload with it: %s", b.location())
	}
	b.screenshot("update-old-subscriber-restricted-1.0")
	b.click("[data-testid=continue-to-configuration]")
	if got := buOptions(b, "#f-version"); !slices.Equal(got, []string{"1.0 (Restricted)", "2.0"}) {
		t.Errorf("old subscriber may configure %q", got)
	}
	b.choose("#f-version", v1)
	b.click("[data-testid=configure-submit]")
	if got := b.text("[data-testid=launch-arn]"); got != "arn:aws:sagemaker:us-east-1:"+sellerID+":model-package/sentiment" {
		t.Errorf("old subscriber's launch ARN for 1.0 %q", got)
	}
	b.open("/sagemaker/subscriptions")
	if got := b.text("[data-testid=subscription-" + id + "] [data-testid=subscription-version]"); got != "2.0" {
		t.Errorf("SageMaker subscriptions show %q, want only the latest 2.0", got)
	}
	b.screenshot("update-old-subscriber-sagemaker")

	// 6. A replacement product is published, and the seller unpublishes the
	// first listing from the Products list's Actions menu.
	expectRedirect(t, root.post("/sagemaker/model-packages/new", "/sagemaker/model-packages/new", validModelPackage("sentiment-pro")), "/sagemaker/model-packages/sentiment-pro")
	id2 := completeListing(t, root, sellerID, "sentiment-pro")
	base2 := "/management/products/ml/" + id2
	general := generalInfo()
	general.Set("title", "Review Sentiment Classifier Pro")
	general.Set("then", "close")
	expectRedirect(t, saveSection(t, root, base2+"/edit/general", general), base2)
	expectRedirect(t, submit(t, root, id2, ""), base2)
	buStage(t, env)
	expectRedirect(t, root.confirm(base2+"/sign-off", "", nil), base2)

	b = buFresh(t, env, b)
	b.signIn("root@acme.example")
	b.open("/management/products/ml")
	buToggle(b, "[data-testid=actions-"+id+"] summary")
	b.screenshot("update-actions-menu")
	b.click("[data-testid=actions-" + id + "] [data-testid=action-unpublish]")
	if got := b.text("[data-testid=page-title]"); got != "Unpublish listing" {
		t.Fatalf("Unpublish listing led to %q", got)
	}
	supportUntil := env.clock.Now().AddDate(0, 0, 90).Format("2006-01-02")
	if got := b.text("main"); !strings.Contains(got, supportUntil) {
		t.Errorf("the unpublish page does not name the support date %s", supportUntil)
	}
	if got := buOptions(b, "#f-replacement"); !slices.Equal(got, []string{"Review Sentiment Classifier Pro (" + id2 + ")"}) {
		t.Errorf("replacement choices %q", got)
	}
	b.fill(map[string]string{"#f-email": "owner@acme.example"})
	b.click("[data-testid=unpublish-submit]")
	if got := b.text("[data-testid=error-reason]"); got == "" {
		t.Fatal("missing reason not explained")
	}
	if n := buCount(b, "[data-testid=form-errors]"); n != 1 {
		t.Error("no error summary on the refused form")
	}
	if got := buValue(b, "#f-email"); got != "owner@acme.example" {
		t.Errorf("typed email not kept: %q", got)
	}
	b.screenshot("update-unpublish-errors")
	b.fill(map[string]string{"#f-reason": "Replaced by the Pro model, which handles more languages."})
	b.choose("#f-replacement", id2)
	b.fill(map[string]string{"#f-confirm_name": b.attr("#f-confirm_name", "placeholder")})
	b.click("[data-testid=unpublish-submit]")
	if loc := b.location(); loc != overview {
		t.Fatalf("after unpublishing at %s", loc)
	}
	if got := b.text("[data-testid=support-until]"); !strings.Contains(got, supportUntil) {
		t.Errorf("removal box says %q, want the date %s", got, supportUntil)
	}
	if got := b.text("[data-testid=removal]"); !strings.Contains(got, "owner@acme.example") || !strings.Contains(got, id2) || !strings.Contains(got, "handles more languages") {
		t.Errorf("removal box %q", got)
	}
	if got := b.text("[data-testid=flash]"); !strings.Contains(got, supportUntil) {
		t.Errorf("unpublish flash %q", got)
	}
	b.screenshot("update-unpublished-overview")
	b.click("[data-testid=manage-versions]")
	if n := buCount(b, "[data-testid=add-version]") + buCount(b, "[data-testid=restrict-versions]"); n != 0 {
		t.Error("the Versions page of a removed product still offers Add new version or Restrict version")
	}
	b.open("/management/products/ml")
	if n := buCount(b, "[data-testid=actions-"+id+"] [data-testid=action-unpublish]"); n != 0 {
		t.Error("a removed product can be unpublished again from the Actions menu")
	}

	// A buyer who never subscribed, and a visitor, are told it is gone and
	// sent to the replacement.
	for _, who := range []string{"late@example.com", ""} {
		if who == "" {
			buSignOut(b)
		} else {
			b.signIn(who)
		}
		b.open(page)
		if got := b.text("[data-testid=unavailable-notice]"); !strings.Contains(got, "no longer available") {
			t.Fatalf("%q: unavailable notice %q", who, got)
		}
		if got := b.attr("[data-testid=replacement-link]", "href"); got != "/marketplace/pp/"+id2 {
			t.Errorf("%q: replacement link %q", who, got)
		}
		if n := buCount(b, "[data-testid=subscribe-form]") + buCount(b, "select#version"); n != 0 {
			t.Errorf("%q: a removed product can still be subscribed to or browsed", who)
		}
		if who == "" {
			b.screenshot("update-unavailable-visitor")
			b.click("[data-testid=replacement-link]")
			if got := b.text("[data-testid=page-title]"); got != "Review Sentiment Classifier Pro" {
				t.Errorf("replacement link led to %q", got)
			}
		} else {
			b.screenshot("update-unavailable-buyer")
			b.open("/marketplace")
			if n := buCount(b, "[data-testid=catalog-"+id+"]"); n != 0 {
				t.Error("the removed product is still in the marketplace")
			}
		}
	}

	// The old subscriber still reads the page, with the removed notice.
	b.signIn("old@example.com")
	b.open(page)
	if got := b.text("[data-testid=removed-notice]"); !strings.Contains(got, "existing subscriber") {
		t.Fatalf("removed notice %q", got)
	}
	if got := b.attr("[data-testid=removed-notice] [data-testid=replacement-link]", "href"); got != "/marketplace/pp/"+id2 {
		t.Errorf("old subscriber's replacement link %q", got)
	}
	if got := buOptions(b, "select#version"); !slices.Equal(got, []string{"1.0 (Restricted)", "2.0"}) {
		t.Errorf("old subscriber's versions after removal %q", got)
	}
	if got := b.text("[data-testid=subscribed]"); got != "You are subscribed." {
		t.Errorf("old subscriber's subscription after removal %q", got)
	}
	b.screenshot("update-removed-old-subscriber")
}
