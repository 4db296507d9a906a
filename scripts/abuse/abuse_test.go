//go:build abuse

// Package abuse measures what a running kizuki keeps while someone
// misbehaves on loopback: slow request bodies from one address, a full
// board, and 200 cold connects to it. Figures in docs/performance.md.
//
//	make build && go test -tags abuse -v -count=1 ./scripts/abuse
//
// It starts bin/kizuki (or $KIZUKI_BIN) on 127.0.0.1:18777; every loop is
// bounded, and only loopback addresses are used.
package abuse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

const addr = "127.0.0.1:18777"
const base = "http://" + addr

func kizukiBin() string {
	if b := os.Getenv("KIZUKI_BIN"); b != "" {
		return b
	}
	return "../../bin/kizuki"
}

func start(t *testing.T, db string) *exec.Cmd {
	cmd := exec.Command(kizukiBin(), "serve", "--addr", addr, "--database-url", db)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for range 200 {
		if r, err := http.Get(base + "/readyz"); err == nil {
			r.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return cmd
}

type api struct{ c *http.Client }

func (a api) do(method, path string, body, out any) int {
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(raw))
	req.Header.Set("Origin", base)
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.c.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		_ = json.Unmarshal(data, out)
	}
	return resp.StatusCode
}

func TestSlowBodies(t *testing.T) {
	dir := t.TempDir()
	cmd := start(t, "sqlite://"+dir+"/m.db")
	defer cmd.Process.Kill()
	var conns []net.Conn
	refused := 0
	startT := time.Now()
	for i := 0; i < 5000; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			refused++
			continue
		}
		if _, err := c.Write([]byte("POST /api/auth/login HTTP/1.1\r\nHost: " + addr + "\r\nContent-Length: 100000\r\n\r\na")); err != nil {
			refused++
		}
		conns = append(conns, c)
	}
	t.Logf("opened %d slow connections in %s", len(conns), time.Since(startT))
	time.Sleep(500 * time.Millisecond)
	// healthz from another loopback address
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2")}}
	hc := http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}, Timeout: 5 * time.Second}
	var lat []time.Duration
	for range 20 {
		s := time.Now()
		r, err := hc.Get(base + "/healthz")
		if err != nil {
			t.Logf("healthz from 127.0.0.2 failed: %v", err)
			continue
		}
		r.Body.Close()
		lat = append(lat, time.Since(s))
	}
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	if len(lat) > 0 {
		t.Logf("healthz from 127.0.0.2 during the attack: %d/20 answered, p50 %s max %s", len(lat), lat[len(lat)/2], lat[len(lat)-1])
	}
	// the attacker's closed connections: count how many of ours are dead already
	dead := 0
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		var b [1]byte
		if _, err := c.Read(b[:]); err != nil {
			if ne, ok := err.(net.Error); !ok || !ne.Timeout() {
				dead++
			}
		}
	}
	t.Logf("connections from 127.0.0.1 closed by the per-address cap: %d of %d", dead, len(conns))
	time.Sleep(31 * time.Second)
	alive := 0
	for _, c := range conns {
		_ = c.SetReadDeadline(time.Now().Add(time.Millisecond))
		var b [1]byte
		_, err := c.Read(b[:])
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			alive++
		}
		c.Close()
	}
	t.Logf("after 31 s (read timeout 30 s) still open: %d", alive)
}

func TestBigBoard(t *testing.T) {
	dir := t.TempDir()
	cmd := start(t, "sqlite://"+dir+"/b.db")
	defer cmd.Process.Kill()
	jar, _ := cookiejar.New(nil)
	a := api{&http.Client{Jar: jar, Timeout: 10 * time.Second}}
	a.do("POST", "/api/auth/signup", map[string]string{"email": "m@example.com", "password": "tarn-lantern-42", "name": "M"}, nil)
	var acct struct{ ID int64 }
	a.do("POST", "/api/accounts", map[string]string{"name": "Acme"}, &acct)
	mk := func(title string) (int64, string) {
		var w struct {
			ID       int64
			JoinCode string
		}
		a.do("POST", "/api/workshops", map[string]any{"title": title, "accountId": acct.ID}, &w)
		return w.ID, w.JoinCode
	}
	bigID, bigCode := mk("Big")
	smallID, _ := mk("Small")
	cookie := ""
	for _, ck := range jar.Cookies(mustURL(base)) {
		cookie = ck.Name + "=" + ck.Value
	}
	h := http.Header{"Origin": {base}, "Cookie": {cookie}}
	fac, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/ws/workshops/%d", addr, bigID), h)
	if err != nil {
		t.Fatal(err)
	}
	fac.WriteJSON(map[string]any{"id": "p", "type": "phase.set", "data": map[string]string{"phase": "current"}})
	go func() {
		for {
			if _, _, err := fac.ReadMessage(); err != nil {
				return
			}
		}
	}()
	time.Sleep(300 * time.Millisecond)
	text := ""
	for range 50 {
		text += "長い意見の文字列です"
	}
	var wg sync.WaitGroup
	refusedFull := 0
	var mu sync.Mutex
	for p := range 21 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var j struct{ Token string }
			a2 := api{&http.Client{Timeout: 10 * time.Second}}
			a2.do("POST", "/api/join", map[string]string{"code": bigCode, "name": fmt.Sprintf("P%d", p), "layer": "other"}, &j)
			c, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/ws/workshops/%d?token=%s", addr, bigID, j.Token), http.Header{"Origin": {base}})
			if err != nil {
				return
			}
			defer c.Close()
			acks := make(chan string, 200)
			go func() {
				for {
					var m struct{ Type, ID, Code string }
					if c.ReadJSON(&m) != nil {
						close(acks)
						return
					}
					if m.Type == "ack" || m.Type == "error" {
						acks <- m.Code
					}
				}
			}()
			for i := range 101 {
				c.WriteJSON(map[string]any{"id": fmt.Sprintf("i%d", i), "type": "idea.add", "data": map[string]string{"column": "current", "text": text}})
				time.Sleep(55 * time.Millisecond)
			}
			for range 101 {
				code, ok := <-acks
				if !ok {
					return
				}
				if code == "too_many_ideas" {
					mu.Lock()
					refusedFull++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	fac.Close()
	var snap json.RawMessage
	a.do("GET", fmt.Sprintf("/api/workshops/%d", bigID), nil, &snap)
	var parsed struct{ Ideas []any }
	json.Unmarshal(snap, &parsed)
	t.Logf("board: %d ideas, snapshot %d bytes (%.2f MB); %d idea.add refused too_many_ideas", len(parsed.Ideas), len(snap), float64(len(snap))/1e6, refusedFull)
	time.Sleep(500 * time.Millisecond) // the room closes with its last socket
	// 200 simultaneous facilitator connects to the cold big board, and one to the small board meanwhile.
	var tokens []string
	for i := range 200 {
		var j struct{ Token string }
		api{&http.Client{Timeout: 10 * time.Second}}.do("POST", "/api/join", map[string]string{"code": bigCode, "name": fmt.Sprintf("C%d", i), "layer": "other"}, &j)
		tokens = append(tokens, j.Token)
	}
	var lat []time.Duration
	var lmu sync.Mutex
	var wg2 sync.WaitGroup
	startAll := make(chan struct{})
	for i := range 200 {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			<-startAll
			s := time.Now()
			c, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/ws/workshops/%d?token=%s", addr, bigID, tokens[i]), http.Header{"Origin": {base}})
			if err != nil {
				return
			}
			defer c.Close()
			c.SetReadDeadline(time.Now().Add(20 * time.Second))
			for {
				var m struct{ Type string }
				if c.ReadJSON(&m) != nil {
					return
				}
				if m.Type == "snapshot" {
					lmu.Lock()
					lat = append(lat, time.Since(s))
					lmu.Unlock()
					return
				}
			}
		}()
	}
	close(startAll)
	time.Sleep(5 * time.Millisecond)
	s := time.Now()
	c, _, err := websocket.DefaultDialer.Dial(fmt.Sprintf("ws://%s/ws/workshops/%d", addr, smallID), h)
	if err == nil {
		c.ReadMessage()
		t.Logf("a small board opened in %s while 200 connected to the cold big one", time.Since(s))
		c.Close()
	}
	wg2.Wait()
	sort.Slice(lat, func(a, b int) bool { return lat[a] < lat[b] })
	if len(lat) > 0 {
		t.Logf("200 simultaneous connects to the big board: %d got a snapshot, p50 %s, max %s", len(lat), lat[len(lat)/2], lat[len(lat)-1])
	}
}
func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }
