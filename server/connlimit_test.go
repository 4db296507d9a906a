package server_test

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/server"
)

// limitedServer serves a tiny handler through the production connection
// bounds: max connections per address and timeouts short enough for a test.
func limitedServer(t *testing.T, max int, exempt []*net.IPNet) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ln = server.LimitPerAddress(ln, max, exempt, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		_, _ = w.Write([]byte("ok"))
	})}
	server.HTTPTimeouts{ReadHeader: 300 * time.Millisecond, Read: 600 * time.Millisecond, Write: time.Second, Idle: time.Second}.Apply(srv)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		// net/http lingers 500 ms on a connection it gave up on
		// (closeWriteAndWait) before its goroutine ends; the leak check waits for it.
		time.Sleep(700 * time.Millisecond)
	})
	return ln.Addr().String()
}

// slowBody opens a connection that sends headers and then a trickle of body.
func slowBody(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	_, err = c.Write([]byte("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\na"))
	require.NoError(t, err)
	return c
}

func get(addr string) (int, error) {
	c := http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get("http://" + addr + "/")
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

func TestOneAddressCannotHoldEveryConnection(t *testing.T) {
	addr := limitedServer(t, 3, nil)
	for range 3 {
		slowBody(t, addr)
	}
	time.Sleep(50 * time.Millisecond)
	_, err := get(addr)
	assert.Error(t, err, "a fourth connection from the same address is closed at once")

	// The slow bodies are cut off by the read timeout, and the address may connect again.
	require.Eventually(t, func() bool {
		status, err := get(addr)
		return err == nil && status == 200
	}, 5*time.Second, 50*time.Millisecond)
}

func TestSlowRequestsAreCutOffByTheReadTimeout(t *testing.T) {
	addr := limitedServer(t, 100, nil)
	c := slowBody(t, addr)
	start := time.Now()
	_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := io.ReadAll(c) // until the server gives up on the body and closes
	var ne net.Error
	assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server closed the connection, our deadline did not")
	assert.Less(t, time.Since(start), 3*time.Second)
}

func TestTrustedProxiesAreNotCounted(t *testing.T) {
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	addr := limitedServer(t, 1, []*net.IPNet{loopback})
	slowBody(t, addr)
	slowBody(t, addr)
	status, err := get(addr)
	require.NoError(t, err)
	assert.Equal(t, 200, status)
}

// The room writes to sockets without blocking through their file
// descriptor; the wrapper must not hide it.
func TestLimitedConnectionsKeepTheirFileDescriptor(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	ln = server.LimitPerAddress(ln, 10, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	go func() {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err == nil {
			defer c.Close()
			time.Sleep(200 * time.Millisecond)
		}
	}()
	c, err := ln.Accept()
	require.NoError(t, err)
	defer c.Close()
	sc, ok := c.(syscall.Conn)
	require.True(t, ok)
	_, err = sc.SyscallConn()
	assert.NoError(t, err)
}
