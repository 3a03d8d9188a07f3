package buyer

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// PrivateOffersView is the buyer's list of the private offers extended to
// its account.
type PrivateOffersView struct {
	Page   layout.Page
	Offers []PrivateOfferRow
}

// PrivateOfferRow is one private offer in the buyer's list.
type PrivateOfferRow struct {
	ID, Name                string
	ProductID, ProductTitle string
	Seller                  string
	// Expires is the last day the offer can be accepted.
	Expires string
	// Status is "available", "accepted" or "expired".
	Status string
}

// PrivateOfferView is a private offer's terms for its buyer to review and
// accept.
type PrivateOfferView struct {
	Page                    layout.Page
	ID, Name                string
	ProductID, ProductTitle string
	Seller                  string
	// Status is "available", "accepted" or "expired".
	Status string
	// Expires is the last day the offer can be accepted.
	Expires        string
	DurationMonths int
	Prices         []PriceRow
	// EULA is the custom license text; empty with StandardContract.
	EULA             string
	StandardContract bool
	// AgreementURL links the agreement made from the offer, once accepted.
	AgreementURL string
	// CanAccept shows the acceptance form.
	CanAccept bool
	Form      components.Form
}

// AgreementsView is the buyer's list of agreements.
type AgreementsView struct {
	Page       layout.Page
	Agreements []AgreementRow
}

// AgreementRow is one agreement in the buyer's list.
type AgreementRow struct {
	ID                      string
	ProductID, ProductTitle string
	// OfferName is the private offer's name, "" for the public offer.
	OfferName string
	Private   bool
	Start     string
	// End and TrialEnd are "" when the agreement has none.
	End, TrialEnd string
	// Status is a domain.AgreementStatus as of now.
	Status string
	Price  PriceSummary
}

// PriceSummary is a message naming an agreement's current prices.
type PriceSummary struct {
	Key  string
	Data map[string]any
}

// AgreementView is one agreement: the terms as accepted and the price
// changes scheduled since.
type AgreementView struct {
	Page layout.Page
	AgreementRow
	Seller           string
	Prices           []PriceRow
	Free             bool
	TrialDays        int
	EULA             string
	StandardContract bool
	Steps            []PriceStepView
}

// PriceStepView is a change of the agreement's prices from a date on.
type PriceStepView struct {
	From    string
	Free    bool
	Prices  []PriceRow
	Pending bool
}

// offerStatusKey and offerStatusTone name and colour an offer's status.
func offerStatusKey(status string) string {
	switch status {
	case "accepted":
		return "buyeroffers.status_accepted"
	case "expired":
		return "buyeroffers.status_expired"
	}
	return "buyeroffers.status_available"
}

func offerStatusTone(status string) string {
	switch status {
	case "accepted":
		return "success"
	case "expired":
		return "inactive"
	}
	return "info"
}

// agreementStatusKey and agreementStatusTone name and colour an
// agreement's status.
func agreementStatusKey(status string) string {
	switch status {
	case "expired":
		return "buyeroffers.agreement_expired"
	case "cancelled":
		return "buyeroffers.agreement_cancelled"
	case "replaced":
		return "buyeroffers.agreement_replaced"
	}
	return "buyeroffers.agreement_active"
}

func agreementStatusTone(status string) string {
	if status == "active" {
		return "success"
	}
	return "inactive"
}

// offerKindKey names the offer an agreement was made from.
func offerKindKey(private bool) string {
	if private {
		return "buyeroffers.offer_private"
	}
	return "buyeroffers.offer_public"
}
