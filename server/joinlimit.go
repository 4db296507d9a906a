package server

import (
	"sync"
	"time"
)

// failureLimiter counts failed join attempts per client address in a fixed
// window. Only failures count, so a whole office joining through one NAT
// address is never slowed down, while guessing codes from one address is.
type failureLimiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	entries map[string]*failureWindow
}

type failureWindow struct {
	start    time.Time
	failures int
}

// pruneAbove is the map size past which expired entries are swept.
const pruneAbove = 10_000

func newFailureLimiter(max int, window time.Duration, now func() time.Time) *failureLimiter {
	return &failureLimiter{max: max, window: window, now: now, entries: make(map[string]*failureWindow)}
}

// blocked reports whether key has used up its failures for this window.
func (l *failureLimiter) blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.entries[key]
	return ok && l.now().Sub(e.start) < l.window && e.failures >= l.max
}

// fail records one failed attempt by key.
func (l *failureLimiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.entries) > pruneAbove {
		for k, e := range l.entries {
			if now.Sub(e.start) >= l.window {
				delete(l.entries, k)
			}
		}
	}
	e, ok := l.entries[key]
	if !ok || now.Sub(e.start) >= l.window {
		e = &failureWindow{start: now}
		l.entries[key] = e
	}
	e.failures++
}
