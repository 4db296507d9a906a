package models

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// sqliteBusyTimeout is how long a SQLite statement waits for the write lock
// before failing; long enough to ride out a burst of commits.
const sqliteBusyTimeout = 5 * time.Second

// Open connects to the database named by a KIZUKI_DATABASE_URL-style URL
// (sqlite://PATH, or sqlite::memory:, for the embedded default;
// postgres://... for PostgreSQL), brings its schema up to date and returns
// the Store. A database migrated by a newer Kizuki gives ErrSchemaTooNew.
func Open(databaseURL string, opts ...Option) (*Store, error) {
	db, err := openDB(databaseURL)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db}
	for _, o := range opts {
		if err := o(db); err != nil {
			_ = s.Close()
			return nil, err
		}
	}
	if err := migrate(db); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// Option adjusts a database as it is opened.
type Option func(*gorm.DB) error

// StatementHook sees each statement before it runs: op is create, query,
// update, delete, row or raw; dest is what the statement reads into or
// writes from. An error fails the statement as the database would.
type StatementHook func(ctx context.Context, op string, dest any) error

// WithStatementHook runs hook before every statement: for observing the
// database, or for tests that make it fail or stall on purpose.
func WithStatementHook(hook StatementHook) Option {
	return func(db *gorm.DB) error {
		cb := db.Callback()
		for op, register := range map[string]func(string, func(*gorm.DB)) error{
			"create": cb.Create().Before("gorm:create").Register, "query": cb.Query().Before("gorm:query").Register,
			"update": cb.Update().Before("gorm:update").Register, "delete": cb.Delete().Before("gorm:delete").Register,
			"row": cb.Row().Before("gorm:row").Register, "raw": cb.Raw().Before("gorm:raw").Register,
		} {
			if err := register("kizuki:hook", func(tx *gorm.DB) {
				if err := hook(tx.Statement.Context, op, tx.Statement.Dest); err != nil {
					_ = tx.AddError(err)
				}
			}); err != nil {
				return err
			}
		}
		return nil
	}
}

// openDB connects without migrating.
func openDB(databaseURL string) (*gorm.DB, error) {
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // every write that needs one opens its own
		TranslateError:         true, // unique violations become gorm.ErrDuplicatedKey on both dialects
		PrepareStmt:            true, // the hot statements (votes, events, seq) are parsed once per connection
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	switch {
	case strings.HasPrefix(databaseURL, "sqlite:"):
		return openSQLite(strings.TrimPrefix(strings.TrimPrefix(databaseURL, "sqlite:"), "//"), cfg)
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		db, err := gorm.Open(postgres.Open(databaseURL), cfg)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		sqlDB, err := db.DB()
		if err != nil {
			return nil, err
		}
		sqlDB.SetMaxOpenConns(20)
		// As many idle as open: a burst of joins otherwise closes and reopens
		// sessions (126 during 1,000 joins with 10 idle), each a new backend.
		sqlDB.SetMaxIdleConns(20)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		return db, nil
	default:
		return nil, errors.New("database url must start with sqlite:// or postgres://")
	}
}

func openSQLite(path string, cfg *gorm.Config) (*gorm.DB, error) {
	if path == "" {
		return nil, errors.New("sqlite url needs a path, e.g. sqlite://kizuki.db")
	}
	q := url.Values{}
	// WAL with synchronous=FULL: a commit is on disk before it returns, so an
	// acknowledged write survives a crash or power loss.
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds()))
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	// SQLite has one writer; a single connection avoids SQLITE_BUSY between
	// our own connections and keeps in-memory databases shared.
	sqlDB.SetMaxOpenConns(1)
	pinAllocatorPages()
	return db, nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close releases the database connections.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
