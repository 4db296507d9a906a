package models

import (
	"context"
	"fmt"
)

// Ideas lists a workshop's ideas in board order.
func (s *Store) Ideas(ctx context.Context, workshopID int64) ([]Idea, error) {
	var out []Idea
	if err := s.db.WithContext(ctx).Where("workshop_id = ?", workshopID).Order("position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: ideas of workshop %d: %w", workshopID, err)
	}
	return out, nil
}

// CreateIdea inserts an idea.
func (s *Store) CreateIdea(ctx context.Context, idea *Idea) error {
	if err := s.db.WithContext(ctx).Create(idea).Error; err != nil {
		return fmt.Errorf("store: create idea: %w", err)
	}
	return nil
}

// UpdateIdeaText replaces an idea's text.
func (s *Store) UpdateIdeaText(ctx context.Context, idea *Idea) error {
	res := s.db.WithContext(ctx).Model(idea).Select("text", "updated_at").Updates(idea)
	if res.Error != nil {
		return fmt.Errorf("store: edit idea %d: %w", idea.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: edit idea %d: %w", idea.ID, ErrNotFound)
	}
	return nil
}

// DeleteIdea removes an idea of a workshop.
func (s *Store) DeleteIdea(ctx context.Context, workshopID, ideaID int64) error {
	res := s.db.WithContext(ctx).Where("workshop_id = ?", workshopID).Delete(&Idea{}, ideaID)
	if res.Error != nil {
		return fmt.Errorf("store: delete idea %d: %w", ideaID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: delete idea %d: %w", ideaID, ErrNotFound)
	}
	return nil
}
