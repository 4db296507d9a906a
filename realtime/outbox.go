package realtime

import (
	"bufio"
	"net"
	"net/http"
	"sync"
)

// outbox is one connection's queue of encoded messages, bounded by count.
// It holds (almost) no memory while empty, so an idle connection stays
// cheap, and the write pump takes everything queued at once.
type outbox struct {
	mu     sync.Mutex
	msgs   [][]byte
	closed bool
	limit  int
	ready  chan struct{} // holds a token when msgs or closed changed
}

func newOutbox(limit int) *outbox {
	return &outbox{limit: limit, ready: make(chan struct{}, 1)}
}

// push queues msg; false when the queue is full or closed.
func (o *outbox) push(msg []byte) bool {
	o.mu.Lock()
	if o.closed || len(o.msgs) >= o.limit {
		o.mu.Unlock()
		return false
	}
	o.msgs = append(o.msgs, msg)
	o.mu.Unlock()
	o.signal()
	return true
}

// close ends the queue: the pump writes what is queued, then the close frame.
func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.signal()
}

func (o *outbox) signal() {
	select {
	case o.ready <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// keepCap is the largest queue backing array an outbox keeps between
// bursts; a larger one (after a replay, say) goes back to the heap.
const keepCap = 8

// take returns everything queued (in spare's backing array when it is small)
// and whether the outbox is closed.
func (o *outbox) take(spare [][]byte) ([][]byte, bool) {
	if cap(spare) > keepCap {
		spare = nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	msgs := o.msgs
	o.msgs = spare[:0]
	if cap(o.msgs) == 0 {
		o.msgs = nil
	}
	return msgs, o.closed
}

// corkConn lets the write pump hold back the frames it writes in one go and
// send them with one write: the "cork" of TCP_CORK, in user space. Writes
// while not corked (the handshake, pongs from the read side) go straight out.
type corkConn struct {
	net.Conn
	mu     sync.Mutex
	corked *bufio.Writer // nil when not corked
}

// corkBuffers are shared: a connection borrows one only while it writes.
var corkBuffers = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 16<<10) }}

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
		w := corkBuffers.Get().(*bufio.Writer)
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
	corkBuffers.Put(w)
	return err
}

// corkingWriter hands the upgrader a corkConn when it hijacks the connection.
type corkingWriter struct {
	http.ResponseWriter
	conn *corkConn
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
	w.conn = &corkConn{Conn: conn}
	return w.conn, brw, nil
}
