package domain

import (
	"fmt"
	"time"
)

// The Catalog API's shapes of an offer's terms, written once for the
// change set that creates a private offer and for DescribeEntity of an
// offer (its DetailsDocument), so that both say the same thing.

// TermDoc is one term of an offer in the Catalog API's JSON.
type TermDoc = map[string]any

// APIPrice writes thousandths of a dollar as the Catalog API's price
// string, "0.125".
func APIPrice(millis int64) string { return fmt.Sprintf("%d.%03d", millis/1000, millis%1000) }

// UsageTerm is the usage-based pricing term of paid terms: one rate per
// use and instance type ("realtime:ml.m5.large"); nil for free terms.
func UsageTerm(t Terms) TermDoc {
	if !t.Pricing.Paid() {
		return nil
	}
	rateCard := make([]map[string]string, len(t.Prices))
	for i, p := range t.Prices {
		rateCard[i] = map[string]string{"DimensionKey": string(p.Use) + ":" + p.InstanceType, "Price": APIPrice(p.HourlyMillis)}
	}
	return TermDoc{"Type": "UsageBasedPricingTerm", "CurrencyCode": "USD", "RateCards": []TermDoc{{"RateCard": rateCard}}}
}

// FreeTrialTerm is the free trial of paid terms ("P14D"); nil without one.
func FreeTrialTerm(t Terms) TermDoc {
	if t.Pricing != PricingPaidTrial || t.TrialDays <= 0 {
		return nil
	}
	return TermDoc{"Type": "FreeTrialPricingTerm", "Duration": fmt.Sprintf("P%dD", t.TrialDays)}
}

// LegalTerm names the terms' license: a custom EULA or the Standard
// Contract for AWS Marketplace.
func LegalTerm(t Terms) TermDoc {
	document := map[string]string{"Type": "CustomEula"}
	if t.StandardContract {
		document = map[string]string{"Type": "StandardEula"}
	}
	return TermDoc{"Type": "LegalTerm", "Documents": []map[string]string{document}}
}

// ValidityTerm is how long an agreement made from an offer lasts ("P12M").
func ValidityTerm(months int) TermDoc {
	return TermDoc{"Type": "ValidityTerm", "AgreementDuration": fmt.Sprintf("P%dM", months)}
}

// OfferTerms lists an offer's terms in the order the Catalog API shows
// them: pricing, free trial, legal, then validity (months > 0).
func OfferTerms(t Terms, months int) []TermDoc {
	var out []TermDoc
	for _, term := range []TermDoc{UsageTerm(t), FreeTrialTerm(t), LegalTerm(t)} {
		if term != nil {
			out = append(out, term)
		}
	}
	if months > 0 {
		out = append(out, ValidityTerm(months))
	}
	return out
}

// AvailabilityEndDate is the last day an offer can be accepted, as the
// Catalog API writes it: the day before ExpiresAt, which is the first
// moment it cannot.
func (o *PrivateOffer) AvailabilityEndDate() string {
	return o.ExpiresAt.Add(-time.Second).Format(time.DateOnly)
}
