package models

import (
	"context"
	"errors"
	"fmt"
	"gorm.io/gorm"
)

// AppendEvent writes an event; its seq must come from NextSeq in the same transaction.
// A taken command id gives ErrDuplicateCommand.
func (s *Store) AppendEvent(ctx context.Context, e *Event) error {
	err := s.db.WithContext(ctx).Create(e).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("store: append event %d/%d: %w", e.WorkshopID, e.Seq, ErrDuplicateCommand)
	}
	if err != nil {
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

// CurrentSeq reads a workshop's last seq without locking it.
func (s *Store) CurrentSeq(ctx context.Context, workshopID int64) (int64, error) {
	var seq int64
	if err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).Pluck("last_seq", &seq).Error; err != nil {
		return 0, fmt.Errorf("store: read seq of workshop %d: %w", workshopID, err)
	}
	return seq, nil
}

// LockSeq row-locks the workshop for the rest of the transaction and returns
// its last seq; the caller numbers its events from there and ends with SetLastSeq.
func (s *Store) LockSeq(ctx context.Context, workshopID int64) (int64, error) {
	seq, err := s.addSeq(ctx, workshopID, 0, false)
	if err != nil {
		return 0, fmt.Errorf("store: lock seq of workshop %d: %w", workshopID, err)
	}
	return seq, nil
}

// SetLastSeq records the last seq a transaction used.
func (s *Store) SetLastSeq(ctx context.Context, workshopID, seq int64) error {
	if err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).UpdateColumn("last_seq", seq).Error; err != nil {
		return fmt.Errorf("store: set seq of workshop %d: %w", workshopID, err)
	}
	return nil
}

// AppendEvents writes several events in one statement.
func (s *Store) AppendEvents(ctx context.Context, events []Event) error {
	if len(events) == 0 {
		return nil
	}
	if err := s.db.WithContext(ctx).Create(&events).Error; err != nil {
		return fmt.Errorf("store: append %d events: %w", len(events), err)
	}
	return nil
}

// CommandSeqs finds which of the given command ids already produced events in
// a workshop, keyed by actor + "\x00" + command id, in one query.
func (s *Store) CommandSeqs(ctx context.Context, workshopID int64, commandIDs []string) (map[string]int64, error) {
	out := make(map[string]int64)
	if len(commandIDs) == 0 {
		return out, nil
	}
	var rows []Event
	err := s.db.WithContext(ctx).Select("seq", "actor", "command_id").
		Where("workshop_id = ? AND command_id IN ?", workshopID, commandIDs).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: events of %d commands: %w", len(commandIDs), err)
	}
	for _, e := range rows {
		out[e.Actor+"\x00"+*e.CommandID] = e.Seq
	}
	return out, nil
}
