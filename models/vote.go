package models

import (
	"context"
	"fmt"

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

// SetVotes writes participants' counts on ideas, creating rows on the first
// vote, in one statement. The room holds the counts and has checked budget
// and cap; each (participant, idea) may appear once.
func (s *Store) SetVotes(ctx context.Context, votes []Vote) error {
	if len(votes) == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "participant_id"}, {Name: "idea_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"count", "updated_at"}),
	}).Create(&votes).Error
	if err != nil {
		return fmt.Errorf("store: set %d votes: %w", len(votes), err)
	}
	return nil
}
