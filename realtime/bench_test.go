package realtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// benchRoom is a room on a real SQLite database with n drained clients;
// prepare, if set, adds to the workshop before the room loads it.
func benchRoom(b *testing.B, n int, prepare ...func(*models.Store, *models.Workshop)) (*Room, []*client) {
	b.Helper()
	store := testdb.Open(b, "sqlite://"+filepath.Join(b.TempDir(), "bench.db"))
	ctx := b.Context()
	a := &models.Account{Name: "Acme"}
	if err := store.CreateAccount(ctx, a); err != nil {
		b.Fatal(err)
	}
	w := &models.Workshop{AccountID: a.ID, Title: "Bench", Phase: "current", VoteBudget: 3, VoteCap: 3}
	if err := store.CreateWorkshop(ctx, w, nil, func() (string, error) { return "BENCH234", nil }); err != nil {
		b.Fatal(err)
	}
	for _, p := range prepare {
		p(store, w)
	}
	st, err := board.Load(ctx, store, w.ID)
	if err != nil {
		b.Fatal(err)
	}
	limits := DefaultLimits()
	r := newRoom(st, store, "http://bench", limits, NewMetrics(nil), slog.New(slog.NewTextHandler(io.Discard, nil)))
	clients := make([]*client, n)
	for i := range clients {
		c := &client{room: r,
			identity: board.Identity{Role: board.RoleParticipant, ParticipantID: int64(i + 1), Name: fmt.Sprint("P", i), Layer: board.Layers[i%4]}}
		c.out = newOutbox(limits.SendQueue, func() {
			go func() { // a fast reader
				var batch [][]byte
				for {
					msgs, _, closed, stop := c.out.next(batch)
					if stop {
						return
					}
					if closed {
						c.out.kill()
						return
					}
					batch = msgs
				}
			}()
		})
		c.send = queueSender{c.out}
		r.clients[c] = struct{}{}
		r.state.Join(c.identity)
		clients[i] = c

	}
	b.Cleanup(func() {
		for c := range r.clients {
			c.out.close()
		}
	})
	return r, clients
}

// BenchmarkBroadcast measures fanning one committed event out to 1,000
// connections: render once, queue the same bytes for each.
func BenchmarkBroadcast(b *testing.B) {
	r, _ := benchRoom(b, 1000)
	payload, _ := json.Marshal(map[string]any{"idea": board.IdeaView{ID: 1, Column: "current", Text: "An idea of typical length for a sticky note", AuthorName: "P1"}})
	ev := &models.Event{Seq: 1, Type: "idea.added", Payload: string(payload)}
	b.ReportAllocs()
	for b.Loop() {
		r.broadcastEvent(ev)
	}
}

// BenchmarkCommandPath measures one idea.add end to end in the room:
// idempotency lookup, validation, transaction with its event (fsync on
// SQLite), broadcast to 100 connections and ack.
func BenchmarkCommandPath(b *testing.B) {
	r, clients := benchRoom(b, 100)
	data := json.RawMessage(`{"column":"current","text":"A benchmark idea"}`)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		r.handleBatch([]inbound{{client: clients[i%len(clients)], cmd: Command{ID: fmt.Sprint("b", i), Type: "idea.add", Data: data}}})
	}
}

// BenchmarkVoteBatch measures a burst of 100 queued votes committed as one batch.
func BenchmarkVoteBatch(b *testing.B) {
	uid := int64(1)
	var idea *models.Idea
	r, clients := benchRoom(b, 100, func(store *models.Store, w *models.Workshop) {
		idea = &models.Idea{WorkshopID: w.ID, Column: "ideal", Text: "Target", UserID: &uid, Source: board.SourceParticipant}
		w.VoteBudget, w.VoteCap = 1<<30, 1<<30
		if err := errors.Join(store.CreateIdea(b.Context(), idea), store.SetPhase(b.Context(), w.ID, "vote_ideal"), store.SaveSettings(b.Context(), w)); err != nil {
			b.Fatal(err)
		}
	})
	data := json.RawMessage(fmt.Sprintf(`{"ideaId":%d}`, idea.ID))
	b.ReportAllocs()
	round := 0
	for b.Loop() {
		round++
		batch := make([]inbound, len(clients))
		for j, c := range clients {
			batch[j] = inbound{client: c, cmd: Command{ID: fmt.Sprint("v", round), Type: "vote.cast", Data: data}}
		}
		r.handleBatch(batch)
	}
	b.ReportMetric(float64(len(clients)), "votes/op")
}

// BenchmarkFanOut measures the write path of a broadcast over real loopback
// WebSockets: the room queues one message for 200 connections and flushes
// them as it does after every step, until every peer has read it. Both ends
// run in this process, so the figure is the whole cost of a delivery on this
// machine, kernel included.
func BenchmarkFanOut(b *testing.B) {
	const conns = 200
	room, clients, peers := roomOfSockets(b, conns)
	var read sync.WaitGroup
	readers := make([]chan struct{}, conns)
	for i, peer := range peers {
		readers[i] = make(chan struct{})
		go func(next chan struct{}) {
			for range next {
				if _, _, err := peer.ReadMessage(); err != nil {
					b.Error(err)
				}
				read.Done()
			}
		}(readers[i])
	}
	msg := []byte(`{"type":"event","seq":1,"event":"idea.added","data":{"idea":{"id":1,"column":"current","text":"An idea of typical length for a sticky note","authorName":"P1"}}}`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		read.Add(conns)
		for i, c := range clients {
			readers[i] <- struct{}{}
			room.deliver(c, msg)
		}
		room.flush()
		read.Wait()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*conns), "ns/delivery")
	for _, r := range readers {
		close(r)
	}
}
