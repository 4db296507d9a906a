package realtime

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// TestRefusalsRereadTheBoardOnlyForUnknownNamesAndAtMostOnceASecond: on a
// shared database a refused command is checked again after catching up, but
// rereading the whole board is kept for what only the database can know (a
// participant who joined through another process), at most once a second,
// so a client sending refused commands cannot make the room reload its board.
func TestRefusalsRereadTheBoardOnlyForUnknownNamesAndAtMostOnceASecond(t *testing.T) {
	dbURL := testdb.PostgresURL(t)
	if dbURL == "" {
		t.Skip("a shared database is PostgreSQL: set TEST_DATABASE_URL")
	}
	store := testdb.Open(t, dbURL)
	ctx := t.Context()
	w := testWorkshop(t, store, "current", "SHARED23", 3)
	r := testRoom(t, store, w.ID)
	fac := testClient(r, board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "F"})
	send := func(id, typ string, data any) string {
		raw, _ := json.Marshal(data)
		r.process(inbound{client: fac, cmd: Command{ID: id, Type: typ, Data: raw}})
		msgs, _, _, _ := fac.out.next(nil)
		var reply struct{ Type, Code string }
		require.NoError(t, json.Unmarshal(msgs[len(msgs)-1], &reply))
		return reply.Type + " " + reply.Code
	}
	reloads := func() float64 {
		var m dto.Metric
		require.NoError(t, r.metrics.boardReloads.Write(&m))
		return m.GetCounter().GetValue()
	}

	for i := range 3 {
		assert.Equal(t, "error bad_request", send(fmt.Sprint("phase-", i), "phase.set", map[string]string{"phase": "nowhere"}))
	}
	assert.Zero(t, reloads(), "ordinary refusals do not reread the board")

	// Someone joins through another process: only the database knows them.
	p := &models.Participant{WorkshopID: w.ID, Name: "Elsewhere", Layer: "other"}
	require.NoError(t, store.CreateParticipant(ctx, p))
	assert.Equal(t, "ack ", send("kick-1", "participant.kick", map[string]int64{"participantId": p.ID}), "found after rereading the board")
	assert.Equal(t, 1.0, reloads())

	for i := range 3 {
		assert.Equal(t, "error not_found", send(fmt.Sprint("kick-x", i), "participant.kick", map[string]int64{"participantId": 999999}))
	}
	assert.Equal(t, 1.0, reloads(), "at most one reread a second")
}

// TestPresenceSummaryFitsANotification: long Japanese names do not push a
// summary past PostgreSQL's NOTIFY limit; it lists fewer names instead.
func TestPresenceSummaryFitsANotification(t *testing.T) {
	long := strings.Repeat("長い名前の参加者", 8) // 64 characters, 192 bytes
	p := peerPresence{Workshop: 1, Node: "n", Count: 300, ByLayer: map[string]int{"other": 300}}
	for i := range 300 {
		p.Online = append(p.Online, board.ParticipantView{ID: int64(i + 1), Name: long, Layer: "other"})
	}
	raw := encodePresence(p)
	assert.LessOrEqual(t, len(raw), maxPresencePayload)
	var back peerPresence
	require.NoError(t, json.Unmarshal(raw, &back))
	assert.Equal(t, 300, back.Count, "the count stays exact")
	assert.NotEmpty(t, back.Online)
	assert.Less(t, len(back.Online), presenceNames)
}
