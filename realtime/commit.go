package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// maxBatch bounds how many queued commands share one transaction. Under a
// vote storm the room commits many votes per fsync instead of one, so a storm
// is bound by transactions per second, not commands per second.
const maxBatch = 128

// pending is one command of a batch and what became of it.
type pending struct {
	in       inbound
	ev       *models.Event // committed as this event
	fx       board.Effects
	refusal  *board.CommandError
	priorSeq int64 // already committed earlier under this id: just ack
}

// handleBatch commits the commands that queued up together (often just
// one) in one transaction; typing, refused frames and a command id repeated
// within the batch are handled on their own.
func (r *Room) handleBatch(batch []inbound) {
	work := make([]*pending, 0, len(batch))
	var later []inbound // a command id repeated within the batch runs after it, as a retry
	seen := make(map[models.CommandKey]bool, len(batch))
	for _, in := range batch {
		if _, ok := r.clients[in.client]; !ok {
			continue
		}
		if in.closeCode != 0 || in.err != nil || in.cmd.Type == typingCommand {
			r.process(in)
			continue
		}
		key := commandKey(in)
		if seen[key] {
			later = append(later, in)
			continue
		}
		seen[key] = true
		work = append(work, &pending{in: in})
	}
	r.commit(work, false)
	for _, in := range later {
		r.commit([]*pending{{in: in}}, true)
	}
}

func commandKey(in inbound) models.CommandKey {
	return models.CommandKey{Actor: in.client.identity.Actor(), ID: in.cmd.ID}
}

// commit is the one way commands change a board. Each is checked against
// the board as the commands before it left it, written with its own seq
// and event, and mirrored into the board at once (board.State.Apply), so
// the next sees it; all commit in one transaction, then each is broadcast,
// acknowledged and its effects carried out. A command whose id committed
// before is a retry: it is acknowledged with its first seq. alone says the
// commands are being tried again one at a time after a failed batch.
func (r *Room) commit(work []*pending, alone bool) {
	live := work[:0]
	for _, p := range work {
		if !time.Now().Before(commandDeadline(p.in)) {
			r.unavailable(p.in) // queued past its time behind a slow database
			continue
		}
		live = append(live, p)
	}
	work = live
	if len(work) == 0 {
		return
	}
	if !r.fresh() {
		for _, p := range work {
			r.unavailable(p.in)
		}
		return
	}
	// The batch ends when its oldest command's time is up.
	deadline := commandDeadline(work[0].in)
	keys := make([]models.CommandKey, len(work))
	for i, p := range work {
		keys[i] = commandKey(p.in)
		if d := commandDeadline(p.in); d.Before(deadline) {
			deadline = d
		}
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()

	txStart := time.Now()
	heard := r.state.Seq() // what the clients have, whatever becomes of this batch
	committed := 0
	err := r.store.CommitBatch(ctx, r.id, keys, func(tx *models.Store, last int64, prior map[models.CommandKey]int64) ([]models.Event, []models.Vote, error) {
		if last != r.state.Seq() {
			// Another process committed since the board was loaded: catch up
			// under the lock, so every command below is checked against it.
			if err := r.catchUpIn(ctx, tx, r.state.Seq(), last, false); err != nil {
				return nil, nil, err
			}
			heard = r.state.Seq()
		}
		var events []models.Event
		var writes board.Writes
		seq, now := last, commitTime()
		for i, p := range work {
			if p.priorSeq = prior[keys[i]]; p.priorSeq != 0 {
				continue
			}
			ev, err := r.decide(ctx, tx, &writes, p, seq+1, now)
			if err != nil {
				return nil, nil, err
			}
			if ev != nil {
				seq++
				events = append(events, *ev)
			}
		}
		committed = len(events)
		return events, writes.Votes(), nil
	})
	r.metrics.txLatency.Observe(time.Since(txStart).Seconds())
	if err != nil {
		r.recover(work, alone, heard, err)
		return
	}
	if committed > 0 {
		r.metrics.batchSize.Observe(float64(committed))
	}

	var again []*pending
	for _, p := range work {
		switch {
		case p.priorSeq != 0:
			r.ack(p.in, p.priorSeq, "retry")
		case p.refusal != nil && r.mayHaveMissed(p.refusal, alone):
			again = append(again, &pending{in: p.in})
		case p.refusal != nil:
			r.refuse(p.in, p.refusal)
		default:
			r.broadcastEvent(p.ev)
			r.ack(p.in, p.ev.Seq, "ack")
			r.carryOut(p.fx, p.in.client.identity)
		}
	}
	if len(again) > 0 {
		r.reloadedAt = time.Now()
		r.catchUp(true)
		r.commit(again, true)
	}
}

// decide checks one command against the board and, if it passes, writes
// it as the event numbered seq and mirrors it into the board; a refusal is
// recorded on p. An error (a failed write, a bug) aborts the batch.
func (r *Room) decide(ctx context.Context, tx *models.Store, w *board.Writes, p *pending, seq int64, now time.Time) (ev *models.Event, err error) {
	defer func() {
		// A bug in one command must not take down the room (and every client in it).
		if rec := recover(); rec != nil {
			err = fmt.Errorf("panic handling %s: %v", p.in.cmd.Type, rec)
		}
	}()
	c, cmd := p.in.client, p.in.cmd
	if _, ok := r.clients[c]; !ok {
		// Dropped while catching up: removed through another process.
		p.refusal = board.Refuse(board.CodeForbidden, "you were removed from this workshop")
		return nil, nil
	}
	ch, cerr := board.Decide(r.state, c.identity, cmd.Type, cmd.Data)
	if cerr != nil {
		p.refusal = cerr
		return nil, nil
	}
	payload, err := ch.Write(ctx, tx, w, seq, now)
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	if p.fx, err = r.state.Apply(seq, ch.Event, payload); err != nil {
		return nil, err
	}
	id := cmd.ID
	p.ev = &models.Event{WorkshopID: r.id, Seq: seq, Type: ch.Event, Payload: string(raw), Actor: c.identity.Actor(), CommandID: &id, CreatedAt: now}
	return p.ev, nil
}

// mayHaveMissed reports whether a refusal may come from what another
// process has and this board cannot know without reading it again: a
// participant who joined there is only in the database, not in the event
// log. The board is reread at most once a second, so refusals stay cheap.
func (r *Room) mayHaveMissed(refusal *board.CommandError, alone bool) bool {
	return !alone && refusal.Code == board.CodeNotFound && r.store.Shared() && time.Since(r.reloadedAt) > time.Second
}

// recover handles a batch whose transaction failed. The board took its
// changes speculatively: the database is the authority, whether the
// transaction committed or not. The board is read back, and a batch of
// several is tried again one command at a time, each in its own
// transaction (one that did commit is then recognised by its id). If the
// board cannot be read back, nothing is checked against it: the commands
// fail and their clients send them again.
func (r *Room) recover(work []*pending, alone bool, heard int64, err error) {
	if !r.resync(heard) {
		for _, p := range work {
			r.unavailable(p.in)
		}
		return
	}
	var refusal *board.CommandError
	switch {
	case !alone && (len(work) > 1 || errors.Is(err, models.ErrDuplicateCommand)):
		r.logger.Warn("batch failed; retrying its commands one by one", "commands", len(work), "err", err)
		for _, p := range work {
			r.commit([]*pending{{in: p.in}}, true)
		}
	case errors.As(err, &refusal):
		r.refuse(work[0].in, refusal)
	default:
		r.fail(work[0].in.client, work[0].in.cmd.ID, err)
	}
}

// carryOut does what a committed event asks of the room beyond its board;
// author is who sent the command.
func (r *Room) carryOut(fx board.Effects, author board.Identity) {
	if fx.TypingDone != "" {
		r.typingDone(author, fx.TypingDone)
	}
	if fx.PhaseChanged {
		r.typingPhaseChanged()
	}
	if fx.Removed != 0 {
		for c := range r.clients {
			if c.identity.Role == board.RoleParticipant && c.identity.ParticipantID == fx.Removed {
				r.drop(c, CloseInvalidToken, "removed by the facilitator")
			}
		}
	}
	if fx.Resnapshot {
		r.resnapshot()
	}
}

// resnapshot sends every client the board as it may now see it.
func (r *Room) resnapshot() {
	for c := range r.clients {
		r.deliver(c, encode(snapshotMsg{Type: "snapshot", Seq: r.state.Seq(), Data: r.state.Snapshot(c.identity, r.baseURL)}))
	}
}

// broadcastEvent sends a committed event to every client allowed to see it.
func (r *Room) broadcastEvent(ev *models.Event) {
	start := time.Now()
	out := render(r.state, ev)
	sent := 0
	for each := range r.clients {
		if msg := out.forViewer(each.identity); msg != nil {
			r.deliver(each, msg)
			sent++
		}
	}
	r.metrics.eventsDelivered.Add(float64(sent))
	r.metrics.broadcastLatency.Observe(time.Since(start).Seconds())
}

// commitTime is the time a transaction stamps on what it writes, at the
// microsecond precision PostgreSQL keeps, so the board holds exactly what a
// reload (on another process, say) reads back.
func commitTime() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
