package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/auth"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// Messages of the account security pages.
const (
	msgPasswordChanged    domain.Message = "security.password_changed"
	msgPasswordReset      domain.Message = "security.password_reset_done"
	msgSessionEnded       domain.Message = "security.session_ended"
	msgSignedOutEverywere domain.Message = "security.signed_out_everywhere"
	msgEmailConfirmed     domain.Message = "security.email_confirmed"
)

// accountSecurityRoutes registers sign-up confirmation, password reset (for
// visitors) and the password and sessions pages (for any signed-in user:
// they concern the user, not the account, so no IAM action guards them).
func (s *Server) accountSecurityRoutes(visitors, signedIn *echo.Group) {
	visitors.GET("/signup/check-email", s.showCheckEmail)
	visitors.GET("/signup/confirm/:token", s.showConfirmEmail)
	visitors.POST("/signup/confirm/:token", s.confirmEmail)
	visitors.GET("/signup/resend", s.showResendConfirmation)
	visitors.POST("/signup/resend", s.resendConfirmation)
	visitors.GET("/password-reset", s.showResetRequest)
	visitors.POST("/password-reset", s.requestReset)
	visitors.GET("/password-reset/sent", s.showResetSent)
	visitors.GET("/password-reset/:token", s.showResetPassword)
	visitors.POST("/password-reset/:token", s.resetPassword)
	signedIn.GET("/settings/password", s.showChangePassword)
	signedIn.POST("/settings/password", s.changePassword)
	signedIn.GET("/settings/sessions", s.showSessions)
	signedIn.POST("/settings/sessions/end-all", s.endAllSessions)
	signedIn.POST("/settings/sessions/:handle/end", s.endSession)
}

func passwordInputs() inputNames {
	return inputNames{domain.FieldCurrentPassword: "current_password", domain.FieldPassword: "password",
		domain.FieldPasswordConfirm: "password_confirm", domain.FieldEmail: "email"}
}

// lang is the language of the page being answered, used for emails too.
func lang(c echo.Context) string {
	l, _ := c.Get(ctxLang).(string)
	return l
}

// bareAuthPage is the frame of the signed-out account pages.
func (s *Server) bareAuthPage(c echo.Context, titleKey string) layout.Page {
	p := s.page(c, titleKey, "")
	p.Bare = true
	return p
}

// showCheckEmail is the answer to every sign-up, whether the email was new
// or already registered.
func (s *Server) showCheckEmail(c echo.Context) error {
	v := auth.NoticeView{Page: s.bareAuthPage(c, "security.check_email_title"), TitleKey: "security.check_email_title",
		BodyKey: "security.check_email_body"}
	return s.render(c, http.StatusOK, auth.Notice(v))
}

// showConfirmEmail asks for a click before spending the link: mail scanners
// open links, and must not confirm (or spend) anything by doing so.
func (s *Server) showConfirmEmail(c echo.Context) error {
	if err := s.deps.Auth.CheckToken(c.Request().Context(), domain.TokenConfirmEmail, c.Param("token")); domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.renderLinkInvalid(c, domain.TokenConfirmEmail)
	} else if err != nil {
		return err
	}
	v := auth.TokenFormView{Page: s.bareAuthPage(c, "security.confirm_title"), Action: c.Request().URL.Path}
	return s.render(c, http.StatusOK, auth.ConfirmEmail(v))
}

func (s *Server) confirmEmail(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	user, err := s.deps.Auth.ConfirmEmail(c.Request().Context(), c.Param("token"))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.renderLinkInvalid(c, domain.TokenConfirmEmail)
	} else if err != nil {
		return err
	}
	if err := addFlash(c, "success", msgEmailConfirmed, map[string]string{"AccountID": user.AccountID}); err != nil {
		return err
	}
	return redirect(c, "/login")
}

// renderLinkInvalid says a one-time link is expired or spent, and how to
// get a new one of the same kind.
func (s *Server) renderLinkInvalid(c echo.Context, purpose domain.TokenPurpose) error {
	v := auth.NoticeView{Page: s.bareAuthPage(c, "security.link_invalid_title"), TitleKey: "security.link_invalid_title",
		BodyKey: string(domain.MsgLinkInvalid), LinkHref: "/password-reset", LinkKey: "security.new_reset_link"}
	if purpose == domain.TokenConfirmEmail {
		v.BodyKey, v.LinkHref, v.LinkKey = "security.confirm_link_invalid", "/signup/resend", "security.resend_title"
		v.SecondHref, v.SecondKey = "/login", "security.back_to_sign_in"
	}
	return s.render(c, http.StatusNotFound, auth.Notice(v))
}

// emailForm is a form that only asks for an email, to send a link to.
type emailForm struct {
	titleKey, leadKey, action, submitKey string
}

func resendForm() emailForm {
	return emailForm{"security.resend_title", "security.resend_lead", "/signup/resend", "security.resend_send"}
}

func resetForm() emailForm {
	return emailForm{"security.reset_title", "security.reset_lead", "/password-reset", "security.reset_send"}
}

// renderEmailForm shows f with what was typed and what is wrong; a refusal
// that is not about a field (too many requests) shows as an alert.
func (s *Server) renderEmailForm(c echo.Context, f emailForm, status int, form components.Form, err error) error {
	v := auth.ResetRequestView{Page: s.bareAuthPage(c, f.titleKey), Form: form, TitleKey: f.titleKey, LeadKey: f.leadKey,
		Action: f.action, SubmitKey: f.submitKey}
	if e := domain.AsError(err); err != nil && e.Code == domain.ETOOMANY {
		v.ErrorKey, v.ErrorData = string(e.Message), e.Data
	}
	return s.render(c, status, auth.ResetRequest(v))
}

// submitEmailForm runs send for the typed email and answers with sent, the
// same page whoever the email belongs to.
func (s *Server) submitEmailForm(c echo.Context, f emailForm, sent string,
	send func(ctx context.Context, client domain.ClientAddress, email, lang string) error) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	email := strings.TrimSpace(postValue(c, "email"))
	if err == nil {
		err = send(c.Request().Context(), s.clientAddress(c), email, lang(c))
	}
	values := map[string]string{"email": email}
	switch domain.ErrorCode(err) {
	case "":
		return redirect(c, sent)
	case domain.ETOOMANY:
		setRetryAfter(c, err)
		return s.renderEmailForm(c, f, statusOf(domain.ETOOMANY), components.Form{Values: values}, err)
	case domain.EINVALID:
		return s.renderEmailForm(c, f, statusOf(domain.EINVALID), formFromError(values, err, passwordInputs()), nil)
	default:
		return err
	}
}

func (s *Server) showResendConfirmation(c echo.Context) error {
	return s.renderEmailForm(c, resendForm(), http.StatusOK, components.Form{Values: map[string]string{"email": c.QueryParam("email")}}, nil)
}

// resendConfirmation sends a new confirmation link to an unconfirmed email.
func (s *Server) resendConfirmation(c echo.Context) error {
	return s.submitEmailForm(c, resendForm(), "/signup/check-email", s.deps.Auth.ResendConfirmation)
}

func (s *Server) showResetRequest(c echo.Context) error {
	return s.renderEmailForm(c, resetForm(), http.StatusOK, components.Form{Values: map[string]string{"email": c.QueryParam("email")}}, nil)
}

// requestReset sends a reset link when the email belongs to a root user,
// and answers the same either way.
func (s *Server) requestReset(c echo.Context) error {
	return s.submitEmailForm(c, resetForm(), "/password-reset/sent", s.deps.Auth.RequestPasswordReset)
}

func (s *Server) showResetSent(c echo.Context) error {
	v := auth.NoticeView{Page: s.bareAuthPage(c, "security.reset_sent_title"), TitleKey: "security.reset_sent_title",
		BodyKey: "security.reset_sent_body", BodyData: map[string]any{"Minutes": int(domain.PasswordResetLifetime / time.Minute)},
		LinkHref: "/login", LinkKey: "security.back_to_sign_in"}
	return s.render(c, http.StatusOK, auth.Notice(v))
}

func (s *Server) showResetPassword(c echo.Context) error {
	if err := s.deps.Auth.CheckToken(c.Request().Context(), domain.TokenPasswordReset, c.Param("token")); domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.renderLinkInvalid(c, domain.TokenPasswordReset)
	} else if err != nil {
		return err
	}
	return s.renderResetPassword(c, http.StatusOK, components.Form{})
}

func (s *Server) renderResetPassword(c echo.Context, status int, form components.Form) error {
	v := auth.TokenFormView{Page: s.bareAuthPage(c, "security.new_password_title"), Action: c.Request().URL.Path, Form: form}
	return s.render(c, status, auth.ResetPassword(v))
}

func (s *Server) resetPassword(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	if err == nil {
		p := domain.NewPassword{Password: postValue(c, "password"), Confirm: postValue(c, "password_confirm")}
		_, err = s.deps.Auth.ResetPassword(c.Request().Context(), c.Param("token"), p, lang(c))
	}
	switch domain.ErrorCode(err) {
	case "":
	case domain.ENOTFOUND:
		return s.renderLinkInvalid(c, domain.TokenPasswordReset)
	case domain.EINVALID:
		return s.renderResetPassword(c, statusOf(domain.EINVALID), formFromError(nil, err, passwordInputs()))
	default:
		return err
	}
	// Whoever was signed in here is signed out like everyone else.
	if err := startVisitorSession(c); err != nil {
		return err
	}
	if err := addFlash(c, "success", msgPasswordReset, nil); err != nil {
		return err
	}
	return redirect(c, "/login")
}

func (s *Server) showChangePassword(c echo.Context) error {
	return s.renderChangePassword(c, http.StatusOK, components.Form{})
}

func (s *Server) renderChangePassword(c echo.Context, status int, form components.Form) error {
	v := auth.ChangePasswordView{Page: s.page(c, "security.change_password_title", "", securityCrumb(),
		layout.Crumb{LabelKey: "security.change_password_title"}), Form: form}
	return s.render(c, status, auth.ChangePassword(v))
}

func securityCrumb() layout.Crumb {
	return layout.Crumb{LabelKey: "security.sessions_title", Href: "/settings/sessions"}
}

// changePassword checks the current password, sets the new one, ends every
// other session of the user and renews this one's ID.
func (s *Server) changePassword(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	key, keyErr := s.sessionKey(c)
	if keyErr != nil {
		return keyErr
	}
	user := currentUser(c)
	if err == nil {
		p := domain.NewPassword{Password: postValue(c, "password"), Confirm: postValue(c, "password_confirm")}
		err = s.deps.Auth.ChangePassword(c.Request().Context(), s.clientAddress(c), user, key, postValue(c, "current_password"), p, lang(c))
	}
	switch domain.ErrorCode(err) {
	case "":
	case domain.EINVALID:
		return s.renderChangePassword(c, statusOf(domain.EINVALID), formFromError(nil, err, passwordInputs()))
	case domain.ETOOMANY:
		setRetryAfter(c, err)
		return err
	default:
		return err
	}
	if err := startSession(c, user); err != nil {
		return err
	}
	if err := addFlash(c, "success", msgPasswordChanged, nil); err != nil {
		return err
	}
	return redirect(c, "/settings/sessions")
}

// sessionKey is the stored key of the request's session.
func (s *Server) sessionKey(c echo.Context) (string, error) {
	sess, err := getSession(c)
	if err != nil {
		return "", err
	}
	return domain.TokenHash(sess.ID), nil
}

func (s *Server) showSessions(c echo.Context) error {
	key, err := s.sessionKey(c)
	if err != nil {
		return err
	}
	list, err := s.deps.Auth.ActiveSessions(c.Request().Context(), currentUser(c), key)
	if err != nil {
		return err
	}
	v := auth.SessionsView{Page: s.page(c, "security.sessions_title", "", layout.Crumb{LabelKey: "security.sessions_title"}), Sessions: list}
	return s.render(c, http.StatusOK, auth.Sessions(v))
}

// endSession signs one session out; ending the current one is signing out.
func (s *Server) endSession(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	key, err := s.sessionKey(c)
	if err != nil {
		return err
	}
	handle := c.Param("handle")
	if err := s.deps.Auth.EndSession(c.Request().Context(), currentUser(c), handle); err != nil {
		return err
	}
	if handle == domain.SessionHandle(key) {
		return s.logout(c)
	}
	if err := addFlash(c, "success", msgSessionEnded, nil); err != nil {
		return err
	}
	return redirect(c, "/settings/sessions")
}

// endAllSessions signs the user out everywhere, here included.
func (s *Server) endAllSessions(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	if err := s.deps.Auth.EndAllSessions(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	if err := startVisitorSession(c); err != nil {
		return err
	}
	if err := addFlash(c, "success", msgSignedOutEverywere, nil); err != nil {
		return err
	}
	return redirect(c, "/login")
}
