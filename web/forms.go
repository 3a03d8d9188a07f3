package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

// parseForm reads the posted form and reports an oversized or malformed body
// as a clean 413 or 400 instead of silently empty fields.
func parseForm(c echo.Context) error {
	if err := c.Request().ParseForm(); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) || errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return echo.ErrStatusRequestEntityTooLarge
		}
		return &domain.Error{Code: domain.EINVALID, Message: msgBadRequest, Err: err}
	}
	return nil
}

// signupForm is the posted sign-up form.
type signupForm struct {
	AccountName string
	Email       string
	Password    string
}

func readSignupForm(c echo.Context) (signupForm, error) {
	if err := parseForm(c); err != nil {
		return signupForm{}, err
	}
	return signupForm{
		AccountName: c.FormValue("account_name"),
		Email:       c.FormValue("email"),
		Password:    c.FormValue("password"),
	}, nil
}

// values returns what is shown again when the form has errors: never the password.
func (f signupForm) values() map[string]string {
	return map[string]string{"account_name": f.AccountName, "email": f.Email}
}

func (f signupForm) input() domain.SignupInput {
	return domain.SignupInput{AccountName: f.AccountName, Email: f.Email, Password: f.Password}
}

// loginForm is the posted sign-in form, for a root user (email) or an IAM
// user (account ID and user name).
type loginForm struct {
	AsIAM     bool
	Email     string
	AccountID string
	UserName  string
	Password  string
	Next      string
}

func readLoginForm(c echo.Context) (loginForm, error) {
	if err := parseForm(c); err != nil {
		return loginForm{}, err
	}
	return loginForm{
		AsIAM:     c.FormValue("as") == "iam",
		Email:     strings.TrimSpace(c.FormValue("email")),
		AccountID: strings.TrimSpace(c.FormValue("account_id")),
		UserName:  strings.TrimSpace(c.FormValue("user_name")),
		Password:  c.FormValue("password"),
		Next:      c.FormValue("next"),
	}, nil
}

func (f loginForm) values() map[string]string {
	return map[string]string{"email": f.Email, "account_id": f.AccountID, "user_name": f.UserName}
}

// trimmed returns a form value without surrounding white space.
func trimmed(c echo.Context, name string) string { return strings.TrimSpace(c.FormValue(name)) }

// maxMultipartMemory keeps small uploads in memory; larger parts spill to
// temporary files, and the body limit caps the whole request.
const maxMultipartMemory = 4 << 20

// parseMultipart reads a form that may carry files.
func parseMultipart(c echo.Context) error {
	err := c.Request().ParseMultipartForm(maxMultipartMemory)
	if err == nil || errors.Is(err, http.ErrNotMultipart) {
		return parseForm(c)
	}
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return echo.ErrStatusRequestEntityTooLarge
	}
	return &domain.Error{Code: domain.EINVALID, Message: msgBadRequest, Err: err}
}
