package realtime

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	ken    = Identity{Role: RoleParticipant, ParticipantID: 1, Name: "Ken", Layer: "frontline"}
	mariko = Identity{Role: RoleParticipant, ParticipantID: 2, Name: "Mariko", Layer: "executive"}
	facil  = Identity{Role: RoleFacilitator, UserID: 9, Name: "Aiko"}
)

func TestTypingRefreshIsNotNews(t *testing.T) {
	b := newTypingBoard(time.Minute)
	now := time.Now()
	assert.True(t, b.start(ken, "current", now), "starting to type is news")
	assert.False(t, b.start(ken, "current", now.Add(time.Second)), "a refresh changes nothing anyone sees")
	assert.True(t, b.start(ken, "ideal", now), "another column is news")
	assert.True(t, b.stop(ken.actor(), "current"))
	assert.False(t, b.stop(ken.actor(), "current"), "stopping twice is no news")
	assert.Equal(t, map[string]TypingView{"ideal": {Count: 1, Names: []string{"Ken"}}}, b.view(true))
}

func TestTypingExpiresTTLAfterTheLastRefresh(t *testing.T) {
	b := newTypingBoard(5 * time.Second)
	t0 := time.Now()
	b.start(ken, "current", t0)
	b.start(mariko, "current", t0)
	b.start(ken, "current", t0.Add(3*time.Second)) // Ken keeps typing; Mariko stopped without a word

	assert.False(t, b.expire(t0.Add(4*time.Second)), "nobody is past their time yet")
	assert.True(t, b.expire(t0.Add(5*time.Second)), "Mariko expires 5 s after her last refresh")
	assert.Equal(t, TypingView{Count: 1, Names: []string{"Ken"}}, b.view(true)["current"])
	assert.True(t, b.expire(t0.Add(8*time.Second)), "Ken expires 5 s after his")
	assert.Empty(t, b.view(true))
	assert.Nil(t, b.due(), "nothing left to expire: no timer")
}

func TestTypingUsesOneTimerThatFiresForTheEarliestEntry(t *testing.T) {
	b := newTypingBoard(20 * time.Millisecond)
	assert.Nil(t, b.due(), "no timer before anyone types")
	now := time.Now()
	for i := range 50 {
		b.start(Identity{Role: RoleParticipant, ParticipantID: int64(i + 1), Name: fmt.Sprint("P", i)}, "current", now)
	}
	select {
	case <-b.due():
	case <-time.After(2 * time.Second):
		t.Fatal("the typing timer did not fire")
	}
	assert.True(t, b.expire(time.Now()))
	assert.Empty(t, b.typists)
	assert.Nil(t, b.due())
}

func TestTypingViewIsBoundedAndOrderedByWhoStartedFirst(t *testing.T) {
	b := newTypingBoard(time.Minute)
	t0 := time.Now()
	for i := range 8 {
		b.start(Identity{Role: RoleParticipant, ParticipantID: int64(100 - i), Name: fmt.Sprint("P", i)}, "ideal", t0.Add(time.Duration(i)*time.Millisecond))
	}
	b.start(facil, "challenges", t0)

	v := b.view(true)
	assert.Equal(t, 8, v["ideal"].Count)
	assert.Equal(t, []string{"P0", "P1", "P2", "P3", "P4"}, v["ideal"].Names, "at most five names, first typist first")
	assert.Equal(t, TypingView{Count: 1, Names: []string{"Aiko"}}, v["challenges"], "facilitators count too")
	_, ok := v["current"]
	assert.False(t, ok, "columns nobody types in are left out")

	anon := b.view(false)
	assert.Equal(t, TypingView{Count: 8}, anon["ideal"])
	raw, err := json.Marshal(anon)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ideal":{"count":8},"challenges":{"count":1}}`, string(raw), "no names key at all without names")
}

func TestParseTypingRefusesBadData(t *testing.T) {
	cases := []struct {
		name, phase, data string
		who               Identity
		code              string // empty: accepted
	}{
		{"start in the current phase's column", "current", `{"column":"current","active":true}`, ken, ""},
		{"stop", "current", `{"column":"current","active":false}`, ken, ""},
		{"facilitator in another column", "current", `{"column":"first_steps","active":true}`, facil, ""},
		{"stop in another column is harmless", "ideal", `{"column":"current","active":false}`, ken, ""},
		{"missing data", "current", ``, ken, CodeBadRequest},
		{"null data", "current", `null`, ken, CodeBadRequest},
		{"data of the wrong shape", "current", `["current",true]`, ken, CodeBadRequest},
		{"unknown column", "current", `{"column":"wishes","active":true}`, ken, CodeBadRequest},
		{"missing column", "current", `{"active":true}`, ken, CodeBadRequest},
		{"missing active", "current", `{"column":"current"}`, ken, CodeBadRequest},
		{"active not a boolean", "current", `{"column":"current","active":"yes"}`, ken, CodeBadRequest},
		{"participant in a column not being written", "current", `{"column":"ideal","active":true}`, ken, CodeWrongPhase},
		{"nobody types once closed", PhaseClosed, `{"column":"current","active":true}`, facil, CodeWrongPhase},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := fuzzBoard(tc.phase, false)
			_, cerr := parseTyping(st, tc.who, json.RawMessage(tc.data))
			if tc.code == "" {
				assert.Nil(t, cerr)
				return
			}
			require.NotNil(t, cerr)
			assert.Equal(t, tc.code, cerr.Code)
			assert.NotEmpty(t, cerr.Message)
		})
	}
}

func TestTypingDecodesAsAKnownCommand(t *testing.T) {
	cmd, cerr := decodeCommand([]byte(`{"id":"t1","type":"typing","data":{"column":"current","active":true}}`))
	require.Nil(t, cerr)
	assert.Equal(t, typingCommand, cmd.Type)
	assert.Equal(t, typingCommand, metricType(cmd.Type))
}

// typingRoom is just enough of a room for the typing hooks.
func typingRoom(phase string) *Room {
	return &Room{state: fuzzBoard(phase, false), typing: newTypingBoard(time.Minute), clients: make(map[*client]struct{})}
}

func TestPhaseChangeForgetsParticipantsInColumnsTheyCanNoLongerWrite(t *testing.T) {
	r := typingRoom("current")
	now := time.Now()
	r.typing.start(ken, "current", now)
	r.typing.start(facil, "ideal", now)
	r.state.workshop.Phase = "ideal"
	r.typingPhaseChanged()
	assert.Equal(t, map[string]TypingView{"ideal": {Count: 1, Names: []string{"Aiko"}}}, r.typing.view(true))
	assert.NotNil(t, r.presenceDue, "the change goes out with the next presence message")

	r.state.workshop.Phase = PhaseClosed
	r.typingPhaseChanged()
	assert.Empty(t, r.typing.view(true), "nobody types in a closed workshop")
}

func TestTypingStopsWhenTheLastConnectionOfThatPersonLeaves(t *testing.T) {
	r := typingRoom("current")
	tab1, tab2 := &client{identity: ken}, &client{identity: ken}
	other := &client{identity: Identity{Role: RoleFacilitator, UserID: 1, Name: "Ken"}}
	r.clients[tab2], r.clients[other] = struct{}{}, struct{}{}
	r.typing.start(ken, "current", time.Now())

	r.typingLeft(tab1)
	assert.Equal(t, 1, r.typing.view(true)["current"].Count, "Ken is still here in another tab")
	delete(r.clients, tab2)
	r.typingLeft(tab2)
	assert.Empty(t, r.typing.view(true), "a facilitator with the same name is someone else")
}
