package persistence

import (
	"context"
	"encoding/json"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/search"
)

// SearchIndex answers catalog searches from an in-memory search.Index that
// it keeps in step with the catalog: loaded from catalog_entries when the
// process starts, then brought up to date from catalog_changes, at once
// after this process changed the catalog and every followInterval for the
// changes of other processes sharing the database. Until the index is
// loaded (about a second at 100,000 listings), the database's full-text
// search answers, so that a restarted server serves its first pages at once.
type SearchIndex struct {
	db    *DB
	index *search.Index
	store *CatalogStore
	log   *slog.Logger
	// dirty is set after this process committed a catalog change: the next
	// search reads the changes first.
	dirty atomic.Bool
	// mu serializes catching up; seq is the last change applied.
	mu         sync.Mutex
	seq        int64
	lastPruned time.Time
	stop, done chan struct{}
}

var _ domain.CatalogRepository = (*SearchIndex)(nil)

// followInterval is how often the index reads the changes other processes
// made; a listing published by another server shows within it.
const followInterval = 250 * time.Millisecond

// changesKept is how long catalog_changes keeps a change: far longer than
// any running process takes to read it. A process starting later loads
// the whole catalog anyway.
const changesKept = time.Hour

// SearchIndex returns the database's search index, loading it in the
// background on first use.
func (db *DB) SearchIndex() *SearchIndex {
	db.searchOnce.Do(func() {
		s := &SearchIndex{db: db, index: search.New(), store: db.Catalog(), log: slog.Default(),
			stop: make(chan struct{}), done: make(chan struct{})}
		db.search = s
		go s.run()
	})
	return db.search
}

// catalogChanged tells the search index, if there is one, that this process
// committed a change to the catalog.
func (db *DB) catalogChanged() {
	if s := db.search; s != nil {
		s.dirty.Store(true)
	}
}

// SearchCatalog answers from the index once it is loaded, else from the
// database.
func (s *SearchIndex) SearchCatalog(ctx context.Context, q domain.CatalogQuery) (domain.CatalogPage, error) {
	if !s.index.Ready() {
		return s.store.SearchCatalog(ctx, q)
	}
	if s.dirty.Swap(false) {
		if err := s.catchUp(ctx); err != nil {
			s.dirty.Store(true)
			return domain.CatalogPage{}, err
		}
	}
	return s.index.Search(q), nil
}

// WaitReady waits until the index is loaded or ctx ends, for tests and
// benchmarks that measure the index itself.
func (s *SearchIndex) WaitReady(ctx context.Context) error {
	for !s.index.Ready() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}

func (s *SearchIndex) close() {
	close(s.stop)
	<-s.done
}

// run loads the index, then follows the changes until close.
func (s *SearchIndex) run() {
	defer close(s.done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.stop
		cancel()
	}()
	for !s.index.Ready() {
		if err := s.load(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Error("search index: load failed, the database answers searches meanwhile", "err", err)
			select {
			case <-s.stop:
				return
			case <-time.After(5 * time.Second):
			}
		}
	}
	tick := time.NewTicker(followInterval)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			if err := s.catchUp(ctx); err != nil && ctx.Err() == nil {
				s.log.Error("search index: reading catalog changes failed", "err", err)
			}
		}
	}
}

// load reads every listing into the index. The changes numbered before the
// read are in it; those committed during the read are read again by the
// next catch-up, which is harmless.
func (s *SearchIndex) load(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var seq int64
	if err := s.db.conn(ctx).Raw("SELECT COALESCE(MAX(seq), 0) FROM catalog_changes").Scan(&seq).Error; err != nil {
		return domainError(err)
	}
	b := search.NewBuilder()
	if err := s.readListings(ctx, "", nil, b.Add); err != nil {
		return err
	}
	b.Install(s.index)
	s.seq = seq
	// Reading the catalog made garbage: give it back to the system now
	// rather than over the next minutes.
	debug.FreeOSMemory()
	return nil
}

// maxChangesRead bounds one catch-up's read of catalog_changes.
const maxChangesRead = 5000

// catchUp applies the changes numbered after the last one applied.
func (s *SearchIndex) catchUp(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		var changes []struct {
			Seq       int64
			ProductID string
		}
		err := s.db.conn(ctx).Raw("SELECT seq, product_id FROM catalog_changes WHERE seq > ? ORDER BY seq LIMIT ?", s.seq, maxChangesRead).
			Scan(&changes).Error
		if err != nil {
			return domainError(err)
		}
		if len(changes) == 0 {
			return s.prune(ctx)
		}
		ids := make([]string, 0, len(changes))
		seen := map[string]bool{}
		for _, c := range changes {
			if !seen[c.ProductID] {
				seen[c.ProductID] = true
				ids = append(ids, c.ProductID)
			}
		}
		if err := s.apply(ctx, ids); err != nil {
			return err
		}
		s.seq = changes[len(changes)-1].Seq
		if len(changes) < maxChangesRead {
			return nil
		}
	}
}

// apply puts the products' current catalog rows in the index, or takes
// them out when they have none.
func (s *SearchIndex) apply(ctx context.Context, ids []string) error {
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		listed := map[string]bool{}
		err := s.readListings(ctx, "e.product_id IN ?", []any{batch}, func(l search.Listing) {
			listed[l.Entry.ProductID] = true
			s.index.Put(l)
		})
		if err != nil {
			return err
		}
		for _, id := range batch {
			if !listed[id] {
				s.index.Remove(id)
			}
		}
	}
	return nil
}

// prune deletes the changes older than changesKept, once a minute.
func (s *SearchIndex) prune(ctx context.Context) error {
	now := time.Now()
	if now.Sub(s.lastPruned) < time.Minute {
		return nil
	}
	s.lastPruned = now
	err := s.db.conn(ctx).Exec("DELETE FROM catalog_changes WHERE changed_at < ?", now.Add(-changesKept).UTC()).Error
	return domainError(err)
}

// readListings reads catalog entries, all or those where says, with their
// words and, for private ones, the accounts that may see them, and hands
// each to each as it is read.
func (s *SearchIndex) readListings(ctx context.Context, where string, args []any, each func(search.Listing)) error {
	filter := ""
	if where != "" {
		filter = " WHERE " + where
	}
	allowed, err := s.readAllowed(ctx, filter, args)
	if err != nil {
		return err
	}
	rows, err := s.db.conn(ctx).Raw("SELECT e.product_id, e.account_id, e.privacy, e.title, e.short_description, e.type, e.pricing, "+
		"e.categories, e.published_at, e.terms FROM catalog_entries e"+filter, args...).Rows()
	if err != nil {
		return domainError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var l search.Listing
		var privacy, kind, pricing, categories, terms string
		e := &l.Entry
		if err := rows.Scan(&e.ProductID, &e.AccountID, &privacy, &e.Title, &e.ShortDescription, &kind, &pricing, &categories,
			&e.PublishedAt, &terms); err != nil {
			return domainError(err)
		}
		e.Type, e.Pricing = domain.ResourceKind(kind), domain.PricingModel(pricing)
		if err := json.Unmarshal([]byte(categories), &e.Categories); err != nil {
			return domain.Internal(err)
		}
		l.Terms = search.ParseTerms(terms)
		if l.Private = privacy != string(domain.PrivacyPublic); l.Private {
			l.Allowed = allowed[e.ProductID]
		}
		each(l)
	}
	return domainError(rows.Err())
}

// readAllowed reads the accounts that may see the private listings among
// the entries filter keeps, by product.
func (s *SearchIndex) readAllowed(ctx context.Context, filter string, args []any) (map[string][]string, error) {
	var rows []catalogAllowedRecord
	err := s.db.conn(ctx).Raw("SELECT a.product_id, a.account_id FROM catalog_allowed a JOIN catalog_entries e ON e.product_id = a.product_id"+
		filter+" ORDER BY a.account_id", args...).Scan(&rows).Error
	if err != nil {
		return nil, domainError(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[r.ProductID] = append(out[r.ProductID], r.AccountID)
	}
	return out, nil
}
