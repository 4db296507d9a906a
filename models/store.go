package models

import (
	"context"
	"errors"

	"gorm.io/gorm"
)

// Sentinel errors that handlers map to HTTP statuses and WebSocket error codes.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// Store is the only code that touches *gorm.DB.
type Store struct {
	db *gorm.DB
}

// InTx runs fn in one transaction; fn must use the Store it is given, never the outer one.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&Store{db: tx})
	})
}

// notFound turns gorm's record-not-found into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}
