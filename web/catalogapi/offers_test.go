package catalogapi_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	mc "github.com/aws/aws-sdk-go-v2/service/marketplacecatalog"
	"github.com/aws/aws-sdk-go-v2/service/marketplacecatalog/types"

	"github.com/mlportal/portal/domain"
)

// TestOffersAreEntities: with the official SDK, ListEntities of type Offer
// gives the product's public offer and the seller's private offer, and
// DescribeEntity gives each one's terms in the API's shapes.
func TestOffersAreEntities(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	now := e.clock.Now()
	private := &domain.PrivateOffer{ID: "offer-apitestprivate00001", ProductID: productID, SellerAccountID: sellerAccount,
		Name: "Volume deal", Buyers: []string{otherAccount}, ExpiresAt: now.AddDate(0, 0, 30).Truncate(24 * 60 * 60 * 1e9),
		DurationMonths: 12, CreatedAt: now, CreatedBy: e.root.User.ARN(),
		Terms: domain.Terms{Pricing: domain.PricingPaid, StandardContract: true,
			Prices: []domain.InstancePrice{{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1250}}}}
	if !domain.IsOfferID(private.ID) {
		t.Fatalf("%s is not an offer ID", private.ID)
	}
	cs := &domain.ChangeSet{ID: "cs-apitestoffer0000000000", Status: domain.ChangeSetSucceeded, StartedAt: now, EndedAt: now,
		Actor: e.root.User.ARN(), AccountID: sellerAccount}
	if err := e.db.Offers().CreatePrivateOffer(ctx, private, cs); err != nil {
		t.Fatal(err)
	}
	public := domain.PublicOfferID(productID)
	c := e.client("reader")

	out, err := c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("Offer")})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]types.EntitySummary{}
	for _, s := range out.EntitySummaryList {
		got[aws.ToString(s.EntityId)] = s
	}
	if len(got) != 2 || got[public].OfferSummary == nil || got[private.ID].OfferSummary == nil {
		t.Fatalf("ListEntities(Offer) = %+v", out.EntitySummaryList)
	}
	if s := got[public].OfferSummary; aws.ToString(s.ProductId) != productID || s.State != types.OfferStateStringReleased {
		t.Errorf("public offer summary %+v", s)
	}
	if s := got[private.ID].OfferSummary; len(s.BuyerAccounts) != 1 || s.BuyerAccounts[0] != otherAccount ||
		aws.ToString(s.Name) != "Volume deal" || aws.ToString(s.AvailabilityEndDate) == "" {
		t.Errorf("private offer summary %+v", s)
	}

	d, err := c.DescribeEntity(ctx, &mc.DescribeEntityInput{Catalog: aws.String("AWSMarketplace"), EntityId: aws.String(private.ID)})
	if err != nil {
		t.Fatal(err)
	}
	details := aws.ToString(d.Details)
	for _, want := range []string{`"Type":"UsageBasedPricingTerm"`, `"DimensionKey":"realtime:ml.m5.large","Price":"1.250"`,
		`"Type":"StandardEula"`, `"AgreementDuration":"P12M"`, `"BuyerAccounts":["` + otherAccount + `"]`} {
		if !strings.Contains(details, want) {
			t.Errorf("private offer details lack %s: %s", want, details)
		}
	}
	if aws.ToString(d.EntityType) != "Offer@1.0" || !strings.HasSuffix(aws.ToString(d.EntityArn), ":AWSMarketplace/Offer/"+private.ID) {
		t.Errorf("DescribeEntity(private offer) = %s %s", aws.ToString(d.EntityType), aws.ToString(d.EntityArn))
	}
	d, err = c.DescribeEntity(ctx, &mc.DescribeEntityInput{Catalog: aws.String("AWSMarketplace"), EntityId: aws.String(public)})
	if err != nil {
		t.Fatal(err)
	}
	if details := aws.ToString(d.Details); !strings.Contains(details, `"Type":"CustomEula"`) || strings.Contains(details, "RateCard") {
		t.Errorf("free public offer details: %s", details)
	}

	filtered, err := c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("Offer"),
		FilterList: []types.Filter{{Name: aws.String("EntityId"), ValueList: []string{private.ID}}}})
	if err != nil || len(filtered.EntitySummaryList) != 1 {
		t.Errorf("filtered by EntityId: %+v (%v)", filtered, err)
	}
	_, err = c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("Offer"),
		FilterList: []types.Filter{{Name: aws.String("Colour"), ValueList: []string{"blue"}}}})
	var invalidErr *types.ValidationException
	if !errors.As(err, &invalidErr) || !strings.Contains(aws.ToString(invalidErr.Message), "Colour") {
		t.Errorf("unknown filter: %v", err)
	}
	_, err = c.DescribeEntity(ctx, &mc.DescribeEntityInput{Catalog: aws.String("AWSMarketplace"),
		EntityId: aws.String("offer-apitestunknown00001")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("unknown offer: %v, want ResourceNotFoundException", err)
	}
}

// TestOffersAreListedAPageAtATime: ListEntities of offers pages through
// every public offer, one per product in the product list's order, then
// the private offers, and its filters pick offers by product and by ID,
// with the SDK's MaxResults and NextToken.
func TestOffersAreListedAPageAtATime(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	now := e.clock.Now()
	for i := range 30 {
		p := &domain.Product{ID: fmt.Sprintf("prod-apidraft%05d", i), AccountID: sellerAccount, CreatorARN: e.root.User.ARN(),
			Status: domain.StatusDraft, CreatedAt: now, UpdatedAt: now.Add(time.Duration(i%7) * time.Minute),
			Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: fmt.Sprintf("Draft %d", i)}}
		if err := e.db.Products().CreateProduct(ctx, p, domain.ProductChange{ProductID: p.ID, ChangeType: "CreateProduct", Actor: "test", At: now}); err != nil {
			t.Fatal(err)
		}
	}
	for i, product := range []string{productID, "prod-apidraft00004"} {
		o := &domain.PrivateOffer{ID: fmt.Sprintf("offer-apitestprivate%05d", i), ProductID: product, SellerAccountID: sellerAccount,
			Name: "Deal", Buyers: []string{otherAccount}, ExpiresAt: now.AddDate(0, 0, 30).Truncate(24 * time.Hour), DurationMonths: 12,
			CreatedAt: now.Add(time.Duration(i) * time.Second), CreatedBy: e.root.User.ARN(),
			Terms: domain.Terms{Pricing: domain.PricingPaid, StandardContract: true,
				Prices: []domain.InstancePrice{{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1250}}}}
		cs := &domain.ChangeSet{ID: fmt.Sprintf("cs-apitestpage%011d", i), Status: domain.ChangeSetSucceeded, StartedAt: now, EndedAt: now,
			Actor: e.root.User.ARN(), AccountID: sellerAccount}
		if err := e.db.Offers().CreatePrivateOffer(ctx, o, cs); err != nil {
			t.Fatal(err)
		}
	}
	products, err := e.db.Products().ListProducts(ctx, sellerAccount)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range products {
		want = append(want, domain.PublicOfferID(p.ID))
	}
	private, err := e.db.Offers().SellerOffers(ctx, sellerAccount)
	if err != nil || len(private) != 2 {
		t.Fatalf("private offers %v, %v", private, err)
	}
	for _, o := range private {
		want = append(want, o.ID)
	}

	c := e.client("reader")
	list := func(filters []types.Filter, pageSize int32) (ids, states []string) {
		t.Helper()
		in := &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("Offer"), FilterList: filters,
			MaxResults: aws.Int32(pageSize)}
		for pages := mc.NewListEntitiesPaginator(c, in); pages.HasMorePages(); {
			out, err := pages.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.EntitySummaryList) > int(pageSize) {
				t.Fatalf("a page of %d offers, asked for %d", len(out.EntitySummaryList), pageSize)
			}
			for _, s := range out.EntitySummaryList {
				ids, states = append(ids, aws.ToString(s.EntityId)), append(states, string(s.OfferSummary.State))
			}
		}
		return ids, states
	}
	// 31 public offers and 2 private ones: pages of 32 split the private
	// ones, pages of 7 end on the public ones' last.
	for _, size := range []int32{7, 32, 50} {
		if got, _ := list(nil, size); !slices.Equal(got, want) {
			t.Errorf("offers %d at a time:\n got %v\nwant %v", size, got, want)
		}
	}
	byProduct := []types.Filter{{Name: aws.String("ProductId"), ValueList: []string{"prod-apidraft00004", "prod-unknown0000001"}}}
	got, states := list(byProduct, 50)
	if !slices.Equal(got, []string{domain.PublicOfferID("prod-apidraft00004"), "offer-apitestprivate00001"}) ||
		!slices.Equal(states, []string{"Draft", "Released"}) {
		t.Errorf("offers of one product = %v %v", got, states)
	}
	byID := []types.Filter{{Name: aws.String("EntityId"), ValueList: []string{"offer-apitestprivate00000", domain.PublicOfferID(productID),
		domain.PublicOfferID("prod-apidraft00009"), "offer-apitestunknown00001"}}}
	// The draft was changed two minutes after the seeded listing.
	if got, _ := list(byID, 2); !slices.Equal(got, []string{domain.PublicOfferID("prod-apidraft00009"), domain.PublicOfferID(productID),
		"offer-apitestprivate00000"}) {
		t.Errorf("offers by ID = %v", got)
	}
}
