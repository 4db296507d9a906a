package models

import (
	"time"

	"gorm.io/gorm"
)

// migrateUpsell adds opportunities (what was proposed to whom, and why it
// was bought or not), the praise feed, the churn-risk flag of accounts and
// the completion time of map actions. Actions already done take their
// map's last update as their completion: the best the old schema knows.
func migrateUpsell(tx *gorm.DB) error {
	type Account struct {
		ChurnRiskOpportunityID *int64
	}
	if err := tx.Migrator().AddColumn(&Account{}, "ChurnRiskOpportunityID"); err != nil {
		return err
	}
	type MapAction struct {
		CompletedAt *time.Time
	}
	if err := tx.Migrator().AddColumn(&MapAction{}, "CompletedAt"); err != nil {
		return err
	}
	if err := tx.Exec("UPDATE map_actions SET completed_at = (SELECT updated_at FROM success_maps WHERE success_maps.id = map_actions.map_id) WHERE status = ?", ActionDone).Error; err != nil {
		return err
	}
	type Opportunity struct {
		ID               int64      `gorm:"primaryKey"`
		OrganizationID   int64      `gorm:"not null;index:idx_opportunities_org_proposed,priority:1;index:idx_opportunities_org_closed,priority:1"`
		AccountID        int64      `gorm:"not null;index"`
		MapID            *int64     `gorm:"index"`
		ChallengeID      *int64     ``
		ChallengeText    string     `gorm:"type:text;not null;default:''"`
		OfferingID       int64      `gorm:"not null;index"`
		Status           string     `gorm:"size:16;not null"`
		MonthlyDelta     int64      `gorm:"not null;default:0"`
		Currency         string     `gorm:"size:3;not null"`
		Reason           string     `gorm:"size:200;not null;default:''"`
		Note             string     `gorm:"type:text;not null;default:''"`
		OwnerID          *int64     `gorm:"index"`
		Override         bool       `gorm:"not null;default:false"`
		OverrideReason   string     `gorm:"type:text;not null;default:''"`
		ProposedAt       time.Time  `gorm:"not null;index:idx_opportunities_org_proposed,priority:2"`
		ClosedAt         *time.Time `gorm:"index:idx_opportunities_org_closed,priority:2"`
		ChurnClearedAt   *time.Time
		ChurnClearedBy   *int64
		ChurnClearedNote string    `gorm:"type:text;not null;default:''"`
		CreatedBy        int64     `gorm:"not null"`
		CreatedAt        time.Time `gorm:"not null"`
		UpdatedAt        time.Time `gorm:"not null"`
	}
	type Praise struct {
		ID             int64     `gorm:"primaryKey;index:idx_praises_org_id,priority:2"`
		OrganizationID int64     `gorm:"not null;index:idx_praises_org_id,priority:1"`
		Kind           string    `gorm:"size:16;not null"`
		Text           string    `gorm:"type:text;not null;default:''"`
		FromUserID     *int64    ``
		ToUserID       *int64    ``
		AccountID      *int64    `gorm:"index"`
		OpportunityID  *int64    ``
		MapID          *int64    ``
		CreatedAt      time.Time `gorm:"not null"`
	}
	return tx.AutoMigrate(&Opportunity{}, &Praise{})
}

func rollbackUpsell(tx *gorm.DB) error {
	if err := tx.Migrator().DropTable("praises", "opportunities"); err != nil {
		return err
	}
	if err := tx.Migrator().DropColumn("map_actions", "completed_at"); err != nil {
		return err
	}
	return tx.Migrator().DropColumn("accounts", "churn_risk_opportunity_id")
}
