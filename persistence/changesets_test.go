package persistence_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// TestProductStoreSaveWritesOneChangeSet checks that each save, whatever
// its number of changes, is one SUCCEEDED change set of the actor, started
// and ended at the save's time, with its changes in order.
func TestProductStoreSaveWritesOneChangeSet(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := fullProduct("prod-changeset0001", listingAcct)
		mustCreateProduct(t, store, p)
		later := listedAt.Add(time.Hour)
		restrict := domain.ChangeDetails{Versions: []string{"1.0", "2.0 «β»"}}.JSON()
		if err := store.SaveProduct(ctx, p, 0, listingChange(p.ID, domain.ChangeUpdatePricingTerms, later),
			domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeRestrictDeliveryOptions, Actor: "arn:aws:iam::" + listingAcct + ":user/ana",
				At: later, Detail: restrict}); err != nil {
			t.Fatal(err)
		}

		sets, err := store.ProductChangeSets(ctx, p.ID, 10)
		if err != nil {
			t.Fatalf("ProductChangeSets() error = %v", err)
		}
		if len(sets) != 2 {
			t.Fatalf("ProductChangeSets() = %+v, want the save and the creation", sets)
		}
		saved, created := sets[0], sets[1]
		for _, cs := range sets {
			if !domain.IsChangeSetID(cs.ID) || cs.Status != domain.ChangeSetSucceeded || !cs.EndedAt.Equal(cs.StartedAt) || cs.Name != "" {
				t.Errorf("change set %+v: want a SUCCEEDED change set that ended when it started", cs)
			}
		}
		if saved.ID == created.ID {
			t.Errorf("two saves share the change set %s", saved.ID)
		}
		root := "arn:aws:iam::" + listingAcct + ":root"
		if !saved.StartedAt.Equal(later) || saved.Actor != root || !created.StartedAt.Equal(listedAt) || created.Actor != root {
			t.Errorf("change sets started %v by %s and %v by %s", saved.StartedAt, saved.Actor, created.StartedAt, created.Actor)
		}
		const ml = domain.EntityTypeMachineLearningProduct
		wantSaved := []domain.Change{
			{ChangeType: domain.ChangeUpdatePricingTerms, EntityType: ml, EntityID: p.ID, Details: "{}"},
			{ChangeType: domain.ChangeRestrictDeliveryOptions, EntityType: ml, EntityID: p.ID, Details: restrict},
		}
		if !reflect.DeepEqual(saved.Changes, wantSaved) {
			t.Errorf("changes of the save = %+v, want %+v", saved.Changes, wantSaved)
		}
		wantCreated := []domain.Change{{ChangeType: domain.ChangeCreateProduct, EntityType: ml, EntityID: p.ID, Details: "{}"}}
		if !reflect.DeepEqual(created.Changes, wantCreated) {
			t.Errorf("changes of the creation = %+v, want %+v", created.Changes, wantCreated)
		}

		// A save without changes records none.
		if err := store.SaveProduct(ctx, p, 1); err != nil {
			t.Fatal(err)
		}
		if again, err := store.ProductChangeSets(ctx, p.ID, 10); err != nil || len(again) != 2 {
			t.Errorf("ProductChangeSets() after a save without changes = %d change sets, %v; want 2", len(again), err)
		}
	})
}

// TestProductStoreChangeSetsNewestFirst reads a product's change sets
// newest first, of that product only, with a limit; change sets of one time
// come in the order they were stored, the last first.
func TestProductStoreChangeSetsNewestFirst(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := fullProduct("prod-changeset0002", listingAcct)
		other := fullProduct("prod-changeset0003", listingAcct)
		mustCreateProduct(t, store, p)
		mustCreateProduct(t, store, other)
		save := func(q *domain.Product, typ string, at time.Time) {
			t.Helper()
			if err := store.SaveProduct(ctx, q, q.Revision, listingChange(q.ID, typ, at)); err != nil {
				t.Fatal(err)
			}
		}
		// Stored out of time order: the history follows the time.
		save(p, domain.ChangeUpdateLegalTerms, listedAt.Add(3*time.Hour))
		save(p, domain.ChangeUpdateInformation, listedAt.Add(time.Hour))
		save(other, domain.ChangeUpdateTargeting, listedAt.Add(2*time.Hour))
		save(p, domain.ChangeUpdatePricingTerms, listedAt.Add(3*time.Hour))

		typesOf := func(sets []domain.ChangeSet) []string {
			var out []string
			for _, cs := range sets {
				for _, c := range cs.Changes {
					if c.EntityID != p.ID {
						t.Errorf("change set %s has a change of %s", cs.ID, c.EntityID)
					}
					out = append(out, c.ChangeType)
				}
			}
			return out
		}
		all, err := store.ProductChangeSets(ctx, p.ID, 10)
		if err != nil {
			t.Fatalf("ProductChangeSets() error = %v", err)
		}
		want := []string{domain.ChangeUpdatePricingTerms, domain.ChangeUpdateLegalTerms, domain.ChangeUpdateInformation, domain.ChangeCreateProduct}
		if got := typesOf(all); !reflect.DeepEqual(got, want) {
			t.Errorf("ProductChangeSets() = %q, want %q", got, want)
		}
		limited, err := store.ProductChangeSets(ctx, p.ID, 2)
		if got := typesOf(limited); err != nil || !reflect.DeepEqual(got, want[:2]) {
			t.Errorf("ProductChangeSets(limit 2) = %q, %v; want %q", got, err, want[:2])
		}
		// ProductChanges reads the same history, change by change.
		if got := changeTypesOf(t, store, p.ID); !reflect.DeepEqual(got, want) {
			t.Errorf("ProductChanges() = %q, want %q", got, want)
		}
		if none, err := store.ProductChangeSets(ctx, "prod-unknown000001", 10); err != nil || len(none) != 0 {
			t.Errorf("ProductChangeSets(unknown) = %+v, %v; want none", none, err)
		}
	})
}
