package persistence_test

import (
	"errors"
	"testing"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// TestUpdateProduct: the store applies the domain's rule inside its
// transaction. An accepted change is saved with one change set; a refusal,
// another account's product or a stale revision changes nothing.
func TestUpdateProduct(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := t.Context()
		store := db.Products()
		const account, id = "111122223333", "prod-updatefn00001"
		p := fullProduct(id, account)
		if err := store.CreateProduct(ctx, p, domain.ProductChange{ProductID: id, ChangeType: domain.ChangeCreateProduct, Actor: "x", At: listedAt}); err != nil {
			t.Fatal(err)
		}
		stored, err := store.Product(ctx, account, id)
		if err != nil {
			t.Fatal(err)
		}
		rename := func(title string) domain.ProductUpdate {
			return func(p *domain.Product) ([]domain.ProductChange, error) {
				p.Info.Title = title
				return []domain.ProductChange{{ProductID: id, ChangeType: domain.ChangeUpdateInformation, Actor: "x", At: listedAt}}, nil
			}
		}
		refused := errors.New("refused by the rule")
		refuse := func(p *domain.Product) ([]domain.ProductChange, error) {
			p.Info.Title = "half-written"
			return nil, refused
		}

		got, err := store.UpdateProduct(ctx, account, id, stored.Revision, rename("Renamed"))
		if err != nil || got.Info.Title != "Renamed" || got.Revision != stored.Revision+1 {
			t.Fatalf("UpdateProduct() = %+v, %v", got, err)
		}
		history, err := store.ProductChangeSets(ctx, id, 10)
		if err != nil || len(history) != 2 {
			t.Fatalf("change sets after an update: %d (%v), want 2", len(history), err)
		}

		for name, try := range map[string]func() error{
			"refused by the rule": func() error {
				_, err := store.UpdateProduct(ctx, account, id, got.Revision, refuse)
				if !errors.Is(err, refused) {
					t.Errorf("refusal = %v, want the rule's error", err)
				}
				return nil
			},
			"another account's product": func() error {
				_, err := store.UpdateProduct(ctx, "999988887777", id, got.Revision, rename("Stolen"))
				if domain.ErrorCode(err) != domain.ENOTFOUND {
					t.Errorf("another account: %v, want ENOTFOUND", err)
				}
				return nil
			},
			"stale revision": func() error {
				_, err := store.UpdateProduct(ctx, account, id, stored.Revision, rename("Stale"))
				if domain.ErrorCode(err) != domain.ECONFLICT {
					t.Errorf("stale revision: %v, want ECONFLICT", err)
				}
				return nil
			},
		} {
			_ = try()
			after, err := store.Product(ctx, account, id)
			if err != nil {
				t.Fatal(err)
			}
			if after.Info.Title != "Renamed" || after.Revision != got.Revision {
				t.Errorf("%s changed the product: %q revision %d", name, after.Info.Title, after.Revision)
			}
			if again, _ := store.ProductChangeSets(ctx, id, 10); len(again) != 2 {
				t.Errorf("%s wrote history: %d change sets", name, len(again))
			}
		}
	})
}
