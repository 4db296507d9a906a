package models

import (
	"context"
	"fmt"
)

// CreateAccount inserts a customer account.
func (s *Store) CreateAccount(ctx context.Context, a *Account) error {
	if err := s.db.WithContext(ctx).Create(a).Error; err != nil {
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
	res := s.db.WithContext(ctx).Model(a).Scopes(inOrg(a.OrganizationID)).Select("name", "industry", "size_band", "notes", "updated_at").Updates(a)
	if res.Error != nil {
		return fmt.Errorf("store: update account %d: %w", a.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: update account %d: %w", a.ID, ErrNotFound)
	}
	return nil
}

// DeleteAccount removes an organization's account that has no workshops (ErrConflict otherwise).
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
