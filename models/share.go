package models

import (
	"context"
	"fmt"
	"time"
)

// CreateShare stores a read-only link to a map.
func (s *Store) CreateShare(ctx context.Context, sh *MapShare) error {
	if err := s.db.WithContext(ctx).Create(sh).Error; err != nil {
		return fmt.Errorf("store: share map %d: %w", sh.MapID, err)
	}
	return nil
}

// Shares lists a map's links, newest first.
func (s *Store) Shares(ctx context.Context, mapID int64) ([]MapShare, error) {
	var out []MapShare
	if err := s.db.WithContext(ctx).Where("map_id = ?", mapID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: shares of map %d: %w", mapID, err)
	}
	return out, nil
}

// RevokeShare ends a link before it expires.
func (s *Store) RevokeShare(ctx context.Context, mapID, shareID int64) error {
	res := s.db.WithContext(ctx).Model(&MapShare{}).Where("map_id = ? AND id = ?", mapID, shareID).Update("revoked", true)
	if res.Error != nil {
		return fmt.Errorf("store: revoke share %d: %w", shareID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: revoke share %d: %w", shareID, ErrNotFound)
	}
	return nil
}

// SharedMapID returns the map a live (unrevoked, unexpired) link points to.
func (s *Store) SharedMapID(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var sh MapShare
	err := s.db.WithContext(ctx).Where("token_hash = ? AND revoked = ? AND expires_at > ?", tokenHash, false, now.UTC()).First(&sh).Error
	if err != nil {
		return 0, fmt.Errorf("store: shared map: %w", notFound(err))
	}
	return sh.MapID, nil
}
