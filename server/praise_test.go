package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type praiseJSON struct {
	ID                        int64
	Kind, Text                string
	FromUserID, ToUserID      *int64
	FromName, ToName          string
	AccountName, OfferingName string
	Reason, MapTitle          string
	OpportunityID, MapID      *int64
}

type feedJSON struct {
	Praise     []praiseJSON
	NextBefore *int64
}

type actionJSON struct {
	Text, Status string
	CompletedAt  *string
}

func TestPraiseFeedCarriesPositiveWinsCompletedActionsAndKudos(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		other := newSalesTeam(t, a, "zed@example.com")

		good := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.plan, "ownerId": st.benID})
		closeAs(t, st.owner, good.ID, map[string]any{"status": "won", "reason": "empathy"})
		bad := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.addon})
		closeAs(t, st.owner, bad.ID, map[string]any{"status": "won", "reason": "pleading"})
		lost := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.addon})
		closeAs(t, st.owner, lost.ID, map[string]any{"status": "lost", "reason": "timing"})

		mapPath := fmt.Sprintf("/api/maps/%d", st.mapID)
		var m struct{ Actions []actionJSON }
		require.Equal(t, 200, st.ben.do("PATCH", mapPath, map[string]any{"actions": []map[string]any{
			{"text": "Pilot in two stores", "status": "done"}, {"text": "Train the managers", "status": "doing"},
		}}, &m))
		require.NotNil(t, m.Actions[0].CompletedAt)
		assert.Nil(t, m.Actions[1].CompletedAt)
		completedAt := *m.Actions[0].CompletedAt
		// Saved again with one more action: the done one is not completed again.
		require.Equal(t, 200, st.owner.do("PATCH", mapPath, map[string]any{"title": "Happy map v2", "actions": []map[string]any{
			{"text": "Pilot in two stores", "status": "done"}, {"text": "Train the managers", "status": "doing"}, {"text": "Review"},
		}}, &m))
		require.NotNil(t, m.Actions[0].CompletedAt)
		assert.Equal(t, completedAt, *m.Actions[0].CompletedAt, "a done action keeps its completion time")

		var kudos praiseJSON
		require.Equal(t, 201, st.owner.do("POST", "/api/praise", map[string]any{"toUserId": st.benID, "text": "  Thanks for the pilot!  "}, &kudos))
		assert.Equal(t, "kudos", kudos.Kind)
		assert.Equal(t, "Thanks for the pilot!", kudos.Text)
		assert.Equal(t, "Aiko", kudos.FromName)
		assert.Equal(t, "Ben", kudos.ToName)

		refusals := []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"toUserId": st.ownerID, "text": "me"}, "toUserId:invalid"},
			{map[string]any{"toUserId": other.benID, "text": "hi"}, "toUserId:not_found"},
			{map[string]any{"text": "hi"}, "toUserId:required"},
			{map[string]any{"toUserId": st.benID, "text": " "}, "text:required"},
			{map[string]any{"toUserId": st.benID, "text": strings.Repeat("あ", 501)}, "text:too_long"},
		}
		for _, r := range refusals {
			var e errJSON
			assert.Equal(t, 400, st.owner.do("POST", "/api/praise", r.body, &e), "%v", r.body)
			assert.Equal(t, r.field, e.field(), "%v", r.body)
		}

		var feed feedJSON
		require.Equal(t, 200, st.ben.do("GET", "/api/praise", nil, &feed))
		require.Len(t, feed.Praise, 3, "the positive win, the completed action and the kudos; nothing for a negative win, a loss or a refusal")
		assert.Nil(t, feed.NextBefore)
		assert.Equal(t, "kudos", feed.Praise[0].Kind, "newest first")
		action := feed.Praise[1]
		assert.Equal(t, "action", action.Kind)
		assert.Equal(t, "Pilot in two stores", action.Text)
		assert.Equal(t, "Ben", action.FromName, "who marked it done")
		assert.Equal(t, "Happy map v2", action.MapTitle)
		assert.Equal(t, "Happy KK", action.AccountName)
		win := feed.Praise[2]
		assert.Equal(t, "win", win.Kind)
		require.NotNil(t, win.OpportunityID)
		assert.Equal(t, good.ID, *win.OpportunityID)
		assert.Equal(t, "Ben", win.ToName, "the opportunity's CSM")
		assert.Equal(t, "Plan A", win.OfferingName)
		assert.Equal(t, "empathy", win.Reason)

		var page feedJSON
		require.Equal(t, 200, st.owner.do("GET", "/api/praise?limit=2", nil, &page))
		require.Len(t, page.Praise, 2)
		require.NotNil(t, page.NextBefore)
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/praise?limit=2&before=%d", *page.NextBefore), nil, &page))
		require.Len(t, page.Praise, 1)
		assert.Equal(t, "win", page.Praise[0].Kind)
		assert.Nil(t, page.NextBefore, "the last page")
		var e errJSON
		assert.Equal(t, 400, st.owner.do("GET", "/api/praise?limit=0", nil, &e))
		assert.Equal(t, "limit:out_of_range", e.field())

		require.Equal(t, 200, other.owner.do("GET", "/api/praise", nil, &feed))
		assert.Empty(t, feed.Praise, "another organization's feed is its own")

		// Setting it back from done forgets the completion; done again is a new one.
		require.Equal(t, 200, st.owner.do("PATCH", mapPath, map[string]any{"actions": []map[string]any{{"text": "Pilot in two stores", "status": "doing"}}}, &m))
		assert.Nil(t, m.Actions[0].CompletedAt)
		require.Equal(t, 200, st.owner.do("PATCH", mapPath, map[string]any{"actions": []map[string]any{{"text": "Pilot in two stores", "status": "done"}}}, &m))
		require.Equal(t, 200, st.owner.do("GET", "/api/praise", nil, &feed))
		assert.Len(t, feed.Praise, 4)
		assert.Equal(t, "action", feed.Praise[0].Kind)
	})
}

func TestTheSharedMapCelebratesCompletedActionsWithoutPrices(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/maps/%d", st.mapID), map[string]any{"actions": []map[string]any{
			{"text": "Pilot in two stores", "status": "done"}, {"text": "Train the managers", "status": "todo"},
		}}, nil))
		var share struct{ Token string }
		require.Equal(t, 201, st.owner.do("POST", fmt.Sprintf("/api/maps/%d/shares", st.mapID), map[string]any{}, &share))
		status, body := a.browser().fetch("GET", "/api/shared/"+share.Token)
		require.Equal(t, 200, status)
		for _, internal := range []string{"monthlyPrice", "currency", "expansion", "johari", "opportunit", "10000"} {
			assert.NotContains(t, body, internal)
		}
		var v struct {
			Completed []struct{ Text, CompletedAt string }
			Actions   []actionJSON
		}
		require.Equal(t, 200, a.browser().do("GET", "/api/shared/"+share.Token, nil, &v))
		require.Len(t, v.Completed, 1)
		assert.Equal(t, "Pilot in two stores", v.Completed[0].Text)
		assert.NotEmpty(t, v.Completed[0].CompletedAt)
		require.Len(t, v.Actions, 2)
		assert.Nil(t, v.Actions[1].CompletedAt)
	})
}

func TestTemplateStatisticsCountClonedMapsProgressAndWins(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		var tpl struct{ ID int64 }
		require.Equal(t, 201, st.owner.do("POST", fmt.Sprintf("/api/maps/%d/template", st.mapID), map[string]any{"name": "Reporting play"}, &tpl))
		clones := []int64{}
		for range 2 {
			var m struct{ ID int64 }
			require.Equal(t, 201, st.owner.do("POST", fmt.Sprintf("/api/templates/%d/clone", tpl.ID), map[string]any{"accountId": st.satisfied, "as": "map"}, &m))
			clones = append(clones, m.ID)
		}
		var m struct {
			Challenges []struct{ ID int64 }
		}
		require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/maps/%d", clones[0]), map[string]any{"actions": []map[string]any{
			{"text": "Pilot", "status": "done"}, {"text": "Train"},
		}}, nil))
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/maps/%d", clones[0]), nil, &m))
		require.Len(t, m.Challenges, 1)
		for _, reason := range []string{"delight", "pity"} {
			o := propose(t, st.owner, map[string]any{"mapId": clones[0], "challengeId": m.Challenges[0].ID, "offeringId": st.plan})
			closeAs(t, st.owner, o.ID, map[string]any{"status": "won", "reason": reason, "monthlyDelta": 8000})
		}
		propose(t, st.owner, map[string]any{"mapId": clones[1], "offeringId": st.addon})
		// An opportunity on the source map is not the template's.
		propose(t, st.owner, map[string]any{"mapId": st.mapID, "challengeId": st.challenge, "offeringId": st.plan})

		type statsJSON struct {
			Maps, ActionsDone, ActionsTotal int
			Opportunities, Won, WonPositive int
			ExpansionMrr                    []moneyJSON
		}
		// Clone 0: 2 actions, 1 done; clone 1: the template's 2 actions, none done.
		want := statsJSON{Maps: 2, ActionsDone: 1, ActionsTotal: 4, Opportunities: 3, Won: 2, WonPositive: 1, ExpansionMrr: []moneyJSON{{16000, "JPY"}}}
		var one statsJSON
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/templates/%d", tpl.ID), nil, &one))
		assert.Equal(t, want, one)
		var lib struct{ Templates []statsJSON }
		require.Equal(t, 200, st.owner.do("GET", "/api/templates", nil, &lib))
		require.Len(t, lib.Templates, 1)
		assert.Equal(t, want, lib.Templates[0])
	})
}
