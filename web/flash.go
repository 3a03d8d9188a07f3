package web

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"

	"github.com/gorilla/securecookie"
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/layout"
)

// Flash messages travel in a cookie of their own, signed and encrypted,
// from the post that queues them to the next page, which shows and
// deletes them. Kept in the server-side session they cost two database
// writes per form (one to queue, one to take) and, queued after the
// domain change had been saved, could turn a saved change into an error
// page when that write failed.
const (
	flashCookieName = "portal_flash"
	// flashMaxAge bounds how long a message waits for its page.
	flashMaxAge = 60
	// ctxFlashes holds the flashes queued by this request; ctxFlashCodec
	// the codec of the cookie (set by the flashes middleware).
	ctxFlashes    = "flashes"
	ctxFlashCodec = "flash_codec"
)

// flashCodec signs and encrypts the flash cookie with keys derived from
// the session secret, apart from the session's own.
type flashCodec struct {
	codec  *securecookie.SecureCookie
	name   string
	secure bool
}

func newFlashCodec(secret []byte, secure bool) *flashCodec {
	hashKey := sha256.Sum256(append([]byte("portal flash hash:"), secret...))
	blockKey := sha256.Sum256(append([]byte("portal flash block:"), secret...))
	codec := securecookie.New(hashKey[:], blockKey[:])
	codec.MaxAge(flashMaxAge)
	return &flashCodec{codec: codec, name: hostCookieName(flashCookieName, secure), secure: secure}
}

// requestScope prepares what the middleware after it shares: the flash
// cookie's codec, and a place in the request's context where the session
// store leaves the user it read with the session (see loadUser). It runs
// before the session middleware.
func (s *Server) requestScope(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Set(ctxFlashCodec, s.flashCodec)
		r := c.Request()
		c.SetRequest(r.WithContext(context.WithValue(r.Context(), signedInKey{}, &signedIn{})))
		return next(c)
	}
}

func (f *flashCodec) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: f.name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true, Secure: f.secure,
		SameSite: http.SameSiteLaxMode}
}

// queuedFlashes are the messages this request queued, written to the cookie
// just before the response's headers unless a page shows them first.
type queuedFlashes struct{ list []flash }

// queue returns the request's queue, made and hooked to the response on
// first use.
func queue(c echo.Context, codec *flashCodec) *queuedFlashes {
	if q, ok := c.Get(ctxFlashes).(*queuedFlashes); ok {
		return q
	}
	q := &queuedFlashes{}
	c.Set(ctxFlashes, q)
	res := c.Response()
	res.Before(func() {
		if len(q.list) == 0 {
			return
		}
		if value, err := codec.codec.Encode(codec.name, q.list); err == nil {
			http.SetCookie(res, codec.cookie(value, flashMaxAge))
		}
	})
	return q
}

// addFlash queues a message for the next page.
func addFlash(c echo.Context, kind string, key domain.Message, data map[string]string) error {
	codec, ok := c.Get(ctxFlashCodec).(*flashCodec)
	if !ok {
		return domain.Internal(errors.New("flash codec missing: the route is outside the flashes middleware"))
	}
	q := queue(c, codec)
	q.list = append(q.list, flash{Kind: kind, Key: string(key), Data: data})
	return nil
}

// flashesWaiting reports whether this page has messages to show: the
// cookie's, those this request queued, or those it shows now.
func flashesWaiting(c echo.Context) bool {
	if len(flashesNow(c)) > 0 {
		return true
	}
	codec, ok := c.Get(ctxFlashCodec).(*flashCodec)
	if !ok {
		return false
	}
	if _, err := c.Cookie(codec.name); err == nil {
		return true
	}
	q, ok := c.Get(ctxFlashes).(*queuedFlashes)
	return ok && len(q.list) > 0
}

// takeFlashes returns and forgets the messages for this page: those the
// cookie brought and those this request queued.
func takeFlashes(c echo.Context) []layout.Flash {
	codec, ok := c.Get(ctxFlashCodec).(*flashCodec)
	if !ok {
		return nil
	}
	var all []flash
	if ck, err := c.Cookie(codec.name); err == nil {
		var got []flash
		if codec.codec.Decode(codec.name, ck.Value, &got) == nil {
			all = got
		}
		http.SetCookie(c.Response(), codec.cookie("", -1))
	}
	if q, ok := c.Get(ctxFlashes).(*queuedFlashes); ok {
		all = append(all, q.list...)
		q.list = nil // shown now: not for the next page
	}
	out := make([]layout.Flash, 0, len(all))
	for _, f := range all {
		data := make(map[string]any, len(f.Data))
		for k, v := range f.Data {
			data[k] = v
		}
		out = append(out, layout.Flash{Kind: f.Kind, Key: f.Key, Data: data})
	}
	return out
}
