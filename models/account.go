package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ErrExternalIDTaken means another account of the organization has that externalId.
var ErrExternalIDTaken = errors.New("another account has that externalId")

// accountColumns are the columns an account update writes.
var accountColumns = []string{"name", "industry", "size_band", "notes", "usage_x", "usage_y", "stage", "condition",
	"condition_note", "condition_checked_at", "owner_id", "mrr", "currency", "seats", "external_id", "updated_at"}

// SucceedFirst reports whether the account must succeed before anything is
// sold to it: upsell only to satisfied customers.
func (a *Account) SucceedFirst() bool { return a.Condition != ConditionSatisfied }

// AccountChanges are the account fields a request or an import row sets;
// nil fields stay as they are. Values are already validated in form.
type AccountChanges struct {
	Name, Industry, SizeBand, Notes *string
	UsageX, UsageY                  *int
	Stage                           *string // a stage key
	Condition, ConditionNote        *string
	OwnerID                         **int64 // set to nil to clear the owner
	MRR                             *int64
	Currency                        *string
	Seats                           *int
	ExternalID                      *string // "" clears it
}

// ApplyTo copies the set fields onto a; a new condition or note counts as a check at now.
func (c *AccountChanges) ApplyTo(a *Account, now time.Time) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&a.Name, c.Name)
	set(&a.Industry, c.Industry)
	set(&a.SizeBand, c.SizeBand)
	set(&a.Notes, c.Notes)
	set(&a.Stage, c.Stage)
	set(&a.Currency, c.Currency)
	if c.UsageX != nil {
		a.UsageX = *c.UsageX
	}
	if c.UsageY != nil {
		a.UsageY = *c.UsageY
	}
	if c.Condition != nil || c.ConditionNote != nil {
		set(&a.Condition, c.Condition)
		set(&a.ConditionNote, c.ConditionNote)
		checked := now.UTC().Truncate(time.Microsecond) // what PostgreSQL keeps
		a.ConditionCheckedAt = &checked
	}
	if c.OwnerID != nil {
		a.OwnerID = *c.OwnerID
	}
	if c.MRR != nil {
		a.MRR = *c.MRR
	}
	if c.Seats != nil {
		a.Seats = *c.Seats
	}
	if c.ExternalID != nil {
		a.ExternalID = nil
		if *c.ExternalID != "" {
			id := *c.ExternalID
			a.ExternalID = &id
		}
	}
}

// CreateAccount inserts a customer account; an account without a stage
// starts at the organization's first, one without a condition as neutral.
func (s *Store) CreateAccount(ctx context.Context, a *Account) error {
	if a.Stage == "" {
		settings, err := s.PortfolioSettings(ctx, a.OrganizationID)
		if err != nil {
			return err
		}
		a.Stage = settings.Stages[0].Key
	}
	if a.Condition == "" {
		a.Condition = ConditionNeutral
	}
	if err := s.db.WithContext(ctx).Create(a).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return fmt.Errorf("store: create account: %w", ErrExternalIDTaken)
		}
		return fmt.Errorf("store: create account: %w", err)
	}
	return nil
}

// Accounts lists an organization's accounts, newest first.
func (s *Store) Accounts(ctx context.Context, orgID int64) ([]Account, error) {
	var out []Account
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list accounts: %w", err)
	}
	return out, nil
}

// AccountByID loads one account of the organization.
func (s *Store) AccountByID(ctx context.Context, orgID, id int64) (*Account, error) {
	var a Account
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).First(&a, id).Error; err != nil {
		return nil, fmt.Errorf("store: account %d: %w", id, notFound(err))
	}
	return &a, nil
}

// UpdateAccount saves all fields of an existing account.
func (s *Store) UpdateAccount(ctx context.Context, a *Account) error {
	res := s.db.WithContext(ctx).Model(a).Scopes(inOrg(a.OrganizationID)).Select(accountColumns).Updates(a)
	if errors.Is(res.Error, gorm.ErrDuplicatedKey) {
		return fmt.Errorf("store: update account %d: %w", a.ID, ErrExternalIDTaken)
	}
	if res.Error != nil {
		return fmt.Errorf("store: update account %d: %w", a.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: update account %d: %w", a.ID, ErrNotFound)
	}
	return nil
}

// DeleteAccount removes an organization's account that has no workshops
// (ErrConflict otherwise), with its contact log.
func (s *Store) DeleteAccount(ctx context.Context, orgID, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.AccountByID(ctx, orgID, id); err != nil {
			return fmt.Errorf("store: delete account: %w", err)
		}
		var n int64
		if err := tx.db.Model(&Workshop{}).Where("account_id = ?", id).Count(&n).Error; err != nil {
			return fmt.Errorf("store: count workshops of account %d: %w", id, err)
		}
		if n > 0 {
			return fmt.Errorf("store: delete account %d with %d workshops: %w", id, n, ErrConflict)
		}
		if err := tx.db.Where("account_id = ?", id).Delete(&Contact{}).Error; err != nil {
			return fmt.Errorf("store: delete contacts of account %d: %w", id, err)
		}
		res := tx.db.Scopes(inOrg(orgID)).Delete(&Account{}, id)
		if res.Error != nil {
			return fmt.Errorf("store: delete account %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: delete account %d: %w", id, ErrNotFound)
		}
		return nil
	})
}
