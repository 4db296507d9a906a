package realtime

import (
	"errors"
	"time"

	"github.com/gorilla/websocket"
	"golang.org/x/time/rate"
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

// client is one WebSocket connection in a room. The room alone sends on and
// closes send; closeCode is set by the room before it closes send.
type client struct {
	conn      *websocket.Conn
	room      *Room
	identity  Identity
	send      chan []byte
	since     int64 // the last seq the client saw, or -1 for a fresh start
	closeCode int
	closeText string
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
			if !c.room.submit(inbound{client: c, cmd: Command{ID: peekID(frame)}, err: refuse(CodeRateLimited, "slow down: too many commands")}) {
				return
			}
			continue
		}
		refusedInARow = 0
		if kind != websocket.TextMessage {
			if !c.room.submit(inbound{client: c, err: refuse(CodeBadRequest, "send text frames")}) {
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

// writePump writes queued messages and pings until send is closed.
func (c *client) writePump() {
	// Ping well within PongWait so a healthy peer's pong arrives in time.
	ticker := time.NewTicker(c.room.limits.PongWait * 9 / 10)
	defer func() {
		ticker.Stop()
		_ = c.conn.Close()
	}()
	for {
		select {
		case msg, ok := <-c.send:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				code, text := c.closeCode, c.closeText
				if code == 0 {
					code = websocket.CloseNormalClosure
				}
				_ = c.conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, text))
				return
			}
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-ticker.C:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}
