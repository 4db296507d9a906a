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

// DeleteIdea removes an idea of a workshop and the votes on it; call it in a transaction.
func (s *Store) DeleteIdea(ctx context.Context, workshopID, ideaID int64) error {
	if err := s.db.WithContext(ctx).Where("workshop_id = ? AND idea_id = ?", workshopID, ideaID).Delete(&Vote{}).Error; err != nil {
		return fmt.Errorf("store: delete votes on idea %d: %w", ideaID, err)
	}
	res := s.db.WithContext(ctx).Where("workshop_id = ?", workshopID).Delete(&Idea{}, ideaID)
	if res.Error != nil {
		return fmt.Errorf("store: delete idea %d: %w", ideaID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: delete idea %d: %w", ideaID, ErrNotFound)
	}
	return nil
}

// SetIdeaGroup puts ideas under a group idea, or takes them out with groupID nil.
func (s *Store) SetIdeaGroup(ctx context.Context, workshopID int64, ideaIDs []int64, groupID *int64) error {
	err := s.db.WithContext(ctx).Model(&Idea{}).Where("workshop_id = ? AND id IN ?", workshopID, ideaIDs).
		Update("group_id", groupID).Error
	if err != nil {
		return fmt.Errorf("store: group ideas %v under %v: %w", ideaIDs, groupID, err)
	}
	return nil
}

// UngroupMembers takes every idea out of a group, before the group idea is deleted.
func (s *Store) UngroupMembers(ctx context.Context, workshopID, groupID int64) error {
	err := s.db.WithContext(ctx).Model(&Idea{}).Where("workshop_id = ? AND group_id = ?", workshopID, groupID).
		Update("group_id", nil).Error
	if err != nil {
		return fmt.Errorf("store: ungroup members of %d: %w", groupID, err)
	}
	return nil
}
