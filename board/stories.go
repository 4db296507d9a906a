package board

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// Events of the story the facilitator shows the room.
const (
	EventStoryShown  = "story.shown"
	EventStoryHidden = "story.hidden"
)

// StoryOfferingView is an offering a story adopted, as the room sees it.
type StoryOfferingView struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// StoryView is a customer story as every board and the projector show it:
// its content is anonymized or consented already, so all viewers get the same.
type StoryView struct {
	ID         int64               `json:"id"`
	Title      string              `json:"title"`
	Customer   string              `json:"customer"`
	Anonymized bool                `json:"anonymized"`
	Industry   string              `json:"industry"`
	SizeBand   string              `json:"sizeBand"`
	Ideal      []string            `json:"ideal"`
	Challenges []string            `json:"challenges"`
	Offerings  []StoryOfferingView `json:"offerings"`
	Quote      string              `json:"quote"`
	Outcome    string              `json:"outcome"`
}

// NewStoryView renders a story with the names of its offerings (those
// missing from offerings are left out).
func NewStoryView(st *models.Story, offerings map[int64]*models.Offering) StoryView {
	v := StoryView{
		ID: st.ID, Title: st.Title, Customer: st.Customer, Anonymized: st.Anonymized, Industry: st.Industry, SizeBand: st.SizeBand,
		Ideal: models.DecodeTexts(st.Ideal), Challenges: models.DecodeTexts(st.Challenges), Offerings: []StoryOfferingView{},
		Quote: st.Quote, Outcome: st.Outcome,
	}
	if st.Anonymized {
		v.Customer = ""
	}
	for _, id := range st.OfferingIDs {
		if o := offerings[id]; o != nil {
			v.Offerings = append(v.Offerings, StoryOfferingView{ID: o.ID, Name: o.Name, Kind: o.Kind})
		}
	}
	return v
}

type (
	// StoryShownPayload is the data of a story.shown event.
	StoryShownPayload struct {
		Story StoryView `json:"story"`
	}
	// StoryHiddenPayload is the (empty) data of a story.hidden event.
	StoryHiddenPayload struct{}
)

// handleStoryShow shows one of the organization's stories to the room. The
// story is read in the commit's transaction: one that is not there (or is
// another organization's) is refused there.
func handleStoryShow(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		StoryID int64 `json:"storyId"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	if d.StoryID <= 0 {
		return nil, Refuse(CodeBadRequest, "storyId must be a story's id")
	}
	if st.workshop.Phase == PhaseClosed {
		return nil, Refuse(CodeWrongPhase, "the workshop is closed")
	}
	org, wid, storyID := st.workshop.OrganizationID, st.workshop.ID, d.StoryID
	return &Change{
		Event: EventStoryShown,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			story, err := tx.StoryByID(ctx, org, storyID)
			if errors.Is(err, models.ErrNotFound) {
				return nil, Refuse(CodeNotFound, "no such story")
			}
			if err != nil {
				return nil, err
			}
			offerings, err := tx.OfferingsByIDs(ctx, org, story.OfferingIDs)
			if err != nil {
				return nil, err
			}
			view := NewStoryView(story, offerings)
			shown, err := json.Marshal(view)
			if err != nil {
				return nil, err
			}
			if err := tx.SetShownStory(ctx, wid, &view.ID, string(shown)); err != nil {
				return nil, err
			}
			return &StoryShownPayload{Story: view}, nil
		},
	}, nil
}

// handleStoryHide takes the story shown off every screen.
func handleStoryHide(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	if err := decodeData(raw, &struct{}{}); err != nil {
		return nil, err
	}
	if st.story == nil {
		return nil, Refuse(CodeBadRequest, "no story is shown")
	}
	wid := st.workshop.ID
	return &Change{
		Event: EventStoryHidden,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			if err := tx.SetShownStory(ctx, wid, nil, ""); err != nil {
				return nil, err
			}
			return &StoryHiddenPayload{}, nil
		},
	}, nil
}

// shownStory reads the story a workshop row says its room shows; a damaged
// copy shows nothing rather than breaking the board.
func shownStory(w *models.Workshop) *StoryView {
	if w.ShownStoryID == nil || w.ShownStory == "" {
		return nil
	}
	var v StoryView
	if json.Unmarshal([]byte(w.ShownStory), &v) != nil || v.ID != *w.ShownStoryID {
		return nil
	}
	return &v
}

// applyStory mirrors a story event into the board.
func (st *State) applyStory(p any) error {
	switch p := p.(type) {
	case *StoryShownPayload:
		if p.Story.ID <= 0 {
			return ErrIncomplete
		}
		v := p.Story
		st.story = &v
	case *StoryHiddenPayload:
		st.story = nil
	}
	return nil
}

// Story is the story the room is shown, or nil.
func (st *State) Story() *StoryView { return st.story }
