package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/auth"
	"github.com/mlportal/portal/views/components"
)

// showSignup renders the account registration form.
func (s *Server) showSignup(c echo.Context) error {
	if currentUser(c) != nil {
		return redirect(c, "/")
	}
	return s.renderSignup(c, http.StatusOK, components.Form{})
}

func (s *Server) renderSignup(c echo.Context, status int, form components.Form) error {
	return s.renderSignupRefused(c, status, form, nil)
}

// renderSignupRefused shows the form again; refused, when not nil, is a
// refusal of the whole request (too many sign-ups) shown as an alert.
func (s *Server) renderSignupRefused(c echo.Context, status int, form components.Form, refused error) error {
	v := auth.SignupView{Page: s.page(c, "auth.sign_up_title", ""), Form: form}
	v.Page.Bare = true
	if form.HasErrors() {
		v.ErrorKey = string(domain.MsgFormHasErrors)
	}
	if e := domain.AsError(refused); refused != nil {
		v.ErrorKey, v.ErrorData = string(e.Message), e.Data
	}
	return s.render(c, status, auth.Signup(v))
}

// submitSignup opens the account and sends the confirmation email. The
// answer is the same whether the email was new or already registered (that
// owner gets an email instead), so the form cannot be used to find out who
// has an account.
func (s *Server) submitSignup(c echo.Context) error {
	form, err := readSignupForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	if err == nil {
		err = s.deps.Auth.Register(c.Request().Context(), s.clientAddress(c), form.input(), lang(c))
	}
	if domain.ErrorCode(err) == domain.ETOOMANY {
		setRetryAfter(c, err)
		return s.renderSignupRefused(c, statusOf(domain.ETOOMANY), components.Form{Values: form.values()}, err)
	} else if domain.ErrorCode(err) == domain.EINVALID {
		return s.renderSignup(c, statusOf(domain.EINVALID), formFromError(form.values(), err, signupInputs()))
	} else if err != nil {
		return err
	}
	return redirect(c, "/signup/check-email")
}

// showLogin renders the sign-in form.
func (s *Server) showLogin(c echo.Context) error {
	next := localPath(c.QueryParam("next"))
	if currentUser(c) != nil {
		return redirect(c, next)
	}
	v := auth.LoginView{
		Form:  components.Form{Values: map[string]string{"email": c.QueryParam("email"), "account_id": c.QueryParam("account_id")}},
		Next:  next,
		AsIAM: c.QueryParam("as") == "iam",
	}
	return s.renderLogin(c, http.StatusOK, v)
}

func (s *Server) renderLogin(c echo.Context, status int, v auth.LoginView) error {
	v.Page = s.page(c, "auth.sign_in_title", "")
	v.Page.Bare = true
	if c.QueryParam("signed_out") == "1" {
		v.Page.Flashes = append(v.Page.Flashes, flashOf("info", msgSignedOut))
	}
	// Not carrying the typed email along: in an address it would reach
	// request logs and browser history.
	v.ResetHref = "/password-reset"
	return s.render(c, status, auth.Login(v))
}

// submitLogin checks the credentials and starts a fresh session.
func (s *Server) submitLogin(c echo.Context) error {
	form, err := readLoginForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	next := localPath(form.Next)
	if err != nil {
		// A refused field is shown beside it; no sign-in attempt is counted.
		return s.loginFailed(c, form, next, err)
	}
	ctx := c.Request().Context()
	var user *domain.User
	if form.AsIAM {
		user, err = s.deps.Auth.LoginIAM(ctx, s.clientAddress(c), form.AccountID, form.UserName, form.Password)
	} else {
		user, err = s.deps.Auth.Login(ctx, s.clientAddress(c), form.Email, form.Password)
	}
	if err != nil {
		return s.loginFailed(c, form, next, err)
	}
	if err := startSession(c, user); err != nil {
		return err
	}
	return redirect(c, next)
}

// loginFailed shows the form again with the reason. Wrong email and wrong
// password read the same, on purpose.
func (s *Server) loginFailed(c echo.Context, form loginForm, next string, err error) error {
	derr := domain.AsError(err)
	v := auth.LoginView{Form: formFromError(form.values(), err, loginInputs()), Next: next, AsIAM: form.AsIAM}
	switch derr.Code {
	case domain.EINVALID:
		v.ErrorKey = string(domain.MsgFormHasErrors)
	case domain.EUNAUTHORIZED, domain.ETOOMANY, domain.EFORBIDDEN:
		v.ErrorKey, v.ErrorData = string(derr.Message), derr.Data
		setRetryAfter(c, err)
	default:
		return err
	}
	return s.renderLogin(c, statusOf(derr.Code), v)
}

// clientAddress is the address that sign-in and sign-up limits count by:
// Echo's RealIP when the server has been told which proxies to trust (an
// IPExtractor), else the connection's own address. Echo's RealIP without an
// extractor believes X-Forwarded-For, which would let one client pose as
// many.
func (s *Server) clientAddress(c echo.Context) domain.ClientAddress {
	return domain.ClientAddress(s.requestAddress(c.Request()))
}

// setRetryAfter tells a throttled client, in a header, how many seconds to
// wait.
func setRetryAfter(c echo.Context, err error) {
	derr := domain.AsError(err)
	if seconds, ok := derr.Data["Seconds"].(int); ok && derr.Code == domain.ETOOMANY {
		c.Response().Header().Set("Retry-After", strconv.Itoa(seconds))
	}
}

// logout ends the session and returns to the sign-in page.
func (s *Server) logout(c echo.Context) error {
	if err := endSession(c); err != nil {
		return err
	}
	return redirect(c, "/login?signed_out=1")
}
