package realtime

import "sync"

// outbox is one connection's queue of encoded messages, bounded by count.
// It holds (almost) no memory while empty, and no goroutine either: start
// runs a writer (client.drain) when work arrives and none is running, and
// the writer ends once the queue is empty. An idle connection so costs its
// read goroutine and little else.
type outbox struct {
	mu      sync.Mutex
	msgs    [][]byte
	pingDue bool
	closed  bool // the room said goodbye: write what is queued, then the close frame
	dead    bool // the writer has closed the socket: nothing more is written
	running bool // a writer is running or about to
	limit   int
	start   func()
}

func newOutbox(limit int, start func()) *outbox {
	return &outbox{limit: limit, start: start}
}

// push queues msg; false when the queue is full or closed.
func (o *outbox) push(msg []byte) bool {
	o.mu.Lock()
	if o.closed || o.dead || len(o.msgs) >= o.limit {
		o.mu.Unlock()
		return false
	}
	o.msgs = append(o.msgs, msg)
	o.wakeLocked()
	return true
}

// pushDeferred queues msg like push but starts no writer: claim says the
// caller now holds the writer role and must flush (client.flushNoWait).
func (o *outbox) pushDeferred(msg []byte) (ok, claim bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.closed || o.dead || len(o.msgs) >= o.limit {
		return false, false
	}
	o.msgs = append(o.msgs, msg)
	claim = !o.running
	o.running = true
	return true, claim
}

// takeNoWait hands a flusher that holds the writer role the queued messages.
// done: nothing is left and the role is given up. handover: a ping or the
// close frame is due, which only the writer goroutine sends; the caller
// starts it and the role passes on.
func (o *outbox) takeNoWait(spare [][]byte) (msgs [][]byte, done, handover bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if cap(spare) > keepCap {
		spare = nil
	}
	switch {
	case o.dead || (len(o.msgs) == 0 && !o.pingDue && !o.closed):
		o.running = false
		if o.msgs == nil && !o.dead {
			o.msgs = spare[:0] // the next message needs no new array
		}
		return nil, true, false
	case o.pingDue || o.closed:
		return nil, false, true
	}
	msgs = o.msgs
	o.msgs = spare[:0]
	if cap(o.msgs) == 0 {
		o.msgs = nil
	}
	return msgs, false, false
}

// requestPing asks the writer for a ping; false once the socket is done.
func (o *outbox) requestPing() bool {
	o.mu.Lock()
	if o.closed || o.dead {
		o.mu.Unlock()
		return false
	}
	o.pingDue = true
	o.wakeLocked()
	return true
}

// close ends the queue: the writer sends what is queued, then the close frame.
func (o *outbox) close() {
	o.mu.Lock()
	if o.closed || o.dead {
		o.mu.Unlock()
		return
	}
	o.closed = true
	o.wakeLocked()
}

// wakeLocked starts a writer unless one runs, and unlocks.
func (o *outbox) wakeLocked() {
	start := !o.running
	o.running = true
	o.mu.Unlock()
	if start {
		o.start()
	}
}

// keepCap is the largest queue backing array an outbox keeps between
// bursts; a larger one (after a replay, say) goes back to the heap.
const keepCap = 8

// next hands the writer everything queued (reusing spare's backing array
// when it is small), whether to ping, and whether to close after; stop
// means there is nothing to do and the writer must end.
func (o *outbox) next(spare [][]byte) (msgs [][]byte, ping, closed, stop bool) {
	if cap(spare) > keepCap {
		spare = nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dead || (len(o.msgs) == 0 && !o.pingDue && !o.closed) {
		o.running = false
		return nil, false, false, true
	}
	msgs, ping, closed = o.msgs, o.pingDue, o.closed
	o.msgs, o.pingDue = spare[:0], false
	if cap(o.msgs) == 0 {
		o.msgs = nil
	}
	return msgs, ping, closed, false
}

// kill marks the socket closed by the writer: nothing more is queued or written.
func (o *outbox) kill() {
	o.mu.Lock()
	o.dead, o.msgs = true, nil
	o.mu.Unlock()
}
