// Package auth renders the sign-in and sign-up pages.
package auth

import (
	"net/url"

	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// LoginView is the view model of the sign-in page.
type LoginView struct {
	Page layout.Page
	Form components.Form
	// Next is the local path to return to after signing in.
	Next string
	// ErrorKey is a form-wide problem, such as wrong credentials.
	ErrorKey  string
	ErrorData map[string]any
	// AsIAM shows the IAM user form (account ID, user name) instead of the
	// root user's email form.
	AsIAM bool
}

// tabHref links to one sign-in form, keeping where to go next.
func (v LoginView) tabHref(asIAM bool) string {
	q := "?next=" + url.QueryEscape(v.Next)
	if asIAM {
		q += "&as=iam"
	}
	return "/login" + q
}

// SignupView is the view model of the account registration page.
type SignupView struct {
	Page     layout.Page
	Form     components.Form
	ErrorKey string
}
