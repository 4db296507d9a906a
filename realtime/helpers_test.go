package realtime

import (
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// testWorkshop stores an account and a workshop in phase with join code code.
func testWorkshop(t *testing.T, store *models.Store, phase, code string, budget int) *models.Workshop {
	t.Helper()
	a := &models.Account{Name: "Acme"}
	require.NoError(t, store.CreateAccount(t.Context(), a))
	w := &models.Workshop{AccountID: a.ID, Title: code, Phase: phase, VoteBudget: budget, VoteCap: budget}
	require.NoError(t, store.CreateWorkshop(t.Context(), w, nil, func() (string, error) { return code, nil }))
	return w
}

// testRoom loads a workshop's room without running its loop: tests drive
// handle and handleBatch themselves.
func testRoom(t *testing.T, store *models.Store, workshopID int64) *Room {
	t.Helper()
	st, err := board.Load(t.Context(), store, workshopID)
	require.NoError(t, err)
	return newRoom(st, store, "http://test", DefaultLimits(), NewMetrics(nil), quietLogger())
}

// testClient adds a client to r whose messages queue in its outbox.
func testClient(r *Room, id board.Identity) *client {
	c := &client{room: r, identity: id}
	c.out = newOutbox(1024, func() {})
	c.send = queueSender{c.out}
	r.clients[c] = struct{}{}
	r.state.Join(id) // as entering the room does
	return c
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// queueSender is a test's sender: messages wait in the client's outbox
// for the test to read (out.next), with no socket under them.
type queueSender struct{ out *outbox }

func (s queueSender) queue(msg []byte) (ok, flush bool) { return s.out.push(msg), false }
func (s queueSender) flush()                            {}
func (s queueSender) close()                            { s.out.close() }
