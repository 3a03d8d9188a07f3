package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// crumbs reads a page's breadcrumbs.
func crumbs(r *response) []string {
	var out []string
	r.doc.Find("[data-testid=breadcrumbs] li").Each(func(_ int, li *goquery.Selection) {
		out = append(out, strings.TrimSpace(li.Text()))
	})
	return out
}

// TestBreadcrumbsNameTheItem: an item's page ends its breadcrumbs in the
// item's name (the user, the resource, the product, the version), and the
// pages under it pass through that name.
func TestBreadcrumbsNameTheItem(t *testing.T) {
	env := newEnv(t)
	_, testerID := env.signedIn("Tester", "tester@example.com")
	root, id := stagedListing(t, env, testerID)
	root.newIAMUser("alice")
	base := "/management/products/ml/" + id
	title := "Review Sentiment Classifier"
	vid := editorVersionIDs(t, root.get(base))[0]
	buyer := env.client()
	expectRedirect(t, buyer.login("tester@example.com", goodPassword), "/")

	tests := []struct {
		c    *client
		path string
		want []string
	}{
		{root, "/iam/users/alice", []string{"IAM users", "alice"}},
		{root, "/iam/users/alice/access-keys", []string{"IAM users", "alice", "Access keys"}},
		{root, "/iam/users/alice/delete", []string{"IAM users", "alice", "Delete IAM user"}},
		{root, modelPackagesPath + "/sentiment", []string{"Amazon SageMaker", "Model packages", "sentiment"}},
		{root, base, []string{"Products", "Machine learning", title}},
		{root, base + "/versions", []string{"Products", "Machine learning", title, "Versions"}},
		{root, base + "/edit/general", []string{"Products", "Machine learning", title, "General product information"}},
		{root, base + "/versions/" + vid + "/step/1", []string{"Products", "Machine learning", title, "1.0", "Edit product"}},
		{root, base + "/sign-off", []string{"Products", "Machine learning", title, "Sign off and publish"}},
		{buyer, "/marketplace/pp/" + id, []string{"Marketplace", title}},
	}
	for _, tt := range tests {
		r := tt.c.get(tt.path)
		expectStatus(t, r, 200)
		if got := crumbs(r); strings.Join(got, " > ") != strings.Join(tt.want, " > ") {
			t.Errorf("%s: breadcrumbs %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestBreadcrumbsShowNamesAsTyped: a name that happens to spell a message
// of the catalogs (an IAM user "nav.marketplace") shows as typed, not
// translated.
func TestBreadcrumbsShowNamesAsTyped(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Names", "names@example.com")
	root.newIAMUser("nav.marketplace")
	for path, want := range map[string][]string{
		"/iam/users/nav.marketplace":             {"IAM users", "nav.marketplace"},
		"/iam/users/nav.marketplace/delete":      {"IAM users", "nav.marketplace", "Delete IAM user"},
		"/iam/users/nav.marketplace/access-keys": {"IAM users", "nav.marketplace", "Access keys"},
	} {
		r := root.get(path)
		expectStatus(t, r, 200)
		if got := crumbs(r); strings.Join(got, " > ") != strings.Join(want, " > ") {
			t.Errorf("%s: breadcrumbs %q, want %q", path, got, want)
		}
	}
}
