package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// PortfolioFilter narrows the accounts of the portfolio; empty fields match all.
type PortfolioFilter struct {
	OrganizationID int64 // required: whose portfolio
	Stage          string
	OwnerID        *int64 // a member id, or 0 for accounts nobody owns
	Industry       string
	SizeBand       string
	Condition      string
}

// PortfolioAccount is what the matrix shows of an account: only these
// columns are read, so 5,000 accounts stay a light query.
type PortfolioAccount struct {
	ID                 int64
	Name               string
	Industry           string
	SizeBand           string
	UsageX             int
	UsageY             int
	Stage              string
	Condition          string
	ConditionCheckedAt *time.Time
	OwnerID            *int64
	MRR                int64 `gorm:"column:mrr"`
	Currency           string
	Seats              int
	ExternalID         *string
}

// portfolioColumns are the columns PortfolioAccount reads.
var portfolioColumns = []string{"id", "name", "industry", "size_band", "usage_x", "usage_y", "stage", "condition",
	"condition_checked_at", "owner_id", "mrr", "currency", "seats", "external_id"}

// PortfolioAccounts lists the accounts matching f, by name, in one query.
func (s *Store) PortfolioAccounts(ctx context.Context, f PortfolioFilter) ([]PortfolioAccount, error) {
	q := s.db.WithContext(ctx).Model(&Account{}).Select(portfolioColumns).Scopes(inOrg(f.OrganizationID))
	if f.Stage != "" {
		q = q.Where("stage = ?", f.Stage)
	}
	if f.OwnerID != nil {
		if *f.OwnerID == 0 {
			q = q.Where("owner_id IS NULL")
		} else {
			q = q.Where("owner_id = ?", *f.OwnerID)
		}
	}
	if f.Industry != "" {
		q = q.Where("industry = ?", f.Industry)
	}
	if f.SizeBand != "" {
		q = q.Where("size_band = ?", f.SizeBand)
	}
	if f.Condition != "" {
		q = q.Where("condition = ?", f.Condition)
	}
	var out []PortfolioAccount
	if err := q.Order("name, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: portfolio of organization %d: %w", f.OrganizationID, err)
	}
	return out, nil
}

// PortfolioPlay is the recommended play for the accounts in one cell of
// the matrix: what to do, and optionally the template to run it with.
type PortfolioPlay struct {
	OrganizationID int64 `gorm:"primaryKey;autoIncrement:false"`
	X              int   `gorm:"primaryKey;autoIncrement:false"`
	Y              int   `gorm:"primaryKey;autoIncrement:false"`
	Action         string
	TemplateID     *int64
	TemplateName   string `gorm:"->;-:migration"` // read with the play, never written
	UpdatedBy      int64
	UpdatedAt      time.Time
}

// Plays lists an organization's plays with their templates' names.
func (s *Store) Plays(ctx context.Context, orgID int64) ([]PortfolioPlay, error) {
	var out []PortfolioPlay
	err := s.db.WithContext(ctx).Table("portfolio_plays").
		Select("portfolio_plays.*, COALESCE(templates.name, '') AS template_name").
		Joins("LEFT JOIN templates ON templates.id = portfolio_plays.template_id").
		Where("portfolio_plays.organization_id = ?", orgID).Order("y, x").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: plays of organization %d: %w", orgID, err)
	}
	return out, nil
}

// SetPlay creates or replaces the play of a cell; its template must be the
// organization's (ErrNotFound otherwise).
func (s *Store) SetPlay(ctx context.Context, p *PortfolioPlay) error {
	p.UpdatedAt = time.Now().UTC()
	return s.InTx(ctx, func(tx *Store) error {
		p.TemplateName = ""
		if p.TemplateID != nil {
			t, err := tx.TemplateByID(ctx, p.OrganizationID, *p.TemplateID)
			if err != nil {
				return fmt.Errorf("store: set play: %w", err)
			}
			p.TemplateName = t.Name
		}
		err := tx.db.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "organization_id"}, {Name: "x"}, {Name: "y"}},
			DoUpdates: clause.AssignmentColumns([]string{"action", "template_id", "updated_by", "updated_at"}),
		}).Create(p).Error
		if err != nil {
			return fmt.Errorf("store: set play %d,%d: %w", p.X, p.Y, err)
		}
		return nil
	})
}

// DeletePlay removes the play of a cell, if it has one.
func (s *Store) DeletePlay(ctx context.Context, orgID int64, x, y int) error {
	if err := s.db.WithContext(ctx).Where("organization_id = ? AND x = ? AND y = ?", orgID, x, y).Delete(&PortfolioPlay{}).Error; err != nil {
		return fmt.Errorf("store: delete play %d,%d: %w", x, y, err)
	}
	return nil
}
