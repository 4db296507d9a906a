package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"golang.org/x/crypto/bcrypt"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

// GORM's prepared-statement cache runs one janitor goroutine per opened
// database for the life of the process; it is not ours to stop.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreTopFunction("gorm.io/gorm/internal/lru.NewLRU[...].func1"))
}

// app is a real Kizuki server on a real database behind an httptest listener.
type app struct {
	t     *testing.T
	store *models.Store
	hub   *realtime.Hub
	srv   *httptest.Server
	// routes is the app's route table, as Echo registered it.
	routes []*echo.Route
}

var testAssets = fstest.MapFS{
	"index.html":      {Data: []byte("<!doctype html><title>Kizuki</title>")},
	"assets/app-1.js": {Data: []byte("console.log('hi')")},
}

func newApp(t *testing.T, store *models.Store) *app {
	t.Helper()
	return newAppWith(t, store, func(*server.Config) {})
}

// appOptions tune a test app.
type appOptions struct {
	limits realtime.Limits
	// smallWriteBuffers shrinks the server's socket send buffers, so a client
	// that stops reading backs up into its queue quickly.
	smallWriteBuffers bool
	// logs receives the server's log, if set.
	logs io.Writer
}

// smallBufferListener sets a small kernel send buffer on each accepted connection.
type smallBufferListener struct{ net.Listener }

func (l smallBufferListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tcp, ok := c.(*net.TCPConn); ok {
		_ = tcp.SetWriteBuffer(8 << 10)
	}
	return c, err
}

// newAppWith starts an app whose configuration tune may change.
func newAppWith(t *testing.T, store *models.Store, tune func(*server.Config)) *app {
	t.Helper()
	return newAppOpts(t, store, tune, appOptions{limits: realtime.DefaultLimits()})
}

func newAppOpts(t *testing.T, store *models.Store, tune func(*server.Config), opts appOptions) *app {
	t.Helper()
	if opts.logs == nil {
		opts.logs = io.Discard
	}
	logger := slog.New(slog.NewTextHandler(opts.logs, nil))
	a := &app{t: t, store: store}
	a.srv = httptest.NewUnstartedServer(nil)
	if opts.smallWriteBuffers {
		a.srv.Listener = smallBufferListener{a.srv.Listener}
	}
	base := "http://" + a.srv.Listener.Addr().String()
	a.hub = realtime.NewHub(store, base, opts.limits, realtime.NewMetrics(nil), logger)
	cfg := server.Config{BaseURL: base, BcryptCost: bcrypt.MinCost}
	tune(&cfg)
	s, err := server.New(cfg, store, a.hub, testAssets, logger)
	require.NoError(t, err)
	e := s.Handler()
	a.routes = e.Routes()
	a.srv.Config.Handler = e
	a.srv.Start()
	t.Cleanup(func() {
		_ = a.hub.Shutdown(t.Context())
		a.srv.Close()
	})
	return a
}

// forEachDB runs fn with a fresh app on every test database.
func forEachDB(t *testing.T, fn func(t *testing.T, a *app)) {
	testdb.Each(t, func(t *testing.T, store *models.Store) { fn(t, newApp(t, store)) })
}

// browser is an HTTP client with its own cookie jar that sends our Origin, like the app's pages.
type browser struct {
	a      *app
	client *http.Client
}

func (a *app) browser() *browser {
	jar, err := cookiejar.New(nil)
	require.NoError(a.t, err)
	return &browser{a: a, client: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

// do sends a JSON request and decodes the JSON answer into out (if non-nil); it returns the status.
func (b *browser) do(method, path string, body any, out any) int {
	b.a.t.Helper()
	var rd io.Reader
	if body != nil {
		raw, ok := body.(string)
		if !ok {
			enc, err := json.Marshal(body)
			require.NoError(b.a.t, err)
			raw = string(enc)
		}
		rd = strings.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.a.srv.URL+path, rd)
	require.NoError(b.a.t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", b.a.srv.URL)
	resp, err := b.client.Do(req)
	require.NoError(b.a.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.a.t, err)
	if out != nil && len(data) > 0 {
		require.NoError(b.a.t, json.Unmarshal(data, out), "body: %s", data)
	}
	return resp.StatusCode
}

type apiErr struct {
	Error struct{ Code, Message string } `json:"error"`
}

type workshopJSON struct {
	ID        int64  `json:"id"`
	AccountID int64  `json:"accountId"`
	JoinCode  string `json:"joinCode"`
	JoinURL   string `json:"joinUrl"`
	Phase     string `json:"phase"`
}

type joined struct {
	WorkshopID    int64  `json:"workshopId"`
	ParticipantID int64  `json:"participantId"`
	Token         string `json:"token"`
}

// facilitator signs a new user up and creates an account and a workshop.
func (a *app) facilitator(email string) (*browser, workshopJSON) {
	a.t.Helper()
	b := a.browser()
	require.Equal(a.t, 201, b.do("POST", "/api/auth/signup", map[string]string{"email": email, "password": "tarn-lantern-42", "name": "Facil"}, nil))
	var acct struct{ ID int64 }
	require.Equal(a.t, 201, b.do("POST", "/api/accounts", map[string]string{"name": "Acme KK"}, &acct))
	var w workshopJSON
	require.Equal(a.t, 201, b.do("POST", "/api/workshops", map[string]any{"title": "FY27", "accountId": acct.ID}, &w))
	return b, w
}

func (a *app) join(code, name, layer string) joined {
	a.t.Helper()
	var j joined
	require.Equal(a.t, 201, a.browser().do("POST", "/api/join", map[string]string{"code": code, "name": name, "layer": layer}, &j))
	return j
}

func (a *app) wsURL(workshopID int64, query string) string {
	u := strings.Replace(a.srv.URL, "http://", "ws://", 1)
	return u + "/ws/workshops/" + itoa(workshopID) + query
}

// wsClient is a real WebSocket client of the app.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
}

type serverMsg struct {
	Type    string          `json:"type"`
	Seq     int64           `json:"seq"`
	ID      string          `json:"id"`
	Event   string          `json:"event"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

func (a *app) dialParticipant(j joined) *wsClient {
	a.t.Helper()
	return a.dial(a.wsURL(j.WorkshopID, "?token="+url.QueryEscape(j.Token)), http.Header{"Origin": {a.srv.URL}})
}

func (a *app) dialFacilitator(b *browser, workshopID int64) *wsClient {
	a.t.Helper()
	h := http.Header{"Origin": {a.srv.URL}}
	u, _ := url.Parse(a.srv.URL)
	for _, ck := range b.client.Jar.Cookies(u) {
		h.Add("Cookie", ck.Name+"="+ck.Value)
	}
	return a.dial(a.wsURL(workshopID, ""), h)
}

func (a *app) dial(u string, h http.Header) *wsClient {
	a.t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(u, h)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	require.NoError(a.t, err)
	c := &wsClient{t: a.t, conn: conn}
	a.t.Cleanup(func() { _ = conn.Close() })
	snap := c.next()
	require.Equal(a.t, "snapshot", snap.Type)
	return c
}

// next reads the next message other than presence.
func (c *wsClient) next() serverMsg {
	c.t.Helper()
	for {
		m := c.read()
		if m.Type != "presence" {
			return m
		}
	}
}

func (c *wsClient) read() serverMsg {
	c.t.Helper()
	require.NoError(c.t, c.conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, data, err := c.conn.ReadMessage()
	require.NoError(c.t, err)
	var m serverMsg
	require.NoError(c.t, json.Unmarshal(data, &m), "frame: %s", data)
	return m
}

func (c *wsClient) sendRaw(frame string) {
	c.t.Helper()
	require.NoError(c.t, c.conn.WriteMessage(websocket.TextMessage, []byte(frame)))
}

func (c *wsClient) send(id, typ string, data any) {
	c.t.Helper()
	enc, err := json.Marshal(map[string]any{"id": id, "type": typ, "data": data})
	require.NoError(c.t, err)
	c.sendRaw(string(enc))
}

// command sends a command and returns the messages up to its ack or error.
func (c *wsClient) command(id, typ string, data any) (reply serverMsg, events []serverMsg) {
	c.t.Helper()
	c.send(id, typ, data)
	for {
		m := c.next()
		if (m.Type == "ack" || m.Type == "error") && m.ID == id {
			return m, events
		}
		events = append(events, m)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func testdbDialects() []testdb.Dialect { return testdb.Dialects() }

func openStore(t *testing.T, databaseURL string) *models.Store { return testdb.Open(t, databaseURL) }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// dialRaw connects a participant without consuming the snapshot.
func (a *app) dialRaw(j joined) *wsClient {
	a.t.Helper()
	conn, resp, err := websocket.DefaultDialer.Dial(a.wsURL(j.WorkshopID, "?token="+url.QueryEscape(j.Token)), http.Header{"Origin": {a.srv.URL}})
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	require.NoError(a.t, err)
	a.t.Cleanup(func() { _ = conn.Close() })
	return &wsClient{t: a.t, conn: conn}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// websocketDial dials without reading anything, for upgrades expected to fail.
func websocketDial(u string, h http.Header) (*websocket.Conn, *http.Response, error) {
	conn, resp, err := websocket.DefaultDialer.Dial(u, h)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	return conn, resp, err
}

// testdbEach runs fn with a fresh app, configured by tune, on every test database.
func testdbEach(t *testing.T, tune func(*server.Config), fn func(t *testing.T, a *app)) {
	testdb.Each(t, func(t *testing.T, store *models.Store) { fn(t, newAppWith(t, store, tune)) })
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }
