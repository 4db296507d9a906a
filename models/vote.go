package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Votes lists a workshop's non-zero votes.
func (s *Store) Votes(ctx context.Context, workshopID int64) ([]Vote, error) {
	var out []Vote
	if err := s.db.WithContext(ctx).Where("workshop_id = ? AND count > 0", workshopID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: votes of workshop %d: %w", workshopID, err)
	}
	return out, nil
}

// AddVotes changes a participant's count on an idea by delta. The caller
// holds the current count and has checked budget and cap; the row is created
// on the first vote.
func (s *Store) AddVotes(ctx context.Context, workshopID, participantID, ideaID int64, delta int, now time.Time) error {
	v := Vote{WorkshopID: workshopID, ParticipantID: participantID, IdeaID: ideaID, Count: delta, UpdatedAt: now}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "participant_id"}, {Name: "idea_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			"count":      gorm.Expr("votes.count + ?", delta),
			"updated_at": now,
		}),
	}).Create(&v).Error
	if err != nil {
		return fmt.Errorf("store: add %d votes of participant %d on idea %d: %w", delta, participantID, ideaID, err)
	}
	return nil
}
