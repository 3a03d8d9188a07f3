package catalogdoc_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/domain/catalogdoc"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

const sellerAccount = "111122223333"

// seller is a core on SQLite with one seller whose registration is complete
// (profile, tax interview, bank account) and who owns two certified model
// packages and one uncertified one.
type seller struct {
	core  *app.App
	clock *domain.FakeClock
	pr    domain.Principal
	arn   string // certified: ml.m5.large real-time, ml.m5.xlarge batch
	arn2  string // certified, same instance types
	draft string // not certified
}

func newSeller(t *testing.T) *seller {
	t.Helper()
	ctx := t.Context()
	db := persistencetest.SQLite(t)
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	clock := domain.NewFakeClock(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	core, err := app.New(db.Repositories(sealer), app.Config{Clock: clock, Hasher: domain.NewFastHasher(), PublishDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	u := &domain.User{AccountID: sellerAccount, Email: "seller@example.com", PasswordHash: "x", Role: domain.RoleRoot, CreatedAt: clock.Now()}
	if err := db.Accounts().CreateAccount(ctx, &domain.Account{ID: sellerAccount, Name: "Seller", CreatedAt: clock.Now()}, u); err != nil {
		t.Fatal(err)
	}
	s := &seller{core: core, clock: clock, pr: domain.Principal{User: u}}
	must(t, core.SaveProfile(ctx, s.pr, domain.SellerProfile{DisplayName: "Example ML Seller", Description: "Models for retail.",
		Website: "https://seller.example.com", SupportEmail: "support@seller.example.com"}, false))
	must(t, core.SaveTax(ctx, s.pr, domain.TaxInterview{EntityType: domain.EntityBusiness, LegalName: "Example ML Seller LLC",
		Country: "US", AddressLine1: "410 Terry Ave N", City: "Seattle", Region: "WA", PostalCode: "98109", TaxID: "12-3456789",
		SignatureName: "Example ML Seller LLC", Certified: true}))
	must(t, core.SaveBank(ctx, s.pr, domain.BankAccount{Kind: domain.BankUSACH, HolderName: "Example ML Seller LLC",
		RoutingNumber: "021000021", AccountNumber: "000123456789"}))
	create := func(name string, certified bool) string {
		r, err := core.CreateSageMakerResource(ctx, s.pr, domain.SageMakerResource{Kind: domain.KindModelPackage, Name: name,
			Region: "us-east-1", RealtimeInstanceTypes: []string{"ml.m5.large"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
			ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
			CertifiedForMarketplace: certified, ValidationStatus: domain.ValidationCompleted})
		if err != nil {
			t.Fatal(err)
		}
		return r.ARN()
	}
	s.arn, s.arn2, s.draft = create("sentiment", true), create("sentiment-v2", true), create("uncertified", false)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// logoDataURL is a small PNG as a data: URL.
func logoDataURL(t *testing.T) string {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// step is one change of a change set, as the API face gets it.
type step struct {
	changeType, changeName, entity, details string
}

// run parses, resolves and applies a change set's changes in order, as the
// API face's runner will, and returns the entity IDs by ChangeName.
func (s *seller) run(t *testing.T, steps []step) map[string]string {
	t.Helper()
	resolved := map[string]string{}
	for i, st := range steps {
		details, err := catalogdoc.ResolveReferences(json.RawMessage(st.details), resolved)
		if err != nil {
			t.Fatalf("step %d %s: resolve: %v", i, st.changeType, err)
		}
		entity, err := catalogdoc.ResolveEntity(st.entity, resolved)
		if err != nil {
			t.Fatalf("step %d %s: entity: %v", i, st.changeType, err)
		}
		c, err := catalogdoc.ParseChange(st.changeType, details)
		if err != nil {
			t.Fatalf("step %d %s: parse: %v", i, st.changeType, err)
		}
		id, err := catalogdoc.Apply(t.Context(), s.core, s.pr, entity, c)
		if err != nil {
			t.Fatalf("step %d %s: apply: %v", i, st.changeType, err)
		}
		if st.changeName != "" {
			resolved[st.changeName] = id
		}
	}
	return resolved
}

const ref = "$CreateProductChange.Entity.Identifier"

// publishSteps create a complete free-to-try paid listing and submit it.
func publishSteps(t *testing.T, arn string) []step {
	return []step{
		{"CreateProduct", "CreateProductChange", "", `{}`},
		{"UpdateInformation", "", ref, `{"ProductTitle":"Sentiment Analyzer","ShortDescription":"Scores review sentiment.",
			"LongDescription":"Scores English product reviews.","Highlights":["Fast","Accurate"],
			"Categories":["Natural Language Processing"],"SearchKeywords":["sentiment"],
			"AdditionalResources":[{"Text":"Docs","Url":"https://www.example.com/docs"}],
			"VideoUrls":["https://www.example.com/video"],"LogoUrl":"` + logoDataURL(t) + `"}`},
		{"AddDeliveryOptions", "", ref, `{"Version":{"VersionTitle":"1.0","ReleaseNotes":"First release."},
			"DeliveryOptions":[{"Details":{"SageMakerModelPackageDeliveryOptionDetails":{
			"SageMakerModelPackageArn":"` + arn + `","AccessRoleArn":"arn:aws:iam::111122223333:role/Ingest",
			"UsageInstructions":"Send CSV.","SampleNotebookUrl":"https://www.example.com/nb","RepositoryUrl":"https://www.example.com/repo",
			"InputProperties":{"Description":"CSV rows of review text.","SampleInput":{"RealtimeInferenceUrl":"https://www.example.com/in.csv"},
				"Parameters":[{"Name":"text","Description":"The review.","Required":true}]},
			"OutputProperties":{"Description":"A JSON score.","SampleOutput":{"RealtimeInferenceText":"{\"score\":0.9}"},
				"Parameters":[{"Name":"score","Description":"From 0 to 1.","AlwaysReturned":true}]},
			"RecommendedInstanceTypes":{"RealtimeInference":"ml.m5.large","BatchTransform":"ml.m5.xlarge"}}}}]}`},
		{"UpdatePricingTerms", "", ref, `{"PricingModel":"Usage","Terms":[
			{"Type":"UsageBasedPricingTerm","CurrencyCode":"USD","RateCards":[{"RateCard":[
				{"DimensionKey":"ml.m5.large.m.i.r","Price":0.125},{"DimensionKey":"ml.m5.xlarge.m.i.b","Price":1}]}]},
			{"Type":"FreeTrialPricingTerm","Duration":"P30D","Grants":[{"DimensionKey":"ml.m5.large.m.i.r"},{"DimensionKey":"ml.m5.xlarge.m.i.b"}]}]}`},
		{"UpdateLegalTerms", "", ref, `{"Terms":[{"Type":"LegalTerm","Documents":[{"Type":"CustomEula",
			"Url":"data:text/plain;base64,` + base64.StdEncoding.EncodeToString([]byte("You may use this model.\n")) + `"}]}]}`},
	}
}

func TestApplyChangeSetToLimited(t *testing.T) {
	s := newSeller(t)
	ctx := t.Context()
	steps := publishSteps(t, s.arn)
	resolved := s.run(t, steps)
	id := resolved["CreateProductChange"]
	if !domain.IsProductID(id) {
		t.Fatalf("CreateProduct gave %q", id)
	}
	// Support information has an email and URL in the portal, which
	// UpdateInformation's SupportDescription alone cannot give: the page
	// sets them, then the API changes the description.
	p, err := s.core.Product(ctx, s.pr, id)
	must(t, err)
	_, err = s.core.UpdateSupport(ctx, s.pr, id, p.Revision, domain.SupportInfo{Chosen: true, Offered: true,
		Email: "help@seller.example.com", URL: "https://seller.example.com/help", Description: "By email."})
	must(t, err)
	s.run(t, []step{
		{"UpdateInformation", "", id, `{"SupportDescription":"Email support within one business day."}`},
		{"UpdateVisibility", "", id, `{"TargetVisibility":"Limited"}`},
	})

	p, versions, resources, err := s.core.ProductVersions(ctx, s.pr, id)
	must(t, err)
	if !p.PublishingInProgress() || p.Status != domain.StatusDraft {
		t.Fatalf("status %s, publishing %v", p.Status, p.PublishingInProgress())
	}
	if p.Support.Email != "help@seller.example.com" || p.Support.Description != "Email support within one business day." {
		t.Errorf("support %+v", p.Support)
	}
	if p.Offer.Pricing != domain.PricingPaidTrial || p.Offer.TrialDays != 30 || p.Offer.EULA != "You may use this model.\n" ||
		len(p.Offer.Prices) != 2 || p.Offer.Prices[0].HourlyMillis != 125 {
		t.Errorf("offer %+v", p.Offer)
	}
	if len(p.Promo.Logo) == 0 || p.Info.VideoURL != "https://www.example.com/video" {
		t.Errorf("logo %d bytes, video %q", len(p.Promo.Logo), p.Info.VideoURL)
	}
	if len(versions) != 1 || versions[0].Number != "1.0" || versions[0].Output.SampleText != `{"score":0.9}` ||
		!versions[0].Output.Parameters[0].Required || versions[0].RecommendedBatch != "ml.m5.xlarge" {
		t.Fatalf("versions %+v", versions)
	}

	// The publishing job stages it: Limited.
	s.clock.Advance(time.Hour)
	if _, err := s.core.Services.Publishing.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	p, versions, resources, err = s.core.ProductVersions(ctx, s.pr, id)
	must(t, err)
	if p.Status != domain.StatusLimited {
		t.Fatalf("status %s after staging", p.Status)
	}

	doc, err := catalogdoc.EntityDocument(p, versions, resources, catalogdoc.EntityOptions{LogoURL: "https://portal.example.com/logo/" + id})
	must(t, err)
	checkEntity(t, doc, versions[0].ID)

	// UpdateVisibility Public signs off.
	s.run(t, []step{{"UpdateVisibility", "", id + "@" + itoa(p.Revision), `{"TargetVisibility":"Public"}`}})
	p, err = s.core.Product(ctx, s.pr, id)
	must(t, err)
	if p.Status != domain.StatusPublic {
		t.Fatalf("status %s after Public", p.Status)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// checkEntity checks the DescribeEntity document of the staged listing,
// field by field and as JSON with AWS's names.
func checkEntity(t *testing.T, doc catalogdoc.MachineLearningProduct, versionID int64) {
	t.Helper()
	d := doc.Description
	if d.ProductTitle != "Sentiment Analyzer" || d.Visibility != "Limited" || len(d.Highlights) != 2 ||
		d.SearchKeywords[0] != "sentiment" || d.Categories[0] != "Natural Language Processing" {
		t.Errorf("description %+v", d)
	}
	if doc.PromotionalResources.LogoUrl == "" || doc.PromotionalResources.Videos[0].Url != "https://www.example.com/video" ||
		doc.PromotionalResources.AdditionalResources[0].Text != "Docs" {
		t.Errorf("promotional %+v", doc.PromotionalResources)
	}
	if doc.SupportInformation.Description != "Email support within one business day." {
		t.Errorf("support %+v", doc.SupportInformation)
	}
	if doc.RegionAvailability.FutureRegionSupport != "All" || len(doc.RegionAvailability.Regions) == 0 {
		t.Errorf("regions %+v", doc.RegionAvailability)
	}
	if len(doc.Versions) != 1 {
		t.Fatalf("versions %+v", doc.Versions)
	}
	v := doc.Versions[0]
	o := v.DeliveryOptions[0]
	if v.VersionTitle != "1.0" || o.Id != catalogdoc.DeliveryOptionID(versionID) || o.Type != "SageMakerModel" ||
		o.Visibility != "Limited" || v.Sources[0].ModelPackageArn == "" || o.SourceId != v.Sources[0].Id ||
		o.RecommendedInstanceTypes.RealtimeInference != "ml.m5.large" || o.SupportedInstanceTypes.BatchTransform[0] != "ml.m5.xlarge" ||
		o.Instructions.InputProperties.Parameters[0].Name != "text" || !o.Instructions.OutputProperties.Parameters[0].AlwaysReturned {
		t.Errorf("version %+v", v)
	}
	keys := map[string]bool{}
	for _, dim := range doc.Dimensions {
		keys[dim.Key] = true
	}
	if !keys["ml.m5.large.m.i.r"] || !keys["ml.m5.xlarge.m.i.b"] || len(keys) != 2 {
		t.Errorf("dimensions %+v", doc.Dimensions)
	}
	b, err := json.Marshal(doc)
	must(t, err)
	for _, want := range []string{`"Versions":[{"Id":"`, `"DeliveryOptions":[{"Id":"`, `"Description":{"ProductTitle":"Sentiment Analyzer"`,
		`"RecommendedInstanceTypes":{"BatchTransform":"ml.m5.xlarge","RealtimeInference":"ml.m5.large"}`,
		`"FutureRegionSupport":"All"`, `"Visibility":"Limited"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s:\n%s", want, b)
		}
	}
	if bytes.Contains(b, []byte(`"Training"`)) || bytes.Contains(b, []byte(`"Sku"`)) || bytes.Contains(b, []byte(`"PositiveTargeting"`)) {
		t.Errorf("JSON has fields AWS omits here:\n%s", b)
	}
}

// TestApplyRefusals checks that the domain's refusals come back with AWS's
// codes and the API's field paths.
func TestApplyRefusals(t *testing.T) {
	s := newSeller(t)
	ctx := t.Context()
	resolved := s.run(t, publishSteps(t, s.arn)[:3]) // created, described, version 1.0 on arn
	id := resolved["CreateProductChange"]
	add := func(arn, title, realtime string) string {
		return `{"Version":{"VersionTitle":"` + title + `","ReleaseNotes":"More."},"DeliveryOptions":[{"Details":{
			"SageMakerModelPackageDeliveryOptionDetails":{"SageMakerModelPackageArn":"` + arn + `",
			"AccessRoleArn":"arn:aws:iam::111122223333:role/Ingest","UsageInstructions":"Send CSV.",
			"SampleNotebookUrl":"https://www.example.com/nb","RepositoryUrl":"https://www.example.com/repo",
			"InputProperties":{"Description":"CSV."},"OutputProperties":{"Description":"JSON.","SampleOutput":{"RealtimeInferenceUrl":"https://www.example.com/o"}},
			"RecommendedInstanceTypes":{"RealtimeInference":"` + realtime + `","BatchTransform":"ml.m5.xlarge"}}}}]}`
	}
	_, versions, _, err := s.core.ProductVersions(ctx, s.pr, id)
	must(t, err)
	optionID := catalogdoc.DeliveryOptionID(versions[0].ID)
	tests := []struct {
		name, changeType, entity, details string
		code, inMessage                   string
	}{
		{"duplicate version title", "AddDeliveryOptions", id, add(s.arn2, "1.0", "ml.m5.large"),
			catalogdoc.CodeDuplicateVersionTitle, "Details.Version.VersionTitle: The version title must be different"},
		{"instance type not offered", "AddDeliveryOptions", id, add(s.arn2, "2.0", "ml.p3.2xlarge"),
			catalogdoc.CodeInvalidRecommendedInstanceType, "SageMakerModelPackageDeliveryOptionDetails.RecommendedInstanceTypes.RealtimeInference"},
		{"another account's resource", "AddDeliveryOptions", id, add("arn:aws:sagemaker:us-east-1:999988887777:model-package/x", "2.0", "ml.m5.large"),
			catalogdoc.CodeInvalidAssetARN, "SageMakerModelPackageDeliveryOptionDetails.SageMakerModelPackageArn"},
		{"uncertified resource", "AddDeliveryOptions", id, add(s.draft, "2.0", "ml.m5.large"),
			catalogdoc.CodeInvalidAssetARN, "SageMakerModelPackageDeliveryOptionDetails.SageMakerModelPackageArn"},
		{"no such resource", "AddDeliveryOptions", id, add("arn:aws:sagemaker:us-east-1:111122223333:model-package/nothing", "2.0", "ml.m5.large"),
			catalogdoc.CodeAssetNotFound, "SageMakerModelPackageArn: We couldn't locate"},
		{"resource already listed", "AddDeliveryOptions", id, add(s.arn, "2.0", "ml.m5.large"),
			catalogdoc.CodeDuplicateAsset, "SageMakerModelPackageArn"},
		{"algorithm on a model product", "AddDeliveryOptions", id, strings.NewReplacer(
			"SageMakerModelPackageDeliveryOptionDetails", "SageMakerAlgorithmDeliveryOptionDetails",
			"SageMakerModelPackageArn", "SageMakerAlgorithmArn", "model-package/", "algorithm/",
			`"BatchTransform":"ml.m5.xlarge"`, `"BatchTransform":"ml.m5.xlarge","Training":"ml.m5.xlarge"`).Replace(add(s.arn2, "2.0", "ml.m5.large")),
			catalogdoc.CodeIncompatibleDeliveryOptions, "SageMakerAlgorithmDeliveryOptionDetails"},
		{"update unknown option", "UpdateDeliveryOptions", id, `{"DeliveryOptions":[{"Id":"00000000-0000-4000-8000-00000000ffff",
			"Details":{"SageMakerModelPackageDeliveryOptionDetails":{"UsageInstructions":"x"}}}]}`,
			catalogdoc.CodeInvalidDeliveryOptionID, "Details.DeliveryOptions[0].Id"},
		{"update instance not offered", "UpdateDeliveryOptions", id, `{"DeliveryOptions":[{"Id":"` + optionID + `",
			"Details":{"SageMakerModelPackageDeliveryOptionDetails":{"RecommendedInstanceTypes":{"BatchTransform":"ml.c5.large"}}}}]}`,
			catalogdoc.CodeInvalidRecommendedInstanceType, "RecommendedInstanceTypes.BatchTransform"},
		{"sample input as text", "UpdateDeliveryOptions", id, `{"DeliveryOptions":[{"Id":"` + optionID + `",
			"Details":{"SageMakerModelPackageDeliveryOptionDetails":{"InputProperties":{"SampleInput":{"RealtimeInferenceText":"a,b"}}}}}]}`,
			catalogdoc.CodeInvalidInput, "InputProperties.SampleInput"},
		{"highlight over the portal's 250", "UpdateInformation", id, `{"Highlights":["` + strings.Repeat("h", 251) + `"]}`,
			catalogdoc.CodeInvalidInput, "Details.Highlights[0]"},
		{"unknown category", "UpdateInformation", id, `{"Categories":["Astrology"]}`, catalogdoc.CodeInvalidInput, "Details.Categories"},
		{"create with a title", "CreateProduct", "", `{"ProductTitle":"Alone"}`, catalogdoc.CodeInvalidInput, "Details.ProductTitle"},
		{"logo as a link", "UpdateInformation", id, `{"LogoUrl":"https://www.example.com/logo.png"}`, catalogdoc.CodeInvalidInput, "Details.LogoUrl"},
		{"per-inference price", "UpdatePricingTerms", id, `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm","CurrencyCode":"USD",
			"RateCards":[{"RateCard":[{"DimensionKey":"m.i.c","Price":0.1}]}]}]}`, catalogdoc.CodeInvalidInput, "DimensionKey"},
		{"price missing", "UpdatePricingTerms", id, `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm","CurrencyCode":"USD",
			"RateCards":[{"RateCard":[{"DimensionKey":"ml.m5.large.m.i.r","Price":0.1}]}]}]}`, catalogdoc.CodeUpdatePricingRequired, "RateCard[ml.m5.xlarge.m.i.b]"},
		{"legal before pricing", "UpdateLegalTerms", id, `{"Terms":[{"Type":"LegalTerm","Documents":[{"Type":"StandardEula","Version":"2022-07-14"}]}]}`,
			catalogdoc.CodeUpdatePricingRequired, "UpdatePricingTerms"},
		{"stale revision", "UpdateInformation", id + "@1", `{"ProductTitle":"Old"}`, catalogdoc.CodeConflict, "revision"},
		{"other account's product", "UpdateInformation", "prod-zzzzzzzzzzzzz", `{"ProductTitle":"Mine"}`, catalogdoc.CodeResourceNotFound, ""},
		{"restrict before public", "RestrictDeliveryOptions", id, `{"DeliveryOptionIds":["` + optionID + `"]}`,
			catalogdoc.CodeIncompatibleProductStatus, ""},
		{"sign off a draft", "UpdateVisibility", id, `{"TargetVisibility":"Public"}`, catalogdoc.CodeIncompatibleProductStatus, ""},
		{"submit incomplete", "UpdateVisibility", id, `{"TargetVisibility":"Limited"}`, catalogdoc.CodeInvalidInput, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := s.core.Product(ctx, s.pr, id)
			must(t, err)
			c, err := catalogdoc.ParseChange(tt.changeType, json.RawMessage(tt.details))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			_, err = catalogdoc.Apply(ctx, s.core, s.pr, tt.entity, c)
			var ce *catalogdoc.ChangeError
			if !errors.As(err, &ce) {
				t.Fatalf("err %v, want a ChangeError", err)
			}
			if ce.Code != tt.code || !strings.Contains(ce.Message, tt.inMessage) {
				t.Errorf("got %s %q, want %s with %q", ce.Code, ce.Message, tt.code, tt.inMessage)
			}
			t.Logf("%s", ce)
			after, err := s.core.Product(ctx, s.pr, id)
			must(t, err)
			if after.Revision != before.Revision {
				t.Errorf("a refused change saved: revision %d -> %d", before.Revision, after.Revision)
			}
		})
	}
}

// TestApplyUpdateAndTargeting covers the partial updates: a version's
// details, the buyer accounts, a standard EULA and free pricing.
func TestApplyUpdateAndTargeting(t *testing.T) {
	s := newSeller(t)
	ctx := t.Context()
	id := s.run(t, publishSteps(t, s.arn))["CreateProductChange"]
	_, versions, _, err := s.core.ProductVersions(ctx, s.pr, id)
	must(t, err)
	optionID := catalogdoc.DeliveryOptionID(versions[0].ID)
	s.run(t, []step{
		{"UpdateDeliveryOptions", "", id, `{"Version":{"VersionTitle":"1.0.1","ReleaseNotes":"Faster."},
			"DeliveryOptions":[{"Id":"` + optionID + `","Details":{"SagemakerModelPackageDeliveryOptionDetails":{
			"OutputProperties":{"Description":"A JSON score and label.","SampleOutput":{"RealtimeInferenceUrl":"https://www.example.com/out.json"}}}}}]}`},
		{"UpdateTargeting", "", id, `{"PositiveTargeting":{"BuyerAccounts":["444455556666"]}}`},
		{"UpdatePricingTerms", "", id, `{"PricingModel":"Free"}`},
		{"UpdateLegalTerms", "", id, `{"Terms":[{"Type":"LegalTerm","Documents":[{"Type":"StandardEula","Version":"2022-07-14"}]}]}`},
	})
	p, versions, resources, err := s.core.ProductVersions(ctx, s.pr, id)
	must(t, err)
	v := versions[0]
	if v.Number != "1.0.1" || v.ReleaseNotes != "Faster." || v.Output.SampleURL != "https://www.example.com/out.json" ||
		v.Output.SampleText != "" || v.Input.Description != "CSV rows of review text." || v.RecommendedRealtime != "ml.m5.large" {
		t.Errorf("version %+v", v)
	}
	if len(p.TestAccounts) != 1 || p.TestAccounts[0] != "444455556666" || p.Info.Privacy != domain.PrivacyPublic {
		t.Errorf("targeting: test accounts %v, privacy %s", p.TestAccounts, p.Info.Privacy)
	}
	if p.Offer.Pricing != domain.PricingFree || len(p.Offer.Prices) != 0 || !strings.Contains(p.Offer.EULA, "2022-07-14") {
		t.Errorf("offer %+v", p.Offer)
	}
	doc, err := catalogdoc.EntityDocument(p, versions, resources, catalogdoc.EntityOptions{})
	must(t, err)
	if doc.Targeting.PositiveTargeting == nil || doc.Targeting.PositiveTargeting.BuyerAccounts[0] != "444455556666" ||
		doc.PromotionalResources.LogoUrl != "" || doc.Versions[0].DeliveryOptions[0].Visibility != "Draft" {
		t.Errorf("document %+v", doc)
	}
	// An empty list empties the allow-list.
	s.run(t, []step{{"UpdateTargeting", "", id, `{"PositiveTargeting":{"BuyerAccounts":[]}}`}})
	p, err = s.core.Product(ctx, s.pr, id)
	must(t, err)
	if len(p.TestAccounts) != 0 {
		t.Errorf("test accounts %v", p.TestAccounts)
	}
}
