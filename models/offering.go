package models

import (
	"context"
	"fmt"
)

// CreateOffering inserts a catalog item.
func (s *Store) CreateOffering(ctx context.Context, o *Offering) error {
	if err := s.db.WithContext(ctx).Omit("CaseStudies").Create(o).Error; err != nil {
		return fmt.Errorf("store: create offering: %w", err)
	}
	return nil
}

// Offerings lists an organization's catalog with case studies, by name; archived items only if asked.
func (s *Store) Offerings(ctx context.Context, orgID int64, withArchived bool) ([]Offering, error) {
	q := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Preload("CaseStudies", func(db *gormDB) *gormDB { return db.Order("id") }).Order("name, id")
	if !withArchived {
		q = q.Where("archived = ?", false)
	}
	var out []Offering
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list offerings: %w", err)
	}
	return out, nil
}

// OfferingByID loads one offering of the organization with its case studies.
func (s *Store) OfferingByID(ctx context.Context, orgID, id int64) (*Offering, error) {
	var o Offering
	err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Preload("CaseStudies", func(db *gormDB) *gormDB { return db.Order("id") }).First(&o, id).Error
	if err != nil {
		return nil, fmt.Errorf("store: offering %d: %w", id, notFound(err))
	}
	return &o, nil
}

// OfferingsByIDs loads those of the given offerings (with case studies)
// that belong to the organization, keyed by id.
func (s *Store) OfferingsByIDs(ctx context.Context, orgID int64, ids []int64) (map[int64]*Offering, error) {
	out := make(map[int64]*Offering, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var list []Offering
	err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Preload("CaseStudies", func(db *gormDB) *gormDB { return db.Order("id") }).
		Where("id IN ?", ids).Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("store: offerings %v: %w", ids, err)
	}
	for i := range list {
		out[list[i].ID] = &list[i]
	}
	return out, nil
}

// UpdateOffering saves an offering's own fields.
func (s *Store) UpdateOffering(ctx context.Context, o *Offering) error {
	res := s.db.WithContext(ctx).Model(o).Scopes(inOrg(o.OrganizationID)).
		Select("name", "kind", "monthly_price", "currency", "tier", "description", "band_prices", "archived", "updated_at").Updates(o)
	if res.Error != nil {
		return fmt.Errorf("store: update offering %d: %w", o.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: update offering %d: %w", o.ID, ErrNotFound)
	}
	return nil
}

// DeleteOffering removes an organization's offering no map links to; linked ones give ErrConflict.
func (s *Store) DeleteOffering(ctx context.Context, orgID, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		if _, err := tx.OfferingByID(ctx, orgID, id); err != nil {
			return fmt.Errorf("store: delete offering: %w", err)
		}
		var links int64
		if err := tx.db.Model(&MapChallengeOffering{}).Where("offering_id = ?", id).Count(&links).Error; err != nil {
			return fmt.Errorf("store: count links to offering %d: %w", id, err)
		}
		if links > 0 {
			return fmt.Errorf("store: delete offering %d linked %d times: %w", id, links, ErrConflict)
		}
		if err := tx.db.Where("offering_id = ?", id).Delete(&CaseStudy{}).Error; err != nil {
			return fmt.Errorf("store: delete case studies of offering %d: %w", id, err)
		}
		if err := tx.db.Where("offering_id = ?", id).Delete(&StoryOffering{}).Error; err != nil {
			return fmt.Errorf("store: unlink stories of offering %d: %w", id, err)
		}
		res := tx.db.Delete(&Offering{}, id)
		if res.Error != nil {
			return fmt.Errorf("store: delete offering %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: delete offering %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// AddCaseStudy attaches a case study to an offering.
func (s *Store) AddCaseStudy(ctx context.Context, cs *CaseStudy) error {
	if err := s.db.WithContext(ctx).Create(cs).Error; err != nil {
		return fmt.Errorf("store: add case study to offering %d: %w", cs.OfferingID, err)
	}
	return nil
}

// DeleteCaseStudy removes one case study of an offering.
func (s *Store) DeleteCaseStudy(ctx context.Context, offeringID, id int64) error {
	res := s.db.WithContext(ctx).Where("offering_id = ?", offeringID).Delete(&CaseStudy{}, id)
	if res.Error != nil {
		return fmt.Errorf("store: delete case study %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("store: delete case study %d: %w", id, ErrNotFound)
	}
	return nil
}
