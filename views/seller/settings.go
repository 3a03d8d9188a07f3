package seller

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// SettingsView is the view model of the Settings page: readiness and the
// three registration steps.
type SettingsView struct {
	Page      layout.Page
	FreeReady bool
	PaidReady bool
	// Missing lists message IDs of what paid products still need.
	Missing []string
	Steps   []SettingsStep
	History []HistoryRow
	// CanEdit hides the edit buttons from users without updateSettings.
	CanEdit bool
}

// SettingsStep is one registration step card.
type SettingsStep struct {
	Number   int
	TitleKey string
	BodyKey  string
	Done     bool
	// Blocked explains why the step can't start yet, as a message ID.
	Blocked string
	Href    string
	Summary []Fact
	TestID  string
}

// Fact is a labelled value shown in a summary.
type Fact struct {
	LabelKey string
	Value    string
}

// HistoryRow is one recorded change.
type HistoryRow struct {
	StepKey string
	Actor   string
	At      string
	// Detail says what changed where the step alone does not.
	Detail string
}

// ProfileView is the view model of the public profile form.
type ProfileView struct {
	Page    layout.Page
	Form    components.Form
	HasLogo bool
	// LogoVersion busts the browser cache when the logo changes.
	LogoVersion string
}

// TaxView is the view model of the tax interview form.
type TaxView struct {
	Page      layout.Page
	Form      components.Form
	Countries []components.Option
	// SavedTaxID is the masked tax ID of the current form, if any.
	SavedTaxID string
	FormType   string
	SignedAt   string
	Certified  bool
}

// BankView is the view model of the bank account form.
type BankView struct {
	Page layout.Page
	Form components.Form
	// SavedAccount is the masked number on file, if any.
	SavedAccount string
}
