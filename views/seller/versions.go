package seller

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// VersionsView is the view model of a product's Versions page.
type VersionsView struct {
	Page      layout.Page
	ProductID string
	Title     string
	Status    string
	Rows      []VersionsRow
	Revision  int
	// Actions is what the page offers, as the domain decided it.
	Actions ProductActions
	Form    components.Form
}

// VersionsRow is one version on the Versions page.
type VersionsRow struct {
	ID, Number, ARN, Status                  string
	Created, Submitted, Released, Restricted string
	Subscribers                              int
	RestrictPending                          bool
	// Restrictable versions get a checkbox.
	Restrictable bool
	Checked      bool
	Href         string
}

// UnpublishView is the view model of "Unpublish listing".
type UnpublishView struct {
	Page         layout.Page
	ProductID    string
	Title        string
	Revision     int
	Replacements []components.Option
	// Finder finds the others when Replacements lists fewer than match.
	Finder *components.Finder
	// SupportUntil is the support end if the listing were removed now.
	SupportUntil string
	Form         components.Form
	// ConfirmName is the title to type to confirm, and ConfirmToken the
	// confirmation the form posts, fresh on every request.
	ConfirmName  string
	ConfirmToken string `kept:"token"`
}

// RemovalView is the removal box of a removed product's overview.
type RemovalView struct {
	At, SupportUntil, Email, Reason string
	ReplacementID, ReplacementTitle string
}
