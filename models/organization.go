package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ErrLastOwner means a change would leave an organization without an owner.
var ErrLastOwner = errors.New("an organization keeps at least one owner")

// CreateOrganizationWithOwner inserts a new organization and u as its owner,
// in one transaction: a taken email leaves no empty organization behind.
func (s *Store) CreateOrganizationWithOwner(ctx context.Context, org *Organization, u *User) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.Create(org).Error; err != nil {
			return fmt.Errorf("store: create organization: %w", err)
		}
		u.OrganizationID, u.Role = org.ID, RoleOwner
		return tx.CreateUser(ctx, u)
	})
}

// OrganizationByID loads one organization.
func (s *Store) OrganizationByID(ctx context.Context, id int64) (*Organization, error) {
	var o Organization
	if err := s.db.WithContext(ctx).First(&o, id).Error; err != nil {
		return nil, fmt.Errorf("store: organization %d: %w", id, notFound(err))
	}
	return &o, nil
}

// RenameOrganization changes an organization's name.
func (s *Store) RenameOrganization(ctx context.Context, id int64, name string) error {
	res := s.db.WithContext(ctx).Model(&Organization{}).Where("id = ?", id).Updates(map[string]any{"name": name, "updated_at": time.Now().UTC()})
	if res.Error != nil {
		return fmt.Errorf("store: rename organization %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: rename organization %d: %w", id, ErrNotFound)
	}
	return nil
}

// CountUsers counts every user of the install (the first may sign up even
// when signup is by invitation only).
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&User{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// Members lists an organization's users by name.
func (s *Store) Members(ctx context.Context, orgID int64) ([]User, error) {
	var out []User
	if err := s.db.WithContext(ctx).Where("organization_id = ?", orgID).Order("name, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: members of organization %d: %w", orgID, err)
	}
	return out, nil
}

// MemberByID loads a user of the organization.
func (s *Store) MemberByID(ctx context.Context, orgID, userID int64) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).Where("organization_id = ?", orgID).First(&u, userID).Error; err != nil {
		return nil, fmt.Errorf("store: member %d: %w", userID, notFound(err))
	}
	return &u, nil
}

// SetMemberRole changes a member's role; taking the last owner's role gives ErrLastOwner.
func (s *Store) SetMemberRole(ctx context.Context, orgID, userID int64, role string) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.lockMember(orgID, userID)
		if err != nil {
			return err
		}
		if u.Role == RoleOwner && role != RoleOwner {
			if err := tx.keepAnOwner(orgID, userID); err != nil {
				return err
			}
		}
		if err := tx.db.Model(&User{}).Where("id = ?", userID).Updates(map[string]any{"role": role, "updated_at": time.Now().UTC()}).Error; err != nil {
			return fmt.Errorf("store: set role of member %d: %w", userID, err)
		}
		return nil
	})
}

// RemoveMember deletes a member and every session of theirs, leaving the
// accounts they owned unowned; removing the last owner gives ErrLastOwner.
func (s *Store) RemoveMember(ctx context.Context, orgID, userID int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		u, err := tx.lockMember(orgID, userID)
		if err != nil {
			return err
		}
		if u.Role == RoleOwner {
			if err := tx.keepAnOwner(orgID, userID); err != nil {
				return err
			}
		}
		if err := tx.db.Where("user_id = ?", userID).Delete(&Session{}).Error; err != nil {
			return fmt.Errorf("store: end sessions of member %d: %w", userID, err)
		}
		if err := tx.db.Model(&Account{}).Where("owner_id = ?", userID).Update("owner_id", nil).Error; err != nil {
			return fmt.Errorf("store: unassign accounts of member %d: %w", userID, err)
		}
		if err := tx.db.Delete(&User{}, userID).Error; err != nil {
			return fmt.Errorf("store: remove member %d: %w", userID, err)
		}
		return nil
	})
}

// lockMember loads a member inside a transaction; on PostgreSQL the
// organization row is locked first, so two concurrent demotions cannot
// both see the other owner and leave none.
func (s *Store) lockMember(orgID, userID int64) (*User, error) {
	if s.Shared() {
		if err := s.db.Exec("SELECT id FROM organizations WHERE id = ? FOR UPDATE", orgID).Error; err != nil {
			return nil, fmt.Errorf("store: lock organization %d: %w", orgID, err)
		}
	}
	var u User
	if err := s.db.Where("organization_id = ?", orgID).First(&u, userID).Error; err != nil {
		return nil, fmt.Errorf("store: member %d: %w", userID, notFound(err))
	}
	return &u, nil
}

// keepAnOwner fails with ErrLastOwner unless an owner other than userID remains.
func (s *Store) keepAnOwner(orgID, userID int64) error {
	var others int64
	if err := s.db.Model(&User{}).Where("organization_id = ? AND role = ? AND id <> ?", orgID, RoleOwner, userID).Count(&others).Error; err != nil {
		return fmt.Errorf("store: count owners of organization %d: %w", orgID, err)
	}
	if others == 0 {
		return ErrLastOwner
	}
	return nil
}

// inOrg narrows a query on an organization-owned table to one organization.
func inOrg(orgID int64) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB { return db.Where("organization_id = ?", orgID) }
}
