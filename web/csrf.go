package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

// CSRF tokens are signed and bound to who the browser is to the server:
//
//   - a signed-in browser: its session ID. The ID is renewed at sign-in and
//     deleted at sign-out, so a token issued before sign-in (or to another
//     session) is refused afterwards, and a cookie/field pair taken from
//     another browser is worthless: its session cookie is not this one.
//   - a visitor (sign-in, sign-up, language switch): a pre-session cookie, a
//     random ID in an HttpOnly, SameSite=Lax cookie (named __Host-_csrf under
//     TLS, so neither plain HTTP nor a sibling subdomain can plant it). It
//     costs no database row, unlike an anonymous session for every visitor
//     who merely opens the sign-in page. It is replaced at sign-in and at
//     sign-out, so a visitor's token never outlives the visit.
//
// A token is base64url(nonce || HMAC-SHA256(key, kind, binding ID, nonce)),
// with a fresh 16-byte nonce for each request, so the token differs on every
// page (nothing stable for a compression oracle to guess) while any token
// issued for the same binding verifies. The key is derived from the session
// secret, as the session keys are (see sessionStore). Tokens are read only
// from the _csrf form field (body) or the X-CSRF-Token header, never from
// the query string.

const (
	csrfHeader       = "X-CSRF-Token"
	csrfNonceLen     = 16
	csrfPreIDLen     = 32
	csrfProtectorKey = "csrf.protector"
	// ctxNewVisitor holds the pre-session ID set by this response, if any.
	ctxNewVisitor = "csrf.new_visitor"
)

// csrfProtector issues and checks tokens.
type csrfProtector struct {
	cookieName string
	// cookieAttributes follow the visitor ID in its Set-Cookie header,
	// written once: every page for a visitor without a cookie sets one.
	cookieAttributes string
	cop              *http.CrossOriginProtection
	// macs holds HMACs keyed once, each reset to its keyed state before
	// use: keying one anew cost a third of issuing a token.
	macs sync.Pool
}

func (s *Server) newCSRFProtector() *csrfProtector {
	key := sha256.Sum256(append([]byte("portal csrf:"), s.cfg.SessionSecret...))
	cookie := (&http.Cookie{
		Name: "x", Value: "x", Path: "/", MaxAge: int(s.cfg.SessionLifetime.Seconds()),
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
	}).String()
	return &csrfProtector{
		cookieName:       hostCookieName("_csrf", s.cfg.SecureCookies),
		cookieAttributes: cookie[len("x=x"):],
		cop:              http.NewCrossOriginProtection(),
		macs:             sync.Pool{New: func() any { return &csrfMAC{h: hmac.New(sha256.New, key[:])} }},
	}
}

// csrfMAC is a keyed HMAC with room for the message it signs.
type csrfMAC struct {
	h   hash.Hash
	buf []byte
}

// crossOrigin refuses unsafe requests that the browser says come from
// another origin (Sec-Fetch-Site, else Origin against Host), with Go's
// http.CrossOriginProtection. It is a second layer: the token below stays
// required on every unsafe request, same-origin ones included.
func (p *csrfProtector) crossOrigin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := p.cop.Check(c.Request()); err != nil {
			return &domain.Error{Code: domain.EFORBIDDEN, Message: msgCSRFInvalid, Err: err}
		}
		return next(c)
	}
}

// check issues the page's token (csrfToken) on every request and requires a
// valid one on every unsafe request.
func (p *csrfProtector) check(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(csrfProtectorKey, p)
		kind, id, err := p.binding(c)
		if err != nil {
			return err
		}
		r := c.Request()
		if !isSafeMethod(r.Method) {
			if r.URL.Query().Has(csrfFormField) {
				return domain.Errorf(domain.EFORBIDDEN, msgCSRFInvalid)
			}
			sent := r.Header.Get(csrfHeader)
			if sent == "" {
				sent = r.PostFormValue(csrfFormField) // the body only, never the query
			}
			if !p.valid(sent, kind, id) {
				return domain.Errorf(domain.EFORBIDDEN, msgCSRFInvalid)
			}
		}
		c.Set(csrfContextKey, p.token(kind, id))
		return next(c)
	}
}

// binding names what the tokens of this request are bound to: the session
// of a signed-in user, else the visitor's pre-session cookie (set here when
// missing or malformed).
func (p *csrfProtector) binding(c echo.Context) (kind, id string, err error) {
	sess, err := getSession(c)
	if err != nil {
		return "", "", err
	}
	if uid, _ := sess.Values[keyUserID].(int64); uid != 0 && sess.ID != "" {
		return "session", sess.ID, nil
	}
	if id, _ := c.Get(ctxNewVisitor).(string); id != "" {
		return "visitor", id, nil
	}
	if ck, err := c.Cookie(p.cookieName); err == nil && validPreID(ck.Value) {
		return "visitor", ck.Value, nil
	}
	id, err = p.newVisitor(c)
	return "visitor", id, err
}

// newVisitor sets a fresh pre-session cookie and returns its ID.
func (p *csrfProtector) newVisitor(c echo.Context) (string, error) {
	var b [csrfPreIDLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b[:])
	// A later binding in this request (after sign-out) sees the new ID
	// rather than the cookie the request came with, and agrees with the
	// response.
	c.Set(ctxNewVisitor, id)
	// The ID is base64url, a valid cookie value as it stands; the header
	// is what http.Cookie.String writes, attributes prepared once.
	c.Response().Header().Add("Set-Cookie", p.cookieName+"="+id+p.cookieAttributes)
	return id, nil
}

func validPreID(v string) bool {
	b, err := base64.RawURLEncoding.DecodeString(v)
	return err == nil && len(b) == csrfPreIDLen
}

// mac appends to dst the HMAC of the token with nonce for the binding.
func (p *csrfProtector) mac(dst []byte, kind, id string, nonce []byte) []byte {
	m := p.macs.Get().(*csrfMAC)
	defer p.macs.Put(m)
	m.h.Reset()
	m.buf = append(append(append(append(append(append(m.buf[:0],
		"portal csrf token\x00"...), kind...), 0), id...), 0), nonce...)
	m.h.Write(m.buf)
	return m.h.Sum(dst)
}

func (p *csrfProtector) token(kind, id string) string {
	var raw [csrfNonceLen + sha256.Size]byte
	if _, err := rand.Read(raw[:csrfNonceLen]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	p.mac(raw[:csrfNonceLen], kind, id, raw[:csrfNonceLen])
	return base64.RawURLEncoding.EncodeToString(raw[:])
}

func (p *csrfProtector) valid(token, kind, id string) bool {
	var raw [csrfNonceLen + sha256.Size]byte
	if base64.RawURLEncoding.DecodedLen(len(token)) != len(raw) {
		return false
	}
	if n, err := base64.RawURLEncoding.Decode(raw[:], []byte(token)); err != nil || n != len(raw) {
		return false
	}
	var sum [sha256.Size]byte
	return hmac.Equal(raw[csrfNonceLen:], p.mac(sum[:0], kind, id, raw[:csrfNonceLen]))
}

// renewCSRF is called when the session changes hands (sign-in, sign-out):
// the visitor's pre-session cookie is replaced, and the page token is
// reissued for the new binding, so a page rendered later in this request
// carries a token that works and every token issued before is refused.
func renewCSRF(c echo.Context) error {
	p, _ := c.Get(csrfProtectorKey).(*csrfProtector)
	if p == nil {
		return nil
	}
	if _, err := p.newVisitor(c); err != nil {
		return err
	}
	kind, id, err := p.binding(c)
	if err != nil {
		return err
	}
	c.Set(csrfContextKey, p.token(kind, id))
	return nil
}
