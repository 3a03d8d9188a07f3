package domain

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"plain error", errors.New("boom"), EINTERNAL},
		{"domain error", Errorf(ENOTFOUND, MsgNotFound), ENOTFOUND},
		{"wrapped domain error", fmt.Errorf("load: %w", Errorf(EFORBIDDEN, MsgForbidden)), EFORBIDDEN},
		{"invalid", Invalid(FieldErrors{FieldEmail: MsgFieldRequired}), EINVALID},
		{"internal", Internal(io.EOF), EINTERNAL},
		{"joined", errors.Join(io.EOF, Errorf(ETOOMANY, MsgTooManyAttempts)), ETOOMANY},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.err); got != tt.want {
			t.Errorf("%s: ErrorCode() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestAsError(t *testing.T) {
	t.Run("plain error is wrapped as internal", func(t *testing.T) {
		cause := errors.New("boom")
		e := AsError(cause)
		if e.Code != EINTERNAL || e.Message != MsgInternalError {
			t.Errorf("AsError() = %s/%s, want %s/%s", e.Code, e.Message, EINTERNAL, MsgInternalError)
		}
		if e.Err != cause {
			t.Errorf("AsError().Err = %v, want the cause", e.Err)
		}
	})
	t.Run("domain error is returned as is", func(t *testing.T) {
		orig := Errorf(ECONFLICT, MsgEmailTaken)
		if got := AsError(fmt.Errorf("create: %w", orig)); got != orig {
			t.Errorf("AsError() = %p, want the same *Error %p", got, orig)
		}
	})
}

func TestErrorUnwrap(t *testing.T) {
	cause := io.ErrUnexpectedEOF
	err := fmt.Errorf("outer: %w", Internal(fmt.Errorf("inner: %w", cause)))
	if !errors.Is(err, cause) {
		t.Errorf("errors.Is(err, cause) = false through *Error.Unwrap")
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != EINTERNAL {
		t.Fatalf("errors.As(err, *Error) = %v, %+v", errors.As(err, &e), e)
	}
	var target *customErr
	wrapped := &Error{Code: EINVALID, Err: &customErr{"x"}}
	if !errors.As(wrapped, &target) || target.s != "x" {
		t.Errorf("errors.As through *Error did not find the cause: %+v", target)
	}
	if (&Error{Code: ENOTFOUND}).Unwrap() != nil {
		t.Errorf("Unwrap() of an error without cause is not nil")
	}
}

type customErr struct{ s string }

func (c *customErr) Error() string { return c.s }

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Code: ENOTFOUND}, "not_found"},
		{Errorf(ENOTFOUND, MsgNotFound), "not_found: error.not_found"},
		{Internal(errors.New("disk full")), "internal: error.internal: disk full"},
		{Invalid(FieldErrors{FieldEmail: MsgFieldRequired}), "invalid: error.form_has_errors map[User.Email:field.required]"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorConstructors(t *testing.T) {
	fields := FieldErrors{FieldPassword: MsgPasswordTooShort}
	inv := Invalid(fields)
	if inv.Code != EINVALID || inv.Message != MsgFormHasErrors || inv.Fields[FieldPassword] != MsgPasswordTooShort || inv.Err != nil {
		t.Errorf("Invalid() = %+v", inv)
	}
	e := Errorf(EUNAUTHORIZED, MsgSignInRequired)
	if e.Code != EUNAUTHORIZED || e.Message != MsgSignInRequired || e.Err != nil || e.Fields != nil {
		t.Errorf("Errorf() = %+v", e)
	}
	if s := Internal(errors.New("secret detail")).Message; strings.Contains(string(s), "secret") {
		t.Errorf("Internal() message %q leaks the cause", s)
	}
}
