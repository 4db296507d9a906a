package board

import (
	"context"
	"fmt"
	"sort"

	"github.com/kizuki-app/kizuki/models"
)

// Consensus labels; see consensusOf.
const (
	ConsensusAgreed  = "agreed"
	ConsensusMixed   = "mixed"
	ConsensusSplit   = "split"
	ConsensusNoVotes = "no_votes"
)

// ResultItem is one votable item (an idea or a group) with its votes.
type ResultItem struct {
	IdeaID    int64          `json:"ideaId"`
	Text      string         `json:"text"`
	Source    string         `json:"source"`
	Rank      int            `json:"rank"`
	Total     int            `json:"total"`
	ByLayer   map[string]int `json:"byLayer"`
	Consensus Consensus      `json:"consensus"`
}

// Consensus says how evenly the layers that voted in a round support an item.
type Consensus struct {
	// Score is the weakest layer's support divided by the strongest's, where a
	// layer's support is its votes on the item per voter of that layer in the
	// round (someone who cast at least one vote in the column, not removed):
	// 1 means every voting layer backs it equally, 0 that one gives it
	// nothing. Who is online, who joined late without voting, and layers
	// nobody voted from do not count, so the score stays as it was once
	// voting ends.
	Score float64 `json:"score"`
	Label string  `json:"label"`
}

// ColumnResults are the ranked items of one voted column.
type ColumnResults struct {
	Column   string `json:"column"`
	Revealed bool   `json:"revealed"`
	// Voters are the round's voters by layer, the denominators of consensus.
	Voters map[string]int `json:"voters"`
	Items  []ResultItem   `json:"items"`
}

// columnResults ranks a column's votable items by votes.
func (st *State) columnResults(column string) ColumnResults {
	members := st.roundVoters(column)
	items := []ResultItem{}
	for _, idea := range st.ideas {
		if idea.Column != column || idea.GroupID != nil {
			continue
		}
		total, byLayer := st.ideaTotals(idea.ID)
		items = append(items, ResultItem{
			IdeaID: idea.ID, Text: idea.Text, Source: idea.Source, Total: total, ByLayer: byLayer,
			Consensus: consensusOf(byLayer, members),
		})
	}
	sort.Slice(items, func(a, b int) bool {
		if items[a].Total != items[b].Total {
			return items[a].Total > items[b].Total
		}
		return items[a].IdeaID < items[b].IdeaID
	})
	for i := range items {
		items[i].Rank = i + 1
		if i > 0 && items[i].Total == items[i-1].Total {
			items[i].Rank = items[i-1].Rank // ties share a rank
		}
	}
	return ColumnResults{Column: column, Revealed: st.revealed(column), Voters: members, Items: items}
}

// roundVoters counts, by layer, the participants (not removed) who cast at
// least one vote in the column's round.
func (st *State) roundVoters(column string) map[string]int {
	voters := make(map[string]int, len(Layers))
	for _, l := range Layers {
		voters[l] = st.voters[column][l]
	}
	return voters
}

// ideaTotals sums the votes on an idea, overall and by the voters' layers.
func (st *State) ideaTotals(ideaID int64) (int, map[string]int) {
	byLayer := make(map[string]int, len(Layers))
	for _, l := range Layers {
		byLayer[l] = 0
	}
	t := st.totals[ideaID]
	if t == nil {
		return 0, byLayer
	}
	for l, n := range t.byLayer {
		if n != 0 {
			byLayer[l] = n
		}
	}
	return t.total, byLayer
}

func consensusOf(byLayer, members map[string]int) Consensus {
	lo, hi, layers := 0.0, 0.0, 0
	for _, l := range Layers {
		if members[l] == 0 {
			continue
		}
		support := float64(byLayer[l]) / float64(members[l])
		if layers == 0 || support < lo {
			lo = support
		}
		if support > hi {
			hi = support
		}
		layers++
	}
	if hi == 0 {
		return Consensus{Score: 0, Label: ConsensusNoVotes}
	}
	score := lo / hi
	label := ConsensusSplit
	switch {
	case score >= 2.0/3:
		label = ConsensusAgreed
	case score >= 1.0/3:
		label = ConsensusMixed
	}
	return Consensus{Score: float64(int(score*100+0.5)) / 100, Label: label}
}

// votesView renders the votes a viewer may see.
func (st *State) votesView(viewer Identity) VotesView {
	v := VotesView{
		Mine:     []MyVoteView{},
		Results:  []ColumnResults{},
		Revealed: map[string]bool{"ideal": st.revealed("ideal"), "first_steps": st.revealed("first_steps")},
	}
	if viewer.Role == RoleParticipant {
		for ideaID, n := range st.votes[viewer.ParticipantID] {
			if _, ok := st.ideas[ideaID]; ok && n > 0 {
				v.Mine = append(v.Mine, MyVoteView{IdeaID: ideaID, Count: n})
			}
		}
		sort.Slice(v.Mine, func(a, b int) bool { return v.Mine[a].IdeaID < v.Mine[b].IdeaID })
	}
	for _, column := range []string{"ideal", "first_steps"} {
		if st.totalsVisible(viewer, column) {
			v.Results = append(v.Results, st.columnResults(column))
		}
	}
	return v
}

// WorkshopResults is the outcome of a workshop's voting rounds.
type WorkshopResults struct {
	WorkshopID int64           `json:"workshopId"`
	Columns    []ColumnResults `json:"columns"`
}

// LoadResults computes a workshop's vote results from the store.
func LoadResults(ctx context.Context, store *models.Store, workshopID int64) (*WorkshopResults, error) {
	st, err := Load(ctx, store, workshopID)
	if err != nil {
		return nil, fmt.Errorf("load results: %w", err)
	}
	return &WorkshopResults{
		WorkshopID: workshopID,
		Columns:    []ColumnResults{st.columnResults("ideal"), st.columnResults("first_steps")},
	}, nil
}
