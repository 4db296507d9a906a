package loadgen

import (
	"maps"
	"sync"
	"sync/atomic"
)

// metrics are shared by every connection of a run.
type metrics struct {
	ack      *Recorder // command sent → its ack
	delivery *Recorder // idea sent → another participant has its event
	// crossNode is the part of delivery where sender and receiver are
	// connected to different server processes.
	crossNode *Recorder
	join      *Recorder // POST /api/join
	connect   *Recorder // dial → snapshot received

	sent, acked, strayAcks        atomic.Int64
	framesParticipants, framesFac atomic.Int64
	// bytesIn and presenceBytesIn count what the participants received:
	// presence lists are the part that grows with the room.
	bytesIn, presenceBytesIn      atomic.Int64
	deliveries, snapshotRecovered atomic.Int64
	duplicates, reconnected       atomic.Int64

	mu     sync.Mutex
	errors map[string]int64 // by code: server error codes and client-side failures
	drops  map[string]int64 // by close reason
}

func newMetrics(deliveryLimit int) *metrics {
	return &metrics{
		ack: NewRecorder(0), delivery: NewRecorder(deliveryLimit), crossNode: NewRecorder(deliveryLimit), join: NewRecorder(0), connect: NewRecorder(0),
		errors: make(map[string]int64), drops: make(map[string]int64),
	}
}

func (m *metrics) frameIn(facilitator bool, size int) {
	if facilitator {
		m.framesFac.Add(1)
		return
	}
	m.framesParticipants.Add(1)
	m.bytesIn.Add(int64(size))
}

// fail counts one error by its code.
func (m *metrics) fail(code string) {
	if code == "" {
		code = "unknown"
	}
	m.mu.Lock()
	m.errors[code]++
	m.mu.Unlock()
}

func (m *metrics) dropped(reason string) {
	m.mu.Lock()
	m.drops[reason]++
	m.mu.Unlock()
}

func (m *metrics) errorCounts() (errs, drops map[string]int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.errors), maps.Clone(m.drops)
}
