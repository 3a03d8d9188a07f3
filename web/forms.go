package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

// parseForm reads the posted form. It reports an oversized or malformed
// body as a clean 413 or 400 instead of silently empty fields, and a field
// the input gate refused as a validation error (see refusedFields): a
// handler that shows its form again on such an error tells isRefusedFields
// from the other errors, reads the fields, and shows them with the message
// beside the refused one, whose value holds U+FFFD in place of what was refused.
func parseForm(c echo.Context) error {
	if err := readForm(c); err != nil {
		return err
	}
	return refusedFields(c)
}

// readForm reads the posted form, with the errors of parseForm but the
// input gate's.
func readForm(c echo.Context) error {
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

// readSignupForm reads the sign-up form. When the input gate refused a
// field it returns the form as sent with the refusal (see parseForm).
func readSignupForm(c echo.Context) (signupForm, error) {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return signupForm{}, err
	}
	return signupForm{
		AccountName: postValue(c, "account_name"),
		Email:       postValue(c, "email"),
		Password:    postValue(c, "password"),
	}, err
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

// readLoginForm reads the sign-in form. When the input gate refused a
// field it returns the form as sent with the refusal (see parseForm).
func readLoginForm(c echo.Context) (loginForm, error) {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return loginForm{}, err
	}
	return loginForm{
		AsIAM:     postValue(c, "as") == "iam",
		Email:     trimmed(c, "email"),
		AccountID: trimmed(c, "account_id"),
		UserName:  trimmed(c, "user_name"),
		Password:  postValue(c, "password"),
		Next:      postValue(c, "next"),
	}, err
}

func (f loginForm) values() map[string]string {
	return map[string]string{"email": f.Email, "account_id": f.AccountID, "user_name": f.UserName}
}

// postValue returns the first value of the posted field name, from the
// request body only (a multipart body's text fields included): unlike
// c.FormValue it never reads the query string, so an address can't supply
// or override what a form sends.
func postValue(c echo.Context, name string) string { return c.Request().PostFormValue(name) }

// trimmed returns a posted value without surrounding white space.
func trimmed(c echo.Context, name string) string { return strings.TrimSpace(postValue(c, name)) }

// maxMultipartMemory keeps small uploads in memory; larger parts spill to
// temporary files, and the body limit caps the whole request.
const maxMultipartMemory = 4 << 20

// parseMultipart reads a form that may carry files, with the errors of
// parseForm.
func parseMultipart(c echo.Context) error {
	if err := readMultipart(c); err != nil {
		return err
	}
	return refusedFields(c)
}

// readMultipart reads a form that may carry files, with the errors of
// parseForm but the input gate's.
func readMultipart(c echo.Context) error {
	err := c.Request().ParseMultipartForm(maxMultipartMemory)
	if err == nil || errors.Is(err, http.ErrNotMultipart) {
		return readForm(c)
	}
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) || errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
		return echo.ErrStatusRequestEntityTooLarge
	}
	return &domain.Error{Code: domain.EINVALID, Message: msgBadRequest, Err: err}
}
