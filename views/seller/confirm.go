package seller

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// ConfirmPageView is the page asking to confirm a destructive action, where
// its button leads without JavaScript.
type ConfirmPageView struct {
	Page    layout.Page
	Confirm components.Confirm
}
