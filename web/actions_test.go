package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// Tests that the seller's and the buyer's pages offer what the domain
// decides (domain.ProductActionsOf, domain.Access.Actions), at each step of
// the lifecycle.

// overviewOffers summarises what an overview offers, by data-testid.
type overviewOffers struct {
	checklist, submitForm, submitEnabled, nothingToSubmit, submitDisabledHint bool
	signOff, goToStaged, goToProduct, published, inProgress                   bool
}

func offersOf(r *response) overviewOffers {
	has := func(sel string) bool { return r.doc.Find(sel).Length() > 0 }
	_, disabled := r.doc.Find("[data-testid=submit-for-publishing]").Attr("disabled")
	return overviewOffers{
		checklist:          has("[data-testid=checklist]"),
		submitForm:         has("[data-testid=submit-form]"),
		submitEnabled:      has("[data-testid=submit-for-publishing]") && !disabled,
		nothingToSubmit:    has("[data-testid=nothing-to-submit]"),
		submitDisabledHint: has("[data-testid=submit-disabled]"),
		signOff:            has("[data-testid=sign-off-form]"),
		goToStaged:         has("[data-testid=go-to-staged]"),
		goToProduct:        has("[data-testid=go-to-product]"),
		published:          has("[data-testid=published]"),
		inProgress:         has("[data-testid=publishing-in-progress]"),
	}
}

func expectOffers(t *testing.T, step string, r *response, want overviewOffers) {
	t.Helper()
	expectStatus(t, r, http.StatusOK)
	if got := offersOf(r); got != want {
		t.Errorf("%s: overview offers\n%+v\nwant\n%+v", step, got, want)
	}
}

// actionsEditTitle saves a new title through the general section.
func actionsEditTitle(t *testing.T, c *client, base, title string) {
	t.Helper()
	v := generalInfo()
	v.Set("title", title)
	v.Set("then", "close")
	expectRedirect(t, saveSection(t, c, base+"/edit/general", v), base)
}

// listOffersUnpublish reports whether the Products list's Actions menu of
// id offers "Unpublish listing".
func listOffersUnpublish(c *client, id string) bool {
	return c.get("/management/products/ml").doc.Find("[data-testid=actions-"+id+"] [data-testid=action-unpublish]").Length() == 1
}

func TestOverviewOffersWhatTheLifecycleAllows(t *testing.T) {
	env := newEnv(t)
	_, testerID := env.signedIn("Tester", "tester@example.com")
	root, id := stagedListing(t, env, testerID)
	base := "/management/products/ml/" + id

	// In test with nothing changed: test it or sign it off; there is
	// nothing to submit and "Before you submit" is not the next step.
	expectOffers(t, "limited", root.get(base), overviewOffers{submitForm: true, nothingToSubmit: true, signOff: true, goToStaged: true})

	// An edit waits for the next submission; "Before you submit" is a
	// draft's step, not a product's in test.
	actionsEditTitle(t, root, base, "Review Sentiment Classifier v2")
	r := root.get(base)
	expectOffers(t, "limited, edited", r, overviewOffers{submitForm: true, submitEnabled: true, signOff: true, goToStaged: true})
	if r.text("[data-testid=changes-waiting]") == "" {
		t.Error("the edited listing in test does not say its changes wait for a submission")
	}

	// While the submission waits, nothing else is offered but the preview.
	expectRedirect(t, submit(t, root, id, ""), base)
	expectOffers(t, "limited, submission pending", root.get(base), overviewOffers{goToStaged: true, inProgress: true})
	updStage(t, env)
	updSignOff(t, root, id)

	// Public with nothing changed: no "Submit for publishing", no staged
	// product to go to, and no "Before you submit".
	r = root.get(base)
	expectOffers(t, "public", r, overviewOffers{goToProduct: true, published: true})
	if got := r.attr("[data-testid=go-to-product]", "href"); got != "/marketplace/pp/"+id {
		t.Errorf("product page link %q", got)
	}
	if !listOffersUnpublish(root, id) {
		t.Error("a public product's Actions menu lacks Unpublish")
	}

	// A public product with an edit submitted: not unpublished meanwhile.
	actionsEditTitle(t, root, base, "Review Sentiment Classifier v3")
	expectOffers(t, "public, edited", root.get(base), overviewOffers{submitForm: true, submitEnabled: true,
		goToProduct: true, published: true})
	expectRedirect(t, submit(t, root, id, ""), base)
	expectOffers(t, "public, submission pending", root.get(base), overviewOffers{goToProduct: true, published: true, inProgress: true})
	if listOffersUnpublish(root, id) {
		t.Error("Unpublish offered while a submission is pending")
	}
}

// TestOverviewTellsTheTruth follows a listing from draft to public and
// checks that the status beside "Current status" and the boxes around it
// agree at each step.
func TestOverviewTellsTheTruth(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	base := "/management/products/ml/" + id
	status := func(r *response) (string, string) {
		return r.text("[data-testid=summary-status]"), r.attr("[data-testid=summary-status]", "data-phase")
	}

	// A complete draft: everything is in place, submit.
	r := root.get(base)
	expectOffers(t, "draft", r, overviewOffers{checklist: true, submitForm: true, submitEnabled: true})
	if got, phase := status(r); got != "Draft" || phase != "draft" || r.text("[data-testid=checklist-done]") == "" {
		t.Errorf("draft: status %q (%s), done %q", got, phase, r.text("[data-testid=checklist-done]"))
	}

	// Submitted: publishing in progress, and the status says so too.
	expectRedirect(t, submit(t, root, id, ""), base)
	r = root.get(base)
	expectOffers(t, "publishing", r, overviewOffers{inProgress: true})
	if got, phase := status(r); got != "Publishing in progress" || phase != "publishing" {
		t.Errorf("publishing: status %q (%s)", got, phase)
	}

	// In test: Limited, no "everything is in place".
	updStage(t, env)
	r = root.get(base)
	expectOffers(t, "limited", r, overviewOffers{submitForm: true, nothingToSubmit: true, signOff: true, goToStaged: true})
	if got, phase := status(r); got != "Limited" || phase != "limited" {
		t.Errorf("limited: status %q (%s)", got, phase)
	}
	// The disabled Submit is disabled, in the disabled style.
	if _, disabled := r.doc.Find("[data-testid=submit-for-publishing]").Attr("disabled"); !disabled {
		t.Error("Submit for publishing is enabled with nothing to submit")
	}

	// Public with nothing pending: neither Submit nor the staged product.
	updSignOff(t, root, id)
	r = root.get(base)
	expectOffers(t, "public", r, overviewOffers{goToProduct: true, published: true})
	if got, phase := status(r); got != "Public" || phase != "public" {
		t.Errorf("public: status %q (%s)", got, phase)
	}

	// Public with an update waiting: Submit, and what waits is said.
	actionsEditTitle(t, root, base, "Review Sentiment Classifier v2")
	r = root.get(base)
	expectOffers(t, "public, pending update", r, overviewOffers{submitForm: true, submitEnabled: true, goToProduct: true, published: true})
	if got, phase := status(r); got != "Public" || phase != "public-changes" || r.text("[data-testid=changes-waiting]") == "" {
		t.Errorf("public with an update: status %q (%s), changes waiting %q", got, phase, r.text("[data-testid=changes-waiting]"))
	}
}

func TestOverviewOfAPublicProductWithAVersionInTest(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	f.addVersion("sentiment-v2", "2.0")
	expectOffers(t, "new version", f.root.get(f.base), overviewOffers{submitForm: true, submitEnabled: true,
		goToProduct: true, published: true})

	// 2.0 in test: the seller previews and signs it off.
	f.submitAndStage("")
	expectOffers(t, "version in test", f.root.get(f.base), overviewOffers{signOff: true, goToStaged: true, published: true})
	f.signOff()
	expectOffers(t, "version public", f.root.get(f.base), overviewOffers{goToProduct: true, published: true})
}

func TestOverviewOfAnIncompleteNewVersionAsksToCompleteIt(t *testing.T) {
	env := newEnv(t)
	f := updPublic(t, env)
	e := f.editor()
	e.addLaunchOption(f.base, e.createModelPackage("sentiment-v2", validModelPackage("sentiment-v2")))
	r := f.root.get(f.base)
	expectOffers(t, "incomplete version", r, overviewOffers{checklist: true, submitForm: true, submitDisabledHint: true,
		goToProduct: true, published: true})
	if r.doc.Find(`[data-testid=checklist-items] li[data-key="listing.check_version"]`).Length() != 1 {
		t.Errorf("checklist %q does not ask for the new version", r.text("[data-testid=checklist-items]"))
	}
}

// TestOverviewSectionsAgreeWithChecklist adds a version whose resource
// needs a price the paid offer lacks: the pricing section, its step and
// the checklist all say so.
func TestOverviewSectionsAgreeWithChecklist(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	completeSellerSettings(t, root)
	expectRedirect(t, root.post(modelPackagesPath+"/new", modelPackagesPath+"/new", validModelPackage("sentiment")), modelPackagesPath+"/sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	f := &editorFixture{t: t, env: env, root: root, accountID: accountID, id: id, base: "/management/products/ml/" + id}
	paid := pricingPrices()
	paid.Set("pricing", "paid")
	paid.Set("then", "close")
	expectRedirect(t, postSectionFiles(t, root, f.section("pricing"), paid), f.base)
	sectionComplete := func(r *response, key string) bool {
		return r.doc.Find(`[data-testid=sections] tr[data-section="`+key+`"] .status--success`).Length() == 1
	}
	stepDone := func(r *response, key string) bool {
		return r.doc.Find(`[data-testid=stepper] li[data-step="`+key+`"].stepper__step--done`).Length() == 1
	}

	r := root.get(f.base)
	if !sectionComplete(r, "pricing") || r.text("[data-testid=checklist-done]") == "" {
		t.Fatalf("complete paid listing: pricing complete %v, checklist %q", sectionComplete(r, "pricing"), r.text("[data-testid=checklist]"))
	}

	gpu := validModelPackage("sentiment-gpu")
	gpu["realtime_instance_types"] = []string{"ml.m5.large", "ml.g5.xlarge"}
	f.addLaunchOption(f.base, f.createModelPackage("sentiment-gpu", gpu))
	r = root.get(f.base)
	if r.doc.Find(`[data-testid=checklist-items] li[data-key="listing.check_prices"]`).Length() != 1 {
		t.Fatalf("checklist %q does not ask for the new price", r.text("[data-testid=checklist-items]"))
	}
	if sectionComplete(r, "pricing") {
		t.Error("the overview calls pricing complete while the checklist asks for a price")
	}
	for _, key := range []string{"general", "promotional", "support", "regions", "launch-option"} {
		if !sectionComplete(r, key) {
			t.Errorf("section %s incomplete", key)
		}
	}
	if href := r.attr(`[data-testid=checklist-items] li[data-key="listing.check_prices"] a`, "href"); href != f.section("pricing") {
		t.Errorf("the prices item links %q", href)
	}
	editor := root.get(f.section("general"))
	if stepDone(editor, "pricing") || !stepDone(editor, "general") {
		t.Errorf("stepper: pricing done %v, general done %v", stepDone(editor, "pricing"), stepDone(editor, "general"))
	}
}

func TestStagedProductPageOffersTheTesterWhatTheDomainAllows(t *testing.T) {
	env := newEnv(t)
	tester, testerID := env.signedIn("Tester", "tester@example.com")
	_, id := stagedListing(t, env, testerID)
	page := "/marketplace/pp/" + id
	has := func(r *response, sel string) bool { return r.doc.Find(sel).Length() > 0 }

	r := tester.get(page)
	if !has(r, "[data-testid=staged-notice]") || !has(r, "[data-testid=subscribe-form]") || has(r, "[data-testid=cancel-subscription]") {
		t.Fatal("a tester's preview does not offer the test subscription alone")
	}
	expectRedirect(t, tester.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	r = tester.get(page)
	if has(r, "[data-testid=subscribe-form]") || !has(r, "[data-testid=cancel-subscription]") ||
		!has(r, "[data-testid=continue-to-configuration]") || has(r, "[data-testid=cancel-final]") {
		t.Errorf("a test subscriber is offered: subscribe %v, cancel %v, configure %v, final warning %v",
			has(r, "[data-testid=subscribe-form]"), has(r, "[data-testid=cancel-subscription]"),
			has(r, "[data-testid=continue-to-configuration]"), has(r, "[data-testid=cancel-final]"))
	}
}

// TestRemovedProductPagesOfferNothingNew unpublishes a public product: the
// seller's pages only look at it, its seller is not told it is a preview,
// and a subscriber learns a cancellation is final.
func TestRemovedProductPagesOfferNothingNew(t *testing.T) {
	env := newEnv(t)
	subscriber, _ := env.signedIn("Subscriber", "subscriber@example.com")
	f := updPublic(t, env)
	page := "/marketplace/pp/" + f.id
	updSubscribe(t, subscriber, f.id)
	expectRedirect(t, updUnpublishForm(t, f.root, f.base, url.Values{"email": {"ops@acme.example"}, "reason": {"Replaced."}}), f.base)

	expectOffers(t, "removed", f.root.get(f.base), overviewOffers{})
	versions := f.versionsPage()
	for _, sel := range []string{"[data-testid=add-version]", `input[name="version"]`, "[data-testid=versions-table] a.button"} {
		if versions.doc.Find(sel).Length() != 0 {
			t.Errorf("the Versions page of a removed product offers %s", sel)
		}
	}
	if listOffersUnpublish(f.root, f.id) {
		t.Error("a removed product's Actions menu offers Unpublish")
	}

	seller := f.root.get(page)
	expectStatus(t, seller, http.StatusOK)
	if seller.doc.Find("[data-testid=staged-notice]").Length() != 0 {
		t.Error("the seller of a removed product is told it previews a product in test")
	}
	r := subscriber.get(page)
	if r.doc.Find("[data-testid=cancel-final]").Length() != 1 || r.doc.Find("[data-testid=subscribe-form]").Length() != 0 {
		t.Error("a subscriber of a removed product is not warned that cancelling is final, or is offered a new subscription")
	}
}
