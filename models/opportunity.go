package models

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Opportunity statuses: proposed moves to won or lost, which are final.
const (
	OpportunityProposed = "proposed"
	OpportunityWon      = "won"
	OpportunityLost     = "lost"
)

// Why a customer bought. Positive reasons are the ones the practice wants
// (the customer is delighted, felt understood, expects the outcome);
// negative ones (pity, pleading, coercion) make a customer who may leave.
const (
	ReasonDelight     = "delight"
	ReasonEmpathy     = "empathy"
	ReasonExpectation = "expectation"
	ReasonPity        = "pity"
	ReasonPleading    = "pleading"
	ReasonCoercion    = "coercion"
)

// WinReasons lists the reasons of a win, positive first, in the order reports show them.
var WinReasons = []string{ReasonDelight, ReasonEmpathy, ReasonExpectation, ReasonPity, ReasonPleading, ReasonCoercion}

// Kinds of reason.
const (
	ReasonPositive = "positive"
	ReasonNegative = "negative"
	ReasonLost     = "lost"
)

// WinReasonKind is positive or negative for a win reason, "" for anything else.
func WinReasonKind(reason string) string {
	switch reason {
	case ReasonDelight, ReasonEmpathy, ReasonExpectation:
		return ReasonPositive
	case ReasonPity, ReasonPleading, ReasonCoercion:
		return ReasonNegative
	}
	return ""
}

// ErrNoChurnRisk means the account is not flagged as a churn risk.
var ErrNoChurnRisk = errors.New("the account is not flagged as a churn risk")

// Opportunity is an offering proposed to an account, optionally from a
// map's challenge, and how it ended. MonthlyDelta is in the offering's
// currency's minor unit.
type Opportunity struct {
	ID             int64
	OrganizationID int64
	AccountID      int64
	MapID          *int64
	ChallengeID    *int64 // the challenge's id when proposed; map edits renumber challenges
	ChallengeText  string // so the challenge is kept as it read
	OfferingID     int64
	Status         string
	MonthlyDelta   int64
	Currency       string
	Reason         string // a win reason, or a lost opportunity's short text
	Note           string
	OwnerID        *int64 // the CSM
	Override       bool   // proposed to an account that was not satisfied
	OverrideReason string
	ProposedAt     time.Time
	ClosedAt       *time.Time
	// Set when a CSM cleared the churn risk this (negative) win flagged.
	ChurnClearedAt   *time.Time
	ChurnClearedBy   *int64
	ChurnClearedNote string
	CreatedBy        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// ReasonKind is positive or negative for a win, lost for a loss, "" while proposed.
func (o *Opportunity) ReasonKind() string {
	switch o.Status {
	case OpportunityWon:
		return WinReasonKind(o.Reason)
	case OpportunityLost:
		return ReasonLost
	}
	return ""
}

// OpportunityEntry is an opportunity with the names a list shows ("" once gone).
type OpportunityEntry struct {
	Opportunity
	AccountName  string
	OfferingName string
	OwnerName    string
}

// OpportunityFilter narrows an organization's opportunities; zero fields match all.
type OpportunityFilter struct {
	OrganizationID int64 // required
	AccountID      int64
	OfferingID     int64
	OwnerID        int64
	Status         string
	// From and To (exclusive) keep opportunities proposed or closed in the period.
	From, To *time.Time
	Limit    int
}

// CreateOpportunity inserts a proposed opportunity.
func (s *Store) CreateOpportunity(ctx context.Context, o *Opportunity) error {
	o.ProposedAt = o.ProposedAt.UTC().Truncate(time.Microsecond)
	if err := s.db.WithContext(ctx).Create(o).Error; err != nil {
		return fmt.Errorf("store: create opportunity: %w", err)
	}
	return nil
}

const opportunitySelect = "opportunities.*, COALESCE(accounts.name, '') AS account_name, " +
	"COALESCE(offerings.name, '') AS offering_name, COALESCE(users.name, '') AS owner_name"

func (s *Store) opportunityQuery(ctx context.Context, orgID int64) *gormDB {
	return s.db.WithContext(ctx).Table("opportunities").Select(opportunitySelect).
		Joins("LEFT JOIN accounts ON accounts.id = opportunities.account_id").
		Joins("LEFT JOIN offerings ON offerings.id = opportunities.offering_id").
		Joins("LEFT JOIN users ON users.id = opportunities.owner_id AND users.organization_id = opportunities.organization_id").
		Where("opportunities.organization_id = ?", orgID)
}

// OpportunityByID loads one opportunity of the organization with its names.
func (s *Store) OpportunityByID(ctx context.Context, orgID, id int64) (*OpportunityEntry, error) {
	var out []OpportunityEntry
	if err := s.opportunityQuery(ctx, orgID).Where("opportunities.id = ?", id).Limit(1).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: opportunity %d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: opportunity %d: %w", id, ErrNotFound)
	}
	return &out[0], nil
}

// Opportunities lists the opportunities matching f, newest proposal first.
func (s *Store) Opportunities(ctx context.Context, f OpportunityFilter) ([]OpportunityEntry, error) {
	q := s.opportunityQuery(ctx, f.OrganizationID)
	if f.AccountID != 0 {
		q = q.Where("opportunities.account_id = ?", f.AccountID)
	}
	if f.OfferingID != 0 {
		q = q.Where("opportunities.offering_id = ?", f.OfferingID)
	}
	if f.OwnerID != 0 {
		q = q.Where("opportunities.owner_id = ?", f.OwnerID)
	}
	if f.Status != "" {
		q = q.Where("opportunities.status = ?", f.Status)
	}
	q = inPeriod(q, f.From, f.To)
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	out := []OpportunityEntry{}
	if err := q.Order("opportunities.proposed_at DESC, opportunities.id DESC").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list opportunities: %w", err)
	}
	return out, nil
}

// inPeriod keeps opportunities proposed or closed in [from, to).
func inPeriod(q *gormDB, from, to *time.Time) *gormDB {
	switch {
	case from != nil && to != nil:
		return q.Where("((opportunities.proposed_at >= ? AND opportunities.proposed_at < ?) OR (opportunities.closed_at >= ? AND opportunities.closed_at < ?))",
			from.UTC(), to.UTC(), from.UTC(), to.UTC())
	case from != nil:
		return q.Where("(opportunities.proposed_at >= ? OR opportunities.closed_at >= ?)", from.UTC(), from.UTC())
	case to != nil:
		return q.Where("(opportunities.proposed_at < ? OR opportunities.closed_at < ?)", to.UTC(), to.UTC())
	}
	return q
}

// opportunityColumns are the columns an opportunity update writes.
var opportunityColumns = []string{"status", "monthly_delta", "reason", "note", "owner_id", "closed_at", "updated_at"}

// UpdateOpportunity saves o's changeable fields, provided it still has the
// status wasStatus (ErrConflict otherwise: someone closed it meanwhile).
// In the same transaction, closing it as won for a positive reason posts
// to the praise feed and for a negative one flags the account as a churn
// risk; by is the member who did it.
func (s *Store) UpdateOpportunity(ctx context.Context, o *Opportunity, wasStatus string, by int64) error {
	o.UpdatedAt = time.Now().UTC()
	if o.ClosedAt != nil {
		closed := o.ClosedAt.UTC().Truncate(time.Microsecond)
		o.ClosedAt = &closed
	}
	return s.InTx(ctx, func(tx *Store) error {
		res := tx.db.Model(&Opportunity{}).Where("id = ? AND organization_id = ? AND status = ?", o.ID, o.OrganizationID, wasStatus).
			Select(opportunityColumns).Updates(o)
		if res.Error != nil {
			return fmt.Errorf("store: update opportunity %d: %w", o.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: update opportunity %d from %s: %w", o.ID, wasStatus, ErrConflict)
		}
		if wasStatus == o.Status || o.Status != OpportunityWon {
			return nil
		}
		switch WinReasonKind(o.Reason) {
		case ReasonPositive:
			p := &Praise{OrganizationID: o.OrganizationID, Kind: PraiseWin, FromUserID: &by, ToUserID: o.OwnerID,
				AccountID: &o.AccountID, OpportunityID: &o.ID}
			return tx.AddPraise(ctx, p)
		case ReasonNegative:
			if err := tx.db.Model(&Account{}).Where("id = ? AND organization_id = ?", o.AccountID, o.OrganizationID).
				Update("churn_risk_opportunity_id", o.ID).Error; err != nil {
				return fmt.Errorf("store: flag churn risk of account %d: %w", o.AccountID, err)
			}
		}
		return nil
	})
}

// ClearChurnRisk unflags an account of the organization, keeping who
// cleared it, when and why on the opportunity that flagged it.
// ErrNoChurnRisk when the account is not flagged.
func (s *Store) ClearChurnRisk(ctx context.Context, orgID, accountID, by int64, note string, now time.Time) (*Account, error) {
	var out *Account
	err := s.InTx(ctx, func(tx *Store) error {
		a, err := tx.AccountByID(ctx, orgID, accountID)
		if err != nil {
			return fmt.Errorf("store: clear churn risk: %w", err)
		}
		if a.ChurnRiskOpportunityID == nil {
			return fmt.Errorf("store: clear churn risk of account %d: %w", accountID, ErrNoChurnRisk)
		}
		oppID := *a.ChurnRiskOpportunityID
		// Conditional, so a negative win committed meanwhile keeps its flag.
		res := tx.db.Model(&Account{}).Where("id = ? AND churn_risk_opportunity_id = ?", accountID, oppID).
			Update("churn_risk_opportunity_id", nil)
		if res.Error != nil {
			return fmt.Errorf("store: clear churn risk of account %d: %w", accountID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: clear churn risk of account %d: %w", accountID, ErrConflict)
		}
		at := now.UTC().Truncate(time.Microsecond)
		if err := tx.db.Model(&Opportunity{}).Where("id = ?", oppID).Updates(map[string]any{
			"churn_cleared_at": at, "churn_cleared_by": by, "churn_cleared_note": note, "updated_at": time.Now().UTC(),
		}).Error; err != nil {
			return fmt.Errorf("store: clear churn risk of opportunity %d: %w", oppID, err)
		}
		a.ChurnRiskOpportunityID = nil
		out = a
		return nil
	})
	return out, err
}

// TemplateOpportunity is one opportunity proposed on a map cloned from a template version.
type TemplateOpportunity struct {
	TemplateID   int64
	Status       string
	Reason       string
	MonthlyDelta int64
	Currency     string
}

// TemplateOpportunities lists the organization's opportunities on maps
// cloned from any of the given template versions, in one query.
func (s *Store) TemplateOpportunities(ctx context.Context, orgID int64, templateIDs []int64) ([]TemplateOpportunity, error) {
	out := []TemplateOpportunity{}
	if len(templateIDs) == 0 {
		return out, nil
	}
	err := s.db.WithContext(ctx).Table("opportunities").
		Select("success_maps.template_id, opportunities.status, opportunities.reason, opportunities.monthly_delta, opportunities.currency").
		Joins("JOIN success_maps ON success_maps.id = opportunities.map_id").
		Where("opportunities.organization_id = ? AND success_maps.template_id IN ?", orgID, templateIDs).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: opportunities of templates: %w", err)
	}
	return out, nil
}
