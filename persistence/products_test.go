package persistence_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

const (
	listingAcct      = "740000000004"
	listingOtherAcct = "750000000005"
)

// listedAt is a fixed time with microsecond precision, the finest both
// databases keep.
var listedAt = time.Date(2026, 11, 25, 14, 5, 9, 654321000, time.UTC)

// fullProduct returns a listing with every section filled in, in text that
// tests escaping and encodings.
func fullProduct(id, accountID string) *domain.Product {
	return &domain.Product{
		ID:          id,
		AccountID:   accountID,
		CreatorARN:  "arn:aws:iam::" + accountID + ":user/lister",
		Type:        domain.KindAlgorithm,
		Status:      domain.StatusLimited,
		SubmittedAt: listedAt.Add(30 * time.Minute),
		Info: domain.GeneralInfo{
			Privacy:          domain.PrivacyPrivate,
			AllowedAccounts:  []string{"111122223333", "444455556666"},
			Title:            "Détecteur «Ünïcödé» — 検出器",
			ShortDescription: `Finds "things" & <tags> in 'text'.`,
			Overview:         "Line one.\nLine two.\r\n\tIndented; emoji 🚀.",
			Highlights:       []string{"Fast", "Accurate", "Cheap"},
			Categories:       []string{"Computer Vision", "Object Detection"},
			VideoURL:         "https://videos.example.com/demo?x=1&y=2",
		},
		Promo: domain.Promotional{
			Logo:     []byte{0x89, 'P', 'N', 'G', 0x00, 0xff, 0xfe, '\r', '\n', 0x1a},
			LogoType: "image/png",
			Keywords: []string{"vision", "détection", "物体"},
			Links: []domain.ResourceLink{
				{Title: "Docs", URL: "https://docs.example.com/a?b=c"},
				{Title: "Blog «post»", URL: "https://blog.example.com/"},
			},
		},
		Support: domain.SupportInfo{Chosen: true, Offered: true, Email: "help@example.com", URL: "https://support.example.com", Description: "Weekdays,\n9–5 CET."},
		Regions: domain.RegionAvailability{Regions: []string{"eu-west-1", "us-east-1"}},
		Offer: domain.Offer{
			Pricing:   domain.PricingPaidTrial,
			TrialDays: 30,
			Prices: []domain.InstancePrice{
				{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 125},
				{Use: domain.UseBatch, InstanceType: "ml.m5.xlarge", HourlyMillis: 1_000_000_000},
				{Use: domain.UseTraining, InstanceType: "ml.p3.2xlarge", HourlyMillis: 0},
			},
			EULA: "END USER LICENSE AGREEMENT\r\n\n1. Überblick — «conditions» 条款\n\t2. <b>Not HTML</b> & \"quotes\"\n",
		},
		CreatedAt: listedAt,
		UpdatedAt: listedAt.Add(time.Hour),
	}
}

// fullVersion returns a version with every step filled in.
func fullVersion(productID, resourceARN string) *domain.Version {
	return &domain.Version{
		ProductID:               productID,
		ResourceARN:             resourceARN,
		Status:                  domain.VersionDraft,
		ReleaseNotes:            "First release.\nFixes «bugs».",
		NotebookURL:             "https://github.com/example/notebooks/blob/main/demo.ipynb",
		RepoURL:                 "https://github.com/example/algo",
		TrainingDataDescription: "CSV, label first.",
		TrainingDataSampleURL:   "https://samples.example.com/train.csv",
		AlgorithmOverview:       "Gradient boosted trees — fast.",
		CustomAttributes: []domain.CustomAttribute{
			{Name: "threshold", Description: "Cut-off.", Constraints: "0 to 1", Required: true},
			{Name: "lang", Description: "Language", Constraints: "ISO 639-1"},
		},
		Input: domain.InputDetails{
			Description:       "Rows of text.",
			Limitations:       "512 tokens.",
			SampleRealtimeURL: "https://samples.example.com/rt.json",
			SampleBatchURL:    "https://samples.example.com/batch.csv",
			Parameters:        []domain.Parameter{{Name: "text", Description: "Input text", Constraints: "UTF-8", Required: true}},
		},
		Output: domain.OutputDetails{
			Description: "Labels.",
			SampleText:  "{\"label\": \"positive\", \"note\": \"ünï\"}\n",
			SampleURL:   "https://samples.example.com/out.json",
			Parameters:  []domain.Parameter{{Name: "label", Description: "positive|negative"}},
		},
		RecommendedRealtime: "ml.m5.large",
		RecommendedBatch:    "ml.m5.xlarge",
		RecommendedTraining: "ml.p3.2xlarge",
		CreatedAt:           listedAt.Add(2 * time.Hour),
	}
}

// assertSameFields compares two structs of one type field by field: times
// with Equal (databases return them in their own zone), empty and nil
// slices alike, everything else deeply.
func assertSameFields(t *testing.T, label string, got, want any) {
	t.Helper()
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		name := g.Type().Field(i).Name
		gf, wf := g.Field(i), w.Field(i)
		if gt, ok := gf.Interface().(time.Time); ok {
			if !gt.Equal(wf.Interface().(time.Time)) {
				t.Errorf("%s: %s = %v, want %v", label, name, gt, wf.Interface())
			}
			continue
		}
		if gf.Kind() == reflect.Slice && gf.Len() == 0 && wf.Len() == 0 {
			continue
		}
		if !reflect.DeepEqual(gf.Interface(), wf.Interface()) {
			t.Errorf("%s: %s = %#v\nwant %#v", label, name, gf.Interface(), wf.Interface())
		}
	}
}

func listingChange(productID, typ string, at time.Time) domain.ProductChange {
	return domain.ProductChange{ProductID: productID, ChangeType: typ, Actor: "arn:aws:iam::" + listingAcct + ":root", At: at}
}

func mustCreateProduct(t *testing.T, store *persistence.ProductStore, p *domain.Product) {
	t.Helper()
	if err := store.CreateProduct(context.Background(), p, listingChange(p.ID, domain.ChangeCreateProduct, p.CreatedAt)); err != nil {
		t.Fatalf("CreateProduct(%s) error = %v", p.ID, err)
	}
}

func mustProduct(t *testing.T, store *persistence.ProductStore, accountID, id string) *domain.Product {
	t.Helper()
	p, err := store.Product(context.Background(), accountID, id)
	if err != nil {
		t.Fatalf("Product(%s) error = %v", id, err)
	}
	return p
}

func changeTypesOf(t *testing.T, store *persistence.ProductStore, productID string) []string {
	t.Helper()
	changes, err := store.ProductChanges(context.Background(), productID, 1000)
	if err != nil {
		t.Fatalf("ProductChanges() error = %v", err)
	}
	var out []string
	for _, ch := range changes {
		out = append(out, ch.ChangeType)
	}
	return out
}

func wantFieldError(t *testing.T, err error, field string, msg domain.Message) {
	t.Helper()
	e := domain.AsError(err)
	if err == nil || e.Code != domain.EINVALID || e.Fields[field] != msg {
		t.Fatalf("error = %v, want EINVALID with %s: %s", err, field, msg)
	}
}

func TestProductStoreRoundTrip(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		want := fullProduct("prod-roundtrip0001", listingAcct)
		mustCreateProduct(t, store, want)
		assertSameFields(t, "created", *mustProduct(t, store, listingAcct, want.ID), *want)

		alg := sampleAlgorithm(listingAcct, "gradient-boosted-trees")
		mustCreateResource(t, db.SageMaker(), alg)
		v := fullVersion(want.ID, alg.ARN())
		if err := store.AddVersion(ctx, want, want.Revision, v, listingChange(want.ID, domain.ChangeAddDeliveryOptions, listedAt.Add(2*time.Hour))); err != nil {
			t.Fatalf("AddVersion() error = %v", err)
		}
		if v.ID == 0 {
			t.Fatal("AddVersion() gave the version no ID")
		}
		if want.Revision != 1 {
			t.Errorf("revision after AddVersion = %d, want 1", want.Revision)
		}

		// Number and submission come with a later save.
		v.Number, v.Status, v.SubmittedAt = "1.0 «beta»", domain.VersionLimited, listedAt.Add(3*time.Hour)
		if err := store.SaveVersion(ctx, want, want.Revision, v, listingChange(want.ID, domain.ChangeUpdateDeliveryOptions, listedAt.Add(3*time.Hour))); err != nil {
			t.Fatalf("SaveVersion() error = %v", err)
		}

		assertSameFields(t, "after versions", *mustProduct(t, store, listingAcct, want.ID), *want)
		versions, err := store.Versions(ctx, want.ID)
		if err != nil || len(versions) != 1 {
			t.Fatalf("Versions() = %+v, %v; want one", versions, err)
		}
		assertSameFields(t, "version", versions[0], *v)
		byARN, err := store.VersionByARN(ctx, alg.ARN())
		if err != nil {
			t.Fatalf("VersionByARN() error = %v", err)
		}
		assertSameFields(t, "version by ARN", *byARN, *v)

		// Every section can be emptied again.
		empty := &domain.Product{ID: want.ID, AccountID: listingAcct, CreatorARN: want.CreatorARN, Status: domain.StatusDraft,
			Regions: domain.DefaultRegions(), CreatedAt: want.CreatedAt, UpdatedAt: listedAt.Add(4 * time.Hour)}
		if err := store.SaveProduct(ctx, empty, want.Revision); err != nil {
			t.Fatalf("SaveProduct(empty) error = %v", err)
		}
		assertSameFields(t, "emptied", *mustProduct(t, store, listingAcct, want.ID), *empty)
	})
}

func TestProductStoreProductOfAnotherAccount(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		store := db.Products()
		p := fullProduct("prod-account000001", listingAcct)
		mustCreateProduct(t, store, p)
		for _, tt := range []struct{ account, id string }{
			{listingOtherAcct, p.ID},
			{"", p.ID},
			{listingAcct, "prod-unknown000001"},
			{listingAcct, ""},
		} {
			got, err := store.Product(context.Background(), tt.account, tt.id)
			wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
			if got != nil {
				t.Errorf("Product(%q, %q) = %+v, want nil", tt.account, tt.id, got)
			}
		}
	})
}

func TestProductStoreListProducts(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		for _, p := range []struct {
			id      string
			account string
			updated time.Duration
		}{
			{"prod-old0000000001", listingAcct, 0},
			{"prod-new0000000001", listingAcct, 3 * time.Hour},
			{"prod-tieb000000001", listingAcct, time.Hour},
			{"prod-tiea000000001", listingAcct, time.Hour},
			{"prod-other00000001", listingOtherAcct, 5 * time.Hour},
		} {
			product := fullProduct(p.id, p.account)
			product.UpdatedAt = listedAt.Add(p.updated)
			mustCreateProduct(t, store, product)
		}
		got, err := store.ListProducts(ctx, listingAcct)
		if err != nil {
			t.Fatalf("ListProducts() error = %v", err)
		}
		var ids []string
		for _, p := range got {
			ids = append(ids, p.ID)
			if p.Promo.Logo != nil {
				t.Errorf("%s: list carries a %d-byte logo", p.ID, len(p.Promo.Logo))
			}
			if p.AccountID != listingAcct || p.Info.Title == "" || p.Promo.LogoType != "image/png" || len(p.Offer.Prices) != 3 {
				t.Errorf("%s: listed product lacks its other fields: %+v", p.ID, p)
			}
		}
		want := []string{"prod-new0000000001", "prod-tiea000000001", "prod-tieb000000001", "prod-old0000000001"}
		if !slices.Equal(ids, want) {
			t.Errorf("ListProducts() = %v, want %v", ids, want)
		}
		// ProductPage reads the same order a page at a time, with the total.
		for _, page := range []struct {
			offset, limit int
			want          []string
		}{
			{0, 2, want[:2]}, {2, 2, want[2:]}, {3, 5, want[3:]}, {4, 2, nil}, {100, 2, nil},
		} {
			products, total, err := store.ProductPage(ctx, listingAcct, page.offset, page.limit)
			var ids []string
			for _, p := range products {
				ids = append(ids, p.ID)
			}
			if err != nil || total != len(want) || !slices.Equal(ids, page.want) {
				t.Errorf("ProductPage(%d, %d) = %v, %d, %v; want %v, %d", page.offset, page.limit, ids, total, err, page.want, len(want))
			}
		}
		// ProductSummaries reads the same order, each product's summary.
		summaries, err := store.ProductSummaries(ctx, listingAcct)
		if err != nil || len(summaries) != len(got) {
			t.Fatalf("ProductSummaries() = %v, %v; want %d", summaries, err, len(got))
		}
		for i := range got {
			want, sum := got[i].Summary(), summaries[i]
			if !sum.UpdatedAt.Equal(want.UpdatedAt) {
				t.Errorf("ProductSummaries()[%d] changed at %s, want %s", i, sum.UpdatedAt, want.UpdatedAt)
			}
			if sum.UpdatedAt = want.UpdatedAt; sum != want {
				t.Errorf("ProductSummaries()[%d] = %+v, want %+v", i, sum, want)
			}
		}
		// ProductSummariesOf reads the named ones only, in the same order,
		// leaving out unknown IDs and another account's product.
		named := []string{got[len(got)-1].ID, "prod-unknown", "prod-other00000001", got[0].ID, got[0].ID}
		some, err := store.ProductSummariesOf(ctx, listingAcct, named)
		if err != nil || len(some) != 2 || some[0] != summaries[0] || some[1] != summaries[len(summaries)-1] {
			t.Errorf("ProductSummariesOf(%v) = %+v, %v; want %s then %s", named, some, err, got[0].ID, got[len(got)-1].ID)
		}
		if other, err := store.ProductSummariesOf(ctx, listingOtherAcct, named); err != nil || len(other) != 1 || other[0].ID != "prod-other00000001" {
			t.Errorf("ProductSummariesOf(the other account) = %v, %v; want its own product only", other, err)
		}
		// FindProductSummaries finds by part of the title or ID, in any
		// case, with wildcards taken as letters, and counts the matches.
		for _, tc := range []struct {
			q    domain.ProductChoiceQuery
			want []string
			n    int
		}{
			{domain.ProductChoiceQuery{Find: "TIE", Limit: 1}, []string{"prod-tiea000000001"}, 2},
			{domain.ProductChoiceQuery{Find: "tieb", Limit: 5}, []string{"prod-tieb000000001"}, 1},
			{domain.ProductChoiceQuery{Find: "_", Limit: 5}, nil, 0},
			{domain.ProductChoiceQuery{Find: "%", Limit: 5}, nil, 0},
			{domain.ProductChoiceQuery{Except: "prod-new0000000001", Limit: 2}, []string{"prod-tiea000000001", "prod-tieb000000001"}, 3},
			{domain.ProductChoiceQuery{Status: domain.StatusPublic, Limit: 5}, nil, 0},
		} {
			found, n, err := store.FindProductSummaries(ctx, listingAcct, tc.q)
			var ids []string
			for _, f := range found {
				ids = append(ids, f.ID)
			}
			if err != nil || n != tc.n || !slices.Equal(ids, tc.want) {
				t.Errorf("FindProductSummaries(%+v) = %v, %d, %v; want %v, %d", tc.q, ids, n, err, tc.want, tc.n)
			}
		}
		many := make([]string, 1200) // more than one IN list
		for i := range many {
			many[i] = fmt.Sprintf("prod-unknown%d", i)
		}
		many[1100] = got[1].ID
		if one, err := store.ProductSummariesOf(ctx, listingAcct, many); err != nil || len(one) != 1 || one[0].ID != got[1].ID {
			t.Errorf("ProductSummariesOf(1,200 IDs) = %+v, %v; want %s", one, err, got[1].ID)
		}
		if none, err := store.ProductSummaries(ctx, "760000000006"); err != nil || len(none) != 0 {
			t.Errorf("ProductSummaries(no listings) = %v, %v; want empty", none, err)
		}
		if none, total, err := store.ProductPage(ctx, "760000000006", 0, 25); err != nil || len(none) != 0 || total != 0 {
			t.Errorf("ProductPage(no listings) = %v, %d, %v; want empty", none, total, err)
		}
		if none, err := store.ListProducts(ctx, "760000000006"); err != nil || len(none) != 0 {
			t.Errorf("ListProducts(no listings) = %v, %v; want empty", none, err)
		}
		if has, err := store.HasProducts(ctx, listingAcct); err != nil || !has {
			t.Errorf("HasProducts(seller) = %v, %v; want true", has, err)
		}
		if has, err := store.HasProducts(ctx, "760000000006"); err != nil || has {
			t.Errorf("HasProducts(no listings) = %v, %v; want false", has, err)
		}
	})
}

func TestProductStoreSaveProduct(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := fullProduct("prod-save000000001", listingAcct)
		mustCreateProduct(t, store, p)

		tab1 := mustProduct(t, store, listingAcct, p.ID)
		tab2 := mustProduct(t, store, listingAcct, p.ID)
		tab1.Info.Title = "Saved by tab one"
		tab1.UpdatedAt = listedAt.Add(2 * time.Hour)
		at := listedAt.Add(2 * time.Hour)
		if err := store.SaveProduct(ctx, tab1, 0, listingChange(p.ID, domain.ChangeUpdateInformation, at), listingChange(p.ID, domain.ChangeUpdateTargeting, at)); err != nil {
			t.Fatalf("SaveProduct() error = %v", err)
		}
		if tab1.Revision != 1 {
			t.Errorf("Revision after a save = %d, want 1", tab1.Revision)
		}
		stored := mustProduct(t, store, listingAcct, p.ID)
		assertSameFields(t, "saved", *stored, *tab1)
		wantTypes := []string{domain.ChangeUpdateTargeting, domain.ChangeUpdateInformation, domain.ChangeCreateProduct}
		if got := changeTypesOf(t, store, p.ID); !slices.Equal(got, wantTypes) {
			t.Errorf("changes = %v, want %v", got, wantTypes)
		}

		// The second tab opened revision 0 too: its save is refused and writes nothing.
		tab2.Info.Title = "Saved by tab two"
		tab2.Promo.Logo = nil
		err := store.SaveProduct(ctx, tab2, 0, listingChange(p.ID, domain.ChangeUpdateInformation, listedAt.Add(3*time.Hour)))
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgChangedSinceOpened)
		if tab2.Revision != 0 {
			t.Errorf("refused save set the caller's Revision to %d", tab2.Revision)
		}
		assertSameFields(t, "after a stale save", *mustProduct(t, store, listingAcct, p.ID), *stored)
		if got := changeTypesOf(t, store, p.ID); !slices.Equal(got, wantTypes) {
			t.Errorf("changes after a stale save = %v, want %v", got, wantTypes)
		}
		// A revision from the future is stale too.
		wantDomainError(t, store.SaveProduct(ctx, tab2, 7), domain.ECONFLICT, domain.MsgChangedSinceOpened)

		// A save never moves a product to another account or rewrites its creation.
		moved := mustProduct(t, store, listingAcct, p.ID)
		moved.AccountID, moved.CreatorARN, moved.CreatedAt = listingOtherAcct, "arn:aws:iam::"+listingOtherAcct+":root", listedAt.Add(-time.Hour)
		if err := store.SaveProduct(ctx, moved, 1); err != nil {
			t.Fatalf("SaveProduct(moved) error = %v", err)
		}
		kept := mustProduct(t, store, listingAcct, p.ID)
		if kept.AccountID != listingAcct || kept.CreatorARN != p.CreatorARN || !kept.CreatedAt.Equal(p.CreatedAt) || kept.Revision != 2 {
			t.Errorf("after a save with other identity fields: %s %s %v rev %d", kept.AccountID, kept.CreatorARN, kept.CreatedAt, kept.Revision)
		}

		// An unknown product cannot be saved.
		ghost := fullProduct("prod-ghost00000001", listingAcct)
		wantDomainError(t, store.SaveProduct(ctx, ghost, 0), domain.ECONFLICT, domain.MsgChangedSinceOpened)
	})
}

func TestProductStoreVersionRules(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		sm := db.SageMaker()
		p := fullProduct("prod-versions00001", listingAcct)
		other := fullProduct("prod-versions00002", listingAcct)
		mustCreateProduct(t, store, p)
		mustCreateProduct(t, store, other)
		r1, r2, r3 := sampleModelPackage(listingAcct, "one"), sampleModelPackage(listingAcct, "two"), sampleModelPackage(listingAcct, "three")
		for _, r := range []*domain.SageMakerResource{r1, r2, r3} {
			mustCreateResource(t, sm, r)
		}
		add := func(prod *domain.Product, arn string) (*domain.Version, error) {
			v := fullVersion(prod.ID, arn)
			return v, store.AddVersion(ctx, prod, prod.Revision, v, listingChange(prod.ID, domain.ChangeAddDeliveryOptions, listedAt))
		}
		v1, err := add(p, r1.ARN())
		if err != nil {
			t.Fatalf("AddVersion(v1) error = %v", err)
		}
		// Two unnumbered versions may coexist.
		v2, err := add(p, r2.ARN())
		if err != nil {
			t.Fatalf("AddVersion(v2) error = %v", err)
		}

		// One resource, one version: in this product or another.
		for _, prod := range []*domain.Product{p, other} {
			before := mustProduct(t, store, listingAcct, prod.ID)
			changesBefore := changeTypesOf(t, store, prod.ID)
			_, err := add(prod, r1.ARN())
			wantFieldError(t, err, domain.FieldResourceARN, domain.MsgARNInUse)
			assertSameFields(t, "after a clashing AddVersion", *mustProduct(t, store, listingAcct, prod.ID), *before)
			if got := changeTypesOf(t, store, prod.ID); !slices.Equal(got, changesBefore) {
				t.Errorf("changes after a clashing AddVersion = %v, want %v", got, changesBefore)
			}
		}

		// A stale AddVersion stores no version.
		stale := mustProduct(t, store, listingAcct, p.ID)
		err = store.AddVersion(ctx, stale, stale.Revision-1, fullVersion(p.ID, r3.ARN()), listingChange(p.ID, domain.ChangeAddDeliveryOptions, listedAt))
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgChangedSinceOpened)
		if _, err := store.VersionByARN(ctx, r3.ARN()); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("VersionByARN(after a stale add) error = %v, want ENOTFOUND", err)
		}

		// Numbers are unique in a product.
		v1.Number = "1.0"
		if err := store.SaveVersion(ctx, p, p.Revision, v1, listingChange(p.ID, domain.ChangeUpdateDeliveryOptions, listedAt)); err != nil {
			t.Fatalf("SaveVersion(v1 1.0) error = %v", err)
		}
		productBefore := mustProduct(t, store, listingAcct, p.ID)
		changesBefore := changeTypesOf(t, store, p.ID)
		v2.Number, v2.ReleaseNotes = "1.0", "Clashing save."
		err = store.SaveVersion(ctx, p, p.Revision, v2, listingChange(p.ID, domain.ChangeUpdateDeliveryOptions, listedAt))
		wantFieldError(t, err, domain.FieldVersionTitle, domain.MsgVersionNumberTaken)
		assertSameFields(t, "product after a clashing SaveVersion", *mustProduct(t, store, listingAcct, p.ID), *productBefore)
		if got := changeTypesOf(t, store, p.ID); !slices.Equal(got, changesBefore) {
			t.Errorf("changes after a clashing SaveVersion = %v, want %v", got, changesBefore)
		}
		storedV2, err := store.VersionByARN(ctx, r2.ARN())
		if err != nil || storedV2.Number != "" || storedV2.ReleaseNotes != fullVersion("", "").ReleaseNotes {
			t.Errorf("v2 after a clashing save = %+v, %v; want it unchanged", storedV2, err)
		}

		// The same number in another product is fine.
		v3, err := add(other, r3.ARN())
		if err != nil {
			t.Fatalf("AddVersion(other) error = %v", err)
		}
		v3.Number = "1.0"
		if err := store.SaveVersion(ctx, other, other.Revision, v3, listingChange(other.ID, domain.ChangeUpdateDeliveryOptions, listedAt)); err != nil {
			t.Errorf("SaveVersion(1.0 in another product) error = %v", err)
		}

		// A stale SaveVersion writes nothing.
		v2.Number, v2.ReleaseNotes = "2.0", "Stale save."
		err = store.SaveVersion(ctx, p, p.Revision-1, v2, listingChange(p.ID, domain.ChangeUpdateDeliveryOptions, listedAt))
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgChangedSinceOpened)
		if got, _ := store.VersionByARN(ctx, r2.ARN()); got == nil || got.Number != "" {
			t.Errorf("v2 after a stale save = %+v, want it unchanged", got)
		}

		// An unknown version cannot be saved.
		ghost := fullVersion(p.ID, "arn:aws:sagemaker:us-east-1:"+listingAcct+":model-package/ghost")
		ghost.ID = v1.ID + 1000
		err = store.SaveVersion(ctx, p, p.Revision, ghost, listingChange(p.ID, domain.ChangeUpdateDeliveryOptions, listedAt))
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)

		versions, err := store.Versions(ctx, p.ID)
		if err != nil || len(versions) != 2 || versions[0].ID != v1.ID || versions[1].ID != v2.ID {
			t.Errorf("Versions() = %+v, %v; want v1 then v2", versions, err)
		}
	})
}

func TestProductStoreAddVersionToUnknownProduct(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		r := sampleModelPackage(listingAcct, "orphan")
		mustCreateResource(t, db.SageMaker(), r)
		ghost := fullProduct("prod-ghost00000002", listingAcct)
		err := store.AddVersion(ctx, ghost, 0, fullVersion(ghost.ID, r.ARN()), listingChange(ghost.ID, domain.ChangeAddDeliveryOptions, listedAt))
		if err == nil {
			t.Fatal("AddVersion(unknown product) succeeded")
		}
		// The product is gone: not found, or changed since it was opened.
		if code := domain.ErrorCode(err); code != domain.ENOTFOUND && code != domain.ECONFLICT {
			t.Errorf("AddVersion(unknown product) error = %v, want ENOTFOUND or ECONFLICT", err)
		}
		if user, err := db.SageMaker().ResourceUser(ctx, r.ARN()); err != nil || user != nil {
			t.Errorf("ResourceUser() = %v, %v after a refused add", user, err)
		}
	})
}

func TestProductStoreVersionByARN(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := fullProduct("prod-byarn00000001", listingAcct)
		mustCreateProduct(t, store, p)
		r := sampleModelPackage(listingAcct, "found")
		mustCreateResource(t, db.SageMaker(), r)
		v := fullVersion(p.ID, r.ARN())
		if err := store.AddVersion(ctx, p, p.Revision, v, listingChange(p.ID, domain.ChangeAddDeliveryOptions, listedAt)); err != nil {
			t.Fatal(err)
		}
		got, err := store.VersionByARN(ctx, r.ARN())
		if err != nil || got.ID != v.ID || got.ProductID != p.ID {
			t.Errorf("VersionByARN() = %+v, %v; want version %d of %s", got, err, v.ID, p.ID)
		}
		for _, arn := range []string{
			"arn:aws:sagemaker:us-east-1:" + listingAcct + ":model-package/FOUND",
			"arn:aws:sagemaker:us-west-2:" + listingAcct + ":model-package/found",
			"arn:aws:sagemaker:us-east-1:" + listingAcct + ":model-package/foun",
			"",
		} {
			got, err := store.VersionByARN(ctx, arn)
			if domain.ErrorCode(err) != domain.ENOTFOUND || got != nil {
				t.Errorf("VersionByARN(%q) = %+v, %v; want ENOTFOUND", arn, got, err)
			}
		}
	})
}

func TestProductStoreProductChanges(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		p := fullProduct("prod-history000001", listingAcct)
		other := fullProduct("prod-history000002", listingAcct)
		mustCreateProduct(t, store, p)     // CreateProduct at listedAt
		mustCreateProduct(t, store, other) // not in p's history
		later := listedAt.Add(time.Hour)
		// Two changes of one save share a time: the later-written comes first.
		if err := store.SaveProduct(ctx, p, 0, listingChange(p.ID, domain.ChangeUpdateInformation, later), listingChange(p.ID, domain.ChangeUpdateTargeting, later)); err != nil {
			t.Fatal(err)
		}
		if err := store.SaveProduct(ctx, p, 1, listingChange(p.ID, domain.ChangeUpdatePricingTerms, listedAt.Add(2*time.Hour))); err != nil {
			t.Fatal(err)
		}
		if err := store.SaveProduct(ctx, other, 0, listingChange(other.ID, domain.ChangeUpdateLegalTerms, listedAt.Add(3*time.Hour))); err != nil {
			t.Fatal(err)
		}

		all, err := store.ProductChanges(ctx, p.ID, 10)
		if err != nil {
			t.Fatalf("ProductChanges() error = %v", err)
		}
		want := []domain.ProductChange{
			listingChange(p.ID, domain.ChangeUpdatePricingTerms, listedAt.Add(2*time.Hour)),
			listingChange(p.ID, domain.ChangeUpdateTargeting, later),
			listingChange(p.ID, domain.ChangeUpdateInformation, later),
			listingChange(p.ID, domain.ChangeCreateProduct, listedAt),
		}
		if len(all) != len(want) {
			t.Fatalf("ProductChanges() = %+v, want %+v", all, want)
		}
		for i := range want {
			assertSameFields(t, "change", all[i], want[i])
		}
		limited, err := store.ProductChanges(ctx, p.ID, 2)
		if err != nil || len(limited) != 2 || limited[0].ChangeType != domain.ChangeUpdatePricingTerms || limited[1].ChangeType != domain.ChangeUpdateTargeting {
			t.Errorf("ProductChanges(limit 2) = %+v, %v; want the two newest", limited, err)
		}
		if none, err := store.ProductChanges(ctx, "prod-unknown000001", 10); err != nil || len(none) != 0 {
			t.Errorf("ProductChanges(unknown) = %+v, %v; want none", none, err)
		}
	})
}

func TestProductStoreMarksResourceInUse(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		sm := db.SageMaker()
		used, unused := sampleModelPackage(listingAcct, "used"), sampleModelPackage(listingAcct, "unused")
		p := productUsingOneOfTwoResources(t, db, "prod-inuse00000001", used, unused, func() {
			if user, err := sm.ResourceUser(ctx, used.ARN()); err != nil || user != nil {
				t.Fatalf("ResourceUser(before) = %v, %v; want nil", user, err)
			}
		})
		for arn, want := range map[string]bool{used.ARN(): true, unused.ARN(): false} {
			user, err := sm.ResourceUser(ctx, arn)
			if err != nil || (user != nil) != want {
				t.Errorf("ResourceUser(%s) = %v, %v; want in use %v", arn, user, err, want)
			}
			if user != nil && (user.Product.ID != p.ID || user.Subscribers != 0) {
				t.Errorf("ResourceUser(%s) = product %s with %d subscribers, want %s with 0", arn, user.Product.ID, user.Subscribers, p.ID)
			}
		}
	})
}

// productUsingOneOfTwoResources stores both resources and a product with
// id whose one version names used; beforeVersion runs once the product
// exists, before its version is added.
func productUsingOneOfTwoResources(t *testing.T, db *persistence.DB, id string, used, unused *domain.SageMakerResource, beforeVersion func()) *domain.Product {
	t.Helper()
	store, sm := db.Products(), db.SageMaker()
	mustCreateResource(t, sm, used)
	mustCreateResource(t, sm, unused)
	p := fullProduct(id, listingAcct)
	mustCreateProduct(t, store, p)
	beforeVersion()
	if err := store.AddVersion(context.Background(), p, p.Revision, fullVersion(p.ID, used.ARN()), listingChange(p.ID, domain.ChangeAddDeliveryOptions, listedAt)); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDeleteResourceMovesOnTheRevisionOfItsProducts: the core keeps a
// listing's resources with the product's revision, so deleting a resource
// must move on the revision of every product whose versions name it, and
// of no other.
func TestDeleteResourceMovesOnTheRevisionOfItsProducts(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		sm := db.SageMaker()
		used, unused := sampleModelPackage(listingAcct, "used"), sampleModelPackage(listingAcct, "unused")
		p := productUsingOneOfTwoResources(t, db, "prod-delres0000001", used, unused, func() {})
		other := fullProduct("prod-delres0000002", listingAcct)
		mustCreateProduct(t, store, other)
		revision := func(id string) int {
			t.Helper()
			rev, err := store.ProductRevision(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return rev
		}
		before, otherBefore := revision(p.ID), revision(other.ID)
		if err := sm.DeleteResource(ctx, listingAcct, domain.KindModelPackage, "unused"); err != nil {
			t.Fatal(err)
		}
		if got := revision(p.ID); got != before {
			t.Errorf("deleting a resource no version names moved the revision %d → %d", before, got)
		}
		if err := sm.DeleteResource(ctx, listingAcct, domain.KindModelPackage, "used"); err != nil {
			t.Fatal(err)
		}
		if got := revision(p.ID); got != before+1 {
			t.Errorf("revision after deleting its version's resource = %d, want %d", got, before+1)
		}
		if got := revision(other.ID); got != otherBefore {
			t.Errorf("another product's revision moved %d → %d", otherBefore, got)
		}
	})
}

// TestProductRevisions reads the revisions of several products in one
// query, leaving unknown IDs out, through the prepared statement and past
// its limit alike.
func TestProductRevisions(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.Products()
		a, b := fullProduct("prod-revs000000001", listingAcct), fullProduct("prod-revs000000002", listingAcct)
		mustCreateProduct(t, store, a)
		mustCreateProduct(t, store, b)
		if err := store.AddVersion(ctx, b, b.Revision, fullVersion(b.ID, "arn:aws:sagemaker:us-east-1:"+listingAcct+":model-package/revs"), listingChange(b.ID, domain.ChangeAddDeliveryOptions, listedAt)); err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, id := range []string{a.ID, b.ID} {
			rev, err := store.ProductRevision(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want[id] = rev
		}
		many := []string{a.ID, "prod-unknown000001", b.ID}
		for i := 0; len(many) <= 40; i++ {
			many = append(many, fmt.Sprintf("prod-unknown%06d", i+2))
		}
		for _, ids := range [][]string{{a.ID, "prod-unknown000001", b.ID}, many} {
			got, err := store.ProductRevisions(ctx, ids)
			if err != nil || !maps.Equal(got, want) {
				t.Errorf("ProductRevisions(%d IDs) = %v, %v; want %v", len(ids), got, err, want)
			}
		}
		if got, err := store.ProductRevisions(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("ProductRevisions(none) = %v, %v; want none", got, err)
		}
	})
}
