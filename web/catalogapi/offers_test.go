package catalogapi_test

import (
	"errors"
	"strings"
	"testing"

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
