package realtime

import (
	"bufio"
	"net"
	"net/http"
	"sync"
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

// corkConn lets the writer hold back the frames it writes in one go and
// send them with one write: the "cork" of TCP_CORK, in user space. Writes
// while not corked (the handshake, pongs from the read side) go straight out.
type corkConn struct {
	net.Conn
	buffers *sync.Pool // of *bufio.Writer, shared: a connection borrows one only while it writes
	mu      sync.Mutex
	corked  *bufio.Writer // nil when not corked
}

// newCorkBuffers is the pool corkConns borrow their write buffers from.
func newCorkBuffers() *sync.Pool {
	return &sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 16<<10) }}
}

func (c *corkConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.corked != nil {
		return c.corked.Write(p)
	}
	return c.Conn.Write(p)
}

func (c *corkConn) cork() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.corked == nil {
		w := c.buffers.Get().(*bufio.Writer)
		w.Reset(c.Conn)
		c.corked = w
	}
}

// uncork writes what was held back.
func (c *corkConn) uncork() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.corked
	if w == nil {
		return nil
	}
	c.corked = nil
	err := w.Flush()
	w.Reset(nil)
	c.buffers.Put(w)
	return err
}

// corkingWriter hands the upgrader a corkConn when it hijacks the connection.
type corkingWriter struct {
	http.ResponseWriter
	buffers *sync.Pool
	conn    *corkConn
}

func (w *corkingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	conn, brw, err := h.Hijack()
	if err != nil {
		return nil, nil, err
	}
	w.conn = &corkConn{Conn: conn, buffers: w.buffers}
	return w.conn, brw, nil
}
