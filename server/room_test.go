package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type timerJSON struct {
	Running     bool
	RemainingMs int64
	DurationMs  int64
	EndsAt      *string
}

func TestTheTimerCanBeClearedAndANewPhaseStartsWithoutIt(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		bad, _ := l.facWS.command("c0", "timer.clear", map[string]any{})
		assert.Equal(t, "bad_request", bad.Code, "no timer to clear")

		reply, _ := l.facWS.command("t1", "timer.start", map[string]int{"seconds": 60})
		require.Equal(t, "ack", reply.Type)
		l.ws1.next()
		reply, _ = l.facWS.command("c1", "timer.clear", map[string]any{})
		require.Equal(t, "ack", reply.Type)
		var cleared struct{ Timer timerJSON }
		require.NoError(t, json.Unmarshal(l.ws1.next().Data, &cleared))
		assert.Equal(t, timerJSON{}, cleared.Timer, "nothing left on any screen")

		reply, _ = l.facWS.command("t2", "timer.start", map[string]int{"seconds": 30})
		require.Equal(t, "ack", reply.Type)
		l.ws1.next()
		reply, _ = l.facWS.command("p1", "phase.set", map[string]string{"phase": "ideal"})
		require.Equal(t, "ack", reply.Type)
		var changed struct {
			Phase string
			Timer *timerJSON
		}
		require.NoError(t, json.Unmarshal(l.ws1.next().Data, &changed))
		assert.Equal(t, "ideal", changed.Phase)
		require.NotNil(t, changed.Timer, "the phase change carries the cleared timer")
		assert.Equal(t, timerJSON{}, *changed.Timer)

		var snap struct{ Timer timerJSON }
		require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/workshops/%d", l.w.ID), nil, &snap))
		assert.Equal(t, timerJSON{}, snap.Timer)
	})
}

func TestSettingsCanChangeOnALiveWorkshopWithinTheRules(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a) // in vote_ideal, participants wrote ideas
		settings := func() map[string]any {
			var snap struct {
				Workshop struct {
					Title    string
					Settings map[string]any
				}
			}
			require.Equal(t, 200, v.fac.do("GET", fmt.Sprintf("/api/workshops/%d", v.w.ID), nil, &snap))
			snap.Workshop.Settings["title"] = snap.Workshop.Title
			return snap.Workshop.Settings
		}
		bad, _ := v.ws1.command("s0", "settings.set", map[string]any{"voteBudget": 5})
		assert.Equal(t, "forbidden", bad.Code)
		bad, _ = v.facWS.command("s1", "settings.set", map[string]any{"voteBudget": 5})
		assert.Equal(t, "wrong_phase", bad.Code, "not during a vote")
		bad, _ = v.facWS.command("s2", "settings.set", map[string]any{"title": ""})
		assert.Equal(t, "bad_request", bad.Code)

		reply, _ := v.facWS.command("s3", "settings.set", map[string]any{"title": "FY27 kickoff", "anonymous": true})
		require.Equal(t, "ack", reply.Type)
		for {
			m := v.ws1.next()
			if m.Event == "settings.changed" {
				assert.JSONEq(t, `{"title":"FY27 kickoff","settings":{"anonymous":true,"voteBudget":3,"voteCap":3,"hiddenUntilReveal":true}}`, string(m.Data))
				break
			}
		}
		// Anonymity changed what participants may see: they get a fresh snapshot.
		for {
			m := v.ws2.read()
			if m.Type == "snapshot" {
				assert.NotContains(t, string(m.Data), `"authorName":"Ken"`, "other people's ideas lose their names")
				break
			}
		}
		for v.ws1.read().Type != "snapshot" {
		}
		bad, _ = v.facWS.command("s4", "settings.set", map[string]any{"anonymous": false})
		assert.Equal(t, "bad_request", bad.Code, "ideas written anonymously stay anonymous")

		setPhase(t, v.liveWorkshop, "challenges")
		reply, _ = v.facWS.command("s5", "settings.set", map[string]any{"voteBudget": 6, "voteCap": 2})
		require.Equal(t, "ack", reply.Type)
		got := settings()
		assert.Equal(t, map[string]any{"title": "FY27 kickoff", "anonymous": true, "voteBudget": 6.0, "voteCap": 2.0, "hiddenUntilReveal": true}, got)
		bad, _ = v.facWS.command("s6", "settings.set", map[string]any{"voteCap": 7})
		assert.Equal(t, "bad_request", bad.Code, "the cap stays within the budget")
	})
}

func TestAWorkshopClonedFromATemplateTakesItsSettings(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("f@example.com")
		var m mapJSON
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": w.AccountID, "title": "Plan"}, &m))
		var tpl struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/maps/%d/template", m.ID), map[string]any{"name": "Retail", "size": "51-200"}, &tpl))
		var ws struct {
			Settings struct {
				Anonymous  bool
				VoteBudget int
			}
		}
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/templates/%d/clone", tpl.ID), map[string]any{
			"accountId": w.AccountID, "as": "workshop", "settings": map[string]any{"anonymous": true, "voteBudget": 5}}, &ws))
		assert.True(t, ws.Settings.Anonymous)
		assert.Equal(t, 5, ws.Settings.VoteBudget)
		assert.Equal(t, 400, b.do("POST", fmt.Sprintf("/api/templates/%d/clone", tpl.ID), map[string]any{
			"accountId": w.AccountID, "as": "workshop", "settings": map[string]any{"voteBudget": 500}}, nil))
	})
}

func TestTheSameBrowserContinuesAndARemovedOneStaysOut(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		var found struct {
			WorkshopID int64
			Title      string
			JoinLocked bool
		}
		require.Equal(t, 200, a.browser().do("GET", "/api/join/"+l.w.JoinCode, nil, &found))
		assert.Equal(t, l.w.ID, found.WorkshopID, "the join page learns which workshop, to look for a token it kept")
		assert.Equal(t, 404, a.browser().do("GET", "/api/join/ZZZZZZZZ", nil, nil))

		reply, _ := l.facWS.command("k", "participant.kick", map[string]int64{"participantId": l.p1.ParticipantID})
		require.Equal(t, "ack", reply.Type)
		var e apiErr
		assert.Equal(t, 403, a.browser().do("POST", "/api/join", map[string]string{"code": l.w.JoinCode, "name": "Ken again", "layer": "frontline", "previousToken": l.p1.Token}, &e))
		assert.Equal(t, "removed", e.Error.Code)
		assert.Equal(t, 201, a.browser().do("POST", "/api/join", map[string]string{"code": l.w.JoinCode, "name": "Mariko's colleague", "layer": "frontline", "previousToken": l.p2.Token}, nil),
			"a token still in good standing does not stop a join")
	})
}

func TestCloningScrubsTheSourceCustomerAndKeepsInsights(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("f@example.com") // account "Acme KK"
		var m mapJSON
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": w.AccountID, "title": "Acme KK success map"}, &m))
		require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/maps/%d", m.ID), map[string]any{
			"statements": []map[string]any{{"text": "Every Acme KK store sees its numbers"}},
			"challenges": []map[string]any{{"text": "acme kk reports are late", "johari": "blind"}, {"text": "Stock runs out", "johari": "open"}},
		}, nil))
		var tpl struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/maps/%d/template", m.ID), map[string]any{"name": "Retail", "size": "51-200"}, &tpl))
		var shown map[string]any
		require.Equal(t, 200, b.do("GET", fmt.Sprintf("/api/templates/%d", tpl.ID), nil, &shown))
		assert.NotContains(t, strings.ToLower(fmt.Sprint(shown)), "acme", "the template carries no trace of the source customer")

		var other struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", "/api/accounts", map[string]string{"name": "Izakaya Co"}, &other))
		var cloned mapJSON
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/templates/%d/clone", tpl.ID), map[string]any{"accountId": other.ID, "as": "map"}, &cloned))
		var full map[string]any
		require.Equal(t, 200, b.do("GET", fmt.Sprintf("/api/maps/%d", cloned.ID), nil, &full))
		assert.Equal(t, "Izakaya Co success map", full["title"])
		assert.NotContains(t, strings.ToLower(fmt.Sprint(full)), "acme")

		var ws workshopJSON
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/templates/%d/clone", tpl.ID), map[string]any{"accountId": other.ID, "as": "workshop"}, &ws))
		var snap struct {
			Ideas []struct{ Column, Text, Source string }
		}
		require.Equal(t, 200, b.do("GET", fmt.Sprintf("/api/workshops/%d", ws.ID), nil, &snap))
		sources := map[string]string{}
		for _, i := range snap.Ideas {
			sources[i.Text] = i.Source
		}
		assert.Equal(t, map[string]string{
			"Every Izakaya Co store sees its numbers": "template",
			"Izakaya Co reports are late":             "vendor_insight",
			"Stock runs out":                          "template",
		}, sources, "the source's blind spot reaches the new room as the vendor's insight")
	})
}
