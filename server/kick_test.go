package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type resultsJSON struct {
	Columns []struct {
		Column string
		Items  []struct {
			IdeaID int64
			Total  int
		}
	}
}

func idealTotal(t *testing.T, l liveWorkshop, ideaID int64) int {
	t.Helper()
	var res resultsJSON
	require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/workshops/%d/results", l.w.ID), nil, &res))
	for _, it := range res.Columns[0].Items {
		if it.IdeaID == ideaID {
			return it.Total
		}
	}
	return 0
}

func TestRemovingAParticipantTakesTheirVotesOutUnlessKept(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a)
		idea := v.ideal[0]
		for _, c := range []*wsClient{v.ws1, v.ws1, v.ws2} {
			reply, _ := c.command(fmt.Sprintf("v-%p-%d", c, idealTotal(t, v.liveWorkshop, idea)), "vote.cast", map[string]int64{"ideaId": idea})
			require.Equal(t, "ack", reply.Type, reply.Message)
		}
		require.Equal(t, 3, idealTotal(t, v.liveWorkshop, idea))

		reply, events := v.facWS.command("kick-1", "participant.kick", map[string]int64{"participantId": v.p1.ParticipantID})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, 1, idealTotal(t, v.liveWorkshop, idea), "the removed participant's two votes left the totals")
		var kicked struct {
			ParticipantID int64
			VotesRemoved  bool
			Results       []struct {
				Column string
				Items  []struct{ IdeaID, Total int64 }
			}
		}
		var ev serverMsg
		for _, e := range events {
			if e.Event == "participant.kicked" {
				ev = e
			}
		}
		require.NoError(t, json.Unmarshal(ev.Data, &kicked))
		assert.True(t, kicked.VotesRemoved)
		require.NotEmpty(t, kicked.Results, "the facilitator gets the new totals with the event")

		// The other participant sees the event without hidden totals.
		for {
			m := v.ws2.next()
			if m.Event == "participant.kicked" {
				var seen struct{ Results []any }
				require.NoError(t, json.Unmarshal(m.Data, &seen))
				assert.Empty(t, seen.Results, "totals are not revealed yet")
				break
			}
		}

		third := a.join(v.w.JoinCode, "Kept", "manager")
		thirdWS := a.dialParticipant(third)
		reply, _ = thirdWS.command("v3", "vote.cast", map[string]int64{"ideaId": idea})
		require.Equal(t, "ack", reply.Type)
		require.Equal(t, 2, idealTotal(t, v.liveWorkshop, idea))
		reply, _ = v.facWS.command("kick-2", "participant.kick", map[string]any{"participantId": third.ParticipantID, "keepVotes": true})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, 2, idealTotal(t, v.liveWorkshop, idea), "kept on the facilitator's say")
	})
}
