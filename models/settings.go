package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm/clause"
)

// Account conditions: how the customer feels about us at the last check.
// Upsell only to satisfied accounts; the others succeed first.
const (
	ConditionSatisfied   = "satisfied"
	ConditionNeutral     = "neutral"
	ConditionUnsatisfied = "unsatisfied"
)

// IsCondition reports whether c is one of the account conditions.
func IsCondition(c string) bool {
	return c == ConditionSatisfied || c == ConditionNeutral || c == ConditionUnsatisfied
}

// UsageLevels is how many levels each usage axis has (0 to UsageLevels-1).
const UsageLevels = 4

// Stage is a lifecycle stage: accounts store its Key, so Label can be renamed freely.
type Stage struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// OrganizationSettings is how an organization runs its portfolio. An
// organization without a row has DefaultSettings.
type OrganizationSettings struct {
	OrganizationID int64 `gorm:"primaryKey;autoIncrement:false"`
	AxisXName      string
	AxisYName      string
	StagesJSON     string  `gorm:"column:stages"`
	Stages         []Stage `gorm:"-"`
	ContactGoal    int     // the team's contacts per calendar month
	UpdatedBy      int64
	UpdatedAt      time.Time
}

// DefaultStages are the lifecycle every organization starts with.
func DefaultStages() []Stage {
	return []Stage{{"onboarding", "Onboarding"}, {"adoption", "Adoption"}, {"expansion", "Expansion"}, {"advocacy", "Advocacy"}}
}

// DefaultSettings is what an organization has until an owner or admin changes it.
func DefaultSettings(orgID int64) *OrganizationSettings {
	return &OrganizationSettings{OrganizationID: orgID, AxisXName: "Usage X", AxisYName: "Usage Y", Stages: DefaultStages(), ContactGoal: 100}
}

// HasStage reports whether key is one of the settings' stage keys.
func (o *OrganizationSettings) HasStage(key string) bool {
	for _, st := range o.Stages {
		if st.Key == key {
			return true
		}
	}
	return false
}

// StageInUseError means saving settings would drop a stage accounts are still at.
type StageInUseError struct {
	Key      string
	Accounts int64
}

func (e *StageInUseError) Error() string {
	return fmt.Sprintf("%d accounts are at stage %q", e.Accounts, e.Key)
}

// PortfolioSettings loads an organization's portfolio settings, or the defaults.
func (s *Store) PortfolioSettings(ctx context.Context, orgID int64) (*OrganizationSettings, error) {
	var rows []OrganizationSettings
	if err := s.db.WithContext(ctx).Where("organization_id = ?", orgID).Limit(1).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: settings of organization %d: %w", orgID, err)
	}
	if len(rows) == 0 {
		return DefaultSettings(orgID), nil
	}
	o := &rows[0]
	if err := json.Unmarshal([]byte(o.StagesJSON), &o.Stages); err != nil || len(o.Stages) == 0 {
		return nil, fmt.Errorf("store: stages of organization %d: %w", orgID, errors.Join(err, errors.New("no stages stored")))
	}
	return o, nil
}

// SaveOrganizationSettings stores an organization's settings. Dropping a stage that
// accounts are still at fails with *StageInUseError and changes nothing.
func (s *Store) SaveOrganizationSettings(ctx context.Context, o *OrganizationSettings) error {
	raw, err := json.Marshal(o.Stages)
	if err != nil {
		return fmt.Errorf("store: encode stages: %w", err)
	}
	o.StagesJSON = string(raw)
	o.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond) // what PostgreSQL keeps
	return s.InTx(ctx, func(tx *Store) error {
		keys := make([]string, len(o.Stages))
		for i, st := range o.Stages {
			keys[i] = st.Key
		}
		var left []struct {
			Stage string
			N     int64
		}
		if err := tx.db.Model(&Account{}).Scopes(inOrg(o.OrganizationID)).Where("stage NOT IN ?", keys).
			Select("stage, COUNT(*) AS n").Group("stage").Order("stage").Scan(&left).Error; err != nil {
			return fmt.Errorf("store: accounts at removed stages: %w", err)
		}
		if len(left) > 0 {
			return &StageInUseError{Key: left[0].Stage, Accounts: left[0].N}
		}
		if err := tx.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(o).Error; err != nil {
			return fmt.Errorf("store: save settings of organization %d: %w", o.OrganizationID, err)
		}
		return nil
	})
}
