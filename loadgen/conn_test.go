package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeServer runs handle for each upgraded connection; n counts them from 1.
func fakeServer(t *testing.T, handle func(n int, conn *websocket.Conn, r *http.Request)) *driver {
	t.Helper()
	var count atomic.Int32
	up := websocket.Upgrader{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer conn.Close()
		handle(int(count.Add(1)), conn, r)
	}))
	t.Cleanup(srv.Close)
	d := &driver{
		run: "test", api: newAPIClient(srv.URL, 1), wsBases: []string{"ws" + strings.TrimPrefix(srv.URL, "http")},
		dialer: &websocket.Dialer{ReadBufferSize: readBufferSize, WriteBufferSize: writeBufferSize}, m: newMetrics(0),
	}
	return d
}

func readCommandID(t *testing.T, conn *websocket.Conn) string {
	var cmd struct{ ID, Type string }
	assert.NoError(t, conn.ReadJSON(&cmd)) // not require: this runs on the server goroutine
	return cmd.ID
}

func TestDroppedClientResumesFromItsLastSeqAndResendsUnansweredCommands(t *testing.T) {
	ids := make(chan string, 2)
	sinces := make(chan string, 2)
	d := fakeServer(t, func(n int, conn *websocket.Conn, r *http.Request) {
		sinces <- r.URL.Query().Get("since")
		switch n {
		case 1:
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"snapshot","seq":3,"data":{}}`))
			ids <- readCommandID(t, conn)
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"event","seq":4,"event":"vote.cast","data":{}}`))
			// then vanish without a close frame and without answering
		case 2:
			ids <- readCommandID(t, conn)
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"event","seq":4,"event":"vote.cast","data":{}}`))
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"resumed","seq":4}`))
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"event","seq":5,"event":"idea.added","data":{}}`))
			_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"ack","id":"`+<-ids+`","seq":4}`))
			_, _, _ = conn.ReadMessage() // until the client closes
		}
	})
	c := newConn(d, 0, 1, "tok")
	require.NoError(t, c.start(context.Background()))
	defer c.close()
	require.NoError(t, waitGreeted(context.Background(), c))
	c.send("vote.cast", map[string]int{"ideaId": 1}, false)

	first := <-ids
	require.Eventually(t, func() bool { return c.unanswered() == 0 }, 5*time.Second, 10*time.Millisecond)
	assert.Equal(t, "", <-sinces, "a fresh start sends no since")
	assert.Equal(t, "4", <-sinces, "the resume asks for what came after the last event seen")
	assert.Equal(t, int64(5), c.lastSeq.Load())
	assert.Equal(t, int64(1), d.m.reconnected.Load())
	assert.Equal(t, int64(1), d.m.duplicates.Load(), "an event seen before the drop is a duplicate")
	assert.Equal(t, int64(1), d.m.acked.Load())
	assert.Equal(t, int64(1), d.m.ack.Stats().Count)
	_, drops := d.m.errorCounts()
	assert.Equal(t, map[string]int64{"close_1006": 1}, drops)
	assert.NotEmpty(t, first)
}

func TestInvalidTokenCloseIsFinal(t *testing.T) {
	d := fakeServer(t, func(n int, conn *websocket.Conn, _ *http.Request) {
		_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(closeInvalidToken, "invalid participant token"))
		time.Sleep(100 * time.Millisecond)
	})
	c := newConn(d, 0, 1, "bad")
	require.NoError(t, c.start(context.Background()))
	defer c.close()
	assert.Error(t, waitGreeted(context.Background(), c))
	<-c.done
	errs, _ := d.m.errorCounts()
	assert.Equal(t, int64(1), errs["token_rejected"])
	assert.Zero(t, d.m.reconnected.Load())
}

func TestCommandWaitsForItsAnswer(t *testing.T) {
	d := fakeServer(t, func(n int, conn *websocket.Conn, _ *http.Request) {
		_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"snapshot","seq":0,"data":{}}`))
		id := readCommandID(t, conn)
		_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"error","id":"`+id+`","code":"wrong_phase","message":"no"}`))
		id = readCommandID(t, conn)
		_ = conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"ack","id":"`+id+`","seq":9}`))
		_, _, _ = conn.ReadMessage()
	})
	c := newConn(d, -1, 1, "")
	require.NoError(t, c.start(context.Background()))
	defer c.close()
	require.NoError(t, waitGreeted(context.Background(), c))
	_, err := c.command(context.Background(), "phase.set", map[string]string{"phase": "x"})
	assert.ErrorContains(t, err, "wrong_phase")
	r, err := c.command(context.Background(), "phase.set", map[string]string{"phase": "ideal"})
	require.NoError(t, err)
	assert.Equal(t, int64(9), r.seq)
	assert.Zero(t, d.m.acked.Load(), "the facilitator's commands are not in the figures")
}
