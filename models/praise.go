package models

import (
	"context"
	"fmt"
	"time"
)

// Kinds of praise-feed entries.
const (
	PraiseKudos  = "kudos"  // a member thanks another
	PraiseWin    = "win"    // an opportunity won for a positive reason
	PraiseAction = "action" // a map action was completed
)

// Praise is one entry of an organization's praise feed; which ids are set
// depends on its kind.
type Praise struct {
	ID             int64
	OrganizationID int64
	Kind           string
	Text           string // kudos: the message; action: the action's text
	FromUserID     *int64
	ToUserID       *int64
	AccountID      *int64
	OpportunityID  *int64
	MapID          *int64
	CreatedAt      time.Time
}

// PraiseEntry is a praise with the names the feed shows, read when listed ("" once gone).
type PraiseEntry struct {
	Praise
	FromName     string
	ToName       string
	AccountName  string
	OfferingName string
	Reason       string
	MapTitle     string
}

// AddPraise posts an entry to the feed.
func (s *Store) AddPraise(ctx context.Context, p *Praise) error {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	}
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return fmt.Errorf("store: add praise: %w", err)
	}
	return nil
}

// PraiseFeed lists up to limit entries of the organization's feed older
// than the entry before (all when 0), newest first.
func (s *Store) PraiseFeed(ctx context.Context, orgID, before int64, limit int) ([]PraiseEntry, error) {
	q := s.db.WithContext(ctx).Table("praises").
		Select("praises.*, COALESCE(fu.name, '') AS from_name, COALESCE(tu.name, '') AS to_name, "+
			"COALESCE(accounts.name, '') AS account_name, COALESCE(offerings.name, '') AS offering_name, "+
			"COALESCE(opportunities.reason, '') AS reason, COALESCE(success_maps.title, '') AS map_title").
		Joins("LEFT JOIN users fu ON fu.id = praises.from_user_id AND fu.organization_id = praises.organization_id").
		Joins("LEFT JOIN users tu ON tu.id = praises.to_user_id AND tu.organization_id = praises.organization_id").
		Joins("LEFT JOIN accounts ON accounts.id = praises.account_id").
		Joins("LEFT JOIN opportunities ON opportunities.id = praises.opportunity_id").
		Joins("LEFT JOIN offerings ON offerings.id = opportunities.offering_id").
		Joins("LEFT JOIN success_maps ON success_maps.id = praises.map_id").
		Where("praises.organization_id = ?", orgID)
	if before > 0 {
		q = q.Where("praises.id < ?", before)
	}
	out := []PraiseEntry{}
	if err := q.Order("praises.id DESC").Limit(limit).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: praise feed of organization %d: %w", orgID, err)
	}
	return out, nil
}

// PraiseByID loads one entry of the organization's feed with its names.
func (s *Store) PraiseByID(ctx context.Context, orgID, id int64) (*PraiseEntry, error) {
	list, err := s.PraiseFeed(ctx, orgID, id+1, 1)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || list[0].ID != id {
		return nil, fmt.Errorf("store: praise %d: %w", id, ErrNotFound)
	}
	return &list[0], nil
}
