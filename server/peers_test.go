package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

// twoNodes starts two apps, each with its own store (connection pool) and
// hub, on one PostgreSQL database, as two kizuki processes behind a load
// balancer would. With listen they follow each other's commits through
// LISTEN/NOTIFY; without, only by polling, as when notifications are lost.
func twoNodes(t *testing.T, listen bool) (*app, *app) {
	t.Helper()
	dbURL := testdb.PostgresURL(t)
	if dbURL == "" {
		t.Skip("several nodes need PostgreSQL: set TEST_DATABASE_URL")
	}
	opts := appOptions{limits: realtime.DefaultLimits()}
	if !listen {
		opts.limits.PeerPoll = 50 * time.Millisecond
	}
	nodes := [2]*app{newAppOpts(t, testdb.Open(t, dbURL), func(*server.Config) {}, opts), newAppOpts(t, testdb.Open(t, dbURL), func(*server.Config) {}, opts)}
	for _, n := range nodes {
		if !listen {
			break
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); n.hub.FollowPeers(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	return nodes[0], nodes[1]
}

// peerClient is a socket that keeps every event it receives, by seq, so
// sockets on different nodes can be compared after the fact. Unlike wsClient
// it reports errors instead of failing the test, so goroutines can use it.
type peerClient struct {
	name   string
	conn   *websocket.Conn
	start  int64 // the snapshot's seq
	events map[int64]serverMsg
	order  []int64
}

func dialPeer(t *testing.T, name, u string, h http.Header) *peerClient {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(u, h)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	require.NoError(t, err, name)
	t.Cleanup(func() { _ = conn.Close() })
	c := &peerClient{name: name, conn: conn, events: map[int64]serverMsg{}}
	m, err := c.read()
	require.NoError(t, err)
	require.Equal(t, "snapshot", m.Type)
	c.start = m.Seq
	return c
}

// read returns the next message other than presence, recording events.
func (c *peerClient) read() (serverMsg, error) {
	for {
		_ = c.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return serverMsg{}, fmt.Errorf("%s: %w", c.name, err)
		}
		var m serverMsg
		if err := json.Unmarshal(data, &m); err != nil {
			return serverMsg{}, fmt.Errorf("%s: %w", c.name, err)
		}
		if m.Type == "event" {
			if _, dup := c.events[m.Seq]; dup {
				return m, fmt.Errorf("%s: seq %d delivered twice", c.name, m.Seq)
			}
			c.events[m.Seq] = m
			c.order = append(c.order, m.Seq)
		}
		if m.Type != "presence" {
			return m, nil
		}
	}
}

// do sends a command and reads up to its ack or error.
func (c *peerClient) do(id, typ string, data any) (serverMsg, error) {
	frame, _ := json.Marshal(map[string]any{"id": id, "type": typ, "data": data})
	if err := c.conn.WriteMessage(websocket.TextMessage, frame); err != nil {
		return serverMsg{}, err
	}
	for {
		m, err := c.read()
		if err != nil {
			return m, err
		}
		if (m.Type == "ack" || m.Type == "error") && m.ID == id {
			return m, nil
		}
	}
}

// readTo reads until the event with seq arrived, or any event after it.
func (c *peerClient) readTo(seq int64) error {
	for len(c.order) == 0 || c.order[len(c.order)-1] < seq {
		if _, err := c.read(); err != nil {
			return err
		}
	}
	return nil
}

func (a *app) participantHeader() http.Header { return http.Header{"Origin": {a.srv.URL}} }

func (a *app) facilitatorHeader(b *browser) http.Header {
	h := http.Header{"Origin": {a.srv.URL}}
	for _, ck := range b.client.Jar.Cookies(mustURL(b.a.srv.URL)) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	return h
}

// inParallel runs fn for every client at once and returns the first error.
func inParallel(clients []*peerClient, fn func(i int, c *peerClient) error) error {
	errs := make(chan error, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- fn(i, c) }()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func TestTwoNodesDeliverTheSameEventsInTheSameOrder(t *testing.T) {
	for _, listen := range []bool{true, false} {
		name := map[bool]string{true: "notify", false: "poll"}[listen]
		t.Run(name, func(t *testing.T) { twoNodeScenario(t, listen) })
	}
}

func twoNodeScenario(t *testing.T, listen bool) {
	nodeA, nodeB := twoNodes(t, listen)
	fac, w := nodeA.facilitator("nodes@example.com")
	nodes := []*app{nodeA, nodeB}

	facA := dialPeer(t, "facilitator@A", nodeA.wsURL(w.ID, ""), nodeA.facilitatorHeader(fac))
	facB := dialPeer(t, "facilitator@B", nodeB.wsURL(w.ID, ""), nodeB.facilitatorHeader(fac))
	reply, err := facA.do("phase-ideal", "phase.set", map[string]string{"phase": "ideal"})
	require.NoError(t, err)
	require.Equal(t, "ack", reply.Type, reply.Message)

	// Each participant joins through one node and keeps a socket on each.
	const people = 6
	var sockets []*peerClient
	owner := map[*peerClient]int64{}
	for i := range people {
		j := nodes[i%2].join(w.JoinCode, fmt.Sprintf("Person %d", i), "frontline")
		for n, node := range nodes {
			c := dialPeer(t, fmt.Sprintf("p%d@%c", i, 'A'+n), node.wsURL(w.ID, "?token="+url.QueryEscape(j.Token)), node.participantHeader())
			sockets = append(sockets, c)
			owner[c] = j.ParticipantID
		}
	}

	// Ideas from both nodes at once.
	require.NoError(t, inParallel(sockets, func(i int, c *peerClient) error {
		for k := range 4 {
			m, err := c.do(fmt.Sprintf("idea-%d-%d", i, k), "idea.add", map[string]string{"column": "ideal", "text": fmt.Sprintf("idea %d.%d", i, k)})
			if err != nil {
				return err
			}
			if m.Type != "ack" {
				return fmt.Errorf("%s: idea refused: %s", c.name, m.Message)
			}
		}
		return nil
	}))
	reply, err = facB.do("phase-vote", "phase.set", map[string]string{"phase": "vote_ideal"})
	require.NoError(t, err)
	require.Equal(t, "ack", reply.Type, reply.Message)

	ctx := t.Context()
	ideas, err := nodeA.store.Ideas(ctx, w.ID)
	require.NoError(t, err)
	require.Len(t, ideas, len(sockets)*4)

	// Each person votes from both nodes at once, far past the budget of 3:
	// the budget must hold across nodes.
	require.NoError(t, inParallel(sockets, func(i int, c *peerClient) error {
		for k := range 6 {
			idea := ideas[(i*7+k*5)%len(ideas)]
			m, err := c.do(fmt.Sprintf("vote-%d-%d", i, k), "vote.cast", map[string]int64{"ideaId": idea.ID})
			if err != nil {
				return err
			}
			if m.Type == "error" && m.Code != "vote_budget_exceeded" && m.Code != "vote_cap_exceeded" {
				return fmt.Errorf("%s: vote refused: %s %s", c.name, m.Code, m.Message)
			}
		}
		return nil
	}))

	last, err := nodeA.store.CurrentSeq(ctx, w.ID)
	require.NoError(t, err)
	for _, c := range []*peerClient{facA, facB} {
		require.NoError(t, c.readTo(last))
	}

	// The log is the truth: dense seqs, one event per accepted command.
	logged, err := nodeB.store.EventsSince(ctx, w.ID, facA.start, 10000)
	require.NoError(t, err)
	require.Len(t, logged, int(last-facA.start))
	byseq := map[int64]models.Event{}
	for i, e := range logged {
		require.Equal(t, facA.start+int64(i)+1, e.Seq)
		byseq[e.Seq] = e
	}

	// The facilitators see every event, in order and identical on both nodes.
	require.Equal(t, facA.start, facB.start)
	assert.Equal(t, facA.order, facB.order)
	require.Len(t, facA.order, len(logged))
	for _, e := range logged {
		a, b := facA.events[e.Seq], facB.events[e.Seq]
		assert.Equal(t, e.Type, a.Event, "seq %d", e.Seq)
		assert.Equal(t, a.Event, b.Event, "seq %d", e.Seq)
		assert.JSONEq(t, string(a.Data), string(b.Data), "seq %d", e.Seq)
	}

	// Every participant socket gets, in order, every event it may see: all
	// but other people's hidden votes.
	require.NoError(t, inParallel(sockets, func(_ int, c *peerClient) error {
		want := visibleSeqs(logged, c.start, owner[c])
		if len(want) == 0 {
			return nil
		}
		return c.readTo(want[len(want)-1])
	}))
	for _, c := range sockets {
		require.Equal(t, visibleSeqs(logged, c.start, owner[c]), c.order, c.name)
		for _, seq := range c.order {
			assert.Equal(t, byseq[seq].Type, c.events[seq].Event, "%s seq %d", c.name, seq)
		}
	}

	// Both live boards match the database: a facilitator joining now gets
	// the same snapshot from either node as from a fresh load.
	var stored json.RawMessage
	require.Equal(t, 200, fac.do("GET", "/api/workshops/"+itoa(w.ID), nil, &stored))
	for _, node := range nodes {
		conn, resp, err := websocket.DefaultDialer.Dial(node.wsURL(w.ID, ""), node.facilitatorHeader(fac))
		require.NoError(t, err)
		resp.Body.Close()
		var snap serverMsg
		require.NoError(t, conn.ReadJSON(&snap))
		conn.Close()
		require.Equal(t, "snapshot", snap.Type)
		assert.Equal(t, last, snap.Seq)
		assert.JSONEq(t, string(comparable(t, stored)), string(comparable(t, snap.Data)))
	}

	// Votes were counted once each and nobody went past the budget.
	votes, err := nodeB.store.Votes(ctx, w.ID)
	require.NoError(t, err)
	used, cast := map[int64]int{}, map[int64]int{}
	for _, v := range votes {
		used[v.ParticipantID] += v.Count
	}
	for _, e := range logged {
		if e.Type == "vote.cast" {
			cast[voterOf(t, e)]++
		}
	}
	assert.Len(t, used, people)
	for pid, n := range used {
		assert.Equal(t, 3, n, "participant %d", pid)
		assert.Equal(t, n, cast[pid], "participant %d", pid)
	}
}

func voterOf(t *testing.T, e models.Event) int64 {
	var d struct{ ParticipantID int64 }
	require.NoError(t, json.Unmarshal([]byte(e.Payload), &d))
	return d.ParticipantID
}

// visibleSeqs lists the logged events after start that a participant gets
// while votes are hidden: everything but other people's votes.
func visibleSeqs(logged []models.Event, start, participantID int64) []int64 {
	var out []int64
	for _, e := range logged {
		if e.Seq <= start {
			continue
		}
		if e.Type == "vote.cast" || e.Type == "vote.retracted" {
			var d struct{ ParticipantID int64 }
			if json.Unmarshal([]byte(e.Payload), &d) != nil || d.ParticipantID != participantID {
				continue
			}
		}
		out = append(out, e.Seq)
	}
	return out
}

func TestParticipantRemovedOnOneNodeIsDisconnectedOnTheOther(t *testing.T) {
	nodeA, nodeB := twoNodes(t, true)
	fac, w := nodeA.facilitator("kick@example.com")
	facA := nodeA.dialFacilitator(fac, w.ID)
	j := nodeB.join(w.JoinCode, "Leaving", "other")
	onB := nodeB.dialParticipant(j)

	reply, _ := facA.command("kick-1", "participant.kick", map[string]int64{"participantId": j.ParticipantID})
	require.Equal(t, "ack", reply.Type, reply.Message)
	for {
		_, _, err := onB.conn.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, realtime.CloseInvalidToken, ce.Code)
			return
		}
	}
}

// comparable drops what differs between two renderings of one board: the
// timer's clock reading, the node's own URL in the join link, the seq the
// HTTP answer carries beside the snapshot, and the workshop row's own
// write time, which live boards do not follow.
func comparable(t *testing.T, raw json.RawMessage) json.RawMessage {
	var snap map[string]any
	require.NoError(t, json.Unmarshal(raw, &snap))
	delete(snap, "seq")
	if timer, ok := snap["timer"].(map[string]any); ok {
		delete(timer, "serverNow")
	}
	if w, ok := snap["workshop"].(map[string]any); ok {
		delete(w, "joinUrl")
		delete(w, "updatedAt")
	}
	out, err := json.Marshal(snap)
	require.NoError(t, err)
	return out
}

// TestPresenceSpansProcesses: who is here and who is typing include people
// connected through the other process, and someone leaving there is gone here.
func TestPresenceSpansProcesses(t *testing.T) {
	nodeA, nodeB := twoNodes(t, true)
	fac, w := nodeA.facilitator("presence@example.com")
	facA := nodeA.dialFacilitator(fac, w.ID)
	reply, _ := facA.command("phase", "phase.set", map[string]string{"phase": "current"})
	require.Equal(t, "ack", reply.Type, reply.Message)
	onA := nodeA.dialParticipant(nodeA.join(w.JoinCode, "Aiko", "executive"))
	onB := nodeB.dialParticipant(nodeB.join(w.JoinCode, "Ben", "frontline"))

	type presence struct {
		Online []struct {
			Name string
		}
		Count        int
		Facilitators int
		ByLayer      map[string]int
		Typing       map[string]struct {
			Count int
			Names []string
		}
	}
	// waitFor reads c's presence messages until one satisfies ok.
	waitFor := func(c *wsClient, what string, ok func(p presence) bool) presence {
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			m := c.read()
			if m.Type != "presence" {
				continue
			}
			var p presence
			require.NoError(t, json.Unmarshal(m.Data, &p))
			if ok(p) {
				return p
			}
		}
		t.Fatalf("presence never showed %s", what)
		return presence{}
	}

	p := waitFor(onA, "Ben from the other process", func(p presence) bool { return p.Count == 2 })
	names := []string{p.Online[0].Name, p.Online[1].Name}
	assert.ElementsMatch(t, []string{"Aiko", "Ben"}, names)
	assert.Equal(t, 1, p.ByLayer["executive"])
	assert.Equal(t, 1, p.ByLayer["frontline"])
	assert.Equal(t, 1, p.Facilitators)
	waitFor(onB, "Aiko and the facilitator", func(p presence) bool { return p.Count == 2 && p.Facilitators == 1 })

	onB.send("typing-1", "typing", map[string]any{"column": "current", "active": true})
	p = waitFor(onA, "Ben typing", func(p presence) bool { return p.Typing["current"].Count == 1 })
	assert.Equal(t, []string{"Ben"}, p.Typing["current"].Names)

	require.NoError(t, onB.conn.Close())
	waitFor(onA, "Ben gone", func(p presence) bool { return p.Count == 1 && len(p.Typing) == 0 })
}
