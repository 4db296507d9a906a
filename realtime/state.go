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
	// votes[participantID][ideaID] is how many votes a participant has on an idea.
	votes map[int64]map[int64]int
	// totals[ideaID] follows votes, so a vote costs O(1) instead of a scan
	// of every participant; setVotes and dropIdeaVotes keep it.
	totals map[int64]*voteTotal
	// voteWrites, while a batch runs, collects the votes to write in one
	// statement at its end; nil otherwise (each vote is written at once).
	voteWrites map[[2]int64]models.Vote
	// used[participantID][column] is how many votes a participant has in a
	// column's round, and voters[column][layer] how many participants (not
	// removed) have any: kept by setVotes, dropIdeaVotes and markKicked, so
	// budgets and consensus cost O(1) per vote instead of a scan.
	used   map[int64]map[string]int
	voters map[string]map[string]int
}

// voteTotal is the votes on one idea, overall and by the voters' layers.
type voteTotal struct {
	total   int
	byLayer map[string]int
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
	votes, err := store.Votes(ctx, workshopID)
	if err != nil {
		return nil, err
	}
	st := &boardState{
		workshop:     *w,
		ideas:        make(map[int64]*models.Idea, len(ideas)),
		participants: make(map[int64]models.Participant, len(parts)),
		votes:        make(map[int64]map[int64]int),
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
	return st, nil
}

func (st *boardState) setVotes(participantID, ideaID int64, count int) {
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
func (st *boardState) countUsed(participantID int64, column string, delta int) {
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
func (st *boardState) markKicked(participantID int64) {
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
func (st *boardState) dropIdeaVotes(ideaID int64) {
	for pid, mine := range st.votes {
		if mine[ideaID] != 0 {
			st.setVotes(pid, ideaID, 0)
		}
	}
	delete(st.totals, ideaID)
}

// votesUsed is how many votes a participant has placed in a column.
func (st *boardState) votesUsed(participantID int64, column string) int {
	return st.used[participantID][column]
}

// revealed reports whether a column's vote totals are shown to everyone.
func (st *boardState) revealed(column string) bool {
	switch column {
	case "ideal":
		return st.workshop.RevealedIdeal
	case "first_steps":
		return st.workshop.RevealedSteps
	}
	return false
}

// totalsVisible reports whether viewer may see the vote totals of a column.
func (st *boardState) totalsVisible(viewer Identity, column string) bool {
	return viewer.Role == RoleFacilitator || !st.workshop.HiddenUntilReveal || st.revealed(column)
}

// ideaView renders an idea for viewer: in anonymous mode participants see no
// other participant's name or id.
func (st *boardState) ideaView(i *models.Idea, viewer Identity) IdeaView {
	v := NewIdeaView(i)
	if st.workshop.Anonymous && viewer.Role == RoleParticipant && v.AuthorRole == RoleParticipant &&
		(v.AuthorID == nil || *v.AuthorID != viewer.ParticipantID) {
		v.AuthorID, v.AuthorName = nil, ""
	}
	return v
}

// snapshot renders the board for one viewer.
func (st *boardState) snapshot(viewer Identity, baseURL string) *SnapshotView {
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
