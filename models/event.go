package models

import (
	"context"
	"fmt"
)

// AppendEvent writes an event; its seq must come from NextSeq in the same transaction.
func (s *Store) AppendEvent(ctx context.Context, e *Event) error {
	if err := s.db.WithContext(ctx).Create(e).Error; err != nil {
		return fmt.Errorf("store: append event %d/%d: %w", e.WorkshopID, e.Seq, err)
	}
	return nil
}

// EventByCommand finds the event a command id produced, for idempotent retries.
func (s *Store) EventByCommand(ctx context.Context, workshopID int64, actor, commandID string) (*Event, error) {
	var e Event
	err := s.db.WithContext(ctx).
		Where("workshop_id = ? AND actor = ? AND command_id = ?", workshopID, actor, commandID).
		First(&e).Error
	if err != nil {
		return nil, fmt.Errorf("store: event by command: %w", notFound(err))
	}
	return &e, nil
}

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
