package realtime

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/board"
)

// With several processes, each tells the others who is connected to a
// workshop through it (a summary: counts, the first names, who is typing)
// over PostgreSQL NOTIFY whenever that changes and every heartbeat; each
// merges the others' summaries into the presence it sends. A process that
// stops saying anything drops out after peerPresenceTTL.
const (
	peerPresenceHeartbeat = 10 * time.Second
	peerPresenceTTL       = 3 * peerPresenceHeartbeat
	// maxPresencePayload stays under PostgreSQL's 8,000-byte NOTIFY limit.
	maxPresencePayload = 7000
)

// peerPresence is one process's summary of a workshop's presence.
type peerPresence struct {
	Workshop     int64                   `json:"w"`
	Node         string                  `json:"n"`
	Facilitators int                     `json:"f"`
	Count        int                     `json:"c"`
	ByLayer      map[string]int          `json:"l"`
	Online       []board.ParticipantView `json:"o"`
	Typing       map[string]TypingView   `json:"t"`
	at           time.Time               // when it arrived
}

// encodePresence renders a summary within maxPresencePayload, listing fewer
// names when they do not fit.
func encodePresence(p peerPresence) []byte {
	p.Online = p.Online[:min(len(p.Online), presenceNames)]
	for {
		raw, _ := json.Marshal(p)
		if len(raw) <= maxPresencePayload || len(p.Online) == 0 {
			return raw
		}
		p.Online = p.Online[:len(p.Online)/2]
	}
}

// publishPresence tells the other processes who is here through this one,
// when that changed or a heartbeat is due.
func (r *Room) publishPresence(local PresenceView, force bool) {
	if !r.store.Shared() {
		return
	}
	raw := encodePresence(peerPresence{
		Workshop: r.id, Node: r.node, Facilitators: local.Facilitators, Count: local.Count,
		ByLayer: local.ByLayer, Online: local.Online, Typing: local.Typing,
	})
	if !force && bytes.Equal(raw, r.published) && time.Since(r.publishedAt) < peerPresenceHeartbeat {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	if err := r.store.AnnouncePresence(ctx, string(raw)); err != nil {
		r.logger.Warn("announcing presence failed", "err", err)
		return
	}
	r.published, r.publishedAt = raw, time.Now()
}

// heardPresence takes another process's summary; it never blocks.
func (r *Room) heardPresence(p peerPresence) {
	if p.Node == r.node {
		return
	}
	p.at = time.Now()
	r.peerMu.Lock()
	if p.Count == 0 && p.Facilitators == 0 {
		delete(r.peers, p.Node)
	} else {
		r.peers[p.Node] = p
	}
	r.peerMu.Unlock()
	r.presenceNews.Store(true)
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// peerSummaries returns the other processes' current summaries and whether
// any expired since the last call.
func (r *Room) peerSummaries() (out []peerPresence, expired bool) {
	r.peerMu.Lock()
	defer r.peerMu.Unlock()
	for node, p := range r.peers {
		if time.Since(p.at) > peerPresenceTTL {
			delete(r.peers, node)
			expired = true
			continue
		}
		out = append(out, p)
	}
	return out, expired
}

// mergePeers adds the other processes' summaries to this one's presence.
func mergePeers(v *PresenceView, peers []peerPresence) {
	if v.ByLayer == nil {
		v.ByLayer = make(map[string]int)
	}
	if v.Typing == nil {
		v.Typing = make(map[string]TypingView)
	}
	seen := make(map[int64]bool, len(v.Online))
	for _, p := range v.Online {
		seen[p.ID] = true
	}
	for _, peer := range peers {
		v.Facilitators += peer.Facilitators
		v.Count += peer.Count
		for l, n := range peer.ByLayer {
			v.ByLayer[l] += n
		}
		for _, p := range peer.Online {
			if !seen[p.ID] {
				seen[p.ID] = true
				v.Online = append(v.Online, p)
			}
		}
		for col, t := range peer.Typing {
			mine := v.Typing[col]
			mine.Count += t.Count
			for _, name := range t.Names {
				if len(mine.Names) < maxTypingNames {
					mine.Names = append(mine.Names, name)
				}
			}
			v.Typing[col] = mine
		}
	}
}
