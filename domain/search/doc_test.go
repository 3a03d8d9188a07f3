package search

import (
	"reflect"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// TestPackedDocGivesBackTheListing checks that a listing packed into a doc
// reads back as it was: the page entries buyers see come from there.
func TestPackedDocGivesBackTheListing(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	tests := []struct {
		name    string
		listing Listing
	}{
		{"public, one category", Listing{
			Entry: domain.CatalogEntry{ProductID: "prod-a1", AccountID: "111122223333", Title: "Churn predictor",
				ShortDescription: "Finds customers about to leave", Type: domain.KindModelPackage, Pricing: domain.PricingPaidTrial,
				Categories: []string{"Forecasting"}, PublishedAt: time.Date(2026, 11, 30, 9, 15, 0, 123, time.UTC)},
			Terms: []Term{{"churn", 10}, {"predictor", 10}, {"customers", 1}},
		}},
		{"private, no category, empty strings, another zone", Listing{
			Entry:   domain.CatalogEntry{ProductID: "prod-b2", Type: domain.KindAlgorithm, Pricing: domain.PricingFree, PublishedAt: time.Date(2025, 1, 2, 3, 4, 5, 0, paris)},
			Private: true, Allowed: []string{"444455556666", "777788889999"},
		}},
		{"long texts and many categories", Listing{
			Entry: domain.CatalogEntry{ProductID: "prod-c3", Title: string(make([]byte, 300)), ShortDescription: string(make([]byte, 5000)),
				Categories: []string{"Computer vision", "Forecasting", "Text"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, m := packDoc(tt.listing)
			got := d.entry()
			want := tt.listing.Entry
			_, gotOffset := got.PublishedAt.Zone()
			_, wantOffset := want.PublishedAt.Zone()
			if !got.PublishedAt.Equal(want.PublishedAt) || gotOffset != wantOffset || (want.PublishedAt.Location() == time.UTC) != (got.PublishedAt.Location() == time.UTC) {
				t.Errorf("published at %v, want %v", got.PublishedAt, want.PublishedAt)
			}
			got.PublishedAt, want.PublishedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("entry %+v, want %+v", got, want)
			}
			if string(d.productID()) != want.ProductID {
				t.Errorf("product ID %q, want %q", d.productID(), want.ProductID)
			}
			if terms := d.terms(); len(terms) != len(tt.listing.Terms) || len(terms) > 0 && !reflect.DeepEqual(terms, tt.listing.Terms) {
				t.Errorf("terms %v, want %v", terms, tt.listing.Terms)
			}
			if cats := d.categories(); len(cats) != len(want.Categories) || len(cats) > 0 && !reflect.DeepEqual(cats, want.Categories) {
				t.Errorf("categories %v, want %v", cats, want.Categories)
			}
			for _, viewer := range []string{"444455556666", "777788889999", "111122223333", ""} {
				allowed := false
				for _, a := range tt.listing.Allowed {
					allowed = allowed || a == viewer
				}
				if d.allows(viewer) != allowed {
					t.Errorf("allows(%q) = %v, want %v", viewer, !allowed, allowed)
				}
			}
			if m.private != tt.listing.Private || m.recency != tt.listing.Entry.PublishedAt.UnixNano() {
				t.Errorf("meta %+v does not match the listing", m)
			}
		})
	}
}
