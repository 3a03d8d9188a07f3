package web

import (
	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/views/layout"
)

// A page that is the same for every visitor who is not signed in (the
// product page of a listing, in one language and theme, with no message
// to show) is kept rendered whole, by a key naming everything it shows,
// as the fragment cache keeps parts of pages: a change to what it shows
// makes a new key, so nothing is ever invalidated. The one thing of the
// visitor in it is the form token, which every visitor without a session
// gets anew: the page is kept cut at the token, and each visitor's is put
// in its place. The token is 256 random bits, so it is found only where
// the page has it.
//
// Rendering the frame and the page around the kept product details was
// half the product page's time on the server.

// maxKeptPageBytes bounds the kept pages; past it, they start over.
const maxKeptPageBytes = 32 << 20

// visitorPage reports whether a page with frame p is one to keep: for a
// visitor without a session, with no message to show.
func visitorPage(c echo.Context, p layout.Page) bool {
	return currentUser(c) == nil && len(p.Flashes) == 0
}

// renderKept renders component, a page the same for every visitor
// without a session save its form token, through the kept pages: key must
// name everything the page shows but the token.
func (s *Server) renderKept(c echo.Context, status int, key string, component templ.Component) error {
	token := csrfToken(c)
	if token == "" { // nothing to cut at: this page is the visitor's own
		return s.render(c, status, component)
	}
	return s.renderSpliced(c, status, key, []string{token}, component)
}
