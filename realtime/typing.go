package realtime

import (
	"sort"
	"time"

	"github.com/kizuki-app/kizuki/board"
)

// typingCommand is the one ephemeral command: it changes only the room's
// memory, so it takes no transaction, writes no event and gets no seq.
const typingCommand = "typing"

const (
	// DefaultTypingTTL is how long someone shows as typing after their last
	// active:true. Clients refresh every 3 s while typing, so one late refresh
	// does not make the indicator flicker, and a vanished tab stops showing soon.
	DefaultTypingTTL = 5 * time.Second
	// maxTypingNames bounds the names listed per column, so a presence message
	// stays the same size however many people type at once.
	maxTypingNames = 5
)

// TypingView is who is typing in one column: how many, and the first few
// names (none for participants of anonymous workshops).
type TypingView struct {
	Count int      `json:"count"`
	Names []string `json:"names,omitempty"`
}

// typingAckMsg acknowledges an ephemeral command: there is no seq to report.
type typingAckMsg struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// typingKey is one person (participant or facilitator) in one column.
type typingKey struct {
	actor  string
	column string
}

type typist struct {
	name        string
	participant bool      // false for facilitators, who may write any column
	since       time.Time // when they started; orders the names so they do not reshuffle
	expires     time.Time
}

// typingBoard tracks who is typing where. The room loop owns it; one timer
// serves every expiry.
type typingBoard struct {
	ttl     time.Duration
	typists map[typingKey]*typist
	timer   *time.Timer
	// armedFor is when the timer fires; zero when it is not armed.
	armedFor time.Time
}

func newTypingBoard(ttl time.Duration) *typingBoard {
	if ttl <= 0 {
		ttl = DefaultTypingTTL
	}
	return &typingBoard{ttl: ttl, typists: make(map[typingKey]*typist)}
}

// due fires when an entry may have expired; nil (never ready) when none can.
func (b *typingBoard) due() <-chan time.Time {
	if b.armedFor.IsZero() {
		return nil
	}
	return b.timer.C
}

// arm makes the timer fire no later than at. Every entry lives for the same
// ttl, so a refresh never needs an earlier timer: the armed one fires, finds
// nothing expired and re-arms for the earliest entry left.
func (b *typingBoard) arm(at, now time.Time) {
	if !b.armedFor.IsZero() && !at.Before(b.armedFor) {
		return
	}
	if b.timer == nil {
		b.timer = time.NewTimer(at.Sub(now))
	} else {
		b.timer.Reset(at.Sub(now))
	}
	b.armedFor = at
}

// start marks id as typing in column for ttl from now; true if the room did
// not know yet (a refresh changes nothing anyone sees).
func (b *typingBoard) start(id board.Identity, column string, now time.Time) bool {
	expires := now.Add(b.ttl)
	b.arm(expires, now)
	k := typingKey{actor: id.Actor(), column: column}
	if t, ok := b.typists[k]; ok {
		t.expires = expires
		return false
	}
	b.typists[k] = &typist{name: id.Name, participant: id.Role == board.RoleParticipant, since: now, expires: expires}
	return true
}

// stop forgets one person typing in one column; true if they were.
func (b *typingBoard) stop(actor, column string) bool {
	k := typingKey{actor: actor, column: column}
	if _, ok := b.typists[k]; !ok {
		return false
	}
	delete(b.typists, k)
	return true
}

// has reports whether actor is typing in any column.
func (b *typingBoard) has(actor string) bool {
	for _, column := range board.Columns {
		if _, ok := b.typists[typingKey{actor: actor, column: column}]; ok {
			return true
		}
	}
	return false
}

// stopAll forgets someone in every column; true if they were typing anywhere.
func (b *typingBoard) stopAll(actor string) bool {
	changed := false
	for _, column := range board.Columns {
		changed = b.stop(actor, column) || changed
	}
	return changed
}

// keepOnly forgets the entries keep refuses; true if any went.
func (b *typingBoard) keepOnly(keep func(column string, t *typist) bool) bool {
	changed := false
	for k, t := range b.typists {
		if !keep(k.column, t) {
			delete(b.typists, k)
			changed = true
		}
	}
	return changed
}

// expire drops the entries past their time at now and re-arms the timer for
// the next one; true if any went. The room calls it when due fires.
func (b *typingBoard) expire(now time.Time) bool {
	b.armedFor = time.Time{}
	changed := false
	var next time.Time
	for k, t := range b.typists {
		if !t.expires.After(now) {
			delete(b.typists, k)
			changed = true
			continue
		}
		if next.IsZero() || t.expires.Before(next) {
			next = t.expires
		}
	}
	if !next.IsZero() {
		b.arm(next, now)
	}
	return changed
}

// view is who is typing per column (only columns with someone), with up to
// maxTypingNames names each when withNames, in the order they started.
func (b *typingBoard) view(withNames bool) map[string]TypingView {
	out := make(map[string]TypingView)
	if len(b.typists) == 0 {
		return out
	}
	keys := make([]typingKey, 0, len(b.typists))
	for k := range b.typists {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, c := b.typists[keys[i]], b.typists[keys[j]]
		if !a.since.Equal(c.since) {
			return a.since.Before(c.since)
		}
		return keys[i].actor < keys[j].actor
	})
	for _, k := range keys {
		v := out[k.column]
		v.Count++
		if withNames && len(v.Names) < maxTypingNames {
			v.Names = append(v.Names, b.typists[k].name)
		}
		out[k.column] = v
	}
	return out
}

// handleTyping applies a typing command to the room's memory and acknowledges
// it without a seq. Others learn of it through the next coalesced presence
// message, never one message per keystroke.
func (r *Room) handleTyping(in inbound) {
	d, cerr := board.DecideTyping(r.state, in.client.identity, in.cmd.Data)
	if cerr != nil {
		r.refuse(in, cerr)
		return
	}
	actor := in.client.identity.Actor()
	var changed bool
	if d.Active {
		changed = r.typing.start(in.client.identity, d.Column, time.Now())
	} else {
		changed = r.typing.stop(actor, d.Column)
	}
	if changed {
		r.markPresence()
	}
	r.deliver(in.client, encode(typingAckMsg{Type: "ack", ID: in.cmd.ID}))
	r.metrics.commands.WithLabelValues(typingCommand, "ack").Inc()
}

// typingDone is called when sender's idea in column committed: they are done typing it.
func (r *Room) typingDone(sender board.Identity, column string) {
	if r.typing.stop(sender.Actor(), column) {
		r.markPresence()
	}
}

// typingPhaseChanged forgets participants typing in a column they can no
// longer write (facilitators write any column until the workshop closes).
func (r *Room) typingPhaseChanged() {
	changed := r.typing.keepOnly(func(column string, t *typist) bool { return r.state.MayType(t.participant, column) })
	if changed {
		r.markPresence()
	}
}

// typingLeft forgets what c's person was typing once their last connection
// to the room is gone; c has already left r.clients.
func (r *Room) typingLeft(c *client) {
	actor := c.identity.Actor()
	if !r.typing.has(actor) {
		return
	}
	for other := range r.clients {
		if sameActor(other.identity, c.identity) {
			return // still here in another tab or device
		}
	}
	r.typing.stopAll(actor)
	r.markPresence()
}

// sameActor reports whether two connections act as the same person.
func sameActor(a, b board.Identity) bool {
	if a.Role != b.Role {
		return false
	}
	if a.Role == board.RoleParticipant {
		return a.ParticipantID == b.ParticipantID
	}
	return a.UserID == b.UserID
}

// expireTyping runs when the typing timer fires.
func (r *Room) expireTyping() {
	if r.typing.expire(time.Now()) {
		r.markPresence()
	}
}
