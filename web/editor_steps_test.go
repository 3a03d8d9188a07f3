package web_test

import (
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
