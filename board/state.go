package board

import (
	"context"
	"fmt"
	"sort"

	"github.com/kizuki-app/kizuki/models"
)

// State is a live workshop's board in memory, kept equal to the database
// by applying each committed event (Apply) to it.
type State struct {
	workshop     models.WorkshopListing
	ideas        map[int64]*models.Idea
	participants map[int64]models.Participant
	// votes[participantID][ideaID] is how many votes a participant has on an idea.
	votes map[int64]map[int64]int
	// totals[ideaID] follows votes, so a vote costs O(1) instead of a scan
	// of every participant; setVotes and dropIdeaVotes keep it.
	totals map[int64]*voteTotal
	// used[participantID][column] is how many votes a participant has in a
	// column's round, and voters[column][layer] how many participants (not
	// removed) have any: kept by setVotes, dropIdeaVotes and markKicked, so
	// budgets and consensus cost O(1) per vote instead of a scan.
	used   map[int64]map[string]int
	voters map[string]map[string]int
	// story is what the facilitator shows the room (nil: nothing).
	story *StoryView
}

// voteTotal is the votes on one idea, overall and by the voters' layers.
type voteTotal struct {
	total   int
	byLayer map[string]int
}

// Load reads a workshop's board from the store.
func Load(ctx context.Context, store *models.Store, workshopID int64) (*State, error) {
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
	votes, err := store.Votes(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	return New(*w, ideas, parts, votes), nil
}

// New is the board of a workshop with its ideas, participants and votes.
func New(w models.WorkshopListing, ideas []models.Idea, parts []models.Participant, votes []models.Vote) *State {
	st := &State{
		workshop:     w,
		ideas:        make(map[int64]*models.Idea, len(ideas)),
		participants: make(map[int64]models.Participant, len(parts)),
		votes:        make(map[int64]map[int64]int),
		story:        shownStory(&w.Workshop),
	}
	for i := range ideas {
		st.ideas[ideas[i].ID] = &ideas[i]
	}
	for _, p := range parts {
		st.participants[p.ID] = p
	}
	for _, v := range votes {
		st.setVotes(v.ParticipantID, v.IdeaID, v.Count)
	}
	return st
}

func (st *State) setVotes(participantID, ideaID int64, count int) {
	mine := st.votes[participantID]
	if mine == nil {
		mine = make(map[int64]int)
		st.votes[participantID] = mine
	}
	if delta := count - mine[ideaID]; delta != 0 {
		if idea, ok := st.ideas[ideaID]; ok {
			st.countUsed(participantID, idea.Column, delta)
		}
		if st.totals == nil {
			st.totals = make(map[int64]*voteTotal)
		}
		t := st.totals[ideaID]
		if t == nil {
			t = &voteTotal{byLayer: make(map[string]int, len(Layers))}
			st.totals[ideaID] = t
		}
		t.total += delta
		t.byLayer[st.participants[participantID].Layer] += delta
	}
	if count == 0 {
		delete(mine, ideaID)
		return
	}
	mine[ideaID] = count
}

// countUsed adds delta to a participant's votes in a column, and keeps the
// round's voters by layer: one joins with a first vote, leaves with the last.
func (st *State) countUsed(participantID int64, column string, delta int) {
	if st.used == nil {
		st.used = make(map[int64]map[string]int)
	}
	cols := st.used[participantID]
	if cols == nil {
		cols = make(map[string]int, 2)
		st.used[participantID] = cols
	}
	before := cols[column]
	after := before + delta
	if after == 0 {
		delete(cols, column)
	} else {
		cols[column] = after
	}
	p := st.participants[participantID]
	if p.Kicked || (before == 0) == (after == 0) {
		return
	}
	if st.voters == nil {
		st.voters = make(map[string]map[string]int, 2)
	}
	if st.voters[column] == nil {
		st.voters[column] = make(map[string]int, len(Layers))
	}
	if after == 0 {
		st.voters[column][p.Layer]--
	} else {
		st.voters[column][p.Layer]++
	}
}

// markKicked records a participant's removal; they stop counting as a voter.
func (st *State) markKicked(participantID int64) {
	p, ok := st.participants[participantID]
	if !ok || p.Kicked {
		return
	}
	for column, n := range st.used[participantID] {
		if n > 0 && st.voters[column] != nil {
			st.voters[column][p.Layer]--
		}
	}
	p.Kicked = true
	st.participants[participantID] = p
}

// dropIdeaVotes forgets every vote on an idea that is gone; call it while
// the idea is still on the board, so its column is known.
func (st *State) dropIdeaVotes(ideaID int64) {
	for pid, mine := range st.votes {
		if mine[ideaID] != 0 {
			st.setVotes(pid, ideaID, 0)
		}
	}
	delete(st.totals, ideaID)
}

// votesUsed is how many votes a participant has placed in a column.
func (st *State) votesUsed(participantID int64, column string) int {
	return st.used[participantID][column]
}

// revealed reports whether a column's vote totals are shown to everyone.
func (st *State) revealed(column string) bool {
	switch column {
	case "ideal":
		return st.workshop.RevealedIdeal
	case "first_steps":
		return st.workshop.RevealedSteps
	}
	return false
}

// totalsVisible reports whether viewer may see the vote totals of a column.
func (st *State) totalsVisible(viewer Identity, column string) bool {
	return viewer.Role == RoleFacilitator || !st.workshop.HiddenUntilReveal || st.revealed(column)
}

// ideaView renders an idea for viewer: in anonymous mode participants see no
// other participant's name or id.
func (st *State) ideaView(i *models.Idea, viewer Identity) IdeaView {
	v := NewIdeaView(i)
	if st.workshop.Anonymous && viewer.Role == RoleParticipant && v.AuthorRole == RoleParticipant &&
		(v.AuthorID == nil || *v.AuthorID != viewer.ParticipantID) {
		v.AuthorID, v.AuthorName = nil, ""
	}
	return v
}

// Snapshot renders the board for one viewer.
func (st *State) Snapshot(viewer Identity, baseURL string) *SnapshotView {
	ideas := make([]IdeaView, 0, len(st.ideas))
	for _, i := range st.ideas {
		ideas = append(ideas, st.ideaView(i, viewer))
	}
	sort.Slice(ideas, func(a, b int) bool {
		if ideas[a].Position != ideas[b].Position {
			return ideas[a].Position < ideas[b].Position
		}
		return ideas[a].ID < ideas[b].ID
	})
	// In anonymous mode a participant sees the others as ids and layers, as
	// in presence: names beside ids would undo the anonymity of every idea.
	hideNames := st.workshop.Anonymous && viewer.Role == RoleParticipant
	parts := make([]ParticipantView, 0, len(st.participants))
	for _, p := range st.participants {
		if p.Kicked {
			continue
		}
		v := ParticipantView{ID: p.ID, Name: p.Name, Layer: p.Layer}
		if hideNames && p.ID != viewer.ParticipantID {
			v.Name = ""
		}
		parts = append(parts, v)
	}
	sort.Slice(parts, func(a, b int) bool { return parts[a].ID < parts[b].ID })
	return &SnapshotView{
		Workshop:     NewWorkshopView(&st.workshop, baseURL),
		Participants: parts,
		Ideas:        ideas,
		Votes:        st.votesView(viewer),
		Timer:        newTimerView(&st.workshop.Workshop),
		Story:        st.story,
		You:          viewer.you(),
	}
}

// LoadSnapshot reads a workshop's board from the store and renders it for
// viewer, with the seq it is current as of; used by the HTTP API.
func LoadSnapshot(ctx context.Context, store *models.Store, workshopID int64, viewer Identity, baseURL string) (int64, *SnapshotView, error) {
	st, err := Load(ctx, store, workshopID)
	if err != nil {
		return 0, nil, fmt.Errorf("load snapshot: %w", err)
	}
	return st.workshop.LastSeq, st.Snapshot(viewer, baseURL), nil
}

// WorkshopID is the board's workshop.
func (st *State) WorkshopID() int64 { return st.workshop.ID }

// Seq is the seq of the last event the board holds.
func (st *State) Seq() int64 { return st.workshop.LastSeq }

// Anonymous reports whether participants see who wrote what.
func (st *State) Anonymous() bool { return st.workshop.Anonymous }

// Phase is the workshop's phase.
func (st *State) Phase() string { return st.workshop.Phase }

// Join records a participant who connected: one who joined through another
// process is on the board from then on, and a rename shows.
func (st *State) Join(id Identity) {
	if id.Role != RoleParticipant {
		return
	}
	if p, ok := st.participants[id.ParticipantID]; !ok || p.Name != id.Name {
		st.participants[id.ParticipantID] = models.Participant{
			ID: id.ParticipantID, WorkshopID: st.workshop.ID, Name: id.Name, Layer: id.Layer,
		}
	}
}

// Removed reports whether the facilitator removed a participant.
func (st *State) Removed(participantID int64) bool { return st.participants[participantID].Kicked }

// Rewind sets the seq the board is current as of: a board just read is
// current as of the seq read with it.
func (st *State) Rewind(seq int64) { st.workshop.LastSeq = seq }
