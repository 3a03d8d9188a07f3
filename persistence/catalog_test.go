package persistence_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

func publishForCatalog(t *testing.T, db *persistence.DB, id, title string, privacy domain.Privacy, allowed []string, at time.Time, keywords ...string) {
	t.Helper()
	p := &domain.Product{ID: id, AccountID: "111122223333", Type: domain.KindAlgorithm, Status: domain.StatusLimited, CreatedAt: at, UpdatedAt: at,
		Info:  domain.GeneralInfo{Privacy: privacy, AllowedAccounts: allowed, Title: title, Categories: []string{"Forecasting"}},
		Promo: domain.Promotional{Keywords: keywords}, Offer: domain.Offer{Pricing: domain.PricingPaidTrial}}
	ch := domain.ProductChange{ProductID: id, ChangeType: "seed", Actor: "seed", At: at}
	if err := db.Products().CreateProduct(t.Context(), p, ch); err != nil {
		t.Fatal(err)
	}
	p.Snapshot = domain.TakeSnapshot(p, nil, at)
	if err := domain.Release(p, nil, at); err != nil {
		t.Fatal(err)
	}
	if err := db.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil, ch); err != nil {
		t.Fatal(err)
	}
}

// TestSearchCatalog runs the catalog query on both databases: words as
// prefixes, every word required, relevance, filters and private products.
func TestSearchCatalog(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		publishForCatalog(t, db, "prod-catalogaaaaa1", "Demand Forecaster", domain.PrivacyPublic, nil, at, "retail")
		publishForCatalog(t, db, "prod-catalogaaaaa2", "Retail Demand Planner", domain.PrivacyPublic, nil, at.Add(time.Hour))
		publishForCatalog(t, db, "prod-catalogaaaaa3", "Private Demand Model", domain.PrivacyPrivate, []string{"999999999999"}, at.Add(2*time.Hour))
		search := func(text, pricing, viewer string) string {
			q, err := domain.ParseCatalogQuery(text, "", "", pricing, "", "", viewer)
			if err != nil {
				t.Fatal(err)
			}
			page, err := db.Catalog().SearchCatalog(t.Context(), q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, e := range page.Entries {
				ids = append(ids, e.ProductID[len(e.ProductID)-1:])
			}
			return fmt.Sprint(page.Total, ids)
		}
		for _, tt := range []struct{ text, pricing, viewer, want string }{
			{"", "", "", "2 [2 1]"},
			{"", "", "999999999999", "3 [3 2 1]"},
			{"dem", "", "", "2 [2 1]"},
			{"retail", "", "", "2 [2 1]"}, // title (5) beats keyword (4)
			{"retail demand", "", "", "2 [2 1]"},
			{"retail forecaster", "", "", "1 [1]"},
			{"demand", "free", "", "0 []"},
			{"demand", "trial", "", "2 [2 1]"},
			{"zzz", "", "", "0 []"},
		} {
			if got := search(tt.text, tt.pricing, tt.viewer); got != tt.want {
				t.Errorf("search %q pricing %q viewer %q = %s, want %s", tt.text, tt.pricing, tt.viewer, got, tt.want)
			}
		}
	})
}
