package models

import (
	"context"
	"fmt"
)

// CreateParticipant inserts a participant; TokenHash must already be set.
func (s *Store) CreateParticipant(ctx context.Context, p *Participant) error {
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return fmt.Errorf("store: create participant: %w", err)
	}
	return nil
}

// ParticipantByToken finds a participant by the SHA-256 of its token.
func (s *Store) ParticipantByToken(ctx context.Context, tokenHash string) (*Participant, error) {
	var p Participant
	if err := s.db.WithContext(ctx).Where("token_hash = ?", tokenHash).First(&p).Error; err != nil {
		return nil, fmt.Errorf("store: participant by token: %w", notFound(err))
	}
	return &p, nil
}

// Participants lists a workshop's participants in join order.
func (s *Store) Participants(ctx context.Context, workshopID int64) ([]Participant, error) {
	var out []Participant
	if err := s.db.WithContext(ctx).Where("workshop_id = ?", workshopID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: participants of workshop %d: %w", workshopID, err)
	}
	return out, nil
}
