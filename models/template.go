package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// CreateTemplate inserts t as version 1 of a new template, or, when
// lineageID is set, as the next version of that template.
func (s *Store) CreateTemplate(ctx context.Context, t *Template, lineageID int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		t.Version = 1
		if lineageID != 0 {
			var last int
			if err := tx.db.Model(&Template{}).Where("lineage_id = ?", lineageID).
				Select("COALESCE(MAX(version), 0)").Scan(&last).Error; err != nil {
				return fmt.Errorf("store: latest version of template %d: %w", lineageID, err)
			}
			if last == 0 {
				return fmt.Errorf("store: template lineage %d: %w", lineageID, ErrNotFound)
			}
			t.Version, t.LineageID = last+1, lineageID
		}
		if err := tx.db.Create(t).Error; err != nil {
			return fmt.Errorf("store: create template: %w", err)
		}
		if lineageID == 0 {
			t.LineageID = t.ID
			if err := tx.db.Model(t).Update("lineage_id", t.ID).Error; err != nil {
				return fmt.Errorf("store: set template lineage: %w", err)
			}
		}
		return nil
	})
}

// TemplateByID loads one template version of the organization.
func (s *Store) TemplateByID(ctx context.Context, orgID, id int64) (*Template, error) {
	var t Template
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).First(&t, id).Error; err != nil {
		return nil, fmt.Errorf("store: template %d: %w", id, notFound(err))
	}
	return &t, nil
}

// TemplateFilter narrows the template library.
type TemplateFilter struct {
	OrganizationID int64  // required: whose library
	Query          string // in name, description or tags
	Industry       string
	SizeBand       string
	Tag            string
}

// Templates lists every version of the templates matching f.
func (s *Store) Templates(ctx context.Context, f TemplateFilter) ([]Template, error) {
	q := s.db.WithContext(ctx).Scopes(inOrg(f.OrganizationID)).Order("lineage_id, version")
	if f.Query != "" {
		like := "%" + escapeLike(strings.ToLower(f.Query)) + "%"
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(description) LIKE ? ESCAPE '\\' OR tags LIKE ? ESCAPE '\\')", like, like, like)
	}
	if f.Industry != "" {
		q = q.Where("LOWER(industry) = ?", strings.ToLower(f.Industry))
	}
	if f.SizeBand != "" {
		q = q.Where("size_band = ?", f.SizeBand)
	}
	if f.Tag != "" {
		q = q.Where("(',' || tags || ',') LIKE ? ESCAPE '\\'", "%,"+escapeLike(strings.ToLower(f.Tag))+",%")
	}
	var out []Template
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list templates: %w", err)
	}
	return out, nil
}

// TemplateVersions lists the versions of one template of the organization.
func (s *Store) TemplateVersions(ctx context.Context, orgID, lineageID int64) ([]Template, error) {
	var out []Template
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Where("lineage_id = ?", lineageID).Order("version").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: versions of template %d: %w", lineageID, err)
	}
	return out, nil
}

// CountTemplateUse records that a template version was cloned.
func (s *Store) CountTemplateUse(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Model(&Template{}).Where("id = ?", id).
		UpdateColumn("usage_count", gorm.Expr("usage_count + 1")).Error; err != nil {
		return fmt.Errorf("store: count use of template %d: %w", id, err)
	}
	return nil
}

// TemplateBodies loads the id and body of every template version of the organization.
func (s *Store) TemplateBodies(ctx context.Context, orgID int64) ([]Template, error) {
	var out []Template
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).Select("id", "body").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: template bodies: %w", err)
	}
	return out, nil
}

// escapeLike makes user text literal inside a LIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
