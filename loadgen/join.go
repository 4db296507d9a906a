package loadgen

import (
	"context"
	"sync"
	"time"
)

// presenceWatch remembers when a watcher first saw the highest presence count.
type presenceWatch struct {
	mu    sync.Mutex
	count int64
	at    time.Time
}

func (w *presenceWatch) observe(count int64, at time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if count > w.count {
		w.count, w.at = count, at
	}
}

// reached returns when the watcher first saw at least n online, if it has.
func (w *presenceWatch) reached(n int64) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.at, w.count >= n
}

// runJoin: N participants join and connect JoinConcurrency at a time while
// the facilitator (and the last participant) watch presence; measured until
// every one is connected and the facilitator's presence shows all of them.
func (d *driver) runJoin(ctx context.Context, rep *Report) error {
	var facWatch, lastWatch presenceWatch
	d.hooks.onPresence = func(c *wsConn, count int64, at time.Time) {
		if c.index < 0 {
			facWatch.observe(count, at)
		} else {
			lastWatch.observe(count, at)
		}
	}
	if err := d.connectFacilitator(ctx, true); err != nil {
		return err
	}
	d.logf("%d participants joining, %d at a time", d.cfg.Participants, d.cfg.JoinConcurrency)
	start := d.startWindow()
	ps := d.joinAndConnect(ctx, d.cfg.Participants, true)
	connected := time.Since(start)
	n := int64(len(ps))
	waitFor(ctx, d.cfg.Duration, func() bool {
		_, ok := facWatch.reached(n)
		return ok
	})
	// The last participant's view settles within one presence interval of the facilitator's.
	waitFor(ctx, time.Second, func() bool {
		_, ok := lastWatch.reached(n)
		return ok
	})

	res := &Join{AllConnectedSeconds: seconds(connected)}
	if at, ok := facWatch.reached(n); ok && n > 0 {
		res.PresenceSettledSeconds = seconds(at.Sub(start))
		res.Settled = true
	}
	if at, ok := lastWatch.reached(n); ok && n > 0 {
		res.LastParticipantSettledSeconds = seconds(at.Sub(start))
	}
	rep.Join = res
	rep.SetupSeconds = seconds(connected)
	rep.WindowSeconds = seconds(time.Since(start))
	return nil
}
