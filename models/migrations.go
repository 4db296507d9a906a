package models

import (
	"errors"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// ErrSchemaTooNew means the database was migrated by a newer Kizuki.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary; upgrade Kizuki")

// migrations is the ordered, append-only schema history. Each migration
// declares the tables as they were at that point, so later model changes
// never alter what an old migration does.
func migrations() []*gormigrate.Migration {
	return []*gormigrate.Migration{
		{
			ID: "202611230001_initial",
			Migrate: func(tx *gorm.DB) error {
				type User struct {
					ID           int64     `gorm:"primaryKey"`
					Email        string    `gorm:"size:254;not null;uniqueIndex"`
					Name         string    `gorm:"size:100;not null"`
					PasswordHash string    `gorm:"size:100;not null"`
					Role         string    `gorm:"size:16;not null"`
					CreatedAt    time.Time `gorm:"not null"`
					UpdatedAt    time.Time `gorm:"not null"`
				}
				type Session struct {
					ID        int64     `gorm:"primaryKey"`
					TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
					UserID    int64     `gorm:"not null;index"`
					ExpiresAt time.Time `gorm:"not null;index"`
					CreatedAt time.Time `gorm:"not null"`
				}
				type Account struct {
					ID        int64     `gorm:"primaryKey"`
					Name      string    `gorm:"size:200;not null"`
					Industry  string    `gorm:"size:100;not null;default:''"`
					SizeBand  string    `gorm:"size:16;not null;default:''"`
					Notes     string    `gorm:"type:text;not null;default:''"`
					CreatedBy int64     `gorm:"not null"`
					CreatedAt time.Time `gorm:"not null"`
					UpdatedAt time.Time `gorm:"not null"`
				}
				type Workshop struct {
					ID                int64  `gorm:"primaryKey"`
					AccountID         int64  `gorm:"not null;index"`
					Title             string `gorm:"size:200;not null"`
					JoinCode          string `gorm:"size:16;not null;uniqueIndex"`
					Phase             string `gorm:"size:16;not null"`
					Anonymous         bool   `gorm:"not null"`
					VoteBudget        int    `gorm:"not null"`
					VoteCap           int    `gorm:"not null"`
					HiddenUntilReveal bool   `gorm:"not null"`
					TemplateID        *int64
					CreatedBy         int64     `gorm:"not null"`
					LastSeq           int64     `gorm:"not null;default:0"`
					CreatedAt         time.Time `gorm:"not null"`
					UpdatedAt         time.Time `gorm:"not null"`
				}
				type Participant struct {
					ID         int64     `gorm:"primaryKey"`
					WorkshopID int64     `gorm:"not null;index"`
					Name       string    `gorm:"size:60;not null"`
					Layer      string    `gorm:"size:16;not null"`
					TokenHash  string    `gorm:"size:64;not null;uniqueIndex"`
					Kicked     bool      `gorm:"not null"`
					CreatedAt  time.Time `gorm:"not null"`
				}
				type Idea struct {
					ID            int64  `gorm:"primaryKey"`
					WorkshopID    int64  `gorm:"not null;index"`
					Column        string `gorm:"column:board_column;size:16;not null"`
					Text          string `gorm:"type:text;not null"`
					ParticipantID *int64 `gorm:"index"`
					UserID        *int64
					AuthorName    string    `gorm:"size:100;not null"`
					Source        string    `gorm:"size:16;not null"`
					Position      int64     `gorm:"not null"`
					CreatedAt     time.Time `gorm:"not null"`
					UpdatedAt     time.Time `gorm:"not null"`
				}
				type Event struct {
					ID         int64     `gorm:"primaryKey"`
					WorkshopID int64     `gorm:"not null;uniqueIndex:idx_events_seq,priority:1;uniqueIndex:idx_events_command,priority:1"`
					Seq        int64     `gorm:"not null;uniqueIndex:idx_events_seq,priority:2"`
					Type       string    `gorm:"size:32;not null"`
					Payload    string    `gorm:"type:text;not null"`
					Actor      string    `gorm:"size:32;not null;uniqueIndex:idx_events_command,priority:2"`
					CommandID  *string   `gorm:"size:64;uniqueIndex:idx_events_command,priority:3"`
					CreatedAt  time.Time `gorm:"not null"`
				}
				return tx.AutoMigrate(&User{}, &Session{}, &Account{}, &Workshop{}, &Participant{}, &Idea{}, &Event{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("events", "ideas", "participants", "workshops", "accounts", "sessions", "users")
			},
		},
		{
			ID: "202611230002_voting",
			Migrate: func(tx *gorm.DB) error {
				type Vote struct {
					ID            int64     `gorm:"primaryKey"`
					WorkshopID    int64     `gorm:"not null;index"`
					ParticipantID int64     `gorm:"not null;uniqueIndex:idx_votes_voter_idea,priority:1"`
					IdeaID        int64     `gorm:"not null;uniqueIndex:idx_votes_voter_idea,priority:2;index"`
					Count         int       `gorm:"not null"`
					UpdatedAt     time.Time `gorm:"not null"`
				}
				type Idea struct {
					GroupID *int64 `gorm:"index"`
				}
				type Workshop struct {
					RevealedIdeal    bool `gorm:"not null;default:false"`
					RevealedSteps    bool `gorm:"not null;default:false"`
					TimerRunning     bool `gorm:"not null;default:false"`
					TimerEndsAt      *time.Time
					TimerRemainingMs int64 `gorm:"not null;default:0"`
					TimerDurationMs  int64 `gorm:"not null;default:0"`
				}
				if err := tx.AutoMigrate(&Vote{}); err != nil {
					return err
				}
				for _, col := range []string{"GroupID"} {
					if err := tx.Migrator().AddColumn(&Idea{}, col); err != nil {
						return err
					}
				}
				for _, col := range []string{"RevealedIdeal", "RevealedSteps", "TimerRunning", "TimerEndsAt", "TimerRemainingMs", "TimerDurationMs"} {
					if err := tx.Migrator().AddColumn(&Workshop{}, col); err != nil {
						return err
					}
				}
				return nil
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("votes")
			},
		},
		{
			ID: "202611230003_success_maps",
			Migrate: func(tx *gorm.DB) error {
				type Offering struct {
					ID           int64     `gorm:"primaryKey"`
					Name         string    `gorm:"size:200;not null"`
					Kind         string    `gorm:"size:16;not null"`
					MonthlyPrice int64     `gorm:"not null"`
					Currency     string    `gorm:"size:3;not null"`
					Tier         string    `gorm:"size:100;not null;default:''"`
					Description  string    `gorm:"type:text;not null;default:''"`
					Archived     bool      `gorm:"not null;default:false"`
					CreatedAt    time.Time `gorm:"not null"`
					UpdatedAt    time.Time `gorm:"not null"`
				}
				type CaseStudy struct {
					ID         int64     `gorm:"primaryKey"`
					OfferingID int64     `gorm:"not null;index"`
					Customer   string    `gorm:"size:200;not null"`
					Summary    string    `gorm:"type:text;not null"`
					Outcome    string    `gorm:"type:text;not null"`
					CreatedAt  time.Time `gorm:"not null"`
				}
				type SuccessMap struct {
					ID               int64 `gorm:"primaryKey"`
					AccountID        int64 `gorm:"not null;index"`
					SourceWorkshopID *int64
					TemplateID       *int64 `gorm:"index"`
					TemplateVersion  *int
					Title            string    `gorm:"size:200;not null"`
					CreatedBy        int64     `gorm:"not null"`
					CreatedAt        time.Time `gorm:"not null"`
					UpdatedAt        time.Time `gorm:"not null"`
				}
				type MapStatement struct {
					ID       int64  `gorm:"primaryKey"`
					MapID    int64  `gorm:"not null;index"`
					Position int    `gorm:"not null"`
					Text     string `gorm:"type:text;not null"`
					Votes    int    `gorm:"not null;default:0"`
				}
				type MapChallenge struct {
					ID       int64  `gorm:"primaryKey"`
					MapID    int64  `gorm:"not null;index"`
					Position int    `gorm:"not null"`
					Text     string `gorm:"type:text;not null"`
					Johari   string `gorm:"size:16;not null"`
				}
				type MapChallengeOffering struct {
					ChallengeID int64 `gorm:"primaryKey"`
					OfferingID  int64 `gorm:"primaryKey;index"`
					MapID       int64 `gorm:"not null;index"`
				}
				type MapAction struct {
					ID       int64  `gorm:"primaryKey"`
					MapID    int64  `gorm:"not null;index"`
					Position int    `gorm:"not null"`
					Text     string `gorm:"type:text;not null"`
					Owner    string `gorm:"size:100;not null;default:''"`
					Team     string `gorm:"size:100;not null;default:''"`
					Due      string `gorm:"size:10;not null;default:''"`
					Status   string `gorm:"size:16;not null"`
				}
				type Template struct {
					ID          int64     `gorm:"primaryKey"`
					LineageID   int64     `gorm:"not null;index"`
					Version     int       `gorm:"not null"`
					Name        string    `gorm:"size:200;not null"`
					Description string    `gorm:"type:text;not null;default:''"`
					Industry    string    `gorm:"size:100;not null;default:'';index"`
					SizeBand    string    `gorm:"size:16;not null;default:''"`
					Tags        string    `gorm:"type:text;not null;default:''"`
					Body        string    `gorm:"type:text;not null"`
					UsageCount  int       `gorm:"not null;default:0"`
					CreatedBy   int64     `gorm:"not null"`
					CreatedAt   time.Time `gorm:"not null"`
				}
				type MapShare struct {
					ID        int64     `gorm:"primaryKey"`
					MapID     int64     `gorm:"not null;index"`
					TokenHash string    `gorm:"size:64;not null;uniqueIndex"`
					ExpiresAt time.Time `gorm:"not null"`
					Revoked   bool      `gorm:"not null;default:false"`
					CreatedBy int64     `gorm:"not null"`
					CreatedAt time.Time `gorm:"not null"`
				}
				return tx.AutoMigrate(&Offering{}, &CaseStudy{}, &SuccessMap{}, &MapStatement{}, &MapChallenge{},
					&MapChallengeOffering{}, &MapAction{}, &Template{}, &MapShare{})
			},
			Rollback: func(tx *gorm.DB) error {
				return tx.Migrator().DropTable("map_shares", "templates", "map_actions", "map_challenge_offerings",
					"map_challenges", "map_statements", "success_maps", "case_studies", "offerings")
			},
		},
		{
			ID:       "202612030001_organizations",
			Migrate:  migrateOrganizations,
			Rollback: rollbackOrganizations,
		},
		{
			ID: "202612030002_join_lock",
			Migrate: func(tx *gorm.DB) error {
				type Workshop struct {
					JoinLocked bool `gorm:"not null;default:false"`
				}
				return tx.Migrator().AddColumn(&Workshop{}, "JoinLocked")
			},
			Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropColumn("workshops", "join_locked") },
		},
		{
			ID:       "202612040001_portfolio",
			Migrate:  migratePortfolio,
			Rollback: rollbackPortfolio,
		},
		{
			ID:       "202612050001_upsell",
			Migrate:  migrateUpsell,
			Rollback: rollbackUpsell,
		},
		{
			ID:       "202612060001_stories",
			Migrate:  migrateStories,
			Rollback: rollbackStories,
		},
		{
			ID:       "202612070001_band_prices",
			Migrate:  migrateBandPrices,
			Rollback: rollbackBandPrices,
		},
	}
}

// migrate brings the schema up to date inside one transaction and refuses a
// database that has migrations this binary does not know.
func migrate(db *gorm.DB) error { return migrateTo(db, "") }

// ErrDuplicateCommand means an event with the same command id (from the same
// actor, in the same workshop) is already committed: the command is a retry.
var ErrDuplicateCommand = errors.New("command already committed")

// migrateTo migrates up to and including the migration id, or to the newest when id is empty.
func migrateTo(db *gorm.DB, id string) error {
	m := gormigrate.New(db, &gormigrate.Options{
		TableName:                 "schema_migrations",
		IDColumnName:              "id",
		IDColumnSize:              255,
		UseTransaction:            true,
		ValidateUnknownMigrations: true,
	}, migrations())
	migrate := m.Migrate
	if id != "" {
		migrate = func() error { return m.MigrateTo(id) }
	}
	if err := migrate(); err != nil {
		if errors.Is(err, gormigrate.ErrUnknownPastMigration) {
			return ErrSchemaTooNew
		}
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
