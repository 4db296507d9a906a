package realtime

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// Buffer sizes stay small: frames are small JSON objects, and the shared
// write buffer pool keeps idle connections cheap.
const (
	readBufferSize  = 1024
	writeBufferSize = 1024
)

// Limits bound what one connection may cost the server.
type Limits struct {
	// SendQueue bounds the messages a slow client may have pending; past it
	// the client is evicted with CloseTooSlow.
	SendQueue int
	// CommandRate (per second) and CommandBurst bound one connection's
	// commands: far above what a person clicks, far below a flood.
	CommandRate  float64
	CommandBurst int
	// PongWait is how long a silent peer stays connected; the server pings
	// at 9/10 of it and browsers answer pings by themselves.
	PongWait time.Duration
	// PeerPoll is how often a room on a shared (PostgreSQL) database checks
	// for other processes' commits whose notification it may have missed.
	PeerPoll time.Duration
	// TypingTTL is how long someone shows as typing after their last
	// refresh; zero means DefaultTypingTTL.
	TypingTTL time.Duration
	// FanOutWriters is how many goroutines, the room's own included, share
	// writing one step's messages to a big room: one per core.
	FanOutWriters int
}

// DefaultLimits are the production limits.
func DefaultLimits() Limits {
	return Limits{SendQueue: 256, CommandRate: 20, CommandBurst: 40, PongWait: 60 * time.Second, PeerPoll: time.Second, TypingTTL: DefaultTypingTTL,
		FanOutWriters: runtime.GOMAXPROCS(0)}
}

// ErrShuttingDown is returned for connections that arrive during shutdown.
var ErrShuttingDown = errors.New("realtime: shutting down")

// Hub owns the live Rooms, one per workshop with connected clients.
type Hub struct {
	store    *models.Store
	baseURL  string
	limits   Limits
	metrics  *Metrics
	logger   *slog.Logger
	upgrader websocket.Upgrader
	// node tells this process's presence summaries from the others'.
	node string
	// frameBuffers lend connections a buffer while they write a batch.
	frameBuffers *sync.Pool
	// revoked are recent sign-outs and removals, for sockets still joining.
	revoked *revocations

	mu      sync.Mutex
	rooms   map[int64]*roomRef
	conns   map[string]int // open connections per participant or facilitator session (connKey)
	closing bool
	wg      sync.WaitGroup // connections being served
}

// roomRef is a live room, or one being loaded: ready closes when room (or
// err) is set, so a cold load of one big board never holds the hub's lock
// while connections to other workshops come and go.
type roomRef struct {
	room  *Room
	refs  int
	ready chan struct{}
	err   error
}

// NewHub creates a hub; baseURL is used for join links in snapshots.
func NewHub(store *models.Store, baseURL string, limits Limits, metrics *Metrics, logger *slog.Logger) *Hub {
	return &Hub{
		store: store, baseURL: baseURL, limits: limits, metrics: metrics, logger: logger, rooms: make(map[int64]*roomRef), conns: make(map[string]int),
		node: rand.Text()[:12], frameBuffers: newFrameBuffers(), revoked: &revocations{},
		upgrader: websocket.Upgrader{
			ReadBufferSize:  readBufferSize,
			WriteBufferSize: writeBufferSize,
			WriteBufferPool: &sync.Pool{},
			// The server checks Origin before calling Serve, with rules that depend on how the caller authenticated.
			CheckOrigin: func(*http.Request) bool { return true },
		},
	}
}

// Serve upgrades the request and runs the connection in workshopID's room;
// the caller has already authenticated and authorized id. since is the last
// seq the client saw (resume), or -1. Serve returns once the connection is
// running: its pumps run on their own goroutines, so the HTTP handler's
// request, buffers and stack are not kept alive for the life of the socket.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, workshopID int64, id board.Identity, since int64) error {
	if !h.countConn(id, +1) {
		h.Reject(w, r, CloseTooMany, "too many connections for this participant or session")
		return nil
	}
	release := func() { h.countConn(id, -1) }
	room, err := h.acquire(r.Context(), workshopID)
	if err != nil {
		release()
		return err
	}
	release = func() {
		h.release(workshopID)
		h.countConn(id, -1)
	}

	cw := &socketCapture{ResponseWriter: w, buffers: h.frameBuffers}
	conn, err := h.upgrader.Upgrade(cw, r, nil)
	if err != nil {
		release()
		return nil // the upgrader already answered the request
	}
	c := &client{conn: conn, sock: cw.conn, room: room, identity: id, since: since}
	c.out = newOutbox(h.limits.SendQueue, func() { go c.drain() })
	c.send = socketSender{c}
	if !room.enter(c) {
		_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "server shutting down"))
		_ = conn.Close()
		release()
		return nil
	}
	h.metrics.connections.Inc()
	c.keepAlive()
	// A facilitator's socket ends with the session it was opened with.
	stopExpiry := func() bool { return false }
	if id.Role == board.RoleFacilitator && !id.SessionExpires.IsZero() {
		t := time.AfterFunc(time.Until(id.SessionExpires), func() {
			select {
			case room.revoke <- Revocation{Session: id.Session}:
			case <-room.done:
			}
		})
		stopExpiry = t.Stop
	}
	go func() {
		defer func() {
			stopExpiry()
			h.metrics.connections.Dec()
			release()
		}()
		c.readPump()
	}()
	return nil
}

// Socket caps: a few tabs and devices per person, while one leaked token
// or session cannot open thousands of sockets. A facilitator's session
// drives the board, the projector and a tab or two per screen.
const (
	maxConnsPerParticipant = 5
	maxConnsPerSession     = 20
)

// connKey is what a connection counts against, and its cap.
func connKey(id board.Identity) (string, int) {
	if id.Role == board.RoleParticipant {
		return id.Actor(), maxConnsPerParticipant
	}
	return "s:" + id.Session, maxConnsPerSession
}

// countConn adds delta to the open connections of id's participant or
// session; false (and no change) if one more would pass the cap.
func (h *Hub) countConn(id board.Identity, delta int) bool {
	key, limit := connKey(id)
	h.mu.Lock()
	defer h.mu.Unlock()
	n := h.conns[key] + delta
	if delta > 0 && n > limit {
		return false
	}
	if n <= 0 {
		delete(h.conns, key)
	} else {
		h.conns[key] = n
	}
	return true
}

// acquire returns the workshop's room, loading it if needed, and counts a
// reference. Connections that arrive while the board loads wait for it.
func (h *Hub) acquire(ctx context.Context, workshopID int64) (*Room, error) {
	h.mu.Lock()
	if h.closing {
		h.mu.Unlock()
		return nil, ErrShuttingDown
	}
	if ref, ok := h.rooms[workshopID]; ok {
		ref.refs++
		h.mu.Unlock()
		select {
		case <-ref.ready:
		case <-ctx.Done():
			h.mu.Lock()
			h.releaseRef(workshopID, ref)
			h.mu.Unlock()
			return nil, ctx.Err()
		}
		if ref.err != nil {
			return nil, ref.err // the loader took the failed room out; nothing to release
		}
		return ref.room, nil
	}
	ref := &roomRef{refs: 1, ready: make(chan struct{})}
	h.rooms[workshopID] = ref
	h.wg.Add(1)
	h.mu.Unlock()

	// Loaded with a context of its own: the first caller giving up must not
	// fail the others waiting for the same board.
	loadCtx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	st, err := board.Load(loadCtx, h.store, workshopID)
	cancel()
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil && h.closing {
		err = ErrShuttingDown
	}
	if err != nil {
		ref.err = fmt.Errorf("realtime: open room %d: %w", workshopID, err)
		delete(h.rooms, workshopID)
		h.wg.Done()
		close(ref.ready)
		return nil, ref.err
	}
	room := newRoom(st, h.store, h.baseURL, h.limits, h.metrics, h.logger)
	room.node = h.node
	room.revoked = h.revoked
	h.metrics.rooms.Inc()
	go room.run()
	ref.room = room
	close(ref.ready)
	return room, nil
}

// release drops a reference and stops the room when nobody is left, so a
// room never outlives its last connection and reloads fresh next time.
func (h *Hub) release(workshopID int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ref, ok := h.rooms[workshopID]; ok {
		h.releaseRef(workshopID, ref)
	}
}

// releaseRef drops a reference to ref, if it is still the workshop's room;
// h.mu is held.
func (h *Hub) releaseRef(workshopID int64, ref *roomRef) {
	if h.rooms[workshopID] != ref {
		return // a load that failed: its waiters hold no reference
	}
	ref.refs--
	if ref.refs > 0 || ref.room == nil {
		return // still in use, or still loading: the loader owns it until ready
	}
	delete(h.rooms, workshopID)
	ref.room.shutdown()
	h.metrics.rooms.Dec()
	h.wg.Done()
}

// Shutdown stops accepting connections, finishes the command each room is
// running, closes every client with 1001 and waits for rooms to stop, or ctx.
func (h *Hub) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closing = true
	rooms := make([]*Room, 0, len(h.rooms))
	for _, ref := range h.rooms {
		if ref.room != nil { // a room still loading sees closing and never starts
			rooms = append(rooms, ref.room)
		}
	}
	h.mu.Unlock()

	done := make(chan struct{})
	go func() {
		for _, r := range rooms {
			r.shutdown()
		}
		h.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Reject upgrades the request only to close it at once with code: a browser
// cannot read an HTTP status from a failed upgrade, but it can read a close code.
func (h *Hub) Reject(w http.ResponseWriter, r *http.Request, code int, reason string) {
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	_ = conn.SetWriteDeadline(time.Now().Add(writeWait))
	_ = conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(code, reason))
	_ = conn.Close()
}
