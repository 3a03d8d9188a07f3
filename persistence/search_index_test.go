package persistence_test

import (
	"context"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// TestSearchIndexFollowsOtherProcesses publishes, changes and removes a
// listing through one database handle, as another server process would,
// and expects the search index of a second handle on the same database to
// show each change within a second, without being told.
func TestSearchIndexFollowsOtherProcesses(t *testing.T) {
	for name, dsn := range map[string]func(testing.TB) string{"sqlite": persistencetest.SQLiteDSN, "postgres": persistencetest.PostgresDSN} {
		t.Run(name, func(t *testing.T) {
			d := dsn(t)
			open := func() *persistence.DB {
				db, err := persistence.Open(context.Background(), d, nil)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			writer, reader := open(), open()
			index := reader.SearchIndex()
			if err := index.WaitReady(t.Context()); err != nil {
				t.Fatal(err)
			}
			shows := func(word string, want int) {
				t.Helper()
				q := domain.CatalogQuery{Words: []string{word}, Sort: domain.SortRelevance, Page: 1}
				deadline := time.Now().Add(time.Second)
				for {
					page, err := index.SearchCatalog(t.Context(), q)
					if err != nil {
						t.Fatal(err)
					}
					if page.Total == want {
						return
					}
					if time.Now().After(deadline) {
						t.Fatalf("search %q: %d listings a second later, want %d", word, page.Total, want)
					}
					time.Sleep(10 * time.Millisecond)
				}
			}
			at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
			p := &domain.Product{ID: "prod-followed0001", AccountID: "111122223333", Type: domain.KindModelPackage,
				Info:  domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: "Pallet counter", Categories: []string{"Retail"}},
				Offer: domain.Offer{Pricing: domain.PricingFree}}
			publishFixture(t, writer, p, at)
			shows("pallet", 1)

			p.Info.Title = "Crate counter"
			republishFixture(t, writer, p, at.Add(time.Hour))
			shows("pallet", 0)
			shows("crate", 1)

			p.Status = domain.StatusRestricted
			ch := domain.ProductChange{ProductID: p.ID, ChangeType: "seed", Actor: "seed", At: at.Add(2 * time.Hour)}
			if err := writer.Publishing().SaveLifecycle(t.Context(), p, p.Revision, nil, ch); err != nil {
				t.Fatal(err)
			}
			shows("crate", 0)
		})
	}
}
