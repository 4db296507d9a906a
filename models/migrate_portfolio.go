package models

import (
	"time"

	"gorm.io/gorm"
)

// portfolioAccountColumns are the account columns the portfolio migration adds.
var portfolioAccountColumns = []string{"UsageX", "UsageY", "Stage", "Condition", "ConditionNote", "ConditionCheckedAt", "OwnerID", "MRR", "Currency", "Seats", "ExternalID"}

// migratePortfolio adds where each account stands (usage levels, stage,
// condition, owner, revenue) with defaults every existing account takes,
// the contact log, the organization's portfolio settings and the plays of
// the matrix's cells.
func migratePortfolio(tx *gorm.DB) error {
	type Account struct {
		UsageX             int    `gorm:"not null;default:0"`
		UsageY             int    `gorm:"not null;default:0"`
		Stage              string `gorm:"size:32;not null;default:'onboarding'"`
		Condition          string `gorm:"size:16;not null;default:'neutral'"`
		ConditionNote      string `gorm:"type:text;not null;default:''"`
		ConditionCheckedAt *time.Time
		OwnerID            *int64
		MRR                int64   `gorm:"column:mrr;not null;default:0"`
		Currency           string  `gorm:"size:3;not null;default:''"`
		Seats              int     `gorm:"not null;default:0"`
		ExternalID         *string `gorm:"size:100"`
	}
	for _, col := range portfolioAccountColumns {
		if err := tx.Migrator().AddColumn(&Account{}, col); err != nil {
			return err
		}
	}
	// NULLs never collide, so only accounts that have an externalId are unique.
	for _, stmt := range []string{
		"CREATE UNIQUE INDEX idx_accounts_external_id ON accounts (organization_id, external_id)",
		"CREATE INDEX idx_accounts_owner_id ON accounts (owner_id)",
	} {
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
	}
	type Contact struct {
		ID             int64     `gorm:"primaryKey"`
		OrganizationID int64     `gorm:"not null;index:idx_contacts_org_at,priority:1"`
		AccountID      int64     `gorm:"not null;index:idx_contacts_account_at,priority:1"`
		UserID         int64     `gorm:"not null"`
		Kind           string    `gorm:"size:16;not null"`
		At             time.Time `gorm:"not null;index:idx_contacts_org_at,priority:2;index:idx_contacts_account_at,priority:2"`
		Note           string    `gorm:"type:text;not null;default:''"`
		Condition      string    `gorm:"size:16;not null;default:''"`
		CreatedAt      time.Time `gorm:"not null"`
	}
	type OrganizationSettings struct {
		OrganizationID int64     `gorm:"primaryKey;autoIncrement:false"`
		AxisXName      string    `gorm:"size:50;not null"`
		AxisYName      string    `gorm:"size:50;not null"`
		Stages         string    `gorm:"type:text;not null"`
		ContactGoal    int       `gorm:"not null"`
		UpdatedBy      int64     `gorm:"not null"`
		UpdatedAt      time.Time `gorm:"not null"`
	}
	type PortfolioPlay struct {
		OrganizationID int64     `gorm:"primaryKey;autoIncrement:false"`
		X              int       `gorm:"primaryKey;autoIncrement:false"`
		Y              int       `gorm:"primaryKey;autoIncrement:false"`
		Action         string    `gorm:"type:text;not null"`
		TemplateID     *int64    `gorm:"index"`
		UpdatedBy      int64     `gorm:"not null"`
		UpdatedAt      time.Time `gorm:"not null"`
	}
	return tx.AutoMigrate(&Contact{}, &OrganizationSettings{}, &PortfolioPlay{})
}

func rollbackPortfolio(tx *gorm.DB) error {
	if err := tx.Migrator().DropTable("portfolio_plays", "organization_settings", "contacts"); err != nil {
		return err
	}
	for _, idx := range []string{"idx_accounts_external_id", "idx_accounts_owner_id"} {
		if err := tx.Exec("DROP INDEX " + idx).Error; err != nil {
			return err
		}
	}
	for _, col := range []string{"usage_x", "usage_y", "stage", "condition", "condition_note", "condition_checked_at", "owner_id", "mrr", "currency", "seats", "external_id"} {
		if err := tx.Migrator().DropColumn("accounts", col); err != nil {
			return err
		}
	}
	return nil
}
