package realtime

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

const (
	// commandQueueSize absorbs a burst of commands; when full, read pumps wait (TCP backpressure).
	commandQueueSize = 1024
	// presenceInterval coalesces joins and leaves into at most one presence message per interval,
	// so a thousand people joining never cost a message to everyone per join.
	presenceInterval = 250 * time.Millisecond
	// maxReplay is how far behind a resuming client may be and still get the
	// missed events instead of a snapshot; it stays under the default send
	// queue so a replay never evicts the client it is for.
	maxReplay = 200
	// commandTimeout bounds one command's database work, counted from when
	// its frame was read: a command is acknowledged within it or not at all
	// (the client then sends it again with the same id).
	commandTimeout = 10 * time.Second
)

// inbound is a decoded frame (or the reason it was refused) from a client.
type inbound struct {
	client    *client
	cmd       Command
	err       *board.CommandError
	closeCode int // if set, close the client with this code instead
	closeText string
	at        time.Time // when the frame was read, for ack latency
}

// Room owns one live workshop: its state, its clients and the order of its commands.
type Room struct {
	id      int64
	store   *models.Store
	baseURL string
	limits  Limits
	metrics *Metrics
	logger  *slog.Logger

	state   *board.State
	clients map[*client]struct{}
	// unflushed are clients that were queued messages during this step and
	// whose writer role the room holds until flush.
	unflushed []*client
	// presenceDue fires when a coalesced presence message is due; nil when none is.
	presenceDue <-chan time.Time
	typing      *typingBoard

	join   chan *client
	part   chan *client
	revoke chan Revocation
	// revoked is the hub's memory of recent revocations, checked as a
	// client enters: its upgrade may predate one the room already heard.
	revoked  *revocations
	commands chan inbound
	stop     chan struct{}
	stopOnce sync.Once

	// heard is the highest seq other processes announced; recheck asks for a
	// look at the database (announcements may have been lost); wake tells the
	// loop either changed. See peers.go.
	heard   atomic.Int64
	recheck atomic.Bool
	wake    chan struct{}
	// reloadedAt is when a refusal last reread the whole board.
	reloadedAt time.Time
	// stale means a failed transaction left speculative changes on the
	// board and reading it back failed too: until a resync succeeds the room
	// validates nothing against it and shows it to nobody. staleSince is the
	// last seq the clients heard before the failed transaction.
	stale      bool
	staleSince int64

	// Presence through other processes (peerpresence.go): node names this
	// process; peers holds the others' summaries, written by the listener;
	// presenceNews says one arrived; published is what this room last told them.
	node         string
	peerMu       sync.Mutex
	peers        map[string]peerPresence
	presenceNews atomic.Bool
	published    []byte
	publishedAt  time.Time

	done chan struct{}
}

func newRoom(st *board.State, store *models.Store, baseURL string, limits Limits, metrics *Metrics, logger *slog.Logger) *Room {
	return &Room{
		id: st.WorkshopID(), store: store, baseURL: baseURL, limits: limits, metrics: metrics, logger: logger.With("workshop", st.WorkshopID()),
		state: st, clients: make(map[*client]struct{}), typing: newTypingBoard(limits.TypingTTL),
		join: make(chan *client), part: make(chan *client), revoke: make(chan Revocation), commands: make(chan inbound, commandQueueSize),
		stop: make(chan struct{}), done: make(chan struct{}), wake: make(chan struct{}, 1), peers: make(map[string]peerPresence),
	}
}

// enter adds a client; false if the room is stopping.
func (r *Room) enter(c *client) bool {
	select {
	case r.join <- c:
		return true
	case <-r.stop:
		return false
	}
}

// leave removes a client (a no-op if the room already dropped it).
func (r *Room) leave(c *client) {
	select {
	case r.part <- c:
	case <-r.done:
	}
}

// submit queues a command; false if the room has stopped.
func (r *Room) submit(in inbound) bool {
	select {
	case r.commands <- in:
		return true
	case <-r.stop:
		return false
	}
}

// shutdown closes every client with closeCode and waits for the loop to end.
func (r *Room) shutdown() {
	r.stopOnce.Do(func() { close(r.stop) })
	<-r.done
}

func (r *Room) run() {
	defer close(r.done)
	var poll <-chan time.Time
	if r.store.Shared() && r.limits.PeerPoll > 0 {
		t := time.NewTicker(r.limits.PeerPoll)
		defer t.Stop()
		poll = t.C
	}
	for {
		select {
		case c := <-r.join:
			r.clients[c] = struct{}{}
			if r.revoked != nil && r.revoked.covers(c.identity) {
				r.drop(c, CloseInvalidToken, "signed out")
				break
			}
			if !r.fresh() {
				r.drop(c, websocket.CloseTryAgainLater, "database unavailable; reconnecting")
				break
			}
			r.state.Join(c.identity)
			r.greet(c)
			r.markPresence()
		case c := <-r.part:
			r.drop(c, websocket.CloseNormalClosure, "")
		case rev := <-r.revoke:
			for c := range r.clients {
				if rev.matches(c.identity) {
					r.drop(c, CloseInvalidToken, "signed out")
				}
			}
		case in := <-r.commands:
			r.handleBatch(r.collect(in))
		case <-r.wake:
			if r.peersMayHaveWritten() && r.fresh() {
				r.catchUp(false)
			}
			if r.presenceNews.Swap(false) {
				r.markPresence()
			}
		case <-poll:
			if r.fresh() {
				r.poll()
			}
			if _, expired := r.peerSummaries(); expired || time.Since(r.publishedAt) > peerPresenceHeartbeat {
				r.markPresence() // drop a silent process; remind the others we are here
			}
		case <-r.presenceDue:
			r.presenceDue = nil
			r.sendPresence()
		case <-r.typing.due():
			r.expireTyping()
		case <-r.stop:
			// Finish what clients already sent before saying goodbye; anything
			// not acknowledged here is resent by the client after it reconnects.
			for drained := false; !drained; {
				select {
				case in := <-r.commands:
					r.process(in)
				default:
					drained = true
				}
			}
			r.flush()
			for c := range r.clients {
				r.drop(c, websocket.CloseGoingAway, "server shutting down")
			}
			r.publishPresence(PresenceView{}, true) // nobody is here through this process any more
			return
		}
		r.flush()
	}
}

// process runs one inbound frame from a current client.
func (r *Room) process(in inbound) {
	if _, ok := r.clients[in.client]; !ok {
		return
	}
	switch {
	case in.closeCode != 0:
		r.drop(in.client, in.closeCode, in.closeText)
	case in.err != nil:
		r.refuse(in, in.err)
	case in.cmd.Type == typingCommand:
		r.handleTyping(in)
	default:
		r.commit([]*pending{{in: in}}, false)
	}
}

// collect takes first and whatever else is already queued, up to maxBatch.
func (r *Room) collect(first inbound) []inbound {
	batch := []inbound{first}
	for len(batch) < maxBatch {
		select {
		case in := <-r.commands:
			batch = append(batch, in)
		default:
			return batch
		}
	}
	return batch
}

// markPresence schedules a presence message, coalescing changes that come
// within presenceInterval of each other.
func (r *Room) markPresence() {
	if r.presenceDue == nil {
		r.presenceDue = time.After(presenceInterval)
	}
}

// greet brings a new client up to date: the events it missed when it
// resumes close enough behind, else a snapshot of the board.
func (r *Room) greet(c *client) {
	last := r.state.Seq()
	if c.since >= 0 && c.since <= last && last-c.since <= int64(min(maxReplay, r.limits.SendQueue-1)) {
		ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
		events, err := r.store.EventsSince(ctx, r.id, c.since, maxReplay)
		cancel()
		if err == nil && int64(len(events)) == last-c.since {
			for i := range events {
				out := render(r.state, &events[i])
				if msg := out.forViewer(c.identity); msg != nil {
					r.deliver(c, msg)
				}
			}
			r.deliver(c, encode(resumedMsg{Type: "resumed", Seq: last}))
			return
		}
		if err != nil {
			r.logger.Warn("replay failed; sending a snapshot", "err", err)
		}
	}
	r.deliver(c, encode(snapshotMsg{Type: "snapshot", Seq: last, Data: r.state.Snapshot(c.identity, r.baseURL)}))
}

// ack acknowledges a command and records how long it took.
func (r *Room) ack(in inbound, seq int64, result string) {
	r.deliver(in.client, encode(ackMsg{Type: "ack", ID: in.cmd.ID, Seq: seq}))
	r.metrics.commands.WithLabelValues(in.cmd.Type, result).Inc()
	if !in.at.IsZero() {
		r.metrics.ackLatency.Observe(time.Since(in.at).Seconds())
	}
}

// refuse tells the sender why nothing changed.
func (r *Room) refuse(in inbound, cerr *board.CommandError) {
	r.deliver(in.client, encode(errorMsg{Type: "error", ID: in.cmd.ID, Code: cerr.Code, Message: cerr.Message}))
	r.metrics.commands.WithLabelValues(metricType(in.cmd.Type), "refused").Inc()
}

// metricType keeps label values to the known commands.
func metricType(t string) string {
	if knownCommand(t) {
		return t
	}
	return "invalid"
}

// commandDeadline is when a command's time is up: commandTimeout after its
// frame was read, however long it queued behind a slow database.
func commandDeadline(in inbound) time.Time {
	if in.at.IsZero() {
		return time.Now().Add(commandTimeout)
	}
	return in.at.Add(commandTimeout)
}

// unavailable refuses a command while the board cannot be read back from
// the database; the client keeps it and sends it again.
func (r *Room) unavailable(in inbound) {
	r.metrics.commands.WithLabelValues(metricType(in.cmd.Type), "failed").Inc()
	r.deliver(in.client, encode(errorMsg{Type: "error", ID: in.cmd.ID, Code: board.CodeInternal, Message: "the change could not be saved; try again"}))
}

// fresh reports whether the board is what the database holds, reading it
// back first if a failed transaction left it stale.
func (r *Room) fresh() bool {
	return !r.stale || r.resync(r.staleSince)
}

// resync replaces the board with the database's, after a failed
// transaction changed it speculatively; since is the last seq the clients
// heard, so what other processes committed meanwhile still reaches them.
// On failure the room stays stale and refuses commands until a later try.
func (r *Room) resync(since int64) bool {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	err := r.store.InSnapshot(ctx, func(tx *models.Store) error { return r.catchUpIn(ctx, tx, since, -1, true) })
	if err != nil {
		if !r.stale {
			r.logger.Warn("reading the board back failed; refusing commands until it can", "err", err)
		}
		r.stale, r.staleSince = true, since
		return false
	}
	r.stale = false
	return true
}

// fail logs an internal error and tells the sender without details.
func (r *Room) fail(c *client, id string, err error) {
	r.metrics.commands.WithLabelValues("any", "failed").Inc()
	r.logger.Error("command failed", "err", err)
	r.deliver(c, encode(errorMsg{Type: "error", ID: id, Code: board.CodeInternal, Message: "the change could not be saved; try again"}))
}

// deliver queues msg for one client, evicting it if its queue is full.
func (r *Room) deliver(c *client, msg []byte) {
	if _, ok := r.clients[c]; !ok {
		return // already dropped: its outbox is closed
	}
	ok, flush := c.send.queue(msg)
	if flush {
		r.unflushed = append(r.unflushed, c)
	}
	if !ok {
		r.metrics.evictions.Inc()
		r.drop(c, CloseTooSlow, "too slow")
	}
}

// flush writes what this step queued, after the step: everything one client
// got (a batch's events, an ack) goes out in one write. The writes do not
// wait on any socket, and a big fan-out is shared with one goroutine per
// further core, so a broadcast costs no goroutine per connection; a socket
// that does not take everything at once gets its own writer goroutine.
func (r *Room) flush() {
	list := r.unflushed
	if len(list) == 0 {
		return
	}
	r.unflushed = nil // the shares below own list now
	shares := max(1, min(r.limits.FanOutWriters, len(list)/minFanOutShare))
	for i := 1; i < shares; i++ {
		go flushAll(list[i*len(list)/shares : (i+1)*len(list)/shares])
	}
	flushAll(list[:len(list)/shares])
}

// minFanOutShare is the fewest connections worth a goroutine of their own.
const minFanOutShare = 64

func flushAll(clients []*client) {
	for _, c := range clients {
		c.send.flush()
	}
}

// drop removes a client and lets its write pump close the socket with code.
func (r *Room) drop(c *client, code int, text string) {
	if _, ok := r.clients[c]; !ok {
		return
	}
	delete(r.clients, c)
	c.closeCode, c.closeText = code, text
	c.send.close()
	r.markPresence()
	r.typingLeft(c)
}

// presenceNames caps the names participants get in a presence message: a
// list of everyone, sent to everyone on every change, would cost O(N²)
// bytes in a room of a thousand. Count and byLayer stay exact, and
// facilitators get the whole list.
const presenceNames = 50

// sendPresence tells everyone who is online, through this process and (on
// a shared database) the others. In anonymous workshops participants get ids
// and layers only; facilitators still see names.
func (r *Room) sendPresence() {
	full := r.presence()
	r.publishPresence(full, false)
	if peers, _ := r.peerSummaries(); len(peers) > 0 {
		mergePeers(&full, peers)
		sort.Slice(full.Online, func(a, b int) bool { return full.Online[a].ID < full.Online[b].ID })
	}
	whole := encode(presenceMsg{Type: "presence", Data: full})
	short := full
	if len(short.Online) > presenceNames {
		short.Online = short.Online[:presenceNames]
	}
	if r.state.Anonymous() {
		named := short.Online
		short.Online = make([]board.ParticipantView, len(named))
		for i, p := range named {
			short.Online[i] = board.ParticipantView{ID: p.ID, Layer: p.Layer}
		}
		short.Typing = make(map[string]TypingView, len(full.Typing))
		for col, t := range full.Typing {
			short.Typing[col] = TypingView{Count: t.Count}
		}
	}
	out := outgoing{all: whole}
	if r.state.Anonymous() || len(full.Online) > presenceNames {
		out = outgoing{all: encode(presenceMsg{Type: "presence", Data: short}), facilitators: whole}
	}
	for c := range r.clients {
		r.deliver(c, out.forViewer(c.identity))
	}
}

// presence is who is connected through this process.
func (r *Room) presence() PresenceView {
	seen := make(map[int64]bool)
	v := PresenceView{Online: []board.ParticipantView{}, ByLayer: make(map[string]int, len(board.Layers))}
	for _, l := range board.Layers {
		v.ByLayer[l] = 0
	}
	for c := range r.clients {
		switch c.identity.Role {
		case board.RoleFacilitator:
			v.Facilitators++
		case board.RoleParticipant:
			if !seen[c.identity.ParticipantID] {
				seen[c.identity.ParticipantID] = true
				v.Online = append(v.Online, board.ParticipantView{ID: c.identity.ParticipantID, Name: c.identity.Name, Layer: c.identity.Layer})
				v.ByLayer[c.identity.Layer]++
			}
		}
	}
	sort.Slice(v.Online, func(a, b int) bool { return v.Online[a].ID < v.Online[b].ID })
	v.Count = len(v.Online)
	v.Typing = r.typing.view(true)
	return v
}
