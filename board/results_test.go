package board

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kizuki-app/kizuki/models"
)

// consensusBoard is a vote_ideal board with participants by layer; votes
// are given as participant → idea → count.
func consensusBoard(people map[int64]string, kicked map[int64]bool, votes map[int64]map[int64]int) *State {
	st := &State{
		workshop:     models.WorkshopListing{Workshop: models.Workshop{ID: 1, Phase: "vote_ideal"}},
		ideas:        map[int64]*models.Idea{},
		participants: map[int64]models.Participant{},
		votes:        map[int64]map[int64]int{},
	}
	for id := int64(100); id <= 103; id++ {
		column := "ideal"
		if id == 103 {
			column = "first_steps"
		}
		st.ideas[id] = &models.Idea{ID: id, Column: column}
	}
	for id, layer := range people {
		st.participants[id] = models.Participant{ID: id, Layer: layer, Kicked: kicked[id]}
	}
	for pid, mine := range votes {
		for idea, n := range mine {
			st.setVotes(pid, idea, n)
		}
	}
	return st
}

func itemOf(t *testing.T, res ColumnResults, ideaID int64) ResultItem {
	t.Helper()
	for _, it := range res.Items {
		if it.IdeaID == ideaID {
			return it
		}
	}
	t.Fatalf("no item %d", ideaID)
	return ResultItem{}
}

// The consensus score, worked out by hand: a layer's support for an item is
// its votes on the item per voter of that layer in the round; the score is
// the weakest layer's support over the strongest's.
func TestConsensusCountsTheRoundsVotersOnly(t *testing.T) {
	people := map[int64]string{
		1: "executive", 2: "executive",
		3: "manager",
		4: "frontline", 5: "frontline", 6: "frontline",
		7: "frontline", // votes only in the other round
		8: "other",     // joined, never voted
		9: "executive", // voted, then was removed (votes kept)
	}
	votes := map[int64]map[int64]int{
		1: {100: 1, 101: 1}, 2: {100: 1},
		3: {100: 1, 101: 1},
		4: {100: 1, 101: 1}, 5: {100: 1}, 6: {100: 1, 102: 2},
		7: {103: 3},
		9: {101: 3},
	}
	st := consensusBoard(people, map[int64]bool{9: true}, votes)
	res := st.columnResults("ideal")

	// Voters: executive 2 (1, 2; 9 was removed), manager 1, frontline 3 (4, 5, 6; 7 voted
	// elsewhere), other none (8 never voted, so that layer does not count).
	// Idea 100: executive 2/2 = 1, manager 1/1 = 1, frontline 3/3 = 1 → 1.00 agreed,
	// where counting every participant gave frontline 3/4 and other 0/1: 0, "split".
	assert.Equal(t, Consensus{Score: 1, Label: ConsensusAgreed}, itemOf(t, res, 100).Consensus)
	// Idea 101: executive (1 + the removed one's 3, still counted) 4/2 = 2, manager 1/1 = 1,
	// frontline 1/3 → (1/3)/2 = 0.17 split.
	assert.Equal(t, Consensus{Score: 0.17, Label: ConsensusSplit}, itemOf(t, res, 101).Consensus)
	// Idea 102: only frontline (2 votes / 3) backs it: executive and manager 0 → 0 split.
	assert.Equal(t, Consensus{Score: 0, Label: ConsensusSplit}, itemOf(t, res, 102).Consensus)

	// A late joiner who does not vote changes nothing once voting is over.
	st.participants[10] = models.Participant{ID: 10, Layer: "manager"}
	assert.Equal(t, res, st.columnResults("ideal"))

	// Mixed: executive 1/2 = 0.5 of manager's 1/1 = 1 (frontline 2/3 in between) → 0.5.
	mixed := consensusBoard(map[int64]string{1: "executive", 2: "executive", 3: "manager", 4: "frontline", 5: "frontline", 6: "frontline"},
		nil, map[int64]map[int64]int{1: {100: 1}, 2: {101: 1}, 3: {100: 1}, 4: {100: 1}, 5: {100: 1}, 6: {101: 1}})
	assert.Equal(t, Consensus{Score: 0.5, Label: ConsensusMixed}, itemOf(t, mixed.columnResults("ideal"), 100).Consensus)
}
