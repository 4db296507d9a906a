package realtime

import (
	"errors"
	"net"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"

	"github.com/kizuki-app/kizuki/board"
)

// Timing of each connection, after gorilla/websocket's chat example.
const (
	// writeWait bounds every write, so a dead peer cannot hold a write pump forever.
	writeWait = 10 * time.Second
	// floodLimit is how many refused frames in a row end the connection.
	floodLimit = 100
)

// Close codes the browser acts on.
const (
	CloseInvalidToken = 4001 // final: token invalid or participant removed
	CloseTooSlow      = 4008 // the client fell behind; it should reconnect and resume
	CloseTooMany      = 4029 // too many connections for one participant; retry later
)

// client is one WebSocket connection in a room. The room alone pushes to
// and closes out (pings aside); closeCode is set by the room before it closes out.
type client struct {
	conn      *websocket.Conn
	sock      *sockConn // the socket under conn: the pump writes data frames to it
	room      *Room
	identity  board.Identity
	out       *outbox
	send      sender // how the room's messages leave: socketSender, or a test's
	since     int64  // the last seq the client saw, or -1 for a fresh start
	closeCode int
	closeText string
	// writeDeadline is the socket's write deadline; only the writer touches it.
	writeDeadline time.Time
}

// readPump turns frames into commands for the room until the connection ends.
func (c *client) readPump() {
	defer func() {
		c.room.leave(c)
		_ = c.conn.Close()
	}()
	c.conn.SetReadLimit(maxFrameBytes)
	pongWait := c.room.limits.PongWait
	_ = c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	// Pongs to a client's pings go out with the pump's own writeWait, not
	// gorilla's default of 1 s: a pong sets the socket's write deadline, and
	// the pump moves it only when its own half has passed (boundWrite), so a
	// shorter one would time out the next write.
	c.conn.SetPingHandler(func(data string) error {
		err := c.conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(writeWait))
		var ne net.Error
		if errors.Is(err, websocket.ErrCloseSent) || (errors.As(err, &ne) && ne.Timeout()) {
			return nil // as gorilla's default handler: not a reason to stop reading
		}
		return err
	})
	limits := c.room.limits
	limiter := rate.NewLimiter(rate.Limit(limits.CommandRate), limits.CommandBurst)
	refusedInARow := 0
	for {
		kind, frame, err := c.conn.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.room.logger.Info("frame over read limit", "workshop", c.room.id)
			}
			return
		}
		if !limiter.Allow() {
			if refusedInARow++; refusedInARow >= floodLimit {
				c.room.logger.Warn("closing a flooding connection", "workshop", c.room.id)
				// The room closes the socket after what is already queued, so the
				// client reads its rate_limited errors before the close frame.
				c.room.submit(inbound{client: c, closeCode: websocket.ClosePolicyViolation, closeText: "too many commands"})
				c.discardUntilClosed()
				return
			}
			if !c.room.submit(inbound{client: c, cmd: Command{ID: peekID(frame)}, err: board.Refuse(board.CodeRateLimited, "slow down: too many commands")}) {
				return
			}
			continue
		}
		refusedInARow = 0
		if kind != websocket.TextMessage {
			if !c.room.submit(inbound{client: c, err: board.Refuse(board.CodeBadRequest, "send text frames")}) {
				return
			}
			continue
		}
		cmd, cerr := decodeCommand(frame)
		if !c.room.submit(inbound{client: c, cmd: cmd, err: cerr, at: time.Now()}) {
			return
		}
	}
}

// discardUntilClosed reads and drops frames until the connection ends.
func (c *client) discardUntilClosed() {
	for {
		if _, _, err := c.conn.NextReader(); err != nil {
			return
		}
	}
}

// drain writes what the outbox holds until it is empty, then ends; the
// outbox starts it again when more arrives. Everything queued at once goes
// out in one write (one JSON object per frame, several frames per syscall).
// After the close frame or a failed write it closes the socket, which ends
// the read pump too.
func (c *client) drain() {
	if err := c.sock.flushRest(); err != nil {
		c.abandon()
		return
	}
	var batch [][]byte
	for {
		msgs, ping, closed, stop := c.out.next(batch)
		if stop {
			return
		}
		err := c.writeAll(msgs)
		if err == nil && ping {
			c.boundWrite()
			err = c.conn.WriteMessage(websocket.PingMessage, nil)
		}
		clear(msgs) // keep the array, not the messages
		batch = msgs
		if err == nil && !closed {
			continue
		}
		if err == nil {
			code, text := c.closeCode, c.closeText
			if code == 0 {
				code = websocket.CloseNormalClosure
			}
			c.boundWrite()
			_ = c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, text))
		}
		c.abandon()
		return
	}
}

// abandon stops all writing and closes the socket, which ends the read pump too.
func (c *client) abandon() {
	c.out.kill()
	_ = c.conn.Close()
}

// flushNoWait writes what the outbox holds without ever waiting on the
// socket, for a caller that holds the writer role (outbox.pushDeferred).
// A socket that does not take everything at once, a ping or the close
// frame hands the rest to the writer goroutine; a failed write closes.
func (c *client) flushNoWait() {
	var batch [][]byte
	for {
		msgs, done, handover := c.out.takeNoWait(batch)
		if done {
			return
		}
		if handover {
			go c.drain()
			return
		}
		c.boundWrite()
		written, err := c.sock.writeFramesNoWait(msgs)
		clear(msgs)
		batch = msgs
		if err != nil {
			c.abandon()
			return
		}
		if !written {
			go c.drain() // it sends the rest first, waiting as long as the deadline allows
			return
		}
	}
}

// keepAlive pings the peer every 9/10 of PongWait, so a healthy peer's pong
// arrives before the read deadline; a timer, not a goroutine, waits.
func (c *client) keepAlive() {
	time.AfterFunc(c.room.limits.PongWait*9/10, func() {
		if c.out.requestPing() {
			c.keepAlive()
		}
	})
}

// boundWrite gives the next write at least writeWait/2 before it times out.
// The deadline moves only once half of it has passed: moving it is a timer
// update, a cost per delivery comparable to the pump's own work.
func (c *client) boundWrite() {
	now := time.Now()
	if c.writeDeadline.Sub(now) < writeWait/2 {
		c.writeDeadline = now.Add(writeWait)
		_ = c.sock.SetWriteDeadline(c.writeDeadline) // for the data frames written here
		_ = c.conn.SetWriteDeadline(c.writeDeadline) // gorilla applies it to its control frames
	}
}

// writeAll writes msgs as text frames in one write.
func (c *client) writeAll(msgs [][]byte) error {
	if len(msgs) == 0 {
		return nil
	}
	c.boundWrite()
	return c.sock.writeFrames(msgs)
}
