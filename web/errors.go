package web

import (
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"

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
	if to, ok := s.postOnlyPage(c, status); ok {
		// Reloading the answer to a form post (a page shown again with its
		// errors) asks for the form's address with GET: back to its page.
		_ = redirect(c, to)
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

// postOnlyPage says where a GET for a form's POST-only address should go:
// the page the form is on, the address without its last segment.
func (s *Server) postOnlyPage(c echo.Context, status int) (string, bool) {
	r := c.Request()
	if (status != http.StatusNotFound && status != http.StatusMethodNotAllowed) || r.Method != http.MethodGet {
		return "", false
	}
	matches := func(pattern string) bool { return pathMatches(pattern, r.URL.Path) }
	// Only an address with no page of its own: a page's own 404 (another
	// account's product) stays a 404.
	if !slices.ContainsFunc(s.postRoutes, matches) || slices.ContainsFunc(s.getRoutes, matches) {
		return "", false
	}
	page := r.URL.Path[:strings.LastIndexByte(r.URL.Path, '/')]
	if page == "" {
		page = "/"
	}
	return page, true
}

// pathMatches reports whether path fits an Echo route pattern whose
// ":name" segments match any one segment.
func pathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		if !strings.HasPrefix(p, ":") && p != xs[i] || strings.HasPrefix(p, ":") && xs[i] == "" {
			return false
		}
	}
	return true
}
