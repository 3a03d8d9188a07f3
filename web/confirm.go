package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// Destructive and irreversible actions (deleting a user, a key, a policy
// attachment or a SageMaker resource, cancelling a subscription, signing a
// product off, unpublishing it, restricting versions) act only on a
// confirmed post. Their button opens a modal (or, without JavaScript, a
// confirmation page at the action's own address, by GET); the confirmation
// posts a token bound to the session, the action and the item, and, for
// resources in use, the item's name as typed. A post without them deletes
// nothing and shows the confirmation again (422).

// Messages of the confirmations.
const (
	msgConfirmRequired  domain.Message = "confirm.required"
	msgConfirmNameWrong domain.Message = "confirm.name_mismatch"
)

const confirmNonceLen = 16

// confirmation describes one action awaiting confirmation.
type confirmation struct {
	// action and item are bound into the token: a token for deleting one
	// user does not delete another, nor detach its policy.
	action, item string
	// name is the item's name as shown, and as typed when requireName.
	name        string
	requireName bool
	titleKey    string // the heading, without the name
	leadKey     string // what happens, with {{.Name}}
	submitKey   string
	// path is where the confirmation posts (and, by GET, its page);
	// cancel where Cancel goes back to.
	path, cancel string
	hidden       []components.Hidden
	details      []string
	// nav and crumbs frame the confirmation page.
	nav    string
	crumbs []layout.Crumb
}

func (s *Server) confirmMAC(c echo.Context, action, item string, nonce []byte) []byte {
	key := sha256.Sum256(append([]byte("portal confirm:"), s.cfg.SessionSecret...))
	sessionID := ""
	if sess, err := getSession(c); err == nil {
		sessionID = sess.ID
	}
	m := hmac.New(sha256.New, key[:])
	for _, part := range []string{"portal confirmation", sessionID, action, item} {
		m.Write([]byte(part))
		m.Write([]byte{0})
	}
	m.Write(nonce)
	return m.Sum(nil)
}

// confirmToken issues a token confirming action on item in this session.
func (s *Server) confirmToken(c echo.Context, action, item string) string {
	nonce := make([]byte, confirmNonceLen)
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(append(nonce, s.confirmMAC(c, action, item, nonce)...))
}

// validConfirmToken reports whether token confirms action on item in this
// session.
func (s *Server) validConfirmToken(c echo.Context, token, action, item string) bool {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != confirmNonceLen+sha256.Size {
		return false
	}
	if sess, err := getSession(c); err != nil || sess.ID == "" {
		return false
	}
	return hmac.Equal(raw[confirmNonceLen:], s.confirmMAC(c, action, item, raw[:confirmNonceLen]))
}

// confirmView is the modal's or page's view model of cf.
func (s *Server) confirmView(c echo.Context, cf confirmation) components.Confirm {
	return components.Confirm{
		ID:       "confirm-" + strings.NewReplacer(".", "-", "/", "-", " ", "-").Replace(cf.action+"-"+cf.item),
		TitleKey: cf.titleKey, LeadKey: cf.leadKey, SubmitKey: cf.submitKey,
		Name: cf.name, RequireName: cf.requireName,
		Action: cf.path, PageHref: cf.path, CancelHref: cf.cancel,
		Token: s.confirmToken(c, cf.action, cf.item), CSRF: csrfToken(c),
		Hidden: cf.hidden, Details: cf.details,
	}
}

// renderConfirmation renders cf's confirmation page: status 200 when asked
// for, 422 with errKey when a post did not confirm.
func (s *Server) renderConfirmation(c echo.Context, status int, cf confirmation, typed string, errKey domain.Message) error {
	v := s.confirmView(c, cf)
	v.Typed, v.ErrorKey = typed, string(errKey)
	crumbs := append(append([]layout.Crumb{}, cf.crumbs...), layout.Crumb{LabelKey: cf.titleKey})
	page := seller.ConfirmPageView{Page: s.page(c, cf.titleKey, cf.nav, crumbs...), Confirm: v}
	return s.render(c, status, seller.ConfirmPage(page))
}

// confirmed reports whether the (parsed) post confirms cf. When it does
// not, it has answered with the confirmation page and a message, keeping
// what the user typed, and the caller returns its error.
func (s *Server) confirmed(c echo.Context, cf confirmation) (bool, error) {
	typed := postValue(c, components.ConfirmNameField)
	if !s.validConfirmToken(c, postValue(c, components.ConfirmTokenField), cf.action, cf.item) {
		return false, s.renderConfirmation(c, http.StatusUnprocessableEntity, cf, typed, msgConfirmRequired)
	}
	if cf.requireName && strings.TrimSpace(typed) != cf.name {
		return false, s.renderConfirmation(c, http.StatusUnprocessableEntity, cf, typed, msgConfirmNameWrong)
	}
	return true, nil
}

// showConfirmation answers the GET of a confirmation's address with its
// page, for browsers without JavaScript.
func (s *Server) showConfirmation(build func(echo.Context) (confirmation, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		cf, err := build(c)
		if err != nil {
			return err
		}
		return s.renderConfirmation(c, http.StatusOK, cf, "", "")
	}
}
