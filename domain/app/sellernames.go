package app

import (
	"sync"
	"time"
)

// sellerNameTTL is how long a seller's display name is reused before it is
// read again. The catalog and every product page show sellers' names; read
// from the profile each time, they cost two queries per page, for a name
// that changes a few times in a seller's life. A change made through this
// process shows at once (SaveProfile forgets the name); through another
// server process, within the TTL.
const sellerNameTTL = 30 * time.Second

// nameCache remembers sellers' display names for sellerNameTTL.
type nameCache struct {
	mu      sync.RWMutex
	entries map[string]cachedName
}

type cachedName struct {
	name    string
	expires time.Time
}

func (c *nameCache) get(accountID string, now time.Time) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.entries[accountID]
	return e.name, ok && now.Before(e.expires)
}

func (c *nameCache) put(accountID, name string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 100_000 {
		c.entries = map[string]cachedName{} // a bound, not an eviction policy: names are cheap to read again
	}
	c.entries[accountID] = cachedName{name: name, expires: now.Add(sellerNameTTL)}
}

func (c *nameCache) forget(accountID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, accountID)
}
