package domain

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	offerSeller  = "111122223333"
	offerBuyer   = "444455556666"
	offerBuyer2  = "777788889999"
	unknownBuyer = "999999999999"
)

var (
	offerNow      = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	realtimeLarge = InstancePrice{Use: UseRealtime, InstanceType: "ml.m5.large"}
	batchXLarge   = InstancePrice{Use: UseBatch, InstanceType: "ml.m5.xlarge"}
)

// offerContext is a public product pricing real-time ml.m5.large and batch
// ml.m5.xlarge, a seller ready for paid offers, and every account but
// unknownBuyer existing.
func offerContext() OfferContext {
	return OfferContext{
		Product:   &Product{ID: "prod-offers0000001", AccountID: offerSeller, Status: StatusPublic},
		Required:  []InstancePrice{batchXLarge, realtimeLarge},
		Readiness: Readiness{Profile: true, Tax: true, Bank: true},
		Seller:    offerSeller,
		AccountExists: func(id string) bool {
			return id != unknownBuyer
		},
		Now: offerNow,
	}
}

func validOfferInput() PrivateOfferInput {
	return PrivateOfferInput{ProductID: "prod-offers0000001", Name: "Volume deal", Buyers: offerBuyer,
		Prices: map[InstancePrice]string{realtimeLarge: "1.25", batchXLarge: "2"},
		EULA:   "Private terms.", ExpiresOn: "2026-12-31", DurationMonths: "12"}
}

// buyerIDs returns n distinct account IDs that exist.
func buyerIDs(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("5000000000%02d", i)
	}
	return strings.Join(ids, ", ")
}

func TestPrivateOfferInputBuild(t *testing.T) {
	o, err := validOfferInput().Build(offerContext())
	if err != nil {
		t.Fatal(err)
	}
	want := &PrivateOffer{ProductID: "prod-offers0000001", SellerAccountID: offerSeller, Name: "Volume deal",
		Buyers: []string{offerBuyer},
		Terms: Terms{Pricing: PricingPaid, EULA: "Private terms.", Prices: []InstancePrice{
			{Use: UseBatch, InstanceType: "ml.m5.xlarge", HourlyMillis: 2000},
			{Use: UseRealtime, InstanceType: "ml.m5.large", HourlyMillis: 1250},
		}},
		// Accepted all of the last day, UTC.
		ExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), DurationMonths: 12, CreatedAt: offerNow}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("Build =\n%+v\nwant\n%+v", o, want)
	}
}

func TestPrivateOfferInputBuildAccepts(t *testing.T) {
	for name, tc := range map[string]struct {
		change func(*PrivateOfferInput, *OfferContext)
		check  func(*PrivateOffer) string
	}{
		"dashes inside an ID": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = "4444-5555-6666" },
			check: func(o *PrivateOffer) string {
				return must(reflect.DeepEqual(o.Buyers, []string{offerBuyer}), o.Buyers)
			},
		},
		"the same buyer twice, once with dashes, and a second buyer on a new line": {
			change: func(in *PrivateOfferInput, _ *OfferContext) {
				in.Buyers = offerBuyer + ", 4444-5555-6666\n" + offerBuyer2
			},
			check: func(o *PrivateOffer) string {
				return must(reflect.DeepEqual(o.Buyers, []string{offerBuyer, offerBuyer2}), o.Buyers)
			},
		},
		"25 buyers": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = buyerIDs(MaxOfferBuyers) },
			check:  func(o *PrivateOffer) string { return must(len(o.Buyers) == MaxOfferBuyers, len(o.Buyers)) },
		},
		"a dollar sign, spaces and a price of three decimals": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.Prices[realtimeLarge] = " $0.125 " },
			check: func(o *PrivateOffer) string {
				p, _ := o.Terms.Price(UseRealtime, "ml.m5.large")
				return must(p == 125, p)
			},
		},
		"the Standard Contract drops any EULA text": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.StandardContract = true },
			check: func(o *PrivateOffer) string {
				return must(o.Terms.StandardContract && o.Terms.EULA == "", o.Terms)
			},
		},
		"the Standard Contract without a EULA": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.StandardContract, in.EULA = true, "" },
			check:  func(o *PrivateOffer) string { return must(o.Terms.StandardContract, o.Terms) },
		},
		"a EULA with Windows line ends": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.EULA = "One.\r\nTwo." },
			check: func(o *PrivateOffer) string {
				return must(o.Terms.EULA == "One.\nTwo." && !o.Terms.StandardContract, o.Terms)
			},
		},
		"expiring today": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "2026-11-23" },
			check: func(o *PrivateOffer) string {
				return must(o.ExpiresAt.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)), o.ExpiresAt)
			},
		},
		"expiring in 365 days": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "2027-11-23" },
			check:  func(o *PrivateOffer) string { return must(!o.ExpiresAt.IsZero(), o.ExpiresAt) },
		},
		"60 months": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = " 60 " },
			check:  func(o *PrivateOffer) string { return must(o.DurationMonths == 60, o.DurationMonths) },
		},
		"1 month": {
			change: func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = "1" },
			check:  func(o *PrivateOffer) string { return must(o.DurationMonths == 1, o.DurationMonths) },
		},
	} {
		t.Run(name, func(t *testing.T) {
			in, c := validOfferInput(), offerContext()
			tc.change(&in, &c)
			o, err := in.Build(c)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tc.check(o); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// must returns "" when ok, or says what was got.
func must(ok bool, got any) string {
	if ok {
		return ""
	}
	return fmt.Sprintf("got %+v", got)
}

func TestPrivateOfferInputBuildRefuses(t *testing.T) {
	price := FieldPrice(UseRealtime, "ml.m5.large")
	for name, tc := range map[string]struct {
		change func(*PrivateOfferInput, *OfferContext)
		want   FieldErrors
	}{
		"no name": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Name = "  " },
			FieldErrors{FieldOfferName: MsgFieldRequired},
		},
		"a name too long": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Name = strings.Repeat("é", MaxOfferNameLength+1) },
			FieldErrors{FieldOfferName: MsgOfferNameTooLong},
		},
		"no buyer": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = " ,\n" },
			FieldErrors{FieldOfferBuyers: MsgFieldRequired},
		},
		"an unknown buyer": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = offerBuyer + "," + unknownBuyer },
			FieldErrors{FieldOfferBuyers: MsgOfferBuyerUnknown},
		},
		"the seller itself": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = "1111-2222-3333" },
			FieldErrors{FieldOfferBuyers: MsgOfferBuyerIsSeller},
		},
		"a malformed ID": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = "44445555666" },
			FieldErrors{FieldOfferBuyers: MsgOfferBuyerInvalid},
		},
		"letters in an ID": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = "44445555666x" },
			FieldErrors{FieldOfferBuyers: MsgOfferBuyerInvalid},
		},
		"26 buyers": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Buyers = buyerIDs(MaxOfferBuyers + 1) },
			FieldErrors{FieldOfferBuyers: MsgOfferBuyersTooMany},
		},
		"a negative price": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Prices[realtimeLarge] = "-1" },
			FieldErrors{price: MsgPriceInvalid},
		},
		"a price in words": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Prices[realtimeLarge] = "one" },
			FieldErrors{price: MsgPriceInvalid},
		},
		"a fourth decimal": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Prices[realtimeLarge] = "0.1255" },
			FieldErrors{price: MsgPriceInvalid},
		},
		"an empty price": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.Prices[realtimeLarge] = "" },
			FieldErrors{price: MsgFieldRequired},
		},
		"a missing price": {
			func(in *PrivateOfferInput, _ *OfferContext) { delete(in.Prices, realtimeLarge) },
			FieldErrors{price: MsgFieldRequired},
		},
		"an instance type the product does not run": {
			func(in *PrivateOfferInput, _ *OfferContext) {
				in.Prices[InstancePrice{Use: UseRealtime, InstanceType: "ml.p3.2xlarge"}] = "3"
			},
			FieldErrors{FieldPrice(UseRealtime, "ml.p3.2xlarge"): MsgInstanceNotSupported},
		},
		"a supported type for another use": {
			func(in *PrivateOfferInput, _ *OfferContext) {
				in.Prices[InstancePrice{Use: UseBatch, InstanceType: "ml.m5.large"}] = "3"
			},
			FieldErrors{FieldPrice(UseBatch, "ml.m5.large"): MsgInstanceNotSupported},
		},
		"no EULA": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.EULA = " \n" },
			FieldErrors{FieldEULA: MsgEULARequired},
		},
		"a binary EULA": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.EULA = "%PDF\x00\x01" },
			FieldErrors{FieldEULA: MsgEULANotText},
		},
		"no expiry": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "" },
			FieldErrors{FieldOfferExpiry: MsgFieldRequired},
		},
		"an expiry yesterday": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "2026-11-22" },
			FieldErrors{FieldOfferExpiry: MsgOfferExpiryPast},
		},
		"a malformed expiry": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "31/12/2026" },
			FieldErrors{FieldOfferExpiry: MsgOfferExpiryInvalid},
		},
		"an expiry on no day": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "2026-02-30" },
			FieldErrors{FieldOfferExpiry: MsgOfferExpiryInvalid},
		},
		"an expiry in 366 days": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.ExpiresOn = "2027-11-24" },
			FieldErrors{FieldOfferExpiry: MsgOfferExpiryTooFar},
		},
		"no duration": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = "" },
			FieldErrors{FieldOfferDuration: MsgFieldRequired},
		},
		"a duration of 0": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = "0" },
			FieldErrors{FieldOfferDuration: MsgOfferDurationRange},
		},
		"a duration of 61": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = "61" },
			FieldErrors{FieldOfferDuration: MsgOfferDurationRange},
		},
		"a duration in words": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = "abc" },
			FieldErrors{FieldOfferDuration: MsgOfferDurationRange},
		},
		"a negative duration": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = "-12" },
			FieldErrors{FieldOfferDuration: MsgOfferDurationRange},
		},
		"a huge duration": {
			func(in *PrivateOfferInput, _ *OfferContext) { in.DurationMonths = strings.Repeat("9", 40) },
			FieldErrors{FieldOfferDuration: MsgOfferDurationRange},
		},
		"a product not yet live": {
			func(_ *PrivateOfferInput, c *OfferContext) { c.Product.Status = StatusLimited },
			FieldErrors{FieldOfferProduct: MsgOfferProductNotLive},
		},
		"a seller without a bank": {
			func(_ *PrivateOfferInput, c *OfferContext) { c.Readiness.Bank = false },
			FieldErrors{FieldOfferProduct: MsgPaidNeedsTaxAndBank},
		},
		"everything wrong at once": {
			func(in *PrivateOfferInput, _ *OfferContext) {
				*in = PrivateOfferInput{Prices: map[InstancePrice]string{}}
			},
			FieldErrors{FieldOfferName: MsgFieldRequired, FieldOfferBuyers: MsgFieldRequired, price: MsgFieldRequired,
				FieldPrice(UseBatch, "ml.m5.xlarge"): MsgFieldRequired, FieldEULA: MsgEULARequired,
				FieldOfferExpiry: MsgFieldRequired, FieldOfferDuration: MsgFieldRequired},
		},
	} {
		t.Run(name, func(t *testing.T) {
			in, c := validOfferInput(), offerContext()
			in.Prices = map[InstancePrice]string{realtimeLarge: "1.25", batchXLarge: "2"}
			tc.change(&in, &c)
			o, err := in.Build(c)
			if o != nil {
				t.Errorf("built %+v", o)
			}
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID {
				t.Fatalf("error %v, want invalid", err)
			}
			if !reflect.DeepEqual(e.Fields, tc.want) {
				t.Errorf("fields %v, want %v", e.Fields, tc.want)
			}
		})
	}
}

func TestPrivateOfferExpiredAndFor(t *testing.T) {
	o := &PrivateOffer{Buyers: []string{offerBuyer}, ExpiresAt: offerNow}
	if o.Expired(offerNow.Add(-time.Second)) || !o.Expired(offerNow) {
		t.Error("an offer expires at ExpiresAt, not before")
	}
	if !o.For(offerBuyer) || o.For(offerBuyer2) || o.For("") {
		t.Error("For names only the offer's buyers")
	}
}

func TestOfferAndAgreementIDs(t *testing.T) {
	id, err := NewOfferID()
	if err != nil || !IsOfferID(id) {
		t.Errorf("NewOfferID = %q (%v), not an offer ID", id, err)
	}
	if public := PublicOfferID("prod-abcdefghij123"); public != "offer-abcdefghij123" || !IsOfferID(public) {
		t.Errorf("PublicOfferID = %q", public)
	}
	ag, err := NewAgreementID()
	if err != nil || !IsAgreementID(ag) || IsAgreementID(id) || IsOfferID(ag) {
		t.Errorf("NewAgreementID = %q (%v)", ag, err)
	}
	for _, bad := range []string{"", "offer-", "offer-ABC", "agmt-../../etc", "prod-abcdefghij123"} {
		if IsOfferID(bad) || IsAgreementID(bad) {
			t.Errorf("%q taken for an ID", bad)
		}
	}
}

func paid(prices ...InstancePrice) Terms { return Terms{Pricing: PricingPaid, Prices: prices} }

func at(p InstancePrice, millis int64) InstancePrice {
	p.HourlyMillis = millis
	return p
}

func TestSchedulePriceChange(t *testing.T) {
	const notice = 90 * 24 * time.Hour
	later := offerNow.Add(notice)
	free := Terms{Pricing: PricingFree}
	for name, tc := range map[string]struct {
		from, to Terms
		want     []PriceStep
	}{
		"no change":       {from: paid(at(realtimeLarge, 1000)), to: paid(at(realtimeLarge, 1000))},
		"free stays free": {from: free, to: free},
		"a decrease applies at once": {from: paid(at(realtimeLarge, 1000)), to: paid(at(realtimeLarge, 800)),
			want: []PriceStep{{At: offerNow, Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 800)}}}},
		"an increase waits for the notice": {from: paid(at(realtimeLarge, 1000)), to: paid(at(realtimeLarge, 1200)),
			want: []PriceStep{{At: later, Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 1200)}}}},
		"free to paid waits for the notice": {from: free, to: paid(at(realtimeLarge, 1200)),
			want: []PriceStep{{At: later, Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 1200)}}}},
		"paid to free applies at once": {from: paid(at(realtimeLarge, 1000)), to: free,
			want: []PriceStep{{At: offerNow, Pricing: PricingFree}}},
		"mixed: the decrease at once, the increase after notice": {
			from: paid(at(realtimeLarge, 1000), at(batchXLarge, 2000)), to: paid(at(realtimeLarge, 800), at(batchXLarge, 2500)),
			want: []PriceStep{
				{At: offerNow, Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 800), at(batchXLarge, 2000)}},
				{At: later, Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 800), at(batchXLarge, 2500)}},
			}},
		"a new instance type is priced at once": {
			from: paid(at(realtimeLarge, 1000)), to: paid(at(realtimeLarge, 1000), at(batchXLarge, 2500)),
			want: []PriceStep{{At: offerNow, Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 1000), at(batchXLarge, 2500)}}}},
		"the same prices in another order": {
			from: paid(at(realtimeLarge, 1000), at(batchXLarge, 2000)), to: paid(at(batchXLarge, 2000), at(realtimeLarge, 1000))},
	} {
		t.Run(name, func(t *testing.T) {
			a := &Agreement{Terms: tc.from, StartAt: offerNow.AddDate(0, -1, 0), Status: AgreementActive}
			got := SchedulePriceChange(a, tc.to, offerNow, notice)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("steps =\n%+v\nwant\n%+v", got, tc.want)
			}
			a.Steps = append(a.Steps, got...)
			pricing, prices := a.PricingAt(offerNow.Add(notice + time.Hour))
			if !samePricing(pricing, prices, tc.to.Pricing, tc.to.Prices) {
				t.Errorf("after the notice: %s %v, want the new terms %+v", pricing, prices, tc.to)
			}
		})
	}
}

// TestSchedulePriceChangeSupersedesPending changes the public prices again
// before an announced increase applies: the newer change decides what the
// buyer pays, and the earlier increase never applies.
func TestSchedulePriceChangeSupersedesPending(t *testing.T) {
	const notice = 90 * 24 * time.Hour
	a := &Agreement{Terms: paid(at(realtimeLarge, 1000)), StartAt: offerNow.AddDate(0, -1, 0), Status: AgreementActive}
	a.Steps = SchedulePriceChange(a, paid(at(realtimeLarge, 2000)), offerNow, notice)
	second := offerNow.Add(10 * 24 * time.Hour)
	for name, tc := range map[string]struct {
		to   Terms
		want int64 // at the first increase's date and after every notice
	}{
		"back to the old price": {to: paid(at(realtimeLarge, 1000)), want: 1000},
		"below the old price":   {to: paid(at(realtimeLarge, 500)), want: 500},
		"free":                  {to: Terms{Pricing: PricingFree}, want: 0},
		"a smaller increase":    {to: paid(at(realtimeLarge, 1500)), want: 1500},
		"a larger increase":     {to: paid(at(realtimeLarge, 3000)), want: 3000},
	} {
		t.Run(name, func(t *testing.T) {
			b := *a
			b.Steps = ReplacePendingSteps(b.Steps, SchedulePriceChange(&b, tc.to, second, notice), second)
			if len(b.Steps) == 0 {
				t.Fatal("no steps: the pending increase would still apply")
			}
			for _, when := range []time.Time{offerNow.Add(notice), second.Add(notice), second.Add(2 * notice)} {
				_, prices := b.PricingAt(when)
				got, _ := Terms{Pricing: PricingPaid, Prices: prices}.Price(UseRealtime, "ml.m5.large")
				if when.Equal(offerNow.Add(notice)) && got > max(tc.want, 1000) {
					t.Errorf("at the first increase's date: %d, more than announced by the newer change", got)
				}
				if !when.Equal(offerNow.Add(notice)) && got != tc.want {
					t.Errorf("at %s: %d, want %d", when, got, tc.want)
				}
			}
			for _, s := range b.Steps {
				if s.At.After(second) && s.At.Before(second.Add(notice)) {
					t.Errorf("step %+v applies before the newer change's notice ends", s)
				}
			}
		})
	}
}

func TestPriceChangePreview(t *testing.T) {
	const notice = 30 * 24 * time.Hour
	agreements := []Agreement{
		{ID: "a", Terms: paid(at(realtimeLarge, 1000)), Status: AgreementActive},
		{ID: "b", Terms: paid(at(realtimeLarge, 1500)), Status: AgreementActive},
		{ID: "c", Terms: paid(at(realtimeLarge, 1200)), Status: AgreementActive},
	}
	d := PriceChangePreview(agreements, paid(at(realtimeLarge, 1200)), offerNow, notice)
	want := PriceChangeDates{Now: offerNow, IncreaseAt: offerNow.Add(notice), Affected: 2}
	if d != want {
		t.Errorf("preview %+v, want %+v", d, want)
	}
	d = PriceChangePreview(agreements[1:2], paid(at(realtimeLarge, 1200)), offerNow, notice)
	if want := (PriceChangeDates{Now: offerNow, Affected: 1}); d != want {
		t.Errorf("decrease only: preview %+v, want %+v", d, want)
	}
	if d := PriceChangePreview(nil, paid(at(realtimeLarge, 1200)), offerNow, notice); d != (PriceChangeDates{Now: offerNow}) {
		t.Errorf("no agreements: preview %+v", d)
	}
}

func TestAgreementOverTime(t *testing.T) {
	p := &Product{ID: "prod-offers0000001", AccountID: offerSeller, Status: StatusPublic}
	trial := Terms{Pricing: PricingPaidTrial, TrialDays: 14, Prices: []InstancePrice{at(realtimeLarge, 1250), at(batchXLarge, 2000)}}
	a, err := NewAgreement("offer-x", p, offerBuyer, trial, offerNow, 12, true)
	if err != nil {
		t.Fatal(err)
	}
	if !IsAgreementID(a.ID) || a.SellerAccountID != offerSeller || a.BuyerAccountID != offerBuyer || !a.Private || a.Test {
		t.Fatalf("agreement %+v", a)
	}
	trialEnd, end := offerNow.AddDate(0, 0, 14), offerNow.AddDate(1, 0, 0)
	if !a.TrialEndAt.Equal(trialEnd) || !a.EndAt.Equal(end) {
		t.Fatalf("trial ends %s, agreement %s; want %s and %s", a.TrialEndAt, a.EndAt, trialEnd, end)
	}
	a.Steps = []PriceStep{{At: offerNow.AddDate(0, 2, 0), Pricing: PricingPaid, Prices: []InstancePrice{at(realtimeLarge, 900)}}}
	for _, tc := range []struct {
		at       time.Time
		status   AgreementStatus
		inTrial  bool
		monthly  int64
		realtime int64
	}{
		{offerNow, AgreementActive, true, 0, 1250},
		{trialEnd.Add(-time.Second), AgreementActive, true, 0, 1250},
		// The least expensive type running all month.
		{trialEnd, AgreementActive, false, 1250 * 730, 1250},
		{offerNow.AddDate(0, 2, 0), AgreementActive, false, 900 * 730, 900},
		{end.Add(-time.Second), AgreementActive, false, 900 * 730, 900},
		{end, AgreementExpired, false, 900 * 730, 900},
	} {
		if got := a.StatusAt(tc.at); got != tc.status {
			t.Errorf("StatusAt(%s) = %s, want %s", tc.at, got, tc.status)
		}
		if got := a.ActiveAt(tc.at); got != (tc.status == AgreementActive) {
			t.Errorf("ActiveAt(%s) = %t", tc.at, got)
		}
		if got := a.InTrial(tc.at); got != tc.inTrial {
			t.Errorf("InTrial(%s) = %t, want %t", tc.at, got, tc.inTrial)
		}
		if got := a.MonthlyEstimate(tc.at); got != tc.monthly {
			t.Errorf("MonthlyEstimate(%s) = %d, want %d", tc.at, got, tc.monthly)
		}
		_, prices := a.PricingAt(tc.at)
		if got, _ := (Terms{Prices: prices}).Price(UseRealtime, "ml.m5.large"); got != tc.realtime {
			t.Errorf("PricingAt(%s): real-time %d, want %d", tc.at, got, tc.realtime)
		}
	}
	if s := a.PendingStep(offerNow); s == nil || !s.At.Equal(offerNow.AddDate(0, 2, 0)) {
		t.Errorf("PendingStep = %+v", s)
	}
	if s := a.PendingStep(offerNow.AddDate(0, 2, 0)); s != nil {
		t.Errorf("PendingStep once applied = %+v, want none", s)
	}
	for _, ended := range []AgreementStatus{AgreementCancelled, AgreementReplaced} {
		b := *a
		b.Status = ended
		if b.StatusAt(offerNow) != ended || b.ActiveAt(offerNow) {
			t.Errorf("a %s agreement is %s", ended, b.StatusAt(offerNow))
		}
	}
}

func TestNewAgreementWithoutTrialOrEnd(t *testing.T) {
	p := &Product{ID: "prod-offers0000001", AccountID: offerSeller, Status: StatusLimited}
	for _, terms := range []Terms{{Pricing: PricingFree}, paid(at(realtimeLarge, 1000)), {Pricing: PricingPaidTrial}} {
		a, err := NewAgreement(PublicOfferID(p.ID), p, offerBuyer, terms, offerNow, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		if !a.EndAt.IsZero() || !a.TrialEndAt.IsZero() || !a.Test || a.Private || a.Status != AgreementActive {
			t.Errorf("%s: agreement %+v", terms.Pricing, a)
		}
		if a.InTrial(offerNow) {
			t.Errorf("%s: in trial", terms.Pricing)
		}
		if jobs := TrialJobs(a); jobs != nil {
			t.Errorf("%s: trial jobs %v", terms.Pricing, jobs)
		}
	}
}

func TestTrialJobs(t *testing.T) {
	for _, tc := range []struct {
		days   int
		notice time.Time
	}{
		{30, offerNow.AddDate(0, 0, 27)},
		{4, offerNow.AddDate(0, 0, 1)},
		{3, offerNow},
		// A trial shorter than the notice is told at its start.
		{1, offerNow},
	} {
		a := &Agreement{ID: "agmt-x", StartAt: offerNow, TrialEndAt: offerNow.AddDate(0, 0, tc.days)}
		want := []AgreementJob{
			{AgreementID: "agmt-x", Kind: JobTrialNotice, DueAt: tc.notice},
			{AgreementID: "agmt-x", Kind: JobTrialEnd, DueAt: a.TrialEndAt},
		}
		if got := TrialJobs(a); !reflect.DeepEqual(got, want) {
			t.Errorf("%d days: jobs %+v, want %+v", tc.days, got, want)
		}
	}
}

func TestEmailedNotificationsHaveMail(t *testing.T) {
	for _, m := range EmailedNotifications() {
		if !Emailed(m) {
			t.Errorf("%s listed but not emailed", m)
		}
		subject, body := MailOf(m)
		if !strings.HasPrefix(string(subject), "mail.notify_") || !strings.HasSuffix(string(body), "_body") {
			t.Errorf("%s: mail %s, %s", m, subject, body)
		}
	}
	if Emailed(MsgNotifyRequestApproved) {
		t.Error("a notification without an email of its own is emailed")
	}
}
