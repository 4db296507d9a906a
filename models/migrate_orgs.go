package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// orgScopedTables are the tables whose rows each belong to one organization;
// their children (case studies, participants, ideas, votes, events, map
// content, shares) belong to it through them.
var orgScopedTables = []string{"users", "accounts", "offerings", "workshops", "success_maps", "templates"}

// migrateOrganizations adds organizations and invitations, gives every
// organization-owned table an organization_id, and moves what an install
// already holds into one organization owned by its earliest user.
func migrateOrganizations(tx *gorm.DB) error {
	type Organization struct {
		ID        int64     `gorm:"primaryKey"`
		Name      string    `gorm:"size:100;not null"`
		CreatedAt time.Time `gorm:"not null"`
		UpdatedAt time.Time `gorm:"not null"`
	}
	type Invitation struct {
		ID             int64     `gorm:"primaryKey"`
		OrganizationID int64     `gorm:"not null;index"`
		Email          string    `gorm:"size:254;not null"`
		Role           string    `gorm:"size:16;not null"`
		TokenHash      string    `gorm:"size:64;not null;uniqueIndex"`
		ExpiresAt      time.Time `gorm:"not null"`
		AcceptedAt     *time.Time
		RevokedAt      *time.Time
		CreatedBy      int64     `gorm:"not null"`
		CreatedAt      time.Time `gorm:"not null"`
	}
	if err := tx.AutoMigrate(&Organization{}, &Invitation{}); err != nil {
		return err
	}
	for _, table := range orgScopedTables {
		if err := tx.Exec("ALTER TABLE " + table + " ADD COLUMN organization_id BIGINT NOT NULL DEFAULT 0").Error; err != nil {
			return fmt.Errorf("add organization_id to %s: %w", table, err)
		}
		if err := tx.Exec("CREATE INDEX idx_" + table + "_organization_id ON " + table + " (organization_id)").Error; err != nil {
			return fmt.Errorf("index organization_id of %s: %w", table, err)
		}
	}

	var first struct {
		ID   int64
		Name string
	}
	if err := tx.Raw("SELECT id, name FROM users ORDER BY id LIMIT 1").Scan(&first).Error; err != nil {
		return err
	}
	if first.ID == 0 && !anyRows(tx) {
		return nil // a new install: the first signup creates the first organization
	}
	name := "Kizuki"
	if first.Name != "" {
		name = first.Name
	}
	now := time.Now().UTC()
	org := Organization{Name: name, CreatedAt: now, UpdatedAt: now}
	if err := tx.Create(&org).Error; err != nil {
		return err
	}
	for _, table := range orgScopedTables {
		if err := tx.Exec("UPDATE "+table+" SET organization_id = ?", org.ID).Error; err != nil {
			return fmt.Errorf("move %s into organization %d: %w", table, org.ID, err)
		}
	}
	if first.ID != 0 {
		return tx.Exec("UPDATE users SET role = ? WHERE id = ?", RoleOwner, first.ID).Error
	}
	return nil
}

// anyRows reports whether any organization-owned table holds a row.
func anyRows(tx *gorm.DB) bool {
	for _, table := range orgScopedTables {
		var n int64
		if tx.Table(table).Count(&n).Error == nil && n > 0 {
			return true
		}
	}
	return false
}

func rollbackOrganizations(tx *gorm.DB) error {
	for _, table := range orgScopedTables {
		if err := tx.Migrator().DropColumn(table, "organization_id"); err != nil {
			return err
		}
	}
	return tx.Migrator().DropTable("invitations", "organizations")
}
