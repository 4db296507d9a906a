package models

import (
	"context"
	"fmt"
	"time"
)

// Contact kinds: how a CSM reached an account.
const (
	ContactCall     = "call"
	ContactMeeting  = "meeting"
	ContactEmail    = "email"
	ContactWorkshop = "workshop"
)

// IsContactKind reports whether k is one of the contact kinds.
func IsContactKind(k string) bool {
	return k == ContactCall || k == ContactMeeting || k == ContactEmail || k == ContactWorkshop
}

// Contact is one entry of an account's contact log.
type Contact struct {
	ID             int64
	OrganizationID int64
	AccountID      int64
	UserID         int64 // the member who logged it
	Kind           string
	At             time.Time // when the contact took place
	Note           string
	Condition      string // the condition found, or "" when none was checked
	CreatedAt      time.Time
}

// ContactEntry is a contact with the name of the member who logged it
// ("" once they left the organization).
type ContactEntry struct {
	Contact
	UserName string
}

// AddContact logs a contact of an account of the organization. A contact
// that records a condition sets the account's condition, note and check
// time in the same transaction, unless the account holds a newer check.
func (s *Store) AddContact(ctx context.Context, c *Contact) error {
	c.At = c.At.UTC().Truncate(time.Microsecond) // what PostgreSQL keeps, so the answer is what is stored
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.AccountByID(ctx, c.OrganizationID, c.AccountID); err != nil {
			return fmt.Errorf("store: add contact: %w", err)
		}
		if err := tx.db.Create(c).Error; err != nil {
			return fmt.Errorf("store: add contact to account %d: %w", c.AccountID, err)
		}
		if c.Condition == "" {
			return nil
		}
		err := tx.db.Model(&Account{}).Where("id = ? AND (condition_checked_at IS NULL OR condition_checked_at <= ?)", c.AccountID, c.At).
			Updates(map[string]any{"condition": c.Condition, "condition_note": c.Note, "condition_checked_at": c.At, "updated_at": time.Now().UTC()}).Error
		if err != nil {
			return fmt.Errorf("store: condition of account %d: %w", c.AccountID, err)
		}
		return nil
	})
}

// Contacts lists the latest contacts of an account of the organization, newest first.
func (s *Store) Contacts(ctx context.Context, orgID, accountID int64, limit int) ([]ContactEntry, error) {
	var out []ContactEntry
	err := s.db.WithContext(ctx).Table("contacts").Select("contacts.*, COALESCE(users.name, '') AS user_name").
		Joins("LEFT JOIN users ON users.id = contacts.user_id").
		Where("contacts.organization_id = ? AND contacts.account_id = ?", orgID, accountID).
		Order("contacts.at DESC, contacts.id DESC").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: contacts of account %d: %w", accountID, err)
	}
	return out, nil
}

// ContactCount is how many contacts one member logged.
type ContactCount struct {
	UserID int64
	Count  int
}

// ContactCounts counts the organization's contacts with from <= at < to, per member.
func (s *Store) ContactCounts(ctx context.Context, orgID int64, from, to time.Time) ([]ContactCount, error) {
	var out []ContactCount
	err := s.db.WithContext(ctx).Model(&Contact{}).Select("user_id, COUNT(*) AS count").
		Where("organization_id = ? AND at >= ? AND at < ?", orgID, from.UTC(), to.UTC()).
		Group("user_id").Order("user_id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: contact counts of organization %d: %w", orgID, err)
	}
	return out, nil
}
