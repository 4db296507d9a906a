package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Story is a customer's success taken from a map with their consent, shown
// to other customers and kept as a case study of the offerings it adopted.
// An anonymized story holds no name of its account or of any person.
type Story struct {
	ID             int64
	OrganizationID int64
	MapID          *int64 // the map it was taken from
	AccountID      *int64 // whose story it is: never matched to that account itself
	Title          string
	Customer       string // the account's name; "" when anonymized
	Anonymized     bool
	Consent        bool
	Industry       string
	SizeBand       string
	Ideal          string // JSON list of the ideal statements
	Challenges     string // JSON list of the challenges' texts
	Quote          string
	Outcome        string
	OfferingIDs    []int64 `gorm:"-"` // the offerings adopted, in id order
	CreatedBy      int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// StoryOffering links a story to an offering it adopted.
type StoryOffering struct {
	StoryID    int64
	OfferingID int64
}

// EncodeTexts stores a list of texts in one column.
func EncodeTexts(list []string) string {
	if list == nil {
		list = []string{}
	}
	raw, _ := json.Marshal(list) // plain strings always encode
	return string(raw)
}

// DecodeTexts reads a list EncodeTexts stored; a damaged column reads as empty.
func DecodeTexts(raw string) []string {
	var out []string
	if json.Unmarshal([]byte(raw), &out) != nil || out == nil {
		return []string{}
	}
	return out
}

// StoryFilter narrows an organization's stories; zero fields match all.
type StoryFilter struct {
	OrganizationID int64 // required
	Industry       string
	SizeBand       string
	OfferingID     int64
	// OfferingIDs keeps the stories that adopted any of them (with
	// Segment: or are of the segment Industry and SizeBand).
	OfferingIDs []int64
	Segment     bool
	// ExceptAccount leaves out one account's own stories (0: none).
	ExceptAccount int64
	Limit         int
}

// CreateStory inserts a story with its offering links.
func (s *Store) CreateStory(ctx context.Context, st *Story) error {
	return s.InTx(ctx, func(tx *Store) error {
		if err := tx.db.Create(st).Error; err != nil {
			return fmt.Errorf("store: create story: %w", err)
		}
		return tx.linkStoryOfferings(st)
	})
}

func (s *Store) linkStoryOfferings(st *Story) error {
	if err := s.db.Where("story_id = ?", st.ID).Delete(&StoryOffering{}).Error; err != nil {
		return fmt.Errorf("store: unlink offerings of story %d: %w", st.ID, err)
	}
	if len(st.OfferingIDs) == 0 {
		return nil
	}
	links := make([]StoryOffering, len(st.OfferingIDs))
	for i, id := range st.OfferingIDs {
		links[i] = StoryOffering{StoryID: st.ID, OfferingID: id}
	}
	if err := s.db.Create(&links).Error; err != nil {
		return fmt.Errorf("store: link offerings of story %d: %w", st.ID, err)
	}
	return nil
}

// UpdateStory saves a story's content and its offering links.
func (s *Store) UpdateStory(ctx context.Context, st *Story) error {
	return s.InTx(ctx, func(tx *Store) error {
		st.UpdatedAt = time.Now().UTC()
		res := tx.db.Model(&Story{}).Scopes(inOrg(st.OrganizationID)).Where("id = ?", st.ID).Updates(map[string]any{
			"title": st.Title, "industry": st.Industry, "size_band": st.SizeBand, "ideal": st.Ideal,
			"challenges": st.Challenges, "quote": st.Quote, "outcome": st.Outcome, "updated_at": st.UpdatedAt,
		})
		if res.Error != nil {
			return fmt.Errorf("store: update story %d: %w", st.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: update story %d: %w", st.ID, ErrNotFound)
		}
		return tx.linkStoryOfferings(st)
	})
}

// DeleteStory removes a story of the organization; workshops showing it stop.
func (s *Store) DeleteStory(ctx context.Context, orgID, id int64) error {
	return s.InTx(ctx, func(tx *Store) error {
		res := tx.db.Scopes(inOrg(orgID)).Delete(&Story{}, id)
		if res.Error != nil {
			return fmt.Errorf("store: delete story %d: %w", id, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: delete story %d: %w", id, ErrNotFound)
		}
		if err := tx.db.Where("story_id = ?", id).Delete(&StoryOffering{}).Error; err != nil {
			return fmt.Errorf("store: unlink story %d: %w", id, err)
		}
		err := tx.db.Model(&Workshop{}).Where("shown_story_id = ?", id).
			Updates(map[string]any{"shown_story_id": nil, "shown_story": ""}).Error
		if err != nil {
			return fmt.Errorf("store: stop showing story %d: %w", id, err)
		}
		return nil
	})
}

// StoryByID loads one story of the organization with its offering links.
func (s *Store) StoryByID(ctx context.Context, orgID, id int64) (*Story, error) {
	var st Story
	if err := s.db.WithContext(ctx).Scopes(inOrg(orgID)).First(&st, id).Error; err != nil {
		return nil, fmt.Errorf("store: story %d: %w", id, notFound(err))
	}
	if err := s.loadStoryOfferings(ctx, []*Story{&st}); err != nil {
		return nil, err
	}
	return &st, nil
}

// Stories lists the organization's stories matching f, newest first.
func (s *Store) Stories(ctx context.Context, f StoryFilter) ([]Story, error) {
	q := s.db.WithContext(ctx).Scopes(inOrg(f.OrganizationID)).Order("id DESC")
	if f.Industry != "" && !f.Segment {
		q = q.Where("LOWER(industry) = ?", strings.ToLower(f.Industry))
	}
	if f.SizeBand != "" && !f.Segment {
		q = q.Where("size_band = ?", f.SizeBand)
	}
	if f.OfferingID != 0 {
		q = q.Where("id IN (SELECT story_id FROM story_offerings WHERE offering_id = ?)", f.OfferingID)
	}
	if f.Segment || len(f.OfferingIDs) > 0 {
		cond, args := "1 = 0", []any{}
		if f.Segment {
			cond, args = "(LOWER(industry) = ? AND size_band = ?)", []any{strings.ToLower(f.Industry), f.SizeBand}
		}
		if len(f.OfferingIDs) > 0 {
			cond += " OR id IN (SELECT story_id FROM story_offerings WHERE offering_id IN ?)"
			args = append(args, f.OfferingIDs)
		}
		q = q.Where("("+cond+")", args...)
	}
	if f.ExceptAccount != 0 {
		q = q.Where("(account_id IS NULL OR account_id <> ?)", f.ExceptAccount)
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var out []Story
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list stories: %w", err)
	}
	ptrs := make([]*Story, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := s.loadStoryOfferings(ctx, ptrs); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) loadStoryOfferings(ctx context.Context, stories []*Story) error {
	if len(stories) == 0 {
		return nil
	}
	ids := make([]int64, len(stories))
	byID := make(map[int64]*Story, len(stories))
	for i, st := range stories {
		ids[i], byID[st.ID] = st.ID, st
		st.OfferingIDs = []int64{}
	}
	var links []StoryOffering
	if err := s.db.WithContext(ctx).Where("story_id IN ?", ids).Order("story_id, offering_id").Find(&links).Error; err != nil {
		return fmt.Errorf("store: offerings of stories: %w", err)
	}
	for _, l := range links {
		byID[l.StoryID].OfferingIDs = append(byID[l.StoryID].OfferingIDs, l.OfferingID)
	}
	return nil
}

// StoryNames are the names a story from a map must not carry when
// anonymized: its account's and every person's the store knows around it.
type StoryNames struct {
	Account string
	People  []string
}

// MapPeople gathers the names around a map of the organization: its
// source workshop's participants, its action owners, its account's owner,
// the members who logged the account's contacts or own its opportunities,
// and the map's author.
func (s *Store) MapPeople(ctx context.Context, m *SuccessMap) (StoryNames, error) {
	db := s.db.WithContext(ctx)
	var out StoryNames
	var acct Account
	if err := db.Scopes(inOrg(m.OrganizationID)).First(&acct, m.AccountID).Error; err != nil {
		return out, fmt.Errorf("store: account of map %d: %w", m.ID, notFound(err))
	}
	out.Account = acct.Name
	for _, a := range m.Actions {
		out.People = append(out.People, a.Owner)
	}
	var names []string
	if m.SourceWorkshopID != nil {
		if err := db.Model(&Participant{}).Where("workshop_id = ?", *m.SourceWorkshopID).Pluck("name", &names).Error; err != nil {
			return out, fmt.Errorf("store: participants of map %d: %w", m.ID, err)
		}
		out.People = append(out.People, names...)
	}
	names = nil
	err := db.Model(&User{}).Scopes(inOrg(m.OrganizationID)).Where(
		"id = ? OR id = ? OR id IN (SELECT user_id FROM contacts WHERE account_id = ?) OR id IN (SELECT owner_id FROM opportunities WHERE account_id = ? AND owner_id IS NOT NULL) OR id IN (SELECT created_by FROM opportunities WHERE account_id = ?)",
		m.CreatedBy, ownerOrZero(acct.OwnerID), acct.ID, acct.ID, acct.ID).Pluck("name", &names).Error
	if err != nil {
		return out, fmt.Errorf("store: members around map %d: %w", m.ID, err)
	}
	out.People = append(out.People, names...)
	return out, nil
}

func ownerOrZero(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// WonOfferingIDs lists the offerings an account of the organization won opportunities for.
func (s *Store) WonOfferingIDs(ctx context.Context, orgID, accountID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&Opportunity{}).Scopes(inOrg(orgID)).
		Where("account_id = ? AND status = ?", accountID, OpportunityWon).Distinct("offering_id").Order("offering_id").Pluck("offering_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: won offerings of account %d: %w", accountID, err)
	}
	return ids, nil
}

// StoriesOfOfferings lists, per offering, the organization's stories that adopted it, newest first.
func (s *Store) StoriesOfOfferings(ctx context.Context, orgID int64, offeringIDs []int64) (map[int64][]Story, error) {
	out := make(map[int64][]Story)
	if len(offeringIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		Story      `gorm:"embedded"`
		OfferingID int64
	}
	err := s.db.WithContext(ctx).Table("stories").Select("stories.*, story_offerings.offering_id").
		Joins("JOIN story_offerings ON story_offerings.story_id = stories.id").
		Where("stories.organization_id = ? AND story_offerings.offering_id IN ?", orgID, offeringIDs).
		Order("stories.id DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: stories of offerings: %w", err)
	}
	for _, r := range rows {
		out[r.OfferingID] = append(out[r.OfferingID], r.Story)
	}
	return out, nil
}

// SetShownStory records the story a workshop shows its room (nil: none)
// and the room's copy of it.
func (s *Store) SetShownStory(ctx context.Context, workshopID int64, storyID *int64, shown string) error {
	err := s.db.WithContext(ctx).Model(&Workshop{}).Where("id = ?", workshopID).
		Updates(map[string]any{"shown_story_id": storyID, "shown_story": shown}).Error
	if err != nil {
		return fmt.Errorf("store: shown story of workshop %d: %w", workshopID, err)
	}
	return nil
}
