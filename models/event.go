package models

import (
	"context"
	"fmt"
)

// EventsSince returns up to limit events of a workshop with seq > after, in order.
func (s *Store) EventsSince(ctx context.Context, workshopID, after int64, limit int) ([]Event, error) {
	var out []Event
	err := s.db.WithContext(ctx).
		Where("workshop_id = ? AND seq > ?", workshopID, after).
		Order("seq").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: events of workshop %d since %d: %w", workshopID, after, err)
	}
	return out, nil
}

// CurrentSeq reads a workshop's last seq without locking it.
func (s *Store) CurrentSeq(ctx context.Context, workshopID int64) (int64, error) {
	var seq int64
	if err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).Pluck("last_seq", &seq).Error; err != nil {
		return 0, fmt.Errorf("store: read seq of workshop %d: %w", workshopID, err)
	}
	return seq, nil
}
