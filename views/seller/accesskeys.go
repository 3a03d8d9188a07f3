package seller

import (
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// AccessKeysView is the view model of an IAM user's access keys page.
type AccessKeysView struct {
	Page     layout.Page
	UserName string
	Keys     []AccessKeyRow
	// MayCreate, MayUpdate and MayDelete are set when the viewer's
	// policies allow the action on this user: the page shows only the
	// buttons the viewer may use.
	MayCreate bool
	MayUpdate bool
	MayDelete bool
	// AtLimit is set when the user has as many keys as it may have: the
	// create button is disabled, and the page says why.
	AtLimit bool
}

// AccessKeyRow is one key in the list. Times are formatted already.
type AccessKeyRow struct {
	ID     string
	Active bool
	// Created and LastUsed are formatted times; LastUsed is empty for a
	// key never used, and LastUsedService names the service it was used
	// with.
	Created         string
	LastUsed        string
	LastUsedService string
	// Delete confirms the key's deletion, when the user may delete it.
	Delete components.Confirm
}

// NewAccessKeyView is the view model of the page that shows a new key's
// secret, the only time it is shown.
type NewAccessKeyView struct {
	Page     layout.Page
	UserName string
	KeyID    string
	Secret   string
}
