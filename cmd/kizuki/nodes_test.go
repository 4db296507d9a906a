package main

import (
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

	"github.com/kizuki-app/kizuki/models/testdb"
)

// TestTwoProcessesServeOneWorkshop runs two kizuki processes on one
// PostgreSQL database, splits the participants of one vote round across them,
// and checks that the facilitator sees the same events, in the same order,
// on both.
func TestTwoProcessesServeOneWorkshop(t *testing.T) {
	dbURL := testdb.PostgresURL(t)
	if dbURL == "" {
		t.Skip("several processes need PostgreSQL: set TEST_DATABASE_URL")
	}
	nodes := []*serverProcess{startServer(t, freeAddr(t), dbURL), startServer(t, freeAddr(t), dbURL)}
	fac, workshopID, ideas, code := votingWorkshop(t, nodes[0].addr)
	var cookie string
	for _, c := range fac.client.Jar.Cookies(&url.URL{Scheme: "http", Host: nodes[0].addr}) {
		cookie = c.Name + "=" + c.Value
	}

	// The facilitator watches from both processes.
	type watcher struct {
		conn   *websocket.Conn
		start  int64 // the seq of its snapshot
		events []frame
	}
	watchers := make([]*watcher, len(nodes))
	for i, n := range nodes {
		conn, err := dial(t, n.addr, workshopID, "", cookie)
		require.NoError(t, err)
		t.Cleanup(func() { conn.Close() })
		var snap frame
		require.NoError(t, conn.ReadJSON(&snap))
		require.Equal(t, "snapshot", snap.Type)
		watchers[i] = &watcher{conn: conn, start: snap.Seq}
	}

	const people = 20
	var wg sync.WaitGroup
	errs := make(chan error, people)
	for i := range people {
		node := nodes[i%2]
		var j struct{ Token string }
		status := (&api{t: t, base: "http://" + node.addr, client: http.DefaultClient}).do("POST", "/api/join",
			map[string]string{"code": code, "name": fmt.Sprintf("P%d", i), "layer": "frontline"}, &j)
		require.Equal(t, 201, status)
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := dial(t, node.addr, workshopID, "?token="+url.QueryEscape(j.Token), "")
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close()
			for k := range 3 {
				f, err := command(conn, fmt.Sprintf("v%d", k), "vote.cast", map[string]int64{"ideaId": ideas[(i+k)%len(ideas)]})
				if err == nil && f.Type != "ack" {
					err = fmt.Errorf("participant %d vote %d: %s", i, k, f.Code)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}

	// Every vote is one event after the setup, and both see all of them.
	var snap struct{ Seq int64 }
	require.Equal(t, 200, fac.do("GET", fmt.Sprintf("/api/workshops/%d", workshopID), nil, &snap))
	start := watchers[0].start
	require.Equal(t, start, watchers[1].start)
	require.Equal(t, start+people*3, snap.Seq)
	for _, w := range watchers {
		for len(w.events) == 0 || w.events[len(w.events)-1].Seq < snap.Seq {
			require.NoError(t, w.conn.SetReadDeadline(time.Now().Add(10*time.Second)))
			var f frame
			require.NoError(t, w.conn.ReadJSON(&f))
			if f.Type == "event" {
				w.events = append(w.events, f)
			}
		}
	}
	a, b := watchers[0].events, watchers[1].events
	require.Len(t, a, people*3)
	require.Len(t, b, people*3)
	for i := range a {
		assert.Equal(t, start+int64(i)+1, a[i].Seq)
		assert.Equal(t, a[i].Seq, b[i].Seq)
		assert.JSONEq(t, string(a[i].Data), string(b[i].Data))
	}
	totals := map[int64]int{}
	for _, e := range a {
		var d struct {
			IdeaID int64
			Total  int
		}
		require.NoError(t, json.Unmarshal(e.Data, &d))
		totals[d.IdeaID] = d.Total
	}
	sum := 0
	for _, n := range totals {
		sum += n
	}
	assert.Equal(t, people*3, sum, "the last totals count every vote once")
}
