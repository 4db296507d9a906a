package loadgen

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// layers are spread over the crowd so per-layer results have every layer.
var layers = []string{"executive", "manager", "frontline", "other"}

// forEach runs fn(0..n-1) with at most concurrency calls in flight, until ctx ends.
func forEach(ctx context.Context, n, concurrency int, fn func(i int)) {
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(n, concurrency) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// progressEvery reports ramp-up progress about ten times.
func progressEvery(n int) int { return max(1, n/10) }

// joinParticipant joins participant i over HTTP (to workshop i mod W).
func (d *driver) joinParticipant(ctx context.Context, i int) (*wsConn, error) {
	w := d.workshops[i%len(d.workshops)]
	start := time.Now()
	j, err := d.api.join(ctx, w.JoinCode, fmt.Sprintf("Load %s %05d", d.run[:4], i), layers[i%len(layers)])
	if err != nil {
		var ae *apiError
		if errors.As(err, &ae) {
			d.m.fail(fmt.Sprintf("join_http_%d", ae.Status))
		} else if ctx.Err() == nil {
			d.m.fail("join_network")
		}
		return nil, err
	}
	d.m.join.Observe(time.Since(start))
	return newConn(d, i, j.WorkshopID, j.Token), nil
}

// connectParticipant opens c's socket and waits for its snapshot.
func (d *driver) connectParticipant(ctx context.Context, c *wsConn) error {
	start := time.Now()
	if err := c.start(ctx); err != nil {
		if ctx.Err() == nil {
			d.m.fail("connect")
		}
		return err
	}
	if err := waitGreeted(ctx, c); err != nil {
		if ctx.Err() == nil {
			d.m.fail("connect")
		}
		c.close()
		return err
	}
	d.m.connect.Observe(time.Since(start))
	return nil
}

// joinAndConnect joins n participants and connects each at once,
// JoinConcurrency at a time, as people arriving at a workshop do. The
// participant with the last index watches presence when watchLast is set.
// The connected participants are kept in d.participants.
func (d *driver) joinAndConnect(ctx context.Context, n int, watchLast bool) []*wsConn {
	conns := make([]*wsConn, n)
	var done atomic.Int64
	forEach(ctx, n, d.cfg.JoinConcurrency, func(i int) {
		c, err := d.joinParticipant(ctx, i)
		if err != nil {
			return
		}
		c.watchPresence = watchLast && i == n-1
		if d.connectParticipant(ctx, c) != nil {
			return
		}
		conns[i] = c
		if k := done.Add(1); k%int64(progressEvery(n)) == 0 {
			d.logf("%d/%d participants connected", k, n)
		}
	})
	return d.keep(conns)
}

// joinAll joins n participants over HTTP only; connectAll opens their sockets later.
func (d *driver) joinAll(ctx context.Context, n int) []*wsConn {
	conns := make([]*wsConn, n)
	var done atomic.Int64
	forEach(ctx, n, d.cfg.JoinConcurrency, func(i int) {
		c, err := d.joinParticipant(ctx, i)
		if err != nil {
			return
		}
		conns[i] = c
		if k := done.Add(1); k%int64(progressEvery(n)) == 0 {
			d.logf("%d/%d participants joined", k, n)
		}
	})
	return compact(conns)
}

// connectAll opens the sockets of joined participants, JoinConcurrency at a time.
func (d *driver) connectAll(ctx context.Context, joined []*wsConn) []*wsConn {
	conns := make([]*wsConn, len(joined))
	var done atomic.Int64
	forEach(ctx, len(joined), d.cfg.JoinConcurrency, func(i int) {
		if d.connectParticipant(ctx, joined[i]) != nil {
			return
		}
		conns[i] = joined[i]
		if k := done.Add(1); k%int64(progressEvery(len(joined))) == 0 {
			d.logf("%d/%d participants connected", k, len(joined))
		}
	})
	return d.keep(conns)
}

// keep records the connected participants (for closing and counting) and returns them.
func (d *driver) keep(conns []*wsConn) []*wsConn {
	d.participants = compact(conns)
	return d.participants
}

func compact(conns []*wsConn) []*wsConn {
	out := make([]*wsConn, 0, len(conns))
	for _, c := range conns {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}
