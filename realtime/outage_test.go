package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

var errInjected = errors.New("injected: the database went away")

// faultyDB fails every statement once down is set; failEvents sets it at
// the first insert of events, i.e. in the middle of a group commit, after
// its ideas and votes were written (and the board changed) in the transaction.
type faultyDB struct {
	down, failEvents atomic.Bool
}

func (f *faultyDB) hook(_ context.Context, op string, dest any) error {
	if _, events := dest.(*[]models.Event); events && op == "create" && f.failEvents.Load() {
		f.down.Store(true)
	}
	if f.down.Load() {
		return errInjected
	}
	return nil
}

// TestAFailedGroupCommitLeavesTheBoardAsTheDatabaseHasIt: a batch of votes
// and an idea fails half-way through its transaction, and reading the board
// back fails too (the database is down). Every command is then resent with
// its original id once the database is back: the votes stored equal the
// vote events, the board equals the database, and the idea of the failed
// batch exists once or not at all. Before the fix the room kept the
// speculative board and wrote absolute counts computed from it.
func TestAFailedGroupCommitLeavesTheBoardAsTheDatabaseHasIt(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var faults faultyDB
			store, err := models.Open(d.URL(t), models.WithStatementHook(faults.hook))
			require.NoError(t, err)
			t.Cleanup(func() { _ = store.Close() })

			ctx := t.Context()
			w := testWorkshop(t, store, "vote_ideal", "OUTAGE22", 50)
			idea := &models.Idea{WorkshopID: w.ID, Column: "ideal", Text: "Ideal", AuthorName: "F", Source: board.SourceParticipant}
			require.NoError(t, store.CreateIdea(ctx, idea))
			r := testRoom(t, store, w.ID)

			var voters []*client
			for i := range 8 {
				p := &models.Participant{WorkshopID: w.ID, Name: fmt.Sprintf("P%d", i), Layer: "frontline", TokenHash: fmt.Sprintf("t%d", i)}
				require.NoError(t, store.CreateParticipant(ctx, p))
				voters = append(voters, testClient(r, board.Identity{Role: board.RoleParticipant, ParticipantID: p.ID, Name: p.Name, Layer: p.Layer}))
			}
			fac := testClient(r, board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "F"})

			round := func(n int) []inbound {
				var batch []inbound
				for i, c := range voters {
					raw, _ := json.Marshal(map[string]int64{"ideaId": idea.ID})
					batch = append(batch, inbound{client: c, cmd: Command{ID: fmt.Sprintf("v%d-%d", i, n), Type: "vote.cast", Data: raw}})
				}
				return batch
			}
			// A vote storm can include an idea from the facilitator's side of the room.
			insight, _ := json.Marshal(map[string]string{"column": "ideal", "text": "From the failed batch"})
			withIdea := func(b []inbound) []inbound {
				return append(b, inbound{client: fac, cmd: Command{ID: "insight-1", Type: "insight.add", Data: insight}})
			}

			r.handleBatch(round(1))
			faults.failEvents.Store(true)
			r.handleBatch(withIdea(round(2)))
			require.True(t, faults.down.Load(), "the fault struck inside the batch")
			assert.True(t, r.stale, "the board could not be read back")
			r.handleBatch(round(3)) // still down: refused, nothing validated against the stale board

			faults.failEvents.Store(false)
			faults.down.Store(false)
			r.handleBatch(withIdea(append(round(2), round(3)...))) // every client resends what was not acknowledged
			r.handleBatch(round(4))
			assert.False(t, r.stale)

			events, err := store.EventsSince(ctx, w.ID, 0, 10_000)
			require.NoError(t, err)
			casts, insights := 0, 0
			for _, ev := range events {
				switch ev.Type {
				case "vote.cast":
					casts++
				case "idea.added":
					insights++
				}
			}
			votes, err := store.Votes(ctx, w.ID)
			require.NoError(t, err)
			stored := 0
			for _, v := range votes {
				stored += v.Count
			}
			assert.Equal(t, 8*4, casts, "four rounds of eight votes, each counted once")
			assert.Equal(t, casts, stored, "the votes table equals the event log")
			assert.Equal(t, 1, insights, "the idea of the failed batch exists once")

			fresh, err := board.Load(ctx, store, w.ID)
			require.NoError(t, err)
			for _, c := range voters {
				assert.Equal(t, fresh.Snapshot(c.identity, "").Votes.Mine, r.state.Snapshot(c.identity, "").Votes.Mine, "the live board equals the database")
			}
			assert.Equal(t, len(fresh.Snapshot(fac.identity, "").Ideas), len(r.state.Snapshot(fac.identity, "").Ideas))
			assert.Equal(t, fresh.Seq(), r.state.Seq())
		})
	}
}

// A command that queued behind a stalled database past its time is not
// committed late: it fails, and its client sends it again.
func TestACommandPastItsTimeIsNotCommittedLate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		w := testWorkshop(t, store, "current", "LATELATE", 3)
		r := testRoom(t, store, w.ID)
		fac := testClient(r, board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "F"})
		raw, _ := json.Marshal(map[string]string{"column": "current", "text": "Late"})
		cmd := func(id string, at time.Time) inbound {
			return inbound{client: fac, cmd: Command{ID: id, Type: "insight.add", Data: raw}, at: at}
		}
		replies := func() map[string]string {
			msgs, _, _, _ := fac.out.next(nil)
			out := map[string]string{}
			for _, raw := range msgs {
				var m struct{ Type, Code, ID string }
				require.NoError(t, json.Unmarshal(raw, &m))
				if m.ID != "" {
					out[m.ID] = m.Type + " " + m.Code
				}
			}
			return out
		}

		r.process(cmd("late", time.Now().Add(-commandTimeout-time.Second)))
		assert.Equal(t, map[string]string{"late": "error internal"}, replies())
		r.handleBatch([]inbound{cmd("late-a", time.Now().Add(-commandTimeout)), cmd("late-b", time.Now())})
		assert.Equal(t, map[string]string{"late-a": "error internal", "late-b": "ack "}, replies(),
			"the overdue command fails; the batch's others are retried each in their own time")
		events, err := store.EventsSince(ctx, w.ID, 0, 10)
		require.NoError(t, err)
		for _, ev := range events {
			assert.NotEqual(t, "late", *ev.CommandID, "the overdue command was not committed")
			assert.NotEqual(t, "late-a", *ev.CommandID)
		}
		r.process(cmd("on-time", time.Now()))
		assert.Equal(t, map[string]string{"on-time": "ack "}, replies())
	})
}
