package server

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// HTTPTimeouts bound how long a plain request may hold its connection, so
// slow senders cannot pile up connections until file descriptors run out.
// A WebSocket clears them at the upgrade (gorilla/websocket does) and keeps
// its own ping and write deadlines.
type HTTPTimeouts struct {
	ReadHeader time.Duration // the request line and headers
	Read       time.Duration // the whole request, body included: 1 MiB at 35 KB/s
	Write      time.Duration // the answer, exports included
	Idle       time.Duration // a keep-alive connection between requests
}

// DefaultHTTPTimeouts are the production timeouts.
func DefaultHTTPTimeouts() HTTPTimeouts {
	return HTTPTimeouts{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 2 * time.Minute}
}

// Apply sets the timeouts on s.
func (t HTTPTimeouts) Apply(s *http.Server) {
	s.ReadHeaderTimeout, s.ReadTimeout, s.WriteTimeout, s.IdleTimeout = t.ReadHeader, t.Read, t.Write, t.Idle
}

// DefaultMaxConnsPerAddress admits an office of a thousand behind one NAT
// address, each with a board socket and the browser's spare connections,
// while one address cannot take every file descriptor.
const DefaultMaxConnsPerAddress = 4000

// LimitPerAddress wraps ln so one client address holds at most max open
// connections; the ones past it are closed as they arrive. Addresses in
// exempt (trusted reverse proxies, which carry everyone's traffic) are not
// counted.
func LimitPerAddress(ln net.Listener, max int, exempt []*net.IPNet, logger *slog.Logger) net.Listener {
	return &perAddressListener{Listener: ln, max: max, exempt: exempt, logger: logger, open: make(map[string]int)}
}

type perAddressListener struct {
	net.Listener
	max    int
	exempt []*net.IPNet
	logger *slog.Logger

	mu       sync.Mutex
	open     map[string]int
	lastWarn time.Time
}

func (l *perAddressListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		ip := remoteIP(c)
		if ip == nil || l.isExempt(ip) {
			return c, nil
		}
		key := ip.String()
		l.mu.Lock()
		if l.open[key] >= l.max {
			warn := time.Since(l.lastWarn) > time.Minute
			if warn {
				l.lastWarn = time.Now()
			}
			l.mu.Unlock()
			_ = c.Close()
			if warn {
				l.logger.Warn("connections refused: too many from one address", "address", key, "max", l.max)
			}
			continue
		}
		l.open[key]++
		l.mu.Unlock()
		return &countedConn{Conn: c, release: func() { l.done(key) }}, nil
	}
}

func (l *perAddressListener) done(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[key]--; l.open[key] <= 0 {
		delete(l.open, key)
	}
}

func (l *perAddressListener) isExempt(ip net.IP) bool {
	for _, n := range l.exempt {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func remoteIP(c net.Conn) net.IP {
	if tcp, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return tcp.IP
	}
	return nil
}

// countedConn gives its slot back when closed, once.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

var errNoSyscallConn = errors.New("connection has no file descriptor")

// SyscallConn keeps the room's non-blocking writes (realtime) working
// through the wrapper.
func (c *countedConn) SyscallConn() (syscall.RawConn, error) {
	if sc, ok := c.Conn.(syscall.Conn); ok {
		return sc.SyscallConn()
	}
	return nil, errNoSyscallConn
}
