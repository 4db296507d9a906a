package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Invitation is a link that lets one person join an organization with a
// role; only the SHA-256 of its token is stored.
type Invitation struct {
	ID             int64
	OrganizationID int64
	Email          string
	Role           string
	TokenHash      string
	ExpiresAt      time.Time
	AcceptedAt     *time.Time
	RevokedAt      *time.Time
	CreatedBy      int64
	CreatedAt      time.Time
}

// Invitation states.
const (
	InvitationPending  = "pending"
	InvitationAccepted = "accepted"
	InvitationRevoked  = "revoked"
	InvitationExpired  = "expired"
)

// Status is what the invitation's link does at now.
func (inv *Invitation) Status(now time.Time) string {
	switch {
	case inv.AcceptedAt != nil:
		return InvitationAccepted
	case inv.RevokedAt != nil:
		return InvitationRevoked
	case !now.Before(inv.ExpiresAt):
		return InvitationExpired
	}
	return InvitationPending
}

// ErrInvitationUnusable wraps the reason an invitation's link no longer works.
type ErrInvitationUnusable struct{ Status string }

func (e *ErrInvitationUnusable) Error() string { return "invitation is " + e.Status }

// CreateInvitation stores an invitation.
func (s *Store) CreateInvitation(ctx context.Context, inv *Invitation) error {
	inv.ExpiresAt = inv.ExpiresAt.UTC()
	if err := s.db.WithContext(ctx).Create(inv).Error; err != nil {
		return fmt.Errorf("store: create invitation: %w", err)
	}
	return nil
}

// Invitations lists an organization's invitations, newest first.
func (s *Store) Invitations(ctx context.Context, orgID int64) ([]Invitation, error) {
	var out []Invitation
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: invitations of organization %d: %w", orgID, err)
	}
	return out, nil
}

// InvitationByToken finds an invitation by its token hash, whatever its state.
func (s *Store) InvitationByToken(ctx context.Context, tokenHash string) (*Invitation, error) {
	var inv Invitation
	if err := s.db.WithContext(ctx).Where("token_hash = ?", tokenHash).First(&inv).Error; err != nil {
		return nil, fmt.Errorf("store: invitation by token: %w", notFound(err))
	}
	return &inv, nil
}

// RevokeInvitation ends a pending invitation; one already accepted gives ErrConflict.
func (s *Store) RevokeInvitation(ctx context.Context, orgID, id int64, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Invitation{}).Scopes(inOrg(orgID)).
		Where("id = ? AND accepted_at IS NULL", id).Update("revoked_at", gorm.Expr("COALESCE(revoked_at, ?)", now.UTC()))
	if res.Error != nil {
		return fmt.Errorf("store: revoke invitation %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		var n int64
		if err := s.db.WithContext(ctx).Model(&Invitation{}).Scopes(inOrg(orgID)).Where("id = ?", id).Count(&n).Error; err != nil {
			return fmt.Errorf("store: revoke invitation %d: %w", id, err)
		}
		if n > 0 {
			return fmt.Errorf("store: revoke accepted invitation %d: %w", id, ErrConflict)
		}
		return fmt.Errorf("store: revoke invitation %d: %w", id, ErrNotFound)
	}
	return nil
}

// AcceptInvitation creates u in the invitation's organization with its
// email and role, and marks the invitation used, in one transaction: two
// people racing on one link get one account between them.
func (s *Store) AcceptInvitation(ctx context.Context, tokenHash string, u *User, now time.Time) (*Invitation, error) {
	var inv Invitation
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.Where("token_hash = ?", tokenHash).First(&inv).Error; err != nil {
			return fmt.Errorf("store: invitation by token: %w", notFound(err))
		}
		if st := inv.Status(now); st != InvitationPending {
			return &ErrInvitationUnusable{Status: st}
		}
		// The conditional update is the claim: only one transaction changes the row.
		res := tx.db.Model(&Invitation{}).Where("id = ? AND accepted_at IS NULL AND revoked_at IS NULL", inv.ID).Update("accepted_at", now.UTC())
		if res.Error != nil {
			return fmt.Errorf("store: accept invitation %d: %w", inv.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return &ErrInvitationUnusable{Status: InvitationAccepted}
		}
		u.OrganizationID, u.Email, u.Role = inv.OrganizationID, inv.Email, inv.Role
		return tx.CreateUser(ctx, u)
	})
	if err != nil {
		var unusable *ErrInvitationUnusable
		if errors.As(err, &unusable) {
			return nil, unusable
		}
		return nil, err
	}
	return &inv, nil
}
