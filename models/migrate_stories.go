package models

import (
	"time"

	"gorm.io/gorm"
)

// migrateStories adds customer stories (and the offerings each adopted),
// the story a live workshop shows, the karte checklist of templates and the
// karte links customers answer before their workshop.
func migrateStories(tx *gorm.DB) error {
	type Story struct {
		ID             int64     `gorm:"primaryKey"`
		OrganizationID int64     `gorm:"not null;index"`
		MapID          *int64    `gorm:"index"`
		AccountID      *int64    `gorm:"index"`
		Title          string    `gorm:"size:200;not null"`
		Customer       string    `gorm:"size:200;not null;default:''"`
		Anonymized     bool      `gorm:"not null;default:false"`
		Consent        bool      `gorm:"not null;default:false"`
		Industry       string    `gorm:"size:100;not null;default:''"`
		SizeBand       string    `gorm:"size:16;not null;default:''"`
		Ideal          string    `gorm:"type:text;not null"`
		Challenges     string    `gorm:"type:text;not null"`
		Quote          string    `gorm:"type:text;not null;default:''"`
		Outcome        string    `gorm:"type:text;not null;default:''"`
		CreatedBy      int64     `gorm:"not null"`
		CreatedAt      time.Time `gorm:"not null"`
		UpdatedAt      time.Time `gorm:"not null"`
	}
	type StoryOffering struct {
		StoryID    int64 `gorm:"primaryKey"`
		OfferingID int64 `gorm:"primaryKey;index"`
	}
	type KarteLink struct {
		ID             int64  `gorm:"primaryKey"`
		OrganizationID int64  `gorm:"not null;index"`
		WorkshopID     int64  `gorm:"not null;index"`
		TokenHash      string `gorm:"size:64;not null;uniqueIndex"`
		Items          string `gorm:"type:text;not null"`
		Answers        string `gorm:"type:text;not null;default:''"`
		AnsweredAt     *time.Time
		ExpiresAt      time.Time `gorm:"not null"`
		Revoked        bool      `gorm:"not null;default:false"`
		CreatedBy      int64     `gorm:"not null"`
		CreatedAt      time.Time `gorm:"not null"`
	}
	if err := tx.AutoMigrate(&Story{}, &StoryOffering{}, &KarteLink{}); err != nil {
		return err
	}
	type Workshop struct {
		ShownStoryID *int64
		ShownStory   string `gorm:"type:text;not null;default:''"`
	}
	for _, col := range []string{"ShownStoryID", "ShownStory"} {
		if err := tx.Migrator().AddColumn(&Workshop{}, col); err != nil {
			return err
		}
	}
	type Template struct {
		Karte string `gorm:"type:text;not null;default:''"`
	}
	return tx.Migrator().AddColumn(&Template{}, "Karte")
}

func rollbackStories(tx *gorm.DB) error {
	if err := tx.Migrator().DropTable("karte_links", "story_offerings", "stories"); err != nil {
		return err
	}
	for _, col := range []string{"shown_story_id", "shown_story"} {
		if err := tx.Migrator().DropColumn("workshops", col); err != nil {
			return err
		}
	}
	return tx.Migrator().DropColumn("templates", "karte")
}
