package models

import "gorm.io/gorm"

// MigrateTo lets tests build a database as an older Kizuki left it.
var MigrateTo = migrateTo

// OpenUnmigrated opens a database without migrating it.
func OpenUnmigrated(url string) (*Store, error) {
	db, err := openDB(url)
	if err != nil {
		return nil, err
	}
	return &Store{db: db}, nil
}

// DB is the store's database, for tests of the models package.
func (s *Store) DB() *gorm.DB { return s.db }
