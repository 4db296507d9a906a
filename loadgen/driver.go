package loadgen

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Client-side socket buffers stay as small as the server's: frames are small
// JSON objects and thousands of idle clients must stay cheap.
const (
	readBufferSize  = 1024
	writeBufferSize = 1024
	// setupAllowance bounds sign-in, joins and connects on top of --duration.
	setupAllowance = 10 * time.Minute
	// drainWait bounds how long the run waits for late acks and deliveries after sending stops.
	drainWait = 15 * time.Second
	// settleWait lets presence messages from the ramp-up pass before measuring.
	settleWait = time.Second
)

// driver runs one scenario against one server.
type driver struct {
	cfg      Config
	run      string // random run id, in command ids, idea texts and names
	api      *apiClient
	wsBases  []string // ws:// bases of the server processes; participant i uses i mod len
	dialer   *websocket.Dialer
	m        *metrics
	hooks    hooks
	progress io.Writer
	logMu    sync.Mutex // progress lines come from many goroutines
	epoch    time.Time  // idea send times are offsets from it

	// framesAtWindow is the frame count when the measured window began,
	// cpuAtWindow the processor time used by then.
	framesAtWindow int64
	cpuAtWindow    cpuSample

	workshops    []workshopInfo
	fac          *wsConn
	participants []*wsConn
}

// Run validates cfg, runs its scenario and reports what it measured. It
// writes progress lines to progress. The error is for runs that could not
// be carried out; problems seen while measuring are in the report (Failures).
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Report, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	limit, err := raiseFileLimit()
	if err != nil {
		fmt.Fprintf(progress, "warning: could not raise the open-file limit: %v\n", err)
	}
	if need := filesNeeded(cfg); limit > 0 && need > limit {
		return nil, fmt.Errorf("%d participants need about %d open files but the limit is %d; "+
			"raise the hard limit (ulimit -Hn, or LimitNOFILE for a service) or use fewer participants", cfg.Participants, need, limit)
	}
	var run [4]byte
	_, _ = rand.Read(run[:])
	d := &driver{
		cfg: cfg, run: hex.EncodeToString(run[:]), progress: progress, epoch: time.Now(),
		api: newAPIClient(cfg.URL, cfg.JoinConcurrency),
		dialer: &websocket.Dialer{
			ReadBufferSize: readBufferSize, WriteBufferSize: writeBufferSize, WriteBufferPool: &sync.Pool{},
			HandshakeTimeout: greetWait,
		},
	}
	for _, u := range append([]string{cfg.URL}, cfg.Peers...) {
		d.wsBases = append(d.wsBases, "ws"+strings.TrimPrefix(strings.TrimRight(u, "/"), "http"))
	}
	d.m = newMetrics(0)

	ctx, cancel := context.WithTimeout(ctx, cfg.Duration+setupAllowance)
	defer cancel()
	rep := &Report{Scenario: cfg.Scenario, URL: cfg.URL, Peers: cfg.Peers, Run: d.run, Participants: cfg.Participants, FileLimit: limit}
	defer d.closeAll()
	if err := d.setup(ctx, rep); err != nil {
		return nil, err
	}
	switch cfg.Scenario {
	case ScenarioIdeas:
		err = d.runIdeas(ctx, rep)
	case ScenarioVotes:
		err = d.runVotes(ctx, rep)
	case ScenarioJoin:
		err = d.runJoin(ctx, rep)
	case ScenarioIdle:
		err = d.runIdle(ctx, rep)
	}
	if err != nil {
		return nil, err
	}
	d.finish(rep)
	return rep, nil
}

// filesNeeded estimates the descriptors a run holds: one socket per
// participant, the facilitator, the HTTP pool and some slack.
func filesNeeded(cfg Config) uint64 {
	return uint64(cfg.Participants + cfg.JoinConcurrency + 64)
}

func (d *driver) logf(format string, args ...any) {
	d.logMu.Lock()
	defer d.logMu.Unlock()
	fmt.Fprintf(d.progress, "kizuki-load: "+format+"\n", args...)
}

// setup signs the facilitator in and finds or creates the workshops.
func (d *driver) setup(ctx context.Context, rep *Report) error {
	if err := d.api.signIn(ctx, d.cfg.Email, d.cfg.Password, d.run); err != nil {
		return fmt.Errorf("facilitator sign-in: %w", err)
	}
	if d.cfg.WorkshopID != 0 {
		w, _, err := d.api.workshop(ctx, d.cfg.WorkshopID)
		if err != nil {
			return fmt.Errorf("workshop %d: %w", d.cfg.WorkshopID, err)
		}
		if d.cfg.JoinCode != "" {
			w.JoinCode = d.cfg.JoinCode
		}
		d.workshops = []workshopInfo{w}
		rep.Notes = append(rep.Notes, fmt.Sprintf("used existing workshop %d; its phase was changed as the scenario needs", w.ID))
	} else {
		acct, err := d.api.createAccount(ctx, "kizuki-load "+d.run)
		if err != nil {
			return fmt.Errorf("create account: %w", err)
		}
		budget := max(3, d.cfg.VotesEach)
		for i := range d.cfg.Workshops {
			w, err := d.api.createWorkshop(ctx, acct, fmt.Sprintf("kizuki-load %s %s #%d", d.cfg.Scenario, d.run, i+1), budget)
			if err != nil {
				return fmt.Errorf("create workshop: %w", err)
			}
			d.workshops = append(d.workshops, w)
		}
	}
	for _, w := range d.workshops {
		rep.WorkshopIDs = append(rep.WorkshopIDs, w.ID)
	}
	rep.Workshops = len(d.workshops)
	return nil
}

// connectFacilitator opens the facilitator's socket to the first workshop.
func (d *driver) connectFacilitator(ctx context.Context, watchPresence bool) error {
	fac := newConn(d, -1, d.workshops[0].ID, "")
	fac.watchPresence = watchPresence
	if err := fac.start(ctx); err != nil {
		return fmt.Errorf("facilitator socket: %w", err)
	}
	d.fac = fac
	if err := waitGreeted(ctx, fac); err != nil {
		return fmt.Errorf("facilitator socket: %w", err)
	}
	return nil
}

// setPhase moves the first workshop to phase through the facilitator.
func (d *driver) setPhase(ctx context.Context, phase string) error {
	_, err := d.fac.command(ctx, "phase.set", map[string]string{"phase": phase})
	return err
}

func waitGreeted(ctx context.Context, c *wsConn) error {
	select {
	case <-c.greeted:
		return c.greetErr
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(greetWait):
		return errors.New("no snapshot within " + greetWait.String())
	}
}

// startWindow marks the start of the measured part and returns its time.
func (d *driver) startWindow() time.Time {
	d.framesAtWindow = d.m.framesParticipants.Load() + d.m.framesFac.Load()
	d.cpuAtWindow = sampleCPU(d.cfg.ServerPID)
	return time.Now()
}

// sleepUntil waits for t; false if ctx ended first.
func sleepUntil(ctx context.Context, t time.Time) bool {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// waitFor polls cond until it holds or limit passes; true if it held.
func waitFor(ctx context.Context, limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) || !sleepUntil(ctx, time.Now().Add(20*time.Millisecond)) {
			return cond()
		}
	}
	return true
}

// unanswered counts participants' commands still waiting for an answer.
func (d *driver) unanswered() int {
	n := 0
	for _, p := range d.participants {
		n += p.unanswered()
	}
	return n
}

// closeAll closes every socket, a few at a time so the server is not asked
// to process thousands of leaves in one instant.
func (d *driver) closeAll() {
	forEach(context.Background(), len(d.participants), 64, func(i int) {
		if p := d.participants[i]; p != nil {
			p.close()
		}
	})
	if d.fac != nil {
		d.fac.close()
	}
}

// wsOrigin is the Origin sent with upgrades: the server's own.
func wsOrigin(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	return u.Scheme + "://" + u.Host
}

// node is the server process participant i connects to; the facilitator
// (index -1) uses the first.
func (d *driver) node(i int) int {
	if i < 0 {
		return 0
	}
	return i % len(d.wsBases)
}
