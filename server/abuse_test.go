package server_test

import (
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
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

// joinFrom posts a join as if from ip (honoured only behind a trusted proxy).
func joinFrom(t *testing.T, a *app, ip, code string) int {
	t.Helper()
	req, err := http.NewRequest("POST", a.srv.URL+"/api/join", strings.NewReader(`{"code":"`+code+`","name":"N","layer":"other"}`))
	require.NoError(t, err)
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

func TestFailedJoinsAreLimitedPerAddressButSuccessesNever(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
			a := newAppWith(t, openStore(t, d.URL(t)), func(c *server.Config) {
				c.JoinFailures = 5
				c.TrustedProxies = []*net.IPNet{loopback}
			})
			_, w := a.facilitator("f@example.com")
			for range 5 {
				assert.Equal(t, 404, joinFrom(t, a, "203.0.113.7", "WRONG234"))
			}
			assert.Equal(t, 429, joinFrom(t, a, "203.0.113.7", "WRONG234"))
			assert.Equal(t, 429, joinFrom(t, a, "203.0.113.7", w.JoinCode), "a locked-out address cannot probe with a right code either")
			assert.Equal(t, 201, joinFrom(t, a, "198.51.100.9", w.JoinCode), "other addresses are unaffected")

			// A whole office behind one NAT address joins without limit.
			for range 300 {
				require.Equal(t, 201, joinFrom(t, a, "192.0.2.44", w.JoinCode))
			}
		})
	}
}

func TestSpoofedForwardedForIsIgnoredWithoutTrustedProxy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		a := newAppWith(t, store, func(c *server.Config) { c.JoinFailures = 3 })
		for i := range 3 {
			assert.Equal(t, 404, joinFrom(t, a, "203.0.113."+itoa(int64(i)), "WRONG234"))
		}
		assert.Equal(t, 429, joinFrom(t, a, "203.0.113.99", "WRONG234"), "changing X-Forwarded-For does not reset the count")
	})
}

func TestCommandFloodIsRateLimitedThenDisconnected(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		frame := `{"id":"f","type":"idea.edit","data":{"ideaId":1,"text":"x"}}`
		for range 400 {
			if err := l.ws1.conn.WriteMessage(websocket.TextMessage, []byte(frame)); err != nil {
				break
			}
		}
		limited := 0
		for {
			require.NoError(t, l.ws1.conn.SetReadDeadline(time.Now().Add(10*time.Second)))
			_, data, err := l.ws1.conn.ReadMessage()
			if err != nil {
				var ce *websocket.CloseError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, websocket.ClosePolicyViolation, ce.Code)
				break
			}
			if strings.Contains(string(data), `"rate_limited"`) {
				limited++
			}
		}
		assert.Positive(t, limited, "refused frames are answered with rate_limited first")

		// Others are unaffected.
		reply, _ := l.ws2.command("after-flood", "idea.add", map[string]string{"column": "current", "text": "still here"})
		assert.Equal(t, "ack", reply.Type)
	})
}

func TestConnectionsPerParticipantAreCapped(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		_, w := a.facilitator("f@example.com")
		j := a.join(w.JoinCode, "Ken", "manager")
		for range 5 {
			a.dialParticipant(j)
		}
		conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(w.ID, "?token="+j.Token), nil)
		require.NoError(t, err)
		resp.Body.Close()
		defer conn.Close()
		_, _, err = conn.ReadMessage()
		var ce *websocket.CloseError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, 4029, ce.Code)

		other := a.join(w.JoinCode, "Mariko", "executive")
		a.dialParticipant(other) // the cap is per participant
	})
}

func TestOversizedFrameClosesTheConnection(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		big := `{"id":"big","type":"idea.add","data":{"column":"current","text":"` + strings.Repeat("x", 20<<10) + `"}}`
		// The server may close before the whole frame is written: that too is the protection.
		if err := l.ws1.conn.WriteMessage(websocket.TextMessage, []byte(big)); err == nil {
			for {
				require.NoError(t, l.ws1.conn.SetReadDeadline(time.Now().Add(5*time.Second)))
				_, _, err := l.ws1.conn.ReadMessage()
				if err != nil {
					var ce *websocket.CloseError
					if errors.As(err, &ce) {
						assert.Equal(t, websocket.CloseMessageTooBig, ce.Code)
					} else {
						var ne net.Error
						assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server must close the connection")
					}
					break
				}
			}
		}
		ideas, err := a.store.Ideas(t.Context(), l.w.ID)
		require.NoError(t, err)
		assert.Empty(t, ideas)
	})
}

func TestSilentPeerIsDroppedAfterPongWait(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		limits := realtime.DefaultLimits()
		limits.PongWait = 300 * time.Millisecond
		a := newAppOpts(t, store, func(*server.Config) {}, appOptions{limits: limits})
		_, w := a.facilitator("f@example.com")
		j := a.join(w.JoinCode, "Silent", "other")
		// A client that never reads never answers the server's pings.
		conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(w.ID, "?token="+j.Token), nil)
		require.NoError(t, err)
		resp.Body.Close()
		defer conn.Close()
		watcher := a.dialParticipant(a.join(w.JoinCode, "Watcher", "other"))
		require.Eventually(t, func() bool {
			m := watcher.read()
			if m.Type != "presence" {
				return false
			}
			return !strings.Contains(string(m.Data), `"Silent"`)
		}, 10*time.Second, 10*time.Millisecond, "the silent peer is dropped once PongWait passes")
	})
}

// TestServerPingsKeepAHealthyPeerConnected: the server pings an idle
// connection every 9/10 of PongWait; a peer that answers stays connected
// long past PongWait.
func TestServerPingsKeepAHealthyPeerConnected(t *testing.T) {
	store := testdb.Open(t, "sqlite://"+filepath.Join(t.TempDir(), "ping.db"))
	limits := realtime.DefaultLimits()
	limits.PongWait = 300 * time.Millisecond
	a := newAppOpts(t, store, func(*server.Config) {}, appOptions{limits: limits})
	_, w := a.facilitator("f@example.com")
	c := a.dialParticipant(a.join(w.JoinCode, "Idle", "other"))
	var pings atomic.Int32
	c.conn.SetPingHandler(func(data string) error {
		pings.Add(1)
		return c.conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(time.Second))
	})
	frames := make(chan serverMsg, 16)
	go func() { // reading is what answers pings
		for {
			var m serverMsg
			if err := c.conn.ReadJSON(&m); err != nil {
				close(frames)
				return
			}
			frames <- m
		}
	}()
	time.Sleep(5 * limits.PongWait)
	assert.GreaterOrEqual(t, pings.Load(), int32(3), "pinged about every 270 ms")

	require.NoError(t, c.conn.WriteMessage(websocket.TextMessage, []byte(`{"id":"still-here","type":"nope","data":{}}`)))
	for m := range frames {
		if m.ID == "still-here" {
			assert.Equal(t, "error", m.Type, "the connection still answers")
			return
		}
	}
	t.Fatal("the connection was closed")
}
