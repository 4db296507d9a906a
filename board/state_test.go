package board

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kizuki-app/kizuki/models"
)

// TestVoteTotalsFollowTheVotes changes votes at random and checks the
// running totals against a recount after every step.
func TestVoteTotalsFollowTheVotes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	st := &State{participants: map[int64]models.Participant{}, votes: map[int64]map[int64]int{}, ideas: map[int64]*models.Idea{}}
	for p := int64(1); p <= 12; p++ {
		st.participants[p] = models.Participant{ID: p, Layer: Layers[p%4]}
	}
	recount := func(ideaID int64) (int, map[string]int) {
		byLayer := map[string]int{}
		for _, l := range Layers {
			byLayer[l] = 0
		}
		total := 0
		for pid, mine := range st.votes {
			total += mine[ideaID]
			byLayer[st.participants[pid].Layer] += mine[ideaID]
		}
		return total, byLayer
	}
	for step := range 2000 {
		idea := int64(rng.IntN(6) + 1)
		if rng.IntN(50) == 0 {
			st.dropIdeaVotes(idea)
		} else {
			st.setVotes(int64(rng.IntN(12)+1), idea, rng.IntN(4))
		}
		for id := int64(1); id <= 6; id++ {
			wantTotal, wantByLayer := recount(id)
			total, byLayer := st.ideaTotals(id)
			if !assert.Equal(t, wantTotal, total, "step %d idea %d", step, id) || !assert.Equal(t, wantByLayer, byLayer, "step %d idea %d", step, id) {
				return
			}
			assert.Equal(t, wantTotal > 0, st.hasVotes(id))
		}
	}
}
