package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// joinCodeAttempts bounds retries when a freshly drawn join code is taken.
const joinCodeAttempts = 8

// WorkshopListing is a workshop with its account's name, for lists and snapshots.
type WorkshopListing struct {
	Workshop    `gorm:"embedded"`
	AccountName string
}

// CreateWorkshop inserts w, and the ideas it starts with, under a join code
// from newCode, drawing again if a code is taken.
func (s *Store) CreateWorkshop(ctx context.Context, w *Workshop, seeds []Idea, newCode func() (string, error)) error {
	for range joinCodeAttempts {
		code, err := newCode()
		if err != nil {
			return fmt.Errorf("store: draw join code: %w", err)
		}
		w.ID, w.JoinCode = 0, code
		// One transaction per attempt: a taken code aborts it (PostgreSQL aborts
		// the whole transaction on an error), and the next attempt starts clean.
		err = s.InTx(ctx, func(tx *Store) error {
			if err := tx.db.Create(w).Error; err != nil {
				return err
			}
			for i := range seeds {
				seeds[i].ID, seeds[i].WorkshopID, seeds[i].Position = 0, w.ID, int64(i-len(seeds))
				if err := tx.db.Create(&seeds[i]).Error; err != nil {
					return fmt.Errorf("store: seed idea: %w", err)
				}
			}
			return nil
		})
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: create workshop: %w", err)
		}
		return nil
	}
	return fmt.Errorf("store: create workshop: no free join code after %d draws", joinCodeAttempts)
}

func (s *Store) workshopListings() *gorm.DB {
	return s.db.Model(&Workshop{}).
		Select("workshops.*, accounts.name AS account_name").
		Joins("JOIN accounts ON accounts.id = workshops.account_id")
}

// Workshops lists an organization's workshops, newest first, optionally of one account.
func (s *Store) Workshops(ctx context.Context, orgID, accountID int64) ([]WorkshopListing, error) {
	q := s.workshopListings().WithContext(ctx).Where("workshops.organization_id = ?", orgID).Order("workshops.id DESC")
	if accountID != 0 {
		q = q.Where("workshops.account_id = ?", accountID)
	}
	var out []WorkshopListing
	if err := q.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list workshops: %w", err)
	}
	return out, nil
}

// WorkshopInOrg loads one workshop of the organization with its account's name.
func (s *Store) WorkshopInOrg(ctx context.Context, orgID, id int64) (*WorkshopListing, error) {
	w, err := s.WorkshopByID(ctx, id)
	if err == nil && w.OrganizationID != orgID {
		return nil, fmt.Errorf("store: workshop %d: %w", id, ErrNotFound)
	}
	return w, err
}

// WorkshopByID loads one workshop, whoever it belongs to, with its
// account's name: for the live room and joins, which authorize otherwise.
func (s *Store) WorkshopByID(ctx context.Context, id int64) (*WorkshopListing, error) {
	var out []WorkshopListing
	if err := s.workshopListings().WithContext(ctx).Where("workshops.id = ?", id).Limit(1).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: workshop %d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: workshop %d: %w", id, ErrNotFound)
	}
	return &out[0], nil
}

// WorkshopByJoinCode finds the workshop a normalized join code belongs to.
func (s *Store) WorkshopByJoinCode(ctx context.Context, code string) (*Workshop, error) {
	var w Workshop
	if err := s.db.WithContext(ctx).Where("join_code = ?", code).First(&w).Error; err != nil {
		return nil, fmt.Errorf("store: workshop by join code: %w", notFound(err))
	}
	return &w, nil
}

// addSeq adds n to the workshop's last seq and returns the result in one
// statement (UPDATE … RETURNING, on SQLite and PostgreSQL alike): the seq
// is on the hot path of every command. With announce, the same statement
// queues the CommitChannel notification (PostgreSQL only; the payload is
// what ParseCommit reads).
func (s *Store) addSeq(ctx context.Context, workshopID, n int64, announce bool) (int64, error) {
	query := "UPDATE workshops SET last_seq = last_seq + ? WHERE id = ? RETURNING last_seq"
	args := []any{n, workshopID}
	if announce {
		query = "WITH s AS (" + query + ") SELECT s.last_seq, pg_notify(?, ? || ':' || s.last_seq)::text AS announced FROM s"
		args = append(args, CommitChannel, strconv.FormatInt(workshopID, 10))
	}
	var rows []struct{ LastSeq int64 }
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, ErrNotFound
	}
	return rows[0].LastSeq, nil
}

// SetPhase moves a workshop to a phase.
func (s *Store) SetPhase(ctx context.Context, workshopID int64, phase string) error {
	err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).Update("phase", phase).Error
	if err != nil {
		return fmt.Errorf("store: set phase of workshop %d: %w", workshopID, err)
	}
	return nil
}

// SetJoin changes a workshop's join code and whether it admits newcomers;
// a code another workshop holds gives ErrConflict.
func (s *Store) SetJoin(ctx context.Context, workshopID int64, code string, locked bool) error {
	err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).
		Updates(map[string]any{"join_code": code, "join_locked": locked}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("store: join code of workshop %d: %w", workshopID, ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("store: join code of workshop %d: %w", workshopID, err)
	}
	return nil
}

// CountParticipants counts a workshop's participants, removed ones included.
func (s *Store) CountParticipants(ctx context.Context, workshopID int64) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Participant{}).Where("workshop_id = ?", workshopID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count participants of workshop %d: %w", workshopID, err)
	}
	return n, nil
}

// SaveSettings stores a workshop's title and settings from w.
func (s *Store) SaveSettings(ctx context.Context, w *Workshop) error {
	err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", w.ID).Updates(map[string]any{
		"title": w.Title, "anonymous": w.Anonymous, "vote_budget": w.VoteBudget, "vote_cap": w.VoteCap,
		"hidden_until_reveal": w.HiddenUntilReveal,
	}).Error
	if err != nil {
		return fmt.Errorf("store: save settings of workshop %d: %w", w.ID, err)
	}
	return nil
}

// SetRevealed records that a column's vote totals are shown to everyone.
func (s *Store) SetRevealed(ctx context.Context, workshopID int64, column string) error {
	field := map[string]string{"ideal": "revealed_ideal", "first_steps": "revealed_steps"}[column]
	if field == "" {
		return fmt.Errorf("store: reveal: column %q has no votes", column)
	}
	if err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).Update(field, true).Error; err != nil {
		return fmt.Errorf("store: reveal %s of workshop %d: %w", column, workshopID, err)
	}
	return nil
}

// SaveTimer stores the phase timer's state from w.
func (s *Store) SaveTimer(ctx context.Context, w *Workshop) error {
	err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", w.ID).
		Select("timer_running", "timer_ends_at", "timer_remaining_ms", "timer_duration_ms").
		Updates(map[string]any{
			"timer_running": w.TimerRunning, "timer_ends_at": w.TimerEndsAt,
			"timer_remaining_ms": w.TimerRemainingMs, "timer_duration_ms": w.TimerDurationMs,
		}).Error
	if err != nil {
		return fmt.Errorf("store: save timer of workshop %d: %w", w.ID, err)
	}
	return nil
}
