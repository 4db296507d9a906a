package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
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

// dialSince connects a participant resuming after seq since, and returns the
// messages up to the "resumed" marker or the snapshot.
func dialSince(t *testing.T, a *app, j joined, since int64) []serverMsg {
	t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(j.WorkshopID, fmt.Sprintf("?token=%s&since=%d", url.QueryEscape(j.Token), since)), http.Header{"Origin": {a.srv.URL}})
	require.NoError(t, err)
	resp.Body.Close()
	t.Cleanup(func() { conn.Close() })
	c := &wsClient{t: t, conn: conn}
	var got []serverMsg
	for {
		m := c.next()
		got = append(got, m)
		if m.Type == "resumed" || m.Type == "snapshot" {
			return got
		}
	}
}

func TestResumeReplaysExactlyTheMissedEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		first, _ := l.ws1.command("r1", "idea.add", map[string]string{"column": "current", "text": "seen"})
		require.Equal(t, "ack", first.Type)
		l.ws2.next()
		require.NoError(t, l.ws2.conn.Close()) // participant 2 drops off after seeing seq first.Seq

		var missed []int64
		for i := range 3 {
			r, _ := l.ws1.command("m"+itoa(int64(i)), "idea.add", map[string]string{"column": "current", "text": "missed " + itoa(int64(i))})
			require.Equal(t, "ack", r.Type)
			missed = append(missed, r.Seq)
		}
		got := dialSince(t, a, l.p2, first.Seq)
		require.Len(t, got, 4)
		for i, seq := range missed {
			assert.Equal(t, "event", got[i].Type)
			assert.Equal(t, seq, got[i].Seq, "no gaps, no duplicates, in order")
		}
		assert.Equal(t, "resumed", got[3].Type)
		assert.Equal(t, missed[2], got[3].Seq)

		// Up to date: nothing to replay.
		got = dialSince(t, a, l.p2, missed[2])
		require.Len(t, got, 1)
		assert.Equal(t, "resumed", got[0].Type)

		// Ahead of the server (e.g. a restored database): a snapshot.
		got = dialSince(t, a, l.p2, missed[2]+100)
		assert.Equal(t, "snapshot", got[0].Type)
	})
}

// fastApp lets one test client drive the room faster than a person could.
func fastApp(t *testing.T, store *models.Store, sendQueue int) *app {
	t.Helper()
	limits := realtime.DefaultLimits()
	limits.CommandRate, limits.CommandBurst = 1e6, 1e6
	if sendQueue > 0 {
		limits.SendQueue = sendQueue
	}
	return newAppOpts(t, store, func(*server.Config) {}, appOptions{limits: limits, smallWriteBuffers: sendQueue > 0})
}

func TestResumeTooFarBehindGetsSnapshot(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		a := fastApp(t, store, 0)
		l := startLive(t, a)
		var last int64
		for i := range 205 {
			r, _ := l.facWS.command("bulk"+itoa(int64(i)), "idea.add", map[string]string{"column": "current", "text": "bulk"})
			require.Equal(t, "ack", r.Type)
			last = r.Seq
		}
		got := dialSince(t, a, l.p2, 1)
		require.Len(t, got, 1)
		assert.Equal(t, "snapshot", got[0].Type)
		assert.Equal(t, last, got[0].Seq)
	})
}

func TestResumeKeepsHiddenVotesHidden(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := startVoting(t, a)
		before := lastSeq(t, v.liveWorkshop)
		r, _ := v.ws1.command("hv", "vote.cast", map[string]int64{"ideaId": v.ideal[0]})
		require.Equal(t, "ack", r.Type)

		other := dialSince(t, a, v.p2, before)
		require.Len(t, other, 1, "another participant replays no hidden vote")
		assert.Equal(t, "resumed", other[0].Type)

		own := dialSince(t, a, v.p1, before)
		require.Len(t, own, 2)
		var d map[string]any
		require.NoError(t, json.Unmarshal(own[0].Data, &d))
		assert.Equal(t, float64(1), d["count"])
		assert.NotContains(t, d, "total", "the voter replays only their own count")
	})
}

func TestStalledReaderIsEvictedWithoutSlowingOthers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		a := fastApp(t, store, 32)
		l := startLive(t, a)
		stalled := a.join(l.w.JoinCode, "Stalled", "other")
		// The stalled client never reads after connecting; a small receive buffer
		// fills fast, so the server's writes to it block and its queue overflows.
		dialer := websocket.Dialer{NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetReadBuffer(4096)
			}
			return conn, err
		}}
		conn, resp, err := dialer.Dial(a.wsURL(l.w.ID, "?token="+url.QueryEscape(stalled.Token)), nil)
		require.NoError(t, err)
		resp.Body.Close()
		t.Cleanup(func() { conn.Close() })
		// Large ideas fill the stalled client's socket buffers and then its queue.
		text := strings.Repeat("長", 500)
		var worst time.Duration
		for i := range 1500 {
			start := time.Now()
			// The facilitator's insights: one participant may add only 100 ideas.
			r, _ := l.facWS.command("s"+itoa(int64(i)), "insight.add", map[string]string{"column": "current", "text": text})
			require.Equal(t, "ack", r.Type)
			m := l.ws2.next()
			require.Equal(t, r.Seq, m.Seq)
			worst = max(worst, time.Since(start))
			l.ws1.next()
		}
		assert.Less(t, worst, 2*time.Second, "a stalled reader never holds up delivery to others")

		// The room dropped it: a newcomer does not see it online.
		newcomer := a.dialParticipant(a.join(l.w.JoinCode, "Newcomer", "other"))
		for {
			m := newcomer.read()
			if m.Type != "presence" {
				continue
			}
			var p struct{ Online []struct{ Name string } }
			require.NoError(t, json.Unmarshal(m.Data, &p))
			var names []string
			for _, o := range p.Online {
				names = append(names, o.Name)
			}
			assert.NotContains(t, names, "Stalled")
			if assert.Contains(t, names, "Newcomer") {
				break
			}
		}
	})
}

func TestShutdownFinishesQueuedCommandsAndSaysGoingAway(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		for i := range 20 {
			l.ws1.send("q"+itoa(int64(i)), "idea.add", map[string]string{"column": "current", "text": "queued"})
		}
		// Wait until the first command landed, so some are surely in flight.
		for {
			if m := l.ws1.next(); m.Type == "ack" {
				break
			}
		}
		require.NoError(t, a.hub.Shutdown(t.Context()))
		acked := 1
		for {
			require.NoError(t, l.ws1.conn.SetReadDeadline(time.Now().Add(5*time.Second)))
			_, data, err := l.ws1.conn.ReadMessage()
			if err != nil {
				var ce *websocket.CloseError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, websocket.CloseGoingAway, ce.Code)
				break
			}
			if strings.Contains(string(data), `"type":"ack"`) {
				acked++
			}
		}
		ideas, err := a.store.Ideas(t.Context(), l.w.ID)
		require.NoError(t, err)
		assert.Equal(t, acked, len(ideas), "every acknowledged command is stored, and nothing unacknowledged")
	})
}
