package domain

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Offers and agreements. A product's public offer is its published pricing
// and legal terms; a private offer gives named buyer accounts their own
// prices, EULA, expiry and agreement duration. Subscribing to the public
// offer or accepting a private one makes an agreement: the terms as the
// buyer accepted them, kept as a snapshot so that later price changes never
// rewrite what was agreed (they are added as scheduled price steps).

// Entity types and change types of offers in the Catalog API.
const (
	EntityTypeOffer          = "Offer"
	ChangeCreateOffer        = "CreateOffer"
	ChangeUpdateAvailability = "UpdateAvailability"
	// ChangeUpdateValidityTerms sets how long an agreement on the offer lasts.
	ChangeUpdateValidityTerms = "UpdateValidityTerms"
	ChangeReleaseOffer        = "ReleaseOffer"
)

// Limits of a private offer.
const (
	MaxOfferBuyers     = 25
	MinAgreementMonths = 1
	MaxAgreementMonths = 60
	MaxOfferNameLength = 150
	MaxOfferExpiryDays = 365
	DefaultPriceNotice = 90 * 24 * time.Hour
	trialNoticeAhead   = 3 * 24 * time.Hour
	offerIDLength      = 13
	agreementIDLength  = 13
	hoursInMonth       = 730
)

// Terms are an offer's terms as a buyer accepts them.
type Terms struct {
	Pricing   PricingModel
	Prices    []InstancePrice
	TrialDays int
	// EULA is the custom license text; empty when StandardContract.
	EULA string
	// StandardContract is the Standard Contract for AWS Marketplace
	// instead of a custom EULA.
	StandardContract bool
}

// TermsOf are the terms of a product's offer section.
func TermsOf(o Offer) Terms {
	if o.StandardContract {
		return Terms{Pricing: o.Pricing, Prices: slices.Clone(o.Prices), TrialDays: o.TrialDays, StandardContract: true}
	}
	return Terms{Pricing: o.Pricing, Prices: slices.Clone(o.Prices), TrialDays: o.TrialDays, EULA: o.EULA}
}

// Price is the hourly price of one instance type for one use, and false
// when the terms do not price it (a free offer prices nothing).
func (t Terms) Price(use Use, instanceType string) (int64, bool) {
	for _, p := range t.Prices {
		if p.Use == use && p.InstanceType == instanceType {
			return p.HourlyMillis, true
		}
	}
	return 0, false
}

// PublicOfferID is the ID of a product's public offer: one per product,
// derived from the product ID so that it needs no storage of its own.
func PublicOfferID(productID string) string {
	return "offer-" + strings.TrimPrefix(productID, "prod-")
}

// PublicOfferProduct is the product whose public offer id names, and
// false when id names no product's public offer (a private offer, or
// nothing).
func PublicOfferProduct(id string) (string, bool) {
	rest, ok := strings.CutPrefix(id, "offer-")
	productID := "prod-" + rest
	if !ok || !IsProductID(productID) {
		return "", false
	}
	return productID, true
}

// NewOfferID returns the ID of a new private offer, in the shape of AWS
// Marketplace offer IDs.
func NewOfferID() (string, error) { return randomID("offer-", offerIDLength+6) }

// IsOfferID reports whether s has the shape of a public or private offer ID.
func IsOfferID(s string) bool {
	return hasIDShape(s, "offer-", offerIDLength) || hasIDShape(s, "offer-", offerIDLength+6)
}

// NewAgreementID returns the ID of a new agreement.
func NewAgreementID() (string, error) { return randomID("agmt-", agreementIDLength) }

// IsAgreementID reports whether s has the shape NewAgreementID makes.
func IsAgreementID(s string) bool { return hasIDShape(s, "agmt-", agreementIDLength) }

// PrivateOffer is an offer a seller extends to named buyer accounts.
type PrivateOffer struct {
	ID              string
	ProductID       string
	SellerAccountID string
	Name            string
	Buyers          []string
	Terms           Terms
	// ExpiresAt is the last moment the offer can be accepted.
	ExpiresAt time.Time
	// DurationMonths is how long an agreement made from it lasts.
	DurationMonths int
	CreatedAt      time.Time
	CreatedBy      string
}

// Expired reports whether the offer can no longer be accepted at now.
func (o *PrivateOffer) Expired(now time.Time) bool { return !now.Before(o.ExpiresAt) }

// For reports whether account is one of the offer's buyers.
func (o *PrivateOffer) For(account string) bool { return slices.Contains(o.Buyers, account) }

// PrivateOfferInput is what the seller typed for a new private offer.
type PrivateOfferInput struct {
	ProductID string
	Name      string
	// Buyers are account IDs typed with commas, spaces or new lines;
	// dashes inside an ID ("1234-5678-9012") are accepted.
	Buyers           string
	Prices           map[InstancePrice]string // Use and InstanceType set; the typed price
	EULA             string
	StandardContract bool
	ExpiresOn        string // YYYY-MM-DD, the last day the offer can be accepted (UTC)
	DurationMonths   string
}

// OfferContext is what validating a private offer needs to know.
type OfferContext struct {
	Product   *Product
	Required  []InstancePrice
	Readiness Readiness
	Seller    string
	// AccountExists tells whether an account ID belongs to an account.
	AccountExists func(string) bool
	Now           time.Time
}

// Build checks the input and returns the offer it describes; every
// problem is reported at once as field errors.
func (in PrivateOfferInput) Build(c OfferContext) (*PrivateOffer, error) {
	f := FieldErrors{}
	o := &PrivateOffer{ProductID: c.Product.ID, SellerAccountID: c.Seller, Name: strings.TrimSpace(in.Name), CreatedAt: c.Now}
	if o.Name == "" {
		f[FieldOfferName] = MsgFieldRequired
	} else if len([]rune(o.Name)) > MaxOfferNameLength {
		f[FieldOfferName] = MsgOfferNameTooLong
	}
	if err := c.Readiness.RequirePaid(); err != nil {
		f[FieldOfferProduct] = MsgPaidNeedsTaxAndBank
	}
	if !c.Product.OffersPrivately() {
		f[FieldOfferProduct] = MsgOfferProductNotLive
	}
	o.Buyers = in.buyers(f, c)
	o.Terms = Terms{Pricing: PricingPaid}
	in.prices(f, c, &o.Terms)
	in.legal(f, &o.Terms)
	o.ExpiresAt = in.expiry(f, c.Now)
	o.DurationMonths = in.duration(f)
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	return o, nil
}

func (in PrivateOfferInput) buyers(f FieldErrors, c OfferContext) []string {
	var out []string
	for _, raw := range ParseAccountIDs(in.Buyers) {
		id := NormalizeAccountID(raw)
		switch {
		case !IsAccountID(id):
			f[FieldOfferBuyers] = MsgOfferBuyerInvalid
		case id == c.Seller:
			f[FieldOfferBuyers] = MsgOfferBuyerIsSeller
		case !c.AccountExists(id):
			f[FieldOfferBuyers] = MsgOfferBuyerUnknown
		case !slices.Contains(out, id):
			out = append(out, id)
		}
	}
	switch {
	case len(f[FieldOfferBuyers]) > 0:
	case len(out) == 0:
		f[FieldOfferBuyers] = MsgFieldRequired
	case len(out) > MaxOfferBuyers:
		f[FieldOfferBuyers] = MsgOfferBuyersTooMany
	}
	return out
}

func (in PrivateOfferInput) prices(f FieldErrors, c OfferContext, t *Terms) {
	for key, typed := range in.Prices {
		if !slices.Contains(c.Required, InstancePrice{Use: key.Use, InstanceType: key.InstanceType}) {
			f[FieldPrice(key.Use, key.InstanceType)] = MsgInstanceNotSupported
			continue
		}
		millis, msg := ParseUSD(typed)
		if msg != "" {
			f[FieldPrice(key.Use, key.InstanceType)] = msg
			continue
		}
		t.Prices = append(t.Prices, InstancePrice{Use: key.Use, InstanceType: key.InstanceType, HourlyMillis: millis})
	}
	for _, r := range c.Required {
		if _, ok := in.Prices[r]; !ok {
			f[FieldPrice(r.Use, r.InstanceType)] = MsgFieldRequired
		}
	}
	slices.SortFunc(t.Prices, compareInstancePrice)
}

func (in PrivateOfferInput) legal(f FieldErrors, t *Terms) {
	if in.StandardContract {
		t.StandardContract = true
		return
	}
	text, msg := CheckEULA([]byte(in.EULA))
	if msg != "" {
		f[FieldEULA] = msg
	}
	t.EULA = text
}

func (in PrivateOfferInput) expiry(f FieldErrors, now time.Time) time.Time {
	day, err := time.Parse(time.DateOnly, strings.TrimSpace(in.ExpiresOn))
	switch {
	case strings.TrimSpace(in.ExpiresOn) == "":
		f[FieldOfferExpiry] = MsgFieldRequired
	case err != nil:
		f[FieldOfferExpiry] = MsgOfferExpiryInvalid
	default:
		end := day.AddDate(0, 0, 1) // the offer can be accepted all that day
		if !end.After(now) {
			f[FieldOfferExpiry] = MsgOfferExpiryPast
		} else if end.After(now.AddDate(0, 0, MaxOfferExpiryDays+1)) {
			f[FieldOfferExpiry] = MsgOfferExpiryTooFar
		}
		return end
	}
	return time.Time{}
}

func (in PrivateOfferInput) duration(f FieldErrors) int {
	s := strings.TrimSpace(in.DurationMonths)
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' || n > MaxAgreementMonths*10 {
			n = -1
			break
		}
		n = n*10 + int(r-'0')
	}
	switch {
	case s == "":
		f[FieldOfferDuration] = MsgFieldRequired
	case n < MinAgreementMonths || n > MaxAgreementMonths:
		f[FieldOfferDuration] = MsgOfferDurationRange
	}
	return n
}

func compareInstancePrice(a, b InstancePrice) int {
	if c := strings.Compare(string(a.Use), string(b.Use)); c != 0 {
		return c
	}
	return strings.Compare(a.InstanceType, b.InstanceType)
}

// NormalizeAccountID removes the dashes and spaces AWS shows inside account
// IDs ("1234-5678-9012").
func NormalizeAccountID(s string) string {
	return strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(s))
}

// CanChangePublicPricing says whether the public offer's prices may be
// changed now: once the product was signed off (buyers see its public
// offer) and until it is removed. The pages offer the change only then.
func (p *Product) CanChangePublicPricing() error {
	if p.PublicSnapshot == nil || p.Removed() {
		return Errorf(ECONFLICT, MsgPricingNotPublic)
	}
	return nil
}

// OffersPrivately reports whether the seller may extend private offers on
// the product: it must be live for buyers (Public), or a private product
// that was published.
func (p *Product) OffersPrivately() bool { return p.Summary().OffersPrivately() }

// AgreementStatus is where an agreement stands.
type AgreementStatus string

// An agreement is active until it ends: by its end date (expired), by the
// buyer (cancelled), or by a newer agreement on the same product (replaced).
const (
	AgreementActive    AgreementStatus = "active"
	AgreementExpired   AgreementStatus = "expired"
	AgreementCancelled AgreementStatus = "cancelled"
	AgreementReplaced  AgreementStatus = "replaced"
)

// AgreementStatuses lists every status, for filters.
var AgreementStatuses = []AgreementStatus{AgreementActive, AgreementExpired, AgreementCancelled, AgreementReplaced}

// PriceStep is a change of an agreement's prices from At on: a price change
// of the public offer, applied to an existing agreement.
type PriceStep struct {
	At      time.Time
	Pricing PricingModel
	Prices  []InstancePrice
}

// Agreement is a buyer's acceptance of an offer.
type Agreement struct {
	ID              string
	OfferID         string
	ProductID       string
	SellerAccountID string
	BuyerAccountID  string
	// Private is true for an agreement made from a private offer.
	Private bool
	// Terms are the terms as accepted.
	Terms Terms
	// Steps are later price changes, oldest first.
	Steps   []PriceStep
	StartAt time.Time
	// EndAt is zero for an agreement that lasts until it is cancelled.
	EndAt time.Time
	// TrialEndAt is zero without a free trial.
	TrialEndAt time.Time
	// TrialEnded is when the trial-end job converted the agreement to paid
	// terms; zero before.
	TrialEnded time.Time
	Status     AgreementStatus
	// EndedAt is when the agreement was cancelled or replaced.
	EndedAt time.Time
	// Test is an agreement made while the product was in test.
	Test bool
}

// StatusAt is the agreement's status at now: an active agreement past its
// end date has expired.
func (a *Agreement) StatusAt(now time.Time) AgreementStatus {
	if a.Status == AgreementActive && !a.EndAt.IsZero() && !now.Before(a.EndAt) {
		return AgreementExpired
	}
	return a.Status
}

// ActiveAt reports whether the agreement is in force at now.
func (a *Agreement) ActiveAt(now time.Time) bool { return a.StatusAt(now) == AgreementActive }

// InTrial reports whether the buyer is in the free trial at now.
func (a *Agreement) InTrial(now time.Time) bool {
	return !a.TrialEndAt.IsZero() && now.Before(a.TrialEndAt)
}

// PricingAt is the pricing model and prices in effect at t: the accepted
// terms, then each price step from its date on.
func (a *Agreement) PricingAt(t time.Time) (PricingModel, []InstancePrice) {
	pricing, prices := a.Terms.Pricing, a.Terms.Prices
	for _, s := range a.Steps {
		if !t.Before(s.At) {
			pricing, prices = s.Pricing, s.Prices
		}
	}
	return pricing, prices
}

// PendingStep is the next price step after now, or nil.
func (a *Agreement) PendingStep(now time.Time) *PriceStep {
	for i := range a.Steps {
		if a.Steps[i].At.After(now) {
			return &a.Steps[i]
		}
	}
	return nil
}

// MonthlyEstimate is the agreement's estimated monthly charge at now at its
// current prices: one instance of the least expensive priced instance type
// running all month (730 hours); 0 while free or in trial.
func (a *Agreement) MonthlyEstimate(now time.Time) int64 {
	pricing, prices := a.PricingAt(now)
	if !pricing.Paid() || a.InTrial(now) || len(prices) == 0 {
		return 0
	}
	lowest := prices[0].HourlyMillis
	for _, p := range prices[1:] {
		lowest = min(lowest, p.HourlyMillis)
	}
	return lowest * hoursInMonth
}

// PriceChange is what a change of a public offer's prices does to one
// existing agreement, and when.
type PriceChange struct {
	AgreementID    string
	BuyerAccountID string
	Steps          []PriceStep
	// IncreaseAt is when increases apply (zero when nothing increases).
	IncreaseAt time.Time
}

// SchedulePriceChange applies new public terms to an existing agreement:
// every decrease (and every price that is unchanged) applies at now, and
// every increase, including a free product becoming paid, after notice.
// It returns the steps that replace the agreement's pending ones (see
// ReplacePendingSteps), none when nothing changes for this buyer. An
// earlier increase not yet in effect is superseded: when the agreement has
// one, the first step restates the prices at now, so that the change is
// never empty and the pending increase is dropped.
func SchedulePriceChange(a *Agreement, next Terms, now time.Time, notice time.Duration) []PriceStep {
	curPricing, cur := a.PricingAt(now)
	oldPrice := func(p InstancePrice) (int64, bool) {
		if !curPricing.Paid() {
			return 0, true
		}
		return Terms{Prices: cur}.Price(p.Use, p.InstanceType)
	}
	newPaid := next.Pricing.Paid()
	var atOnce []InstancePrice
	increase := false
	if newPaid {
		for _, p := range next.Prices {
			old, ok := oldPrice(p)
			switch {
			case !ok: // a new instance type: no agreed price to protect
				atOnce = append(atOnce, p)
			case p.HourlyMillis > old:
				increase = true
				atOnce = append(atOnce, InstancePrice{Use: p.Use, InstanceType: p.InstanceType, HourlyMillis: old})
			default:
				atOnce = append(atOnce, p)
			}
		}
	}
	var steps []PriceStep
	nowPricing := next.Pricing
	if !newPaid {
		nowPricing = PricingFree
	} else if increase && !curPricing.Paid() {
		nowPricing = curPricing // stays free until the notice ends
		atOnce = nil
	}
	if !samePricing(curPricing, cur, nowPricing, atOnce) || a.PendingStep(now) != nil {
		steps = append(steps, PriceStep{At: now, Pricing: nowPricing, Prices: atOnce})
	}
	if increase {
		steps = append(steps, PriceStep{At: now.Add(notice), Pricing: next.Pricing, Prices: slices.Clone(next.Prices)})
	}
	return steps
}

// ReplacePendingSteps is an agreement's steps after a price change made at
// now: the steps that applied by now, then the change's steps (from
// SchedulePriceChange). Steps after now belong to an earlier change the new
// one supersedes, and are dropped.
func ReplacePendingSteps(steps, add []PriceStep, now time.Time) []PriceStep {
	out := make([]PriceStep, 0, len(steps)+len(add))
	for _, s := range steps {
		if !s.At.After(now) {
			out = append(out, s)
		}
	}
	return append(out, add...)
}

func samePricing(m1 PricingModel, p1 []InstancePrice, m2 PricingModel, p2 []InstancePrice) bool {
	if m1.Paid() != m2.Paid() {
		return false
	}
	if !m1.Paid() {
		return true
	}
	a, b := slices.Clone(p1), slices.Clone(p2)
	slices.SortFunc(a, compareInstancePrice)
	slices.SortFunc(b, compareInstancePrice)
	return slices.Equal(a, b)
}

// PriceChangeDates says, before the seller confirms new public prices,
// when they apply: new buyers at once, existing agreements' decreases at
// once and increases at IncreaseAt (zero when nothing increases for any
// existing agreement).
type PriceChangeDates struct {
	Now        time.Time
	IncreaseAt time.Time
	Affected   int
}

// PriceChangePreview is PriceChangeDates for the active agreements.
func PriceChangePreview(agreements []Agreement, next Terms, now time.Time, notice time.Duration) PriceChangeDates {
	d := PriceChangeDates{Now: now}
	for i := range agreements {
		steps := SchedulePriceChange(&agreements[i], next, now, notice)
		if len(steps) > 0 {
			d.Affected++
		}
		for _, s := range steps {
			if s.At.After(now) {
				d.IncreaseAt = s.At
			}
		}
	}
	return d
}

// NewAgreement is the agreement a buyer makes by accepting terms at now.
func NewAgreement(offerID string, p *Product, buyer string, t Terms, now time.Time, months int, private bool) (*Agreement, error) {
	id, err := NewAgreementID()
	if err != nil {
		return nil, Internal(err)
	}
	a := &Agreement{ID: id, OfferID: offerID, ProductID: p.ID, SellerAccountID: p.AccountID, BuyerAccountID: buyer,
		Private: private, Terms: t, StartAt: now, Status: AgreementActive, Test: p.Status != StatusPublic}
	if months > 0 {
		a.EndAt = now.AddDate(0, months, 0)
	}
	if t.Pricing == PricingPaidTrial && t.TrialDays > 0 {
		a.TrialEndAt = now.AddDate(0, 0, t.TrialDays)
	}
	return a, nil
}

// AgreementJobKind names what an agreement job does.
type AgreementJobKind string

// Agreement jobs: tell both parties a trial ends soon, then end it.
const (
	JobTrialNotice AgreementJobKind = "trial_notice"
	JobTrialEnd    AgreementJobKind = "trial_end"
	// JobAgreementEnd ends an agreement with an end date (a private
	// offer's duration) when it falls due.
	JobAgreementEnd AgreementJobKind = "agreement_end"
)

// AgreementJob is a timed step of an agreement, run exactly once.
type AgreementJob struct {
	ID          int64
	AgreementID string
	Kind        AgreementJobKind
	DueAt       time.Time
}

// TrialJobs are the jobs a new agreement with a free trial needs: a notice
// three days before the trial ends (at once for a shorter trial) and the
// end itself.
func TrialJobs(a *Agreement) []AgreementJob {
	if a.TrialEndAt.IsZero() {
		return nil
	}
	notice := a.TrialEndAt.Add(-trialNoticeAhead)
	if notice.Before(a.StartAt) {
		notice = a.StartAt
	}
	return []AgreementJob{
		{AgreementID: a.ID, Kind: JobTrialNotice, DueAt: notice},
		{AgreementID: a.ID, Kind: JobTrialEnd, DueAt: a.TrialEndAt},
	}
}

// AgreementJobs are every job a new agreement needs: its trial's (see
// TrialJobs) and, when it has an end date, its end.
func AgreementJobs(a *Agreement) []AgreementJob {
	jobs := TrialJobs(a)
	if !a.EndAt.IsZero() {
		jobs = append(jobs, AgreementJob{AgreementID: a.ID, Kind: JobAgreementEnd, DueAt: a.EndAt})
	}
	return jobs
}

// End expires an active agreement at its end date, and reports whether it
// did: one cancelled or replaced before has already ended.
func (a *Agreement) End() bool {
	if a.Status != AgreementActive {
		return false
	}
	a.Status, a.EndedAt = AgreementExpired, a.EndAt
	return true
}

// Notice is a message to an account, shown in the portal and emailed to the
// account's email address in its language.
type Notice struct {
	AccountID string
	Message   Message
	Data      map[string]string
}

// Notification messages of offers and agreements. Each has an email
// subject and body under the same name in the mail catalog.
const (
	MsgNotifyTestAccountStaged    Message = "notify.test_account_staged"
	MsgNotifySignedOff            Message = "notify.signed_off"
	MsgNotifyNewSubscription      Message = "notify.new_subscription"
	MsgNotifyOfferAccepted        Message = "notify.offer_accepted"
	MsgNotifyOfferExtended        Message = "notify.offer_extended"
	MsgNotifyTrialEnding          Message = "notify.trial_ending"
	MsgNotifyTrialEndingSeller    Message = "notify.trial_ending_seller"
	MsgNotifyTrialEnded           Message = "notify.trial_ended"
	MsgNotifyTrialEndedSeller     Message = "notify.trial_ended_seller"
	MsgNotifyPriceChange          Message = "notify.price_change"
	MsgNotifyVersionRestricted    Message = "notify.version_restricted"
	MsgNotifyProductRemoved       Message = "notify.product_removed"
	MsgNotifyAgreementEnded       Message = "notify.agreement_ended"
	MsgNotifyAgreementEndedSeller Message = "notify.agreement_ended_seller"
)

// emailed are the notifications that also go out by email; the mail
// catalog has a subject and a body for each (MailOf).
var emailed = map[Message]bool{
	MsgNotifyStaged: true, MsgNotifyTestAccountStaged: true, MsgNotifySignedOff: true, MsgNotifyNewSubscription: true,
	MsgNotifyOfferAccepted: true, MsgNotifyOfferExtended: true, MsgNotifyTrialEnding: true, MsgNotifyTrialEndingSeller: true,
	MsgNotifyTrialEnded: true, MsgNotifyTrialEndedSeller: true, MsgNotifyPriceChange: true, MsgNotifyVersionRestricted: true,
	MsgNotifyProductRemoved: true, MsgNotifyAgreementEnded: true, MsgNotifyAgreementEndedSeller: true,
}

// Emailed reports whether a notification is also emailed.
func Emailed(m Message) bool { return emailed[m] }

// EmailedNotifications lists the notifications that are emailed.
func EmailedNotifications() []Message {
	out := make([]Message, 0, len(emailed))
	for m := range emailed {
		out = append(out, m)
	}
	slices.Sort(out)
	return out
}

// MailOf is the subject and body of a notification's email:
// "notify.offer_extended" is written with "mail.notify_offer_extended_subject"
// and "mail.notify_offer_extended_body".
func MailOf(m Message) (subject, body Message) {
	base := "mail." + strings.ReplaceAll(string(m), ".", "_")
	return Message(base + "_subject"), Message(base + "_body")
}

// NotificationsOf are notices as in-portal notifications made at now.
func NotificationsOf(notices []Notice, now time.Time) []Notification {
	out := make([]Notification, len(notices))
	for i, n := range notices {
		out[i] = Notification{AccountID: n.AccountID, Message: n.Message, Data: n.Data, CreatedAt: now}
	}
	return out
}

// AgreementQuery filters a list of agreements. Zero fields match all.
type AgreementQuery struct {
	ProductID string
	Status    AgreementStatus
}

// OfferRepository stores private offers.
type OfferRepository interface {
	// CreatePrivateOffer stores a new offer and records its change set.
	CreatePrivateOffer(ctx context.Context, o *PrivateOffer, cs *ChangeSet) error
	// PrivateOffer finds an offer by ID, or ENOTFOUND.
	PrivateOffer(ctx context.Context, id string) (*PrivateOffer, error)
	// SellerOffers lists a seller's private offers, newest first.
	SellerOffers(ctx context.Context, seller string) ([]PrivateOffer, error)
	// BuyerOffers lists the private offers extended to a buyer, newest first.
	BuyerOffers(ctx context.Context, buyer string) ([]PrivateOffer, error)
}

// AgreementRepository stores agreements, their subscriptions and their jobs.
type AgreementRepository interface {
	// MakeAgreement stores a new agreement and its jobs, marks the
	// buyer's active agreement on the product (if any) replaced at its
	// start, and makes sure the buyer is subscribed: in one transaction.
	// A second active agreement on the same private offer is ECONFLICT.
	MakeAgreement(ctx context.Context, a *Agreement, jobs []AgreementJob) error
	// Agreement finds an agreement by ID, or ENOTFOUND.
	Agreement(ctx context.Context, id string) (*Agreement, error)
	// ActiveAgreement is the buyer's active agreement on a product, or ENOTFOUND.
	ActiveAgreement(ctx context.Context, buyer, productID string) (*Agreement, error)
	// BuyerAgreements lists a buyer's agreements, newest first.
	BuyerAgreements(ctx context.Context, buyer string) ([]Agreement, error)
	// SellerAgreements lists a seller's agreements, newest first.
	SellerAgreements(ctx context.Context, seller string, q AgreementQuery) ([]Agreement, error)
	// OfferAgreements lists the active agreements made from an offer.
	OfferAgreements(ctx context.Context, offerID string) ([]Agreement, error)
	// CancelAgreement ends the buyer's active agreement on a product at at.
	CancelAgreement(ctx context.Context, buyer, productID string, at time.Time) error
	// AddPriceSteps adds the steps of a price change made at now to
	// agreements, by agreement ID, in one transaction; each agreement's
	// steps after now are replaced (ReplacePendingSteps).
	AddPriceSteps(ctx context.Context, now time.Time, steps map[string][]PriceStep) error
	// DueAgreementJobs lists the jobs due at now that have not run.
	DueAgreementJobs(ctx context.Context, now time.Time, limit int) ([]AgreementJob, error)
	// RunAgreementJob marks the job done and applies run to its agreement
	// in one transaction, saving the agreement afterwards; false, doing
	// nothing, when another process already ran it.
	// The notifications run returns are stored in the same transaction.
	RunAgreementJob(ctx context.Context, job AgreementJob, at time.Time, run func(*Agreement) ([]Notification, error)) (bool, error)
}

// Contact is where and in which language an account is written to: its
// root user's email and the account's language.
type Contact struct {
	Email    string
	Language string
}

// ContactRepository finds accounts' contacts and keeps their language.
type ContactRepository interface {
	// Contact is the account's contact, or ENOTFOUND.
	Contact(ctx context.Context, accountID string) (Contact, error)
	// SetLanguage records the language the account's emails are written in.
	SetLanguage(ctx context.Context, accountID, lang string) error
}
