package models

import (
	"context"
	"fmt"
	"time"
)

// CreateMap inserts a map with its statements, challenges (and their offering links) and actions.
func (s *Store) CreateMap(ctx context.Context, m *SuccessMap) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.Omit("Statements", "Challenges", "Actions").Create(m).Error; err != nil {
			return fmt.Errorf("store: create map: %w", err)
		}
		return tx.insertMapContent(m)
	})
}

// ReplaceMapContent saves a map's title and replaces all of its content.
// An action that becomes done posts to the praise feed (as by's doing) in
// the same transaction; one that stays done keeps its completion time.
func (s *Store) ReplaceMapContent(ctx context.Context, m *SuccessMap, by int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		m.UpdatedAt = time.Now().UTC()
		var before []MapAction
		if err := tx.db.Where("map_id = ?", m.ID).Order("position").Find(&before).Error; err != nil {
			return fmt.Errorf("store: actions of map %d: %w", m.ID, err)
		}
		completed := carryCompletions(before, m.Actions, m.UpdatedAt)
		res := tx.db.Model(&SuccessMap{}).Where("id = ?", m.ID).
			Updates(map[string]any{"title": m.Title, "updated_at": m.UpdatedAt})
		if res.Error != nil {
			return fmt.Errorf("store: update map %d: %w", m.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: update map %d: %w", m.ID, ErrNotFound)
		}
		for _, model := range []any{&MapStatement{}, &MapChallengeOffering{}, &MapChallenge{}, &MapAction{}} {
			if err := tx.db.Where("map_id = ?", m.ID).Delete(model).Error; err != nil {
				return fmt.Errorf("store: clear map %d: %w", m.ID, err)
			}
		}
		if err := tx.insertMapContent(m); err != nil {
			return err
		}
		for _, i := range completed {
			p := &Praise{OrganizationID: m.OrganizationID, Kind: PraiseAction, Text: m.Actions[i].Text,
				FromUserID: &by, AccountID: &m.AccountID, MapID: &m.ID, CreatedAt: *m.Actions[i].CompletedAt}
			if err := tx.AddPraise(ctx, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// carryCompletions sets the completion time of the new actions: one that
// was done before (the same text, else the same place) keeps its time,
// one newly done is completed at now, and the others have none. It
// returns the indexes of the newly completed ones.
func carryCompletions(before, after []MapAction, now time.Time) []int {
	now = now.UTC().Truncate(time.Microsecond)
	used := make([]bool, len(before))
	var fresh []int
	for i := range after {
		a := &after[i]
		a.CompletedAt = nil
		if a.Status != ActionDone {
			continue
		}
		match := -1
		for j, b := range before {
			if !used[j] && b.Status == ActionDone && b.Text == a.Text {
				match = j
				break
			}
		}
		if match < 0 && i < len(before) && !used[i] && before[i].Status == ActionDone {
			match = i // the same action, reworded
		}
		if match >= 0 {
			used[match] = true
			a.CompletedAt = before[match].CompletedAt
		}
		if a.CompletedAt == nil {
			if match < 0 {
				fresh = append(fresh, i)
			}
			a.CompletedAt = &now
		}
	}
	return fresh
}

func (s *Store) insertMapContent(m *SuccessMap) error {
	for i := range m.Statements {
		st := &m.Statements[i]
		st.ID, st.MapID, st.Position = 0, m.ID, i
	}
	for i := range m.Challenges {
		c := &m.Challenges[i]
		c.ID, c.MapID, c.Position = 0, m.ID, i
	}
	for i := range m.Actions {
		a := &m.Actions[i]
		a.ID, a.MapID, a.Position = 0, m.ID, i
		if a.Status == ActionDone && a.CompletedAt == nil {
			now := time.Now().UTC().Truncate(time.Microsecond)
			a.CompletedAt = &now
		} else if a.Status != ActionDone {
			a.CompletedAt = nil
		}
	}
	if len(m.Statements) > 0 {
		if err := s.db.Create(&m.Statements).Error; err != nil {
			return fmt.Errorf("store: map %d statements: %w", m.ID, err)
		}
	}
	if len(m.Challenges) > 0 {
		if err := s.db.Create(&m.Challenges).Error; err != nil {
			return fmt.Errorf("store: map %d challenges: %w", m.ID, err)
		}
	}
	var links []MapChallengeOffering
	for _, c := range m.Challenges {
		for _, oid := range c.OfferingIDs {
			links = append(links, MapChallengeOffering{ChallengeID: c.ID, OfferingID: oid, MapID: m.ID})
		}
	}
	if len(links) > 0 {
		if err := s.db.Create(&links).Error; err != nil {
			return fmt.Errorf("store: map %d offering links: %w", m.ID, err)
		}
	}
	if len(m.Actions) > 0 {
		if err := s.db.Create(&m.Actions).Error; err != nil {
			return fmt.Errorf("store: map %d actions: %w", m.ID, err)
		}
	}
	return nil
}

// MapByID loads a map of the organization with all its content in order.
func (s *Store) MapByID(ctx context.Context, orgID, id int64) (*SuccessMap, error) {
	var m SuccessMap
	err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).
		Preload("Statements", func(db *gormDB) *gormDB { return db.Order("position") }).
		Preload("Challenges", func(db *gormDB) *gormDB { return db.Order("position") }).
		Preload("Actions", func(db *gormDB) *gormDB { return db.Order("position") }).
		First(&m, id).Error
	if err != nil {
		return nil, fmt.Errorf("store: map %d: %w", id, notFound(err))
	}
	var links []MapChallengeOffering
	if err := s.db.WithContext(ctx).Where("map_id = ?", id).Order("offering_id").Find(&links).Error; err != nil {
		return nil, fmt.Errorf("store: map %d offering links: %w", id, err)
	}
	byChallenge := map[int64][]int64{}
	for _, l := range links {
		byChallenge[l.ChallengeID] = append(byChallenge[l.ChallengeID], l.OfferingID)
	}
	for i := range m.Challenges {
		m.Challenges[i].OfferingIDs = byChallenge[m.Challenges[i].ID]
	}
	return &m, nil
}

// Maps lists an organization's maps, newest first, optionally of one account, with their actions (for progress).
func (s *Store) Maps(ctx context.Context, orgID, accountID int64) ([]SuccessMap, error) {
	q := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Preload("Actions").Order("id DESC")
	if accountID != 0 {
		q = q.Where("account_id = ?", accountID)
	}
	var out []SuccessMap
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list maps: %w", err)
	}
	return out, nil
}

// MapsFromTemplates lists the organization's maps cloned from any of the given templates, with their actions.
func (s *Store) MapsFromTemplates(ctx context.Context, orgID int64, templateIDs []int64) ([]SuccessMap, error) {
	var out []SuccessMap
	if len(templateIDs) == 0 {
		return out, nil
	}
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Preload("Actions").Where("template_id IN ?", templateIDs).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: maps from templates: %w", err)
	}
	return out, nil
}
