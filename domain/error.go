// Package domain holds the portal's entities, their rules and the interfaces
// the rest of the application implements. It imports no web, template or
// database package.
package domain

import (
	"errors"
	"fmt"
)

// Error codes shared by every layer. The web layer maps each to one HTTP status.
const (
	EINVALID      = "invalid"      // input breaks a rule; the user can fix it
	ENOTFOUND     = "not_found"    // no such thing, or not visible to the caller
	ECONFLICT     = "conflict"     // the change clashes with the current state
	EUNAUTHORIZED = "unauthorized" // the caller is not signed in
	EFORBIDDEN    = "forbidden"    // signed in, but not allowed
	ETOOMANY      = "too_many"     // refused for a while after repeated attempts
	EINTERNAL     = "internal"     // a fault of ours; details go to the log only
)

// Message is the ID of a user-facing text in the translation catalogs. The
// domain speaks in message IDs so that the web layer can render them in the
// reader's language.
type Message string

// FieldErrors maps a form field name to the message that explains what is
// wrong with it.
type FieldErrors map[string]Message

// Error is the one error type of the application. Message is safe to show a
// user; Err is the underlying cause, for the log only.
type Error struct {
	Code    string
	Message Message
	// Data fills the placeholders of Message, e.g. {"Minutes": 15}.
	Data   map[string]any
	Fields FieldErrors
	Err    error
}

// Error implements the error interface. It is for logs, not for users.
func (e *Error) Error() string {
	s := e.Code
	if e.Message != "" {
		s += ": " + string(e.Message)
	}
	if len(e.Fields) > 0 {
		s += fmt.Sprintf(" %v", map[string]Message(e.Fields))
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with a code and a user-facing message.
func Errorf(code string, msg Message) *Error {
	return &Error{Code: code, Message: msg}
}

// Internal wraps an unexpected fault; users see a generic message.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: MsgInternalError, Err: err}
}

// Invalid returns an EINVALID error that carries per-field messages.
func Invalid(fields FieldErrors) *Error {
	return &Error{Code: EINVALID, Message: MsgFormHasErrors, Fields: fields}
}

// ErrorCode returns the code of err: "" for nil, EINTERNAL for an error that
// is not an *Error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// AsError returns the *Error in err's chain, or wraps err as an internal error.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}
