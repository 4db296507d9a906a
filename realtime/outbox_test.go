package realtime

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOutboxIsBoundedAndHandsOverEverythingQueued(t *testing.T) {
	o := newOutbox(3)
	for _, m := range []string{"a", "b", "c"} {
		require.True(t, o.push([]byte(m)))
	}
	assert.False(t, o.push([]byte("d")), "a full outbox refuses")
	<-o.ready
	msgs, closed := o.take(nil)
	assert.Equal(t, [][]byte{[]byte("a"), []byte("b"), []byte("c")}, msgs)
	assert.False(t, closed)

	require.True(t, o.push([]byte("e")), "taking makes room")
	o.close()
	assert.False(t, o.push([]byte("f")), "a closed outbox refuses")
	msgs, closed = o.take(msgs)
	assert.Equal(t, [][]byte{[]byte("e")}, msgs)
	assert.True(t, closed)
}

// countingConn counts the writes that reach the socket.
type countingConn struct {
	net.Conn
	writes atomic.Int32
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// TestWritePumpSendsEverythingQueuedInOneWrite queues five messages, lets the
// pump run once, and counts the writes that reach the socket.
func TestWritePumpSendsEverythingQueuedInOneWrite(t *testing.T) {
	counted := make(chan *countingConn, 1)
	served := make(chan *client, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &corkingWriter{ResponseWriter: w}
		conn, err := (&websocket.Upgrader{}).Upgrade(cw, r, nil)
		if err != nil {
			return
		}
		cc := &countingConn{Conn: cw.conn.Conn}
		cw.conn.Conn = cc // after the handshake: count only the pump's writes
		counted <- cc
		served <- &client{conn: conn, cork: cw.conn, room: &Room{limits: DefaultLimits()}, out: newOutbox(16)}
	}))
	defer srv.Close()
	peer, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	require.NoError(t, err)
	defer peer.Close()

	c, cc := <-served, <-counted
	for _, m := range []string{"one", "two", "three", "four", "five"} {
		require.True(t, c.out.push([]byte(`{"m":"`+m+`"}`)))
	}
	c.closeCode, c.closeText = websocket.CloseNormalClosure, "bye"
	c.out.close()
	c.writePump()

	for _, m := range []string{"one", "two", "three", "four", "five"} {
		_, got, err := peer.ReadMessage()
		require.NoError(t, err)
		assert.JSONEq(t, `{"m":"`+m+`"}`, string(got), "one JSON object per frame, in order")
	}
	_, _, err = peer.ReadMessage()
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, websocket.CloseNormalClosure, ce.Code)
	assert.Equal(t, int32(2), cc.writes.Load(), "five frames in one write, then the close frame")
}
