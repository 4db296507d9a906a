package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// KarteItem is one challenge of a template's pre-workshop checklist, with
// the vendor team that owns it and the standard action it calls for.
type KarteItem struct {
	ID     int    `json:"id"`
	Text   string `json:"text"`
	Team   string `json:"team"`
	Action string `json:"action"`
}

// KarteAnswer is a customer's answer to one item.
type KarteAnswer struct {
	ItemID  int    `json:"itemId"`
	Applies bool   `json:"applies"`
	Note    string `json:"note"`
}

// KarteLink is a link a customer answers a workshop's checklist through,
// without an account; only its token's hash is stored. Items are the
// checklist as it was when the link was made.
type KarteLink struct {
	ID             int64
	OrganizationID int64
	WorkshopID     int64
	TokenHash      string
	Items          string // JSON []KarteItem
	Answers        string // JSON []KarteAnswer, "" until answered
	AnsweredAt     *time.Time
	ExpiresAt      time.Time
	Revoked        bool
	CreatedBy      int64
	CreatedAt      time.Time
}

// EncodeKarte stores a checklist.
func EncodeKarte(items []KarteItem) string {
	raw, _ := json.Marshal(items) // plain fields always encode
	return string(raw)
}

// DecodeKarte reads a stored checklist; a damaged or empty one has no items.
func DecodeKarte(raw string) []KarteItem {
	var out []KarteItem
	if raw == "" || json.Unmarshal([]byte(raw), &out) != nil || out == nil {
		return []KarteItem{}
	}
	return out
}

// DecodeKarteAnswers reads a link's stored answers.
func DecodeKarteAnswers(raw string) []KarteAnswer {
	var out []KarteAnswer
	if raw == "" || json.Unmarshal([]byte(raw), &out) != nil {
		return nil
	}
	return out
}

// SetTemplateKarte replaces the checklist of a template version of the organization.
func (s *Store) SetTemplateKarte(ctx context.Context, orgID, id int64, items []KarteItem) error {
	res := s.db.WithContext(ctx).Model(&Template{}).Scopes(inOrg(orgID)).Where("id = ?", id).Update("karte", EncodeKarte(items))
	if res.Error != nil {
		return fmt.Errorf("store: karte of template %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: karte of template %d: %w", id, ErrNotFound)
	}
	return nil
}

// CreateKarteLink stores a karte link.
func (s *Store) CreateKarteLink(ctx context.Context, l *KarteLink) error {
	if err := s.db.WithContext(ctx).Create(l).Error; err != nil {
		return fmt.Errorf("store: karte link of workshop %d: %w", l.WorkshopID, err)
	}
	return nil
}

// KarteLinks lists a workshop's karte links, newest first.
func (s *Store) KarteLinks(ctx context.Context, workshopID int64) ([]KarteLink, error) {
	var out []KarteLink
	if err := s.db.WithContext(ctx).Where("workshop_id = ?", workshopID).Order("id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: karte links of workshop %d: %w", workshopID, err)
	}
	return out, nil
}

// RevokeKarteLink ends a link before it expires.
func (s *Store) RevokeKarteLink(ctx context.Context, workshopID, id int64) error {
	res := s.db.WithContext(ctx).Model(&KarteLink{}).Where("workshop_id = ? AND id = ?", workshopID, id).Update("revoked", true)
	if res.Error != nil {
		return fmt.Errorf("store: revoke karte link %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: revoke karte link %d: %w", id, ErrNotFound)
	}
	return nil
}

// LiveKarteLink finds an unrevoked, unexpired link by its token's hash.
func (s *Store) LiveKarteLink(ctx context.Context, tokenHash string, now time.Time) (*KarteLink, error) {
	var l KarteLink
	err := s.db.WithContext(ctx).Where("token_hash = ? AND revoked = ? AND expires_at > ?", tokenHash, false, now.UTC()).First(&l).Error
	if err != nil {
		return nil, fmt.Errorf("store: karte link: %w", notFound(err))
	}
	return &l, nil
}

// AnswerKarte records a link's answers once, in tx: a link answered
// before gives ErrConflict.
func (s *Store) AnswerKarte(ctx context.Context, linkID int64, answers []KarteAnswer, at time.Time) error {
	raw, _ := json.Marshal(answers)
	res := s.db.WithContext(ctx).Model(&KarteLink{}).Where("id = ? AND answered_at IS NULL", linkID).
		Updates(map[string]any{"answers": string(raw), "answered_at": at.UTC()})
	if res.Error != nil {
		return fmt.Errorf("store: answer karte link %d: %w", linkID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: answer karte link %d: %w", linkID, ErrConflict)
	}
	return nil
}

// CommitExternal appends events written outside the workshop's room (fill
// writes them numbered on from last) under the workshop's seq lock, as one
// more commit: a live room finds them when it next looks at the log.
func (s *Store) CommitExternal(ctx context.Context, workshopID int64, fill func(tx *Store, last int64) ([]Event, error)) error {
	return s.CommitBatch(ctx, workshopID, nil, func(tx *Store, last int64, _ map[CommandKey]int64) ([]Event, []Vote, error) {
		events, err := fill(tx, last)
		return events, nil, err
	})
}
