package models

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
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
	ChurnRisk      *bool // true: only accounts flagged as a churn risk; false: only the others
}

// PortfolioAccount is what the matrix shows of an account: only these
// columns are read, so 5,000 accounts stay a light query. (Not when the
// condition was checked: SQLite's driver parses every time it reads, and the
// matrix does not show it.)
type PortfolioAccount struct {
	ID         int64
	Name       string
	Industry   string
	SizeBand   string
	UsageX     int
	UsageY     int
	Stage      string
	Condition  string
	OwnerID    *int64
	MRR        int64 `gorm:"column:mrr"`
	Currency   string
	Seats      int
	ExternalID *string
	// ChurnRiskOpportunityID is the negative win flagging the account, if any.
	ChurnRiskOpportunityID *int64
}

// portfolioColumns are the columns PortfolioAccount reads, in scan order.
var portfolioColumns = []string{"id", "name", "industry", "size_band", "usage_x", "usage_y", "stage", "condition",
	"owner_id", "mrr", "currency", "seats", "external_id", "churn_risk_opportunity_id"}

// PortfolioAccounts lists the accounts matching f by name (ignoring case),
// in one query. The rows are scanned by hand: with 5,000 accounts, gorm's
// reflection was a quarter of the request.
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
	if f.ChurnRisk != nil {
		if *f.ChurnRisk {
			q = q.Where("churn_risk_opportunity_id IS NOT NULL")
		} else {
			q = q.Where("churn_risk_opportunity_id IS NULL")
		}
	}
	rows, err := q.Rows()
	if err != nil {
		return nil, fmt.Errorf("store: portfolio of organization %d: %w", f.OrganizationID, err)
	}
	defer rows.Close()
	out := make([]PortfolioAccount, 0, 1024)
	for rows.Next() {
		var a PortfolioAccount
		if err := rows.Scan(&a.ID, &a.Name, &a.Industry, &a.SizeBand, &a.UsageX, &a.UsageY, &a.Stage, &a.Condition,
			&a.OwnerID, &a.MRR, &a.Currency, &a.Seats, &a.ExternalID, &a.ChurnRiskOpportunityID); err != nil {
			return nil, fmt.Errorf("store: portfolio of organization %d: %w", f.OrganizationID, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: portfolio of organization %d: %w", f.OrganizationID, err)
	}
	// Sorted in Go, ignoring case, so both dialects list alike (PostgreSQL
	// would sort by its locale, SQLite by bytes).
	order := make([]int, len(out))
	keys := make([]string, len(out))
	for i := range out {
		order[i], keys[i] = i, strings.ToLower(out[i].Name)
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(keys[a], keys[b]), cmp.Compare(out[a].ID, out[b].ID))
	})
	sorted := make([]PortfolioAccount, len(out))
	for i, j := range order {
		sorted[i] = out[j]
	}
	return sorted, nil
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
	p.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond) // what PostgreSQL keeps
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
