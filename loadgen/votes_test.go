package loadgen

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPickVotesRespectsThePerIdeaCap(t *testing.T) {
	for range 100 {
		votes := pickVotes([]int64{1, 2, 3}, 5, 2)
		assert.Len(t, votes, 5)
		per := map[int64]int{}
		for _, v := range votes {
			per[v]++
		}
		for id, n := range per {
			assert.LessOrEqual(t, n, 2, "idea %d", id)
		}
	}
}
