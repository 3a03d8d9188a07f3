package catalogapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	mc "github.com/aws/aws-sdk-go-v2/service/marketplacecatalog"
	mcdocument "github.com/aws/aws-sdk-go-v2/service/marketplacecatalog/document"
	"github.com/aws/aws-sdk-go-v2/service/marketplacecatalog/types"
	"github.com/aws/smithy-go"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/domain/changesets"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
	"github.com/mlportal/portal/web"
	"github.com/mlportal/portal/web/catalogapi"
)

const (
	sellerAccount = "111122223333"
	otherAccount  = "222233334444"
	productID     = "prod-apitestlist01"
	resourceName  = "sentiment-v1"
)

// apiEnv is a portal serving the Catalog API, with a seller's published
// product and IAM users holding access keys.
type apiEnv struct {
	t      *testing.T
	db     *persistence.DB
	core   *app.App
	runner *changesets.Service
	clock  *domain.FakeClock
	url    string
	// keys holds an access key ID and secret per IAM user name.
	keys map[string][2]string
	root domain.Principal
}

func newAPIEnv(t *testing.T) *apiEnv {
	t.Helper()
	ctx := t.Context()
	var db *persistence.DB
	if os.Getenv("PORTAL_TEST_WEB_DB") == "postgres" {
		// CI runs the web tests a second time on PostgreSQL.
		db = persistencetest.Postgres(t)
	} else {
		db = persistencetest.SQLite(t)
	}
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	// The clock stands at the real time: the SDK signs with it.
	clock := domain.NewFakeClock(time.Now().UTC().Truncate(time.Second))
	core, err := app.New(db.Repositories(sealer), app.Config{Clock: clock, Hasher: domain.NewFastHasher(), PublishDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	e := &apiEnv{t: t, db: db, core: core, clock: clock, keys: map[string][2]string{}}
	docs := catalogapi.CatalogDocs{Core: core, LogoBase: "https://portal.example"}
	e.runner = &changesets.Service{Repo: db.ChangeSets(), Tx: db, Changes: docs,
		Principals: changesets.UserPrincipals{Accounts: db.Accounts(), IAM: db.IAM()}, Products: db.Products(), Clock: clock}
	api, err := catalogapi.New(core, e.runner, docs, db.Tags(), catalogapi.Config{TokenKey: []byte(strings.Repeat("t", 32)), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{SessionSecret: []byte(strings.Repeat("s", 32)), Clock: clock, API: api}, core, db)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e.url = ts.URL

	e.root = e.account(ctx, sellerAccount)
	e.account(ctx, otherAccount)
	e.seedProduct(ctx)
	e.user(ctx, "automation", "AWSMarketplaceSellerFullAccess")
	e.user(ctx, "reader", "AWSMarketplaceSellerProductsReadOnly")
	return e
}

func (e *apiEnv) account(ctx context.Context, id string) domain.Principal {
	now := e.clock.Now()
	u := &domain.User{AccountID: id, Email: id + "@example.com", PasswordHash: "x", Role: domain.RoleRoot, CreatedAt: now}
	if err := e.db.Accounts().CreateAccount(ctx, &domain.Account{ID: id, Name: "Account " + id, CreatedAt: now}, u); err != nil {
		e.t.Fatal(err)
	}
	return domain.Principal{User: u}
}

// user creates an IAM user of the seller with a managed policy and a key.
func (e *apiEnv) user(ctx context.Context, name, policy string) {
	if _, err := e.core.CreateIAMUser(ctx, e.root, domain.NewIAMUserInput{UserName: name, Password: "correct horse battery staple"}); err != nil {
		e.t.Fatal(err)
	}
	if policy != "" {
		if _, err := e.core.AttachManagedPolicy(ctx, e.root, name, policy); err != nil {
			e.t.Fatal(err)
		}
	}
	key, secret, err := e.core.CreateAccessKey(ctx, e.root, name)
	if err != nil {
		e.t.Fatal(err)
	}
	e.keys[name] = [2]string{key.ID, secret}
}

func (e *apiEnv) seedProduct(ctx context.Context) {
	now := e.clock.Now()
	r := domain.SageMakerResource{AccountID: sellerAccount, Kind: domain.KindModelPackage, Name: resourceName, Region: "us-east-1",
		RealtimeInstanceTypes: []string{"ml.m5.large"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
		ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
		CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: now}
	p := &domain.Product{ID: productID, AccountID: sellerAccount, CreatorARN: "arn:aws:iam::" + sellerAccount + ":root",
		Type: domain.KindModelPackage, Status: domain.StatusPublic, SubmittedAt: now, CreatedAt: now, UpdatedAt: now,
		Regions: domain.DefaultRegions(),
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: "Sentiment Analyzer", ShortDescription: "Reviews.",
			Overview: "Reads reviews.", Highlights: []string{"Fast"}, Categories: []string{domain.Categories()[0]}},
		Offer: domain.Offer{Pricing: domain.PricingFree, EULA: "License."}}
	v := domain.Version{ProductID: p.ID, Number: "1.0", ResourceARN: r.ARN(), Status: domain.VersionPublic, SubmittedAt: now,
		CreatedAt: now, ReleaseNotes: "First.", Input: domain.InputDetails{Description: "CSV"},
		Output: domain.OutputDetails{Description: "JSON", SampleText: "{}"}, RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge"}
	err := e.db.SeedPublished(ctx, []persistence.PublishedListing{{Product: p, Versions: []domain.Version{v}, Resources: []domain.SageMakerResource{r}}})
	if err != nil {
		e.t.Fatal(err)
	}
}

// client is the official Go SDK client signing with user's key.
func (e *apiEnv) client(user string) *mc.Client {
	k := e.keys[user]
	return mc.New(mc.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.url),
		Credentials: credentials.NewStaticCredentialsProvider(k[0], k[1], "")})
}

// run applies the waiting change sets, as the server's runner does.
func (e *apiEnv) run() {
	e.t.Helper()
	if _, err := e.runner.RunPending(e.t.Context()); err != nil {
		e.t.Fatal(err)
	}
}

func TestListAndDescribeEntitiesWithTheSDK(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("reader")
	out, err := c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("MachineLearningProduct")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.EntitySummaryList) != 1 || aws.ToString(out.EntitySummaryList[0].EntityId) != productID ||
		aws.ToString(out.EntitySummaryList[0].Name) != "Sentiment Analyzer" || aws.ToString(out.EntitySummaryList[0].Visibility) != "Public" {
		t.Fatalf("ListEntities = %+v", out.EntitySummaryList)
	}
	d, err := c.DescribeEntity(ctx, &mc.DescribeEntityInput{Catalog: aws.String("AWSMarketplace"), EntityId: aws.String(productID)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aws.ToString(d.EntityIdentifier), productID+"@") || aws.ToString(d.EntityType) != "MachineLearningProduct@1.0" ||
		!strings.Contains(aws.ToString(d.Details), "Sentiment Analyzer") || d.DetailsDocument == nil {
		t.Fatalf("DescribeEntity = %+v, Details %s", d, aws.ToString(d.Details))
	}
}

// TestAPIErrorsHaveAWSTypes: each refusal reaches the SDK as the typed
// exception of the service model.
func TestAPIErrorsHaveAWSTypes(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")

	_, err := c.DescribeEntity(ctx, &mc.DescribeEntityInput{Catalog: aws.String("AWSMarketplace"), EntityId: aws.String("prod-doesnotexist1")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("unknown entity: %v, want ResourceNotFoundException", err)
	}
	_, err = c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("Nope"), EntityType: aws.String("MachineLearningProduct")})
	var invalidErr *types.ValidationException
	if !errors.As(err, &invalidErr) || !strings.Contains(aws.ToString(invalidErr.Message), "Catalog") {
		t.Errorf("bad catalog: %v, want ValidationException naming Catalog", err)
	}
	_, err = e.client("reader").StartChangeSet(ctx, updateTitle(productID, "New title"))
	var denied *types.AccessDeniedException
	if !errors.As(err, &denied) || !strings.Contains(aws.ToString(denied.Message), "aws-marketplace:StartChangeSet") {
		t.Errorf("read-only user starting a change set: %v, want AccessDeniedException naming the action", err)
	}

	if _, err := c.StartChangeSet(ctx, updateTitle(productID, "First")); err != nil {
		t.Fatal(err)
	}
	_, err = c.StartChangeSet(ctx, updateTitle(productID, "Second"))
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Errorf("second change set on a locked entity: %v, want ResourceInUseException", err)
	}

	unknown := mc.New(mc.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.url),
		Credentials: credentials.NewStaticCredentialsProvider("AKIAAAAAAAAAAAAAAAAA", strings.Repeat("x", 40), "")})
	_, err = unknown.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("MachineLearningProduct")})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "UnrecognizedClientException" {
		t.Errorf("unknown key: %v, want UnrecognizedClientException", err)
	}
}

func updateTitle(id, title string) *mc.StartChangeSetInput {
	return &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSet: []types.Change{{
		ChangeType: aws.String("UpdateInformation"),
		Entity:     &types.Entity{Type: aws.String("MachineLearningProduct@1.0"), Identifier: aws.String(id)},
		Details:    aws.String(`{"ProductTitle":"` + title + `"}`),
	}}}
}

// TestChangeSetLifecycleWithTheSDK: a change set goes PREPARING, then
// SUCCEEDED once run, and changes the product the pages show; a failing
// one ends FAILED with the change's error and changes nothing; one not yet
// run can be cancelled.
func TestChangeSetLifecycleWithTheSDK(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")

	started, err := c.StartChangeSet(ctx, updateTitle(productID, "Sentiment Analyzer Pro"))
	if err != nil {
		t.Fatal(err)
	}
	described := e.describe(c, aws.ToString(started.ChangeSetId))
	if described.Status != types.ChangeStatusPreparing {
		t.Fatalf("status before the run %s", described.Status)
	}
	e.run()
	described = e.describe(c, aws.ToString(started.ChangeSetId))
	if described.Status != types.ChangeStatusSucceeded {
		t.Fatalf("status after the run %s (%s)", described.Status, aws.ToString(described.FailureDescription))
	}
	p, err := e.core.Product(ctx, e.root, productID)
	if err != nil || p.Info.Title != "Sentiment Analyzer Pro" {
		t.Fatalf("product after the change set: %v, %v", p.Info.Title, err)
	}
	history, err := e.core.ProductHistory(ctx, e.root, productID, 10)
	if err != nil || len(history) == 0 || history[0].ID != aws.ToString(started.ChangeSetId) {
		t.Fatalf("the portal's history does not show the API change set first: %+v, %v", history, err)
	}

	failing, err := c.StartChangeSet(ctx, &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSet: []types.Change{
		{ChangeType: aws.String("UpdateInformation"), Entity: &types.Entity{Type: aws.String("MachineLearningProduct@1.0"), Identifier: aws.String(productID)},
			Details: aws.String(`{"ProductTitle":"Should not stay"}`)},
		{ChangeType: aws.String("UpdateInformation"), Entity: &types.Entity{Type: aws.String("MachineLearningProduct@1.0"), Identifier: aws.String(productID)},
			Details: aws.String(`{"ProductTitle":"` + strings.Repeat("x", 300) + `"}`)},
	}})
	if err == nil {
		e.run()
		described = e.describe(c, aws.ToString(failing.ChangeSetId))
		if described.Status != types.ChangeStatusFailed || len(described.ChangeSet[1].ErrorDetailList) == 0 {
			t.Fatalf("failing change set: %s %+v", described.Status, described.ChangeSet)
		}
	} else {
		var invalidErr *types.ValidationException
		if !errors.As(err, &invalidErr) {
			t.Fatalf("failing change set refused with %v", err)
		}
	}
	p, _ = e.core.Product(ctx, e.root, productID)
	if p.Info.Title != "Sentiment Analyzer Pro" {
		t.Fatalf("a failed change set changed the title to %q", p.Info.Title)
	}

	pending, err := c.StartChangeSet(ctx, updateTitle(productID, "Cancelled"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CancelChangeSet(ctx, &mc.CancelChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSetId: pending.ChangeSetId}); err != nil {
		t.Fatal(err)
	}
	e.run()
	if got := e.describe(c, aws.ToString(pending.ChangeSetId)).Status; got != types.ChangeStatusCancelled {
		t.Fatalf("cancelled change set is %s", got)
	}
	list, err := c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace")})
	if err != nil || len(list.ChangeSetSummaryList) < 2 {
		t.Fatalf("ListChangeSets = %+v, %v", list, err)
	}
}

func (e *apiEnv) describe(c *mc.Client, id string) *mc.DescribeChangeSetOutput {
	e.t.Helper()
	out, err := c.DescribeChangeSet(e.t.Context(), &mc.DescribeChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSetId: aws.String(id)})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// TestBadRequestsAreValidationExceptions: each malformed request is a
// ValidationException naming what is wrong, and nothing is started.
func TestBadRequestsAreValidationExceptions(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")
	change := func(changeType, id, name, details string) types.Change {
		ch := types.Change{ChangeType: aws.String(changeType), Entity: &types.Entity{Type: aws.String("MachineLearningProduct@1.0")},
			Details: aws.String(details)}
		if id != "" {
			ch.Entity.Identifier = aws.String(id)
		}
		if name != "" {
			ch.ChangeName = aws.String(name)
		}
		return ch
	}
	many := make([]types.Change, 21)
	for i := range many {
		many[i] = change("UpdateInformation", productID, "", `{"ProductTitle":"x"}`)
	}
	tests := []struct {
		name    string
		changes []types.Change
		want    string
	}{
		{"21 changes", many, "at most 20"},
		{"unknown change type", []types.Change{change("MakeItRain", productID, "", `{}`)}, "ChangeSet[0]"},
		{"unknown field", []types.Change{change("UpdateInformation", productID, "", `{"ProductTitel":"x"}`)}, "ProductTitel"},
		{"details not JSON", []types.Change{change("UpdateInformation", productID, "", `{"ProductTitle":`)}, "Details"},
		{"duplicate change names", []types.Change{change("UpdateInformation", productID, "Same", `{}`),
			change("UpdateInformation", productID, "Same", `{}`)}, "unique"},
		{"invalid identifier", []types.Change{change("UpdateInformation", "product-1", "", `{}`)}, "Identifier"},
		{"document over the limit", []types.Change{change("UpdateInformation", productID, "",
			`{"LongDescription":"`+strings.Repeat("x", 500_000)+`"}`)}, "Details"},
	}
	for _, tt := range tests {
		_, err := c.StartChangeSet(ctx, &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSet: tt.changes})
		var invalidErr *types.ValidationException
		if !errors.As(err, &invalidErr) || !strings.Contains(aws.ToString(invalidErr.Message), tt.want) {
			t.Errorf("%s: %v, want a ValidationException naming %q", tt.name, err, tt.want)
		}
	}
	list, err := c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace")})
	if err != nil || len(list.ChangeSetSummaryList) != 0 {
		t.Fatalf("a refused request started a change set: %+v, %v", list, err)
	}

	// A paging token works only with the query it was made for.
	for range 3 {
		if _, err := c.StartChangeSet(ctx, updateTitle(productID, "t")); err != nil {
			t.Fatal(err)
		}
		e.run()
	}
	first, err := c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace"), MaxResults: aws.Int32(2)})
	if err != nil || first.NextToken == nil {
		t.Fatalf("first page: %+v, %v", first, err)
	}
	next, err := c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace"), MaxResults: aws.Int32(2), NextToken: first.NextToken})
	if err != nil || len(next.ChangeSetSummaryList) != 1 {
		t.Fatalf("second page: %+v, %v", next, err)
	}
	_, err = c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace"), MaxResults: aws.Int32(2), NextToken: first.NextToken,
		FilterList: []types.Filter{{Name: aws.String("Status"), ValueList: []string{"SUCCEEDED"}}}})
	var invalidErr *types.ValidationException
	if !errors.As(err, &invalidErr) || !strings.Contains(aws.ToString(invalidErr.Message), "NextToken") {
		t.Errorf("a token with another query: %v, want ValidationException naming NextToken", err)
	}
	tampered := aws.ToString(first.NextToken)
	tampered = tampered[:len(tampered)-2] + "xx"
	_, err = c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace"), MaxResults: aws.Int32(2), NextToken: aws.String(tampered)})
	if !errors.As(err, &invalidErr) {
		t.Errorf("a tampered token: %v, want ValidationException", err)
	}
}

// TestKeysThatNoLongerWork: a deactivated key and a deleted user's key are
// refused as unknown, and the log never holds a secret.
func TestKeysThatNoLongerWork(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	list := func(user string) error {
		_, err := e.client(user).ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"),
			EntityType: aws.String("MachineLearningProduct")})
		return err
	}
	if err := list("reader"); err != nil {
		t.Fatal(err)
	}
	if err := e.core.SetAccessKeyStatus(ctx, e.root, "reader", e.keys["reader"][0], domain.AccessKeyInactive); err != nil {
		t.Fatal(err)
	}
	var apiErr smithy.APIError
	if err := list("reader"); !errors.As(err, &apiErr) || apiErr.ErrorCode() != "UnrecognizedClientException" {
		t.Errorf("deactivated key: %v, want UnrecognizedClientException", err)
	}
	if _, err := e.core.DeleteIAMUser(ctx, e.root, "automation"); err != nil {
		t.Fatal(err)
	}
	if err := list("automation"); !errors.As(err, &apiErr) || apiErr.ErrorCode() != "UnrecognizedClientException" {
		t.Errorf("deleted user's key: %v, want UnrecognizedClientException", err)
	}
}

// TestEachKeyIsRateLimited: a burst over a key's budget gets
// ThrottlingException, which the SDK retries; other keys are not slowed.
func TestEachKeyIsRateLimited(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := mc.New(mc.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(e.keys["reader"][0], e.keys["reader"][1], "")})
	throttled := 0
	for range 40 {
		_, err := c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("MachineLearningProduct")})
		var th *types.ThrottlingException
		if errors.As(err, &th) {
			throttled++
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if throttled == 0 {
		t.Fatal("40 requests at once were never throttled")
	}
	if _, err := e.client("automation").ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"),
		EntityType: aws.String("MachineLearningProduct")}); err != nil {
		t.Fatalf("another key was slowed: %v", err)
	}
}

// TestBothFacesShareChangeSets: a save made in the pages is listed by
// ListChangeSets, and a change given as a DetailsDocument (newer clients)
// is applied like one given as the Details string, and described in both
// forms.
func TestBothFacesShareChangeSets(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")
	p, err := e.core.Product(ctx, e.root, productID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.core.UpdateSupport(ctx, e.root, productID, p.Revision, domain.SupportInfo{Chosen: true, Offered: true,
		Email: "help@seller.example.com", URL: "https://seller.example.com/help", Description: "By email."}); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListChangeSets(ctx, &mc.ListChangeSetsInput{Catalog: aws.String("AWSMarketplace"),
		FilterList: []types.Filter{{Name: aws.String("EntityId"), ValueList: []string{productID}}}})
	if err != nil || len(list.ChangeSetSummaryList) != 1 || list.ChangeSetSummaryList[0].Status != types.ChangeStatusSucceeded {
		t.Fatalf("the pages' save is not listed: %+v, %v", list, err)
	}

	started, err := c.StartChangeSet(ctx, &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSet: []types.Change{{
		ChangeType:      aws.String("UpdateInformation"),
		Entity:          &types.Entity{Type: aws.String("MachineLearningProduct@1.0"), Identifier: aws.String(productID)},
		DetailsDocument: mcdocument.NewLazyDocument(map[string]any{"ProductTitle": "From a document"}),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	e.run()
	d := e.describe(c, aws.ToString(started.ChangeSetId))
	if d.Status != types.ChangeStatusSucceeded || !strings.Contains(aws.ToString(d.ChangeSet[0].Details), "From a document") ||
		d.ChangeSet[0].DetailsDocument == nil {
		t.Fatalf("DetailsDocument change set: %s %+v", d.Status, d.ChangeSet)
	}
	if p, _ := e.core.Product(ctx, e.root, productID); p.Info.Title != "From a document" {
		t.Fatalf("title %q", p.Info.Title)
	}
}

// TestTagsAndTheirQuota: tags on a product and on a change set are kept
// per resource; the 201st tag is ServiceQuotaExceededException; another
// account's resource is ResourceNotFoundException.
func TestTagsAndTheirQuota(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")
	arn := domain.ProductARN(sellerAccount, productID)
	tags := make([]types.Tag, 200)
	for i := range tags {
		tags[i] = types.Tag{Key: aws.String(fmt.Sprintf("key-%03d", i)), Value: aws.String("v")}
	}
	if _, err := c.TagResource(ctx, &mc.TagResourceInput{ResourceArn: aws.String(arn), Tags: tags}); err != nil {
		t.Fatal(err)
	}
	_, err := c.TagResource(ctx, &mc.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{{Key: aws.String("one-more"), Value: aws.String("v")}}})
	var quota *types.ServiceQuotaExceededException
	if !errors.As(err, &quota) {
		t.Fatalf("the 201st tag: %v, want ServiceQuotaExceededException", err)
	}
	if _, err := c.UntagResource(ctx, &mc.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"key-000"}}); err != nil {
		t.Fatal(err)
	}
	listed, err := c.ListTagsForResource(ctx, &mc.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
	if err != nil || len(listed.Tags) != 199 {
		t.Fatalf("ListTagsForResource: %d tags, %v", len(listed.Tags), err)
	}
	foreign := domain.ProductARN(otherAccount, productID)
	_, err = c.ListTagsForResource(ctx, &mc.ListTagsForResourceInput{ResourceArn: aws.String(foreign)})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("another account's resource: %v, want ResourceNotFoundException", err)
	}
}

// TestInternalErrorsTellNothing: a failure of the service itself is
// InternalServiceException with no detail of it.
func TestInternalErrorsTellNothing(t *testing.T) {
	e := newAPIEnv(t)
	c := mc.New(mc.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.url), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(e.keys["reader"][0], e.keys["reader"][1], "")})
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := c.ListEntities(t.Context(), &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("MachineLearningProduct")})
	var internal *types.InternalServiceException
	if !errors.As(err, &internal) || strings.Contains(strings.ToLower(aws.ToString(internal.Message)), "sql") ||
		strings.Contains(strings.ToLower(aws.ToString(internal.Message)), "database") {
		t.Fatalf("with the database closed: %v, want a bare InternalServiceException", err)
	}
}

// TestAPIInputGate: the API's documents pass the pages' rule for text:
// NUL, control characters and invalid bytes are refused naming the field,
// nothing is started, and text is stored in NFC.
func TestAPIInputGate(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")
	for _, title := range []string{`a\u0000b`, `a\u001bb`, "a\xffb"} {
		_, err := c.StartChangeSet(ctx, &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSet: []types.Change{{
			ChangeType: aws.String("UpdateInformation"),
			Entity:     &types.Entity{Type: aws.String("MachineLearningProduct@1.0"), Identifier: aws.String(productID)},
			Details:    aws.String(`{"ProductTitle":"` + title + `"}`),
		}}})
		var invalidErr *types.ValidationException
		if !errors.As(err, &invalidErr) || !strings.Contains(aws.ToString(invalidErr.Message), "Details.ProductTitle") {
			t.Errorf("title %q: %v, want a ValidationException naming Details.ProductTitle", title, err)
		}
	}
	started, err := c.StartChangeSet(ctx, updateTitle(productID, `Caf\u0065\u0301`))
	if err != nil {
		t.Fatal(err)
	}
	e.run()
	if d := e.describe(c, aws.ToString(started.ChangeSetId)); d.Status != types.ChangeStatusSucceeded {
		t.Fatalf("status %s", d.Status)
	}
	if p, _ := e.core.Product(ctx, e.root, productID); p.Info.Title != "Caf\u00e9" {
		t.Fatalf("title %q, want it in NFC", p.Info.Title)
	}
}

// TestCancelOnlyWhilePreparing: once a runner has claimed a change set it
// can no longer be cancelled (ResourceInUseException).
func TestCancelOnlyWhilePreparing(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	c := e.client("automation")
	started, err := c.StartChangeSet(ctx, updateTitle(productID, "Claimed"))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := e.db.ChangeSets().ClaimChangeSet(ctx, aws.ToString(started.ChangeSetId), e.clock.Now()); err != nil || !ok {
		t.Fatalf("claim: %v, %v", ok, err)
	}
	_, err = c.CancelChangeSet(ctx, &mc.CancelChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSetId: started.ChangeSetId})
	var inUse *types.ResourceInUseException
	if !errors.As(err, &inUse) {
		t.Fatalf("cancelling an APPLYING change set: %v, want ResourceInUseException", err)
	}
}

// TestErrorsBeforeTheHandlersAreAWSShaped: a body over the server's limit
// or a wrong method on an API path gets AWS's error shape, not a page.
func TestErrorsBeforeTheHandlersAreAWSShaped(t *testing.T) {
	e := newAPIEnv(t)
	res, err := http.Post(e.url+"/StartChangeSet", "application/json", strings.NewReader(strings.Repeat("x", 3<<20)))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || res.Header.Get("X-Amzn-ErrorType") == "" ||
		!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("oversized body: %d %q %q", res.StatusCode, res.Header.Get("X-Amzn-ErrorType"), res.Header.Get("Content-Type"))
	}
	res, err = http.Get(e.url + "/StartChangeSet")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("X-Amzn-ErrorType") == "" {
		t.Fatalf("GET on a POST operation: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestListEntitiesPagesFiltersAndSorts, and BatchDescribeEntities answers
// per entity.
func TestListEntitiesPagesFiltersAndSorts(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	for _, title := range []string{"Beta", "Alpha"} {
		p, err := e.core.CreateListing(ctx, e.root)
		if err != nil {
			t.Fatal(err)
		}
		info := domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: title, ShortDescription: "Short.", Overview: "Long.",
			Highlights: []string{"Fast"}, Categories: []string{domain.Categories()[0]}}
		if _, err := e.core.UpdateInformation(ctx, e.root, p.ID, p.Revision, info); err != nil {
			t.Fatal(err)
		}
	}
	c := e.client("reader")
	list := func(in *mc.ListEntitiesInput) *mc.ListEntitiesOutput {
		t.Helper()
		in.Catalog, in.EntityType = aws.String("AWSMarketplace"), aws.String("MachineLearningProduct")
		out, err := c.ListEntities(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	names := func(out *mc.ListEntitiesOutput) (s []string) {
		for _, e := range out.EntitySummaryList {
			s = append(s, aws.ToString(e.Name))
		}
		return s
	}
	asc := &types.Sort{SortBy: aws.String("ProductTitle"), SortOrder: types.SortOrderAscending}
	first := list(&mc.ListEntitiesInput{Sort: asc, MaxResults: aws.Int32(2)})
	if got := names(first); len(got) != 2 || got[0] != "Alpha" || got[1] != "Beta" || first.NextToken == nil {
		t.Fatalf("first page %v, token %v", got, first.NextToken)
	}
	second := list(&mc.ListEntitiesInput{Sort: asc, MaxResults: aws.Int32(2), NextToken: first.NextToken})
	if got := names(second); len(got) != 1 || got[0] != "Sentiment Analyzer" || second.NextToken != nil {
		t.Fatalf("second page %v", got)
	}
	drafts := list(&mc.ListEntitiesInput{FilterList: []types.Filter{{Name: aws.String("Visibility"), ValueList: []string{"Draft"}}}})
	if got := names(drafts); len(got) != 2 {
		t.Fatalf("drafts %v", got)
	}
	_, err := c.ListEntities(ctx, &mc.ListEntitiesInput{Catalog: aws.String("AWSMarketplace"), EntityType: aws.String("MachineLearningProduct"),
		FilterList: []types.Filter{{Name: aws.String("Colour"), ValueList: []string{"red"}}}})
	var invalidErr *types.ValidationException
	if !errors.As(err, &invalidErr) || !strings.Contains(aws.ToString(invalidErr.Message), "Colour") {
		t.Fatalf("unknown filter: %v", err)
	}

	batch, err := c.BatchDescribeEntities(ctx, &mc.BatchDescribeEntitiesInput{EntityRequestList: []types.EntityRequest{
		{Catalog: aws.String("AWSMarketplace"), EntityId: aws.String(productID)},
		{Catalog: aws.String("AWSMarketplace"), EntityId: aws.String("prod-doesnotexist1")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := batch.EntityDetails[productID]; !ok || len(batch.Errors) != 1 ||
		aws.ToString(batch.Errors["prod-doesnotexist1"].ErrorCode) != "ResourceNotFoundException" {
		t.Fatalf("BatchDescribeEntities = %+v", batch)
	}
}

// TestChangeSetsStayInTheirAccount: another account's product cannot be
// changed or locked, even by a user who may start change sets but not
// read products; a user who may not start change sets cannot start one by
// replaying a token or naming an earlier change's entity.
func TestChangeSetsStayInTheirAccount(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	other := e.account(ctx, "333344445555")
	if _, err := e.core.CreateIAMUser(ctx, other, domain.NewIAMUserInput{UserName: "intruder", Password: "correct horse battery staple"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.core.PutUserPolicy(ctx, other, "intruder", "start-only",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"aws-marketplace:StartChangeSet","Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	key, secret, err := e.core.CreateAccessKey(ctx, other, "intruder")
	if err != nil {
		t.Fatal(err)
	}
	e.keys["intruder"] = [2]string{key.ID, secret}
	_, err = e.client("intruder").StartChangeSet(ctx, updateTitle(productID, "Mine now"))
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Fatalf("another account's product: %v, want ResourceNotFoundException", err)
	}
	if _, err := e.client("automation").StartChangeSet(ctx, updateTitle(productID, "Still mine")); err != nil {
		t.Fatalf("the owner was locked out: %v", err)
	}

	token := "token-of-the-automation-user"
	in := updateTitle(productID, "x")
	in.ClientRequestToken = aws.String(token)
	e.run()
	if _, err := e.client("automation").StartChangeSet(ctx, in); err != nil {
		t.Fatal(err)
	}
	replay := updateTitle(productID, "x")
	replay.ClientRequestToken = aws.String(token)
	replay.ChangeSetTags = []types.Tag{{Key: aws.String("owner"), Value: aws.String("reader")}}
	_, err = e.client("reader").StartChangeSet(ctx, replay)
	var denied *types.AccessDeniedException
	if !errors.As(err, &denied) {
		t.Fatalf("a read-only user replaying a token: %v, want AccessDeniedException", err)
	}
	ref := &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"), ChangeSet: []types.Change{{
		ChangeType: aws.String("UpdateInformation"),
		Entity:     &types.Entity{Type: aws.String("MachineLearningProduct@1.0"), Identifier: aws.String("$Earlier.Entity.Identifier")},
		Details:    aws.String(`{}`),
	}}}
	if _, err := e.client("reader").StartChangeSet(ctx, ref); !errors.As(err, &denied) {
		t.Fatalf("a read-only user naming an earlier change's entity: %v, want AccessDeniedException", err)
	}
}

// TestWaitingChangeSetsAreCapped: an account may have MaxPreparing change
// sets waiting; the next is ServiceQuotaExceededException. A client token
// used twice, even at once, starts one change set.
func TestWaitingChangeSetsAreCapped(t *testing.T) {
	e := newAPIEnv(t)
	ctx := t.Context()
	caller, err := e.core.APICredentials(ctx, e.keys["automation"][0])
	if err != nil {
		t.Fatal(err)
	}
	create := changesets.Request{Catalog: "AWSMarketplace", Changes: []changesets.RequestedChange{{ChangeType: "CreateProduct",
		EntityType: "MachineLearningProduct@1.0", Details: []byte(`{}`)}}}
	results := make(chan string, 2)
	for range 2 {
		go func() {
			in := create
			in.ClientToken = "same-token"
			cs, err := e.runner.Start(ctx, caller.Principal, in)
			if err != nil {
				results <- "error: " + err.Error()
				return
			}
			results <- cs.ID
		}()
	}
	first, second := <-results, <-results
	if first != second || strings.HasPrefix(first, "error") {
		t.Fatalf("one token started %q and %q", first, second)
	}
	for i := 1; i < changesets.MaxPreparing; i++ {
		if _, err := e.runner.Start(ctx, caller.Principal, create); err != nil {
			t.Fatalf("change set %d: %v", i+1, err)
		}
	}
	_, err = e.client("automation").StartChangeSet(ctx, &mc.StartChangeSetInput{Catalog: aws.String("AWSMarketplace"),
		ChangeSet: []types.Change{{ChangeType: aws.String("CreateProduct"), Entity: &types.Entity{Type: aws.String("MachineLearningProduct@1.0")},
			Details: aws.String(`{}`)}}})
	var quota *types.ServiceQuotaExceededException
	if !errors.As(err, &quota) {
		t.Fatalf("change set %d: %v, want ServiceQuotaExceededException", changesets.MaxPreparing+1, err)
	}
}
