package realtime

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// Several kizuki processes may serve one workshop from one PostgreSQL
// database. Each room still commits alone: the workshop row lock orders
// commits across processes, and a room that finds the database ahead of its
// board (another process committed) catches up under that lock before it
// validates and writes. Commits are
// announced with NOTIFY once per transaction; rooms also poll, so a lost
// notification delays delivery by one poll interval, never forever.

// maxCatchUp is how many missed events a room replays to its clients; past
// it every client gets a fresh snapshot instead.
const maxCatchUp = 500

// FollowPeers delivers other processes' commits to this hub's rooms until
// ctx ends. It does nothing on a database only this process uses.
func (h *Hub) FollowPeers(ctx context.Context) {
	if !h.store.Shared() {
		return
	}
	h.store.Listen(ctx, h.logger, []string{models.CommitChannel, models.PresenceChannel, models.RevocationChannel},
		func() { h.eachRoom(func(r *Room) { r.heardOf(-1) }) },
		func(channel, payload string) {
			switch channel {
			case models.CommitChannel:
				if c, err := models.ParseCommit(payload); err == nil {
					if r := h.liveRoom(c.WorkshopID); r != nil {
						r.heardOf(c.Seq)
					}
				}
			case models.RevocationChannel:
				var rev Revocation
				if json.Unmarshal([]byte(payload), &rev) == nil {
					h.revokeHere(rev)
				}
			case models.PresenceChannel:
				var p peerPresence
				if json.Unmarshal([]byte(payload), &p) == nil {
					if r := h.liveRoom(p.Workshop); r != nil {
						r.heardPresence(p)
					}
				}
			}
		})
}

// liveRoom is the workshop's room if it runs in this process.
func (h *Hub) liveRoom(workshopID int64) *Room {
	h.mu.Lock()
	defer h.mu.Unlock()
	if ref := h.rooms[workshopID]; ref != nil {
		return ref.room // nil while it loads
	}
	return nil
}

// Announce tells the workshop's room, if it runs in this process, that
// events up to seq were committed outside it (a customer's karte answers),
// so it reads and delivers them as it does other processes' commits.
func (h *Hub) Announce(workshopID, seq int64) {
	if r := h.liveRoom(workshopID); r != nil {
		r.heardOf(seq)
	}
}

func (h *Hub) eachRoom(fn func(*Room)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ref := range h.rooms {
		if ref.room != nil {
			fn(ref.room)
		}
	}
}

// heardOf records that the workshop's events reached seq (-1: unknown, look)
// and wakes the room if it may be behind. It never blocks.
func (r *Room) heardOf(seq int64) {
	for {
		cur := r.heard.Load()
		if seq != -1 && seq <= cur {
			return
		}
		if r.heard.CompareAndSwap(cur, max(seq, cur)) {
			break
		}
	}
	if seq == -1 {
		r.recheck.Store(true)
	}
	select {
	case r.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// peersMayHaveWritten reports whether a notification or a poll says the
// database may be ahead of the board.
func (r *Room) peersMayHaveWritten() bool {
	if r.recheck.Swap(false) {
		return true
	}
	return r.heard.Load() > r.state.Seq()
}

// poll asks the database for the workshop's last seq, in case a notification was lost.
func (r *Room) poll() {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	seq, err := r.store.CurrentSeq(ctx, r.id)
	if err != nil {
		r.logger.Warn("poll for peer commits failed", "err", err)
		return
	}
	if seq > r.state.Seq() {
		r.catchUp(false)
	}
}

// catchUp brings the board level with the database and delivers the events
// other processes committed, reading one consistent snapshot. With reload,
// the board is read again even when no event is new: participants who joined
// through another process are in the database, not in the event log. If
// that fails, the board may be part-way: the room refuses commands until a
// resync reads it back.
func (r *Room) catchUp(reload bool) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	heard := r.state.Seq()
	err := r.store.InSnapshot(ctx, func(tx *models.Store) error { return r.catchUpIn(ctx, tx, heard, -1, reload) })
	if err != nil {
		r.logger.Warn("catching up with other processes failed; reading the board back before the next command", "err", err)
		r.stale, r.staleSince = true, heard
	}
}

// catchUpIn brings the board to seq to (-1: the workshop's last seq) and
// delivers the events since from, the last seq the clients heard, in seq
// order. tx either holds the workshop's lock or reads one snapshot, so the
// board and the events agree. Under the lock, to is the seq before the
// lock holder's own.
func (r *Room) catchUpIn(ctx context.Context, tx *models.Store, from, to int64, reload bool) error {
	start := time.Now()
	if to < 0 {
		var err error
		if to, err = tx.CurrentSeq(ctx, r.id); err != nil {
			return err
		}
	}
	if to < from || (to == from && !reload) {
		return nil
	}
	var events []models.Event
	if to > from {
		var err error
		if events, err = tx.EventsSince(ctx, r.id, from, maxCatchUp); err != nil {
			return err
		}
		for len(events) > 0 && events[len(events)-1].Seq > to {
			events = events[:len(events)-1] // ours, in this transaction
		}
	}
	// Every event carries what the board needs of it; the board is read
	// again when asked, when events are missing (more than maxCatchUp) or
	// when one does not apply (an author who joined through another process).
	complete := int64(len(events)) == to-from
	applied := !reload && complete && r.state.Seq() == from
	effects := make([]board.Effects, 0, len(events))
	for i := 0; applied && i < len(events); i++ {
		fx, err := r.state.ApplyStored(&events[i])
		applied = err == nil
		effects = append(effects, fx)
	}
	if !applied {
		st, err := board.Load(ctx, tx, r.id)
		if err != nil {
			return err
		}
		st.Rewind(to)
		r.state = st
		r.metrics.boardReloads.Inc()
	}
	if to == from {
		return nil
	}
	if complete {
		for i := range events {
			r.broadcastEvent(&events[i])
		}
	} else {
		r.resnapshot()
	}
	if applied {
		for _, fx := range effects {
			fx.TypingDone = "" // typing is followed where the author is connected
			r.carryOut(fx, board.Identity{})
		}
	} else {
		// A participant removed on another process loses its sockets here too.
		for c := range r.clients {
			if c.identity.Role == board.RoleParticipant && r.state.Removed(c.identity.ParticipantID) {
				r.drop(c, CloseInvalidToken, "removed by the facilitator")
			}
		}
	}
	r.metrics.peerEvents.Add(float64(to - from))
	r.metrics.catchUpLatency.Observe(time.Since(start).Seconds())
	return nil
}
