package web

import (
	"encoding/gob"
	"net/http"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo-contrib/session"
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

const sessionName = "portal_session"

// hostCookieName names a cookie for a portal served over TLS (secure) with
// the __Host- prefix: browsers then keep it only if it is Secure, set by
// this very host over HTTPS for Path=/, so neither plain HTTP nor a sibling
// subdomain can plant or overwrite it. Without TLS the name is unchanged,
// since browsers refuse prefixed cookies that are not Secure.
func hostCookieName(name string, secure bool) string {
	if secure {
		return "__Host-" + name
	}
	return name
}

// sessionKey types the keys of session values so they cannot clash with
// keys set by other code.
type sessionKey string

const (
	keyUserID sessionKey = "user_id"
)

// flash is a message for the next page the user sees. It holds a message ID,
// not text, so it is rendered in the language of that page.
type flash struct {
	Kind string
	Key  string
	Data map[string]string
}

func init() {
	// Session values are gob-encoded; gob must know the concrete types.
	gob.Register(sessionKey(""))
	gob.Register([]flash{})
}

func getSession(c echo.Context) (*sessions.Session, error) {
	return session.Get(sessionName, c)
}

// startSession signs user in with a brand-new session ID, so an ID planted
// before sign-in (session fixation) is worthless afterwards.
func startSession(c echo.Context, user *domain.User) error {
	return renewSession(c, user.ID)
}

// startVisitorSession replaces the session with a fresh signed-out one,
// which can still carry a flash message. Saving the old session instead
// would store it again after its user's sessions were ended.
func startVisitorSession(c echo.Context) error {
	return renewSession(c, 0)
}

// renewSession deletes the current session and starts one with a new ID
// for userID (0: signed out).
func renewSession(c echo.Context, userID int64) error {
	sess, err := getSession(c)
	if err != nil {
		return err
	}
	if sess.ID != "" {
		old := *sess.Options
		sess.Options.MaxAge = -1
		if err := sess.Save(c.Request(), c.Response()); err != nil {
			return err
		}
		sess.Options = &old
	}
	sess.ID = ""
	sess.IsNew = true
	clear(sess.Values)
	if userID != 0 {
		sess.Values[keyUserID] = userID
	}
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	// Tokens issued before sign-in stop working; the new ones are bound to
	// the new session ID.
	return renewCSRF(c)
}

// endSession deletes the session on the server and in the browser.
func endSession(c echo.Context) error {
	sess, err := getSession(c)
	if err != nil {
		return err
	}
	sess.Options.MaxAge = -1
	clear(sess.Values)
	if err := sess.Save(c.Request(), c.Response()); err != nil {
		return err
	}
	return renewCSRF(c)
}

// redirect answers a form post with 303 See Other, so reloading the next page
// does not post again.
func redirect(c echo.Context, to string) error {
	return c.Redirect(http.StatusSeeOther, to)
}
