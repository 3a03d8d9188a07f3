package web

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/tr"
	"github.com/mlportal/portal/web/i18n"
)

// Keys of values the middleware stores in the echo context.
const (
	ctxLang    = "portal.lang"
	ctxUser    = "portal.user"
	ctxAccount = "portal.account"
)

// render writes a templ component with the request's translator in its
// context. The page is rendered into a buffer first and sent in one write,
// with its length: templ's many small writes would otherwise reach the
// connection in a system call per 4 KB, and an error halfway through would
// leave half a page sent under a 200.
func (s *Server) render(c echo.Context, status int, component templ.Component) error {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := component.Render(s.renderContext(c), buf); err != nil {
		return err
	}
	return s.sendPage(c, status, buf.Bytes())
}

// renderContext is the request's context with its translator, for templates.
func (s *Server) renderContext(c echo.Context) context.Context {
	return tr.With(c.Request().Context(), s.translator(c))
}

// sendPage sends a rendered HTML page with its length, in one write to
// the connection when it can (see onewrite.go).
func (s *Server) sendPage(c echo.Context, status int, page []byte) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(page)))
	holdWrites(c.Request(), len(page))
	c.Response().WriteHeader(status)
	_, err := c.Response().Write(page)
	return err
}

// pageBuffers holds the buffers pages are rendered into.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer returns a buffer to the pool, unless an unusually large
// page grew it past what is worth keeping.
func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return
	}
	b.Reset()
	pageBuffers.Put(b)
}

// translator returns the translator of the request's language.
func (s *Server) translator(c echo.Context) *i18n.Translator {
	lang, _ := c.Get(ctxLang).(string)
	return s.catalog.Translator(lang)
}

// currentUser returns the signed-in user, or nil.
func currentUser(c echo.Context) *domain.User {
	u, _ := c.Get(ctxUser).(*domain.User)
	return u
}

// currentAccount returns the signed-in user's account, or nil.
func currentAccount(c echo.Context) *domain.Account {
	a, _ := c.Get(ctxAccount).(*domain.Account)
	return a
}

// csrfToken returns the token that forms on this page must send.
func csrfToken(c echo.Context) string {
	t, _ := c.Get(csrfContextKey).(string)
	return t
}

// page builds the frame view model shared by every page.
func (s *Server) page(c echo.Context, titleKey, nav string, crumbs ...layout.Crumb) layout.Page {
	p := layout.Page{
		TitleKey:    titleKey,
		CSRF:        csrfToken(c),
		Nav:         nav,
		Path:        returnPath(c),
		Breadcrumbs: crumbs,
		Flashes:     append(takeFlashes(c), flashesNow(c)...),
		Theme:       themeOf(c),
	}
	if u, a := currentUser(c), currentAccount(c); u != nil && a != nil {
		p.User = &layout.User{AccountName: a.Name, AccountID: a.ID, Email: u.Label(), IsOperator: u.IsOperator()}
		if u.Role == domain.RoleIAM {
			p.User.UserName = u.UserName
		}
		// A failed count only hides the badge; the page itself still works.
		p.User.Unread, _ = s.deps.Notices.UnreadCount(c.Request().Context(), a.ID)
	}
	return p
}

// themeCookie holds the colour scheme chosen with the top bar's theme
// switcher (static/js/portal.js writes it); without it pages follow the system.
const themeCookie = "theme"

// themeOf returns the reader's chosen colour scheme, "light" or "dark", or
// "" for the system's.
func themeOf(c echo.Context) string {
	if ck, err := c.Cookie(themeCookie); err == nil && (ck.Value == "light" || ck.Value == "dark") {
		return ck.Value
	}
	return ""
}

// formFromError turns a validation error into message IDs beside the form's
// inputs, keeping the values the user typed: inputs maps the domain's field
// paths to the form's input names. Should two paths land on one input, the
// first path in order wins, so the page is the same on every request.
func formFromError(values map[string]string, err error, inputs inputNames) components.Form {
	form := components.Form{Values: values, Errors: map[string]string{}}
	if e := domain.AsError(err); e.Code == domain.EINVALID {
		for _, path := range slices.Sorted(maps.Keys(e.Fields)) {
			if name := inputs.input(path); form.Errors[name] == "" {
				form.Errors[name] = string(e.Fields[path])
			}
		}
	}
	return form
}

// statusOf maps a domain error code to an HTTP status: the one place where
// that mapping lives.
func statusOf(code string) int {
	switch code {
	case domain.EINVALID:
		return http.StatusUnprocessableEntity
	case domain.ENOTFOUND:
		return http.StatusNotFound
	case domain.ECONFLICT:
		return http.StatusConflict
	case domain.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case domain.EFORBIDDEN:
		return http.StatusForbidden
	case domain.ETOOMANY:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// flashAndRedirect queues a success message and redirects after a post.
func (s *Server) flashAndRedirect(c echo.Context, msg domain.Message, data map[string]string, to string) error {
	if err := addFlash(c, "success", msg, data); err != nil {
		return err
	}
	return redirect(c, to)
}

// formatTime shows a time the same way on every page, in UTC.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// formatDate shows a date the same way on every page, in UTC.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// flashError queues an error message and redirects.
func (s *Server) flashError(c echo.Context, msg domain.Message, to string) error {
	if err := addFlash(c, "error", msg, nil); err != nil {
		return err
	}
	return redirect(c, to)
}

// flashRefusal queues a domain refusal, with the data its message shows,
// and redirects.
func (s *Server) flashRefusal(c echo.Context, err error, to string) error {
	e := domain.AsError(err)
	var data map[string]string
	if len(e.Data) > 0 {
		data = make(map[string]string, len(e.Data))
		for k, v := range e.Data {
			data[k] = fmt.Sprint(v)
		}
	}
	if err := addFlash(c, "error", e.Message, data); err != nil {
		return err
	}
	return redirect(c, to)
}

// serveImage answers an uploaded image checked at upload, privately cached
// (the security headers forbid sniffing it as anything else), or 404.
func serveImage(c echo.Context, data []byte, mime string) error {
	if len(data) == 0 {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "private, max-age=3600")
	return c.Blob(http.StatusOK, mime, data)
}

const ctxFlashesNow = "portal.flashes_now"

// showRefusalNow puts a domain refusal on the page this request renders,
// for answers that render a page with a 4xx status instead of redirecting.
func showRefusalNow(c echo.Context, err error) {
	e := domain.AsError(err)
	data := make(map[string]any, len(e.Data))
	for k, v := range e.Data {
		data[k] = fmt.Sprint(v)
	}
	now, _ := c.Get(ctxFlashesNow).([]layout.Flash)
	c.Set(ctxFlashesNow, append(now, layout.Flash{Kind: "error", Key: string(e.Message), Data: data}))
}

// flashesNow returns the refusals showRefusalNow queued.
func flashesNow(c echo.Context) []layout.Flash {
	now, _ := c.Get(ctxFlashesNow).([]layout.Flash)
	return now
}

// maxReturnPath bounds the address the language switcher returns to: a
// longer one (a script's kilobytes of search words) returns to its path
// alone, rather than being written back into every page it asks for.
const maxReturnPath = 2048

// returnPath is where the page's language switcher returns to.
func returnPath(c echo.Context) string {
	if uri := c.Request().URL.RequestURI(); len(uri) <= maxReturnPath {
		return uri
	}
	return c.Request().URL.EscapedPath()
}
