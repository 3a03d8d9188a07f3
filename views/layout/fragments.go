package layout

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/tr"
)

// The frame around every page (the document head, the top bar, the side
// navigation) is the same for every reader of one language with the same
// few choices, yet rendering it cost a fifth of a product page's time:
// the parts that hold nothing of the request (no CSRF token, no path, no
// name) are rendered once per language and those choices, and kept.

// frame keeps the frame's parts, shared by every server of the process:
// they depend on the templates and the embedded catalogs alone.
var frame components.FragmentCache

// cached renders c once per language and key, which must name everything
// c shows, and writes the kept HTML after that.
func cached(key string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return frame.Component(tr.Lang(ctx)+"\x00"+key, c).Render(ctx, w)
	})
}

// navKey names what the side navigation shows: the highlighted item and
// whether the Operations item is there.
func navKey(p Page) string {
	if p.User != nil && p.User.IsOperator {
		return "nav\x00operator\x00" + p.Nav
	}
	return "nav\x00" + p.Nav
}

// topBarKey names what the start of the top bar shows.
func topBarKey(p Page) string {
	if hasNav(p) {
		return "topbar\x00nav"
	}
	return "topbar"
}
