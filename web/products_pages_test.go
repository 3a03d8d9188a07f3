package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// sellerWithListings seeds n published listings of one seller and returns
// the seller signed in: a seller with 100,000 listings got them all on
// one page of 100 MB, after 35 s.
func sellerWithListings(t *testing.T, env *testEnv, n int) *client {
	t.Helper()
	ctx := context.Background()
	var batch []persistence.PublishedListing
	for i := range n {
		batch = append(batch, persistencetest.LoadListing(i))
	}
	if err := env.db.SeedPublished(ctx, batch); err != nil {
		t.Fatal(err)
	}
	hash, err := domain.NewFastHasher().Hash(goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	acct := &domain.Account{ID: persistencetest.LoadSeller, Name: "Many Listings", CreatedAt: persistencetest.LoadPublishedAt}
	root := &domain.User{AccountID: acct.ID, Email: "many@listings.example", PasswordHash: hash, Role: domain.RoleRoot, CreatedAt: acct.CreatedAt}
	if err := env.db.Accounts().CreateAccount(ctx, acct, root); err != nil {
		t.Fatal(err)
	}
	c := env.client()
	expectRedirect(t, c.login("many@listings.example", goodPassword), "/")
	return c
}

func listedIDs(r *response) []string {
	var ids []string
	r.doc.Find("[data-testid=products-table] tbody tr").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, strings.TrimPrefix(s.AttrOr("data-testid", ""), "product-"))
	})
	return ids
}

// pageCase is one page of a paginated list: its address, the range it
// says, its neighbours' links and how many rows it shows.
type pageCase struct {
	path, rng, prev, next string
	rows                  int
}

// walkPages opens each page, checks what it says against tc, and returns
// the IDs the pages list, in order.
func walkPages(t *testing.T, c *client, rangeSel string, ids func(*response) []string, pages []pageCase) []string {
	t.Helper()
	var seen []string
	for _, tc := range pages {
		r := c.get(tc.path)
		expectStatus(t, r, http.StatusOK)
		listed := ids(r)
		if len(listed) != tc.rows || r.text(rangeSel) != tc.rng {
			t.Errorf("%s: %d rows, %q; want %d, %q", tc.path, len(listed), r.text(rangeSel), tc.rows, tc.rng)
		}
		if got := r.attr("[data-testid=prev-page]", "href"); got != tc.prev {
			t.Errorf("%s: previous page %q, want %q", tc.path, got, tc.prev)
		}
		if got := r.attr("[data-testid=next-page]", "href"); got != tc.next {
			t.Errorf("%s: next page %q, want %q", tc.path, got, tc.next)
		}
		seen = append(seen, listed...)
	}
	return seen
}

// TestSellerProductListPages: the seller's list shows its products a page
// at a time, most recently changed first, with where it is among them; a
// page that does not exist says so over the first.
func TestSellerProductListPages(t *testing.T) {
	env := newEnv(t)
	seller := sellerWithListings(t, env, 60)
	all, err := env.db.Products().ListProducts(context.Background(), persistencetest.LoadSeller)
	if err != nil {
		t.Fatal(err)
	}
	seen := walkPages(t, seller, "[data-testid=products-range]", listedIDs, []pageCase{
		{"/management/products/ml", "Listings 1 to 25 of 60", "", "/management/products/ml?page=2", 25},
		{"/management/products/ml?page=2", "Listings 26 to 50 of 60", "/management/products/ml?page=1", "/management/products/ml?page=3", 25},
		{"/management/products/ml?page=3", "Listings 51 to 60 of 60", "/management/products/ml?page=2", "", 10},
	})
	for i, p := range all {
		if i >= len(seen) || seen[i] != p.ID {
			t.Fatalf("the pages list %v…, not the products most recently changed first", seen[:min(len(seen), 5)])
		}
	}
	first := listedIDs(seller.get("/management/products/ml"))
	for _, bad := range []string{"4", "0", "-1", "abc", "9999999", "1%00"} {
		r := seller.get("/management/products/ml?page=" + bad)
		if bad == "1%00" { // a NUL is refused at the gate, like anywhere
			expectStatus(t, r, http.StatusBadRequest)
			continue
		}
		expectStatus(t, r, http.StatusNotFound)
		if r.text("[data-testid=page-missing]") == "" || strings.Join(listedIDs(r), ",") != strings.Join(first, ",") {
			t.Errorf("page %q: no message, or not the first page under it", bad)
		}
	}
	seller.setCookie("lang", "fr")
	if got := seller.get("/management/products/ml").text("[data-testid=products-range]"); got != "Fiches produit 1 à 25 sur 60" {
		t.Errorf("in French the range reads %q", got)
	}
	other, _ := env.signedIn("Other Seller", "other@listings.example")
	if r := other.get("/management/products/ml"); len(listedIDs(r)) != 0 || r.text("[data-testid=no-products]") == "" {
		t.Errorf("another seller's list shows %d products", len(listedIDs(r)))
	}
}

// TestSellerOffersPages: the offers page shows the public offers a page of
// products at a time (a seller with 100,000 products got a page of 60 MB,
// or none), and every choice of products (a new private offer, the
// agreements' and the reports' filters) still offers all of them.
func TestSellerOffersPages(t *testing.T) {
	env := newEnv(t)
	seller := sellerWithListings(t, env, 60)
	publicIDs := func(r *response) []string {
		var ids []string
		r.doc.Find("[data-testid=public-offers-table] tbody tr").Each(func(_ int, s *goquery.Selection) {
			ids = append(ids, strings.TrimPrefix(s.AttrOr("data-testid", ""), "public-offer-"))
		})
		return ids
	}
	seen := walkPages(t, seller, "[data-testid=public-offers-range]", publicIDs, []pageCase{
		{"/management/offers", "Public offers 1 to 25 of 60", "", "/management/offers?page=2", 25},
		{"/management/offers?page=2", "Public offers 26 to 50 of 60", "/management/offers?page=1", "/management/offers?page=3", 25},
		{"/management/offers?page=3", "Public offers 51 to 60 of 60", "/management/offers?page=2", "", 10},
	})
	all, err := env.db.Products().ListProducts(context.Background(), persistencetest.LoadSeller)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range all {
		if i >= len(seen) || seen[i] != p.ID {
			t.Fatalf("the pages list %v…, not the products most recently changed first", seen[:min(len(seen), 5)])
		}
	}
	first := publicIDs(seller.get("/management/offers"))
	for _, bad := range []string{"4", "0", "abc", "9999999"} {
		r := seller.get("/management/offers?page=" + bad)
		expectStatus(t, r, http.StatusNotFound)
		if r.text("[data-testid=page-missing]") == "" || strings.Join(publicIDs(r), ",") != strings.Join(first, ",") {
			t.Errorf("page %q: no message, or not the first page under it", bad)
		}
	}
	for _, path := range []string{"/management/offers/new", "/management/agreements", "/management/reports"} {
		r := seller.get(path)
		expectStatus(t, r, http.StatusOK)
		listed := choices(r, "product")
		if len(listed) != len(all) || listed[0] != all[0].ID {
			t.Errorf("%s offers %d products to choose from (first %v), want %d (first %s)", path, len(listed), listed[:min(1, len(listed))], len(all), all[0].ID)
		}
	}
	seller.setCookie("lang", "es")
	if got := seller.get("/management/offers").text("[data-testid=public-offers-range]"); got != "Ofertas públicas 1 a 25 de 60" {
		t.Errorf("in Spanish the range reads %q", got)
	}
}
