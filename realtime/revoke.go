package realtime

import (
	"context"
	"encoding/json"
)

// Revocation names facilitator sockets that must close at once: those of
// one session (signed out) or of one user (removed from the organization).
type Revocation struct {
	UserID  int64  `json:"u,omitempty"`
	Session string `json:"s,omitempty"`
}

func (rev Revocation) matches(id Identity) bool {
	if id.Role != RoleFacilitator {
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
	h.mu.Lock()
	rooms := make([]*Room, 0, len(h.rooms))
	for _, ref := range h.rooms {
		rooms = append(rooms, ref.room)
	}
	h.mu.Unlock()
	for _, r := range rooms {
		select {
		case r.revoke <- rev:
		case <-r.done:
		}
	}
}
