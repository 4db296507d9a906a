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

// KickParticipant marks a participant removed; their token stops working.
func (s *Store) KickParticipant(ctx context.Context, workshopID, participantID int64) error {
	res := s.db.WithContext(ctx).Model(&Participant{}).Where("workshop_id = ? AND id = ?", workshopID, participantID).
		Update("kicked", true)
	if res.Error != nil {
		return fmt.Errorf("store: kick participant %d: %w", participantID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: kick participant %d: %w", participantID, ErrNotFound)
	}
	return nil
}
