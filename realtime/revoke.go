package realtime

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/kizuki-app/kizuki/board"
)

// revocationMemory is how long a revocation is remembered for sockets still
// on their way into a room: their upgrade checked the session before it
// ended, and they must not slip in after the room heard the revocation.
const revocationMemory = time.Minute

// revocations remembers recent revocations.
type revocations struct {
	mu     sync.Mutex
	recent map[Revocation]time.Time
}

func (rs *revocations) add(rev Revocation, now time.Time) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.recent == nil {
		rs.recent = make(map[Revocation]time.Time)
	}
	for r, at := range rs.recent {
		if now.Sub(at) > revocationMemory {
			delete(rs.recent, r)
		}
	}
	rs.recent[rev] = now
}

// covers reports whether a recent revocation names id.
func (rs *revocations) covers(id board.Identity) bool {
	if id.Role != board.RoleFacilitator {
		return false
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for rev := range rs.recent {
		if rev.matches(id) {
			return true
		}
	}
	return false
}

// Revocation names facilitator sockets that must close at once: those of
// one session (signed out) or of one user (removed from the organization).
type Revocation struct {
	UserID  int64  `json:"u,omitempty"`
	Session string `json:"s,omitempty"`
}

func (rev Revocation) matches(id board.Identity) bool {
	if id.Role != board.RoleFacilitator {
		return false
	}
	return (rev.UserID != 0 && id.UserID == rev.UserID) || (rev.Session != "" && id.Session == rev.Session)
}

// Revoke closes the matching facilitator sockets of this process with
// CloseInvalidToken (final: sign in again), and tells the other processes
// on a shared database to do the same. The session or membership must
// already be gone from the database, so a reconnect is refused.
func (h *Hub) Revoke(ctx context.Context, rev Revocation) error {
	h.revokeHere(rev)
	payload, err := json.Marshal(rev)
	if err != nil {
		return err
	}
	return h.store.AnnounceRevocation(ctx, string(payload))
}

// revokeHere hands the revocation to every room of this process.
func (h *Hub) revokeHere(rev Revocation) {
	h.revoked.add(rev, time.Now())
	h.mu.Lock()
	rooms := make([]*Room, 0, len(h.rooms))
	for _, ref := range h.rooms {
		if ref.room != nil { // one still loading reads the ended session from the database
			rooms = append(rooms, ref.room)
		}
	}
	h.mu.Unlock()
	for _, r := range rooms {
		select {
		case r.revoke <- rev:
		case <-r.done:
		}
	}
}
