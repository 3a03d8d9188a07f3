package domain

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestPricingModelPaid(t *testing.T) {
	for m, want := range map[PricingModel]bool{PricingFree: false, PricingPaid: true, PricingPaidTrial: true, "": false, "monthly": false} {
		if got := m.Paid(); got != want {
			t.Errorf("%q.Paid() = %v, want %v", m, got, want)
		}
	}
}

func TestParseUSD(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantMsg Message
	}{
		{"0", 0, ""},
		{"0.125", 125, ""},
		{"$1.5", 1500, ""},
		{"12", 12000, ""},
		{" 12.00 ", 12000, ""},
		{"0.001", 1, ""},
		{"1000000", MaxHourlyMillis, ""},
		{"1000000.000", MaxHourlyMillis, ""},
		{"", 0, MsgFieldRequired},
		{"  ", 0, MsgFieldRequired},
		{"$", 0, MsgFieldRequired},
		{"-1", 0, MsgPriceInvalid},
		{"-0.5", 0, MsgPriceInvalid},
		{"+1", 0, MsgPriceInvalid},
		{"abc", 0, MsgPriceInvalid},
		{"1.2345", 0, MsgPriceInvalid},
		{"1e3", 0, MsgPriceInvalid},
		{"0x10", 0, MsgPriceInvalid},
		{".5", 0, MsgPriceInvalid},
		{"1.2.3", 0, MsgPriceInvalid},
		{"1,5", 0, MsgPriceInvalid},
		{"1 000", 0, MsgPriceInvalid},
		{"１２", 0, MsgPriceInvalid}, // full-width digits
		{"NaN", 0, MsgPriceInvalid},
		{"1000000.001", 0, MsgPriceInvalid},
		{"1000001", 0, MsgPriceInvalid},
		{"99999999999999999999999", 0, MsgPriceInvalid},
		{"9223372036854775807", 0, MsgPriceInvalid},
	}
	for _, tt := range tests {
		got, msg := ParseUSD(tt.in)
		if got != tt.want || msg != tt.wantMsg {
			t.Errorf("ParseUSD(%q) = %d, %q; want %d, %q", tt.in, got, msg, tt.want, tt.wantMsg)
		}
	}
}

func TestFormatUSD(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "$0.00"},
		{1, "$0.001"},
		{10, "$0.01"},
		{125, "$0.125"},
		{1500, "$1.50"},
		{12000, "$12.00"},
		{12345, "$12.345"},
		{MaxHourlyMillis, "$1000000.00"},
	}
	for _, tt := range tests {
		got := FormatUSD(tt.in)
		if got != tt.want {
			t.Errorf("FormatUSD(%d) = %q, want %q", tt.in, got, tt.want)
		}
		// What the portal shows, a seller can type back in.
		if back, msg := ParseUSD(got); msg != "" || back != tt.in {
			t.Errorf("ParseUSD(FormatUSD(%d) = %q) = %d, %q", tt.in, got, back, msg)
		}
	}
}

func TestRequiredPrices(t *testing.T) {
	mp, alg := goodModelPackage(), goodAlgorithm()
	mp2 := goodModelPackage()
	mp2.Name = "second"
	mp2.RealtimeInstanceTypes = []string{"ml.m5.large", "ml.c5.xlarge"}
	tests := []struct {
		name      string
		resources []*SageMakerResource
		want      []InstancePrice
	}{
		{name: "no resources", resources: nil, want: nil},
		{name: "model package: real-time and batch", resources: []*SageMakerResource{&mp}, want: []InstancePrice{
			{Use: UseRealtime, InstanceType: "ml.g4dn.xlarge"},
			{Use: UseRealtime, InstanceType: "ml.m5.large"},
			{Use: UseBatch, InstanceType: "ml.m5.xlarge"},
		}},
		{name: "algorithm: training too", resources: []*SageMakerResource{&alg}, want: []InstancePrice{
			{Use: UseRealtime, InstanceType: "ml.g4dn.xlarge"},
			{Use: UseRealtime, InstanceType: "ml.m5.large"},
			{Use: UseBatch, InstanceType: "ml.m5.xlarge"},
			{Use: UseTraining, InstanceType: "ml.m5.xlarge"},
			{Use: UseTraining, InstanceType: "ml.p3.2xlarge"},
		}},
		{name: "two versions: union without repeats", resources: []*SageMakerResource{&mp, &mp2}, want: []InstancePrice{
			{Use: UseRealtime, InstanceType: "ml.g4dn.xlarge"},
			{Use: UseRealtime, InstanceType: "ml.m5.large"},
			{Use: UseBatch, InstanceType: "ml.m5.xlarge"},
			{Use: UseRealtime, InstanceType: "ml.c5.xlarge"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RequiredPrices(tt.resources); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("RequiredPrices() = %v, want %v", got, tt.want)
			}
		})
	}
}

// pricesFor returns a price for each required use and instance type.
func pricesFor(required []InstancePrice, millis int64) []InstancePrice {
	out := make([]InstancePrice, len(required))
	for i, r := range required {
		out[i] = InstancePrice{Use: r.Use, InstanceType: r.InstanceType, HourlyMillis: millis}
	}
	return out
}

func TestOfferValidate(t *testing.T) {
	mp := goodModelPackage()
	required := RequiredPrices([]*SageMakerResource{&mp})
	ready := Readiness{Profile: true, Tax: true, Bank: true}
	eula := "You may use this model."
	tests := []struct {
		name  string
		offer Offer
		ready Readiness
		want  FieldErrors
	}{
		{name: "free without readiness", offer: Offer{Pricing: PricingFree, EULA: eula}, ready: Readiness{}},
		{name: "no pricing chosen", offer: Offer{EULA: eula}, ready: ready,
			want: FieldErrors{FieldPricingModel: MsgPricingRequired}},
		{name: "unknown pricing", offer: Offer{Pricing: "monthly", EULA: eula}, ready: ready,
			want: FieldErrors{FieldPricingModel: MsgPricingRequired}},
		{name: "paid and ready", offer: Offer{Pricing: PricingPaid, Prices: pricesFor(required, 125), EULA: eula}, ready: ready},
		{name: "paid at zero", offer: Offer{Pricing: PricingPaid, Prices: pricesFor(required, 0), EULA: eula}, ready: ready},
		{name: "paid without tax and bank", offer: Offer{Pricing: PricingPaid, Prices: pricesFor(required, 125), EULA: eula},
			ready: Readiness{Profile: true}, want: FieldErrors{FieldPricingModel: MsgPaidNeedsTaxAndBank}},
		{name: "paid without bank", offer: Offer{Pricing: PricingPaid, Prices: pricesFor(required, 125), EULA: eula},
			ready: Readiness{Profile: true, Tax: true}, want: FieldErrors{FieldPricingModel: MsgPaidNeedsTaxAndBank}},
		{name: "paid trial without readiness", offer: Offer{Pricing: PricingPaidTrial, TrialDays: 30, Prices: pricesFor(required, 125), EULA: eula},
			ready: Readiness{}, want: FieldErrors{FieldPricingModel: MsgPaidNeedsTaxAndBank}},
		{name: "missing price", offer: Offer{Pricing: PricingPaid, Prices: pricesFor(required[1:], 125), EULA: eula}, ready: ready,
			want: FieldErrors{FieldPrice(UseRealtime, "ml.g4dn.xlarge"): MsgFieldRequired}},
		{name: "price for an unsupported type", offer: Offer{Pricing: PricingPaid, EULA: eula,
			Prices: append(pricesFor(required, 125), InstancePrice{Use: UseRealtime, InstanceType: "ml.p4d.24xlarge", HourlyMillis: 1})},
			ready: ready, want: FieldErrors{FieldPrice(UseRealtime, "ml.p4d.24xlarge"): MsgInstanceNotSupported}},
		{name: "training price for a model package", offer: Offer{Pricing: PricingPaid, EULA: eula,
			Prices: append(pricesFor(required, 125), InstancePrice{Use: UseTraining, InstanceType: "ml.m5.xlarge", HourlyMillis: 1})},
			ready: ready, want: FieldErrors{FieldPrice(UseTraining, "ml.m5.xlarge"): MsgInstanceNotSupported}},
		{name: "two prices for one instance type", offer: Offer{Pricing: PricingPaid, EULA: eula,
			Prices: append(pricesFor(required, 125), pricesFor(required[:1], 250)...)},
			ready: ready, want: FieldErrors{FieldPrice(required[0].Use, required[0].InstanceType): MsgPriceDuplicate}},
		{name: "standard contract instead of a EULA", offer: Offer{Pricing: PricingFree, StandardContract: true}, ready: ready},
		{name: "trial of 4 days", offer: Offer{Pricing: PricingPaidTrial, TrialDays: 4, Prices: pricesFor(required, 125), EULA: eula},
			ready: ready, want: FieldErrors{FieldTrialDuration: MsgTrialDaysRange}},
		{name: "trial of 5 days", offer: Offer{Pricing: PricingPaidTrial, TrialDays: 5, Prices: pricesFor(required, 125), EULA: eula}, ready: ready},
		{name: "trial of 120 days", offer: Offer{Pricing: PricingPaidTrial, TrialDays: 120, Prices: pricesFor(required, 125), EULA: eula}, ready: ready},
		{name: "trial of 121 days", offer: Offer{Pricing: PricingPaidTrial, TrialDays: 121, Prices: pricesFor(required, 125), EULA: eula},
			ready: ready, want: FieldErrors{FieldTrialDuration: MsgTrialDaysRange}},
		{name: "trial without days", offer: Offer{Pricing: PricingPaidTrial, Prices: pricesFor(required, 125), EULA: eula},
			ready: ready, want: FieldErrors{FieldTrialDuration: MsgTrialDaysRange}},
		{name: "free without EULA", offer: Offer{Pricing: PricingFree}, ready: ready,
			want: FieldErrors{FieldEULA: MsgEULARequired}},
		{name: "paid without EULA", offer: Offer{Pricing: PricingPaid, Prices: pricesFor(required, 125)}, ready: ready,
			want: FieldErrors{FieldEULA: MsgEULARequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.offer.Validate(required, tt.ready), tt.want)
		})
	}
}

func TestCheckEULA(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    string
		wantMsg Message
	}{
		{name: "plain text", in: []byte("Terms.\nUse it well."), want: "Terms.\nUse it well."},
		{name: "non-ASCII text", in: []byte("Conditions générales — § 1: «Ünïcödé» 条款"), want: "Conditions générales — § 1: «Ünïcödé» 条款"},
		{name: "byte order mark dropped", in: []byte("\xef\xbb\xbfTerms."), want: "Terms."},
		{name: "CRLF becomes LF", in: []byte("Line 1\r\nLine 2\r\n"), want: "Line 1\nLine 2\n"},
		{name: "tabs and form feeds kept", in: []byte("1.\tScope\f2.\tUse"), want: "1.\tScope\f2.\tUse"},
		{name: "exactly 256 KiB", in: bytes.Repeat([]byte("a"), MaxEULABytes), want: strings.Repeat("a", MaxEULABytes)},
		{name: "empty", in: nil, wantMsg: MsgEULARequired},
		{name: "only blanks", in: []byte(" \r\n\t "), wantMsg: MsgEULARequired},
		{name: "only a byte order mark", in: []byte("\xef\xbb\xbf"), wantMsg: MsgEULARequired},
		{name: "over 256 KiB", in: bytes.Repeat([]byte("a"), MaxEULABytes+1), wantMsg: MsgEULATooLarge},
		{name: "binary with NUL", in: []byte("Terms\x00\x01\x02"), wantMsg: MsgEULANotText},
		{name: "escape sequence", in: []byte("Terms \x1b[31mred"), wantMsg: MsgEULANotText},
		{name: "invalid UTF-8", in: []byte("Conditions g\xe9n\xe9rales"), wantMsg: MsgEULANotText},
		{name: "PDF", in: []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), wantMsg: MsgEULANotText},
		{name: "ZIP (docx)", in: []byte("PK\x03\x04\x14\x00\x06\x00"), wantMsg: MsgEULANotText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, msg := CheckEULA(tt.in)
			if got != tt.want || msg != tt.wantMsg {
				t.Errorf("CheckEULA() = %.40q, %q; want %.40q, %q", got, msg, tt.want, tt.wantMsg)
			}
		})
	}
}
