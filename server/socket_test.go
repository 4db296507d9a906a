package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type ideaJSON struct {
	ID       int64  `json:"id"`
	Column   string `json:"column"`
	Text     string `json:"text"`
	AuthorID *int64 `json:"authorId"`
}

func ideaOf(t *testing.T, m serverMsg) ideaJSON {
	t.Helper()
	var d struct{ Idea ideaJSON }
	require.NoError(t, json.Unmarshal(m.Data, &d))
	return d.Idea
}

// liveWorkshop is a workshop in the "current" phase with a facilitator and two participants connected.
type liveWorkshop struct {
	w      workshopJSON
	fac    *browser
	facWS  *wsClient
	p1, p2 joined
	ws1    *wsClient
	ws2    *wsClient
}

func startLive(t *testing.T, a *app) liveWorkshop {
	t.Helper()
	fac, w := a.facilitator("f@example.com")
	l := liveWorkshop{w: w, fac: fac}
	l.facWS = a.dialFacilitator(fac, w.ID)
	reply, _ := l.facWS.command("phase-1", "phase.set", map[string]string{"phase": "current"})
	require.Equal(t, "ack", reply.Type)
	l.p1 = a.join(w.JoinCode, "Ken", "frontline")
	l.p2 = a.join(w.JoinCode, "Mariko", "executive")
	l.ws1 = a.dialParticipant(l.p1)
	l.ws2 = a.dialParticipant(l.p2)
	return l
}

func lastSeq(t *testing.T, l liveWorkshop) int64 {
	t.Helper()
	var snap struct{ Seq int64 }
	require.Equal(t, 200, l.fac.do("GET", "/api/workshops/"+itoa(l.w.ID), nil, &snap))
	return snap.Seq
}

func TestIdeaAddedByOneParticipantReachesTheOtherWithSameSeq(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		reply, events := l.ws1.command("c1", "idea.add", map[string]string{"column": "current", "text": "  Reports take two days  "})
		require.Equal(t, "ack", reply.Type, reply.Message)
		require.Len(t, events, 1)
		assert.Equal(t, reply.Seq, events[0].Seq)

		got := l.ws2.next()
		assert.Equal(t, "event", got.Type)
		assert.Equal(t, "idea.added", got.Event)
		assert.Equal(t, reply.Seq, got.Seq)
		idea := ideaOf(t, got)
		assert.Equal(t, "Reports take two days", idea.Text, "text is trimmed")
		require.NotNil(t, idea.AuthorID)
		assert.Equal(t, l.p1.ParticipantID, *idea.AuthorID)

		fac := l.facWS.next()
		assert.Equal(t, reply.Seq, fac.Seq)
	})
}

func TestRetriedCommandIDIsAppliedOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		first, _ := l.ws1.command("same-id", "idea.add", map[string]string{"column": "current", "text": "Once"})
		require.Equal(t, "ack", first.Type)
		again, events := l.ws1.command("same-id", "idea.add", map[string]string{"column": "current", "text": "Once"})
		require.Equal(t, "ack", again.Type)
		assert.Equal(t, first.Seq, again.Seq, "a retry answers with the original seq")
		assert.Empty(t, events, "a retry broadcasts nothing")

		ideas, err := a.store.Ideas(t.Context(), l.w.ID)
		require.NoError(t, err)
		assert.Len(t, ideas, 1)
		assert.Equal(t, first.Seq, lastSeq(t, l))

		// Command ids are per sender: another participant may reuse the string.
		other, _ := l.ws2.command("same-id", "idea.add", map[string]string{"column": "current", "text": "Mine"})
		assert.Equal(t, "ack", other.Type)
		assert.Equal(t, first.Seq+1, other.Seq)
	})
}

// A retry the board would now refuse (the phase moved on since the idea was
// added) is still answered as a retry, not as an error.
func TestRetryRefusedByTheBoardNowIsStillAcked(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		first, _ := l.ws1.command("early", "idea.add", map[string]string{"column": "current", "text": "Before the phase moved"})
		require.Equal(t, "ack", first.Type)
		moved, _ := l.facWS.command("phase-2", "phase.set", map[string]string{"phase": "ideal"})
		require.Equal(t, "ack", moved.Type, moved.Message)
		before := lastSeq(t, l)

		again, events := l.ws1.command("early", "idea.add", map[string]string{"column": "current", "text": "Before the phase moved"})
		assert.Equal(t, "ack", again.Type, again.Message)
		assert.Equal(t, first.Seq, again.Seq)
		for _, e := range events {
			assert.NotEqual(t, "idea.added", e.Event, "a retry broadcasts nothing")
		}

		fresh, _ := l.ws1.command("late", "idea.add", map[string]string{"column": "current", "text": "After the phase moved"})
		assert.Equal(t, "error", fresh.Type, "a new command is checked against the board")
		assert.Equal(t, before, lastSeq(t, l))
	})
}

func TestParticipantCannotSetPhase(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		before := lastSeq(t, l)
		reply, _ := l.ws1.command("p1", "phase.set", map[string]string{"phase": "ideal"})
		assert.Equal(t, "error", reply.Type)
		assert.Equal(t, "forbidden", reply.Code)
		assert.Equal(t, before, lastSeq(t, l))
	})
}

func TestBadFramesGetStructuredErrorsAndChangeNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		before := lastSeq(t, l)
		cases := []struct {
			name, frame, id, code string
		}{
			{"not json", `{"id":"x1","type":`, "", "bad_request"},
			{"json array", `[1,2]`, "", "bad_request"},
			{"missing id", `{"type":"idea.add","data":{"column":"current","text":"a"}}`, "", "bad_request"},
			{"over-long id", `{"id":"` + strings.Repeat("i", 65) + `","type":"idea.add","data":{}}`, "", "bad_request"},
			{"unknown command", `{"id":"x2","type":"idea.explode","data":{}}`, "x2", "unknown_command"},
			{"missing data", `{"id":"x3","type":"idea.add"}`, "x3", "bad_request"},
			{"data of wrong shape", `{"id":"x4","type":"idea.add","data":{"column":5}}`, "x4", "bad_request"},
			{"unknown column", `{"id":"x5","type":"idea.add","data":{"column":"wishes","text":"a"}}`, "x5", "bad_request"},
			{"empty idea", `{"id":"x6","type":"idea.add","data":{"column":"current","text":"   "}}`, "x6", "bad_request"},
			{"over-long idea", `{"id":"x7","type":"idea.add","data":{"column":"current","text":"` + strings.Repeat("長", 501) + `"}}`, "x7", "too_long"},
			{"invalid utf-8", "{\"id\":\"x8\",\"type\":\"idea.add\",\"data\":{\"column\":\"current\",\"text\":\"\xff\xfe\"}}", "", "bad_request"},
			{"wrong phase column", `{"id":"x9","type":"idea.add","data":{"column":"ideal","text":"later"}}`, "x9", "wrong_phase"},
			{"edit unknown idea", `{"id":"x10","type":"idea.edit","data":{"ideaId":424242,"text":"a"}}`, "x10", "not_found"},
			{"delete unknown idea", `{"id":"x11","type":"idea.delete","data":{"ideaId":424242}}`, "x11", "not_found"},
			{"unknown phase", `{"id":"x12","type":"phase.set","data":{"phase":"party"}}`, "x12", "forbidden"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				l.ws1.sendRaw(tc.frame)
				m := l.ws1.next()
				assert.Equal(t, "error", m.Type)
				assert.Equal(t, tc.code, m.Code)
				assert.Equal(t, tc.id, m.ID)
				assert.NotEmpty(t, m.Message)
			})
		}
		reply, _ := l.facWS.command("f-bad", "phase.set", map[string]string{"phase": "party"})
		assert.Equal(t, "bad_request", reply.Code, "facilitators get a clear error for an unknown phase")

		// A 500-rune idea is exactly at the limit and accepted; the connection survived every bad frame.
		ok, _ := l.ws1.command("fine", "idea.add", map[string]string{"column": "current", "text": strings.Repeat("長", 500)})
		assert.Equal(t, "ack", ok.Type)
		assert.Equal(t, before+1, ok.Seq, "no refused frame took a seq")
	})
}

func TestParticipantsChangeOnlyTheirOwnIdeasFacilitatorAny(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		added, events := l.ws1.command("a1", "idea.add", map[string]string{"column": "current", "text": "Ken's"})
		require.Equal(t, "ack", added.Type)
		id := ideaOf(t, events[0]).ID
		l.ws2.next()
		l.facWS.next()

		reply, _ := l.ws2.command("b1", "idea.edit", map[string]any{"ideaId": id, "text": "hijacked"})
		assert.Equal(t, "forbidden", reply.Code)
		reply, _ = l.ws2.command("b2", "idea.delete", map[string]any{"ideaId": id})
		assert.Equal(t, "forbidden", reply.Code)

		reply, events = l.ws1.command("a2", "idea.edit", map[string]any{"ideaId": id, "text": "Ken's, edited"})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, "idea.edited", events[0].Event)
		seen := l.ws2.next()
		assert.Equal(t, "idea.edited", seen.Event)
		assert.Equal(t, "Ken's, edited", ideaOf(t, seen).Text)
		l.facWS.next()

		reply, events = l.facWS.command("f1", "idea.edit", map[string]any{"ideaId": id, "text": "Moderated"})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, "Moderated", ideaOf(t, events[0]).Text)
		l.ws1.next()
		l.ws2.next()

		// Once the phase moves on, participants can no longer change the column.
		reply, _ = l.facWS.command("f2", "phase.set", map[string]string{"phase": "ideal"})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, "phase.changed", l.ws1.next().Event)
		l.ws2.next()
		reply, _ = l.ws1.command("a3", "idea.delete", map[string]any{"ideaId": id})
		assert.Equal(t, "wrong_phase", reply.Code)

		reply, _ = l.facWS.command("f3", "idea.delete", map[string]any{"ideaId": id})
		require.Equal(t, "ack", reply.Type)
		gone := l.ws2.next()
		assert.Equal(t, "idea.deleted", gone.Event)
		var d struct{ IdeaID int64 }
		require.NoError(t, json.Unmarshal(gone.Data, &d))
		assert.Equal(t, id, d.IdeaID)
		ideas, err := a.store.Ideas(t.Context(), l.w.ID)
		require.NoError(t, err)
		assert.Empty(t, ideas)
	})
}

func TestPhaseChangeReachesEveryone(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		for _, phase := range []string{"ideal", "vote_ideal", "ideal"} {
			reply, _ := l.facWS.command("to-"+phase+itoa(lastSeq(t, l)), "phase.set", map[string]string{"phase": phase})
			require.Equal(t, "ack", reply.Type)
			for _, c := range []*wsClient{l.ws1, l.ws2} {
				m := c.next()
				assert.Equal(t, "phase.changed", m.Event)
				assert.Equal(t, reply.Seq, m.Seq)
				assert.JSONEq(t, `{"phase":"`+phase+`"}`, string(m.Data))
			}
		}
	})
}

func TestBoardSurvivesServerRestart(t *testing.T) {
	for _, d := range testdbDialects() {
		t.Run(d.Name, func(t *testing.T) {
			url := d.URL(t)
			first := newApp(t, openStore(t, url))
			l := startLive(t, first)
			reply, _ := l.ws1.command("k1", "idea.add", map[string]string{"column": "current", "text": "Durable"})
			require.Equal(t, "ack", reply.Type)
			first.srv.CloseClientConnections()
			require.NoError(t, first.hub.Shutdown(t.Context()))
			first.srv.Close()

			second := newApp(t, openStore(t, url))
			c := second.dialRaw(l.p2)
			snap := c.read()
			require.Equal(t, "snapshot", snap.Type)
			assert.Equal(t, reply.Seq, snap.Seq)
			var data struct {
				Workshop struct{ Phase string }
				Ideas    []ideaJSON
			}
			require.NoError(t, json.Unmarshal(snap.Data, &data))
			assert.Equal(t, "current", data.Workshop.Phase)
			require.Len(t, data.Ideas, 1)
			assert.Equal(t, "Durable", data.Ideas[0].Text)
		})
	}
}

func TestPresenceListsWhoIsOnline(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		var p struct {
			Online []struct {
				ID          int64
				Name, Layer string
			}
			Facilitators int
			Count        int
		}
		for {
			m := l.ws1.read()
			if m.Type != "presence" {
				continue
			}
			require.NoError(t, json.Unmarshal(m.Data, &p))
			if p.Count == 2 {
				break
			}
		}
		assert.Equal(t, 1, p.Facilitators)
		assert.Equal(t, "Ken", p.Online[0].Name)
		assert.Equal(t, "executive", p.Online[1].Layer)
	})
}

func TestSocketAuthentication(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		fac, w := a.facilitator("f@example.com")
		_, w2 := a.facilitator("g@example.com")
		p := a.join(w.JoinCode, "Ken", "manager")
		cookie := http.Header{}
		for _, ck := range fac.client.Jar.Cookies(mustURL(a.srv.URL)) {
			cookie.Add("Cookie", ck.Name+"="+ck.Value)
		}
		withOrigin := func(h http.Header, origin string) http.Header {
			h = h.Clone()
			if origin != "" {
				h.Set("Origin", origin)
			}
			return h
		}
		cases := []struct {
			name   string
			url    string
			header http.Header
			status int
		}{
			{"no credentials", a.wsURL(w.ID, ""), withOrigin(http.Header{}, a.srv.URL), 401},
			{"cookie from a foreign origin", a.wsURL(w.ID, ""), withOrigin(cookie, "https://evil.example"), 403},
			{"cookie without origin", a.wsURL(w.ID, ""), cookie, 403},
			{"token from a foreign origin", a.wsURL(w.ID, "?token="+p.Token), withOrigin(http.Header{}, "https://evil.example"), 403},
			{"unknown workshop", a.wsURL(999999, ""), withOrigin(cookie, a.srv.URL), 404},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				conn, resp, err := websocket.DefaultDialer.Dial(tc.url, tc.header)
				if conn != nil {
					conn.Close()
				}
				require.Error(t, err)
				require.NotNil(t, resp)
				resp.Body.Close()
				assert.Equal(t, tc.status, resp.StatusCode)
			})
		}
		// A bad token gets a final close code the browser can read, not an HTTP error it cannot.
		for name, u := range map[string]string{
			"unknown token":             a.wsURL(w.ID, "?token=forged"),
			"token of another workshop": a.wsURL(w2.ID, "?token="+p.Token),
		} {
			t.Run(name, func(t *testing.T) {
				conn, resp, err := websocket.DefaultDialer.Dial(u, withOrigin(http.Header{}, a.srv.URL))
				require.NoError(t, err)
				resp.Body.Close()
				defer conn.Close()
				_, _, err = conn.ReadMessage()
				var ce *websocket.CloseError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, 4001, ce.Code)
			})
		}
		// A participant client without Origin (a script, the load generator) is fine.
		conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(w.ID, "?token="+p.Token), nil)
		require.NoError(t, err)
		resp.Body.Close()
		conn.Close()
	})
}

func TestClosedWorkshopRefusesJoinsAndIdeas(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		reply, _ := l.facWS.command("close", "phase.set", map[string]string{"phase": "closed"})
		require.Equal(t, "ack", reply.Type)
		l.ws1.next()
		var e apiErr
		assert.Equal(t, 403, a.browser().do("POST", "/api/join", map[string]string{"code": l.w.JoinCode, "name": "Late", "layer": "other"}, &e))
		assert.Equal(t, "forbidden", e.Error.Code)
		r, _ := l.facWS.command("late-idea", "idea.add", map[string]string{"column": "current", "text": "too late"})
		assert.Equal(t, "wrong_phase", r.Code)
	})
}

// TestPresenceInALargeRoomCapsNamesForParticipants: with more people online
// than the name cap, participants get the first names, the exact count and
// counts by layer, so a join does not cost everyone the whole room's list;
// facilitators still get every name.
func TestPresenceInALargeRoomCapsNamesForParticipants(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		fac, w := a.facilitator("big@example.com")
		facWS := a.dialFacilitator(fac, w.ID)
		const people = 60
		layers := []string{"executive", "manager", "frontline", "other"}
		var last *wsClient
		for i := range people {
			last = a.dialParticipant(a.join(w.JoinCode, "P"+itoa(int64(i)), layers[i%4]))
		}
		type presence struct {
			Online []struct {
				ID   int64
				Name string
			}
			Count   int
			ByLayer map[string]int
		}
		settled := func(c *wsClient) presence {
			for {
				m := c.read()
				if m.Type != "presence" {
					continue
				}
				var p presence
				require.NoError(t, json.Unmarshal(m.Data, &p))
				if p.Count == people {
					return p
				}
			}
		}
		mine := settled(last)
		assert.Len(t, mine.Online, 50, "participants get the first 50 names")
		assert.Equal(t, map[string]int{"executive": 15, "manager": 15, "frontline": 15, "other": 15}, mine.ByLayer)
		all := settled(facWS)
		assert.Len(t, all.Online, people, "facilitators get everyone")
		assert.Equal(t, mine.ByLayer, all.ByLayer)
	})
}

// A client that pings the server gets its pong, and the pong's short write
// deadline must not outlive it: the next event still reaches that client.
func TestClientPingDoesNotCutLaterDeliveries(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		pong := make(chan struct{}, 1)
		l.ws2.conn.SetPongHandler(func(string) error { pong <- struct{}{}; return nil })
		require.NoError(t, l.ws2.conn.WriteControl(websocket.PingMessage, []byte("hi"), time.Now().Add(time.Second)))
		reply, _ := l.ws1.command("after-ping", "idea.add", map[string]string{"column": "current", "text": "Before the pong's deadline"})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, "idea.added", l.ws2.next().Event)
		time.Sleep(1500 * time.Millisecond) // past gorilla's default 1 s pong deadline
		reply, _ = l.ws1.command("later", "idea.add", map[string]string{"column": "current", "text": "After it"})
		require.Equal(t, "ack", reply.Type)
		got := l.ws2.next()
		assert.Equal(t, "idea.added", got.Event)
		assert.Equal(t, reply.Seq, got.Seq)
		select {
		case <-pong: // it came before the later event
		default:
			t.Error("the server did not answer the ping")
		}
	})
}
