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

// AddVotes changes a participant's count on an idea by delta and returns the new count.
// The caller has checked budget and cap; the row is created on the first vote.
func (s *Store) AddVotes(ctx context.Context, workshopID, participantID, ideaID int64, delta int, now time.Time) (int, error) {
	v := Vote{WorkshopID: workshopID, ParticipantID: participantID, IdeaID: ideaID, Count: delta, UpdatedAt: now}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "participant_id"}, {Name: "idea_id"}},
		DoUpdates: clause.Assignments(map[string]any{
			"count":      gorm.Expr("votes.count + ?", delta),
			"updated_at": now,
		}),
	}).Create(&v).Error
	if err != nil {
		return 0, fmt.Errorf("store: add %d votes of participant %d on idea %d: %w", delta, participantID, ideaID, err)
	}
	var count int
	if err := s.db.WithContext(ctx).Model(&Vote{}).
		Where("participant_id = ? AND idea_id = ?", participantID, ideaID).Pluck("count", &count).Error; err != nil {
		return 0, fmt.Errorf("store: read votes of participant %d on idea %d: %w", participantID, ideaID, err)
	}
	return count, nil
}
