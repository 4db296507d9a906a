package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/loadgen"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// kizukiProcess is the real server binary running on a loopback port.
type kizukiProcess struct {
	t         *testing.T
	bin, addr string
	dbURL     string
	args      []string // more flags for serve
	cmd       *exec.Cmd
	logs      bytes.Buffer
	done      chan struct{}
}

var buildKizuki struct {
	sync.Once
	path string
	err  error
}

// startKizuki builds (once) and starts the real server on a free loopback
// port with any more serve flags; it is killed when the test ends.
func startKizuki(t *testing.T, dbURL string, args ...string) *kizukiProcess {
	t.Helper()
	buildKizuki.Do(func() {
		dir, err := os.MkdirTemp("", "kizuki-load-test-")
		if err != nil {
			buildKizuki.err = err
			return
		}
		buildKizuki.path = filepath.Join(dir, "kizuki")
		out, err := exec.Command("go", "build", "-o", buildKizuki.path, "github.com/kizuki-app/kizuki/cmd/kizuki").CombinedOutput()
		if err != nil {
			buildKizuki.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildKizuki.err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &kizukiProcess{t: t, bin: buildKizuki.path, addr: ln.Addr().String(), dbURL: dbURL, args: args}
	require.NoError(t, ln.Close())
	p.start()
	t.Cleanup(func() {
		p.stop(syscall.SIGKILL)
		if t.Failed() {
			t.Logf("server log:\n%s", p.logs.String())
		}
	})
	return p
}

func (p *kizukiProcess) url() string { return "http://" + p.addr }

func (p *kizukiProcess) pid() int { return p.cmd.Process.Pid }

func (p *kizukiProcess) start() {
	p.t.Helper()
	p.cmd = exec.Command(p.bin, append([]string{"serve", "--addr", p.addr, "--database-url", p.dbURL}, p.args...)...)
	p.cmd.Stdout, p.cmd.Stderr = &p.logs, &p.logs
	require.NoError(p.t, p.cmd.Start())
	done := make(chan struct{})
	p.done = done
	go func() { _ = p.cmd.Wait(); close(done) }()
	require.Eventually(p.t, func() bool {
		resp, err := http.Get(p.url() + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 20*time.Second, 20*time.Millisecond, "server did not get ready")
}

// stop signals the server and waits for it to exit.
func (p *kizukiProcess) stop(sig os.Signal) {
	_ = p.cmd.Process.Signal(sig)
	<-p.done
}

// TestEveryScenarioRunsCleanAgainstTheRealServer keeps the load generator
// working: each scenario, tiny, against the real binary, with no errors.
func TestEveryScenarioRunsCleanAgainstTheRealServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server")
	}
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			srv := startKizuki(t, d.URL(t))
			common := []string{"--url", srv.url(), "--participants", "20", "--duration", "2s", "--json"}
			cases := []struct {
				scenario string
				args     []string
				check    func(t *testing.T, r *loadgen.Report)
			}{
				{loadgen.ScenarioIdeas, []string{"--rate", "10"}, func(t *testing.T, r *loadgen.Report) {
					require.NotNil(t, r.Deliveries)
					assert.Equal(t, int64(20*19), r.Deliveries.Expected, "20 ideas, each to 19 others")
					assert.Equal(t, r.Deliveries.Expected, r.Deliveries.Live)
					assert.Equal(t, r.Deliveries.Live, r.Delivery.Count)
					assert.Equal(t, int64(20), r.Ack.Count)
					assert.Positive(t, r.Delivery.P50)
				}},
				{loadgen.ScenarioVotes, []string{"--votes-each", "3"}, func(t *testing.T, r *loadgen.Report) {
					require.NotNil(t, r.Votes)
					assert.Equal(t, int64(60), r.Votes.Acked)
					assert.Equal(t, int64(60), r.Votes.Counted, "every acked vote counted once")
					assert.True(t, r.Votes.ExactlyOnce)
					assert.Equal(t, int64(60), r.Ack.Count)
				}},
				{loadgen.ScenarioJoin, nil, func(t *testing.T, r *loadgen.Report) {
					require.NotNil(t, r.Join)
					assert.True(t, r.Join.Settled)
					assert.GreaterOrEqual(t, r.Join.PresenceSettledSeconds, r.Join.AllConnectedSeconds)
				}},
				{loadgen.ScenarioIdle, []string{"--workshops", "4", "--server-pid", strconv.Itoa(srv.pid())}, func(t *testing.T, r *loadgen.Report) {
					require.NotNil(t, r.Memory)
					assert.Equal(t, 4, r.Workshops)
					assert.Positive(t, r.Memory.ServerConnectedKiB)
				}},
			}
			for _, tc := range cases {
				t.Run(tc.scenario, func(t *testing.T) {
					t.Parallel()
					var out, progress bytes.Buffer
					args := append(append([]string{"--scenario", tc.scenario}, common...), tc.args...)
					err := run(context.Background(), args, noEnv, &out, &progress)
					require.NoError(t, err, "progress:\n%s\nreport:\n%s", progress.String(), out.String())
					var r loadgen.Report
					require.NoError(t, json.Unmarshal(out.Bytes(), &r))
					assert.Equal(t, 20, r.Connected)
					assert.Empty(t, r.Errors)
					assert.Empty(t, r.Dropped)
					assert.Zero(t, r.Duplicates)
					assert.Empty(t, r.Failures())
					tc.check(t, &r)
					if t.Failed() {
						fmt.Fprintln(os.Stderr, out.String())
					}
				})
			}
		})
	}
}

// TestIdeasAcrossTwoProcesses spreads the participants over two server
// processes on one PostgreSQL database and measures cross-node delivery.
func TestIdeasAcrossTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server")
	}
	dbURL := testdb.PostgresURL(t)
	if dbURL == "" {
		t.Skip("several processes need PostgreSQL: set TEST_DATABASE_URL")
	}
	a := startKizuki(t, dbURL)
	b := startKizuki(t, dbURL, "--base-url", a.url()) // one public URL, as behind a load balancer
	var out, progress bytes.Buffer
	err := run(context.Background(), []string{"--url", a.url(), "--peer", b.url(), "--scenario", "ideas",
		"--participants", "20", "--duration", "2s", "--rate", "10", "--json"}, noEnv, &out, &progress)
	require.NoError(t, err, "progress:\n%s", progress.String())
	var r loadgen.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Empty(t, r.Failures())
	assert.Empty(t, r.Errors)
	require.NotNil(t, r.Deliveries)
	assert.Equal(t, r.Deliveries.Expected, r.Deliveries.Live)
	// Participants alternate between the processes: of each idea's 19
	// receivers, 10 are on the other process.
	assert.Equal(t, int64(20*10), r.CrossNode.Count)
	assert.Positive(t, r.CrossNode.P50)
}

// signalWriter collects progress lines and closes seen when one contains marker.
type signalWriter struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	marker string
	seen   chan struct{}
	once   sync.Once
}

func (w *signalWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if strings.Contains(string(b), w.marker) {
		w.once.Do(func() { close(w.seen) })
	}
	return w.buf.Write(b)
}

// TestClientsResumeAfterTheServerRestarts restarts the server while ideas are
// flowing: every client must count one drop and one reconnect, resume with
// since=<last seq>, resend what was not acknowledged, and end up with every
// idea delivered exactly once.
func TestClientsResumeAfterTheServerRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server")
	}
	srv := startKizuki(t, "sqlite://"+filepath.Join(t.TempDir(), "restart.db"))
	progress := &signalWriter{marker: "sending", seen: make(chan struct{})}
	var out bytes.Buffer
	result := make(chan error, 1)
	go func() {
		result <- run(context.Background(), []string{"--url", srv.url(), "--scenario", "ideas", "--participants", "10",
			"--rate", "5", "--duration", "4s", "--json"}, noEnv, &out, progress)
	}()
	select {
	case <-progress.seen:
	case <-time.After(30 * time.Second):
		t.Fatal("the run never started sending")
	}
	time.Sleep(time.Second)
	srv.stop(syscall.SIGTERM) // closes every socket with 1001: clients come back
	srv.start()
	err := <-result
	require.NoError(t, err, "report:\n%s", out.String())

	var r loadgen.Report
	require.NoError(t, json.Unmarshal(out.Bytes(), &r))
	assert.Equal(t, int64(11), r.Dropped["close_1001"], "10 participants and the facilitator were told the server was going away")
	assert.Equal(t, int64(11), r.Reconnected)
	assert.Empty(t, r.Errors)
	assert.Zero(t, r.Duplicates)
	assert.Zero(t, r.Unanswered)
	require.NotNil(t, r.Deliveries)
	assert.Equal(t, int64(20*9), r.Deliveries.Expected)
	assert.Zero(t, r.Deliveries.Missing, "ideas sent around the restart still reached everyone")
}
