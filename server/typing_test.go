package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

type typingJSON struct {
	Count int      `json:"count"`
	Names []string `json:"names"`
}

type presenceJSON struct {
	Online       []struct{ ID int64 }  `json:"online"`
	Facilitators int                   `json:"facilitators"`
	Count        int                   `json:"count"`
	Typing       map[string]typingJSON `json:"typing"`
	raw          string
}

// presenceWhere reads until a presence message satisfies ok and returns it.
func (c *wsClient) presenceWhere(what string, ok func(p presenceJSON) bool) presenceJSON {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		m := c.read()
		if m.Type != "presence" {
			continue
		}
		p := presenceJSON{raw: string(m.Data)}
		require.NoError(c.t, json.Unmarshal(m.Data, &p))
		require.NotNil(c.t, p.Typing, "presence always carries typing: %s", m.Data)
		if ok(p) {
			return p
		}
	}
	require.FailNow(c.t, "no presence message where "+what)
	return presenceJSON{}
}

func typingIn(column string, count int) func(presenceJSON) bool {
	return func(p presenceJSON) bool { return p.Typing[column].Count == count }
}

func nobodyTyping(p presenceJSON) bool { return len(p.Typing) == 0 }

// typing sends a typing command and checks it is acknowledged without a seq or an event.
func (c *wsClient) typing(id, column string, active bool) {
	c.t.Helper()
	reply, events := c.command(id, "typing", map[string]any{"column": column, "active": active})
	require.Equal(c.t, "ack", reply.Type, "%s: %s", reply.Code, reply.Message)
	assert.Zero(c.t, reply.Seq, "typing takes no seq")
	assert.Empty(c.t, events, "typing is no event")
}

// forEachDBWithLimits runs fn with a fresh app using limits on every test database.
func forEachDBWithLimits(t *testing.T, tune func(*realtime.Limits), fn func(t *testing.T, a *app)) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		limits := realtime.DefaultLimits()
		tune(&limits)
		fn(t, newAppOpts(t, store, func(*server.Config) {}, appOptions{limits: limits}))
	})
}

func TestTypingShowsInPresenceForOthersWithoutAnEvent(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		l.ws2.presenceWhere("both participants are online", func(p presenceJSON) bool { return p.Count == 2 })
		before := lastSeq(t, l)

		l.ws1.typing("t1", "current", true)
		p := l.ws2.presenceWhere("Ken types", typingIn("current", 1))
		assert.Equal(t, []string{"Ken"}, p.Typing["current"].Names)
		assert.Len(t, p.Typing, 1, "only the column someone types in")
		p = l.facWS.presenceWhere("Ken types", typingIn("current", 1))
		assert.Equal(t, []string{"Ken"}, p.Typing["current"].Names)

		// Refreshes while Ken keeps typing are not news: no presence message for them.
		for _, id := range []string{"t2", "t3", "t4", "t5"} {
			l.ws1.typing(id, "current", true)
		}
		l.ws2.typing("m1", "current", true)
		p = l.ws2.presenceWhere("Mariko types too", typingIn("current", 2))
		assert.Equal(t, []string{"Ken", "Mariko"}, p.Typing["current"].Names, "in the order they started")

		l.ws2.typing("m2", "current", false)
		p = l.ws1.presenceWhere("Mariko stopped", typingIn("current", 1))
		assert.Equal(t, []string{"Ken"}, p.Typing["current"].Names)
		assert.Equal(t, before, lastSeq(t, l), "typing took no seq and wrote no event")
	})
}

func TestTypingPresenceIsCoalescedNotSentPerKeystroke(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		l.ws2.presenceWhere("both participants are online", func(p presenceJSON) bool { return p.Count == 2 })
		// Start, stop and start again as fast as the socket allows: well within one presence interval.
		for i, active := range []bool{true, false, true, false, true, true, true} {
			l.ws1.typing("k"+itoa(int64(i)), "current", active)
		}
		require.NoError(t, l.ws2.conn.SetReadDeadline(time.Now().Add(time.Second)))
		presences := 0
		for {
			_, data, err := l.ws2.conn.ReadMessage()
			if err != nil {
				break // the deadline: done collecting
			}
			if strings.Contains(string(data), `"type":"presence"`) {
				presences++
				assert.Contains(t, string(data), `"typing":{"current":{"count":1,"names":["Ken"]}}`)
			}
		}
		assert.Equal(t, 1, presences, "seven typing commands cost the others one presence message")
	})
}

func TestTypingExpiresAfterTheTTL(t *testing.T) {
	const ttl = 600 * time.Millisecond
	forEachDBWithLimits(t, func(l *realtime.Limits) { l.TypingTTL = ttl }, func(t *testing.T, a *app) {
		l := startLive(t, a)
		started := time.Now()
		l.ws1.typing("t1", "current", true)
		l.ws2.presenceWhere("Ken types", typingIn("current", 1))
		l.ws2.presenceWhere("Ken's typing expired", nobodyTyping)
		assert.GreaterOrEqual(t, time.Since(started), ttl, "not before the TTL")

		// Refreshes keep it alive well past one TTL from the start.
		l.ws1.typing("t2", "current", true)
		l.ws2.presenceWhere("Ken types again", typingIn("current", 1))
		for i := range 4 {
			time.Sleep(ttl / 3)
			l.ws1.typing("r"+itoa(int64(i)), "current", true)
		}
		l.ws2.typing("m1", "current", true)
		p := l.facWS.presenceWhere("Mariko joins Ken", typingIn("current", 2))
		assert.Equal(t, []string{"Ken", "Mariko"}, p.Typing["current"].Names)
		l.facWS.presenceWhere("both expired once the refreshes stop", nobodyTyping)
	})
}

func TestTypingClearsWhenTheIdeaIsAdded(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		l.ws1.typing("t1", "current", true)
		l.ws2.typing("t2", "current", true)
		l.facWS.presenceWhere("both type", typingIn("current", 2))

		reply, _ := l.ws1.command("add", "idea.add", map[string]string{"column": "current", "text": "Reports take two days"})
		require.Equal(t, "ack", reply.Type)
		p := l.facWS.presenceWhere("Ken is done", typingIn("current", 1))
		assert.Equal(t, []string{"Mariko"}, p.Typing["current"].Names)
	})
}

func TestTypingClearsWhenTheLastConnectionDrops(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		second := a.dialParticipant(l.p1) // Ken on a second device
		l.ws1.typing("t1", "current", true)
		l.ws2.presenceWhere("Ken types", typingIn("current", 1))

		require.NoError(t, l.ws1.conn.Close())
		require.NoError(t, second.conn.Close())
		p := l.ws2.presenceWhere("Ken left", func(p presenceJSON) bool { return p.Count == 1 })
		assert.Empty(t, p.Typing, "nobody types once Ken's last connection is gone")
	})
}

func TestTypingStaysWhileAnotherConnectionOfThatPersonRemains(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		l.ws1.typing("t1", "current", true)
		l.ws2.presenceWhere("Ken types", typingIn("current", 1))
		second := a.dialParticipant(l.p1) // Ken on a second device
		l.ws2.presenceWhere("Ken's second device joined", func(presenceJSON) bool { return true })

		require.NoError(t, second.conn.Close())
		// The drop is the only change since: the next presence message is its.
		p := l.ws2.presenceWhere("Ken's second device left", func(presenceJSON) bool { return true })
		assert.Equal(t, 2, p.Count)
		assert.Equal(t, []string{"Ken"}, p.Typing["current"].Names, "Ken still types on his first device")
	})
}

func TestTypingInAnonymousWorkshopShowsParticipantsCountsOnly(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		fac := a.browser()
		require.Equal(t, 201, fac.do("POST", "/api/auth/signup", map[string]string{"email": "f@example.com", "password": "tarn-lantern-42", "name": "F"}, nil))
		var acct struct{ ID int64 }
		require.Equal(t, 201, fac.do("POST", "/api/accounts", map[string]string{"name": "Acme"}, &acct))
		var w workshopJSON
		require.Equal(t, 201, fac.do("POST", "/api/workshops", map[string]any{"title": "Anon", "accountId": acct.ID, "settings": map[string]any{"anonymous": true}}, &w))
		facWS := a.dialFacilitator(fac, w.ID)
		reply, _ := facWS.command("p", "phase.set", map[string]string{"phase": "current"})
		require.Equal(t, "ack", reply.Type)
		ken, mariko := a.dialParticipant(a.join(w.JoinCode, "Ken", "frontline")), a.dialParticipant(a.join(w.JoinCode, "Mariko", "executive"))

		ken.typing("t1", "current", true)
		p := mariko.presenceWhere("someone types", typingIn("current", 1))
		assert.Nil(t, p.Typing["current"].Names)
		assert.NotContains(t, p.raw, "Ken")
		assert.NotContains(t, p.raw, `"names"`)

		p = facWS.presenceWhere("Ken types", typingIn("current", 1))
		assert.Equal(t, []string{"Ken"}, p.Typing["current"].Names, "the facilitator still sees names")
	})
}

func TestBadTypingIsRefusedAndChangesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		cases := []struct{ name, frame, code string }{
			{"missing data", `{"id":"b1","type":"typing"}`, "bad_request"},
			{"data of the wrong shape", `{"id":"b2","type":"typing","data":[1]}`, "bad_request"},
			{"unknown column", `{"id":"b3","type":"typing","data":{"column":"wishes","active":true}}`, "bad_request"},
			{"no active", `{"id":"b4","type":"typing","data":{"column":"current"}}`, "bad_request"},
			{"active not a boolean", `{"id":"b5","type":"typing","data":{"column":"current","active":1}}`, "bad_request"},
			{"a column not being written", `{"id":"b6","type":"typing","data":{"column":"ideal","active":true}}`, "wrong_phase"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				l.ws1.sendRaw(tc.frame)
				m := l.ws1.next()
				assert.Equal(t, "error", m.Type)
				assert.Equal(t, tc.code, m.Code)
				assert.NotEmpty(t, m.Message)
			})
		}
		// Nothing changed: the next presence anyone gets shows nobody typing.
		extra := a.dialParticipant(a.join(l.w.JoinCode, "Late", "other"))
		p := extra.presenceWhere("Late is online", func(p presenceJSON) bool { return p.Count == 3 })
		assert.Empty(t, p.Typing)
	})
}

func TestTypingIsRateLimitedLikeAnyCommand(t *testing.T) {
	forEachDBWithLimits(t, func(l *realtime.Limits) { l.CommandRate, l.CommandBurst = 0.001, 3 }, func(t *testing.T, a *app) {
		_, w := a.facilitator("f@example.com")
		ws := a.dialParticipant(a.join(w.JoinCode, "Ken", "frontline"))
		for i := range 3 {
			ws.send("t"+itoa(int64(i)), "typing", map[string]any{"column": "current", "active": false})
		}
		ws.send("over", "typing", map[string]any{"column": "current", "active": false})
		for range 3 {
			assert.Equal(t, "ack", ws.next().Type)
		}
		m := ws.next()
		assert.Equal(t, "error", m.Type)
		assert.Equal(t, "rate_limited", m.Code)
		assert.Equal(t, "over", m.ID)
	})
}
