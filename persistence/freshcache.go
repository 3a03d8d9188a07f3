package persistence

import (
	"context"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// freshFor is how long a value read outside a transaction answers again
// while this process writes nothing: the changes of other processes
// sharing the database show within it, as they do in the search index
// (followInterval). A write of this process makes every kept value stale
// at once, so a user's next page always shows what they just saved.
const freshFor = followInterval

// maxFresh bounds a freshCache; past it the cache starts over.
const maxFresh = 200_000

// freshCache keeps values the pages read on every visit (a product's
// revision, checked before its cached listing is served), each with the
// count of this process's writes when it was read. A value answers again
// only while that count has not moved and for freshFor at most: reading a
// revision cost a tenth of the product page's time, to learn in nearly
// every case that it had not changed.
type freshCache[V any] struct {
	mu   sync.RWMutex
	kept map[string]freshValue[V]
	// clock is time.Now unless a test sets it.
	clock func() time.Time
}

type freshValue[V any] struct {
	value  V
	writes int64
	read   time.Time
}

// get returns the value of key, read by read unless one read since the
// last write of this process, less than freshFor ago, is kept. In a
// transaction, or under domain.StoredReads, it always reads: a write
// decides on what it reads there.
func (c *freshCache[V]) get(ctx context.Context, db *DB, key string, read func() (V, error)) (V, error) {
	if mustRead(ctx) {
		return read()
	}
	at := c.now(db)
	if v, ok := c.lookup(key, at); ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		c.keep(at, map[string]V{key: v})
	}
	return v, err
}

// getAll is get for several keys read at once by readAll: when every one is
// kept fresh no read runs, else readAll reads them all.
func (c *freshCache[V]) getAll(ctx context.Context, db *DB, keys []string, readAll func() (map[string]V, error)) (map[string]V, error) {
	if mustRead(ctx) {
		return readAll()
	}
	at := c.now(db)
	out := make(map[string]V, len(keys))
	for _, key := range keys {
		v, ok := c.lookup(key, at)
		if !ok {
			read, err := readAll()
			if err == nil {
				c.keep(at, read)
			}
			return read, err
		}
		out[key] = v
	}
	return out, nil
}

// freshAt is when a read began: the count of this process's writes then,
// and the time. The count is taken before reading, so that a write ending
// during the read moves it on and the value is not trusted past the
// request that read it.
type freshAt struct {
	writes int64
	time   time.Time
}

func (c *freshCache[V]) now(db *DB) freshAt {
	now := time.Now
	if c.clock != nil {
		now = c.clock
	}
	return freshAt{writes: db.gate.writes.Load(), time: now()}
}

// lookup returns the value of key if one read at least as fresh as at
// allows is kept.
func (c *freshCache[V]) lookup(key string, at freshAt) (V, bool) {
	c.mu.RLock()
	kept, ok := c.kept[key]
	c.mu.RUnlock()
	if ok && kept.writes == at.writes && at.time.Sub(kept.read) < freshFor {
		return kept.value, true
	}
	var zero V
	return zero, false
}

// keep keeps values read at at.
func (c *freshCache[V]) keep(at freshAt, values map[string]V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kept == nil || len(c.kept)+len(values) > maxFresh {
		c.kept = make(map[string]freshValue[V], len(values))
	}
	for k, v := range values {
		c.kept[k] = freshValue[V]{value: v, writes: at.writes, read: at.time}
	}
}

// mustRead reports whether ctx carries a transaction (InTransaction) or
// asks for stored values (domain.StoredReads).
func mustRead(ctx context.Context) bool {
	_, inTx := ctx.Value(txKey{}).(*gorm.DB)
	return inTx || domain.ReadsStored(ctx)
}
