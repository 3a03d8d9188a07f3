package components

import (
	"bytes"
	"context"
	"io"
	"sync"

	"github.com/a-h/templ"
)

// FragmentCache keeps parts of pages rendered, by a key naming everything
// the part depends on (the product's revision, the language…). A key never
// names two different renderings, so nothing is ever invalidated: a change
// makes a new key, and the old entries age out when the cache starts over.
type FragmentCache struct {
	mu      sync.RWMutex
	entries map[string][]byte
	size    int
}

// maxFragmentBytes bounds the cache; past it, it starts over.
const maxFragmentBytes = 32 << 20

// Component renders the fragment of key: the kept copy, or c rendered
// (with the request's context, for its language) and kept.
func (f *FragmentCache) Component(key string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		f.mu.RLock()
		b, ok := f.entries[key]
		f.mu.RUnlock()
		if !ok {
			var buf bytes.Buffer
			if err := c.Render(ctx, &buf); err != nil {
				return err
			}
			b = buf.Bytes()
			f.put(key, b)
		}
		_, err := w.Write(b)
		return err
	})
}

func (f *FragmentCache) put(key string, b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.entries == nil || f.size+len(b) > maxFragmentBytes {
		f.entries, f.size = map[string][]byte{}, 0
	}
	if _, ok := f.entries[key]; !ok {
		f.entries[key] = b
		f.size += len(b)
	}
}
