package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// CommandKey names a command: who sent it (the actor stored on its event)
// and the id they gave it. A retried command comes with the same key.
type CommandKey struct{ Actor, ID string }

// BatchFill writes a batch's commands in tx, the transaction CommitBatch
// holds: last is the workshop's seq before the batch, and committed gives
// the seq of each command that committed before under its key (a retry: it
// must not run again). It returns the events of the commands it ran,
// numbered on from last without gaps, and the votes they set.
type BatchFill func(tx *Store, last int64, committed map[CommandKey]int64) ([]Event, []Vote, error)

// errNothingToCommit rolls back a batch whose commands were all refused or retries.
var errNothingToCommit = errors.New("nothing to commit")

// CommitBatch commits a live workshop's batch of commands in one
// transaction: it locks the workshop's seq, finds which commands are
// retries, lets fill write the rest, then writes their votes and events in
// one statement each, moves the seq and announces the commit to other
// processes (PostgreSQL), delivered only if it commits. A batch without
// events changes nothing.
//
// A batch of one takes its seq and queues the announcement in one
// statement, so a single command costs no round trip more than its own rows.
func (s *Store) CommitBatch(ctx context.Context, workshopID int64, commands []CommandKey, fill BatchFill) error {
	reserve := int64(len(commands))
	err := s.InTx(ctx, func(tx *Store) error {
		announced := tx.Shared() && reserve == 1
		top, err := tx.addSeq(ctx, workshopID, reserve, announced)
		if err != nil {
			return fmt.Errorf("store: lock seq of workshop %d: %w", workshopID, err)
		}
		committed, err := tx.commandSeqs(ctx, workshopID, commands)
		if err != nil {
			return err
		}
		last := top - reserve
		events, votes, err := fill(tx, last, committed)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return errNothingToCommit
		}
		if err := tx.SetVotes(ctx, votes); err != nil {
			return err
		}
		if err := tx.appendEvents(ctx, events); err != nil {
			return err
		}
		if used := events[len(events)-1].Seq; used != top || (tx.Shared() && !announced) {
			// Give back the seqs refused commands and retries did not use, and announce the last one.
			if _, err := tx.addSeq(ctx, workshopID, used-top, tx.Shared()); err != nil {
				return fmt.Errorf("store: set seq of workshop %d: %w", workshopID, err)
			}
		}
		return nil
	})
	if errors.Is(err, errNothingToCommit) {
		return nil
	}
	return err
}

// appendEvents writes a batch's events in one statement; a command key
// that already has an event gives ErrDuplicateCommand.
func (s *Store) appendEvents(ctx context.Context, events []Event) error {
	err := s.db.WithContext(ctx).Create(&events).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("store: append %d events: %w", len(events), ErrDuplicateCommand)
	}
	if err != nil {
		return fmt.Errorf("store: append %d events: %w", len(events), err)
	}
	return nil
}

// commandSeqs finds which commands already produced events in a workshop, in one query.
func (s *Store) commandSeqs(ctx context.Context, workshopID int64, commands []CommandKey) (map[CommandKey]int64, error) {
	out := make(map[CommandKey]int64)
	if len(commands) == 0 {
		return out, nil
	}
	ids := make([]string, len(commands))
	for i, c := range commands {
		ids[i] = c.ID
	}
	var rows []Event
	err := s.db.WithContext(ctx).Select("seq", "actor", "command_id").
		Where("workshop_id = ? AND command_id IN ?", workshopID, ids).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: events of %d commands: %w", len(commands), err)
	}
	for _, e := range rows {
		out[CommandKey{Actor: e.Actor, ID: *e.CommandID}] = e.Seq
	}
	return out, nil
}
