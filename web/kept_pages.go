package web

import (
	"bytes"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"
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

// keptPages keeps whole pages, cut at the form token.
type keptPages struct {
	mu      sync.RWMutex
	entries map[string][][]byte
	size    int
}

// maxKeptPageBytes bounds the kept pages; past it, they start over.
const maxKeptPageBytes = 32 << 20

func (k *keptPages) get(key string) ([][]byte, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	parts, ok := k.entries[key]
	return parts, ok
}

func (k *keptPages) put(key string, parts [][]byte, size int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.entries == nil || k.size+size > maxKeptPageBytes {
		k.entries, k.size = map[string][][]byte{}, 0
	}
	if _, ok := k.entries[key]; !ok {
		k.entries[key] = parts
		k.size += size
	}
}

// renderKept renders component, a page the same for every visitor
// without a session save its form token, through the kept pages: key must
// name everything the page shows but the token.
func (s *Server) renderKept(c echo.Context, status int, key string, component templ.Component) error {
	token := csrfToken(c)
	parts, ok := s.kept.get(key)
	if !ok {
		if token == "" {
			return s.render(c, status, component)
		}
		buf := new(bytes.Buffer)
		if err := component.Render(s.renderContext(c), buf); err != nil {
			return err
		}
		parts = bytes.Split(buf.Bytes(), []byte(token))
		s.kept.put(key, parts, buf.Len())
	}
	page := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(page)
	for i, part := range parts {
		if i > 0 {
			page.WriteString(token)
		}
		page.Write(part)
	}
	return s.sendPage(c, status, page.Bytes())
}
