package realtime

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

var (
	ken    = board.Identity{Role: board.RoleParticipant, ParticipantID: 1, Name: "Ken", Layer: "frontline"}
	mariko = board.Identity{Role: board.RoleParticipant, ParticipantID: 2, Name: "Mariko", Layer: "executive"}
	facil  = board.Identity{Role: board.RoleFacilitator, UserID: 9, Name: "Aiko"}
)

func TestTypingRefreshIsNotNews(t *testing.T) {
	b := newTypingBoard(time.Minute)
	now := time.Now()
	assert.True(t, b.start(ken, "current", now), "starting to type is news")
	assert.False(t, b.start(ken, "current", now.Add(time.Second)), "a refresh changes nothing anyone sees")
	assert.True(t, b.start(ken, "ideal", now), "another column is news")
	assert.True(t, b.stop(ken.Actor(), "current"))
	assert.False(t, b.stop(ken.Actor(), "current"), "stopping twice is no news")
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
		b.start(board.Identity{Role: board.RoleParticipant, ParticipantID: int64(i + 1), Name: fmt.Sprint("P", i)}, "current", now)
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
		b.start(board.Identity{Role: board.RoleParticipant, ParticipantID: int64(100 - i), Name: fmt.Sprint("P", i)}, "ideal", t0.Add(time.Duration(i)*time.Millisecond))
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

func TestTypingDecodesAsAKnownCommand(t *testing.T) {
	cmd, cerr := decodeCommand([]byte(`{"id":"t1","type":"typing","data":{"column":"current","active":true}}`))
	require.Nil(t, cerr)
	assert.Equal(t, typingCommand, cmd.Type)
	assert.Equal(t, typingCommand, metricType(cmd.Type))
}

// typingRoom is just enough of a room for the typing hooks.
func typingRoom(phase string) *Room {
	st := board.New(models.WorkshopListing{Workshop: models.Workshop{ID: 1, Phase: phase}}, nil, nil, nil)
	return &Room{state: st, typing: newTypingBoard(time.Minute), clients: make(map[*client]struct{})}
}

// setPhase moves a test room's board to phase as a committed phase.changed does.
func setPhase(t *testing.T, r *Room, phase string) {
	_, err := r.state.Apply(r.state.Seq()+1, board.EventPhaseChanged, &board.PhasePayload{Phase: phase})
	require.NoError(t, err)
}

func TestPhaseChangeForgetsParticipantsInColumnsTheyCanNoLongerWrite(t *testing.T) {
	r := typingRoom("current")
	now := time.Now()
	r.typing.start(ken, "current", now)
	r.typing.start(facil, "ideal", now)
	setPhase(t, r, "ideal")
	r.typingPhaseChanged()
	assert.Equal(t, map[string]TypingView{"ideal": {Count: 1, Names: []string{"Aiko"}}}, r.typing.view(true))
	assert.NotNil(t, r.presenceDue, "the change goes out with the next presence message")

	setPhase(t, r, board.PhaseClosed)
	r.typingPhaseChanged()
	assert.Empty(t, r.typing.view(true), "nobody types in a closed workshop")
}

func TestTypingStopsWhenTheLastConnectionOfThatPersonLeaves(t *testing.T) {
	r := typingRoom("current")
	tab1, tab2 := &client{identity: ken}, &client{identity: ken}
	other := &client{identity: board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "Ken"}}
	r.clients[tab2], r.clients[other] = struct{}{}, struct{}{}
	r.typing.start(ken, "current", time.Now())

	r.typingLeft(tab1)
	assert.Equal(t, 1, r.typing.view(true)["current"].Count, "Ken is still here in another tab")
	delete(r.clients, tab2)
	r.typingLeft(tab2)
	assert.Empty(t, r.typing.view(true), "a facilitator with the same name is someone else")
}
