package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models/testdb"
)

// These tests run the real kizuki binary as a subprocess, to kill it the way
// a crash or an orchestrator would.

var buildOnce struct {
	sync.Once
	path string
	err  error
}

func kizukiBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kizuki-bin-")
		if err != nil {
			buildOnce.err = err
			return
		}
		buildOnce.path = filepath.Join(dir, "kizuki")
		out, err := exec.Command("go", "build", "-o", buildOnce.path, ".").CombinedOutput()
		if err != nil {
			buildOnce.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	require.NoError(t, buildOnce.err)
	return buildOnce.path
}

// serverProcess is a running kizuki.
type serverProcess struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
	done chan struct{} // closed when the process has exited
	err  error         // its exit error, once done is closed
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	return addr
}

func startServer(t *testing.T, addr, dbURL string) *serverProcess {
	t.Helper()
	p := &serverProcess{t: t, addr: addr, logs: &bytes.Buffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(kizukiBinary(t), "serve", "--addr", addr, "--database-url", dbURL)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	require.NoError(t, p.cmd.Start())
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("server log:\n%s", p.logs.String())
		}
	})
	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	}, 20*time.Second, 20*time.Millisecond, "server did not get ready")
	return p
}

// api is a signed-in facilitator's HTTP client.
type api struct {
	t      *testing.T
	base   string
	client *http.Client
}

func (a *api) do(method, path string, body, out any) int {
	a.t.Helper()
	enc, _ := json.Marshal(body)
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(enc))
	require.NoError(a.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", a.base) // as a browser does: signed-in writes must name their Origin
	resp, err := a.client.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		require.NoError(a.t, json.Unmarshal(data, out), "%s", data)
	}
	return resp.StatusCode
}

type frame struct {
	Type string          `json:"type"`
	ID   string          `json:"id"`
	Seq  int64           `json:"seq"`
	Code string          `json:"code"`
	Data json.RawMessage `json:"data"`
}

// dial connects with the facilitator's cookie or a participant token.
func dial(t *testing.T, addr string, workshopID int64, query string, cookie string) (*websocket.Conn, error) {
	h := http.Header{"Origin": {"http://" + addr}}
	if cookie != "" {
		h.Set("Cookie", cookie)
	}
	conn, resp, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/ws/workshops/%d%s", addr, workshopID, query), h)
	if resp != nil {
		resp.Body.Close()
	}
	return conn, err
}

// command sends a command and waits for its reply, skipping other frames.
func command(conn *websocket.Conn, id, typ string, data any) (frame, error) {
	msg, _ := json.Marshal(map[string]any{"id": id, "type": typ, "data": data})
	if err := conn.WriteMessage(websocket.TextMessage, msg); err != nil {
		return frame{}, err
	}
	for {
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		var f frame
		if err := conn.ReadJSON(&f); err != nil {
			return frame{}, err
		}
		if f.ID == id && (f.Type == "ack" || f.Type == "error") {
			return f, nil
		}
	}
}

// newWorkshop signs a facilitator up and creates an account and a workshop
// with settings (nil for the defaults); cookie is the facilitator's session.
func newWorkshop(t *testing.T, addr, title string, settings map[string]int) (a *api, workshopID int64, joinCode, cookie string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	a = &api{t: t, base: "http://" + addr, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	require.Equal(t, 201, a.do("POST", "/api/auth/signup", map[string]string{"email": "f@example.com", "password": "tarn-lantern-42", "name": "F"}, nil))
	var acct struct{ ID int64 }
	require.Equal(t, 201, a.do("POST", "/api/accounts", map[string]string{"name": "Acme"}, &acct))
	var w struct {
		ID       int64
		JoinCode string
	}
	body := map[string]any{"title": title, "accountId": acct.ID}
	if settings != nil {
		body["settings"] = settings
	}
	require.Equal(t, 201, a.do("POST", "/api/workshops", body, &w))
	u, _ := http.NewRequest("GET", a.base, nil)
	for _, c := range jar.Cookies(u.URL) {
		cookie = c.Name + "=" + c.Value
	}
	return a, w.ID, w.JoinCode, cookie
}

// votingWorkshop prepares a workshop in vote_ideal with ideas, and returns its id and idea ids.
func votingWorkshop(t *testing.T, addr string) (*api, int64, []int64, string) {
	t.Helper()
	a, workshopID, joinCode, cookie := newWorkshop(t, addr, "Storm", nil)
	w := struct {
		ID       int64
		JoinCode string
	}{workshopID, joinCode}
	fac, err := dial(t, addr, w.ID, "", cookie)
	require.NoError(t, err)
	defer fac.Close()
	f, err := command(fac, "p1", "phase.set", map[string]string{"phase": "ideal"})
	require.NoError(t, err)
	require.Equal(t, "ack", f.Type)
	var ideas []int64
	for i := range 4 {
		f, err := command(fac, fmt.Sprintf("i%d", i), "idea.add", map[string]string{"column": "ideal", "text": fmt.Sprintf("Ideal %d", i)})
		require.NoError(t, err)
		require.Equal(t, "ack", f.Type)
		ideas = append(ideas, int64(f.Seq)) // placeholder, replaced below
	}
	var snap struct {
		Ideas []struct{ ID int64 }
	}
	require.Equal(t, 200, a.do("GET", fmt.Sprintf("/api/workshops/%d", w.ID), nil, &snap))
	ideas = ideas[:0]
	for _, i := range snap.Ideas {
		ideas = append(ideas, i.ID)
	}
	f, err = command(fac, "p2", "phase.set", map[string]string{"phase": "vote_ideal"})
	require.NoError(t, err)
	require.Equal(t, "ack", f.Type)
	return a, w.ID, ideas, w.JoinCode
}

// TestAcknowledgedVotesSurviveKill9 drives a vote storm, SIGKILLs the server
// mid-storm, restarts it on the same database, lets clients resume and resend
// what was not acknowledged, and checks every vote is counted exactly once.
func TestAcknowledgedVotesSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real binary")
	}
	const participants, votesEach = 40, 3
	// Votes are paced so the storm is still going when the first acks come
	// back: group commit would otherwise settle a short burst in one transaction.
	const votePacing = 40 * time.Millisecond
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			dbURL := d.URL(t)
			addr := freeAddr(t)
			srv := startServer(t, addr, dbURL)
			a, workshopID, ideas, code := votingWorkshop(t, addr)

			type voter struct {
				token string
				ids   []string // command ids, each cast once
				idea  []int64
				acked map[string]int64
			}
			voters := make([]*voter, participants)
			for i := range voters {
				var j struct{ Token string }
				require.Equal(t, 201, a.do("POST", "/api/join", map[string]string{"code": code, "name": fmt.Sprintf("P%d", i), "layer": "frontline"}, &j))
				v := &voter{token: j.Token, acked: map[string]int64{}}
				for k := range votesEach {
					v.ids = append(v.ids, fmt.Sprintf("v%d-%d", i, k))
					v.idea = append(v.idea, ideas[(i+k)%len(ideas)])
				}
				voters[i] = v
			}

			// The storm: every voter pipelines all its votes at once; the
			// server dies after the first acknowledgements come back.
			var mu sync.Mutex
			ackCount := 0
			killed := make(chan struct{})
			var killOnce sync.Once
			var wg sync.WaitGroup
			conns := make([]*websocket.Conn, len(voters))
			for i, v := range voters { // everyone is connected before the storm starts
				conn, err := dial(t, addr, workshopID, "?token="+v.token, "")
				require.NoError(t, err)
				conns[i] = conn
			}
			for i, v := range voters {
				conn := conns[i]
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer conn.Close()
					go func() {
						for k, id := range v.ids {
							msg, _ := json.Marshal(map[string]any{"id": id, "type": "vote.cast", "data": map[string]int64{"ideaId": v.idea[k]}})
							if conn.WriteMessage(websocket.TextMessage, msg) != nil {
								return
							}
							time.Sleep(votePacing)
						}
					}()
					for {
						_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
						var f frame
						if conn.ReadJSON(&f) != nil {
							return // the server is gone
						}
						if f.Type == "ack" {
							mu.Lock()
							v.acked[f.ID] = f.Seq
							ackCount++
							if ackCount >= participants/2 {
								killOnce.Do(func() {
									_ = srv.cmd.Process.Signal(syscall.SIGKILL)
									close(killed)
								})
							}
							mu.Unlock()
						}
					}
				}()
			}
			select {
			case <-killed:
			case <-time.After(30 * time.Second):
				t.Fatal("the storm never reached the kill point")
			}
			<-srv.done
			wg.Wait()
			ackedBeforeKill := 0
			for _, v := range voters {
				ackedBeforeKill += len(v.acked)
			}
			require.Less(t, ackedBeforeKill, participants*votesEach, "killed mid-storm, not after it")

			// Restart and resume: resend every vote with its original id; acked
			// ones must come back with their original seq and apply nothing.
			startServer(t, addr, dbURL)
			for _, v := range voters {
				conn, err := dial(t, addr, workshopID, "?token="+v.token+"&since=0", "")
				require.NoError(t, err)
				for k, id := range v.ids {
					f, err := command(conn, id, "vote.cast", map[string]int64{"ideaId": v.idea[k]})
					require.NoError(t, err)
					require.Equal(t, "ack", f.Type, "vote %s: %s", id, f.Code)
					if seq, ok := v.acked[id]; ok {
						assert.Equal(t, seq, f.Seq, "an acknowledged vote %s kept its seq", id)
					}
				}
				conn.Close()
			}

			var res struct {
				Columns []struct {
					Column string
					Items  []struct{ Total int }
				}
			}
			require.Equal(t, 200, a.do("GET", fmt.Sprintf("/api/workshops/%d/results", workshopID), nil, &res))
			total := 0
			for _, it := range res.Columns[0].Items {
				total += it.Total
			}
			assert.Equal(t, participants*votesEach, total, "every vote counted exactly once")
			t.Logf("%s: %d of %d votes were acknowledged before SIGKILL; all %d counted once after restart",
				d.Name, ackedBeforeKill, participants*votesEach, total)
		})
	}
}

// TestSIGTERMClosesSocketsWithGoingAwayAndExits checks graceful shutdown of the real process.
func TestSIGTERMClosesSocketsWithGoingAwayAndExits(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real binary")
	}
	addr := freeAddr(t)
	srv := startServer(t, addr, "sqlite://"+filepath.Join(t.TempDir(), "term.db"))
	a, workshopID, _, code := votingWorkshop(t, addr)
	var j struct{ Token string }
	require.Equal(t, 201, a.do("POST", "/api/join", map[string]string{"code": code, "name": "P", "layer": "other"}, &j))
	conn, err := dial(t, addr, workshopID, "?token="+j.Token, "")
	require.NoError(t, err)
	defer conn.Close()
	var snap frame
	require.NoError(t, conn.ReadJSON(&snap))

	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	for {
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, _, err := conn.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, websocket.CloseGoingAway, ce.Code)
			assert.Equal(t, "server shutting down", ce.Text)
			break
		}
	}
	select {
	case <-srv.done:
		assert.NoError(t, srv.err, "exit status 0")
	case <-time.After(15 * time.Second):
		t.Fatal("server did not exit after SIGTERM")
	}
	assert.True(t, strings.Contains(srv.logs.String(), "shutting down"))
}

// TestSIGTERMDoesNotWaitForConnectionsThatSentNothing: a browser's spare
// keep-alive connection has no request in flight; net/http alone would wait
// 5 s for it before exiting.
func TestSIGTERMDoesNotWaitForConnectionsThatSentNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real binary")
	}
	addr := freeAddr(t)
	srv := startServer(t, addr, "sqlite://"+filepath.Join(t.TempDir(), "spare.db"))
	spare, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer spare.Close()
	time.Sleep(100 * time.Millisecond) // accepted, and silent

	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-srv.done:
		assert.NoError(t, srv.err, "exit status 0")
	case <-time.After(3 * time.Second):
		t.Fatal("still running 3 s after SIGTERM: waiting on a connection that sent nothing")
	}
}
