package web

import (
	"bytes"
	"hash/maphash"
	"strconv"
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

// maphashes digests the long keys of a kept page's parts (a catalog
// page's twenty cards) into a short part of the page's key: 128 bits, so
// that two different pages would share a key about once in 10^19 pairs.
type maphashes struct{ a, b maphash.Hash }

// hashSeeds are the process's: kept pages live as long as it does.
var hashSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

// add digests the parts of one more key; parts are told apart, "ab","c"
// from "a","bc".
func (h *maphashes) add(parts ...string) {
	h.init()
	for _, x := range []*maphash.Hash{&h.a, &h.b} {
		for _, p := range parts {
			x.WriteString(p)
			x.WriteByte(0)
		}
	}
}

func (h *maphashes) init() {
	if h.a.Seed() != hashSeeds[0] {
		h.a.SetSeed(hashSeeds[0])
		h.b.SetSeed(hashSeeds[1])
	}
}

// sum returns the digest, in hexadecimal.
func (h *maphashes) sum() string {
	h.init()
	return strconv.FormatUint(h.a.Sum64(), 16) + "." + strconv.FormatUint(h.b.Sum64(), 16)
}
