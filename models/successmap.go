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
func (s *Store) ReplaceMapContent(ctx context.Context, m *SuccessMap) error {
	return s.InTx(ctx, func(tx *Store) error {
		m.UpdatedAt = time.Now().UTC()
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
		return tx.insertMapContent(m)
	})
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
