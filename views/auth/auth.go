// Package auth renders the sign-in and sign-up pages.
package auth

import (
	"context"
	"net/url"
	"sync"
	"time"

	"github.com/medama-io/go-useragent"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/tr"
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
	// ResetHref links to the password reset page, with the email typed.
	ResetHref string
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
	Page      layout.Page
	Form      components.Form
	ErrorKey  string
	ErrorData map[string]any
}

// NoticeView is a signed-out page that only says something: check your
// email, the link has expired.
type NoticeView struct {
	Page     layout.Page
	TitleKey string
	BodyKey  string
	BodyData map[string]any
	// LinkHref and LinkKey offer the next step, when there is one;
	// SecondHref and SecondKey another.
	LinkHref   string
	LinkKey    string
	SecondHref string
	SecondKey  string
}

// TokenFormView is a page reached from a one-time link: Action is the
// link's own path, which the form posts back to.
type TokenFormView struct {
	Page   layout.Page
	Action string
	Form   components.Form
}

// ResetRequestView is a form that asks for an email to send a link to: a
// password reset, or the email confirmation again.
type ResetRequestView struct {
	Page                                 layout.Page
	Form                                 components.Form
	TitleKey, LeadKey, Action, SubmitKey string
	// ErrorKey is a problem with the request as a whole (too many).
	ErrorKey  string
	ErrorData map[string]any
}

// ChangePasswordView is the signed-in user's password change form.
type ChangePasswordView struct {
	Page layout.Page
	Form components.Form
}

// SessionsView lists the signed-in user's active sessions.
type SessionsView struct {
	Page     layout.Page
	Sessions []domain.ActiveSession
}

// when shows a time the same way in every language: it is a date and an
// hour, not prose.
func when(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// userAgents parses User-Agent headers; building its tables takes a
// moment, so it is built once, when first needed.
var userAgents = sync.OnceValue(useragent.NewParser)

// deviceName is a short description of a browser from its User-Agent, such
// as "Chrome on Linux"; the header itself when it names no known browser.
func deviceName(ctx context.Context, ua string) string {
	if ua == "" {
		return tr.T(ctx, "security.session_unknown_device")
	}
	agent := userAgents().Parse(ua)
	browser, os := string(agent.Browser()), string(agent.OS())
	switch {
	case browser != "" && os != "":
		return tr.T(ctx, "security.device_on", "Browser", browser, "OS", os)
	case browser != "":
		return browser
	}
	return ua
}

// endLabel says which session a sign-out button ends, for screen readers,
// which read the buttons of a table without their rows.
func endLabel(ctx context.Context, s domain.ActiveSession) string {
	if s.Current {
		return tr.T(ctx, "auth.sign_out")
	}
	return tr.T(ctx, "security.end_session_of", "Device", deviceName(ctx, s.UserAgent), "Time", when(s.SignedInAt))
}
