// Package errors renders the friendly error pages.
package errors

import "github.com/mlportal/portal/views/layout"

// ErrorView is the view model of an error page.
type ErrorView struct {
	Page       layout.Page
	Status     int
	HeadingKey string
	MessageKey string
	Data       map[string]any
	// RequestID lets a user quote the failing request to support.
	RequestID string
}
