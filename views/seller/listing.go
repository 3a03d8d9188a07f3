package seller

import (
	"github.com/mlportal/portal/views/buyer"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// ProductsView is the view model of Products > Machine learning.
type ProductsView struct {
	Page      layout.Page
	Rows      []ProductRow
	CanCreate bool
	// From and To number the rows shown among Total; PageNumber is the
	// page, PrevURL and NextURL its neighbours ("" at either end).
	From, To, Total  int
	PageNumber       int
	PrevURL, NextURL string
	// PageMissing says the page asked for does not exist (the first is shown).
	PageMissing bool
}

// ProductRow is one listing in the list.
type ProductRow struct {
	ID, Title, Status, Privacy, Type, Updated string
	// CanUnpublish puts "Unpublish listing" in the row's Actions menu.
	CanUnpublish bool
}

// NewListingView is the view model of "Create new listing".
type NewListingView struct {
	Page layout.Page
}

// OverviewView is the view model of a product's overview.
type OverviewView struct {
	Page    layout.Page
	Summary ProductSummary
	// Checklist lists what is still missing before submission.
	Checklist []ChecklistRow
	Sections  []SectionRow
	Versions  []VersionRow
	History   []HistoryEntry
	// Actions is what the page offers, as the domain decided it.
	Actions  ProductActions
	Publish  PublishPanel
	Requests []RequestRow
	// Removal is set once the seller unpublished the listing.
	Removal *RemovalView
	// State is what the overview says of the product, as the domain
	// decided it (domain.OverviewStateOf).
	State OverviewState
}

// OverviewState is the product's phase and the status the overview shows.
type OverviewState struct {
	Phase                 string
	StatusKey, StatusTone string
	// ChecklistDone says "everything required is in place".
	ChecklistDone bool
}

// RequestRow is one request for more test accounts, as its seller sees it.
type RequestRow struct {
	Accounts, StateKey, Created string
}

// PublishPanel is the "Submit for publishing" and "Sign off and publish"
// part of the overview. What it offers is in OverviewView.Actions.
type PublishPanel struct {
	Revision     int
	ExpectedAt   string
	TestAccounts []string
	Form         components.Form
	// SignOff confirms "Sign off and publish", when it is offered.
	SignOff components.Confirm
}

// ProductActions is what the seller's pages offer on a product, copied
// from the domain's decision (domain.ProductActions): the pages test these
// booleans and never a status.
type ProductActions struct {
	IsRemoved              bool
	IsPublic               bool
	HasPendingSubmission   bool
	HasChangesToSubmit     bool
	HasPendingRestriction  bool
	CanEdit                bool
	OffersSubmit           bool
	CanSubmit              bool
	ShowChecklist          bool
	CanSignOff             bool
	CanUnpublish           bool
	CanRestrict            bool
	Restrictable           map[int64]bool
	CanAddVersion          bool
	CanRequestTestAccounts bool
	CanViewStaged          bool
	CanViewLive            bool
}

// ProductSummary is the "Product summary" box.
type ProductSummary struct {
	ID, Title, Status, Privacy, Type, Creator, Created, Updated string
}

// ChecklistRow is one missing item with its fix.
type ChecklistRow struct {
	Key  string
	Data map[string]any
	Href string
}

// SectionRow is one editor section on the overview.
type SectionRow struct {
	// Key names the section as the editor's URLs do.
	Key      string
	LabelKey string
	Href     string
	Complete bool
	Summary  string
}

// VersionRow is one version on the overview.
type VersionRow struct {
	ID, Number, ARN, Status, Href string
	Complete                      bool
}

// EditorFrame is what every section page of the listing editor shares:
// the stepper, the form's target and its optimistic-locking revision.
type EditorFrame struct {
	Page      layout.Page
	ProductID string
	Title     string
	Steps     []EditorStep
	Current   string
	Action    string
	Revision  int
	Multipart bool
	HasErrors bool
	// Conflict is set when someone saved the listing since this form was
	// opened: the typed values are shown with a warning.
	Conflict bool
	// Frozen explains why the section can't be changed, as a message ID.
	Frozen string
	// Last hides Continue on the final section.
	Last bool
}

// EditorStep is one entry of the stepper.
type EditorStep struct {
	Key      string
	LabelKey string
	Data     map[string]any
	Href     string
	Done     bool
	Sub      bool
}

// GeneralView is the general product information form.
type GeneralView struct {
	Frame      EditorFrame
	Form       components.Form
	Categories []components.Option
	Checked    map[string]bool
	// PrivacyLocked is set once a private product was submitted.
	PrivacyLocked bool
}

// PromotionalView is the promotional resources form.
type PromotionalView struct {
	Frame   EditorFrame
	Form    components.Form
	HasLogo bool
	LogoURL string
}

// SupportView is the support information form.
type SupportView struct {
	Frame EditorFrame
	Form  components.Form
}

// RegionsView is the region availability form.
type RegionsView struct {
	Frame   EditorFrame
	Form    components.Form
	Regions []components.Option
	Checked map[string]bool
}

// LaunchOptionView is the "Enter ARN, then Add" form.
type LaunchOptionView struct {
	Frame     EditorFrame
	Form      components.Form
	ErrorData map[string]any
	Versions  []VersionRow
	// Resources are the account's certified resources no listing uses yet,
	// to pick from instead of typing an ARN.
	Resources []ResourceChoice
}

// ResourceChoice is one resource of the launch option's picker.
type ResourceChoice struct {
	Name, ARN, Region string
	Algorithm         bool
}

// VersionStepView is one of the five version detail steps.
type VersionStepView struct {
	Frame       EditorFrame
	Step        int
	Algorithm   bool
	Number      string
	NumberFixed bool
	ARN         string
	Form        components.Form
	// Rows of parameter tables, by group.
	Attributes []ParamRow
	InputRows  []ParamRow
	OutputRows []ParamRow
	// Instance choices come only from the resource's supported types.
	Realtime, Batch, Training []components.Option
	// BuyerView is the live preview, rendered by the buyer page's component.
	BuyerView  buyer.UsageView
	PreviewURL string
}

// ParamRow is one editable parameter row.
type ParamRow struct {
	Index                          int
	Name, Description, Constraints string
	Required                       bool
}

// PricingView is the pricing and terms form.
type PricingView struct {
	Frame     EditorFrame
	Form      components.Form
	Prices    []PriceRow
	PaidReady bool
	HasEULA   bool
	EULA      string
}

// PriceRow is one instance type's hourly price input.
type PriceRow struct {
	Key, Use, InstanceType, Value string
	ErrorKey                      string
}
