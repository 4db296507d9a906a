package realtime

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOutboxIsBoundedAndHandsOverEverythingQueued(t *testing.T) {
	starts := 0
	o := newOutbox(3, func() { starts++ })
	for _, m := range []string{"a", "b", "c"} {
		require.True(t, o.push([]byte(m)))
	}
	assert.False(t, o.push([]byte("d")), "a full outbox refuses")
	assert.Equal(t, 1, starts, "one writer for the burst")

	msgs, ping, closed, stop := o.next(nil)
	assert.Equal(t, [][]byte{[]byte("a"), []byte("b"), []byte("c")}, msgs)
	assert.False(t, ping || closed || stop)
	_, _, _, stop = o.next(msgs)
	assert.True(t, stop, "the writer ends when the queue is empty")

	require.True(t, o.requestPing())
	require.True(t, o.push([]byte("e")), "taking made room")
	assert.Equal(t, 2, starts, "work after the writer ended starts one again")
	o.close()
	assert.False(t, o.push([]byte("f")), "a closed outbox refuses")
	msgs, ping, closed, stop = o.next(msgs)
	assert.Equal(t, [][]byte{[]byte("e")}, msgs)
	assert.True(t, ping && closed && !stop)
	o.kill()
	assert.False(t, o.requestPing(), "no pings once the socket is closed")
	_, _, _, stop = o.next(nil)
	assert.True(t, stop)
	assert.Equal(t, 2, starts)
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

// TestWriterSendsEverythingQueuedInOneWrite queues five messages, lets the
// writer run once, and counts the writes that reach the socket.
func TestWriterSendsEverythingQueuedInOneWrite(t *testing.T) {
	var cc *countingConn
	c, peer := socketPair(t, 16, false, func(s *sockConn) {
		cc = &countingConn{Conn: s.Conn}
		s.Conn = cc // after the handshake: count only the pump's writes
	})
	for _, m := range []string{"one", "two", "three", "four", "five"} {
		require.True(t, c.out.push([]byte(`{"m":"`+m+`"}`)))
	}
	c.closeCode, c.closeText = websocket.CloseNormalClosure, "bye"
	c.out.close()
	c.drain()

	for _, m := range []string{"one", "two", "three", "four", "five"} {
		_, got, err := peer.ReadMessage()
		require.NoError(t, err)
		assert.JSONEq(t, `{"m":"`+m+`"}`, string(got), "one JSON object per frame, in order")
	}
	_, _, err := peer.ReadMessage()
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, websocket.CloseNormalClosure, ce.Code)
	assert.Equal(t, int32(2), cc.writes.Load(), "five frames in one write, then the close frame")
}

// TestFramesOfEveryLengthEncodingReadBack writes payloads at the edges of
// the three length encodings of RFC 6455 and reads them with gorilla's client.
func TestFramesOfEveryLengthEncodingReadBack(t *testing.T) {
	c, peer := socketPair(t, 16, false, nil)
	sizes := []int{0, 1, 125, 126, 127, 0xFFFF, 0x10000, 200_000}
	var want [][]byte
	for i, n := range sizes {
		m := []byte(strings.Repeat(string(rune('a'+i)), n))
		want = append(want, m)
		require.True(t, c.out.push(m))
	}
	c.drain()
	for i, m := range want {
		kind, got, err := peer.ReadMessage()
		require.NoError(t, err, "frame of %d bytes", sizes[i])
		assert.Equal(t, websocket.TextMessage, kind)
		assert.Equal(t, m, got, "frame of %d bytes", sizes[i])
	}
}

// TestFlushNeverWaitsOnAFullSocket queues more than a peer that does not read
// can buffer: flushNoWait returns without waiting, hands the rest to the
// writer goroutine, and once the peer reads, every frame arrives whole and in
// order, with a ping requested meanwhile in between.
func TestFlushNeverWaitsOnAFullSocket(t *testing.T) {
	c, peer := socketPair(t, 1024, true, nil)
	const frames, size = 300, 64 << 10 // 19 MiB: more than loopback buffers hold
	flushed := make(chan bool)
	go func() {
		handedOver := false
		for i := range frames {
			msg := []byte(fmt.Sprintf("%06d%s", i, strings.Repeat("x", size-6)))
			ok, claim := c.out.pushDeferred(msg)
			if !ok {
				break
			}
			if claim {
				c.flushNoWait()
			} else {
				handedOver = true // a writer goroutine holds the socket
			}
		}
		flushed <- handedOver
	}()
	select {
	case handedOver := <-flushed:
		assert.True(t, handedOver, "the socket filled up and a writer goroutine took over")
	case <-time.After(5 * time.Second):
		t.Fatal("flushNoWait waited on a socket nobody reads")
	}
	require.True(t, c.out.requestPing())

	pings := 0
	peer.SetPingHandler(func(string) error { pings++; return nil })
	for i := range frames {
		_, got, err := peer.ReadMessage()
		require.NoError(t, err)
		require.Len(t, got, size)
		require.Equal(t, fmt.Sprintf("%06d", i), string(got[:6]), "frames arrive whole and in order")
	}
	c.out.close()
	_, _, err := peer.ReadMessage()
	var ce *websocket.CloseError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 1, pings)
}

// socketPair serves one real WebSocket: the server side as a client with an
// outbox of limit (whose writer goroutine runs when writer is set; otherwise
// the test runs it) and the dialled peer. wrap, if set, may replace the
// socket under the client after the handshake.
func socketPair(t *testing.T, limit int, writer bool, wrap func(*sockConn)) (*client, *websocket.Conn) {
	t.Helper()
	served := make(chan *client, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &socketCapture{ResponseWriter: w, buffers: newFrameBuffers()}
		conn, err := (&websocket.Upgrader{}).Upgrade(cw, r, nil)
		if err != nil {
			return
		}
		if wrap != nil {
			wrap(cw.conn)
		}
		c := &client{conn: conn, sock: cw.conn, room: &Room{limits: DefaultLimits()}}
		c.out = newOutbox(limit, func() {
			if writer {
				go c.drain()
			}
		})
		c.send = socketSender{c}
		served <- c
	}))
	t.Cleanup(srv.Close)
	peer, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { peer.Close() })
	peer.SetReadLimit(1 << 20)
	return <-served, peer
}

// roomOfSockets is a room with n real WebSocket clients (writer goroutines
// as in production) and their dialled peers, in the same order.
func roomOfSockets(tb testing.TB, n int) (*Room, []*client, []*websocket.Conn) {
	tb.Helper()
	room := &Room{limits: DefaultLimits(), clients: make(map[*client]struct{}), metrics: NewMetrics(nil)}
	served := make(chan *client, n)
	buffers := newFrameBuffers()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &socketCapture{ResponseWriter: w, buffers: buffers}
		conn, err := (&websocket.Upgrader{WriteBufferPool: &sync.Pool{}}).Upgrade(cw, r, nil)
		if err != nil {
			return
		}
		c := &client{conn: conn, sock: cw.conn, room: room}
		c.out = newOutbox(room.limits.SendQueue, func() { go c.drain() })
		c.send = socketSender{c}
		served <- c
	}))
	tb.Cleanup(srv.Close)
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	clients := make([]*client, n)
	peers := make([]*websocket.Conn, n)
	for i := range n {
		peer, _, err := websocket.DefaultDialer.Dial(url, nil)
		require.NoError(tb, err)
		tb.Cleanup(func() { peer.Close() })
		peers[i], clients[i] = peer, <-served
		room.clients[clients[i]] = struct{}{}
	}
	return room, clients, peers
}

// TestBigRoomFlushReachesEveryoneInOrder flushes three steps to a room big
// enough to split the writing over goroutines: every peer gets all three
// messages, in order, and nobody is evicted.
func TestBigRoomFlushReachesEveryoneInOrder(t *testing.T) {
	room, clients, peers := roomOfSockets(t, 3*minFanOutShare)
	room.limits.FanOutWriters = 3 // three shares of 64, whatever the machine's cores
	for step := range 3 {
		for _, c := range clients {
			room.deliver(c, []byte(fmt.Sprintf(`{"step":%d}`, step)))
		}
		if step == 0 { // later, a share of the previous flush may still hold a writer
			assert.Len(t, room.unflushed, len(clients), "the room holds every writer until it flushes")
		}
		room.flush()
		assert.Empty(t, room.unflushed)
	}
	for i, peer := range peers {
		require.NoError(t, peer.SetReadDeadline(time.Now().Add(10*time.Second)))
		for step := range 3 {
			_, got, err := peer.ReadMessage()
			require.NoError(t, err, "peer %d", i)
			require.JSONEq(t, fmt.Sprintf(`{"step":%d}`, step), string(got), "peer %d", i)
		}
	}
	assert.Len(t, room.clients, len(clients), "nobody was evicted")
}
