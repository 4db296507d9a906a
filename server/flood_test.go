package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/server"
)

func TestTheFacilitatorCanLockJoiningAndRotateTheCode(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		joinWith := func(code string) (int, string) {
			var e apiErr
			status := a.browser().do("POST", "/api/join", map[string]string{"code": code, "name": "Late", "layer": "other"}, &e)
			return status, e.Error.Code
		}

		bad, _ := l.ws1.command("x1", "join.lock", map[string]bool{"locked": true})
		assert.Equal(t, "forbidden", bad.Code, "only the facilitator closes the door")
		bad, _ = l.facWS.command("x2", "join.lock", map[string]any{})
		assert.Equal(t, "bad_request", bad.Code)

		reply, _ := l.facWS.command("lock", "join.lock", map[string]bool{"locked": true})
		require.Equal(t, "ack", reply.Type)
		ev := l.ws1.next()
		assert.Equal(t, "join.changed", ev.Event)
		assert.JSONEq(t, fmt.Sprintf(`{"joinCode":%q,"joinLocked":true}`, l.w.JoinCode), string(ev.Data))
		status, code := joinWith(l.w.JoinCode)
		assert.Equal(t, 403, status)
		assert.Equal(t, "joining_locked", code)
		l.ws2.next()
		a.dialParticipant(l.p2) // those who joined may still come back

		reply, _ = l.facWS.command("rotate", "join.rotate", map[string]any{})
		require.Equal(t, "ack", reply.Type)
		var changed struct {
			JoinCode   string
			JoinLocked bool
		}
		require.NoError(t, json.Unmarshal(l.ws1.next().Data, &changed))
		assert.NotEqual(t, l.w.JoinCode, changed.JoinCode)
		assert.True(t, changed.JoinLocked, "a new code keeps the door as it was")

		reply, _ = l.facWS.command("unlock", "join.lock", map[string]bool{"locked": false})
		require.Equal(t, "ack", reply.Type)
		status, _ = joinWith(l.w.JoinCode)
		assert.Equal(t, 404, status, "the old code admits nobody")
		status, _ = joinWith(changed.JoinCode)
		assert.Equal(t, 201, status)

		var snap struct {
			Workshop struct {
				JoinCode   string
				JoinURL    string
				JoinLocked bool
			}
		}
		require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/workshops/%d", l.w.ID), nil, &snap))
		assert.Equal(t, changed.JoinCode, snap.Workshop.JoinCode)
		assert.Contains(t, snap.Workshop.JoinURL, "/join/"+changed.JoinCode)
		assert.False(t, snap.Workshop.JoinLocked)
	})
}

func TestAWorkshopAdmitsABoundedNumberOfParticipants(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.MaxParticipants = 3 }, func(t *testing.T, a *app) {
		_, w := a.facilitator("f@example.com")
		for i := range 3 {
			a.join(w.JoinCode, fmt.Sprintf("P%d", i), "other")
		}
		var e apiErr
		assert.Equal(t, 409, a.browser().do("POST", "/api/join", map[string]string{"code": w.JoinCode, "name": "Fourth", "layer": "other"}, &e))
		assert.Equal(t, "workshop_full", e.Error.Code)
	})
}

func TestOneParticipantAddsABoundedNumberOfIdeas(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		a := fastApp(t, store, 0) // no command rate limit: 100 ideas at once
		l := startLive(t, a)
		for i := range 100 {
			reply, _ := l.ws1.command(fmt.Sprintf("i%d", i), "idea.add", map[string]string{"column": "current", "text": fmt.Sprintf("Idea %d", i)})
			require.Equal(t, "ack", reply.Type)
		}
		reply, _ := l.ws1.command("i100", "idea.add", map[string]string{"column": "current", "text": "One too many"})
		assert.Equal(t, "too_many_ideas", reply.Code)
		reply, _ = l.ws2.command("other", "idea.add", map[string]string{"column": "current", "text": "Someone else still may"})
		assert.Equal(t, "ack", reply.Type)
	})
}
