package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestModelPackageStepTwoIsNamedAsItsPage: a model package has no
// training, so its version's step 2 is "custom attributes" in the section
// navigation, as on the page it opens.
func TestModelPackageStepTwoIsNamedAsItsPage(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	r := root.get("/management/products/ml/" + id + "/edit/general")
	link := r.doc.Find(`a[href*="/step/2"]`).First()
	if link.Length() == 0 {
		t.Fatal("no link to a version's step 2")
	}
	nav := strings.ToLower(link.Text())
	if !strings.Contains(nav, "custom attributes") || strings.Contains(nav, "training") {
		t.Errorf("step 2 of a model package is %q in the navigation", link.Text())
	}
	href, _ := link.Attr("href")
	if page := root.get(href).text("main h2"); !strings.Contains(page, "Custom attributes") {
		t.Errorf("its page is %q", page)
	}
}

// TestVersionStepsTargetOnlyWhatExists: a version step refreshes the buyer
// view as the seller types only where the page has one (steps 2 to 4);
// step 1 used to name a missing #buyer-view, and htmx logged an error on
// every keystroke.
func TestVersionStepsTargetOnlyWhatExists(t *testing.T) {
	env := newEnv(t)
	root, accountID := sellerWithModelPackage(t, env, "root@acme.example", "sentiment")
	id := completeListing(t, root, accountID, "sentiment")
	r := root.get("/management/products/ml/" + id + "/edit/general")
	href, _ := r.doc.Find(`a[href*="/step/1"]`).First().Attr("href")
	for step := 1; step <= 5; step++ {
		page := root.get(strings.TrimSuffix(href, "1") + strconv.Itoa(step))
		page.doc.Find("[hx-target]").Each(func(_ int, s *goquery.Selection) {
			target, _ := s.Attr("hx-target")
			if page.doc.Find(target).Length() == 0 {
				t.Errorf("step %d refreshes %s, which the page does not have", step, target)
			}
		})
		if (step >= 2 && step <= 4) != (page.doc.Find("[hx-post]").Length() > 0) {
			t.Errorf("step %d: live buyer view refresh present = %v", step, page.doc.Find("[hx-post]").Length() > 0)
		}
	}
}

// TestNewListingStepsAreNotDoneBeforeTheSeller: the tour found "Region
// availability" ticked on a new listing and a first version's step 5 ticked
// with the first instance types chosen for the seller. Each is done once
// the seller has saved it.
func TestNewListingStepsAreNotDoneBeforeTheSeller(t *testing.T) {
	f := newEditorFixture(t)
	v1 := f.addLaunchOption(f.base, f.createModelPackage("sentiment", validModelPackage("sentiment")))
	step5 := f.step(v1, 5)
	done := func(step string) bool {
		r := f.root.get(f.section("general"))
		return r.doc.Find(`.stepper__step--done[data-step="`+step+`"]`).Length() > 0
	}
	stepKey := func(href string) string {
		r := f.root.get(f.section("general"))
		key, _ := r.doc.Find(`.stepper__step a[href="` + href + `"]`).Closest(".stepper__step").Attr("data-step")
		if key == "" {
			t.Fatalf("no step links %s", href)
		}
		return key
	}
	// Steps 1 to 4 done, as the seller would, before looking at step 5.
	for i, values := range []url.Values{
		{"number": {"1.0"}, "release_notes": {"First release."}},
		{"custom_attributes.0.name": {"threshold"}, "custom_attributes.0.description": {"Minimum confidence."}},
		{"input_description": {"CSV with one review per line."}, "input_parameters.0.name": {"text"}},
		{"output_description": {"JSON with label and score."}, "sample_output_text": {`{"label":"positive"}`}},
	} {
		values.Set("then", "close")
		expectRedirect(t, saveSection(t, f.root, f.step(v1, i+1), values), f.base)
	}
	regions, instances := stepKey(f.section("regions")), stepKey(step5)
	if !done(stepKey(f.step(v1, 4))) {
		t.Fatal("step 4 is not done once saved")
	}
	if done(regions) || done(instances) {
		t.Fatalf("on a new listing: regions done %v, step 5 done %v", done(regions), done(instances))
	}
	if got := selectedOption(f.root.get(step5), "recommended_realtime"); got != "" {
		t.Errorf("step 5 opens with %q chosen", got)
	}

	expectRedirect(t, saveSection(t, f.root, f.section("regions"), url.Values{"availability": {"all"}, "then": {"continue"}}),
		f.section("launch-option"))
	expectRedirect(t, saveSection(t, f.root, step5, url.Values{"recommended_realtime": {"ml.m5.large"},
		"recommended_batch": {"ml.m5.xlarge"}, "then": {"close"}}), f.base)
	if !done(regions) || !done(instances) {
		t.Errorf("once saved: regions done %v, step 5 done %v", done(regions), done(instances))
	}
}
