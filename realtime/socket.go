package realtime

import (
	"bufio"
	"net"
	"net/http"
	"sync"
	"syscall"
)

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
