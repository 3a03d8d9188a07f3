package persistence

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

// goldenRecords returns, for each file of testdata/golden, a new value of
// the record stored in that shape.
func goldenRecords() map[string]any {
	return map[string]any{
		"info.json":            &infoJSON{},
		"promo.json":           &promoJSON{},
		"support.json":         &supportJSON{},
		"regions.json":         &regionsJSON{},
		"offer.json":           &offerJSON{},
		"removal.json":         &removalJSON{},
		"snapshot.json":        &snapshotJSON{},
		"version_details.json": &versionDetailsJSON{},
		"resource_lists.json":  &resourceListsJSON{},
		"algorithm_spec.json":  &algorithmSpecJSON{},
		"terms.json":           &termsJSON{},
		"price_steps.json":     &[]priceStepJSON{},
	}
}

// readGolden returns a golden file as checked in: indented by two spaces,
// with a final newline.
func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// compactGolden returns a golden file as a column stores it.
func compactGolden(t *testing.T, name string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, readGolden(t, name)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.String()
}

// TestStoredJSONGolden reads each golden file into its record and writes it
// again: a key renamed, added or dropped in records_json.go changes the
// bytes. The files set every field, so none is left out by accident.
func TestStoredJSONGolden(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	records := goldenRecords()
	var files []string
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, e.Name())
		}
	}
	var want []string
	for name := range records {
		want = append(want, name)
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Fatalf("golden files = %v, want one per stored shape: %v", files, want)
	}
	for name, rec := range records {
		t.Run(name, func(t *testing.T) {
			golden := readGolden(t, name)
			dec := json.NewDecoder(bytes.NewReader(golden))
			dec.DisallowUnknownFields()
			if err := dec.Decode(rec); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if missing := unsetFields(reflect.ValueOf(rec), ""); len(missing) > 0 {
				t.Errorf("golden file leaves fields unset: %v", missing)
			}
			got, err := json.MarshalIndent(rec, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if got = append(got, '\n'); !bytes.Equal(got, golden) {
				t.Errorf("marshalled again =\n%s\nwant\n%s", got, golden)
			}
		})
	}
}

// TestProductRecordsMatchGolden stores a fully populated product, version
// and resource: the columns hold the golden JSON, and reading them back
// gives the values stored, so a domain field the records forget fails.
func TestProductRecordsMatchGolden(t *testing.T) {
	p, v, r := fullProduct(), fullVersion(), fullResource()
	for _, x := range []any{p, v, r} {
		if missing := unsetFields(reflect.ValueOf(x), ""); len(missing) > 0 {
			t.Fatalf("%T leaves fields unset: %v; set them so the round trip covers them", x, missing)
		}
	}

	rec := productToRecord(p)
	for name, got := range map[string]string{
		"info.json": rec.Info, "promo.json": rec.Promo, "support.json": rec.Support, "regions.json": rec.Regions,
		"offer.json": rec.Offer, "removal.json": rec.Removal, "snapshot.json": rec.Snapshot,
	} {
		if want := compactGolden(t, name); got != want {
			t.Errorf("product column of %s =\n%s\nwant\n%s", name, got, want)
		}
	}
	// Buyers' snapshot is the staged one as signed off: the same shape.
	if want := compactGolden(t, "snapshot.json"); rec.PublicSnapshot != want {
		t.Errorf("public snapshot column =\n%s\nwant\n%s", rec.PublicSnapshot, want)
	}
	if string(rec.SnapshotLogo) != "snapshot logo" || string(rec.PendingSnapshotLogo) != "pending logo" ||
		string(rec.PublicSnapshotLogo) != "public logo" || string(rec.Logo) != "working logo" {
		t.Errorf("logo columns = %q, %q, %q, %q", rec.Logo, rec.SnapshotLogo, rec.PendingSnapshotLogo, rec.PublicSnapshotLogo)
	}
	back, err := rec.toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("product read back =\n%+v\nwant\n%+v", back, p)
	}

	vrec := versionToRecord(&v)
	if want := compactGolden(t, "version_details.json"); vrec.Details != want {
		t.Errorf("version details =\n%s\nwant\n%s", vrec.Details, want)
	}
	vback, err := vrec.toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*vback, v) {
		t.Errorf("version read back =\n%+v\nwant\n%+v", *vback, v)
	}

	rrec, err := resourceToRecord(&r)
	if err != nil {
		t.Fatal(err)
	}
	if want := compactGolden(t, "resource_lists.json"); rrec.InstanceTypes != want {
		t.Errorf("resource lists =\n%s\nwant\n%s", rrec.InstanceTypes, want)
	}
	if want := compactGolden(t, "algorithm_spec.json"); rrec.Spec != want {
		t.Errorf("algorithm spec =\n%s\nwant\n%s", rrec.Spec, want)
	}
	rback, err := rrec.toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*rback, r) {
		t.Errorf("resource read back =\n%+v\nwant\n%+v", *rback, r)
	}
}

// TestProductRecordsKeepEmptyLists checks that nil and empty lists, and
// missing snapshots, read back as they were written.
func TestProductRecordsKeepEmptyLists(t *testing.T) {
	p := &domain.Product{ID: "prod-emptylists0001", TestAccounts: []string{}, Regions: domain.DefaultRegions(),
		Info:  domain.GeneralInfo{Highlights: []string{}},
		Promo: domain.Promotional{Links: []domain.ResourceLink{}},
		Offer: domain.Offer{Prices: []domain.InstancePrice{}}}
	back, err := productToRecord(p).toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, p) {
		t.Errorf("product read back =\n%+v\nwant\n%+v", back, p)
	}
	v := domain.Version{CustomAttributes: []domain.CustomAttribute{}, Input: domain.InputDetails{Parameters: []domain.Parameter{}}}
	vback, err := versionToRecord(&v).toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*vback, v) {
		t.Errorf("version read back =\n%+v\nwant\n%+v", *vback, v)
	}
}

// TestStoredDomainFieldsListed fails when a domain struct that is stored
// gains, loses or renames a field. When it does, store the field: add it to
// its record in records_json.go (a new JSON key needs no migration when
// readers treat its absence as the zero value; a renamed key does), to the
// golden files, to fullProduct, fullVersion or fullResource, and here.
func TestStoredDomainFieldsListed(t *testing.T) {
	for typ, want := range map[reflect.Type][]string{
		reflect.TypeFor[domain.Product](): {"ID", "AccountID", "CreatorARN", "Type", "Status", "SubmittedAt",
			"PublishDueAt", "TestAccounts", "Removal", "Snapshot", "PublicSnapshot", "PendingSnapshot", "Info", "Promo", "Support",
			"Regions", "Offer", "Revision", "CreatedAt", "UpdatedAt"},
		reflect.TypeFor[domain.GeneralInfo](): {"Privacy", "AllowedAccounts", "Title", "ShortDescription", "Overview",
			"Highlights", "Categories", "VideoURL"},
		reflect.TypeFor[domain.Promotional]():        {"Logo", "LogoType", "Keywords", "Links"},
		reflect.TypeFor[domain.ResourceLink]():       {"Title", "URL"},
		reflect.TypeFor[domain.SupportInfo]():        {"Chosen", "Offered", "Email", "URL", "Description"},
		reflect.TypeFor[domain.RegionAvailability](): {"Chosen", "AllCurrentAndFuture", "Regions"},
		reflect.TypeFor[domain.Offer]():              {"Pricing", "Prices", "TrialDays", "EULA", "StandardContract"},
		reflect.TypeFor[domain.InstancePrice]():      {"Use", "InstanceType", "HourlyMillis"},
		reflect.TypeFor[domain.Removal]():            {"Email", "Reason", "ReplacementID", "At", "SupportUntil"},
		reflect.TypeFor[domain.Snapshot]():           {"Info", "Promo", "Support", "Regions", "Offer", "Versions", "At"},
		reflect.TypeFor[domain.Version](): {"ID", "ProductID", "Number", "ResourceARN", "Status", "SubmittedAt",
			"ReleasedAt", "RestrictPending", "RestrictedAt", "ReleaseNotes", "NotebookURL", "RepoURL",
			"TrainingDataDescription", "TrainingDataSampleURL", "AlgorithmOverview", "CustomAttributes", "Input",
			"Output", "RecommendedRealtime", "RecommendedBatch", "RecommendedTraining", "CreatedAt"},
		reflect.TypeFor[domain.CustomAttribute](): {"Name", "Description", "Constraints", "Required"},
		reflect.TypeFor[domain.Parameter]():       {"Name", "Description", "Constraints", "Required"},
		reflect.TypeFor[domain.InputDetails](): {"Description", "Limitations", "SampleRealtimeURL", "SampleBatchURL",
			"Parameters"},
		reflect.TypeFor[domain.OutputDetails](): {"Description", "SampleText", "SampleURL", "Parameters"},
		reflect.TypeFor[domain.SageMakerResource](): {"AccountID", "Kind", "Name", "Description", "Region",
			"RealtimeInstanceTypes", "BatchInstanceTypes", "TrainingInstanceTypes", "ContentTypes", "ResponseMIMETypes",
			"CertifiedForMarketplace", "ValidationStatus", "TrainingChannels", "HyperParameters", "MetricDefinitions",
			"SupportsDistributedTraining", "CreatedAt"},
		reflect.TypeFor[domain.TrainingChannel](): {"Name", "Description", "Required", "ContentTypes",
			"CompressionTypes", "InputModes"},
		reflect.TypeFor[domain.HyperParameter](): {"Name", "Description", "Type", "MinValue", "MaxValue", "Values",
			"DefaultValue", "Tunable", "Required"},
		reflect.TypeFor[domain.MetricDefinition](): {"Name", "Regex"},
		reflect.TypeFor[domain.Terms]():            {"Pricing", "Prices", "TrialDays", "EULA", "StandardContract"},
		reflect.TypeFor[domain.PriceStep]():        {"At", "Pricing", "Prices"},
		reflect.TypeFor[domain.PrivateOffer](): {"ID", "ProductID", "SellerAccountID", "Name", "Buyers", "Terms",
			"ExpiresAt", "DurationMonths", "CreatedAt", "CreatedBy"},
		reflect.TypeFor[domain.Agreement](): {"ID", "OfferID", "ProductID", "SellerAccountID", "BuyerAccountID",
			"Private", "Terms", "Steps", "StartAt", "EndAt", "TrialEndAt", "TrialEnded", "Status", "EndedAt", "Test"},
	} {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s has fields %v; the records store %v", typ, got, want)
		}
	}
}

// unsetFields lists the paths of the zero fields and empty lists within v.
func unsetFields(v reflect.Value, path string) []string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return []string{path}
		}
		return unsetFields(v.Elem(), path)
	case reflect.Slice:
		if v.Len() == 0 {
			return []string{path}
		}
		var out []string
		for i := range v.Len() {
			out = append(out, unsetFields(v.Index(i), path+"[]")...)
		}
		return out
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			if v.IsZero() {
				return []string{path}
			}
			return nil
		}
		var out []string
		for i := range v.NumField() {
			out = append(out, unsetFields(v.Field(i), path+"."+v.Type().Field(i).Name)...)
		}
		return out
	}
	if v.IsZero() {
		return []string{path}
	}
	return nil
}

// hoursAfterGolden returns a date h hours after the golden listing was made.
// Whole seconds survive both databases' timestamps.
func hoursAfterGolden(h int) time.Time {
	return time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
}

// fullVersion returns a version with every field set, as in
// version_details.json and in the versions of snapshot.json.
func fullVersion() domain.Version {
	return domain.Version{
		ID: 7, ProductID: "prod-golden0000001", Number: "2.1",
		ResourceARN: "arn:aws:sagemaker:us-east-1:111122223333:model-package/demand-forecaster-v2",
		Status:      domain.VersionRestricted, SubmittedAt: hoursAfterGolden(2), ReleasedAt: hoursAfterGolden(3),
		RestrictPending: true, RestrictedAt: hoursAfterGolden(4),
		ReleaseNotes: "Faster inference & a new holiday feature.", NotebookURL: "https://example.com/notebooks/forecast.ipynb",
		RepoURL: "https://github.com/example/demand-forecaster", TrainingDataDescription: "Daily sales of 500 stores.",
		TrainingDataSampleURL: "https://example.com/samples/train.csv", AlgorithmOverview: "Gradient boosting over lagged sales.",
		CustomAttributes: []domain.CustomAttribute{
			{Name: "threshold", Description: "Lowest score returned.", Constraints: "0 to 1", Required: true},
		},
		Input: domain.InputDetails{Description: "CSV rows of store, date and sales.", Limitations: "At most 5 MB a request.",
			SampleRealtimeURL: "https://example.com/samples/realtime.csv", SampleBatchURL: "https://example.com/samples/batch.csv",
			Parameters: []domain.Parameter{{Name: "store", Description: "Store ID.", Constraints: "Integer", Required: true}}},
		Output: domain.OutputDetails{Description: "JSON forecasts.", SampleText: `{"store": 1, "forecast": [12.5]}`,
			SampleURL:  "https://example.com/samples/output.json",
			Parameters: []domain.Parameter{{Name: "forecast", Description: "Units per day.", Constraints: "Non-negative", Required: true}}},
		RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge", RecommendedTraining: "ml.p3.2xlarge",
		CreatedAt: hoursAfterGolden(1),
	}
}

// fullProduct returns a product with every field set, as in the golden
// files; its snapshot has the product's sections and fullVersion, and its
// pending snapshot a newer title.
func fullProduct() *domain.Product {
	info := domain.GeneralInfo{Privacy: domain.PrivacyPrivate, AllowedAccounts: []string{"444455556666"},
		Title: "Demand Forecaster", ShortDescription: "Forecasts daily demand.", Overview: "Forecasts demand per store and day.",
		Highlights: []string{"Accurate", "Fast"}, Categories: []string{"Forecasting", "Retail"},
		VideoURL: "https://example.com/videos/forecaster.mp4"}
	promo := domain.Promotional{Logo: []byte("working logo"), LogoType: "image/png", Keywords: []string{"demand", "sales"},
		Links: []domain.ResourceLink{{Title: "User guide", URL: "https://example.com/guide"}}}
	support := domain.SupportInfo{Chosen: true, Offered: true, Email: "support@example.com", URL: "https://example.com/support",
		Description: "Answers within a day."}
	regions := domain.RegionAvailability{Chosen: true, AllCurrentAndFuture: true, Regions: []string{"eu-west-1", "us-east-1"}}
	offer := domain.Offer{Pricing: domain.PricingPaidTrial, TrialDays: 14, EULA: "Use at your own risk.", StandardContract: true,
		Prices: []domain.InstancePrice{{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1250}}}
	snapshot := func(title, logo string, at time.Time) *domain.Snapshot {
		s := &domain.Snapshot{Info: info, Promo: promo, Support: support, Regions: regions, Offer: offer,
			Versions: []domain.Version{fullVersion()}, At: at}
		s.Info.Title, s.Promo.Logo = title, []byte(logo)
		return s
	}
	return &domain.Product{
		ID: "prod-golden0000001", AccountID: "111122223333", CreatorARN: "arn:aws:iam::111122223333:user/alice",
		Type: domain.KindModelPackage, Status: domain.StatusRestricted, SubmittedAt: hoursAfterGolden(2),
		PublishDueAt: hoursAfterGolden(5), TestAccounts: []string{"777788889999"},
		Removal: &domain.Removal{Email: "alice@example.com", Reason: "Replaced by a newer model.",
			ReplacementID: "prod-golden0000002", At: hoursAfterGolden(6), SupportUntil: hoursAfterGolden(6 + 90*24)},
		Snapshot:        snapshot(info.Title, "snapshot logo", hoursAfterGolden(3)),
		PendingSnapshot: snapshot("Demand Forecaster 2", "pending logo", hoursAfterGolden(4)),
		PublicSnapshot:  snapshot(info.Title, "public logo", hoursAfterGolden(3)),
		Info:            info, Promo: promo, Support: support, Regions: regions, Offer: offer,
		Revision: 4, CreatedAt: hoursAfterGolden(0), UpdatedAt: hoursAfterGolden(6),
	}
}

// fullResource returns an algorithm with every field set, as in
// resource_lists.json and algorithm_spec.json.
func fullResource() domain.SageMakerResource {
	return domain.SageMakerResource{
		AccountID: "111122223333", Kind: domain.KindAlgorithm, Name: "demand-forecaster", Description: "Forecasts demand.",
		Region: "us-east-1", RealtimeInstanceTypes: []string{"ml.m5.large"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
		TrainingInstanceTypes: []string{"ml.p3.2xlarge"}, ContentTypes: []string{"text/csv"},
		ResponseMIMETypes: []string{"application/json"}, CertifiedForMarketplace: true,
		ValidationStatus: domain.ValidationCompleted,
		TrainingChannels: []domain.TrainingChannel{{Name: "train", Description: "Training data.", Required: true,
			ContentTypes: []string{"text/csv"}, CompressionTypes: []string{"None", "Gzip"}, InputModes: []string{"File"}}},
		HyperParameters: []domain.HyperParameter{{Name: "depth", Description: "Tree depth.",
			Type: domain.HyperParameterCategorical, MinValue: "1", MaxValue: "10", Values: []string{"4", "8"},
			DefaultValue: "8", Tunable: true, Required: true}},
		MetricDefinitions:           []domain.MetricDefinition{{Name: "validation:rmse", Regex: `rmse=(\S+)`}},
		SupportsDistributedTraining: true, CreatedAt: hoursAfterGolden(0),
	}
}

// fullTerms returns terms with every field set, as in terms.json.
func fullTerms() domain.Terms {
	return domain.Terms{Pricing: domain.PricingPaidTrial, TrialDays: 7, EULA: "Private terms for Acme.", StandardContract: true,
		Prices: []domain.InstancePrice{
			{Use: domain.UseBatch, InstanceType: "ml.m5.xlarge", HourlyMillis: 2000},
			{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1250},
		}}
}

// fullAgreement returns an agreement with every field set, its terms as in
// terms.json and its steps as in price_steps.json.
func fullAgreement() *domain.Agreement {
	step := func(h int, millis int64) domain.PriceStep {
		return domain.PriceStep{At: hoursAfterGolden(h), Pricing: domain.PricingPaid,
			Prices: []domain.InstancePrice{{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: millis}}}
	}
	return &domain.Agreement{ID: "agmt-golden0000001", OfferID: "offer-golden000000000001", ProductID: "prod-golden0000001",
		SellerAccountID: "111122223333", BuyerAccountID: "444455556666", Private: true, Terms: fullTerms(),
		Steps: []domain.PriceStep{step(24, 1000), step(24*91, 1500)}, StartAt: hoursAfterGolden(1),
		EndAt: hoursAfterGolden(24 * 365), TrialEndAt: hoursAfterGolden(1 + 24*7), TrialEnded: hoursAfterGolden(2 + 24*7),
		Status: domain.AgreementReplaced, EndedAt: hoursAfterGolden(24 * 100), Test: true}
}

// TestOfferRecordsMatchGolden stores a fully populated private offer and
// agreement: the terms and steps columns hold the golden JSON, and reading
// them back gives the values stored.
func TestOfferRecordsMatchGolden(t *testing.T) {
	o := &domain.PrivateOffer{ID: "offer-golden000000000001", ProductID: "prod-golden0000001", SellerAccountID: "111122223333",
		Name: "Acme volume deal", Buyers: []string{"444455556666", "777788889999"}, Terms: fullTerms(),
		ExpiresAt: hoursAfterGolden(24 * 30), DurationMonths: 12, CreatedAt: hoursAfterGolden(0),
		CreatedBy: "arn:aws:iam::111122223333:user/alice"}
	a := fullAgreement()
	for _, x := range []any{o, a} {
		if missing := unsetFields(reflect.ValueOf(x), ""); len(missing) > 0 {
			t.Fatalf("%T leaves fields unset: %v; set them so the round trip covers them", x, missing)
		}
	}
	orec := privateOfferToRecord(o)
	if want := compactGolden(t, "terms.json"); orec.Terms != want {
		t.Errorf("offer terms =\n%s\nwant\n%s", orec.Terms, want)
	}
	oback, err := orec.toDomain(o.Buyers)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(oback, o) {
		t.Errorf("offer read back =\n%+v\nwant\n%+v", oback, o)
	}
	arec := agreementToRecord(a)
	if want := compactGolden(t, "terms.json"); arec.Terms != want {
		t.Errorf("agreement terms =\n%s\nwant\n%s", arec.Terms, want)
	}
	if want := compactGolden(t, "price_steps.json"); arec.Steps != want {
		t.Errorf("agreement steps =\n%s\nwant\n%s", arec.Steps, want)
	}
	aback, err := arec.toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(aback, a) {
		t.Errorf("agreement read back =\n%+v\nwant\n%+v", aback, a)
	}
	a.Steps = nil
	if arec := agreementToRecord(a); arec.Steps != "[]" {
		t.Errorf("no steps stored as %s, want []", arec.Steps)
	}
}

// TestOfferRecordsReadFirstRows reads terms and steps as the first rows
// hold them, written from the domain structs with Go field names as keys.
func TestOfferRecordsReadFirstRows(t *testing.T) {
	a := fullAgreement()
	rec := agreementToRecord(a)
	rec.Terms = `{"Pricing":"paid_trial","Prices":[{"Use":"batch","InstanceType":"ml.m5.xlarge","HourlyMillis":2000},` +
		`{"Use":"realtime","InstanceType":"ml.m5.large","HourlyMillis":1250}],"TrialDays":7,` +
		`"EULA":"Private terms for Acme.","StandardContract":true}`
	rec.Steps = `[{"At":"2026-11-21T09:00:00Z","Pricing":"paid","Prices":[{"Use":"realtime","InstanceType":"ml.m5.large",` +
		`"HourlyMillis":1000}]},{"At":"2027-02-19T09:00:00Z","Pricing":"paid","Prices":[{"Use":"realtime",` +
		`"InstanceType":"ml.m5.large","HourlyMillis":1500}]}]`
	back, err := rec.toDomain()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, a) {
		t.Errorf("first rows read back =\n%+v\nwant\n%+v", back, a)
	}
}
