package loadgen

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// ideaTracker matches received idea events to the ideas sent. Each idea's
// text carries a marker "kzl:<run>:<idea>:<sender>:<sent ns>;" so a receiver
// knows, from the text alone, which idea it is, who sent it and when.
type ideaTracker struct {
	d      *driver
	prefix []byte // "kzl:<run>:"
	// seen[p] is participant p's bitset of ideas received; only p's read
	// goroutine touches it, so it needs no lock.
	seen [][]uint64
}

func newIdeaTracker(d *driver, participants, ideas int) *ideaTracker {
	t := &ideaTracker{d: d, prefix: []byte("kzl:" + d.run + ":"), seen: make([][]uint64, participants)}
	words := (ideas + 63) / 64
	for i := range t.seen {
		t.seen[i] = make([]uint64, words)
	}
	return t
}

// text is the idea text for idea k sent by sender at offset sent from the epoch.
func (t *ideaTracker) text(k, sender int, sent time.Duration) string {
	return fmt.Sprintf("%s%d:%d:%d; idea %d: shorter onboarding for new teams", t.prefix, k, sender, sent.Nanoseconds(), k)
}

// parseMarker reads the marker at the start of b (just past the prefix).
func parseMarker(b []byte) (idea, sender int, sent int64, ok bool) {
	var nums [3]int64
	separators := [3]byte{':', ':', ';'}
	for i := range nums {
		end := bytes.IndexByte(b, separators[i])
		if end <= 0 {
			return 0, 0, 0, false
		}
		if nums[i] = parseInt(b[:end]); nums[i] < 0 {
			return 0, 0, 0, false
		}
		b = b[end+1:]
	}
	return int(nums[0]), int(nums[1]), nums[2], true
}

// mark records that participant p has idea k; false if it already had it.
func (t *ideaTracker) mark(p, k int) bool {
	if p < 0 || p >= len(t.seen) || k < 0 || k/64 >= len(t.seen[p]) {
		return false
	}
	word, bit := &t.seen[p][k/64], uint64(1)<<(k%64)
	if *word&bit != 0 {
		return false
	}
	*word |= bit
	return true
}

func (t *ideaTracker) onEvent(c *wsConn, f *frame, at time.Time) {
	if c.index < 0 || string(f.event) != "idea.added" {
		return
	}
	i := bytes.Index(f.data, t.prefix)
	if i < 0 {
		return
	}
	k, sender, sent, ok := parseMarker(f.data[i+len(t.prefix):])
	if !ok || sender == c.index {
		return // the sender's own copy: its figure is the ack latency
	}
	if !t.mark(c.index, k) {
		t.d.m.duplicates.Add(1)
		return
	}
	t.d.m.deliveries.Add(1)
	latency := at.Sub(t.d.epoch.Add(time.Duration(sent)))
	t.d.m.delivery.Observe(latency)
	if t.d.node(sender) != t.d.node(c.index) {
		t.d.m.crossNode.Observe(latency)
	}
}

// onSnapshot counts ideas a resumed client got in a fresh snapshot instead of
// as events: delivered, but with no latency to report.
func (t *ideaTracker) onSnapshot(c *wsConn, f *frame, _ time.Time, reconnect bool) {
	if !reconnect || c.index < 0 {
		return
	}
	data := f.data
	for {
		i := bytes.Index(data, t.prefix)
		if i < 0 {
			return
		}
		data = data[i+len(t.prefix):]
		if k, sender, _, ok := parseMarker(data); ok && sender != c.index && t.mark(c.index, k) {
			t.d.m.snapshotRecovered.Add(1)
		}
	}
}

// runIdeas: ideas arrive at Rate per second from participants in turn (in a
// random order); every other participant's receipt is a delivery sample.
func (d *driver) runIdeas(ctx context.Context, rep *Report) error {
	total := int(d.cfg.Rate * d.cfg.Duration.Seconds())
	tracker := newIdeaTracker(d, d.cfg.Participants, total)
	// Hooks are set before any socket exists: read goroutines use them unlocked.
	d.hooks.onEvent, d.hooks.onSnapshot = tracker.onEvent, tracker.onSnapshot
	if err := d.connectFacilitator(ctx, false); err != nil {
		return err
	}
	if err := d.setPhase(ctx, "current"); err != nil {
		return err
	}

	setup := time.Now()
	ps := d.joinAndConnect(ctx, d.cfg.Participants, false)
	rep.SetupSeconds = seconds(time.Since(setup))
	if len(ps) < 2 {
		return fmt.Errorf("only %d participants connected; the ideas scenario needs 2", len(ps))
	}
	sleepUntil(ctx, time.Now().Add(settleWait))

	order := append([]*wsConn(nil), ps...)
	rand.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	interval := time.Duration(float64(time.Second) / d.cfg.Rate)
	d.logf("sending %d ideas at %g/s to %d participants", total, d.cfg.Rate, len(ps))
	start := d.startWindow()
	sent := 0
	for k := range total {
		if !sleepUntil(ctx, start.Add(time.Duration(k)*interval)) {
			break
		}
		sender := order[k%len(order)]
		text := tracker.text(k, sender.index, time.Since(d.epoch))
		sender.send("idea.add", map[string]string{"column": "current", "text": text}, false)
		sent++
	}
	window := time.Since(start) + interval // the last idea's interval belongs to the window
	expected := int64(sent) * int64(len(ps)-1)
	waitFor(ctx, drainWait, func() bool {
		return d.unanswered() == 0 && d.m.deliveries.Load()+d.m.snapshotRecovered.Load() >= expected
	})
	rep.WindowSeconds = seconds(window)
	rep.Rate = d.cfg.Rate
	rep.Deliveries = &Deliveries{
		Expected: expected, Live: d.m.deliveries.Load(), FromSnapshot: d.m.snapshotRecovered.Load(),
	}
	rep.Deliveries.Missing = max(0, expected-rep.Deliveries.Live-rep.Deliveries.FromSnapshot)
	rep.Throughput = float64(rep.Deliveries.Live) / window.Seconds()
	rep.ThroughputUnit = "deliveries/s"
	return nil
}

// seconds is a duration in seconds rounded to milliseconds.
func seconds(d time.Duration) float64 {
	return math.Round(d.Seconds()*1000) / 1000
}
