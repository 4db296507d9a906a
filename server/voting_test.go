package server_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// votingWorkshop is a live workshop in vote_ideal with ideas in ideal and current.
type votingWorkshop struct {
	liveWorkshop
	ideal   []int64 // ideas in the ideal column
	current int64   // an idea in the current column
}

// addIdea adds an idea as c and drains the event from every other client.
func addIdea(t *testing.T, l liveWorkshop, c *wsClient, id, column, text string) int64 {
	t.Helper()
	reply, events := c.command(id, "idea.add", map[string]string{"column": column, "text": text})
	require.Equal(t, "ack", reply.Type, reply.Message)
	for _, other := range []*wsClient{l.facWS, l.ws1, l.ws2} {
		if other != c {
			require.Equal(t, "idea.added", other.next().Event)
		}
	}
	return ideaOf(t, events[0]).ID
}

func setPhase(t *testing.T, l liveWorkshop, phase string) {
	t.Helper()
	reply, _ := l.facWS.command("phase-"+phase+"-"+itoa(lastSeq(t, l)), "phase.set", map[string]string{"phase": phase})
	require.Equal(t, "ack", reply.Type, reply.Message)
	for _, c := range []*wsClient{l.ws1, l.ws2} {
		require.Equal(t, "phase.changed", c.next().Event)
	}
}

func startVoting(t *testing.T, a *app) votingWorkshop {
	t.Helper()
	v := votingWorkshop{liveWorkshop: startLive(t, a)}
	v.current = addIdea(t, v.liveWorkshop, v.ws1, "cur", "current", "Manual reporting")
	setPhase(t, v.liveWorkshop, "ideal")
	v.ideal = append(v.ideal,
		addIdea(t, v.liveWorkshop, v.ws1, "i1", "ideal", "Self-serve dashboards"),
		addIdea(t, v.liveWorkshop, v.ws2, "i2", "ideal", "One source of truth"),
		addIdea(t, v.liveWorkshop, v.ws2, "i3", "ideal", "Weekly exec review"))
	setPhase(t, v.liveWorkshop, "vote_ideal")
	return v
}

type voteData struct {
	IdeaID  int64          `json:"ideaId"`
	Count   *int           `json:"count"`
	Total   *int           `json:"total"`
	ByLayer map[string]int `json:"byLayer"`
}

func voteOf(t *testing.T, m serverMsg) voteData {
	t.Helper()
	var d voteData
	require.NoError(t, json.Unmarshal(m.Data, &d))
	return d
}

func TestVoteBudgetAndCapAreEnforced(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a)
		cast := func(id string, idea int64) serverMsg {
			reply, _ := v.ws1.command(id, "vote.cast", map[string]int64{"ideaId": idea})
			return reply
		}
		require.Equal(t, "ack", cast("v1", v.ideal[0]).Type)
		require.Equal(t, "ack", cast("v2", v.ideal[0]).Type)
		require.Equal(t, "ack", cast("v3", v.ideal[0]).Type)
		assert.Equal(t, "vote_cap_exceeded", cast("v4", v.ideal[0]).Code, "default cap is 3 on one idea")
		assert.Equal(t, "vote_budget_exceeded", cast("v5", v.ideal[1]).Code, "default budget is 3")

		reply, _ := v.ws1.command("r1", "vote.retract", map[string]int64{"ideaId": v.ideal[0]})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, "ack", cast("v6", v.ideal[1]).Type, "a vote taken back can be spent again")
		reply, _ = v.ws1.command("r2", "vote.retract", map[string]int64{"ideaId": v.ideal[2]})
		assert.Equal(t, "bad_request", reply.Code, "nothing to take back")

		assert.Equal(t, "wrong_phase", cast("v7", v.current).Code, "an idea of another column")
		assert.Equal(t, "not_found", cast("v8", 987654).Code)
		fac, _ := v.facWS.command("fv", "vote.cast", map[string]int64{"ideaId": v.ideal[0]})
		assert.Equal(t, "forbidden", fac.Code)

		setPhase(t, v.liveWorkshop, "challenges")
		assert.Equal(t, "wrong_phase", cast("v9", v.ideal[2]).Code, "outside a vote phase")

		res := results(t, v)
		assert.Equal(t, 2, res["ideal"][v.ideal[0]].Total)
		assert.Equal(t, 1, res["ideal"][v.ideal[1]].Total)
		assert.Equal(t, 0, res["ideal"][v.ideal[2]].Total)
	})
}

func TestHiddenVotesReachOnlyVoterAndFacilitatorUntilRevealed(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a)
		reply, events := v.ws1.command("h1", "vote.cast", map[string]int64{"ideaId": v.ideal[1]})
		require.Equal(t, "ack", reply.Type)
		require.Len(t, events, 1)
		mine := voteOf(t, events[0])
		require.NotNil(t, mine.Count)
		assert.Equal(t, 1, *mine.Count)
		assert.Nil(t, mine.Total, "the voter sees only their own count while hidden")

		fac := v.facWS.next()
		assert.Equal(t, "vote.cast", fac.Event)
		totals := voteOf(t, fac)
		require.NotNil(t, totals.Total)
		assert.Equal(t, 1, *totals.Total)
		assert.Equal(t, 1, totals.ByLayer["frontline"])

		// The other participant gets nothing: their next message is the reveal.
		reply, _ = v.facWS.command("rev", "reveal", map[string]string{"column": "ideal"})
		require.Equal(t, "ack", reply.Type)
		rev := v.ws2.next()
		require.Equal(t, "votes.revealed", rev.Event, "a hidden vote must not reach other participants")
		var d struct {
			Column  string
			Results struct {
				Items []struct {
					IdeaID int64
					Total  int
				}
			}
		}
		require.NoError(t, json.Unmarshal(rev.Data, &d))
		assert.Equal(t, v.ideal[1], d.Results.Items[0].IdeaID, "ranked first")
		assert.Equal(t, 1, d.Results.Items[0].Total)
		v.ws1.next()

		// After the reveal, votes are public.
		reply, _ = v.ws2.command("h2", "vote.cast", map[string]int64{"ideaId": v.ideal[1]})
		require.Equal(t, "ack", reply.Type)
		seen := voteOf(t, v.ws1.next())
		require.NotNil(t, seen.Total)
		assert.Equal(t, 2, *seen.Total)
		assert.Nil(t, seen.Count, "others do not get the voter's own count")

		// Reconnecting shows the same: own votes and, after the reveal, totals.
		c := a.dialRaw(v.p1)
		snap := c.read()
		var s struct {
			Votes struct {
				Mine []struct {
					IdeaID int64
					Count  int
				}
				Results []struct{ Column string }
			}
		}
		require.NoError(t, json.Unmarshal(snap.Data, &s))
		require.Len(t, s.Votes.Mine, 1)
		assert.Equal(t, v.ideal[1], s.Votes.Mine[0].IdeaID)
		require.Len(t, s.Votes.Results, 1)
		assert.Equal(t, "ideal", s.Votes.Results[0].Column)
	})
}

type resultItem struct {
	IdeaID    int64
	Rank      int
	Total     int
	ByLayer   map[string]int
	Consensus struct {
		Score float64
		Label string
	}
}

func results(t *testing.T, v votingWorkshop) map[string]map[int64]resultItem {
	t.Helper()
	var body struct {
		Columns []struct {
			Column string
			Items  []resultItem
		}
	}
	require.Equal(t, 200, v.fac.do("GET", "/api/workshops/"+itoa(v.w.ID)+"/results", nil, &body))
	out := map[string]map[int64]resultItem{}
	for _, c := range body.Columns {
		out[c.Column] = map[int64]resultItem{}
		for _, it := range c.Items {
			out[c.Column][it.IdeaID] = it
		}
	}
	return out
}

func TestResultsSplitByLayerWithConsensus(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a) // ws1 is frontline, ws2 executive
		for i, c := range []*wsClient{v.ws1, v.ws2} {
			reply, _ := c.command("both"+itoa(int64(i)), "vote.cast", map[string]int64{"ideaId": v.ideal[0]})
			require.Equal(t, "ack", reply.Type)
		}
		reply, _ := v.ws2.command("exec-only", "vote.cast", map[string]int64{"ideaId": v.ideal[2]})
		require.Equal(t, "ack", reply.Type)

		res := results(t, v)["ideal"]
		shared, execOnly, none := res[v.ideal[0]], res[v.ideal[2]], res[v.ideal[1]]
		assert.Equal(t, 1, shared.Rank)
		assert.Equal(t, 2, shared.Total)
		assert.Equal(t, map[string]int{"executive": 1, "manager": 0, "frontline": 1, "other": 0}, shared.ByLayer)
		assert.Equal(t, "agreed", shared.Consensus.Label)
		assert.InDelta(t, 1.0, shared.Consensus.Score, 0.001)
		assert.Equal(t, "split", execOnly.Consensus.Label, "the frontline gave it nothing")
		assert.Equal(t, 2, execOnly.Rank)
		assert.Equal(t, "no_votes", none.Consensus.Label)
		assert.Equal(t, 3, none.Rank)

		var e apiErr
		assert.Equal(t, 404, v.fac.do("GET", "/api/workshops/99999/results", nil, &e))
		assert.Equal(t, 401, a.browser().do("GET", "/api/workshops/"+itoa(v.w.ID)+"/results", nil, nil))
	})
}

func TestGroupedIdeasAreVotedAsOne(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a)
		setPhase(t, v.liveWorkshop, "ideal")
		reply, events := v.facWS.command("g1", "idea.group", map[string]any{"ideaIds": []int64{v.ideal[1], v.ideal[2]}, "label": "Shared truth"})
		require.Equal(t, "ack", reply.Type, reply.Message)
		var g struct {
			Group     ideaJSON
			MemberIDs []int64
		}
		require.NoError(t, json.Unmarshal(events[0].Data, &g))
		assert.Equal(t, "Shared truth", g.Group.Text)
		assert.ElementsMatch(t, []int64{v.ideal[1], v.ideal[2]}, g.MemberIDs)
		assert.Equal(t, "idea.grouped", v.ws1.next().Event)
		v.ws2.next()

		bad, _ := v.ws1.command("g2", "idea.group", map[string]any{"ideaIds": []int64{v.ideal[0], v.ideal[1]}, "label": "x"})
		assert.Equal(t, "forbidden", bad.Code)
		bad, _ = v.facWS.command("g3", "idea.group", map[string]any{"ideaIds": []int64{v.ideal[0], v.current}, "label": "x"})
		assert.Equal(t, "bad_request", bad.Code, "ideas of two columns")
		bad, _ = v.facWS.command("g4", "idea.group", map[string]any{"ideaIds": []int64{v.ideal[0]}, "label": "x"})
		assert.Equal(t, "bad_request", bad.Code, "a new group needs two ideas")

		setPhase(t, v.liveWorkshop, "vote_ideal")
		reply, _ = v.ws1.command("gv1", "vote.cast", map[string]int64{"ideaId": v.ideal[1]}) // a member: counts for the group
		require.Equal(t, "ack", reply.Type)
		reply, _ = v.ws2.command("gv2", "vote.cast", map[string]int64{"ideaId": g.Group.ID})
		require.Equal(t, "ack", reply.Type)
		res := results(t, v)["ideal"]
		assert.Equal(t, 2, res[g.Group.ID].Total)
		_, memberListed := res[v.ideal[1]]
		assert.False(t, memberListed, "grouped ideas are not ranked on their own")

		setPhase(t, v.liveWorkshop, "ideal")
		bad, _ = v.facWS.command("g5", "idea.group", map[string]any{"ideaIds": []int64{v.ideal[0], g.Group.ID}, "label": "More"})
		assert.Equal(t, "ack", bad.Type, "an idea without votes joins an existing group")
		bad, _ = v.facWS.command("g6", "idea.group", map[string]any{"ideaIds": []int64{v.current}, "label": "x"})
		assert.Equal(t, "bad_request", bad.Code)
	})
}

func TestTimerIsDrivenByFacilitatorOnly(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		type timer struct {
			Running     bool
			RemainingMs int64
			DurationMs  int64
			EndsAt      *string
		}
		timerOf := func(m serverMsg) timer {
			var d struct{ Timer timer }
			require.NoError(t, json.Unmarshal(m.Data, &d))
			return d.Timer
		}
		bad, _ := l.ws1.command("t0", "timer.start", map[string]int{"seconds": 60})
		assert.Equal(t, "forbidden", bad.Code)
		bad, _ = l.facWS.command("t00", "timer.pause", nil)
		assert.Equal(t, "bad_request", bad.Code, "nothing to pause")
		bad, _ = l.facWS.command("t01", "timer.start", map[string]int{"seconds": 0})
		assert.Equal(t, "bad_request", bad.Code)

		reply, _ := l.facWS.command("t1", "timer.start", map[string]int{"seconds": 300})
		require.Equal(t, "ack", reply.Type)
		started := timerOf(l.ws1.next())
		assert.True(t, started.Running)
		assert.NotNil(t, started.EndsAt)
		assert.Equal(t, int64(300000), started.DurationMs)
		l.ws2.next()

		reply, _ = l.facWS.command("t2", "timer.pause", nil)
		require.Equal(t, "ack", reply.Type)
		paused := timerOf(l.ws2.next())
		assert.False(t, paused.Running)
		assert.InDelta(t, 300000, paused.RemainingMs, 5000)
		l.ws1.next()

		reply, _ = l.facWS.command("t3", "timer.add", map[string]int{"seconds": 60})
		require.Equal(t, "ack", reply.Type)
		added := timerOf(l.ws1.next())
		assert.InDelta(t, 360000, added.RemainingMs, 5000)
		l.ws2.next()

		reply, _ = l.facWS.command("t4", "timer.resume", nil)
		require.Equal(t, "ack", reply.Type)
		assert.True(t, timerOf(l.ws1.next()).Running)
		assert.Equal(t, "current", mustSnapshotPhase(t, a, l.p2), "a timer never moves the phase")
	})
}

func mustSnapshotPhase(t *testing.T, a *app, j joined) string {
	t.Helper()
	snap := a.dialRaw(j).read()
	var s struct{ Workshop struct{ Phase string } }
	require.NoError(t, json.Unmarshal(snap.Data, &s))
	return s.Workshop.Phase
}

func TestInsightsAreMarkedAndFacilitatorOnly(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		bad, _ := l.ws1.command("in0", "insight.add", map[string]string{"column": "challenges", "text": "x"})
		assert.Equal(t, "forbidden", bad.Code)
		reply, _ := l.facWS.command("in1", "insight.add", map[string]string{"column": "challenges", "text": "Your admins spend 6 h/week on exports"})
		require.Equal(t, "ack", reply.Type)
		m := l.ws1.next()
		var d struct {
			Idea struct{ Source, Column string }
		}
		require.NoError(t, json.Unmarshal(m.Data, &d))
		assert.Equal(t, "vendor_insight", d.Idea.Source)
		assert.Equal(t, "challenges", d.Idea.Column)
	})
}
