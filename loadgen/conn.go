package loadgen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// Timing of the simulated clients.
const (
	// writeWait bounds one write; a server that does not read for this long is broken.
	writeWait = 10 * time.Second
	// greetWait is how long a new connection may take to get its snapshot.
	greetWait = 30 * time.Second
	// reconnectAttempts and the backoff between them: a dropped client
	// retries like the browser does, then gives up and counts as lost.
	reconnectAttempts = 10
	reconnectBackoff  = 100 * time.Millisecond
	maxBackoff        = 3 * time.Second
	// closeInvalidToken is the server's final close code: do not reconnect.
	closeInvalidToken = 4001
)

// hooks let a scenario look at frames as they arrive, on the connection's
// read goroutine. at is when the frame was read.
type hooks struct {
	onEvent    func(c *wsConn, f *frame, at time.Time)
	onSnapshot func(c *wsConn, f *frame, at time.Time, reconnect bool)
	onPresence func(c *wsConn, count int64, at time.Time)
}

// pendingCmd is a command sent but not yet answered; it is resent with the
// same id after a reconnect, which the server answers without applying twice.
type pendingCmd struct {
	sent  time.Time
	msg   []byte
	reply chan reply // nil: nobody waits
}

// reply is the server's answer to one command.
type reply struct {
	ok   bool
	seq  int64
	code string
}

// wsConn is one simulated client: a participant (by token) or the
// facilitator (by cookie). One goroutine reads; writers share writeMu.
type wsConn struct {
	d          *driver
	index      int // participant index, -1 for the facilitator
	workshopID int64
	token      string // empty for the facilitator
	// watchPresence makes this client parse presence messages; the others
	// skip them after reading their type.
	watchPresence bool

	writeMu sync.Mutex
	conn    *websocket.Conn
	nextID  int

	pendMu  sync.Mutex
	pending map[string]pendingCmd

	lastSeq  atomic.Int64
	closing  atomic.Bool
	stop     chan struct{} // closed by close: a reconnect in progress gives up
	greeted  chan struct{}
	greetErr error // set before greeted is closed when the first connect fails
	done     chan struct{}
	rng      *rand.Rand // backoff jitter; only the read goroutine uses it
}

func newConn(d *driver, index int, workshopID int64, token string) *wsConn {
	return &wsConn{
		d: d, index: index, workshopID: workshopID, token: token,
		pending: make(map[string]pendingCmd), greeted: make(chan struct{}), done: make(chan struct{}), stop: make(chan struct{}),
		rng: rand.New(rand.NewPCG(uint64(index+2), uint64(workshopID))),
	}
}

// dial opens the socket, resuming after since (-1 for a fresh start).
func (c *wsConn) dial(ctx context.Context, since int64) (*websocket.Conn, error) {
	u := fmt.Sprintf("%s/ws/workshops/%d", c.d.wsBases[c.d.node(c.index)], c.workshopID)
	sep := "?"
	if c.token != "" {
		u += "?token=" + c.token
		sep = "&"
	}
	if since >= 0 {
		u += sep + "since=" + strconv.FormatInt(since, 10)
	}
	header := http.Header{"Origin": {c.d.api.origin}}
	if c.token == "" { // the facilitator signs in with its session cookie
		for _, ck := range c.d.api.cookies() {
			header.Add("Cookie", ck.Name+"="+ck.Value)
		}
	}
	conn, resp, err := c.d.dialer.DialContext(ctx, u, header)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("upgrade refused: HTTP %d", resp.StatusCode)
		}
		return nil, err
	}
	return conn, nil
}

// start connects and runs the read goroutine; wait on greeted for the snapshot.
func (c *wsConn) start(ctx context.Context) error {
	conn, err := c.dial(ctx, -1)
	if err != nil {
		return err
	}
	c.conn = conn
	go c.readLoop(ctx, conn)
	return nil
}

// readLoop reads frames until the connection is closed on purpose,
// reconnecting with since=<last seq> when the server drops it.
func (c *wsConn) readLoop(ctx context.Context, conn *websocket.Conn) {
	defer close(c.done)
	greeted := false
	for {
		err := c.readFrames(conn, &greeted)
		if c.closing.Load() || ctx.Err() != nil {
			c.failGreeting(&greeted, errors.New("closed before the snapshot arrived"))
			return
		}
		c.d.m.dropped(closeReason(err))
		var ce *websocket.CloseError
		if errors.As(err, &ce) && ce.Code == closeInvalidToken {
			c.d.m.fail("token_rejected")
			c.failGreeting(&greeted, err)
			return // final: the token is dead
		}
		since := c.lastSeq.Load()
		if !greeted {
			since = -1 // never had a snapshot: ask for one, not for a replay
		}
		if conn = c.reconnect(ctx, since); conn == nil {
			c.failGreeting(&greeted, err)
			return
		}
	}
}

func (c *wsConn) failGreeting(greeted *bool, err error) {
	if !*greeted {
		*greeted = true
		c.greetErr = err
		close(c.greeted)
	}
}

// readFrames handles frames from conn until it fails.
func (c *wsConn) readFrames(conn *websocket.Conn, greeted *bool) error {
	bufp := readBuffers.Get().(*[]byte)
	defer func() {
		if cap(*bufp) <= maxPooledBuffer {
			readBuffers.Put(bufp)
		}
	}()
	var f frame
	for {
		_, r, err := conn.NextReader()
		if err != nil {
			return err
		}
		buf, err := readFrame(r, *bufp)
		*bufp = buf
		if err != nil {
			return err
		}
		at := time.Now()
		c.d.m.frameIn(c.index < 0, len(buf))
		if parseFrame(buf, &f, !c.watchPresence) != nil {
			c.d.m.fail("malformed_frame")
			continue
		}
		if c.index >= 0 && string(f.typ) == "presence" {
			c.d.m.presenceBytesIn.Add(int64(len(buf)))
		}
		c.handle(&f, at, greeted)
		if cap(buf) > maxPooledBuffer {
			*bufp = make([]byte, 0, 4096) // let a huge snapshot buffer go
		}
	}
}

func (c *wsConn) handle(f *frame, at time.Time, greeted *bool) {
	h := &c.d.hooks
	switch string(f.typ) {
	case "event":
		if f.seq <= c.lastSeq.Load() {
			c.d.m.duplicates.Add(1) // a resume must never replay what was seen
			return
		}
		c.lastSeq.Store(f.seq)
		if h.onEvent != nil {
			h.onEvent(c, f, at)
		}
	case "ack", "error":
		c.answer(f, at)
	case "snapshot":
		c.lastSeq.Store(f.seq)
		if h.onSnapshot != nil {
			h.onSnapshot(c, f, at, *greeted)
		}
		if !*greeted {
			*greeted = true
			close(c.greeted)
		}
	case "resumed":
		c.lastSeq.Store(f.seq)
	case "presence":
		if c.watchPresence && h.onPresence != nil {
			h.onPresence(c, objectInt(f.data, "count"), at)
		}
	}
}

// answer settles a pending command with an ack or error.
func (c *wsConn) answer(f *frame, at time.Time) {
	ok := string(f.typ) == "ack"
	if !ok {
		c.d.m.fail(string(f.code))
	}
	c.pendMu.Lock()
	p, found := c.pending[string(f.id)]
	if found {
		delete(c.pending, string(f.id))
	}
	c.pendMu.Unlock()
	if !found {
		if ok {
			c.d.m.strayAcks.Add(1)
		}
		return
	}
	if ok && c.index >= 0 { // the facilitator's setup commands are not part of the figures
		c.d.m.acked.Add(1)
		c.d.m.ack.Observe(at.Sub(p.sent))
	}
	if p.reply != nil {
		p.reply <- reply{ok: ok, seq: f.seq, code: string(f.code)}
	}
}

// reconnect dials again, resuming after since, and resends unanswered
// commands; nil when it gives up.
func (c *wsConn) reconnect(ctx context.Context, since int64) *websocket.Conn {
	backoff := reconnectBackoff
	for range reconnectAttempts {
		jitter := time.Duration(c.rng.Int64N(int64(backoff)))
		select {
		case <-ctx.Done():
			return nil
		case <-c.stop:
			return nil
		case <-time.After(backoff/2 + jitter):
		}
		backoff = min(backoff*2, maxBackoff)
		conn, err := c.dial(ctx, since)
		if err != nil {
			continue
		}
		c.writeMu.Lock()
		if c.closing.Load() {
			c.writeMu.Unlock()
			_ = conn.Close()
			return nil
		}
		old := c.conn
		c.conn = conn
		c.pendMu.Lock()
		resend := make([][]byte, 0, len(c.pending))
		for _, p := range c.pending {
			resend = append(resend, p.msg)
		}
		c.pendMu.Unlock()
		for _, msg := range resend {
			_ = conn.SetWriteDeadline(time.Now().Add(writeWait))
			if conn.WriteMessage(websocket.TextMessage, msg) != nil {
				break // the read side will notice
			}
		}
		c.writeMu.Unlock()
		_ = old.Close()
		c.d.m.reconnected.Add(1)
		return conn
	}
	c.d.m.fail("reconnect_failed")
	return nil
}

// send writes a command and tracks it until its ack or error. A failed
// write leaves it pending: it is resent after the reconnect.
func (c *wsConn) send(typ string, data any, wait bool) (string, chan reply) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.nextID++
	prefix := "F"
	if c.index >= 0 {
		prefix = "P" + strconv.Itoa(c.index)
	}
	id := prefix + "-" + c.d.run + "-" + strconv.Itoa(c.nextID)
	msg, _ := json.Marshal(struct {
		ID   string `json:"id"`
		Type string `json:"type"`
		Data any    `json:"data"`
	}{id, typ, data})
	var ch chan reply
	if wait {
		ch = make(chan reply, 1)
	}
	c.pendMu.Lock()
	c.pending[id] = pendingCmd{sent: time.Now(), msg: msg, reply: ch}
	c.pendMu.Unlock()
	if c.index >= 0 {
		c.d.m.sent.Add(1)
	}
	_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
	if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
		_ = c.conn.Close() // make the reader notice and reconnect
	}
	return id, ch
}

// command sends a command and waits for its answer.
func (c *wsConn) command(ctx context.Context, typ string, data any) (reply, error) {
	_, ch := c.send(typ, data, true)
	select {
	case r := <-ch:
		if !r.ok {
			return r, fmt.Errorf("%s refused: %s", typ, r.code)
		}
		return r, nil
	case <-ctx.Done():
		return reply{}, ctx.Err()
	case <-time.After(greetWait):
		return reply{}, fmt.Errorf("%s: no answer within %s", typ, greetWait)
	}
}

// unanswered counts commands still waiting for an answer.
func (c *wsConn) unanswered() int {
	c.pendMu.Lock()
	defer c.pendMu.Unlock()
	return len(c.pending)
}

// close ends the connection with a normal close and waits for the reader.
func (c *wsConn) close() {
	c.writeMu.Lock()
	if c.closing.Swap(true) {
		c.writeMu.Unlock()
		return
	}
	close(c.stop)
	started := c.conn != nil
	if started {
		_ = c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		_ = c.conn.Close()
	}
	c.writeMu.Unlock()
	if started {
		<-c.done
	}
}

// closeReason names why a connection ended, for the drop counts.
func closeReason(err error) string {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return "close_" + strconv.Itoa(ce.Code)
	}
	return "read_error"
}
