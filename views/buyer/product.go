package buyer

import (
	"github.com/a-h/templ"

	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// CatalogView is the marketplace's search page.
type CatalogView struct {
	Page       layout.Page
	Form       components.Form
	Categories []components.Option
	// Filters, when set, renders CatalogFilters(v), kept rendered.
	Filters    templ.Component
	Products   []CatalogItem
	Total      int
	PageNumber int
	// PrevURL and NextURL are empty at the first and last page.
	PrevURL, NextURL string
}

// Filtered reports whether the buyer searched or filtered: with no result,
// the page offers to clear them.
func (v CatalogView) Filtered() bool {
	for _, name := range []string{"q", "category", "type", "pricing"} {
		if v.Form.Value(name) != "" {
			return true
		}
	}
	return false
}

// sortOrDefault is the sort shown: relevance unless the buyer chose another.
func sortOrDefault(sort string) string {
	if sort == "" {
		return "relevance"
	}
	return sort
}

// CatalogItem is one product in the catalog.
type CatalogItem struct {
	ID, Title, Seller, ShortDescription, Type, Pricing string
	LogoURL                                            string
	Categories                                         []string
	// Card, when set, renders CatalogCard: the server sets it to a copy it
	// keeps rendered.
	Card templ.Component
}

// ProductPageView is the product detail page.
type ProductPageView struct {
	Page             layout.Page
	ID               string
	Title            string
	Seller           string
	ShortDescription string
	Overview         string
	Highlights       []string
	Categories       []string
	LogoURL          string
	Type             string
	// Staged is set for the seller and test accounts previewing a product.
	Staged   bool
	Versions []VersionOption
	Version  VersionView
	Pricing  PricingView
	// AllRegions is the default "all current and future Regions".
	AllRegions bool
	Regions    []string
	Support    SupportView
	EULA       string
	// VideoURL and Resources are the promotional video and resource links
	// the seller gave.
	VideoURL  string
	Resources []ResourceLink
	// StandardContract: the offer's license is the Standard Contract for
	// AWS Marketplace, not EULA.
	StandardContract bool
	Buy              BuyView
	// Removed is set once the seller unpublished the product.
	Removed *RemovedNotice
	// PrivateOffers are the unexpired private offers on the product
	// extended to the viewer's account.
	PrivateOffers []PrivateOfferLink
	// Details, when set, renders ProductDetails: the server sets it to a
	// copy it keeps rendered.
	Details templ.Component
}

// PrivateOfferLink is a private offer on the product the viewer may review.
type PrivateOfferLink struct {
	ID, Name string
	// Expires is the last day the offer can be accepted.
	Expires string
}

// VersionOption is one entry of the version selector.
type VersionOption struct {
	ID         string
	Number     string
	Limited    bool
	Restricted bool
	Selected   bool
}

// RemovedNotice tells visitors a product was unpublished, and where its
// replacement is.
type RemovedNotice struct {
	ReplacementURL   string
	ReplacementTitle string
	// SupportUntil is the end of the seller's support of existing buyers.
	SupportUntil string
}

// UnavailableView is what a removed product's page shows to everyone but
// its seller and existing subscribers.
type UnavailableView struct {
	Page    layout.Page
	Title   string
	Removed RemovedNotice
}

// VersionView is the selected version's details.
type VersionView struct {
	Number              string
	Limited             bool
	Restricted          bool
	ReleaseNotes        string
	NotebookURL         string
	RepoURL             string
	Usage               UsageView
	RecommendedRealtime string
	RecommendedBatch    string
	RecommendedTraining string
	Realtime, Batch     []string
	Training            []string
}

// PricingView is the offer as buyers read it.
type PricingView struct {
	ModelKey  string
	TrialDays int
	Rows      []PriceRow
}

// PriceRow is one instance type's hourly price.
type PriceRow struct {
	UseKey, InstanceType, Price string
}

// SupportView is the seller's support offer.
type SupportView struct {
	Offered                 bool
	Email, URL, Description string
}

// BuyView is the subscription panel. Its booleans are the domain's
// decision (domain.BuyerActions), copied by the handler.
type BuyView struct {
	SignedIn           bool
	IsSubscribed       bool
	IsTestSubscription bool
	CanSubscribe       bool
	CanCancel          bool
	// CancelIsFinal warns a subscriber of a removed product that a
	// cancellation is final.
	CancelIsFinal bool
	CanConfigure  bool
	SignInURL     string
	Form          components.Form
	// Cancel confirms a cancellation, when CanCancel.
	Cancel components.Confirm
}

// ResourceLink is one of the seller's resource links.
type ResourceLink struct {
	Title, URL string
}
