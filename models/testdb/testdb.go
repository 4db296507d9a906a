// Package testdb gives tests a fresh, migrated database: SQLite always, and
// PostgreSQL too when TEST_DATABASE_URL is set.
package testdb

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver, for the schema of each test
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
)

// Dialects lists the databases every database test runs on, as name → URL factory.
type Dialect struct {
	Name string
	// URL returns a database URL private to the test t; cleanup is registered on t.
	URL func(t testing.TB) string
}

// Dialects returns SQLite and, when TEST_DATABASE_URL is set, PostgreSQL.
func Dialects() []Dialect {
	ds := []Dialect{{Name: "sqlite", URL: sqliteURL}}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		ds = append(ds, Dialect{Name: "postgres", URL: postgresURL})
	}
	return ds
}

// PostgresURL returns a fresh PostgreSQL database URL private to t (see
// postgresURL), or "" when TEST_DATABASE_URL is not set. Tests of several
// processes on one database need it; SQLite belongs to one process.
func PostgresURL(t testing.TB) string {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		return ""
	}
	return postgresURL(t)
}

// Each runs fn once per dialect as a subtest, each with a fresh migrated store.
func Each(t *testing.T, fn func(t *testing.T, store *models.Store)) {
	for _, d := range Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			fn(t, Open(t, d.URL(t)))
		})
	}
}

// Open opens and migrates the database at url and closes it when t ends.
func Open(t testing.TB, databaseURL string) *models.Store {
	store, err := models.Open(databaseURL)
	require.NoError(t, err)
	t.Cleanup(func() { _ = store.Close() })
	return store
}

func sqliteURL(t testing.TB) string {
	return "sqlite://" + filepath.Join(t.TempDir(), "test.db")
}

// postgresURL creates a throwaway schema and points search_path at it, so
// tests in parallel packages never see each other's rows.
func postgresURL(t testing.TB) string {
	base := os.Getenv("TEST_DATABASE_URL")
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])

	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		_ = admin.Close()
	})

	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
