// Package auth renders the sign-in and sign-up pages.
package auth

import (
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
}

// SignupView is the view model of the account registration page.
type SignupView struct {
	Page     layout.Page
	Form     components.Form
	ErrorKey string
}
