package models

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/glebarez/sqlite"
)

// DatabaseDir is the directory of an SQLite database file, whose disk the
// database fills; "" for PostgreSQL or an in-memory database.
func (s *Store) DatabaseDir() string {
	d, ok := s.db.Dialector.(*sqlite.Dialector)
	if !ok {
		return ""
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(d.DSN, "file:"), "?")
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	if path == "" || path == ":memory:" {
		return ""
	}
	return filepath.Dir(path)
}
