package seller

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// IAMUsersView is the view model of the IAM users page.
type IAMUsersView struct {
	Page  layout.Page
	Users []IAMUserRow
	Tasks []TaskRow
}

// IAMUserRow is one user in the list.
type IAMUserRow struct {
	UserName    string
	ARN         string
	Created     string
	PolicyCount int
}

// TaskRow is one line of the "Permissions required" section.
type TaskRow struct {
	NameKey string
	Actions []string
}

// NewIAMUserView is the view model of the create-user form.
type NewIAMUserView struct {
	Page layout.Page
	Form components.Form
}

// IAMUserView is the view model of one IAM user's page.
type IAMUserView struct {
	Page     layout.Page
	UserName string
	ARN      string
	Created  string
	Policies []PolicyRow
	// Managed lists the ready-made policies that can still be attached.
	Managed []components.Option
	// ManagedForm and CustomForm keep what was typed when a form failed.
	ManagedForm components.Form
	CustomForm  components.Form
	// DocumentErrorData places a JSON error (line and column).
	DocumentErrorData map[string]any
	// Delete confirms the user's deletion.
	Delete components.Confirm
}

// PolicyRow is one attached policy.
type PolicyRow struct {
	Name           string
	Managed        bool
	DescriptionKey string
	Document       string
	// Detach confirms detaching the policy.
	Detach components.Confirm
}
