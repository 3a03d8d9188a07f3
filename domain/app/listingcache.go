package app

import (
	"context"
	"sync"

	"github.com/mlportal/portal/domain"
)

// listingCache keeps the products buyers look at, with their versions, as
// last read, and the revision they were read at. A product page, and the
// subscriptions page for each subscription, read the product and its
// versions and decoded their stored JSON on every visit: most of the page's
// time. Now a visit reads the product's revision, which every change to the
// product or its versions moves on (in every server process, since it is
// read from the database), and decodes the product only when it changed.
//
// The cached product and versions are shared between requests: readers
// must not change them (PublishedFor returns copies).
type listingCache struct {
	mu      sync.RWMutex
	entries map[string]cachedListing
}

type cachedListing struct {
	revision int
	working  *domain.Product
	versions []domain.Version
	// resources keeps the SageMaker resources of the versions, by ARN, as
	// read at this revision: deleting a resource moves on the revision of
	// every product whose versions name it, so a kept one still stands.
	resources *sync.Map
	// overviews keeps the overview's checklist and state, by what else
	// they depend on (see overviewKey).
	overviews *sync.Map
}

// maxCachedListings bounds the cache; past it the cache starts over, which
// costs a read per product, not a wrong answer.
const maxCachedListings = 20_000

// load returns the product and its versions, from the cache when the
// stored revision is the cached one.
func (c *listingCache) load(ctx context.Context, repo domain.ProductRepository, id string) (*domain.Product, []domain.Version, error) {
	rev, err := repo.ProductRevision(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return c.loadAt(ctx, repo, id, rev)
}

// loadAt is load for a product whose stored revision was just read as rev.
func (c *listingCache) loadAt(ctx context.Context, repo domain.ProductRepository, id string, rev int) (*domain.Product, []domain.Version, error) {
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if ok && e.revision == rev {
		return e.working, e.versions, nil
	}
	working, err := repo.ProductByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	versions, err := repo.Versions(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	// A change between the two reads leaves versions of another revision,
	// and a change set's transaction may yet roll back what it read: keep
	// them for this request only.
	if domain.ChangeSetOf(ctx) != "" {
		return working, versions, nil
	}
	// Read as stored now, not as the repository may have kept it.
	if now, err := repo.ProductRevision(domain.StoredReads(ctx), id); err == nil && now == working.Revision {
		c.mu.Lock()
		if c.entries == nil || len(c.entries) >= maxCachedListings {
			c.entries = map[string]cachedListing{}
		}
		c.entries[id] = cachedListing{revision: working.Revision, working: working, versions: versions, resources: &sync.Map{},
			overviews: &sync.Map{}}
		c.mu.Unlock()
	}
	return working, versions, nil
}

// resources returns where the resources of the listing read as working are
// kept, or nil when working is not the cached product (read in a change
// set, or replaced since by a newer revision).
func (c *listingCache) resources(working *domain.Product) *sync.Map {
	if e := c.entryOf(working); e != nil {
		return e.resources
	}
	return nil
}

// overviews is resources for the overview's checklist and state.
func (c *listingCache) overviews(working *domain.Product) *sync.Map {
	if e := c.entryOf(working); e != nil {
		return e.overviews
	}
	return nil
}

// entryOf returns the entry whose product working is, or nil.
func (c *listingCache) entryOf(working *domain.Product) *cachedListing {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if e, ok := c.entries[working.ID]; ok && e.working == working {
		return &e
	}
	return nil
}
