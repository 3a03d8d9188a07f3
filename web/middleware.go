package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/web/i18n"
)

const (
	csrfContextKey = "csrf"
	csrfFormField  = "_csrf"
	langCookie     = "lang"
)

// newRequestIDs returns a generator of request IDs: a random prefix drawn
// once per process, then a counter. They tell a log line, an error page
// and a support request apart, across processes too, which is all they are
// for: they are no secret, and 32 random characters per request cost more
// than anything else the frame does.
func newRequestIDs() func() string {
	var prefix [6]byte
	if _, err := rand.Read(prefix[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	p := base64.RawURLEncoding.EncodeToString(prefix[:]) + "-"
	var n atomic.Uint64
	return func() string { return p + strconv.FormatUint(n.Add(1), 36) }
}

// requestLogger writes one structured line per request, with its request ID.
func (s *Server) requestLogger() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true, LogError: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(context.Background(), level, "request",
				slog.String("request_id", v.RequestID),
				slog.String("method", v.Method),
				slog.String("uri", redactURI(v.URI)),
				slog.Int("status", v.Status),
				slog.Duration("latency", v.Latency),
			)
			return nil
		},
	})
}

// redactURI replaces the values of sensitive query parameters in uri, so
// that a token or a password put in a link never reaches the log.
func redactURI(uri string) string {
	path, query, ok := strings.Cut(uri, "?")
	path = redactTokenPath(path)
	if !ok || query == "" {
		return path
	}
	pairs := strings.Split(query, "&")
	for i, pair := range pairs {
		key, _, _ := strings.Cut(pair, "=")
		if name, err := url.QueryUnescape(key); err != nil || sensitiveParam(name) {
			pairs[i] = key + "=REDACTED"
		}
	}
	return path + "?" + strings.Join(pairs, "&")
}

// tokenPaths are the pages whose last path segment is a one-time token
// sent by email: whoever reads it in a log could reset a password.
var tokenPaths = []string{"/password-reset/", "/signup/confirm/"}

// redactTokenPath hides the token of a one-time link's path.
func redactTokenPath(path string) string {
	for _, prefix := range tokenPaths {
		if rest, ok := strings.CutPrefix(path, prefix); ok && rest != "" && rest != "sent" {
			return prefix + "REDACTED"
		}
	}
	return path
}

// sensitiveParam reports whether a parameter of that name may carry a
// password, a token, a session ID, a key, or tax or bank details, whatever
// its spelling (tax_id, taxId, X-CSRF-Token).
func sensitiveParam(name string) bool {
	n := strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' || r == '[' || r == ']' || r == ' ' {
			return -1
		}
		return unicode.ToLower(r)
	}, name)
	switch n {
	case "bic", "sid", "sig", "iban", "ssn", "ein", "tin", "pin", "otp", "email":
		return true
	}
	for _, part := range []string{"password", "passwd", "csrf", "token", "session", "secret", "key",
		"tax", "legalname", "address", "postalcode", "signature", "holder", "accountnumber", "routing", "iban", "swift"} {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// hstsValue tells browsers to reach this host and its subdomains over HTTPS
// only, for a year.
const hstsValue = "max-age=31536000; includeSubDomains"

// securityHeaders forbids framing, MIME sniffing and any script or style
// that the portal does not serve itself. Strict-Transport-Security is sent
// over TLS, and always when tls says the portal is served over TLS (behind
// a proxy that ends TLS, the request itself is plain HTTP).
//
// The headers are the same on every answer, so they are made once and put
// in each answer's header map as they are: setting them one by one made a
// value slice per header per request.
func securityHeaders(tls bool) echo.MiddlewareFunc {
	fixed := map[string]string{
		"X-Xss-Protection":        "0",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "same-origin",
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	}
	plain, overTLS := sharedHeaders(fixed), sharedHeaders(fixed)
	overTLS[echo.HeaderStrictTransportSecurity] = []string{hstsValue}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			headers := plain
			if tls || c.IsTLS() {
				headers = overTLS
			}
			h := c.Response().Header()
			for k, v := range headers {
				h[k] = v
			}
			return next(c)
		}
	}
}

// sharedHeaders turns header values into slices that many answers may
// hold at once: each has no room left, so an Add to one header of one
// answer copies it rather than writing into the others'.
func sharedHeaders(values map[string]string) http.Header {
	h := make(http.Header, len(values)+1)
	for k, v := range values {
		h[http.CanonicalHeaderKey(k)] = []string{v}[:1:1]
	}
	return h
}

func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// csrf refuses cross-origin unsafe requests (http.CrossOriginProtection),
// then requires on every unsafe request a _csrf form field (or X-CSRF-Token
// header) signed for this session or visitor: see csrf.go. A token in the
// query string, where it leaks into logs, history and Referer headers, is
// refused.
func (s *Server) csrf() echo.MiddlewareFunc {
	p := s.newCSRFProtector()
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return p.crossOrigin(p.check(next))
	}
}

// negotiateLanguage picks the page language: the remembered choice, else the
// browser's Accept-Language, else English.
func (s *Server) negotiateLanguage(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		remembered := ""
		if ck, err := c.Cookie(langCookie); err == nil {
			remembered = ck.Value
		}
		c.Set(ctxLang, s.catalog.Negotiate(remembered, c.Request().Header.Get("Accept-Language")))
		c.Response().Header().Add(echo.HeaderVary, "Accept-Language")
		return next(c)
	}
}

// loadUser puts the signed-in user and account in the context. A session
// whose user has gone is treated as signed out.
func (s *Server) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess, err := getSession(c)
		if err != nil {
			return err // the session store failed; a bad cookie is no error
		}
		id, _ := sess.Values[keyUserID].(int64)
		if id == 0 {
			return next(c)
		}
		var user *domain.User
		var account *domain.Account
		if read, ok := c.Request().Context().Value(signedInKey{}).(*signedIn); ok {
			user, account = read.user, read.account
		}
		if user == nil || user.ID != id {
			// Not read with the session (a session started in this
			// request): read them now.
			ctx := c.Request().Context()
			user, err = s.deps.Accounts.UserByID(ctx, id)
			if domain.ErrorCode(err) == domain.ENOTFOUND {
				return next(c)
			} else if err != nil {
				return err
			}
			if account, err = s.deps.Accounts.AccountByID(ctx, user.AccountID); err != nil {
				return err
			}
		}
		c.Set(ctxUser, user)
		c.Set(ctxAccount, account)
		// Pages for a signed-in user show their account's data: no browser
		// or proxy may keep them, whatever a handler set (the Back button
		// after sign-out, a shared computer).
		res := c.Response()
		res.Before(func() { res.Header().Set(echo.HeaderCacheControl, "no-store") })
		return next(c)
	}
}

// requireLogin sends visitors who are not signed in to the sign-in page,
// remembering where they were going.
func (s *Server) requireLogin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) != nil {
			return next(c)
		}
		if !isSafeMethod(c.Request().Method) {
			return domain.Errorf(domain.EUNAUTHORIZED, domain.MsgSignInRequired)
		}
		return redirect(c, "/login?next="+url.QueryEscape(c.Request().URL.RequestURI()))
	}
}

// localPath returns p when it is a path on this site, else "/". It stops
// the next and return_to parameters from sending users to another site.
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return p
}

// supportedLanguage reports whether lang can be chosen in the switcher.
func supportedLanguage(lang string) bool { return i18n.Supported(lang) }
