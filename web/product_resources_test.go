package web_test

import (
	"testing"

	"github.com/mlportal/portal/domain"
)

// TestProductPageShowsPromotionalResources: the video and resource links
// the seller gave in the promotional section reach the buyer's page.
func TestProductPageShowsPromotionalResources(t *testing.T) {
	env := newEnv(t)
	_, _, id := publicListing(t, env)
	p, err := env.db.Products().ProductByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	links := []domain.ResourceLink{{Title: "User guide", URL: "https://acme.example/guide"}, {Title: "Benchmarks", URL: "https://acme.example/bench"}}
	p.PublicSnapshot.Info.VideoURL, p.PublicSnapshot.Promo.Links = "https://acme.example/demo.mp4", links
	if err := env.db.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil,
		domain.ProductChange{ProductID: id, ChangeType: domain.ChangeUpdateInformation, Actor: "seed", At: env.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	r := env.client().get("/marketplace/pp/" + id)
	if got := r.attr("[data-testid=product-video]", "href"); got != "https://acme.example/demo.mp4" {
		t.Errorf("video link %q", got)
	}
	for _, l := range links {
		if got := r.doc.Find(`[data-testid=product-resources] a[href="` + l.URL + `"]`).Text(); got != l.Title {
			t.Errorf("resource link %s: %q", l.URL, got)
		}
	}
}
