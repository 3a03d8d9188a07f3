package app_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// recordingMailer keeps the emails the core sends.
type recordingMailer struct {
	mu   sync.Mutex
	sent []domain.Mail
}

func (m *recordingMailer) Send(_ context.Context, mail domain.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, mail)
	return nil
}

// to lists the subjects of the emails sent to address, in order.
func (m *recordingMailer) to(address string) []domain.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []domain.Message
	for _, s := range m.sent {
		if s.To == address {
			out = append(out, s.Subject)
		}
	}
	return out
}

const (
	worldSeller  = "111122223333"
	worldBuyer   = "444455556666"
	worldBuyer2  = "555566667777"
	worldProduct = "prod-offerworld001"
	worldURL     = "https://portal.example"
	priceNotice  = 30 * 24 * time.Hour
)

// offerWorld is the core on a real SQLite database with a seller ready for
// paid offers, whose public product has the offer given, and two buyers.
type offerWorld struct {
	app    *app.App
	db     *persistence.DB
	clock  *domain.FakeClock
	mailer *recordingMailer
	seller domain.Principal
	buyer  domain.Principal
	buyer2 domain.Principal
	start  time.Time
}

func newOfferWorld(t *testing.T, offer domain.Offer) *offerWorld {
	t.Helper()
	ctx := t.Context()
	db := persistencetest.SQLite(t)
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	w := &offerWorld{db: db, clock: domain.NewFakeClock(start), mailer: &recordingMailer{}, start: start}
	w.app, err = app.New(db.Repositories(sealer), app.Config{Clock: w.clock, Hasher: domain.NewFastHasher(),
		PublishDelay: time.Hour, Mailer: w.mailer, PublicURL: worldURL + "/", PriceNotice: priceNotice})
	if err != nil {
		t.Fatal(err)
	}
	root := func(account string) domain.Principal {
		u := &domain.User{AccountID: account, Email: account + "@example.com", PasswordHash: "x", Role: domain.RoleRoot, CreatedAt: start}
		if err := db.Accounts().CreateAccount(ctx, &domain.Account{ID: account, Name: "Account " + account, CreatedAt: start}, u); err != nil {
			t.Fatal(err)
		}
		return domain.Principal{User: u}
	}
	w.seller, w.buyer, w.buyer2 = root(worldSeller), root(worldBuyer), root(worldBuyer2)
	readyForPaid(t, w.app, w.seller)

	r := domain.SageMakerResource{AccountID: worldSeller, Kind: domain.KindModelPackage, Name: "forecaster", Region: "us-east-1",
		RealtimeInstanceTypes: []string{"ml.m5.large"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
		ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
		CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: start}
	offer.EULA = "Public terms."
	p := &domain.Product{ID: worldProduct, AccountID: worldSeller, CreatorARN: "arn:aws:iam::" + worldSeller + ":root",
		Type: domain.KindModelPackage, Status: domain.StatusPublic, SubmittedAt: start, CreatedAt: start, UpdatedAt: start,
		Regions: domain.DefaultRegions(), Offer: offer,
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: "Forecaster", ShortDescription: "Demand.", Overview: "Demand.",
			Highlights: []string{"Fast"}, Categories: []string{domain.Categories()[0]}}}
	v := domain.Version{ProductID: p.ID, Number: "1.0", ResourceARN: r.ARN(), Status: domain.VersionPublic, SubmittedAt: start,
		CreatedAt: start, ReleaseNotes: "First.", Input: domain.InputDetails{Description: "CSV"},
		Output: domain.OutputDetails{Description: "JSON", SampleText: "{}"}, RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge"}
	err = db.SeedPublished(ctx, []persistence.PublishedListing{{Product: p, Versions: []domain.Version{v}, Resources: []domain.SageMakerResource{r}}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func paidOffer(realtime, batch int64) domain.Offer {
	return domain.Offer{Pricing: domain.PricingPaid, Prices: []domain.InstancePrice{
		{Use: domain.UseBatch, InstanceType: "ml.m5.xlarge", HourlyMillis: batch},
		{Use: domain.UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: realtime},
	}}
}

// realtimePrice is the agreement's real-time price at t.
func realtimePrice(ag *domain.Agreement, t time.Time) int64 {
	_, prices := ag.PricingAt(t)
	p, _ := domain.Terms{Prices: prices}.Price(domain.UseRealtime, "ml.m5.large")
	return p
}

// messages lists the account's notifications, oldest first.
func (w *offerWorld) messages(t *testing.T, pr domain.Principal) []domain.Message {
	t.Helper()
	ns, err := w.app.Notifications(t.Context(), pr, 100)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]domain.Message, len(ns))
	for i, n := range ns {
		out[len(ns)-1-i] = n.Message
	}
	return out
}

func (w *offerWorld) agreement(t *testing.T, pr domain.Principal, id string) *domain.Agreement {
	t.Helper()
	ag, err := w.app.Agreement(t.Context(), pr, id)
	if err != nil {
		t.Fatal(err)
	}
	return ag
}

func (w *offerWorld) subscribe(t *testing.T, pr domain.Principal) *domain.Agreement {
	t.Helper()
	if _, err := w.app.Subscribe(t.Context(), pr, worldProduct, true); err != nil {
		t.Fatal(err)
	}
	ags, err := w.app.BuyerAgreements(t.Context(), pr)
	if err != nil || len(ags) == 0 {
		t.Fatalf("agreements after subscribing: %v (%v)", ags, err)
	}
	return &ags[0]
}

func (w *offerWorld) runJobs(t *testing.T) int {
	t.Helper()
	n, err := w.app.RunDueJobs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestTrialEndsOnce lets a free trial run out on the core's clock: the
// notice, then the end, each run once however often the jobs run, both
// parties told and emailed, and the agreement priced at its paid terms.
func TestTrialEndsOnce(t *testing.T) {
	offer := paidOffer(1000, 2000)
	offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, 7
	w := newOfferWorld(t, offer)
	if err := w.db.Accounts().SetLanguage(t.Context(), worldBuyer, "de"); err != nil {
		t.Fatal(err)
	}
	ag := w.subscribe(t, w.buyer)
	trialEnd := w.start.AddDate(0, 0, 7)
	if !ag.TrialEndAt.Equal(trialEnd) || !ag.InTrial(w.start) || ag.MonthlyEstimate(w.start) != 0 {
		t.Fatalf("agreement at the start: trial to %s, in trial %t, monthly %d", ag.TrialEndAt, ag.InTrial(w.start),
			ag.MonthlyEstimate(w.start))
	}
	if n := w.runJobs(t); n != 0 {
		t.Fatalf("%d jobs ran at the start", n)
	}

	w.clock.Advance(4*24*time.Hour + time.Minute) // three days before the end
	if n := w.runJobs(t); n != 1 {
		t.Fatalf("%d jobs ran at the notice, want 1", n)
	}
	if n := w.runJobs(t); n != 0 {
		t.Fatalf("%d jobs ran again at the notice", n)
	}
	if got := w.messages(t, w.buyer); !slices.Equal(got, []domain.Message{domain.MsgNotifyTrialEnding}) {
		t.Errorf("buyer's notifications at the notice: %v", got)
	}

	w.clock.Advance(3 * 24 * time.Hour)
	if n := w.runJobs(t); n != 1 {
		t.Fatalf("%d jobs ran at the end, want 1", n)
	}
	if n := w.runJobs(t); n != 0 {
		t.Fatalf("%d jobs ran again at the end", n)
	}
	wantBuyer := []domain.Message{domain.MsgNotifyTrialEnding, domain.MsgNotifyTrialEnded}
	if got := w.messages(t, w.buyer); !slices.Equal(got, wantBuyer) {
		t.Errorf("buyer's notifications: %v, want %v", got, wantBuyer)
	}
	wantSeller := []domain.Message{domain.MsgNotifyNewSubscription, domain.MsgNotifyTrialEndingSeller, domain.MsgNotifyTrialEndedSeller}
	if got := w.messages(t, w.seller); !slices.Equal(got, wantSeller) {
		t.Errorf("seller's notifications: %v, want %v", got, wantSeller)
	}
	buyerMail := w.mailer.to(worldBuyer + "@example.com")
	if want := []domain.Message{"mail.notify_trial_ending_subject", "mail.notify_trial_ended_subject"}; !slices.Equal(buyerMail, want) {
		t.Errorf("buyer's emails %v, want %v", buyerMail, want)
	}
	if got := len(w.mailer.to(worldSeller + "@example.com")); got != 3 {
		t.Errorf("seller got %d emails, want 3", got)
	}
	for _, m := range w.mailer.sent {
		if link, _ := m.Data["Link"].(string); !strings.HasPrefix(link, worldURL+"/") || strings.HasPrefix(link, worldURL+"//") {
			t.Errorf("%s: link %q, want one on %s", m.Subject, link, worldURL)
		}
		if m.To == worldBuyer+"@example.com" && m.Lang != "de" {
			t.Errorf("buyer's email in %q, want the account's language", m.Lang)
		}
	}

	after := w.agreement(t, w.buyer, ag.ID)
	now := w.clock.Now()
	if after.TrialEnded.IsZero() || after.InTrial(now) || after.StatusAt(now) != domain.AgreementActive {
		t.Errorf("agreement after the trial: %+v", after)
	}
	if got := after.MonthlyEstimate(now); got != 1000*730 {
		t.Errorf("monthly estimate after the trial: %d, want %d", got, 1000*730)
	}
	if got := realtimePrice(after, now); got != 1000 {
		t.Errorf("real-time price after the trial: %d, want 1000", got)
	}
}

// TestTrialNoticeLateIsNotSent runs the jobs only after the trial ended (a
// server that was down): the buyer is told it ended, not that it ends soon.
func TestTrialNoticeLateIsNotSent(t *testing.T) {
	offer := paidOffer(1000, 2000)
	offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, 7
	w := newOfferWorld(t, offer)
	w.subscribe(t, w.buyer)
	w.clock.Advance(10 * 24 * time.Hour)
	if n := w.runJobs(t); n != 2 {
		t.Fatalf("%d jobs ran, want the notice and the end", n)
	}
	if got := w.messages(t, w.buyer); !slices.Equal(got, []domain.Message{domain.MsgNotifyTrialEnded}) {
		t.Errorf("buyer's notifications: %v, want only that the trial ended", got)
	}
}

// TestCancelledTrialGetsNoNotices cancels during the trial: the jobs run
// and tell nobody anything.
func TestCancelledTrialGetsNoNotices(t *testing.T) {
	offer := paidOffer(1000, 2000)
	offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, 7
	w := newOfferWorld(t, offer)
	ag := w.subscribe(t, w.buyer)
	w.clock.Advance(24 * time.Hour)
	if err := w.app.CancelSubscription(t.Context(), w.buyer, worldProduct); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(10 * 24 * time.Hour)
	w.runJobs(t)
	if got := w.messages(t, w.buyer); len(got) != 0 {
		t.Errorf("buyer's notifications after cancelling: %v", got)
	}
	if got := w.agreement(t, w.buyer, ag.ID); got.Status != domain.AgreementCancelled || !got.TrialEnded.IsZero() {
		t.Errorf("cancelled agreement after its jobs: %+v", got)
	}
}

// TestPublicPriceIncrease raises the real-time price and lowers the batch
// price: reviewing changes nothing; confirming keeps existing agreements at
// the old real-time price until the notice ends, lowers batch at once,
// charges a new subscriber the new prices at once, and tells the buyers.
func TestPublicPriceIncrease(t *testing.T) {
	w := newOfferWorld(t, paidOffer(1000, 2000))
	ctx := t.Context()
	existing := w.subscribe(t, w.buyer)
	w.clock.Advance(24 * time.Hour)
	now := w.clock.Now()
	p, err := w.app.Product(ctx, w.seller, worldProduct)
	if err != nil {
		t.Fatal(err)
	}
	next := paidOffer(1500, 1800)
	same := paidOffer(1000, 2000)
	slices.Reverse(same.Prices)
	_, err = w.app.ChangePublicPricing(ctx, w.seller, worldProduct, p.Revision, same, true)
	if e, _ := err.(*domain.Error); e == nil || e.Fields[domain.FieldPricingModel] != domain.MsgPricingUnchanged {
		t.Errorf("the same prices in another order: %v, want them refused as unchanged", err)
	}

	dates, err := w.app.ChangePublicPricing(ctx, w.seller, worldProduct, p.Revision, next, false)
	if err != nil {
		t.Fatal(err)
	}
	if want := (domain.PriceChangeDates{Now: now, IncreaseAt: now.Add(priceNotice), Affected: 1}); dates != want {
		t.Errorf("dates to review %+v, want %+v", dates, want)
	}
	if again, _ := w.app.Product(ctx, w.seller, worldProduct); again.Revision != p.Revision ||
		!slices.Equal(again.PublicSnapshot.Offer.Prices, p.PublicSnapshot.Offer.Prices) {
		t.Error("reviewing the change changed the product")
	}
	if ag := w.agreement(t, w.buyer, existing.ID); len(ag.Steps) != 0 {
		t.Errorf("reviewing the change scheduled steps: %+v", ag.Steps)
	}
	if got := w.messages(t, w.buyer); len(got) != 0 {
		t.Errorf("reviewing the change told the buyer: %v", got)
	}

	confirmed, err := w.app.ChangePublicPricing(ctx, w.seller, worldProduct, p.Revision, next, true)
	if err != nil {
		t.Fatal(err)
	}
	if confirmed != dates {
		t.Errorf("confirmed dates %+v, reviewed %+v", confirmed, dates)
	}
	ag := w.agreement(t, w.buyer, existing.ID)
	for _, tc := range []struct {
		at              time.Time
		realtime, batch int64
	}{
		{now, 1000, 1800},
		{now.Add(priceNotice - time.Second), 1000, 1800},
		{now.Add(priceNotice), 1500, 1800},
	} {
		_, prices := ag.PricingAt(tc.at)
		terms := domain.Terms{Prices: prices}
		rt, _ := terms.Price(domain.UseRealtime, "ml.m5.large")
		b, _ := terms.Price(domain.UseBatch, "ml.m5.xlarge")
		if rt != tc.realtime || b != tc.batch {
			t.Errorf("existing agreement at %s: real-time %d, batch %d; want %d, %d", tc.at, rt, b, tc.realtime, tc.batch)
		}
	}
	if got := w.messages(t, w.buyer); !slices.Equal(got, []domain.Message{domain.MsgNotifyPriceChange}) {
		t.Errorf("buyer's notifications: %v", got)
	}

	if again, _ := w.app.Product(ctx, w.seller, worldProduct); again.PublicSnapshot.Offer.EULA != "Public terms." {
		t.Errorf("the price change changed the legal terms: %q", again.PublicSnapshot.Offer.EULA)
	}
	fresh := w.subscribe(t, w.buyer2)
	if got := realtimePrice(fresh, w.clock.Now()); got != 1500 {
		t.Errorf("new subscriber's real-time price %d, want 1500 at once", got)
	}
	if got := w.messages(t, w.buyer2); len(got) != 0 {
		t.Errorf("new subscriber told of a price change: %v", got)
	}
	_, err = w.app.ChangePublicPricing(ctx, w.seller, worldProduct, p.Revision, paidOffer(900, 1800), true)
	if domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("a change from a stale revision: %v, want a conflict", err)
	}
}

// TestPublicPriceChangeBackBeforeNotice raises a price and lowers it back
// before the notice ends: the buyer never pays the increase.
func TestPublicPriceChangeBackBeforeNotice(t *testing.T) {
	w := newOfferWorld(t, paidOffer(1000, 2000))
	ctx := t.Context()
	existing := w.subscribe(t, w.buyer)
	change := func(o domain.Offer) {
		t.Helper()
		p, err := w.app.Product(ctx, w.seller, worldProduct)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.app.ChangePublicPricing(ctx, w.seller, worldProduct, p.Revision, o, true); err != nil {
			t.Fatal(err)
		}
	}
	change(paidOffer(1500, 2000))
	w.clock.Advance(10 * 24 * time.Hour)
	change(paidOffer(1000, 2000))
	ag := w.agreement(t, w.buyer, existing.ID)
	for _, at := range []time.Time{w.start.Add(priceNotice), w.clock.Now().Add(2 * priceNotice)} {
		if got := realtimePrice(ag, at); got != 1000 {
			t.Errorf("real-time price at %s: %d, want 1000", at, got)
		}
	}
}

func TestPrivateOfferLifecycle(t *testing.T) {
	w := newOfferWorld(t, domain.Offer{Pricing: domain.PricingFree})
	ctx := t.Context()
	public := w.subscribe(t, w.buyer)

	in := privateOfferInput(worldProduct, worldBuyer+", "+worldBuyer2, w.start)
	in.ExpiresOn = w.start.AddDate(0, 0, 10).Format(time.DateOnly)
	o, err := w.app.CreatePrivateOffer(ctx, w.seller, in)
	if err != nil {
		t.Fatal(err)
	}
	sets, err := w.db.ChangeSets().ListChangeSets(ctx, worldSeller, domain.ChangeSetQuery{EntityID: o.ID, Limit: 10})
	if err != nil || len(sets) != 1 {
		t.Fatalf("change sets of the offer: %+v (%v)", sets, err)
	}
	var types []string
	for _, c := range sets[0].Changes {
		types = append(types, c.ChangeType)
		if c.EntityType != domain.EntityTypeOffer || c.EntityID != o.ID {
			t.Errorf("change %+v is not of the offer", c)
		}
	}
	wantTypes := []string{domain.ChangeCreateOffer, domain.ChangeUpdateInformation, domain.ChangeUpdateTargeting,
		domain.ChangeUpdatePricingTerms, domain.ChangeUpdateLegalTerms, domain.ChangeUpdateValidityTerms,
		domain.ChangeUpdateAvailability, domain.ChangeReleaseOffer}
	if !slices.Equal(types, wantTypes) {
		t.Fatalf("change types %v, want %v", types, wantTypes)
	}
	wantDetails := []string{
		`{"ProductId":"` + worldProduct + `"}`,
		`{"Name":"Acme volume deal"}`,
		`{"PositiveTargeting":{"BuyerAccounts":["` + worldBuyer + `","` + worldBuyer2 + `"]}}`,
		`{"PricingModel":"Usage","Terms":[{"CurrencyCode":"USD","RateCards":[{"RateCard":[` +
			`{"DimensionKey":"batch:ml.m5.xlarge","Price":"2.000"},{"DimensionKey":"realtime:ml.m5.large","Price":"1.250"}]}],` +
			`"Type":"UsageBasedPricingTerm"}]}`,
		`{"Terms":[{"Documents":[{"Type":"CustomEula"}],"Type":"LegalTerm"}]}`,
		`{"Terms":[{"AgreementDuration":"P12M","Type":"ValidityTerm"}]}`,
		`{"AvailabilityEndDate":"` + w.start.AddDate(0, 0, 10).Format(time.DateOnly) + `"}`,
		`{}`,
	}
	for i, c := range sets[0].Changes {
		if c.Details != wantDetails[i] {
			t.Errorf("%s details %s, want %s", c.ChangeType, c.Details, wantDetails[i])
		}
	}
	if sets[0].Status != domain.ChangeSetSucceeded || sets[0].Actor != w.seller.User.ARN() {
		t.Errorf("change set %s by %s", sets[0].Status, sets[0].Actor)
	}
	for _, buyer := range []domain.Principal{w.buyer, w.buyer2} {
		if got := w.messages(t, buyer); !slices.Contains(got, domain.MsgNotifyOfferExtended) {
			t.Errorf("%s not told of the offer: %v", buyer.User.AccountID, got)
		}
	}

	if _, err := w.app.AcceptPrivateOffer(ctx, w.buyer, o.ID, false); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("accepting without the terms: %v, want invalid", err)
	}
	ag, err := w.app.AcceptPrivateOffer(ctx, w.buyer, o.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	if !ag.Private || ag.OfferID != o.ID || !ag.EndAt.Equal(w.start.AddDate(0, 12, 0)) || realtimePrice(ag, w.start) != 1250 {
		t.Errorf("agreement %+v", ag)
	}
	if old := w.agreement(t, w.buyer, public.ID); old.Status != domain.AgreementReplaced {
		t.Errorf("public agreement after accepting: %s, want replaced", old.Status)
	}
	if got := w.messages(t, w.seller); !slices.Contains(got, domain.MsgNotifyOfferAccepted) {
		t.Errorf("seller not told of the acceptance: %v", got)
	}
	if _, err := w.app.AcceptPrivateOffer(ctx, w.buyer, o.ID, true); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("accepting twice: %v, want a conflict", err)
	}
	if offers, err := w.app.ProductOffersToAccept(ctx, w.buyer, worldProduct); err != nil || len(offers) != 0 {
		t.Errorf("offers left to accept for the buyer who accepted: %+v (%v)", offers, err)
	}
	if offers, err := w.app.ProductOffersToAccept(ctx, w.buyer2, worldProduct); err != nil || len(offers) != 1 {
		t.Errorf("offers left to accept for the other buyer: %+v (%v)", offers, err)
	}
	// Subscribing to the public offer keeps the private agreement.
	if _, err := w.app.Subscribe(ctx, w.buyer, worldProduct, true); domain.ErrorCode(err) != domain.ECONFLICT {
		t.Errorf("subscribing with a private agreement: %v, want a conflict", err)
	}
	if got := w.agreement(t, w.buyer, ag.ID); got.Status != domain.AgreementActive {
		t.Errorf("private agreement after subscribing to the public offer: %s", got.Status)
	}
	_, agreements, err := w.app.SellerPrivateOffer(ctx, w.seller, o.ID)
	if err != nil || len(agreements) != 1 || agreements[0].ID != ag.ID {
		t.Errorf("the offer's agreements: %+v (%v)", agreements, err)
	}

	// The last day it can be accepted, then the day after.
	w.clock.Advance(10*24*time.Hour + 14*time.Hour)
	if offers, _ := w.app.ProductPrivateOffers(ctx, w.buyer2, worldProduct); len(offers) != 1 {
		t.Errorf("offers on the product on the last day: %d, want 1", len(offers))
	}
	w.clock.Advance(time.Hour)
	if offers, _ := w.app.ProductPrivateOffers(ctx, w.buyer2, worldProduct); len(offers) != 0 {
		t.Errorf("expired offers still shown on the product: %d", len(offers))
	}
	_, err = w.app.AcceptPrivateOffer(ctx, w.buyer2, o.ID, true)
	if e := domain.ErrorCode(err); e != domain.ECONFLICT {
		t.Fatalf("accepting an expired offer: %v, want a conflict", err)
	}
	if ags, _ := w.app.BuyerAgreements(ctx, w.buyer2); len(ags) != 0 {
		t.Errorf("an expired offer made agreements: %+v", ags)
	}
}

// TestEmailsSentOnce runs the email sender from several goroutines: every
// notification is emailed once.
func TestEmailsSentOnce(t *testing.T) {
	w := newOfferWorld(t, domain.Offer{Pricing: domain.PricingFree})
	ctx := t.Context()
	w.subscribe(t, w.buyer)
	w.subscribe(t, w.buyer2)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := w.app.SendPendingEmails(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := w.mailer.to(worldSeller + "@example.com"); len(got) != 2 {
		t.Errorf("seller got %v, want one email per subscription", got)
	}
	if n, err := w.app.SendPendingEmails(ctx); err != nil || n != 0 {
		t.Errorf("sent %d more (%v)", n, err)
	}
}

// TestFailingJobHoldsUpNothing gives the jobs one that cannot run (its
// agreement is missing), due first: the other jobs still run and their
// emails go out, and the failure is reported.
func TestFailingJobHoldsUpNothing(t *testing.T) {
	offer := paidOffer(1000, 2000)
	offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, 7
	w := newOfferWorld(t, offer)
	ctx := t.Context()
	p, err := w.app.Repos.Products.ProductByID(ctx, worldProduct)
	if err != nil {
		t.Fatal(err)
	}
	ag, err := domain.NewAgreement(domain.PublicOfferID(p.ID), p, worldBuyer, domain.TermsOf(p.PublicSnapshot.Offer), w.start, 0, false)
	if err != nil {
		t.Fatal(err)
	}
	broken := domain.AgreementJob{AgreementID: "agmt-missing000000", Kind: domain.JobTrialNotice, DueAt: w.start}
	if err := w.app.Repos.Agreements.MakeAgreement(ctx, ag, append([]domain.AgreementJob{broken}, domain.TrialJobs(ag)...)); err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(5 * 24 * time.Hour)
	n, err := w.app.RunDueJobs(ctx)
	if n != 1 || err == nil {
		t.Errorf("ran %d jobs (%v), want the trial notice and the failure reported", n, err)
	}
	if got := w.mailer.to(worldBuyer + "@example.com"); len(got) != 1 {
		t.Errorf("buyer's emails %v, want the trial notice", got)
	}
	if n, err := w.app.RunDueJobs(ctx); n != 0 || err == nil {
		t.Errorf("second run: %d jobs (%v), want the failing one tried again", n, err)
	}
}

// TestSellerAgreementsByStatus filters the seller's agreements by their
// status on the core's clock: a private agreement past its end is expired.
func TestSellerAgreementsByStatus(t *testing.T) {
	w := newOfferWorld(t, paidOffer(1000, 2000))
	ctx := t.Context()
	w.subscribe(t, w.buyer2)
	in := privateOfferInput(worldProduct, worldBuyer, w.start)
	in.DurationMonths = "1"
	o, err := w.app.CreatePrivateOffer(ctx, w.seller, in)
	if err != nil {
		t.Fatal(err)
	}
	private, err := w.app.AcceptPrivateOffer(ctx, w.buyer, o.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	count := func(status domain.AgreementStatus) int {
		t.Helper()
		list, err := w.app.SellerAgreements(ctx, w.seller, domain.AgreementQuery{Status: status})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	if active, expired := count(domain.AgreementActive), count(domain.AgreementExpired); active != 2 || expired != 0 {
		t.Errorf("at the start: %d active, %d expired; want 2 and 0", active, expired)
	}
	w.clock.Advance(40 * 24 * time.Hour)
	if active, expired, all := count(domain.AgreementActive), count(domain.AgreementExpired), count(""); active != 1 ||
		expired != 1 || all != 2 {
		t.Errorf("after a month: %d active, %d expired, %d in all; want 1, 1 and 2", active, expired, all)
	}
	if got := w.agreement(t, w.seller, private.ID).StatusAt(w.clock.Now()); got != domain.AgreementExpired {
		t.Errorf("private agreement after its month: %s", got)
	}
}

// TestPublicPricingInCatalog makes a free product paid: buyers' searches by
// pricing find it as paid at once.
func TestPublicPricingInCatalog(t *testing.T) {
	w := newOfferWorld(t, domain.Offer{Pricing: domain.PricingFree})
	ctx := t.Context()
	found := func(pricing string) bool {
		t.Helper()
		page, err := w.app.SearchCatalog(ctx, domain.CatalogQuery{Pricing: pricing, Page: 1})
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(page.Entries, func(e domain.CatalogEntry) bool { return e.ProductID == worldProduct })
	}
	if !found("free") || found("paid") {
		t.Fatal("the free product is not listed as free")
	}
	p, err := w.app.Product(ctx, w.seller, worldProduct)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.ChangePublicPricing(ctx, w.seller, worldProduct, p.Revision, paidOffer(1000, 2000), true); err != nil {
		t.Fatal(err)
	}
	if found("free") || !found("paid") {
		t.Errorf("after the price change: listed as free %t, as paid %t; want paid only", found("free"), found("paid"))
	}
	if changes, _ := w.app.Repos.Products.ProductChanges(ctx, worldProduct, 1); len(changes) != 1 ||
		changes[0].ChangeType != domain.ChangeUpdatePricingTerms {
		t.Errorf("last change of the product: %+v, want the pricing terms", changes)
	}
}

// TestFreeTrialOncePerAccount: a buyer who cancels during the trial and
// subscribes again starts at the paid prices, with no second trial.
func TestFreeTrialOncePerAccount(t *testing.T) {
	offer := paidOffer(1000, 2000)
	offer.Pricing, offer.TrialDays = domain.PricingPaidTrial, 7
	w := newOfferWorld(t, offer)
	first := w.subscribe(t, w.buyer)
	if first.TrialEndAt.IsZero() {
		t.Fatal("the first subscription has no trial")
	}
	w.clock.Advance(24 * time.Hour)
	if err := w.app.CancelSubscription(t.Context(), w.buyer, worldProduct); err != nil {
		t.Fatal(err)
	}
	again := w.subscribe(t, w.buyer)
	if !again.TrialEndAt.IsZero() || again.Terms.Pricing != domain.PricingPaid || again.InTrial(w.clock.Now()) {
		t.Errorf("second subscription: trial end %v, pricing %s; want paid at once", again.TrialEndAt, again.Terms.Pricing)
	}
	if again.MonthlyEstimate(w.clock.Now()) == 0 {
		t.Error("second subscription is not charged")
	}
}

// TestPrivateAgreementEndsAtItsTerm: an agreement made from a one-month
// private offer expires on its end date (once, however often the jobs
// run), takes the subscription with it and tells both parties; the buyer
// may then subscribe to the public offer.
func TestPrivateAgreementEndsAtItsTerm(t *testing.T) {
	w := newOfferWorld(t, domain.Offer{Pricing: domain.PricingFree})
	ctx := t.Context()
	in := privateOfferInput(worldProduct, worldBuyer, w.start)
	in.DurationMonths = "1"
	o, err := w.app.CreatePrivateOffer(ctx, w.seller, in)
	if err != nil {
		t.Fatal(err)
	}
	ag, err := w.app.AcceptPrivateOffer(ctx, w.buyer, o.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(ag.EndAt.Sub(w.clock.Now()) - time.Minute)
	w.runJobs(t)
	if got := w.agreement(t, w.buyer, ag.ID); got.Status != domain.AgreementActive {
		t.Fatalf("a minute before its end the agreement is %s", got.Status)
	}
	w.clock.Advance(time.Minute)
	w.runJobs(t)
	w.runJobs(t)
	got := w.agreement(t, w.buyer, ag.ID)
	if got.Status != domain.AgreementExpired || !got.EndedAt.Equal(ag.EndAt) {
		t.Errorf("after its end: %s, ended %v", got.Status, got.EndedAt)
	}
	count := func(pr domain.Principal, m domain.Message) int {
		n := 0
		for _, x := range w.messages(t, pr) {
			if x == m {
				n++
			}
		}
		return n
	}
	if count(w.buyer, domain.MsgNotifyAgreementEnded) != 1 || count(w.seller, domain.MsgNotifyAgreementEndedSeller) != 1 {
		t.Errorf("notifications: buyer %v, seller %v", w.messages(t, w.buyer), w.messages(t, w.seller))
	}
	if _, err := w.db.Subscriptions().Subscription(ctx, worldBuyer, worldProduct); err == nil {
		subs, _ := w.app.Subscriptions(ctx, w.buyer)
		if len(subs) != 0 {
			t.Errorf("the subscription outlived its agreement: %+v", subs)
		}
	}
	again := w.subscribe(t, w.buyer)
	if again.Private || again.Status != domain.AgreementActive {
		t.Errorf("subscribing to the public offer after the end: %+v", again)
	}
}
