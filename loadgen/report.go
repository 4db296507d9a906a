package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Report is what one run measured. Latencies are in milliseconds, times in seconds.
type Report struct {
	Scenario     string  `json:"scenario"`
	URL          string  `json:"url"`
	Run          string  `json:"run"`
	WorkshopIDs  []int64 `json:"workshopIds"`
	Workshops    int     `json:"workshops"`
	Participants int     `json:"participants"`
	Connected    int     `json:"connected"`
	FileLimit    uint64  `json:"fileLimit"`
	// SetupSeconds is how long joining and connecting the participants took.
	SetupSeconds float64 `json:"setupSeconds"`
	// WindowSeconds is the measured part: sending (and draining), or holding.
	WindowSeconds float64 `json:"windowSeconds"`
	Rate          float64 `json:"rate,omitempty"`

	Delivery Stats `json:"delivery"` // idea sent → each other participant has its event
	// CrossNode is the part of Delivery between participants on different server processes (with --peer).
	CrossNode Stats    `json:"crossNodeDelivery"`
	Peers     []string `json:"peers,omitempty"`
	Ack       Stats    `json:"ack"` // command sent → its ack, for participants' commands
	Join      *Join    `json:"join,omitempty"`
	JoinHTTP  Stats    `json:"joinHttp"`  // POST /api/join
	Connect   Stats    `json:"connectWs"` // dial → snapshot received

	CommandsSent   int64       `json:"commandsSent"`
	Acked          int64       `json:"acked"`
	Unanswered     int64       `json:"unanswered"`
	Deliveries     *Deliveries `json:"deliveries,omitempty"`
	Throughput     float64     `json:"throughput"`
	ThroughputUnit string      `json:"throughputUnit,omitempty"`
	FramesReceived int64       `json:"framesReceived"`
	FramesPerSec   float64     `json:"framesPerSecond"` // frames received per second in the measured window
	// BytesReceived is what all participants received over the whole run, PresenceBytes the presence part of it.
	BytesReceived int64 `json:"bytesReceived"`
	PresenceBytes int64 `json:"presenceBytes"`
	Duplicates    int64 `json:"duplicates"`

	Errors      map[string]int64 `json:"errors"`
	Dropped     map[string]int64 `json:"dropped"`
	Reconnected int64            `json:"reconnected"`

	Votes  *Votes   `json:"votes,omitempty"`
	Memory *Memory  `json:"memory,omitempty"`
	CPU    *CPU     `json:"cpu,omitempty"`
	Notes  []string `json:"notes,omitempty"`
}

// Deliveries accounts for every idea event the participants should have received.
type Deliveries struct {
	Expected     int64 `json:"expected"`
	Live         int64 `json:"live"`
	FromSnapshot int64 `json:"fromSnapshot"` // got in a fresh snapshot after a reconnect
	Missing      int64 `json:"missing"`
}

// Votes is the outcome of a vote storm.
type Votes struct {
	Expected             int64   `json:"expected"`
	Sent                 int64   `json:"sent"`
	Acked                int64   `json:"acked"`
	Counted              int64   `json:"counted"` // from GET /api/workshops/:id/results
	ExactlyOnce          bool    `json:"exactlyOnce"`
	SendSeconds          float64 `json:"sendSeconds"`
	FramesToParticipants int64   `json:"framesToParticipants"`
}

// Join is the outcome of a join wave.
type Join struct {
	AllConnectedSeconds           float64 `json:"allConnectedSeconds"`
	PresenceSettledSeconds        float64 `json:"presenceSettledSeconds"`
	LastParticipantSettledSeconds float64 `json:"lastParticipantSettledSeconds"`
	Settled                       bool    `json:"settled"`
}

// Memory is the server's resident memory around connecting idle clients.
type Memory struct {
	ServerPID          int     `json:"serverPid,omitempty"`
	ServerBeforeKiB    int64   `json:"serverBeforeKiB,omitempty"`
	ServerConnectedKiB int64   `json:"serverConnectedKiB,omitempty"`
	ServerEndKiB       int64   `json:"serverEndKiB,omitempty"`
	ServerPerConnKiB   float64 `json:"serverPerConnKiB,omitempty"`
	LoadGenPerConnKiB  float64 `json:"loadgenPerConnKiB,omitempty"`
}

// finish copies the shared counters into the report.
func (d *driver) finish(rep *Report) {
	m := d.m
	rep.CPU = cpuBetween(d.cpuAtWindow, sampleCPU(d.cfg.ServerPID))
	rep.Connected = len(d.participants)
	rep.Delivery, rep.Ack, rep.CrossNode = m.delivery.Stats(), m.ack.Stats(), m.crossNode.Stats()
	rep.JoinHTTP, rep.Connect = m.join.Stats(), m.connect.Stats()
	rep.CommandsSent, rep.Acked, rep.Unanswered = m.sent.Load(), m.acked.Load(), int64(d.unanswered())
	rep.FramesReceived = m.framesParticipants.Load() + m.framesFac.Load()
	if rep.WindowSeconds > 0 {
		rep.FramesPerSec = float64(rep.FramesReceived-d.framesAtWindow) / rep.WindowSeconds
	}
	rep.Duplicates = m.duplicates.Load()
	rep.BytesReceived, rep.PresenceBytes = m.bytesIn.Load(), m.presenceBytesIn.Load()
	rep.Errors, rep.Dropped = m.errorCounts()
	rep.Reconnected = m.reconnected.Load()
	if m.strayAcks.Load() > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d acks for commands not sent in this run", m.strayAcks.Load()))
	}
}

// Failures lists what went wrong in a run; empty when it went clean.
func (r *Report) Failures() []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if r.Connected < r.Participants {
		add("%d of %d participants connected", r.Connected, r.Participants)
	}
	if n := sum(r.Errors); n > 0 {
		add("%d errors", n)
	}
	if lost := sum(r.Dropped) - r.Reconnected; lost > 0 {
		add("%d dropped connections did not come back", lost)
	}
	if r.Unanswered > 0 {
		add("%d commands never answered", r.Unanswered)
	}
	if r.Duplicates > 0 {
		add("%d duplicate deliveries", r.Duplicates)
	}
	if r.Deliveries != nil && r.Deliveries.Missing > 0 {
		add("%d deliveries missing", r.Deliveries.Missing)
	}
	if r.Votes != nil && !r.Votes.ExactlyOnce {
		add("votes: %d acked but %d counted", r.Votes.Acked, r.Votes.Counted)
	}
	if r.Join != nil && !r.Join.Settled {
		add("presence never showed all %d participants", r.Connected)
	}
	return out
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report for people.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	line := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	line("scenario\t%s against %s (run %s, workshop %s)", r.Scenario, r.URL, r.Run, workshopList(r.WorkshopIDs))
	line("participants\t%d of %d connected in %.2f s", r.Connected, r.Participants, r.SetupSeconds)
	line("measured\t%.2f s", r.WindowSeconds)
	tw.Flush()

	fmt.Fprintf(w, "\n%-14s %9s %9s %9s %9s %9s\n", "latency (ms)", "count", "p50", "p95", "p99", "max")
	for _, s := range []struct {
		name string
		st   Stats
	}{{"delivery", r.Delivery}, {"cross-node", r.CrossNode}, {"ack", r.Ack}, {"join (HTTP)", r.JoinHTTP}, {"connect (WS)", r.Connect}} {
		if s.st.Count == 0 {
			continue
		}
		fmt.Fprintf(w, "%-14s %9d %9.2f %9.2f %9.2f %9.2f\n", s.name, s.st.Count, s.st.P50, s.st.P95, s.st.P99, s.st.Max)
	}
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if r.Deliveries != nil {
		d := r.Deliveries
		line("deliveries\t%d of %d expected (%d from a snapshot after a reconnect, %d missing, %d duplicate)", d.Live+d.FromSnapshot, d.Expected, d.FromSnapshot, d.Missing, r.Duplicates)
	}
	if r.Throughput > 0 {
		line("throughput\t%.1f %s; %.1f frames/s received overall", r.Throughput, r.ThroughputUnit, r.FramesPerSec)
	}
	if r.BytesReceived > 0 {
		line("received\t%s by the participants over the run, %s of it presence lists", mib(r.BytesReceived), mib(r.PresenceBytes))
	}
	if r.CommandsSent > 0 {
		line("commands\t%d sent, %d acked, %d unanswered", r.CommandsSent, r.Acked, r.Unanswered)
	}
	if v := r.Votes; v != nil {
		verdict := "counted exactly once"
		if !v.ExactlyOnce {
			verdict = "MISMATCH"
		}
		line("votes\t%d expected, %d sent in %.2f s, %d acked, %d counted by the server: %s", v.Expected, v.Sent, v.SendSeconds, v.Acked, v.Counted, verdict)
		line("storm fan-out\t%d frames reached participants (while votes are hidden each vote reaches only its voter)", v.FramesToParticipants)
	}
	if j := r.Join; j != nil {
		line("all connected\t%.2f s", j.AllConnectedSeconds)
		if j.Settled {
			line("presence settled\t%.2f s (facilitator), %.2f s (last participant)", j.PresenceSettledSeconds, j.LastParticipantSettledSeconds)
		} else {
			line("presence settled\tnever within the run")
		}
	}
	if m := r.Memory; m != nil {
		if m.ServerPID != 0 {
			line("server RSS\t%s before sockets, %s connected, %s at the end: %.1f KiB per connection",
				kib(m.ServerBeforeKiB), kib(m.ServerConnectedKiB), kib(m.ServerEndKiB), m.ServerPerConnKiB)
		} else {
			line("server RSS\tnot measured (give --server-pid)")
		}
		line("load generator\t%.1f KiB per connection", m.LoadGenPerConnKiB)
	}
	if c := r.CPU; c != nil {
		if c.Server > 0 {
			line("cpu (cores)\tserver %.2f, load generator %.2f, other processes %.2f, of %d", c.Server, c.LoadGen, c.Other, c.Cores)
		} else {
			line("cpu (cores)\tload generator %.2f, server and other processes %.2f, of %d", c.LoadGen, c.Other, c.Cores)
		}
	}
	line("errors\t%s", counts(r.Errors))
	line("connections\t%d dropped (%s), %d reconnected", sum(r.Dropped), counts(r.Dropped), r.Reconnected)
	for _, n := range r.Notes {
		line("note\t%s", n)
	}
	switch f := r.Failures(); {
	case len(f) > 0:
		line("FAILED\t%s", strings.Join(f, "; "))
	case sum(r.Dropped) > 0:
		line("result\tno errors or missing messages; every dropped connection resumed")
	default:
		line("result\tclean: no errors, drops or missing messages")
	}
	return tw.Flush()
}

func workshopList(ids []int64) string {
	switch len(ids) {
	case 0:
		return "none"
	case 1:
		return fmt.Sprint(ids[0])
	}
	return fmt.Sprintf("%d-%d (%d)", ids[0], ids[len(ids)-1], len(ids))
}

func mib(bytes int64) string {
	return fmt.Sprintf("%.1f MiB", float64(bytes)/(1<<20))
}

func kib(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/1024)
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// counts renders a count map as "a 2, b 1", or "none".
func counts(m map[string]int64) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
