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

// SharedMapID returns the map a live (unrevoked, unexpired) link points to, and its organization.
func (s *Store) SharedMapID(ctx context.Context, tokenHash string, now time.Time) (mapID, orgID int64, err error) {
	var rows []struct{ MapID, OrganizationID int64 }
	err = s.db.WithContext(ctx).Table("map_shares").Select("map_shares.map_id, success_maps.organization_id").
		Joins("JOIN success_maps ON success_maps.id = map_shares.map_id").
		Where("map_shares.token_hash = ? AND map_shares.revoked = ? AND map_shares.expires_at > ?", tokenHash, false, now.UTC()).
		Limit(1).Scan(&rows).Error
	if err != nil {
		return 0, 0, fmt.Errorf("store: shared map: %w", err)
	}
	if len(rows) == 0 {
		return 0, 0, fmt.Errorf("store: shared map: %w", ErrNotFound)
	}
	return rows[0].MapID, rows[0].OrganizationID, nil
}
