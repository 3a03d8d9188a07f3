package sigv4

import (
	"encoding/json"
	"errors"
	"net/http"
)

// Error codes, as AWS sends them in the x-amzn-ErrorType header.
const (
	CodeMissingAuthenticationToken = "MissingAuthenticationTokenException"
	CodeIncompleteSignature        = "IncompleteSignatureException"
	CodeInvalidSignature           = "InvalidSignatureException"
	CodeUnrecognizedClient         = "UnrecognizedClientException"
	// CodeRequestEntityTooLarge is sent with status 413 when the body is larger than Verifier.MaxBody.
	CodeRequestEntityTooLarge = "RequestEntityTooLargeException"
)

// Messages AWS uses for the common authentication errors.
const (
	msgMissingToken = "Missing Authentication Token"
	msgUnrecognized = "The security token included in the request is invalid."
	msgMismatch     = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method."
)

// ErrUnknownKey is returned (or wrapped) by a Lookup for an access key ID that does not exist or is not active.
var ErrUnknownKey = errors.New("sigv4: unknown or inactive access key")

// Error is a refusal in AWS's error shape: Code is the x-amzn-ErrorType name, Status the HTTP status.
// Message is safe to send to the client: it never holds a secret or the expected signature.
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func missingToken() *Error {
	return &Error{Code: CodeMissingAuthenticationToken, Message: msgMissingToken, Status: http.StatusForbidden}
}

func incomplete(msg string) *Error {
	return &Error{Code: CodeIncompleteSignature, Message: msg, Status: http.StatusBadRequest}
}

func invalid(msg string) *Error {
	return &Error{Code: CodeInvalidSignature, Message: msg, Status: http.StatusForbidden}
}

func mismatch() *Error { return invalid(msgMismatch) }

func unrecognized() *Error {
	return &Error{Code: CodeUnrecognizedClient, Message: msgUnrecognized, Status: http.StatusForbidden}
}

// WriteError writes err in AWS's rest-json error shape: its status, the headers Content-Type: application/json and
// x-amzn-ErrorType, and the body {"message":"..."}. The AWS SDKs and CLI read the code from the header and the
// message from the body (the Go SDK's JSON error decoding matches "message" case-insensitively).
func WriteError(w http.ResponseWriter, err *Error) {
	body, _ := json.Marshal(struct {
		Message string `json:"message"`
	}{err.Message})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Amzn-ErrorType", err.Code)
	w.WriteHeader(err.Status)
	_, _ = w.Write(body)
}
