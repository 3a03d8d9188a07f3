package web_test

import (
	"strings"
	"testing"
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
