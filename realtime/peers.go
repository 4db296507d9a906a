package realtime

import (
	"context"
	"encoding/json"
	"time"

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
	return r.heard.Load() > r.state.workshop.LastSeq
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
	if seq > r.state.workshop.LastSeq {
		r.catchUp(false)
	}
}

// catchUp brings the board level with the database and delivers the events
// other processes committed, reading one consistent snapshot. With reload,
// the board is read again even when no event is new: participants who joined
// through another process are in the database, not in the event log.
func (r *Room) catchUp(reload bool) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	err := r.store.InSnapshot(ctx, func(tx *models.Store) error { return r.catchUpIn(ctx, tx, -1, reload) })
	if err != nil {
		r.logger.Warn("catching up with other processes failed", "err", err)
	}
}

// catchUpIn brings the board to seq to (-1: the workshop's last seq) and
// delivers the events since the board's last seq, in seq order. tx either
// holds the workshop's row lock or reads one snapshot, so the board and the
// events agree. Under the lock, tx may have taken a seq of its own already;
// to names the last one other processes committed.
func (r *Room) catchUpIn(ctx context.Context, tx *models.Store, to int64, reload bool) error {
	start := time.Now()
	from := r.state.workshop.LastSeq
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
	// The common events (ideas, votes) carry all the board needs; anything
	// else, or a reload asked for, reads the whole board again.
	st := r.state
	applied := !reload && int64(len(events)) == to-from && to > from
	for i := 0; applied && i < len(events); i++ {
		applied = st.applyPeerEvent(&events[i])
	}
	if !applied {
		var err error
		if st, err = loadBoard(ctx, tx, r.id); err != nil {
			return err
		}
		st.workshop.LastSeq = to
		r.metrics.boardReloads.Inc()
	}
	r.state = st
	if to == from {
		return nil
	}
	if int64(len(events)) == to-from {
		for i := range events {
			r.broadcastEvent(&events[i])
		}
	} else {
		r.resnapshot() // r.state is st by now
	}
	// A participant removed on another process loses its sockets here too
	// (a kick is never applied from its event, so only a reload brings one).
	for c := range r.clients {
		if !applied && c.identity.Role == RoleParticipant && r.state.participants[c.identity.ParticipantID].Kicked {
			r.drop(c, CloseInvalidToken, "removed by the facilitator")
		}
	}
	r.metrics.peerEvents.Add(float64(to - from))
	r.metrics.catchUpLatency.Observe(time.Since(start).Seconds())
	return nil
}

// applyPeerEvent mirrors another process's committed event into the board
// when its payload holds everything the board keeps; false when it does not
// (the board may then be part-way and must be reloaded).
func (st *boardState) applyPeerEvent(ev *models.Event) bool {
	switch ev.Type {
	case "idea.added":
		var p struct{ Idea IdeaView }
		if json.Unmarshal([]byte(ev.Payload), &p) != nil || p.Idea.AuthorID == nil {
			return false // facilitators' ideas keep a user id the view leaves out
		}
		v := p.Idea
		if _, known := st.participants[*v.AuthorID]; !known {
			return false
		}
		st.ideas[v.ID] = &models.Idea{
			ID: v.ID, WorkshopID: st.workshop.ID, Column: v.Column, Text: v.Text, ParticipantID: v.AuthorID, AuthorName: v.AuthorName,
			GroupID: v.GroupID, Source: v.Source, Position: v.Position, CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(),
		}
	case "vote.cast", "vote.retracted":
		var p votePayload
		if json.Unmarshal([]byte(ev.Payload), &p) != nil {
			return false
		}
		_, knownVoter := st.participants[p.ParticipantID]
		_, knownIdea := st.ideas[p.IdeaID]
		if !knownVoter || !knownIdea {
			return false
		}
		st.setVotes(p.ParticipantID, p.IdeaID, p.Count)
	default:
		return false
	}
	st.workshop.LastSeq = ev.Seq
	return true
}
