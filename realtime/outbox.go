package realtime

import (
	"bufio"
	"encoding/binary"
	"net"
	"net/http"
	"sync"
	"syscall"
)

// outbox is one connection's queue of encoded messages, bounded by count.
// It holds (almost) no memory while empty, and no goroutine either: start
// runs a writer (client.drain) when work arrives and none is running, and
// the writer ends once the queue is empty. An idle connection so costs its
// read goroutine and little else.
type outbox struct {
	mu      sync.Mutex
	msgs    [][]byte
	pingDue bool
	closed  bool // the room said goodbye: write what is queued, then the close frame
	dead    bool // the writer has closed the socket: nothing more is written
	running bool // a writer is running or about to
	limit   int
	start   func()
}

func newOutbox(limit int, start func()) *outbox {
	return &outbox{limit: limit, start: start}
}

// push queues msg; false when the queue is full or closed.
func (o *outbox) push(msg []byte) bool {
	o.mu.Lock()
	if o.closed || o.dead || len(o.msgs) >= o.limit {
		o.mu.Unlock()
		return false
	}
	o.msgs = append(o.msgs, msg)
	o.wakeLocked()
	return true
}

// pushDeferred queues msg like push but starts no writer: claim says the
// caller now holds the writer role and must flush (client.flushNoWait).
func (o *outbox) pushDeferred(msg []byte) (ok, claim bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed || o.dead || len(o.msgs) >= o.limit {
		return false, false
	}
	o.msgs = append(o.msgs, msg)
	claim = !o.running
	o.running = true
	return true, claim
}

// takeNoWait hands a flusher that holds the writer role the queued messages.
// done: nothing is left and the role is given up. handover: a ping or the
// close frame is due, which only the writer goroutine sends; the caller
// starts it and the role passes on.
func (o *outbox) takeNoWait(spare [][]byte) (msgs [][]byte, done, handover bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if cap(spare) > keepCap {
		spare = nil
	}
	switch {
	case o.dead || (len(o.msgs) == 0 && !o.pingDue && !o.closed):
		o.running = false
		if o.msgs == nil && !o.dead {
			o.msgs = spare[:0] // the next message needs no new array
		}
		return nil, true, false
	case o.pingDue || o.closed:
		return nil, false, true
	}
	msgs = o.msgs
	o.msgs = spare[:0]
	if cap(o.msgs) == 0 {
		o.msgs = nil
	}
	return msgs, false, false
}

// requestPing asks the writer for a ping; false once the socket is done.
func (o *outbox) requestPing() bool {
	o.mu.Lock()
	if o.closed || o.dead {
		o.mu.Unlock()
		return false
	}
	o.pingDue = true
	o.wakeLocked()
	return true
}

// close ends the queue: the writer sends what is queued, then the close frame.
func (o *outbox) close() {
	o.mu.Lock()
	if o.closed || o.dead {
		o.mu.Unlock()
		return
	}
	o.closed = true
	o.wakeLocked()
}

// wakeLocked starts a writer unless one runs, and unlocks.
func (o *outbox) wakeLocked() {
	start := !o.running
	o.running = true
	o.mu.Unlock()
	if start {
		o.start()
	}
}

// keepCap is the largest queue backing array an outbox keeps between
// bursts; a larger one (after a replay, say) goes back to the heap.
const keepCap = 8

// next hands the writer everything queued (reusing spare's backing array
// when it is small), whether to ping, and whether to close after; stop
// means there is nothing to do and the writer must end.
func (o *outbox) next(spare [][]byte) (msgs [][]byte, ping, closed, stop bool) {
	if cap(spare) > keepCap {
		spare = nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead || (len(o.msgs) == 0 && !o.pingDue && !o.closed) {
		o.running = false
		return nil, false, false, true
	}
	msgs, ping, closed = o.msgs, o.pingDue, o.closed
	o.msgs, o.pingDue = spare[:0], false
	if cap(o.msgs) == 0 {
		o.msgs = nil
	}
	return msgs, ping, closed, false
}

// kill marks the socket closed by the writer: nothing more is queued or written.
func (o *outbox) kill() {
	o.mu.Lock()
	o.dead, o.msgs = true, nil
	o.mu.Unlock()
}

// sockConn is the socket under a websocket.Conn. The write pump frames data
// messages itself and writes everything queued with one write, which also
// skips gorilla's per-message writer and its per-write deadline update;
// gorilla writes the control frames (pings, pongs, the close frame) through
// Write. The mutex keeps the two from interleaving on the wire.
type sockConn struct {
	net.Conn
	buffers *sync.Pool // of *[]byte, shared: a connection holds one only while it writes
	mu      sync.Mutex
	// rest is what a write that did not wait left over; it goes out before anything else.
	rest []byte
	// raw writes without waiting (nil where the platform cannot); noWait is
	// its callback, made once, with its argument and results beside it.
	raw    syscall.RawConn
	noWait func(fd uintptr) bool
	nwBuf  []byte
	nwN    int
	nwErr  error
}

func newSockConn(conn net.Conn, buffers *sync.Pool) *sockConn {
	c := &sockConn{Conn: conn, buffers: buffers, raw: rawConnOf(conn)}
	c.noWait = c.writeOnce
	return c
}

// maxPooledFrames is the largest write buffer that goes back to the pool; a
// snapshot of a big board is written from a buffer of its own.
const maxPooledFrames = 64 << 10

// newFrameBuffers is the pool sockConns borrow their write buffers from.
func newFrameBuffers() *sync.Pool {
	return &sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}
}

func (c *sockConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.writeRestLocked(); err != nil {
		return 0, err
	}
	return c.Conn.Write(p)
}

// flushRest writes what a write that did not wait left over, waiting for the socket.
func (c *sockConn) flushRest() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writeRestLocked()
}

func (c *sockConn) writeRestLocked() error {
	if len(c.rest) == 0 {
		return nil
	}
	_, err := c.Conn.Write(c.rest)
	c.rest = nil
	return err
}

// writeFrames writes msgs as text frames, one JSON object per frame, in one
// write, waiting for the socket as long as its deadline allows.
func (c *sockConn) writeFrames(msgs [][]byte) error {
	_, err := c.frames(msgs, false)
	return err
}

// writeFramesNoWait writes msgs as frames as far as the socket takes them
// now, without waiting; done is false when some bytes were kept for later
// (in rest), which the next writeFrames or Write sends first.
func (c *sockConn) writeFramesNoWait(msgs [][]byte) (done bool, err error) {
	return c.frames(msgs, true)
}

func (c *sockConn) frames(msgs [][]byte, noWait bool) (done bool, err error) {
	bp := c.buffers.Get().(*[]byte)
	buf := (*bp)[:0]
	for _, m := range msgs {
		buf = appendTextFrame(buf, m)
	}
	c.mu.Lock()
	switch {
	case !noWait:
		if err = c.writeRestLocked(); err == nil {
			_, err = c.Conn.Write(buf)
		}
		done = err == nil
	case len(c.rest) > 0:
		c.rest = append(c.rest, buf...)
	default:
		n := 0
		if c.raw != nil {
			c.nwBuf = buf
			// The callback returns at once, even when the socket is full:
			// the runtime waits for writability only when it is asked to.
			if err = c.raw.Write(c.noWait); err == nil {
				n, err = c.nwN, c.nwErr
			}
			c.nwBuf = nil
		}
		if done = n == len(buf); !done && err == nil {
			c.rest = append([]byte(nil), buf[n:]...)
		}
	}
	c.mu.Unlock()
	if cap(buf) <= maxPooledFrames {
		*bp = buf[:0]
		c.buffers.Put(bp)
	}
	return done, err
}

// writeOnce is raw's callback: one write of nwBuf that never asks to wait.
func (c *sockConn) writeOnce(fd uintptr) bool {
	c.nwN, c.nwErr = writeFD(fd, c.nwBuf)
	return true
}

// appendTextFrame appends payload as one unmasked, final text frame (RFC
// 6455 section 5.2), as a server sends it.
func appendTextFrame(buf, payload []byte) []byte {
	const finText = 0x81
	switch n := len(payload); {
	case n < 126:
		buf = append(buf, finText, byte(n))
	case n <= 0xFFFF:
		buf = append(buf, finText, 126, byte(n>>8), byte(n))
	default:
		buf = append(buf, finText, 127)
		buf = binary.BigEndian.AppendUint64(buf, uint64(n))
	}
	return append(buf, payload...)
}

// socketCapture hands the upgrader a sockConn when it hijacks the connection.
type socketCapture struct {
	http.ResponseWriter
	buffers *sync.Pool
	conn    *sockConn
}

func (w *socketCapture) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	conn, brw, err := h.Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = newSockConn(conn, w.buffers)
	return w.conn, brw, nil
}
