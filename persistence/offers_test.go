package persistence

// Offer and agreement store tests. They are internal to the package so that
// the migration test can stop before the offers migration; every other test
// goes through the exported store as the core does.

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"

	"github.com/mlportal/portal/domain"
)

const (
	offersMigrationID = "202612040001_offers_agreements"
	offerSellerAcct   = "111122223333"
	offerBuyerAcct    = "444455556666"
	offerBuyer2Acct   = "777788889999"
	offerOtherAcct    = "222233334444"
	offerProductID    = "prod-offerstore001"
)

var offerT0 = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)

// openOffers opens a migrated database at dsn, closed at the end of the test.
func openOffers(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// offerStoreWorld is a seller with a product, two buyers and another
// account, on a fresh database of each kind.
func offerStoreWorld(t *testing.T, fn func(t *testing.T, db *DB, dsn string)) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		db := openOffers(t, dsn)
		ctx := context.Background()
		for _, id := range []string{offerSellerAcct, offerBuyerAcct, offerBuyer2Acct, offerOtherAcct} {
			a := &domain.Account{ID: id, Name: "Account " + id, CreatedAt: offerT0}
			u := &domain.User{AccountID: id, Email: id + "@example.com", PasswordHash: "x", Role: domain.RoleRoot, CreatedAt: offerT0}
			if err := db.Accounts().CreateAccount(ctx, a, u); err != nil {
				t.Fatal(err)
			}
		}
		p := &domain.Product{ID: offerProductID, AccountID: offerSellerAcct, CreatorARN: "arn:aws:iam::" + offerSellerAcct + ":root",
			Status: domain.StatusPublic, Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic}, Regions: domain.DefaultRegions(),
			CreatedAt: offerT0, UpdatedAt: offerT0}
		ch := domain.ProductChange{ProductID: p.ID, ChangeType: domain.ChangeCreateProduct, Actor: "test", At: offerT0}
		if err := db.Products().CreateProduct(ctx, p, ch); err != nil {
			t.Fatal(err)
		}
		fn(t, db, dsn)
	})
}

func sampleTerms(millis int64) domain.Terms {
	return domain.Terms{Pricing: domain.PricingPaid, EULA: "Private terms.",
		Prices: []domain.InstancePrice{{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: millis}}}
}

func newPrivateOffer(t *testing.T, db *DB, at time.Time, buyers ...string) *domain.PrivateOffer {
	t.Helper()
	id, err := domain.NewOfferID()
	if err != nil {
		t.Fatal(err)
	}
	o := &domain.PrivateOffer{ID: id, ProductID: offerProductID, SellerAccountID: offerSellerAcct, Name: "Deal " + id,
		Buyers: buyers, Terms: sampleTerms(1250), ExpiresAt: at.AddDate(0, 0, 30), DurationMonths: 12, CreatedAt: at,
		CreatedBy: "arn:aws:iam::" + offerSellerAcct + ":root"}
	csID, err := domain.NewChangeSetID()
	if err != nil {
		t.Fatal(err)
	}
	cs := &domain.ChangeSet{ID: csID, Status: domain.ChangeSetSucceeded, StartedAt: at, EndedAt: at, Actor: o.CreatedBy,
		Changes: []domain.Change{
			{ChangeType: domain.ChangeCreateOffer, EntityType: domain.EntityTypeOffer, EntityID: o.ID, Details: "{}"},
			{ChangeType: domain.ChangeReleaseOffer, EntityType: domain.EntityTypeOffer, EntityID: o.ID, Details: "{}"},
		}}
	if err := db.Offers().CreatePrivateOffer(context.Background(), o, cs); err != nil {
		t.Fatal(err)
	}
	return o
}

func newStoredAgreement(t *testing.T, db *DB, offerID, buyer string, terms domain.Terms, at time.Time, private bool) *domain.Agreement {
	t.Helper()
	p := &domain.Product{ID: offerProductID, AccountID: offerSellerAcct, Status: domain.StatusPublic}
	a, err := domain.NewAgreement(offerID, p, buyer, terms, at, 0, private)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Offers().MakeAgreement(context.Background(), a, domain.TrialJobs(a)); err != nil {
		t.Fatal(err)
	}
	return a
}

func offerIDs(offers []domain.PrivateOffer) []string {
	out := make([]string, len(offers))
	for i, o := range offers {
		out[i] = o.ID
	}
	return out
}

func wantCode(t *testing.T, err error, code string, msg domain.Message) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != code || (msg != "" && e.Message != msg) {
		t.Fatalf("error %v, want %s %s", err, code, msg)
	}
}

func TestOfferStorePrivateOffers(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		store := db.Offers()
		first := newPrivateOffer(t, db, offerT0, offerBuyerAcct, offerBuyer2Acct)
		second := newPrivateOffer(t, db, offerT0.Add(time.Hour), offerBuyer2Acct)

		got, err := store.PrivateOffer(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, first) {
			t.Errorf("offer read back =\n%+v\nwant\n%+v", got, first)
		}
		_, err = store.PrivateOffer(ctx, "offer-nosuchoffer0000000")
		wantCode(t, err, domain.ENOTFOUND, "")

		type lister func(context.Context, string) ([]domain.PrivateOffer, error)
		for _, tc := range []struct {
			name    string
			list    lister
			account string
			want    []string
		}{
			{"seller", store.SellerOffers, offerSellerAcct, []string{second.ID, first.ID}},
			{"another seller", store.SellerOffers, offerOtherAcct, []string{}},
			{"buyer", store.BuyerOffers, offerBuyerAcct, []string{first.ID}},
			{"second buyer", store.BuyerOffers, offerBuyer2Acct, []string{second.ID, first.ID}},
			{"the seller as buyer", store.BuyerOffers, offerSellerAcct, []string{}},
			{"another account", store.BuyerOffers, offerOtherAcct, []string{}},
		} {
			list, err := tc.list(ctx, tc.account)
			if err != nil {
				t.Fatal(err)
			}
			if got := offerIDs(list); !slices.Equal(got, tc.want) {
				t.Errorf("%s: offers %v, want %v", tc.name, got, tc.want)
			}
			for _, o := range list {
				if o.ID == first.ID && !slices.Equal(o.Buyers, []string{offerBuyerAcct, offerBuyer2Acct}) {
					t.Errorf("%s: buyers %v", tc.name, o.Buyers)
				}
			}
		}
	})
}

// TestOfferStoreOfferChangeSetReachable checks that the seller finds the
// change set of a new private offer among its change sets.
func TestOfferStoreOfferChangeSetReachable(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		o := newPrivateOffer(t, db, offerT0, offerBuyerAcct)
		sets, err := db.ChangeSets().ListChangeSets(ctx, offerSellerAcct, domain.ChangeSetQuery{EntityID: o.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(sets) != 1 || len(sets[0].Changes) != 2 || sets[0].Changes[0].ChangeType != domain.ChangeCreateOffer {
			t.Fatalf("seller's change sets of the offer: %+v", sets)
		}
		if _, err := db.ChangeSets().ChangeSet(ctx, offerSellerAcct, sets[0].ID); err != nil {
			t.Errorf("seller describes the offer's change set: %v", err)
		}
		if _, err := db.ChangeSets().ChangeSet(ctx, offerOtherAcct, sets[0].ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another account describes the offer's change set: %v", err)
		}
	})
}

func TestOfferStoreMakeAgreement(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		store := db.Offers()
		public := newStoredAgreement(t, db, domain.PublicOfferID(offerProductID), offerBuyerAcct, domain.Terms{Pricing: domain.PricingFree},
			offerT0, false)
		if sub, err := db.Subscriptions().Subscription(ctx, offerBuyerAcct, offerProductID); err != nil || !sub.CancelledAt.IsZero() {
			t.Fatalf("subscription after the public agreement: %+v (%v)", sub, err)
		}
		again, err := domain.NewAgreement(public.OfferID, &domain.Product{ID: offerProductID, AccountID: offerSellerAcct,
			Status: domain.StatusPublic}, offerBuyerAcct, public.Terms, offerT0.Add(time.Minute), 0, false)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, store.MakeAgreement(ctx, again, nil), domain.ECONFLICT, domain.MsgAlreadySubscribed)

		o := newPrivateOffer(t, db, offerT0, offerBuyerAcct)
		acceptAt := offerT0.Add(time.Hour)
		private := newStoredAgreement(t, db, o.ID, offerBuyerAcct, o.Terms, acceptAt, true)
		old, err := store.Agreement(ctx, public.ID)
		if err != nil {
			t.Fatal(err)
		}
		if old.Status != domain.AgreementReplaced || !old.EndedAt.Equal(acceptAt) {
			t.Errorf("public agreement after the private one: %s ended %s, want replaced at %s", old.Status, old.EndedAt, acceptAt)
		}
		active, err := store.ActiveAgreement(ctx, offerBuyerAcct, offerProductID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(active, private) {
			t.Errorf("active agreement =\n%+v\nwant\n%+v", active, private)
		}
		second, err := domain.NewAgreement(o.ID, &domain.Product{ID: offerProductID, AccountID: offerSellerAcct,
			Status: domain.StatusPublic}, offerBuyerAcct, o.Terms, acceptAt.Add(time.Minute), 12, true)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, store.MakeAgreement(ctx, second, nil), domain.ECONFLICT, domain.MsgOfferAlreadyAccepted)

		subs, err := db.Subscriptions().ActiveSubscriptions(ctx, offerBuyerAcct)
		if err != nil || len(subs) != 1 {
			t.Errorf("buyer's subscriptions %+v (%v), want one", subs, err)
		}
		mine, err := store.BuyerAgreements(ctx, offerBuyerAcct)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 2 || mine[0].ID != private.ID || mine[1].ID != public.ID {
			t.Errorf("buyer's agreements %+v, want the private then the public one", mine)
		}
		for _, tc := range []struct {
			q    domain.AgreementQuery
			want int
		}{
			{domain.AgreementQuery{}, 2},
			{domain.AgreementQuery{ProductID: offerProductID}, 2},
			{domain.AgreementQuery{ProductID: "prod-nosuchproduct"}, 0},
		} {
			list, err := store.SellerAgreements(ctx, offerSellerAcct, tc.q)
			if err != nil || len(list) != tc.want {
				t.Errorf("seller's agreements for %+v: %d (%v), want %d", tc.q, len(list), err, tc.want)
			}
		}
		if list, _ := store.SellerAgreements(ctx, offerOtherAcct, domain.AgreementQuery{}); len(list) != 0 {
			t.Errorf("another seller sees %d agreements", len(list))
		}
		if list, _ := store.OfferAgreements(ctx, public.OfferID); len(list) != 0 {
			t.Errorf("the public offer still has %d active agreements", len(list))
		}
		if list, _ := store.OfferAgreements(ctx, o.ID); len(list) != 1 || list[0].ID != private.ID {
			t.Errorf("the private offer's agreements: %+v", list)
		}
	})
}

// TestOfferStoreAcceptWithOldSubscription accepts a private offer as a
// buyer subscribed before agreements were kept: the subscription stays, and
// the public offer cannot be subscribed to again.
func TestOfferStoreAcceptWithOldSubscription(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		sub := &domain.Subscription{AccountID: offerBuyerAcct, ProductID: offerProductID, CreatedAt: offerT0}
		if err := db.Subscriptions().Subscribe(ctx, sub); err != nil {
			t.Fatal(err)
		}
		p := &domain.Product{ID: offerProductID, AccountID: offerSellerAcct, Status: domain.StatusPublic}
		public, err := domain.NewAgreement(domain.PublicOfferID(offerProductID), p, offerBuyerAcct, domain.Terms{Pricing: domain.PricingFree},
			offerT0, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.Offers().MakeAgreement(ctx, public, nil), domain.ECONFLICT, domain.MsgAlreadySubscribed)
		o := newPrivateOffer(t, db, offerT0, offerBuyerAcct)
		newStoredAgreement(t, db, o.ID, offerBuyerAcct, o.Terms, offerT0.Add(time.Hour), true)
		if subs, _ := db.Subscriptions().ActiveSubscriptions(ctx, offerBuyerAcct); len(subs) != 1 {
			t.Errorf("subscriptions %+v, want the one", subs)
		}
	})
}

func TestOfferStoreCancelAgreement(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		store := db.Offers()
		a := newStoredAgreement(t, db, domain.PublicOfferID(offerProductID), offerBuyerAcct, sampleTerms(1000), offerT0, false)
		cancelAt := offerT0.Add(24 * time.Hour)
		if err := store.CancelAgreement(ctx, offerBuyerAcct, offerProductID, cancelAt); err != nil {
			t.Fatal(err)
		}
		got, err := store.Agreement(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.AgreementCancelled || !got.EndedAt.Equal(cancelAt) {
			t.Errorf("agreement after cancelling: %s ended %s", got.Status, got.EndedAt)
		}
		if subs, _ := db.Subscriptions().ActiveSubscriptions(ctx, offerBuyerAcct); len(subs) != 0 {
			t.Errorf("subscriptions after cancelling: %+v", subs)
		}
		_, err = store.ActiveAgreement(ctx, offerBuyerAcct, offerProductID)
		wantCode(t, err, domain.ENOTFOUND, "")
		wantCode(t, store.CancelAgreement(ctx, offerBuyerAcct, offerProductID, cancelAt), domain.ECONFLICT, domain.MsgNotSubscribed)
		wantCode(t, store.CancelAgreement(ctx, offerOtherAcct, offerProductID, cancelAt), domain.ECONFLICT, domain.MsgNotSubscribed)

		// Subscribing again makes a new agreement and renews the subscription.
		renewed := newStoredAgreement(t, db, domain.PublicOfferID(offerProductID), offerBuyerAcct, sampleTerms(1000),
			cancelAt.Add(time.Hour), false)
		if active, err := store.ActiveAgreement(ctx, offerBuyerAcct, offerProductID); err != nil || active.ID != renewed.ID {
			t.Errorf("active agreement after subscribing again: %+v (%v)", active, err)
		}
		if subs, _ := db.Subscriptions().ActiveSubscriptions(ctx, offerBuyerAcct); len(subs) != 1 {
			t.Errorf("subscriptions after subscribing again: %+v", subs)
		}
	})
}

func TestOfferStoreAddPriceSteps(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		store := db.Offers()
		a := newStoredAgreement(t, db, domain.PublicOfferID(offerProductID), offerBuyerAcct, sampleTerms(1000), offerT0, false)
		b := newStoredAgreement(t, db, domain.PublicOfferID(offerProductID), offerBuyer2Acct, sampleTerms(1000), offerT0, false)
		step := func(at time.Time, millis int64) domain.PriceStep {
			return domain.PriceStep{At: at, Pricing: domain.PricingPaid, Prices: sampleTerms(millis).Prices}
		}
		now, notice := offerT0.AddDate(0, 1, 0), 90*24*time.Hour
		increase := step(now.Add(notice), 2000)
		if err := store.AddPriceSteps(ctx, now, map[string][]domain.PriceStep{a.ID: {increase}}); err != nil {
			t.Fatal(err)
		}
		got, err := store.Agreement(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Steps, []domain.PriceStep{increase}) {
			t.Errorf("steps %+v", got.Steps)
		}
		if other, _ := store.Agreement(ctx, b.ID); len(other.Steps) != 0 {
			t.Errorf("another agreement got steps: %+v", other.Steps)
		}
		// A later change replaces the pending increase.
		later := now.AddDate(0, 0, 10)
		back := step(later, 1000)
		if err := store.AddPriceSteps(ctx, later, map[string][]domain.PriceStep{a.ID: {back}, b.ID: {back}}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{a.ID, b.ID} {
			got, err := store.Agreement(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Steps, []domain.PriceStep{back}) {
				t.Errorf("%s: steps %+v, want the later change's only", id, got.Steps)
			}
		}
		// One unknown agreement leaves every agreement as it was.
		err = store.AddPriceSteps(ctx, later.Add(time.Hour), map[string][]domain.PriceStep{a.ID: {increase}, "agmt-nosuchagreemen": {increase}})
		wantCode(t, err, domain.ENOTFOUND, "")
		if got, _ := store.Agreement(ctx, a.ID); !reflect.DeepEqual(got.Steps, []domain.PriceStep{back}) {
			t.Errorf("steps after a refused change: %+v", got.Steps)
		}
	})
}

// TestOfferStoreRunsEachJobOnce runs the due trial jobs from several
// goroutines on two connection pools, as two server processes would: each
// job runs once, its notifications are stored once, and what it changed on
// the agreement is saved.
func TestOfferStoreRunsEachJobOnce(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, first *DB, dsn string) {
		ctx := context.Background()
		trial := sampleTerms(1000)
		trial.Pricing, trial.TrialDays = domain.PricingPaidTrial, 7
		a := newStoredAgreement(t, first, domain.PublicOfferID(offerProductID), offerBuyerAcct, trial, offerT0, false)
		second := openOffers(t, dsn)

		if jobs, err := first.Offers().DueAgreementJobs(ctx, offerT0.Add(time.Hour), 10); err != nil || len(jobs) != 0 {
			t.Fatalf("jobs due before the notice: %+v (%v)", jobs, err)
		}
		end := offerT0.AddDate(0, 0, 7)
		jobs, err := first.Offers().DueAgreementJobs(ctx, end, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 2 || jobs[0].Kind != domain.JobTrialNotice || jobs[1].Kind != domain.JobTrialEnd ||
			!jobs[1].DueAt.Equal(end) || jobs[0].AgreementID != a.ID {
			t.Fatalf("due jobs %+v", jobs)
		}
		const runners = 6
		var wg sync.WaitGroup
		var mu sync.Mutex
		ran := map[int64]int{}
		errs := make([]error, runners)
		for i := range runners {
			db := []*DB{first, second}[i%2]
			wg.Go(func() {
				for _, job := range jobs {
					ok, err := db.Offers().RunAgreementJob(ctx, job, end, func(ag *domain.Agreement) ([]domain.Notification, error) {
						ag.TrialEnded = end
						return []domain.Notification{{AccountID: ag.BuyerAccountID, Message: domain.MsgNotifyTrialEnded,
							Data: map[string]string{"Kind": string(job.Kind)}, CreatedAt: end}}, nil
					})
					if err != nil {
						errs[i] = err
						return
					}
					if ok {
						mu.Lock()
						ran[job.ID]++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, job := range jobs {
			if ran[job.ID] != 1 {
				t.Errorf("job %d (%s) ran %d times", job.ID, job.Kind, ran[job.ID])
			}
		}
		if n := len(notificationsFor(t, first, offerBuyerAcct)); n != 2 {
			t.Errorf("%d notifications, want one per job", n)
		}
		got, err := first.Offers().Agreement(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.TrialEnded.Equal(end) {
			t.Errorf("trial ended %s, want %s", got.TrialEnded, end)
		}
		if jobs, _ := first.Offers().DueAgreementJobs(ctx, end.AddDate(1, 0, 0), 10); len(jobs) != 0 {
			t.Errorf("jobs still due after running: %+v", jobs)
		}
	})
}

// TestOfferStoreFailedJobRunsAgain checks that a job whose run fails is
// left pending with nothing saved.
func TestOfferStoreFailedJobRunsAgain(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		trial := sampleTerms(1000)
		trial.Pricing, trial.TrialDays = domain.PricingPaidTrial, 7
		a := newStoredAgreement(t, db, domain.PublicOfferID(offerProductID), offerBuyerAcct, trial, offerT0, false)
		end := offerT0.AddDate(0, 0, 7)
		jobs, err := db.Offers().DueAgreementJobs(ctx, end, 1)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("jobs %+v (%v)", jobs, err)
		}
		boom := errors.New("product store down")
		ok, err := db.Offers().RunAgreementJob(ctx, jobs[0], end, func(ag *domain.Agreement) ([]domain.Notification, error) {
			ag.TrialEnded = end
			return nil, boom
		})
		if ok || !errors.Is(err, boom) {
			t.Fatalf("run = %t, %v; want the run's error", ok, err)
		}
		if again, _ := db.Offers().DueAgreementJobs(ctx, end, 1); len(again) != 1 || again[0].ID != jobs[0].ID {
			t.Errorf("after a failed run, due jobs %+v", again)
		}
		if got, _ := db.Offers().Agreement(ctx, a.ID); !got.TrialEnded.IsZero() {
			t.Errorf("a failed run saved the agreement: %+v", got)
		}
	})
}

func notificationsFor(t *testing.T, db *DB, account string) []domain.Notification {
	t.Helper()
	list, err := db.Operations().Notifications(context.Background(), account, 100)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// TestNotificationEmailsClaimedOnce claims the pending emails from several
// goroutines on two connection pools: each is claimed once.
func TestNotificationEmailsClaimedOnce(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, first *DB, dsn string) {
		ctx := context.Background()
		second := openOffers(t, dsn)
		ns := []domain.Notification{
			{AccountID: offerBuyerAcct, Message: domain.MsgNotifyOfferExtended, Data: map[string]string{"Offer": "Deal"}, CreatedAt: offerT0},
			{AccountID: offerSellerAcct, Message: domain.MsgNotifyOfferAccepted, CreatedAt: offerT0.Add(time.Second)},
		}
		if err := first.Operations().AddNotifications(ctx, ns); err != nil {
			t.Fatal(err)
		}
		pending, err := first.Operations().PendingEmails(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 2 || pending[0].Message != domain.MsgNotifyOfferExtended || pending[0].Data["Offer"] != "Deal" ||
			pending[1].AccountID != offerSellerAcct {
			t.Fatalf("pending emails %+v", pending)
		}
		if limited, _ := first.Operations().PendingEmails(ctx, 1); len(limited) != 1 || limited[0].ID != pending[0].ID {
			t.Errorf("pending emails limited to one: %+v", limited)
		}
		const claimers = 6
		var wg sync.WaitGroup
		claims := make([][]int64, claimers)
		errs := make([]error, claimers)
		for i := range claimers {
			db := []*DB{first, second}[i%2]
			wg.Go(func() {
				for _, n := range pending {
					ok, err := db.Operations().ClaimEmail(ctx, n.ID, offerT0.Add(time.Minute))
					if err != nil {
						errs[i] = err
						return
					}
					if ok {
						claims[i] = append(claims[i], n.ID)
					}
				}
			})
		}
		wg.Wait()
		var all []int64
		for i := range claimers {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			all = append(all, claims[i]...)
		}
		slices.Sort(all)
		if want := []int64{pending[0].ID, pending[1].ID}; !slices.Equal(all, want) {
			t.Errorf("claimed %v, want each of %v once", all, want)
		}
		if left, _ := first.Operations().PendingEmails(ctx, 10); len(left) != 0 {
			t.Errorf("pending after claiming: %+v", left)
		}
		// The notifications stay in the portal.
		if n := len(notificationsFor(t, first, offerBuyerAcct)); n != 1 {
			t.Errorf("buyer has %d notifications", n)
		}
	})
}

func TestAccountContact(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		c, err := db.Accounts().Contact(ctx, offerBuyerAcct)
		if err != nil {
			t.Fatal(err)
		}
		if c != (domain.Contact{Email: offerBuyerAcct + "@example.com", Language: "en"}) {
			t.Errorf("contact %+v", c)
		}
		if err := db.Accounts().SetLanguage(ctx, offerBuyerAcct, "de"); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.Accounts().Contact(ctx, offerBuyerAcct); c.Language != "de" {
			t.Errorf("language after setting it: %q", c.Language)
		}
		if c, _ := db.Accounts().Contact(ctx, offerSellerAcct); c.Language != "en" {
			t.Errorf("another account's language: %q", c.Language)
		}
		_, err = db.Accounts().Contact(ctx, "999999999999")
		wantCode(t, err, domain.ENOTFOUND, "")
	})
}

// TestMigrateOffersKeepsOldNotificationsUnsent upgrades a database with
// notifications made before emails were sent: none of them is emailed, and
// a notification made afterwards is.
func TestMigrateOffersKeepsOldNotificationsUnsent(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		if err := db.migrate(ctx, migrationBefore(t, offersMigrationID)); err != nil {
			t.Fatal(err)
		}
		for i, msg := range []domain.Message{domain.MsgNotifyStaged, domain.MsgNotifyRequestApproved} {
			err := db.gorm.Exec("INSERT INTO notifications (account_id, message, data, created_at) VALUES (?, ?, ?, ?)",
				offerSellerAcct, string(msg), "{}", offerT0.Add(time.Duration(i)*time.Minute)).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if pending, err := db.Operations().PendingEmails(ctx, 10); err != nil || len(pending) != 0 {
			t.Fatalf("pending emails after the upgrade: %+v (%v)", pending, err)
		}
		if n := len(notificationsFor(t, db, offerSellerAcct)); n != 2 {
			t.Errorf("%d notifications after the upgrade, want 2", n)
		}
		n := domain.Notification{AccountID: offerSellerAcct, Message: domain.MsgNotifyStaged, CreatedAt: offerT0.Add(time.Hour)}
		if err := db.Operations().AddNotifications(ctx, []domain.Notification{n}); err != nil {
			t.Fatal(err)
		}
		if pending, _ := db.Operations().PendingEmails(ctx, 10); len(pending) != 1 {
			t.Errorf("pending emails after a new notification: %+v", pending)
		}
	})
}

// TestOfferStoreAcceptsOnceAtOnce accepts one private offer from several
// goroutines on two connection pools: one agreement is made, the others
// are refused as conflicts.
func TestOfferStoreAcceptsOnceAtOnce(t *testing.T) {
	offerStoreWorld(t, func(t *testing.T, first *DB, dsn string) {
		ctx := context.Background()
		second := openOffers(t, dsn)
		newStoredAgreement(t, first, domain.PublicOfferID(offerProductID), offerBuyerAcct, domain.Terms{Pricing: domain.PricingFree},
			offerT0, false)
		o := newPrivateOffer(t, first, offerT0, offerBuyerAcct)
		p := &domain.Product{ID: offerProductID, AccountID: offerSellerAcct, Status: domain.StatusPublic}
		const buyers = 6
		errs := make([]error, buyers)
		var wg sync.WaitGroup
		for i := range buyers {
			db := []*DB{first, second}[i%2]
			wg.Go(func() {
				a, err := domain.NewAgreement(o.ID, p, offerBuyerAcct, o.Terms, offerT0.Add(time.Hour), 12, true)
				if err == nil {
					err = db.Offers().MakeAgreement(ctx, a, nil)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		made := 0
		for _, err := range errs {
			switch domain.ErrorCode(err) {
			case "":
				made++
			case domain.ECONFLICT:
			default:
				t.Errorf("accepting at once: %v, want success or a conflict", err)
			}
		}
		if made != 1 {
			t.Errorf("%d acceptances succeeded, want 1", made)
		}
		if list, _ := first.Offers().OfferAgreements(ctx, o.ID); len(list) != 1 {
			t.Errorf("%d active agreements on the offer, want 1", len(list))
		}
		all, _ := first.Offers().BuyerAgreements(ctx, offerBuyerAcct)
		active := 0
		for _, a := range all {
			if a.Status == domain.AgreementActive {
				active++
			}
		}
		if active != 1 {
			t.Errorf("buyer has %d active agreements, want 1", active)
		}
	})
}

// TestMigrateOffersRollback rolls the offers migration back and applies it
// again: the tables and columns it adds go and come back.
func TestMigrateOffersRollback(t *testing.T) {
	eachInternalDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := connectForTest(t, dsn)
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatal(err)
		}
		before := migrationBefore(t, offersMigrationID)
		m := gormigrate.New(db.gorm, &gormigrate.Options{TableName: "schema_migrations", IDColumnName: "id", IDColumnSize: 100},
			migrations())
		if err := m.RollbackTo(before); err != nil {
			t.Fatalf("RollbackTo(%s) error = %v", before, err)
		}
		tables := []string{"private_offers", "offer_buyers", "agreements", "agreement_jobs"}
		for _, table := range tables {
			if db.gorm.Migrator().HasTable(table) {
				t.Errorf("%s is still there after rollback", table)
			}
		}
		if db.gorm.Migrator().HasColumn("notifications", "emailed_at") || db.gorm.Migrator().HasColumn("accounts", "language") {
			t.Error("the columns the migration adds are still there after rollback")
		}
		if err := db.migrate(ctx, ""); err != nil {
			t.Fatal(err)
		}
		for _, table := range tables {
			if !db.gorm.Migrator().HasTable(table) {
				t.Errorf("%s is missing after migrating again", table)
			}
		}
	})
}
