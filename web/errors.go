package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	errorviews "github.com/mlportal/portal/views/errors"
)

// ctxErrorHandled marks a request whose error the handler below has dealt with.
const ctxErrorHandled = "portal.error_handled"

// handleError is Echo's error handler: it turns any error into a status and
// a friendly page in the reader's language. Users never see internal error
// text; the log gets it, with the request ID shown on the page.
func (s *Server) handleError(err error, c echo.Context) {
	// The request log hands the error here and returns it, so Echo calls
	// again with it: the first call has said all there is to say.
	if c.Get(ctxErrorHandled) != nil {
		return
	}
	c.Set(ctxErrorHandled, true)
	requestID := c.Response().Header().Get(echo.HeaderXRequestID)
	if c.Response().Committed {
		// Too late for an error page: the reader got part of a page, or all
		// of it. Only the log can tell.
		s.log.Error("error after the response began", slog.String("request_id", requestID),
			slog.String("method", c.Request().Method), slog.String("uri", redactURI(c.Request().RequestURI)),
			slog.String("error", err.Error()))
		return
	}
	status, derr := classify(err)
	if status >= 500 {
		s.log.Error("request failed", slog.String("request_id", requestID), slog.String("error", err.Error()))
	}
	if s.cfg.API != nil && s.cfg.API.HandleError(c, status) {
		// An API client gets the error in its own protocol, not a page.
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	heading := "error.heading_" + headingFor(status)
	v := errorviews.ErrorView{
		Page:       s.page(c, heading, ""),
		Status:     status,
		HeadingKey: heading,
		MessageKey: string(derr.Message),
		Data:       derr.Data,
	}
	if status >= 500 {
		v.RequestID = requestID
	}
	if err := s.render(c, status, errorviews.Page(v)); err != nil {
		s.log.Error("render error page", slog.String("request_id", requestID), slog.String("error", err.Error()))
	}
}

// classify returns the status and a user-safe domain error for err.
func classify(err error) (int, *domain.Error) {
	// A domain error may wrap an echo error (as the CSRF check does), so
	// look for the domain's own words first.
	var derr *domain.Error
	var he *echo.HTTPError
	if !errors.As(err, &derr) && errors.As(err, &he) {
		return he.Code, &domain.Error{Message: httpMessage(he.Code)}
	}
	derr = domain.AsError(err)
	status := statusOf(derr.Code)
	if isRefusedFields(err) {
		// No form to show again: the page names the refused field, as the input gate's own does.
		status = http.StatusBadRequest
	}
	if status == http.StatusInternalServerError || derr.Message == "" {
		return status, &domain.Error{Message: httpMessage(status)}
	}
	return status, derr
}

// httpMessage explains a status that carries no domain message.
func httpMessage(status int) domain.Message {
	switch status {
	case http.StatusNotFound:
		return domain.MsgNotFound
	case http.StatusMethodNotAllowed:
		return msgMethodNotAllowed
	case http.StatusRequestEntityTooLarge:
		return msgBodyTooLarge
	case http.StatusForbidden:
		return domain.MsgForbidden
	case http.StatusUnauthorized:
		return domain.MsgSignInRequired
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return msgBadRequest
	default:
		return domain.MsgInternalError
	}
}

// headingFor picks one of the error page headings in the catalogs.
func headingFor(status int) string {
	switch status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return "not_found"
	case http.StatusForbidden, http.StatusUnauthorized:
		return "forbidden"
	case http.StatusTooManyRequests:
		return "too_many"
	}
	if status >= 500 {
		return "internal"
	}
	return "bad_request"
}
