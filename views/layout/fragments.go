package layout

import (
	"context"
	"io"
	"strings"
	"sync"

	"github.com/a-h/templ"

	"github.com/mlportal/portal/views/tr"
)

// The frame around every page (the document head, the top bar, the side
// navigation) is the same for every reader of one language with the same
// few choices, yet rendering it cost a fifth of a product page's time:
// the parts that hold nothing of the request (no CSRF token, no path, no
// name) are rendered once per language and those choices, and kept.

// maxFragments bounds the cache; past it the cache starts over. The keys
// are a few per language and page title.
const maxFragments = 4096

var fragments struct {
	mu   sync.RWMutex
	html map[string]string
}

// cached renders c once per language and key, which must name everything
// c shows, and writes the kept HTML after that.
func cached(key string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		key := tr.Lang(ctx) + "\x00" + key
		fragments.mu.RLock()
		html, ok := fragments.html[key]
		fragments.mu.RUnlock()
		if !ok {
			var b strings.Builder
			if err := c.Render(ctx, &b); err != nil {
				return err
			}
			html = b.String()
			fragments.mu.Lock()
			if fragments.html == nil || len(fragments.html) >= maxFragments {
				fragments.html = map[string]string{}
			}
			fragments.html[key] = html
			fragments.mu.Unlock()
		}
		_, err := io.WriteString(w, html)
		return err
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
