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
	kept Kept[[]byte]
}

// maxFragmentBytes bounds the cache; past it, it starts over.
const maxFragmentBytes = 32 << 20

// Component renders the fragment of key: the kept copy, or c rendered
// (with the request's context, for its language) and kept.
func (f *FragmentCache) Component(key string, c templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		b, ok := f.kept.Get(key)
		if !ok {
			var buf bytes.Buffer
			if err := c.Render(ctx, &buf); err != nil {
				return err
			}
			b = buf.Bytes()
			f.kept.Put(key, b, len(b), maxFragmentBytes)
		}
		_, err := w.Write(b)
		return err
	})
}

// Kept holds rendered things by keys that never name two different
// renderings, up to a size; past it, it starts over. Safe for concurrent
// use.
type Kept[V any] struct {
	mu      sync.RWMutex
	entries map[string]V
	size    int
}

// Get returns what is kept under key.
func (k *Kept[V]) Get(key string) (V, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	v, ok := k.entries[key]
	return v, ok
}

// Put keeps v, of size bytes, under key unless something is kept there
// already; past max bytes in all, what was kept is dropped first.
func (k *Kept[V]) Put(key string, v V, size, max int) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.entries == nil || k.size+size > max {
		k.entries, k.size = map[string]V{}, 0
	}
	if _, ok := k.entries[key]; !ok {
		k.entries[key] = v
		k.size += size
	}
}
