package realtime

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// maxBatch bounds how many queued commands share one transaction. Under a
// vote storm the room commits many votes per fsync instead of one, so a storm
// is bound by transactions per second, not commands per second.
const maxBatch = 128

// pending is one command of a batch and what became of it.
type pending struct {
	in       inbound
	ch       *change
	ev       models.Event
	refusal  *CommandError
	priorSeq int64 // already committed earlier under this id: just ack
}

// handleBatch commits every valid command of a batch in one transaction:
// each is validated against the board as the commands before it left it, gets
// its own seq and event, and is acknowledged after the commit.
func (r *Room) handleBatch(batch []inbound) {
	work := make([]*pending, 0, len(batch))
	var later []inbound // a command id repeated within the batch runs after it, as a retry
	seen := make(map[string]bool, len(batch))
	for _, in := range batch {
		if _, ok := r.clients[in.client]; !ok {
			continue
		}
		if in.closeCode != 0 || in.err != nil || in.cmd.Type == typingCommand {
			r.process(in)
			continue
		}
		key := in.client.identity.actor() + "\x00" + in.cmd.ID
		if seen[key] {
			later = append(later, in)
			continue
		}
		seen[key] = true
		if !time.Now().Before(commandDeadline(in)) {
			r.unavailable(in) // queued past its time behind a slow database
			continue
		}
		work = append(work, &pending{in: in})
	}
	defer func() {
		for _, in := range later {
			r.process(in)
		}
	}()
	if len(work) <= 1 {
		for _, p := range work {
			r.handle(p.in)
		}
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
	for _, p := range work[1:] {
		if d := commandDeadline(p.in); d.Before(deadline) {
			deadline = d
		}
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	ids := make([]string, len(work))
	for i, p := range work {
		ids[i] = p.in.cmd.ID
	}
	priors, err := r.store.CommandSeqs(ctx, r.id, ids)
	if err != nil {
		for _, p := range work {
			r.fail(p.in.client, p.in.cmd.ID, err)
		}
		return
	}
	for _, p := range work {
		p.priorSeq = priors[p.in.client.identity.actor()+"\x00"+p.in.cmd.ID]
	}

	txStart := time.Now()
	committed := 0
	heard := r.state.workshop.LastSeq // what the clients have, whatever becomes of this batch
	err = r.store.InTx(ctx, func(tx *models.Store) error {
		seq, err := tx.LockSeq(ctx, r.id)
		if err != nil {
			return err
		}
		if seq != r.state.workshop.LastSeq {
			// Another process committed since the board was loaded: catch up
			// under the lock, so every command below is checked against it.
			if err := r.catchUpIn(ctx, tx, seq, false); err != nil {
				return err
			}
			heard = r.state.workshop.LastSeq
		}
		var events []models.Event
		now := commitTime()
		r.state.voteWrites = make(map[[2]int64]models.Vote)
		defer func() { r.state.voteWrites = nil }()
		for _, p := range work {
			if p.priorSeq != 0 {
				continue
			}
			if err := r.applyInBatch(ctx, tx, p, seq+1, now); err != nil {
				return err
			}
			if p.ch != nil {
				seq++
				events = append(events, p.ev)
			}
		}
		committed = len(events)
		if len(events) == 0 {
			return nil
		}
		if err := tx.SetVotes(ctx, sortedVotes(r.state.voteWrites)); err != nil {
			return err
		}
		if err := tx.AppendEvents(ctx, events); err != nil {
			return err
		}
		if err := tx.SetLastSeq(ctx, r.id, seq); err != nil {
			return err
		}
		return tx.AnnounceCommit(ctx, r.id, seq)
	})
	r.metrics.txLatency.Observe(time.Since(txStart).Seconds())
	if err != nil {
		// The board took speculative changes (ideas, votes): the database is
		// the authority, whether this transaction committed or not. Read the
		// board back and run the commands one at a time, each in its own
		// transaction (a batch that did commit is recognised by its command
		// ids). If the board cannot be read back, nothing is validated
		// against it: the commands fail and their clients send them again.
		r.logger.Warn("batch failed; retrying its commands one by one", "commands", len(work), "err", err)
		if !r.resync(heard) {
			for _, p := range work {
				r.unavailable(p.in)
			}
			return
		}
		for _, p := range work {
			r.handle(p.in)
		}
		return
	}

	r.metrics.batchSize.Observe(float64(committed))
	for _, p := range work {
		switch {
		case p.priorSeq != 0:
			r.ack(p.in, p.priorSeq, "retry")
		case p.refusal != nil:
			r.refuse(p.in, p.refusal)
		default:
			r.broadcastEvent(&p.ev)
			r.ack(p.in, p.ev.Seq, "ack")
			if p.ch.after != nil {
				p.ch.after(r)
			}
		}
	}
}

// applyInBatch validates one command against the board and writes it with
// seq; the board takes the change at once so later commands see it. A refusal
// is recorded on p; an error aborts the batch.
func (r *Room) applyInBatch(ctx context.Context, tx *models.Store, p *pending, seq int64, now time.Time) (err error) {
	defer func() {
		if rec := recover(); rec != nil {
			err = fmt.Errorf("panic handling %s: %v", p.in.cmd.Type, rec)
		}
	}()
	c, cmd := p.in.client, p.in.cmd
	ch, cerr := r.check(c, cmd)
	if cerr != nil {
		p.refusal = cerr
		return nil
	}
	data, err := ch.apply(ctx, tx, seq, now)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(data)
	if err != nil {
		return err
	}
	id := cmd.ID
	p.ev = models.Event{WorkshopID: r.id, Seq: seq, Type: ch.event, Payload: string(payload), Actor: c.identity.actor(), CommandID: &id, CreatedAt: now}
	p.ch = ch
	ch.commit(r.state)
	r.state.workshop.LastSeq = seq
	return nil
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

// sortedVotes lists a batch's vote writes in key order, so every batch
// touches rows in the same order.
func sortedVotes(writes map[[2]int64]models.Vote) []models.Vote {
	return slices.SortedFunc(maps.Values(writes), func(a, b models.Vote) int {
		return cmp.Or(cmp.Compare(a.ParticipantID, b.ParticipantID), cmp.Compare(a.IdeaID, b.IdeaID))
	})
}
