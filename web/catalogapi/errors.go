package catalogapi

import (
	"errors"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/changesets"
	"github.com/mlportal/portal/web/sigv4"
)

// apiError is an exception of the Catalog API: its HTTP status, its name
// (sent as x-amzn-ErrorType) and a message.
type apiError struct {
	Status  int
	Type    string
	Message string
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

// Statuses of the service model's exceptions.
var exceptionStatus = map[string]int{
	"ValidationException":           http.StatusUnprocessableEntity,
	"ResourceNotFoundException":     http.StatusNotFound,
	"AccessDeniedException":         http.StatusForbidden,
	"ResourceInUseException":        http.StatusLocked,
	"ServiceQuotaExceededException": http.StatusPaymentRequired,
	"ThrottlingException":           http.StatusTooManyRequests,
	"InternalServiceException":      http.StatusInternalServerError,
	"ResourceNotSupportedException": http.StatusUnsupportedMediaType,
}

// writeError answers with err in AWS's rest-json error shape.
func writeError(c echo.Context, err *apiError) error {
	sigv4.WriteError(c.Response(), &sigv4.Error{Code: err.Type, Message: err.Message, Status: err.Status})
	return nil
}

// fail answers a use case's error as the exception AWS would raise.
func (a *API) fail(c echo.Context, err error) error {
	var aerr *apiError
	var cerr *changesets.Error
	switch {
	case errors.As(err, &aerr):
		return writeError(c, aerr)
	case errors.As(err, &cerr):
		return writeError(c, &apiError{Status: exceptionStatus[cerr.Type], Type: cerr.Type, Message: cerr.Message})
	}
	switch domain.ErrorCode(err) {
	case domain.EUNAUTHORIZED, domain.EFORBIDDEN:
		return writeError(c, &apiError{Status: http.StatusForbidden, Type: "AccessDeniedException",
			Message: accessDeniedMessage(c, err)})
	case domain.ENOTFOUND:
		return writeError(c, &apiError{Status: http.StatusNotFound, Type: "ResourceNotFoundException",
			Message: "The requested resource was not found."})
	case domain.EINVALID:
		return writeError(c, &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationException",
			Message: "The request is not valid."})
	case domain.ECONFLICT:
		return writeError(c, &apiError{Status: http.StatusLocked, Type: "ResourceInUseException",
			Message: "The resource is being changed by another request."})
	}
	return a.internal(c, err)
}

// accessDeniedMessage says, as AWS does, who may not do what on which
// resource.
func accessDeniedMessage(c echo.Context, err error) string {
	p := principal(c)
	e := domain.AsError(err)
	action, _ := e.Data["Action"].(string)
	resource, _ := e.Data["Resource"].(string)
	if p.User == nil || action == "" {
		return "You are not authorized to perform this operation."
	}
	msg := "User: " + p.User.ARN() + " is not authorized to perform: " + action
	if resource != "" {
		msg += " on resource: " + resource
	}
	return msg
}

// internal logs an unexpected error and answers InternalServiceException,
// with no detail.
func (a *API) internal(c echo.Context, err error) error {
	a.cfg.Log.ErrorContext(c.Request().Context(), "catalog API internal error", "path", c.Request().URL.Path, "err", err)
	return writeError(c, &apiError{Status: http.StatusInternalServerError, Type: "InternalServiceException",
		Message: "An internal error has occurred."})
}

// invalid is a ValidationException with message.
func invalid(message string) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Type: "ValidationException", Message: message}
}

// HandleError answers, in AWS's shape, an error Echo raised on one of the
// API's paths before a handler ran: a body over the server's limit, a
// method the operation does not take.
func (a *API) HandleError(c echo.Context, status int) bool {
	if !slices.Contains(Paths(), c.Request().URL.Path) {
		return false
	}
	switch status {
	case http.StatusRequestEntityTooLarge:
		_ = writeError(c, &apiError{Status: status, Type: sigv4.CodeRequestEntityTooLarge, Message: "Request body is too large."})
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		_ = writeError(c, &apiError{Status: http.StatusNotFound, Type: "UnknownOperationException",
			Message: "The operation and method do not match any operation of the service."})
	default:
		_ = writeError(c, &apiError{Status: http.StatusInternalServerError, Type: "InternalServiceException",
			Message: "An internal error has occurred."})
	}
	return true
}
