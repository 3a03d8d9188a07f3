package app_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// outcome is how a use case answers a principal: it reached the domain rule
// (ok: done, or refused as invalid or conflicting, which the inputs below
// are chosen to provoke), refused the principal (forbidden), or did not find
// what the principal asked for in its account (hidden: 404, never another
// account's data).
type outcome string

const (
	ok        outcome = "ok"
	forbidden outcome = "forbidden"
	hidden    outcome = "hidden"
)

func outcomeOf(err error) outcome {
	switch domain.ErrorCode(err) {
	case domain.EFORBIDDEN, domain.EUNAUTHORIZED:
		return forbidden
	case domain.ENOTFOUND:
		return hidden
	}
	return ok
}

// The principals every use case is tried with, in the order of the columns
// of the table below.
var principalNames = []string{"owner root", "IAM allowed", "IAM no policy", "IAM Deny *", "other account", "buyer", "tester", "operator"}

// Expected outcomes per principal, in principalNames order.
var (
	// A seller's change to its own product, resource or IAM user.
	ownerOnly = []outcome{ok, ok, forbidden, forbidden, hidden, hidden, hidden, hidden}
	// Something any account does in its own account.
	anyAccount = []outcome{ok, ok, forbidden, forbidden, ok, ok, ok, ok}
	// Something every signed-in user does for its own account.
	everyone = []outcome{ok, ok, ok, ok, ok, ok, ok, ok}
	// A Seller Operations decision.
	operatorOnly = []outcome{forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, forbidden, ok}
	// Something about the private offer made to the buyer, or the buyer's
	// agreement, done by the buyer: every other account finds no such
	// offer, and the seller's users without the buyer's action are refused
	// before the offer is looked up.
	buyerOnly = []outcome{hidden, hidden, forbidden, forbidden, hidden, ok, hidden, hidden}
	// The agreement between the owner and the buyer: its two parties see
	// it, the owner's users as far as their policies allow.
	agreementParties = []outcome{ok, ok, forbidden, forbidden, hidden, ok, hidden, hidden}
)

// fixture is one database with a seller that has a public product, its IAM
// users, another seller, a buyer subscribed to the product, a test account
// and a Seller Operations user. The seller, ready for paid offers, extended
// a private offer on the product to the buyer, who accepted it.
type fixture struct {
	app         *app.App
	clock       *domain.FakeClock
	principals  []domain.Principal
	productID   string
	versionID   int64
	requestID   int64
	offerID     string
	agreementID string
}

const (
	ownerAccount    = "111122223333"
	resourceName    = "sentiment"
	targetUser      = "target"
	targetPolicy    = "target-policy"
	allowDocument   = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["aws-marketplace:*","aws-marketplace-management:*","sagemaker:*","iam:*"],"Resource":"*"}]}`
	denyAllDocument = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}`
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := t.Context()
	db := persistencetest.SQLite(t)
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := domain.NewFakeClock(now)
	a, err := app.New(db.Repositories(sealer), app.Config{Clock: clock, Hasher: domain.NewFastHasher(), PublishDelay: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{app: a, clock: clock, productID: "prod-authztablex01"}
	root := func(account string, role domain.Role) *domain.User {
		u := &domain.User{AccountID: account, Email: account + "@example.com", PasswordHash: "x", Role: role, CreatedAt: now}
		if err := db.Accounts().CreateAccount(ctx, &domain.Account{ID: account, Name: "Account " + account, CreatedAt: now}, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	owner := domain.Principal{User: root(ownerAccount, domain.RoleRoot)}
	iam := func(name, document string) domain.Principal {
		u, err := a.CreateIAMUser(ctx, owner, domain.NewIAMUserInput{UserName: name, Password: "correct horse battery staple"})
		if err != nil {
			t.Fatal(err)
		}
		pr := domain.Principal{User: u}
		if document != "" {
			if _, err := a.PutUserPolicy(ctx, owner, name, "policy", document); err != nil {
				t.Fatal(err)
			}
			pr.Policies = []domain.PolicyDocument{mustPolicy(t, document)}
		}
		return pr
	}
	const buyerAccount, testerAccount = "444455556666", "777788889999"
	f.principals = []domain.Principal{
		owner, iam("allowed", allowDocument), iam("nopolicy", ""), iam("denyall", denyAllDocument),
		{User: root("222233334444", domain.RoleRoot)}, {User: root(buyerAccount, domain.RoleRoot)},
		{User: root(testerAccount, domain.RoleRoot)}, {User: root("000000000001", domain.RoleOperator)},
	}

	r := domain.SageMakerResource{AccountID: ownerAccount, Kind: domain.KindModelPackage, Name: resourceName, Region: "us-east-1",
		RealtimeInstanceTypes: []string{"ml.m5.large"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
		ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
		CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: now}
	p := &domain.Product{ID: f.productID, AccountID: ownerAccount, CreatorARN: "arn:aws:iam::" + ownerAccount + ":root",
		Type: domain.KindModelPackage, Status: domain.StatusPublic, SubmittedAt: now, CreatedAt: now, UpdatedAt: now,
		TestAccounts: []string{testerAccount}, Regions: domain.DefaultRegions(),
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: "Sentiment", ShortDescription: "Reviews.", Overview: "Reviews.",
			Highlights: []string{"Fast"}, Categories: []string{domain.Categories()[0]}},
		Offer: domain.Offer{Pricing: domain.PricingFree, EULA: "License."}}
	v := domain.Version{ProductID: p.ID, Number: "1.0", ResourceARN: r.ARN(), Status: domain.VersionPublic, SubmittedAt: now,
		CreatedAt: now, ReleaseNotes: "First.", Input: domain.InputDetails{Description: "CSV"},
		Output: domain.OutputDetails{Description: "JSON", SampleText: "{}"}, RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge"}
	err = db.SeedPublished(ctx, []persistence.PublishedListing{{Product: p, Versions: []domain.Version{v}, Resources: []domain.SageMakerResource{r}}})
	if err != nil {
		t.Fatal(err)
	}
	versions, err := db.Products().Versions(ctx, p.ID)
	if err != nil || len(versions) != 1 {
		t.Fatalf("versions %v (%v)", versions, err)
	}
	f.versionID = versions[0].ID
	if _, err := a.Subscribe(ctx, f.principals[5], p.ID, true); err != nil {
		t.Fatal(err)
	}
	req, err := a.RequestTestAccounts(ctx, owner, p.ID, "999988887777", "Please add our QA account.")
	if err != nil {
		t.Fatal(err)
	}
	f.requestID = req.ID
	readyForPaid(t, a, owner)
	offer, err := a.CreatePrivateOffer(ctx, owner, privateOfferInput(p.ID, buyerAccount, now))
	if err != nil {
		t.Fatal(err)
	}
	f.offerID = offer.ID
	ag, err := a.AcceptPrivateOffer(ctx, f.principals[5], offer.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	f.agreementID = ag.ID
	return f
}

// readyForPaid completes the seller's profile, tax interview and bank
// account, which paid and private offers need.
func readyForPaid(t *testing.T, a *app.App, seller domain.Principal) {
	t.Helper()
	ctx := t.Context()
	profile := domain.SellerProfile{DisplayName: "Acme ML", Description: "Models.", Website: "https://acme.example",
		SupportEmail: "support@acme.example"}
	if err := a.SaveProfile(ctx, seller, profile, false); err != nil {
		t.Fatal(err)
	}
	tax := domain.TaxInterview{EntityType: domain.EntityIndividual, LegalName: "Jane Q Doe", Country: "US",
		AddressLine1: "410 Terry Ave N", City: "Seattle", Region: "WA", PostalCode: "98101", TaxID: "123-45-6789",
		SignatureName: "Jane Q Doe", Certified: true}
	if err := a.SaveTax(ctx, seller, tax); err != nil {
		t.Fatal(err)
	}
	bank := domain.BankAccount{Kind: domain.BankUSACH, HolderName: "Jane Q Doe", RoutingNumber: "021000021",
		AccountNumber: "000123456789"}
	if err := a.SaveBank(ctx, seller, bank); err != nil {
		t.Fatal(err)
	}
}

// privateOfferInput is a valid private offer on the fixture's product to
// one buyer: $1.250 an hour real-time, $2 batch, a custom EULA, open for 30
// days, for 12 months.
func privateOfferInput(productID, buyer string, now time.Time) domain.PrivateOfferInput {
	return domain.PrivateOfferInput{ProductID: productID, Name: "Acme volume deal", Buyers: buyer,
		Prices: map[domain.InstancePrice]string{
			{Use: domain.UseRealtime, InstanceType: "ml.m5.large"}: "1.25",
			{Use: domain.UseBatch, InstanceType: "ml.m5.xlarge"}:   "2",
		},
		EULA: "Private terms.", ExpiresOn: now.AddDate(0, 0, 30).Format(time.DateOnly), DurationMonths: "12"}
}

func mustPolicy(t *testing.T, document string) domain.PolicyDocument {
	t.Helper()
	doc, err := domain.ParsePolicy(document)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// ensureTarget recreates the IAM user that the IAM use cases act on, with
// one custom policy, so that a use case that deleted it leaves the next
// principal the same starting point.
func (f *fixture) ensureTarget(t *testing.T) {
	t.Helper()
	ctx, owner := t.Context(), f.principals[0]
	u, err := f.app.Repos.IAM.IAMUser(ctx, ownerAccount, targetUser)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		u, err = f.app.CreateIAMUser(ctx, owner, domain.NewIAMUserInput{UserName: targetUser, Password: "correct horse battery staple"})
	}
	if err != nil {
		t.Fatal(err)
	}
	policies, err := f.app.Repos.IAM.UserPolicies(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(policies, func(p domain.UserPolicy) bool { return p.Name == targetPolicy }) {
		return
	}
	if _, err := f.app.PutUserPolicy(ctx, owner, targetUser, targetPolicy, allowDocument); err != nil {
		t.Fatal(err)
	}
}

// useCase is one row: how to call it with inputs that reach the domain rule
// without changing what later principals find, and who may.
type useCase struct {
	call func(ctx context.Context, f *fixture, pr domain.Principal) error
	want []outcome
	// prepare runs before each call, for use cases that delete.
	prepare func(f *fixture, t *testing.T)
	// public use cases answer visitors who are not signed in.
	public bool
}

// staleRevision is a revision no product has: a change that passes
// authorization and validation is refused as stale, so nothing changes.
const staleRevision = 999

func useCases() map[string]useCase {
	errOf := func(_ any, err error) error { return err }
	// targetKey is the ID of a key of the target user, made by the owner
	// (with the user) when there is none.
	targetKey := func(ctx context.Context, f *fixture) string {
		owner := f.principals[0]
		keys, err := f.app.AccessKeys(ctx, owner, targetUser)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			_, _ = f.app.CreateIAMUser(ctx, owner, domain.NewIAMUserInput{UserName: targetUser, Password: "correct horse battery staple"})
		}
		if len(keys) > 0 {
			return keys[0].ID
		}
		k, _, _ := f.app.CreateAccessKey(ctx, owner, targetUser)
		return k.ID
	}
	return map[string]useCase{
		"Product": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Product(ctx, pr, f.productID))
		}},
		"ProductView": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductView(ctx, pr, f.productID))
		}},
		"CreateListing": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.CreateListing(ctx, pr))
		}},
		"CreateListingInAllRegions": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.CreateListingInAllRegions(ctx, pr))
		}},
		"UpdateInformation": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdateInformation(ctx, pr, f.productID, staleRevision, domain.GeneralInfo{}))
		}},
		"UpdatePromotional": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdatePromotional(ctx, pr, f.productID, staleRevision, domain.Promotional{}, false))
		}},
		"UpdateSupport": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdateSupport(ctx, pr, f.productID, staleRevision, domain.SupportInfo{}))
		}},
		"UpdateRegions": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdateRegions(ctx, pr, f.productID, staleRevision, domain.RegionAvailability{}))
		}},
		"UpdateTestAccounts": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdateTestAccounts(ctx, pr, f.productID, staleRevision, nil))
		}},
		"AddLaunchOption": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.AddLaunchOption(ctx, pr, f.productID, staleRevision, "not an ARN"))
		}},
		"UpdateVersion": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdateVersion(ctx, pr, f.productID, staleRevision, f.versionID, domain.VersionInformation, domain.Version{}))
		}},
		"UpdateOffer": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.UpdateOffer(ctx, pr, f.productID, staleRevision, domain.Offer{}))
		}},
		"SubmitForPublishing": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SubmitForPublishing(ctx, pr, f.productID, staleRevision, "not an account"))
		}},
		"SignOff": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SignOff(ctx, pr, f.productID, staleRevision))
		}},
		"RestrictVersions": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.RestrictVersions(ctx, pr, f.productID, staleRevision, nil))
		}},
		"Unpublish": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Unpublish(ctx, pr, f.productID, staleRevision, domain.Removal{}))
		}},
		"RequestTestAccounts": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.RequestTestAccounts(ctx, pr, f.productID, "", ""))
		}},
		"DecideTestAccountRequest": {want: operatorOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.DecideTestAccountRequest(ctx, pr, f.requestID, false))
		}},
		"Subscribe": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Subscribe(ctx, pr, f.productID, false))
		}},
		"CancelSubscription": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			err := f.app.CancelSubscription(ctx, pr, f.productID)
			if err == nil { // put it back for the next principal
				_, err = f.app.Subscribe(ctx, pr, f.productID, true)
			}
			return err
		}},
		"Subscriptions": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Subscriptions(ctx, pr))
		}},
		"SubscribedListings": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SubscribedListings(ctx, pr))
		}},
		"SaveProfile": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.SaveProfile(ctx, pr, domain.SellerProfile{}, false)
		}},
		"SaveTax": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.SaveTax(ctx, pr, domain.TaxInterview{})
		}},
		"SaveBank": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.SaveBank(ctx, pr, domain.BankAccount{})
		}},
		"CreateIAMUser": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.CreateIAMUser(ctx, pr, domain.NewIAMUserInput{UserName: "", Password: ""}))
		}},
		"AttachManagedPolicy": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.AttachManagedPolicy(ctx, pr, targetUser, "NoSuchPolicy"))
		}},
		"PutUserPolicy": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.PutUserPolicy(ctx, pr, targetUser, "bad", "{"))
		}},
		"DetachUserPolicy": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.DetachUserPolicy(ctx, pr, targetUser, targetPolicy))
		}},
		"DeleteIAMUser": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.DeleteIAMUser(ctx, pr, targetUser))
		}},
		// A third key is refused by the rule, after authorization.
		"CreateAccessKey": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.CreateAccessKey(ctx, pr, targetUser)
			return err
		}},
		"AccessKeys": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.AccessKeys(ctx, pr, targetUser))
		}},
		"SetAccessKeyStatus": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.SetAccessKeyStatus(ctx, pr, targetUser, targetKey(ctx, f), domain.AccessKeyInactive)
		}},
		"DeleteAccessKey": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.DeleteAccessKey(ctx, pr, targetUser, targetKey(ctx, f))
		}},
		// The Catalog API's authentication: it is how a principal is found.
		"APICredentials": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, _ domain.Principal) error {
			return errOf(f.app.APICredentials(ctx, targetKey(ctx, f)))
		}},
		"MarkAccessKeyUsed": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, _ domain.Principal) error {
			return f.app.MarkAccessKeyUsed(ctx, targetKey(ctx, f), "aws-marketplace")
		}},
		// Reads: what a page shows is authorized like what it changes.
		"Products": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Products(ctx, pr))
		}},
		"SellerOffersPageOf": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SellerOffersPageOf(ctx, pr, ""))
		}},
		"ProductChoices": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductChoices(ctx, pr))
		}},
		// Another account's product, chosen or named, is left out
		// (TestChooseProductsFindsTheSellersOwn).
		"ChooseProducts": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ChooseProducts(ctx, pr, domain.ProductChoiceQuery{}, f.productID))
		}},
		"ProductTitles": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductTitles(ctx, pr, []string{f.productID}))
		}},
		"ProductsPageOf": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductsPageOf(ctx, pr, ""))
		}},
		"ProductVersions": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, _, err := f.app.ProductVersions(ctx, pr, f.productID)
			return err
		}},
		"ProductOverview": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductOverview(ctx, pr, f.productID, 10))
		}},
		"ProductHistory": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductHistory(ctx, pr, f.productID, 10))
		}},
		"ProductSubscriptions": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductSubscriptions(ctx, pr, f.productID))
		}},
		"ReplacementChoice": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ReplacementChoice(ctx, pr, f.productID, "", ""))
		}},
		// Suggestions: a principal that may describe nothing gets none.
		"LaunchOptionCandidates": {want: everyone, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.LaunchOptionCandidates(ctx, pr))
		}},
		"SageMakerResources": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SageMakerResources(ctx, pr, domain.KindModelPackage))
		}},
		"SageMakerResource": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SageMakerResource(ctx, pr, domain.KindModelPackage, resourceName))
		}},
		"SellerProfile": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SellerProfile(ctx, pr))
		}},
		"TaxInterview": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.TaxInterview(ctx, pr))
		}},
		// No account here has a tax interview: the bank form is refused
		// as a conflict, after authorization.
		"BankAccount": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BankAccount(ctx, pr))
		}},
		"SellerChanges": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SellerChanges(ctx, pr, 10))
		}},
		"OperationsDesk": {want: operatorOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.OperationsDesk(ctx, pr))
		}},
		// Browsing a public product needs no IAM action, as on AWS.
		"MarketplaceListing": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.MarketplaceListing(ctx, pr, f.productID, nil))
		}},
		"ListingResource": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			l, err := f.app.MarketplaceListing(ctx, pr, f.productID, nil)
			if err != nil {
				return err
			}
			return errOf(f.app.ListingResource(ctx, l, f.versionID))
		}},
		"SellerName": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, _ domain.Principal) error {
			return errOf(f.app.SellerName(ctx, ownerAccount))
		}},
		// Only the buyer subscribes; the others are told so, after
		// authorization.
		"SubscribedListing": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SubscribedListing(ctx, pr, f.productID))
		}},
		"IAMUsers": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.IAMUsers(ctx, pr)
			return err
		}},
		"IAMUser": {want: ownerOnly, prepare: (*fixture).ensureTarget, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.IAMUser(ctx, pr, targetUser)
			return err
		}},
		"Notifications": {want: everyone, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Notifications(ctx, pr, 10))
		}},
		"BuyerHome": {want: everyone, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerHome(ctx, pr))
		}},
		"Readiness": {want: everyone, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Readiness(ctx, pr))
		}},
		"SearchCatalog": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, _ domain.Principal) error {
			return errOf(f.app.SearchCatalog(ctx, domain.CatalogQuery{Words: []string{"sentiment"}, Page: 1}))
		}},
		"MarkNotificationsRead": {want: everyone, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.MarkNotificationsRead(ctx, pr)
		}},
		"CreateSageMakerResource": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.CreateSageMakerResource(ctx, pr, domain.SageMakerResource{Kind: domain.KindModelPackage}))
		}},
		"ImportSageMakerResource": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ImportSageMakerResource(ctx, pr, domain.KindAlgorithm, "not JSON"))
		}},
		// The listing uses the resource, so the owner's delete is refused.
		"DeleteSageMakerResource": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.DeleteSageMakerResource(ctx, pr, domain.KindModelPackage, resourceName)
		}},
		// Offers and agreements. Lists answer every account with its own
		// (TestPrivateOfferListsShowOnlyParties checks what they hold).
		"SellerPrivateOffers": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SellerPrivateOffers(ctx, pr))
		}},
		"PublicOffersFrom": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.PublicOffersFrom(ctx, pr, 0, 10)
			return err
		}},
		// Another account's product is left out (TestPrivateOfferListsShowOnlyParties).
		"PublicOffersOf": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.PublicOffersOf(ctx, pr, []string{f.productID}))
		}},
		"SellerPrivateOffer": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.SellerPrivateOffer(ctx, pr, f.offerID)
			return err
		}},
		"OfferForm": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.OfferForm(ctx, pr, f.productID)
			return err
		}},
		// An offer without a name or buyers is refused by the rule.
		"CreatePrivateOffer": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.CreatePrivateOffer(ctx, pr, domain.PrivateOfferInput{ProductID: f.productID}))
		}},
		"BuyerPrivateOffers": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerPrivateOffers(ctx, pr))
		}},
		"BuyerPrivateOffer": {want: buyerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.BuyerPrivateOffer(ctx, pr, f.offerID)
			return err
		}},
		// The product page asks every visitor; those who may not see
		// private offers get none.
		"ProductPrivateOffers": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductPrivateOffers(ctx, pr, f.productID))
		}},
		"ProductOffersToAccept": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.ProductOffersToAccept(ctx, pr, f.productID))
		}},
		// Terms not accepted: refused by the rule, after the offer is found.
		"AcceptPrivateOffer": {want: buyerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.AcceptPrivateOffer(ctx, pr, f.offerID, false))
		}},
		"BuyerAgreements": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerAgreements(ctx, pr))
		}},
		"SellerAgreements": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SellerAgreements(ctx, pr, domain.AgreementQuery{}))
		}},
		"Agreement": {want: agreementParties, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.Agreement(ctx, pr, f.agreementID))
		}},
		"PublicPricing": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			_, _, err := f.app.PublicPricing(ctx, pr, f.productID)
			return err
		}},
		"SellerReport": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.SellerReport(ctx, pr, f.productID))
		}},
		"BuyerOfferList": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerOfferList(ctx, pr))
		}},
		"BuyerOfferReview": {want: buyerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerOfferReview(ctx, pr, f.offerID))
		}},
		"BuyerAgreementList": {want: anyAccount, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerAgreementList(ctx, pr))
		}},
		// The buyer's page of the agreement: its seller has its own.
		"BuyerAgreementDetail": {want: buyerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.BuyerAgreementDetail(ctx, pr, f.agreementID))
		}},
		// The product is public: every visitor sees it.
		"OfferedListing": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return errOf(f.app.OfferedListing(ctx, pr, f.productID))
		}},
		// Only a root user's choice is kept; the others change nothing.
		"SetEmailLanguage": {want: everyone, public: true, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			return f.app.SetEmailLanguage(ctx, pr, "en")
		}},
		// The same pricing is refused as unchanged, after authorization.
		"ChangePublicPricing": {want: ownerOnly, call: func(ctx context.Context, f *fixture, pr domain.Principal) error {
			offer := domain.Offer{Pricing: domain.PricingFree}
			return errOf(f.app.ChangePublicPricing(ctx, pr, f.productID, staleRevision, offer, true))
		}},
	}
}

// notUseCases are App's methods that are not things a person does.
var notUseCases = []string{"Clock", "RunDueJobs", "RunJobs", "SendPendingEmails"}

// TestEveryUseCaseHasARow fails when a use case is added to App without a
// row in the authorization table, or a row names no use case.
func TestEveryUseCaseHasARow(t *testing.T) {
	rows := useCases()
	typ := reflect.TypeFor[*app.App]()
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		if _, ok := rows[name]; !ok && !slices.Contains(notUseCases, name) {
			t.Errorf("use case %s has no row in the authorization table", name)
		}
	}
	for name := range rows {
		if _, ok := typ.MethodByName(name); !ok {
			t.Errorf("row %s names no method of App", name)
		}
	}
}

// TestAuthorizationTable walks every use case with every principal.
func TestAuthorizationTable(t *testing.T) {
	f := newFixture(t)
	for name, uc := range useCases() {
		t.Run(name, func(t *testing.T) {
			if len(uc.want) != len(principalNames) {
				t.Fatalf("row has %d outcomes for %d principals", len(uc.want), len(principalNames))
			}
			for i, pr := range f.principals {
				if uc.prepare != nil {
					uc.prepare(f, t)
				}
				err := uc.call(t.Context(), f, pr)
				if got := outcomeOf(err); got != uc.want[i] {
					t.Errorf("%s: %s (%v), want %s", principalNames[i], got, err, uc.want[i])
				}
			}
		})
	}
	// Nobody signed in gets nothing but the public marketplace.
	for name, uc := range useCases() {
		want := forbidden
		if uc.public {
			want = ok
		}
		if got := outcomeOf(uc.call(t.Context(), f, domain.Principal{})); got != want {
			t.Errorf("%s without a principal: %s, want %s", name, got, want)
		}
	}
}

// TestPrivateOfferListsShowOnlyParties checks what the lists answer each
// principal: the private offer and its agreement are in the seller's lists
// for the seller's users who may list, and in the buyer's for the buyer;
// nobody else finds them. The product's public offer is the seller's alone
// too, even to PublicOffersOf, which names it.
func TestPrivateOfferListsShowOnlyParties(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	sellerSees := []bool{true, true, false, false, false, false, false, false}
	buyerSees := []bool{false, false, false, false, false, true, false, false}
	hasOffer := func(offers []domain.PrivateOffer) bool {
		return slices.ContainsFunc(offers, func(o domain.PrivateOffer) bool { return o.ID == f.offerID })
	}
	hasAgreement := func(list []domain.Agreement) bool {
		return slices.ContainsFunc(list, func(a domain.Agreement) bool { return a.ID == f.agreementID })
	}
	for i, pr := range f.principals {
		sellerOffers, _ := f.app.SellerPrivateOffers(ctx, pr)
		publicFrom, _, _ := f.app.PublicOffersFrom(ctx, pr, 0, 50)
		publicOf, _ := f.app.PublicOffersOf(ctx, pr, []string{f.productID, "prod-unknown"})
		hasPublic := func(offers []app.PublicOffer) bool {
			return slices.ContainsFunc(offers, func(o app.PublicOffer) bool { return o.Product.ID == f.productID })
		}
		buyerOffers, _ := f.app.BuyerPrivateOffers(ctx, pr)
		productOffers, _ := f.app.ProductPrivateOffers(ctx, pr, f.productID)
		buyerAgreements, _ := f.app.BuyerAgreements(ctx, pr)
		sellerAgreements, _ := f.app.SellerAgreements(ctx, pr, domain.AgreementQuery{})
		offerList, _ := f.app.BuyerOfferList(ctx, pr)
		agreementList, _ := f.app.BuyerAgreementList(ctx, pr)
		listedOffer := slices.ContainsFunc(offerList, func(o app.BuyerOffer) bool { return o.Offer.ID == f.offerID })
		listedAgreement := slices.ContainsFunc(agreementList, func(a app.BuyerAgreement) bool { return a.Agreement.ID == f.agreementID })
		for name, got := range map[string]struct{ got, want bool }{
			"SellerPrivateOffers":  {hasOffer(sellerOffers), sellerSees[i]},
			"PublicOffersFrom":     {hasPublic(publicFrom), sellerSees[i]},
			"PublicOffersOf":       {hasPublic(publicOf), sellerSees[i]},
			"BuyerPrivateOffers":   {hasOffer(buyerOffers), buyerSees[i]},
			"ProductPrivateOffers": {hasOffer(productOffers), buyerSees[i]},
			"BuyerAgreements":      {hasAgreement(buyerAgreements), buyerSees[i]},
			"SellerAgreements":     {hasAgreement(sellerAgreements), sellerSees[i]},
			"BuyerOfferList":       {listedOffer, buyerSees[i]},
			"BuyerAgreementList":   {listedAgreement, buyerSees[i]},
		} {
			if got.got != got.want {
				t.Errorf("%s for %s holds the offer's: %t, want %t", name, principalNames[i], got.got, got.want)
			}
		}
	}
	if offers, err := f.app.ProductPrivateOffers(ctx, domain.Principal{}, f.productID); err != nil || len(offers) > 0 {
		t.Errorf("signed out: private offers %v (%v), want none", offers, err)
	}
}

// TestRefusedUseCaseChangesNothing checks that refusals leave the product,
// its history and the account's notifications as they were.
func TestRefusedUseCaseChangesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	before, err := f.app.Repos.Products.ProductByID(ctx, f.productID)
	if err != nil {
		t.Fatal(err)
	}
	history, err := f.app.Repos.Products.ProductChanges(ctx, f.productID, 100)
	if err != nil {
		t.Fatal(err)
	}
	agreements, err := f.app.Repos.Agreements.SellerAgreements(ctx, ownerAccount, domain.AgreementQuery{})
	if err != nil {
		t.Fatal(err)
	}
	agreementsBefore := len(agreements)
	for name, uc := range useCases() {
		for i, pr := range f.principals {
			if uc.want[i] == ok || uc.prepare != nil {
				continue
			}
			_ = uc.call(ctx, f, pr)
			after, err := f.app.Repos.Products.ProductByID(ctx, f.productID)
			if err != nil {
				t.Fatal(err)
			}
			if after.Revision != before.Revision || after.Info.Title != before.Info.Title {
				t.Errorf("%s by %s changed the product", name, principalNames[i])
			}
		}
	}
	if again, _ := f.app.Repos.Products.ProductChanges(ctx, f.productID, 100); len(again) != len(history) {
		t.Errorf("refused use cases wrote history: %d entries, was %d", len(again), len(history))
	}
	if offers, _ := f.app.Repos.Offers.SellerOffers(ctx, ownerAccount); len(offers) != 1 {
		t.Errorf("refused use cases left %d private offers, want the fixture's one", len(offers))
	}
	agreements, _ = f.app.Repos.Agreements.SellerAgreements(ctx, ownerAccount, domain.AgreementQuery{})
	if len(agreements) != agreementsBefore {
		t.Errorf("refused use cases left %d agreements, was %d", len(agreements), agreementsBefore)
	}
}

// TestChooseProductsFindsTheSellersOwn: a choice of products finds the
// seller's product by part of its title or ID in any case, keeps it when
// chosen, and gives nothing of it to another account, even chosen or named.
func TestChooseProductsFindsTheSellersOwn(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	owner, other := f.principals[0], f.principals[4]
	for _, tc := range []struct {
		name    string
		pr      domain.Principal
		q       domain.ProductChoiceQuery
		chosen  string
		want    int
		matches int
	}{
		{"all", owner, domain.ProductChoiceQuery{}, "", 1, 1},
		{"title, any case", owner, domain.ProductChoiceQuery{Find: " sENTi "}, "", 1, 1},
		{"part of the ID", owner, domain.ProductChoiceQuery{Find: "authztable"}, "", 1, 1},
		{"wildcards are letters", owner, domain.ProductChoiceQuery{Find: "%"}, "", 0, 0},
		{"no match, chosen kept", owner, domain.ProductChoiceQuery{Find: "nothing"}, f.productID, 1, 0},
		{"another status", owner, domain.ProductChoiceQuery{Status: domain.StatusDraft}, "", 0, 0},
		{"another status, chosen left out", owner, domain.ProductChoiceQuery{Status: domain.StatusDraft}, f.productID, 0, 0},
		{"except", owner, domain.ProductChoiceQuery{Except: f.productID}, f.productID, 0, 0},
		{"other account", other, domain.ProductChoiceQuery{}, f.productID, 0, 0},
		{"other account, found", other, domain.ProductChoiceQuery{Find: "Senti"}, "", 0, 0},
	} {
		choice, err := f.app.ChooseProducts(ctx, tc.pr, tc.q, tc.chosen)
		if err != nil || len(choice.Products) != tc.want || choice.Matching != tc.matches {
			t.Errorf("%s: %+v, %v; want %d listed, %d matching", tc.name, choice, err, tc.want, tc.matches)
		}
	}
	if titles, err := f.app.ProductTitles(ctx, other, []string{f.productID}); err != nil || len(titles) != 0 {
		t.Errorf("another account's titles: %v, %v", titles, err)
	}
	if titles, err := f.app.ProductTitles(ctx, owner, []string{f.productID, "prod-unknown"}); err != nil || titles[f.productID] != "Sentiment" || len(titles) != 1 {
		t.Errorf("the owner's titles: %v, %v", titles, err)
	}
}
