package realtime

import (
	"context"
	"fmt"
	"sort"

	"github.com/kizuki-app/kizuki/models"
)

// boardState is a Room's in-memory copy of its workshop, kept equal to the
// database by applying each committed change to both.
type boardState struct {
	workshop     models.WorkshopListing
	ideas        map[int64]*models.Idea
	participants map[int64]models.Participant
}

// loadBoard reads a workshop's board from the store.
func loadBoard(ctx context.Context, store *models.Store, workshopID int64) (*boardState, error) {
	w, err := store.WorkshopByID(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	ideas, err := store.Ideas(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	parts, err := store.Participants(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	st := &boardState{
		workshop:     *w,
		ideas:        make(map[int64]*models.Idea, len(ideas)),
		participants: make(map[int64]models.Participant, len(parts)),
	}
	for i := range ideas {
		st.ideas[ideas[i].ID] = &ideas[i]
	}
	for _, p := range parts {
		st.participants[p.ID] = p
	}
	return st, nil
}

// snapshot renders the board for one viewer.
func (st *boardState) snapshot(viewer Identity, baseURL string) *SnapshotView {
	ideas := make([]IdeaView, 0, len(st.ideas))
	for _, i := range st.ideas {
		ideas = append(ideas, NewIdeaView(i))
	}
	sort.Slice(ideas, func(a, b int) bool {
		if ideas[a].Position != ideas[b].Position {
			return ideas[a].Position < ideas[b].Position
		}
		return ideas[a].ID < ideas[b].ID
	})
	parts := make([]ParticipantView, 0, len(st.participants))
	for _, p := range st.participants {
		if !p.Kicked {
			parts = append(parts, ParticipantView{ID: p.ID, Name: p.Name, Layer: p.Layer})
		}
	}
	sort.Slice(parts, func(a, b int) bool { return parts[a].ID < parts[b].ID })
	return &SnapshotView{
		Workshop:     NewWorkshopView(&st.workshop, baseURL),
		Participants: parts,
		Ideas:        ideas,
		Votes:        []any{},
		You:          viewer.you(),
	}
}

// LoadSnapshot reads a workshop's board from the store and renders it for
// viewer, with the seq it is current as of; used by the HTTP API.
func LoadSnapshot(ctx context.Context, store *models.Store, workshopID int64, viewer Identity, baseURL string) (int64, *SnapshotView, error) {
	st, err := loadBoard(ctx, store, workshopID)
	if err != nil {
		return 0, nil, fmt.Errorf("load snapshot: %w", err)
	}
	return st.workshop.LastSeq, st.snapshot(viewer, baseURL), nil
}
