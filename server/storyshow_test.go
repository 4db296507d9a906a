package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type liveStoryJSON struct {
	ID         int64
	Title      string
	Customer   string
	Anonymized bool
	Ideal      []string
	Offerings  []struct{ Name string }
}

// storyOf reads the story of a story.shown event.
func storyOf(t *testing.T, m serverMsg) liveStoryJSON {
	t.Helper()
	var d struct{ Story liveStoryJSON }
	require.NoError(t, json.Unmarshal(m.Data, &d))
	return d.Story
}

// snapshotStory dials a participant and returns the story its snapshot carries.
func snapshotStory(t *testing.T, a *app, j joined) *liveStoryJSON {
	t.Helper()
	c := a.dialRaw(j)
	snap := c.next()
	require.Equal(t, "snapshot", snap.Type)
	var d struct{ Story *liveStoryJSON }
	require.NoError(t, json.Unmarshal(snap.Data, &d))
	return d.Story
}

func TestTheFacilitatorShowsAStoryToEveryBoardAndTheProjector(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		var acct struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", "/api/accounts", map[string]any{"name": "Kaizen Motors", "industry": "manufacturing"}, &acct))
		var m struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", "/api/maps", map[string]any{"accountId": acct.ID, "title": "Kaizen Motors map"}, &m))
		require.Equal(t, 200, l.fac.do("PATCH", fmt.Sprintf("/api/maps/%d", m.ID), map[string]any{"statements": []map[string]any{{"text": "Kaizen Motors closes in two days"}}}, nil))
		var story struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", fmt.Sprintf("/api/maps/%d/story", m.ID), map[string]any{"title": "Two-day close", "outcome": "7 → 2 days", "consent": true, "anonymized": true}, &story))
		projector := a.dialFacilitator(l.fac, l.w.ID)

		refused, _ := l.ws1.command("p-show", "story.show", map[string]any{"storyId": story.ID})
		assert.Equal(t, "forbidden", refused.Code, "participants cannot show stories")
		refused, _ = l.ws1.command("p-hide", "story.hide", map[string]any{})
		assert.Equal(t, "forbidden", refused.Code, "nor hide them")
		refused, _ = l.facWS.command("none", "story.hide", map[string]any{})
		assert.Equal(t, "bad_request", refused.Code, "nothing shown yet")
		refused, _ = l.facWS.command("missing", "story.show", map[string]any{"storyId": 999999})
		assert.Equal(t, "not_found", refused.Code)

		reply, events := l.facWS.command("show", "story.show", map[string]any{"storyId": story.ID})
		require.Equal(t, "ack", reply.Type, reply.Message)
		require.Len(t, events, 1)
		assert.Equal(t, "story.shown", events[0].Event)
		for name, c := range map[string]*wsClient{"participant 1": l.ws1, "participant 2": l.ws2, "projector": projector} {
			ev := c.next()
			require.Equal(t, "story.shown", ev.Event, name)
			assert.Equal(t, reply.Seq, ev.Seq, name)
			s := storyOf(t, ev)
			assert.Equal(t, story.ID, s.ID, name)
			assert.Equal(t, "Two-day close", s.Title, name)
			assert.Equal(t, "", s.Customer, name)
			assert.Equal(t, []string{"[customer] closes in two days"}, s.Ideal, name)
		}

		late := a.join(l.w.JoinCode, "Late Comer", "manager")
		shown := snapshotStory(t, a, late)
		require.NotNil(t, shown, "a late joiner sees the story in the snapshot")
		assert.Equal(t, story.ID, shown.ID)

		// A resume from before the show replays it.
		replay := dialSince(t, a, l.p2, reply.Seq-1)
		require.Len(t, replay, 2, "the show, then resumed")
		assert.Equal(t, "story.shown", replay[0].Event)
		assert.Equal(t, story.ID, storyOf(t, replay[0]).ID)
		assert.Equal(t, "resumed", replay[1].Type)

		reply, _ = l.facWS.command("hide", "story.hide", map[string]any{})
		require.Equal(t, "ack", reply.Type)
		for name, c := range map[string]*wsClient{"participant 1": l.ws1, "projector": projector} {
			ev := c.next()
			assert.Equal(t, "story.hidden", ev.Event, name)
		}
		assert.Nil(t, snapshotStory(t, a, late), "hidden for whoever comes next")
		var snap struct{ Story *liveStoryJSON }
		require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/workshops/%d", l.w.ID), nil, &snap))
		assert.Nil(t, snap.Story)
	})
}

func TestAnotherOrganizationsStoryCannotBeShown(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		theirs := newStoryTeam(t, a, "theirs@example.com")
		status, raw := theirs.postStory(t, map[string]any{"title": "Their secret story", "outcome": "O", "consent": true})
		require.Equal(t, 201, status)
		var s struct{ ID int64 }
		require.NoError(t, json.Unmarshal([]byte(raw), &s))

		l := startLive(t, a)
		before := lastSeq(t, l)
		refused, _ := l.facWS.command("steal", "story.show", map[string]any{"storyId": s.ID})
		assert.Equal(t, "not_found", refused.Code)
		assert.Equal(t, before, lastSeq(t, l), "nothing committed")
		var snap struct{ Story *liveStoryJSON }
		require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/workshops/%d", l.w.ID), nil, &snap))
		assert.Nil(t, snap.Story)

		// The room still works after the refusal.
		reply, _ := l.ws1.command("after", "idea.add", map[string]string{"column": "current", "text": "still here"})
		assert.Equal(t, "ack", reply.Type)
	})
}
