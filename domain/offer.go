package domain

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PricingModel is how buyers pay for a product.
type PricingModel string

// Free, paid by the hour, or paid by the hour after a free trial.
const (
	PricingFree      PricingModel = "free"
	PricingPaid      PricingModel = "paid"
	PricingPaidTrial PricingModel = "paid_trial"
)

// Paid reports whether buyers are charged.
func (m PricingModel) Paid() bool { return m == PricingPaid || m == PricingPaidTrial }

// Use is what a buyer runs an instance for.
type Use string

// The three uses an ML product is priced for.
const (
	UseRealtime Use = "realtime"
	UseBatch    Use = "batch"
	UseTraining Use = "training"
)

// Limits of an offer.
const (
	MinTrialDays    = 5
	MaxTrialDays    = 120
	MaxHourlyMillis = 1_000_000_000 // $1,000,000.000 an hour
	MaxEULABytes    = 256 << 10
)

// InstancePrice is the hourly software price of one instance type for one
// use, in thousandths of a US dollar.
type InstancePrice struct {
	Use          Use
	InstanceType string
	HourlyMillis int64
}

// Offer is the "Pricing and terms" section.
type Offer struct {
	Pricing   PricingModel
	Prices    []InstancePrice
	TrialDays int
	EULA      string // plain text
	// StandardContract offers the Standard Contract for AWS Marketplace
	// (SCMP) instead of a custom EULA; an uploaded EULA is kept but not
	// offered.
	StandardContract bool
}

// ParseUSD reads an hourly price such as "0.125" or "12" into thousandths
// of a dollar. Negative, non-numeric and over-precise prices are refused.
func ParseUSD(s string) (int64, Message) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	if s == "" {
		return 0, MsgFieldRequired
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 3 || !allDigits(whole) || (frac != "" && !allDigits(frac)) {
		return 0, MsgPriceInvalid
	}
	frac += strings.Repeat("0", 3-len(frac))
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > MaxHourlyMillis/1000 {
		return 0, MsgPriceInvalid
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	total := w*1000 + f
	if total > MaxHourlyMillis {
		return 0, MsgPriceInvalid
	}
	return total, ""
}

// FormatUSD writes thousandths of a dollar as "$0.125".
func FormatUSD(millis int64) string {
	s := strconv.FormatInt(millis/1000, 10) + "." + strconv.FormatInt(1000+millis%1000, 10)[1:]
	return "$" + strings.TrimSuffix(s, "0")
}

func allDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// RequiredPrices lists every use and instance type a paid offer must price:
// each type the product's resources support, for each use.
func RequiredPrices(resources []*SageMakerResource) []InstancePrice {
	var out []InstancePrice
	add := func(use Use, types []string) {
		for _, t := range types {
			p := InstancePrice{Use: use, InstanceType: t}
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	for _, r := range resources {
		if r == nil {
			continue // deleted after its product was removed
		}
		add(UseRealtime, r.RealtimeInstanceTypes)
		add(UseBatch, r.BatchInstanceTypes)
		if r.Kind == KindAlgorithm {
			add(UseTraining, r.TrainingInstanceTypes)
		}
	}
	return out
}

// Validate checks the offer. Paid terms need the tax interview and the bank
// account (readiness), and a price for every required instance type.
func (o Offer) Validate(required []InstancePrice, ready Readiness) error {
	f := FieldErrors{}
	switch o.Pricing {
	case PricingFree:
	case PricingPaid, PricingPaidTrial:
		if err := ready.RequirePaid(); err != nil {
			f[FieldPricingModel] = MsgPaidNeedsTaxAndBank
		}
		o.validatePrices(f, required)
		if o.Pricing == PricingPaidTrial && (o.TrialDays < MinTrialDays || o.TrialDays > MaxTrialDays) {
			f[FieldTrialDuration] = MsgTrialDaysRange
		}
	default:
		f[FieldPricingModel] = MsgPricingRequired
	}
	if o.EULA == "" && !o.StandardContract {
		f[FieldEULA] = MsgEULARequired
	}
	return fieldsError(f)
}

func (o Offer) validatePrices(f FieldErrors, required []InstancePrice) {
	priced := map[InstancePrice]bool{}
	for _, p := range o.Prices {
		want := InstancePrice{Use: p.Use, InstanceType: p.InstanceType}
		if priced[want] {
			// Two prices for one instance type and use (from the Catalog
			// API): which would a buyer pay?
			f[FieldPrice(p.Use, p.InstanceType)] = MsgPriceDuplicate
			continue
		}
		priced[want] = true
		if !slices.Contains(required, want) {
			f[FieldPrice(p.Use, p.InstanceType)] = MsgInstanceNotSupported
		}
	}
	for _, r := range required {
		if !slices.ContainsFunc(o.Prices, func(p InstancePrice) bool { return p.Use == r.Use && p.InstanceType == r.InstanceType }) {
			f[FieldPrice(r.Use, r.InstanceType)] = MsgFieldRequired
		}
	}
}

// CheckEULA accepts a license agreement uploaded as plain UTF-8 text,
// judged by its content: binary files, PDFs and word-processor documents are
// refused whatever their name.
func CheckEULA(data []byte) (string, Message) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "", MsgEULARequired
	case len(data) > MaxEULABytes:
		return "", MsgEULATooLarge
	case !utf8.Valid(data):
		return "", MsgEULANotText
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if strings.ContainsFunc(text, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\f' && r != '\r' }) {
		return "", MsgEULANotText
	}
	return text, ""
}
