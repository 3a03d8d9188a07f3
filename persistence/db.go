// Package persistence stores the domain's entities with GORM, on SQLite by
// default or on PostgreSQL for several server processes. Nothing outside this
// package mentions GORM.
package persistence

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/mlportal/portal/domain"
)

// Dialects the portal runs on.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// sqlitePragmas are added to every SQLite file DSN: WAL lets readers work
// while one writer writes, foreign keys are off by default in SQLite, a busy
// timeout waits for the writer instead of failing, and immediate transactions
// take the write lock up front so two writers never deadlock upgrading a read.
// Each connection caches 16 MB of pages (the default is 2 MB).
const sqlitePragmas = "_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate&_synchronous=NORMAL&_cache_size=-16384"

// maxSQLiteConns caps one process's SQLite connections. SQLite works on the
// calling goroutine's thread: more connections than a few per core only add
// page caches (each up to 16 MB) competing for the same cores, and under
// load they grew the process past half a gigabyte. Beyond the cap, queries
// wait for a connection.
var maxSQLiteConns = max(6, 3*runtime.NumCPU())

// maxIdleConns keeps connections, and with them their page caches, open
// between bursts of requests instead of Go's default of two.
const maxIdleConns = 32

// maxPostgresConns caps one process's PostgreSQL connections: without a cap
// a burst of requests opens one connection each until the server's
// max_connections (100 by default) refuses the next with an error, which
// the pages would show as 500. With the cap they queue for a connection, and
// three processes still fit under the default.
const maxPostgresConns = 32

// DB is the portal's database handle.
type DB struct {
	gorm    *gorm.DB
	dialect string
	// stopCheckpoints ends the SQLite checkpointer, which closes
	// checkpointsDone when it has returned.
	stopCheckpoints, checkpointsDone chan struct{}
	closeOnce                        sync.Once
	// statements are the prepared statements of queryRow, by query.
	statements sync.Map
	// search is the in-memory search index, made on first use.
	searchOnce sync.Once
	search     *SearchIndex
	// gate stands before the pool: SQLite's writers in turns, and the
	// count of writes on both databases.
	gate *writeGate
	// Values every visit of a page reads, kept as long as they are fresh
	// (see freshCache): product revisions (ProductRevision), counts of
	// unread notifications (UnreadCount), the overview's change sets,
	// requests and seller's steps, sessions with their user (Session) and
	// buyers' active subscriptions.
	revisions, unread freshCache[int]
	changeSets        freshCache[[]domain.ChangeSet]
	productRequests   freshCache[[]domain.TestAccountRequest]
	sellerSteps       freshCache[domain.Readiness]
	sessions          freshCache[domain.SessionRecord]
	subscriptions     freshCache[[]domain.Subscription]
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn (a postgres:// URL, or else a SQLite file path whose
// folder is created if needed) and brings its schema up to date.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*DB, error) {
	var lastErr error
	for attempt := range 8 {
		db, err := openOnce(ctx, dsn, log)
		if err == nil || IsPostgres(dsn) || !strings.Contains(err.Error(), "database is locked") {
			return db, err
		}
		// Two processes opening one new SQLite file at once can both try to
		// switch it to WAL; SQLite answers that without waiting for the busy
		// timeout, so wait a little and try again.
		lastErr = err
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 50 * time.Millisecond):
		}
	}
	return nil, lastErr
}

func openOnce(ctx context.Context, dsn string, log *slog.Logger) (*DB, error) {
	db, err := connect(ctx, dsn, log)
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx, ""); err != nil {
		db.Close()
		return nil, err
	}
	if !IsPostgres(dsn) {
		if err := makePrivate(sqliteFile(dsn)); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// onDisk reports whether a SQLite DSN names a file rather than an in-memory
// database.
func onDisk(file, query string) bool {
	return file != ":memory:" && !strings.Contains(query, "mode=memory")
}

// makePrivate gives the SQLite file, and the -wal and -shm files WAL mode
// keeps beside it, mode 0600 whatever the umask: they hold password hashes,
// sessions and sellers' tax and bank details. SQLite creates the -wal and
// -shm files later on with the database file's mode, so this holds for them
// too. A file created 0644 by an older version is made private here as well.
func makePrivate(file, query string) error {
	if !onDisk(file, query) {
		return nil
	}
	for _, f := range []string{file, file + "-wal", file + "-shm"} {
		if err := os.Chmod(f, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("make the database file private: %w", err)
		}
	}
	return nil
}

// slowQuery is how long a statement may run before it is logged as slow.
const slowQuery = 500 * time.Millisecond

// sqlLogger logs failed statements at ERROR and slow ones at WARN, always as
// parameterised SQL: the values bound to a statement are password hashes,
// session data, legal names and addresses, which must never reach the log.
func sqlLogger(log *slog.Logger, slow time.Duration) logger.Interface {
	return quietConflicts{logger.NewSlogLogger(log, logger.Config{
		SlowThreshold:             slow,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
	})}
}

// quietConflicts does not log a unique-key clash as an error: it is an
// answer, which the stores turn into a conflict (such as a sign-up with a
// registered email). Logged at ERROR, it would let any visitor fill the log
// with errors, and tell its reader which emails have accounts.
type quietConflicts struct{ logger.Interface }

// LogMode keeps the wrapper around the logger at its new level.
func (q quietConflicts) LogMode(level logger.LogLevel) logger.Interface {
	return quietConflicts{q.Interface.LogMode(level)}
}

// ParamsFilter keeps the wrapped logger's promise that statements are
// logged with placeholders, never with their values: GORM asks the logger
// itself for this, so a wrapper that does not pass it on logs every value.
func (q quietConflicts) ParamsFilter(ctx context.Context, sql string, params ...any) (string, []any) {
	if f, ok := q.Interface.(gormParamsFilter); ok {
		return f.ParamsFilter(ctx, sql, params...)
	}
	return sql, nil
}

// gormParamsFilter is GORM's interface for a logger that hides values.
type gormParamsFilter interface {
	ParamsFilter(ctx context.Context, sql string, params ...any) (string, []any)
}

// Trace logs the statement as a success when it only clashed with a unique
// key, or was cut short because its request or the server ended (so only
// if slow, or at Info level): neither is a failure of the database.
func (q quietConflicts) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if errors.Is(err, gorm.ErrDuplicatedKey) || errors.Is(err, context.Canceled) {
		err = nil
	}
	q.Interface.Trace(ctx, begin, fc, err)
}

// connect opens the database without touching its schema.
func connect(ctx context.Context, dsn string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := &gorm.Config{
		TranslateError: true,
		Logger:         sqlLogger(log, slowQuery),
		NowFunc:        func() time.Time { return time.Now().UTC() },
	}
	var dialector gorm.Dialector
	dialect := DialectSQLite
	if IsPostgres(dsn) {
		dialect = DialectPostgres
		dialector = postgres.Open(dsn)
	} else {
		path, err := sqlitePath(dsn)
		if err != nil {
			return nil, err
		}
		dialector = sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: path})
	}
	g, err := gorm.Open(dialector, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	db := &DB{gorm: g, dialect: dialect}
	if db.gate, err = gateWrites(g, dialect == DialectSQLite); err != nil {
		return nil, err
	}
	if dialect == DialectSQLite {
		if onDisk(sqliteFile(dsn)) {
			pool, _ := g.DB()
			db.stopCheckpoints, db.checkpointsDone = make(chan struct{}), make(chan struct{})
			go checkpointer(pool, db.stopCheckpoints, db.checkpointsDone)
		}
	}
	if sqlDB, err := g.DB(); err == nil {
		sqlDB.SetMaxIdleConns(maxIdleConns)
		if dialect == DialectPostgres {
			sqlDB.SetMaxOpenConns(maxPostgresConns)
		} else {
			sqlDB.SetMaxOpenConns(maxSQLiteConns)
		}
	}
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// sqliteFile returns the file a SQLite DSN names, and its query.
func sqliteFile(dsn string) (file, query string) {
	file, query, _ = strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
	return file, query
}

// sqlitePath creates the folder of a SQLite file, and the file itself
// readable and writable by its owner only, and adds the pragmas.
func sqlitePath(dsn string) (string, error) {
	file, query := sqliteFile(dsn)
	if file == "" {
		return "", errors.New("empty SQLite path")
	}
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return "", fmt.Errorf("create database folder: %w", err)
		}
	}
	if onDisk(file, query) {
		f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			err = f.Close()
		}
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("create database file: %w", err)
		}
	}
	if query != "" {
		query += "&"
	}
	return "file:" + file + "?" + query + sqlitePragmas, nil
}

// Dialect returns DialectSQLite or DialectPostgres.
func (db *DB) Dialect() string { return db.dialect }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close releases the connections.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		db.searchOnce.Do(func() {}) // no index is made after Close
		if db.search != nil {
			db.search.close()
		}
		if db.stopCheckpoints != nil {
			close(db.stopCheckpoints)
			<-db.checkpointsDone
		}
	})
	sqlDB, err := db.gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// conn returns a GORM session bound to ctx: the transaction ctx carries
// (see InTransaction), else the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx)
	}
	return db.gorm.WithContext(ctx)
}

// queryRow runs a query of one row, written with $1, $2… placeholders
// (which both SQLite and PostgreSQL read), through a statement prepared
// once per process: for the reads every page makes, GORM's building of the
// query and SQLite's compiling of it cost more than the read itself. In a
// transaction of ctx it runs in the transaction.
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx).Raw(query, args...).Row()
	}
	stmt, err := db.prepared(query)
	if err != nil {
		return db.gorm.WithContext(ctx).Raw(query, args...).Row()
	}
	return stmt.QueryRowContext(ctx, args...)
}

// queryRows is queryRow for a query of several rows.
func (db *DB) queryRows(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx.WithContext(ctx).Raw(query, args...).Rows()
	}
	stmt, err := db.prepared(query)
	if err != nil {
		return db.gorm.WithContext(ctx).Raw(query, args...).Rows()
	}
	return stmt.QueryContext(ctx, args...)
}

// prepared returns the statement of query, prepared on first use.
func (db *DB) prepared(query string) (*sql.Stmt, error) {
	if s, ok := db.statements.Load(query); ok {
		return s.(*sql.Stmt), nil
	}
	pool, err := db.gorm.DB()
	if err != nil {
		return nil, err
	}
	stmt, err := pool.Prepare(query)
	if err != nil {
		return nil, err
	}
	if s, loaded := db.statements.LoadOrStore(query, stmt); loaded {
		stmt.Close()
		return s.(*sql.Stmt), nil
	}
	return stmt, nil
}

// txKey is the context key of the transaction InTransaction opened.
type txKey struct{}

// InTransaction runs fn in one database transaction: every store call made
// with the context fn receives joins it (a store's own transaction becomes a
// savepoint), so several use cases commit together or not at all, as the
// changes of one Catalog API change set must. Inside a transaction already,
// fn simply joins it.
func (db *DB) InTransaction(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	err := db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(context.WithValue(ctx, txKey{}, tx))
	})
	if err == nil {
		// A store's own commit became part of this one: whatever it changed
		// in the catalog is visible only now.
		db.catalogChanged()
	}
	return err
}
