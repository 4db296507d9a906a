package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnonymousModeHidesAuthorsFromOtherParticipants(t *testing.T) {
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
		author, other := a.join(w.JoinCode, "Ken", "frontline"), a.join(w.JoinCode, "Mariko", "executive")
		authorWS, otherWS := a.dialParticipant(author), a.dialParticipant(other)

		reply, events := authorWS.command("a1", "idea.add", map[string]string{"column": "current", "text": "Candid"})
		require.Equal(t, "ack", reply.Type)
		own := ideaOf(t, events[0])
		require.NotNil(t, own.AuthorID, "authors still recognise their own ideas")

		var seen struct{ Idea map[string]any }
		require.NoError(t, json.Unmarshal(otherWS.next().Data, &seen))
		assert.Nil(t, seen.Idea["authorId"])
		assert.Equal(t, "", seen.Idea["authorName"])

		require.NoError(t, json.Unmarshal(facWS.next().Data, &seen))
		assert.Equal(t, "Ken", seen.Idea["authorName"], "the facilitator still sees who wrote it")

		// Presence shows other participants by layer only; the facilitator still sees names.
		for {
			m := otherWS.read()
			if m.Type == "presence" && strings.Contains(string(m.Data), `"executive"`) && strings.Contains(string(m.Data), `"frontline"`) {
				assert.NotContains(t, string(m.Data), "Ken")
				assert.NotContains(t, string(m.Data), "Mariko")
				break
			}
		}
		for {
			m := facWS.read()
			if m.Type == "presence" && strings.Contains(string(m.Data), "Mariko") {
				break
			}
		}

		snap := a.dialRaw(other).read()
		var s struct {
			Ideas        []map[string]any
			Participants []struct {
				ID   int64
				Name string
			}
		}
		require.NoError(t, json.Unmarshal(snap.Data, &s))
		require.Len(t, s.Ideas, 1)
		assert.Equal(t, "", s.Ideas[0]["authorName"], "a reconnect reveals no more than the live stream")
		assert.Nil(t, s.Ideas[0]["authorId"])
		names := map[int64]string{}
		for _, p := range s.Participants {
			names[p.ID] = p.Name
		}
		assert.Equal(t, map[int64]string{author.ParticipantID: "", other.ParticipantID: "Mariko"}, names,
			"the snapshot lists the others without names: ids beside names would unmask every idea")
		assert.NotContains(t, string(snap.Data), "Ken")

		var full struct{ Participants []struct{ Name string } }
		require.Equal(t, 200, fac.do("GET", fmt.Sprintf("/api/workshops/%d", w.ID), nil, &full))
		assert.Len(t, full.Participants, 2)
		for _, p := range full.Participants {
			assert.NotEmpty(t, p.Name, "the facilitator still sees names")
		}
	})
}

func TestKickedParticipantIsDisconnectedAndTokenDies(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		bad, _ := l.ws2.command("k0", "participant.kick", map[string]int64{"participantId": l.p1.ParticipantID})
		assert.Equal(t, "forbidden", bad.Code)

		reply, _ := l.facWS.command("k1", "participant.kick", map[string]int64{"participantId": l.p1.ParticipantID})
		require.Equal(t, "ack", reply.Type)
		assert.Equal(t, "participant.kicked", l.ws2.next().Event)

		// The kicked participant gets the event, then a final close.
		for {
			_, _, err := l.ws1.conn.ReadMessage()
			if err != nil {
				var ce *websocket.CloseError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, 4001, ce.Code)
				break
			}
		}
		conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(l.w.ID, "?token="+l.p1.Token), http.Header{"Origin": {a.srv.URL}})
		require.NoError(t, err)
		resp.Body.Close()
		defer conn.Close()
		_, _, err = conn.ReadMessage()
		var ce *websocket.CloseError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, 4001, ce.Code, "the token is dead")

		again, _ := l.facWS.command("k2", "participant.kick", map[string]int64{"participantId": l.p1.ParticipantID})
		assert.Equal(t, "not_found", again.Code)
	})
}
