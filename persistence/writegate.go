package persistence

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"
)

// SQLite lets one connection write at a time. A second writer waits in
// SQLite's busy handler, which sleeps and retries in steps of up to 100 ms
// and gives up with "database is locked" after the busy timeout: under 50
// concurrent writers some waited that long and failed, and latency was set
// by the sleeps. writeGate makes writers wait in Go instead, in a queue
// (first come, first served), for a turn that is handed over the moment
// the previous writer commits: the busy handler is left for other
// processes opening the same file.
//
// Every transaction takes the turn (they begin IMMEDIATE, so SQLite would
// make them wait for each other anyway), as does every statement outside a
// transaction except a SELECT. Reads run beside the writer, as WAL allows.
//
// On PostgreSQL, which lets writers work at once, the gate only counts the
// writes this process finished (see DB.writesDone).
type writeGate struct {
	pool *sql.DB
	// exclusive is set on SQLite: one writer at a time, in turns.
	exclusive bool
	turn      chan struct{}
	// writes counts the statements and transactions that may have written
	// and have ended (committed or not): what a read before the count
	// moved on may not have seen.
	writes atomic.Int64
	// reads holds the SELECTs run outside a transaction, prepared once:
	// SQLite compiling a page's GORM queries on every visit cost up to a
	// seventh of a signed-in page's time.
	reads readStatements
}

// maxReadStatements bounds the SELECTs kept prepared. The portal's queries
// are a few hundred; a query whose text varies with its arguments (IN
// lists) would otherwise make the cache grow without end.
const maxReadStatements = 1000

// readStatements is a bounded cache of prepared SELECTs, by query text.
type readStatements struct {
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// get returns query prepared on pool, or nil when the cache is full or it
// does not prepare (the caller then runs it unprepared).
func (r *readStatements) get(pool *sql.DB, query string) *sql.Stmt {
	r.mu.RLock()
	stmt, ok := r.stmts[query]
	full := len(r.stmts) >= maxReadStatements
	r.mu.RUnlock()
	if ok || full {
		return stmt
	}
	stmt, err := pool.Prepare(query)
	if err != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if kept, ok := r.stmts[query]; ok {
		stmt.Close()
		return kept
	}
	if r.stmts == nil {
		r.stmts = map[string]*sql.Stmt{}
	}
	r.stmts[query] = stmt
	return stmt
}

// maxGateWait bounds the wait for the turn, as the busy timeout bounded
// SQLite's: a writer that waits longer fails as it would have.
const maxGateWait = 30 * time.Second

var errGateTimeout = errors.New("database is locked: no turn to write within " + maxGateWait.String())

var (
	_ gorm.ConnPool         = (*writeGate)(nil)
	_ gorm.ConnPoolBeginner = (*writeGate)(nil)
	_ gorm.GetDBConnector   = (*writeGate)(nil)
)

// gateWrites puts a writeGate in front of the database's pool: one that
// hands out turns to write when exclusive (SQLite), one that only counts
// writes otherwise.
func gateWrites(g *gorm.DB, exclusive bool) (*writeGate, error) {
	pool, err := g.DB()
	if err != nil {
		return nil, err
	}
	gate := &writeGate{pool: pool, exclusive: exclusive, turn: make(chan struct{}, 1)}
	g.ConnPool = gate
	g.Statement.ConnPool = gate
	return gate, nil
}

// acquire waits for the turn to write.
func (w *writeGate) acquire(ctx context.Context) error {
	if !w.exclusive {
		return nil
	}
	select {
	case w.turn <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(maxGateWait)
	defer timer.Stop()
	select {
	case w.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return errGateTimeout
	}
}

// release counts a write that ended and hands the turn on.
func (w *writeGate) release() {
	w.writes.Add(1)
	if w.exclusive {
		<-w.turn
	}
}

// reads reports whether a statement only reads: a SELECT without RETURNING.
func reads(query string) bool {
	q := strings.TrimLeft(query, " \t\r\n(")
	return len(q) >= 6 && strings.EqualFold(q[:6], "select") && !strings.Contains(strings.ToUpper(q), "RETURNING")
}

// preparedRead returns a SELECT prepared once, on SQLite; nil elsewhere:
// PostgreSQL's driver (pgx) already keeps the statements it prepared per
// connection.
func (w *writeGate) preparedRead(query string) *sql.Stmt {
	if !w.exclusive {
		return nil
	}
	return w.reads.get(w.pool, query)
}

// PrepareContext prepares on the pool; GORM prepares only in its prepared
// statement mode, which the portal does not use.
func (w *writeGate) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return w.pool.PrepareContext(ctx, query)
}

// ExecContext runs a statement outside a transaction, in the write turn.
func (w *writeGate) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := w.acquire(ctx); err != nil {
		return nil, err
	}
	defer w.release()
	return w.pool.ExecContext(ctx, query, args...)
}

// QueryContext runs a query outside a transaction; one that may write
// (INSERT … RETURNING) waits for the turn.
func (w *writeGate) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if reads(query) {
		if stmt := w.preparedRead(query); stmt != nil {
			return stmt.QueryContext(ctx, args...)
		}
		return w.pool.QueryContext(ctx, query, args...)
	}
	if err := w.acquire(ctx); err != nil {
		return nil, err
	}
	defer w.release()
	return w.pool.QueryContext(ctx, query, args...)
}

// QueryRowContext is QueryContext for one row.
func (w *writeGate) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if reads(query) {
		if stmt := w.preparedRead(query); stmt != nil {
			return stmt.QueryRowContext(ctx, args...)
		}
		return w.pool.QueryRowContext(ctx, query, args...)
	}
	if err := w.acquire(ctx); err != nil {
		return w.pool.QueryRowContext(canceled(), query, args...) // a Row cannot be made with an error
	}
	defer w.release()
	return w.pool.QueryRowContext(ctx, query, args...)
}

// canceled is a context that has ended, for a Row that must fail.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// BeginTx waits for the turn and begins a transaction that keeps it until
// it commits or rolls back.
func (w *writeGate) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	if err := w.acquire(ctx); err != nil {
		return nil, err
	}
	tx, err := w.pool.BeginTx(ctx, opts)
	if err != nil {
		w.release()
		return nil, err
	}
	return &gatedTx{Tx: tx, gate: w}, nil
}

// GetDBConn gives GORM the pool behind the gate.
func (w *writeGate) GetDBConn() (*sql.DB, error) { return w.pool, nil }

// gatedTx is a transaction holding the write turn.
type gatedTx struct {
	*sql.Tx
	gate *writeGate
	done sync.Once
}

var (
	_ gorm.ConnPool    = (*gatedTx)(nil)
	_ gorm.TxCommitter = (*gatedTx)(nil)
)

// Commit commits and hands the turn on.
func (t *gatedTx) Commit() error {
	defer t.done.Do(t.gate.release)
	return t.Tx.Commit()
}

// Rollback rolls back and hands the turn on.
func (t *gatedTx) Rollback() error {
	defer t.done.Do(t.gate.release)
	return t.Tx.Rollback()
}

// GetDBConn gives GORM the pool behind the gate.
func (t *gatedTx) GetDBConn() (*sql.DB, error) { return t.gate.pool, nil }

// sqliteDriver is the SQLite driver with the portal's connection setup: no
// checkpoint on commit. By default the commit that takes the write-ahead
// log past 1,000 pages copies it into the database file and syncs the file
// while it holds the write turn; on this project's disks that took up to
// 1.4 s, and every writer queued behind it. A checkpointer goroutine does
// it instead, beside the writers (see checkpointer).
const sqliteDriver = "sqlite3_portal"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
		return err
	}})
}

// checkpointInterval is how often the checkpointer copies the write-ahead
// log into the database file.
const checkpointInterval = time.Second

// checkpointer runs passive checkpoints, which neither wait for nor block
// readers and the writer, until stop is closed, and a last one then.
func checkpointer(pool *sql.DB, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(checkpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			_, _ = pool.Exec("PRAGMA wal_checkpoint(PASSIVE)") // a failed checkpoint is retried on the next tick
		case <-stop:
			_, _ = pool.Exec("PRAGMA wal_checkpoint(PASSIVE)")
			return
		}
	}
}
