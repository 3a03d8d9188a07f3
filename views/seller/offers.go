package seller

import (
	"context"

	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/tr"
)

// OffersView is the view model of the seller's offers: the public offer of
// each product and the private offers.
type OffersView struct {
	Page      layout.Page
	CanCreate bool
	Public    []PublicOfferRow
	Private   []PrivateOfferRow
	// The public offers come a page of products at a time: From, To and
	// Total number them, PageNumber is the page, PrevURL and NextURL link
	// to its neighbours ("" for none). PageMissing tells that the page
	// asked for does not exist and the first is shown.
	From, To, Total, PageNumber int
	PrevURL, NextURL            string
	PageMissing                 bool
}

// PublicOfferRow is one product's public offer in the list.
type PublicOfferRow struct {
	ID, ProductID, ProductTitle, ProductStatus string
	Pricing                                    PricingSummary
	// CanChangePricing links to the public pricing page.
	CanChangePricing bool
	// CanOfferPrivately links to a new private offer on the product.
	CanOfferPrivately bool
}

// PricingSummary says in a few words what an offer charges.
type PricingSummary struct {
	// Published is false for a product whose offer no buyer sees yet.
	Published bool
	// Model is "free", "paid" or "paid_trial".
	Model     string
	TrialDays int
	// Lowest is the lowest hourly price, formatted ("$0.1"); Count how
	// many instance types are priced.
	Lowest string
	Count  int
}

// PrivateOfferRow is one private offer in the list.
type PrivateOfferRow struct {
	ID, Name, ProductID, ProductTitle string
	Buyers                            []string
	Expires                           string
	Expired                           bool
	Accepted                          int
}

// PriceLine is one priced instance type of an offer or agreement.
type PriceLine struct {
	Use, InstanceType, Price string
}

// TermsView shows an offer's terms.
type TermsView struct {
	Pricing PricingSummary
	Prices  []PriceLine
	// StandardContract replaces the custom EULA.
	StandardContract bool
	EULA             string
}

// PrivateOfferView is the view model of one private offer.
type PrivateOfferView struct {
	Page                              layout.Page
	ID, Name, ProductID, ProductTitle string
	Buyers                            []string
	Terms                             TermsView
	Expires, Created, CreatedBy       string
	Expired                           bool
	DurationMonths                    int
	Agreements                        []AgreementRow
}

// PublicOfferView is the view model of a product's public offer.
type PublicOfferView struct {
	Page                                       layout.Page
	ID, ProductID, ProductTitle, ProductStatus string
	Terms                                      TermsView
	CanChangePricing, CanOfferPrivately        bool
	Agreements                                 []AgreementRow
}

// OfferFormView is the view model of "Create private offer".
type OfferFormView struct {
	Page layout.Page
	// Products are the products a private offer can be made on.
	Products []components.Option
	// Finder finds the others when Products lists fewer than match.
	Finder *components.Finder
	// ProductID is the chosen product; the rest of the form shows once
	// there is one.
	ProductID    string
	ProductTitle string
	Form         components.Form
	Prices       []PriceRow
	// Standard is whether the Standard Contract is chosen.
	Standard bool
	// Posted shows the whole form again after a refused post, even
	// when the product posted is not one to choose.
	Posted bool
	// PaidReady is false until the tax interview and bank account are
	// done, which a private offer's prices need.
	PaidReady bool
}

// PublicPricingView is the view model of the public offer's pricing page
// and of its review step.
type PublicPricingView struct {
	Page                      layout.Page
	OfferID, ProductID, Title string
	Revision                  int
	Form                      components.Form
	Prices                    []PriceRow
	Current                   TermsView
	PaidReady                 bool
	// Review is set on the review step, whose form posts Hidden again
	// with confirm=1.
	Review *PricingReview
	Hidden []components.Hidden
}

// PricingReview says when new public prices apply, before the seller
// confirms them.
type PricingReview struct {
	Now        string
	IncreaseAt string
	Affected   int
	New        TermsView
}

// AgreementsView is the view model of the seller's agreements.
type AgreementsView struct {
	Page layout.Page
	// Products and Statuses are the filters' choices; ProductID and
	// Status the chosen ones.
	Products  []components.Option
	Statuses  []components.Option
	ProductID string
	Status    string
	// Finder finds the others when Products lists fewer than match.
	Finder   *components.Finder
	Rows     []AgreementRow
	Filtered bool
}

// AgreementRow is one agreement in a list.
type AgreementRow struct {
	ID, ProductID, ProductTitle, Buyer, OfferID string
	Private                                     bool
	Start, End, TrialEnd                        string
	Prices                                      PricingSummary
	Status                                      string
}

// AgreementView is the view model of one agreement.
type AgreementView struct {
	Page layout.Page
	Row  AgreementRow
	// Terms are the terms as accepted; Current those in force now.
	Terms   TermsView
	Current TermsView
	Steps   []PriceStepRow
	EndedAt string
	Test    bool
}

// PriceStepRow is a scheduled or past change of an agreement's prices.
type PriceStepRow struct {
	At      string
	Pending bool
	Terms   TermsView
}

// agreementStatusKey is the message that names an agreement's status.
func agreementStatusKey(status string) string { return "offers.agreement_status_" + status }

// agreementTone is the colour of an agreement's status: only an active
// agreement is in force.
func agreementTone(status string) string {
	if status == "active" {
		return "success"
	}
	return "inactive"
}

// dateOrDash shows a date, or says there is none.
func dateOrDash(ctx context.Context, date string) string {
	if date == "" {
		return tr.T(ctx, "offers.no_date")
	}
	return date
}
