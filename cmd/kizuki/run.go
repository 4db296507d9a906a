package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kizuki-app/kizuki/frontend"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

// shutdownTimeout bounds graceful shutdown: in-flight requests and commands
// finish, live sockets get a 1001 close, then the process exits regardless.
const shutdownTimeout = 10 * time.Second

const usage = `Usage: kizuki [serve] [flags]

Runs the Kizuki server. Every flag can also be set by its KIZUKI_* environment variable.
`

// config is the server's configuration from flags and environment.
type config struct {
	Addr        string
	DatabaseURL string
	BaseURL     string
	LogFormat   string
	// Signup is "open" (anyone may start an organization) or "invite".
	Signup string
	// AllowedHosts are host names served besides the base URL's.
	AllowedHosts []string
	// MaxConnsPerAddress bounds one client address's open connections (0: no bound).
	MaxConnsPerAddress int
	// TrustedProxies are CIDRs of reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []*net.IPNet
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	if len(args) > 0 && args[0] == "serve" {
		args = args[1:]
	}
	envOr := func(key, def string) string {
		if v := getenv(key); v != "" {
			return v
		}
		return def
	}
	var cfg config
	fs := flag.NewFlagSet("kizuki", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	fs.StringVar(&cfg.Addr, "addr", envOr("KIZUKI_ADDR", "127.0.0.1:8080"), "listen address (KIZUKI_ADDR)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", envOr("KIZUKI_DATABASE_URL", "sqlite://kizuki.db"), "sqlite://PATH or postgres://... (KIZUKI_DATABASE_URL)")
	fs.StringVar(&cfg.BaseURL, "base-url", getenv("KIZUKI_BASE_URL"), "public URL for join links and the allowed Origin; default http://ADDR (KIZUKI_BASE_URL)")
	fs.StringVar(&cfg.LogFormat, "log-format", envOr("KIZUKI_LOG_FORMAT", "text"), "text or json (KIZUKI_LOG_FORMAT)")
	fs.StringVar(&cfg.Signup, "signup", envOr("KIZUKI_SIGNUP", server.SignupOpen), "open: anyone may sign up and start an organization; invite: only invited members (and the first user of an empty install) (KIZUKI_SIGNUP)")
	maxConns := fs.String("max-conns-per-address", envOr("KIZUKI_MAX_CONNS_PER_ADDRESS", strconv.Itoa(server.DefaultMaxConnsPerAddress)),
		"open connections one client address may hold; trusted proxies are not counted; 0 for no bound (KIZUKI_MAX_CONNS_PER_ADDRESS)")
	hosts := fs.String("allowed-hosts", getenv("KIZUKI_ALLOWED_HOSTS"), "comma-separated host names (host or host:port) served besides the base URL's; requests for other hosts are refused (KIZUKI_ALLOWED_HOSTS)")
	proxies := fs.String("trusted-proxies", getenv("KIZUKI_TRUSTED_PROXIES"), "comma-separated CIDRs of reverse proxies whose X-Forwarded-For to believe (KIZUKI_TRUSTED_PROXIES)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	for _, cidr := range strings.Split(*proxies, ",") {
		if cidr = strings.TrimSpace(cidr); cidr == "" {
			continue
		}
		_, n, err := net.ParseCIDR(cidr)
		if err != nil {
			return cfg, fmt.Errorf("trusted proxy %q is not a CIDR like 10.0.0.0/8", cidr)
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, n)
	}
	var err error
	if cfg.MaxConnsPerAddress, err = strconv.Atoi(*maxConns); err != nil || cfg.MaxConnsPerAddress < 0 {
		return cfg, fmt.Errorf("max-conns-per-address must be a whole number, not %q", *maxConns)
	}
	for _, h := range strings.Split(*hosts, ",") {
		if h = strings.TrimSpace(h); h != "" {
			cfg.AllowedHosts = append(cfg.AllowedHosts, h)
		}
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if cfg.Signup != server.SignupOpen && cfg.Signup != server.SignupInvite {
		return cfg, fmt.Errorf("signup must be open or invite, not %q", cfg.Signup)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	return cfg, nil
}

// run starts the server and blocks until ctx is cancelled, then shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	if cfg.LogFormat == "json" {
		handler = slog.NewJSONHandler(stderr, nil)
	}
	logger := slog.New(handler)

	store, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer store.Close()

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	hub := realtime.NewHub(store, cfg.BaseURL, realtime.DefaultLimits(), realtime.NewMetrics(reg), logger)
	// On PostgreSQL other kizuki processes may serve the same workshops.
	peersCtx, stopPeers := context.WithCancel(context.Background())
	peersDone := make(chan struct{})
	go func() { defer close(peersDone); hub.FollowPeers(peersCtx) }()
	defer func() { stopPeers(); <-peersDone }()
	srv, err := server.New(server.Config{
		BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies, Signup: cfg.Signup, AllowedHosts: cfg.AllowedHosts,
		Metrics: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}),
	}, store, hub, frontend.Dist(), logger)
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.MaxConnsPerAddress > 0 {
		ln = server.LimitPerAddress(ln, cfg.MaxConnsPerAddress, cfg.TrustedProxies, logger)
	}
	fresh := &freshConns{conns: make(map[net.Conn]struct{})}
	httpServer := &http.Server{Handler: srv.Handler(), ConnState: fresh.track}
	server.DefaultHTTPTimeouts().Apply(httpServer)
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpServer.Serve(ln) }()
	logger.Info("kizuki listening", "addr", ln.Addr().String(), "baseURL", cfg.BaseURL, "database", redactURL(cfg.DatabaseURL))
	fmt.Fprintf(stdout, "Kizuki is running at %s\n", cfg.BaseURL)

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	// Shutdown stops accepting and waits for plain requests; WebSockets are
	// hijacked, so the hub drains them itself, at the same time: HTTP may wait
	// up to 5 s for a client's idle new connection, and sockets should hear
	// "going away" at once.
	hubErr := make(chan error, 1)
	go func() { hubErr <- hub.Shutdown(shutdownCtx) }()
	httpErr := make(chan error, 1)
	go func() { httpErr <- httpServer.Shutdown(shutdownCtx) }()
	// net/http waits up to 5 s for a connection that has not sent its first
	// request (a client's spare keep-alive connection, say); nothing is in
	// flight on it, so it is closed like an idle one.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-httpErr:
			return errors.Join(err, <-hubErr)
		case <-tick.C:
			fresh.closeAll()
		}
	}
}

// freshConns tracks connections that have not started a request yet.
type freshConns struct {
	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func (f *freshConns) track(c net.Conn, state http.ConnState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if state == http.StateNew {
		f.conns[c] = struct{}{}
	} else {
		delete(f.conns, c)
	}
}

func (f *freshConns) closeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for c := range f.conns {
		_ = c.Close()
		delete(f.conns, c)
	}
}
