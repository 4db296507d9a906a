package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestConfigFromFlagsAndEnvironment(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want config
	}{
		{"defaults", nil, nil, config{Addr: "127.0.0.1:8080", DatabaseURL: "sqlite://kizuki.db", BaseURL: "http://127.0.0.1:8080", LogFormat: "text", Signup: "open", MaxConnsPerAddress: 4000}},
		{"environment", []string{"serve"}, map[string]string{"KIZUKI_ADDR": ":9000", "KIZUKI_DATABASE_URL": "postgres://db/k", "KIZUKI_BASE_URL": "https://k.example"},
			config{Addr: ":9000", DatabaseURL: "postgres://db/k", BaseURL: "https://k.example", LogFormat: "text", Signup: "open", MaxConnsPerAddress: 4000}},
		{"flags win over environment", []string{"serve", "--addr", "127.0.0.1:7000", "--database-url", "sqlite://x.db"}, map[string]string{"KIZUKI_ADDR": ":9000"},
			config{Addr: "127.0.0.1:7000", DatabaseURL: "sqlite://x.db", BaseURL: "http://127.0.0.1:7000", LogFormat: "text", Signup: "open", MaxConnsPerAddress: 4000}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseConfig(tc.args, env(tc.env), &bytes.Buffer{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	got, err := parseConfig(nil, env(map[string]string{"KIZUKI_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.1/32"}), &bytes.Buffer{})
	require.NoError(t, err)
	require.Len(t, got.TrustedProxies, 2)
	assert.Equal(t, "10.0.0.0/8", got.TrustedProxies[0].String())
	_, err = parseConfig([]string{"--trusted-proxies", "10.0.0.1"}, env(nil), &bytes.Buffer{})
	assert.ErrorContains(t, err, "CIDR")

	_, err = parseConfig([]string{"--nope"}, env(nil), &bytes.Buffer{})
	assert.Error(t, err)
	_, err = parseConfig([]string{"serve", "extra"}, env(nil), &bytes.Buffer{})
	assert.Error(t, err)
}

func TestRunServesUntilCancelledThenShutsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dbURL := "sqlite://" + filepath.Join(t.TempDir(), "run.db")
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr, "--database-url", dbURL}, env(nil), &stdout, &stderr)
	}()

	require.Eventually(t, func() bool {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond)

	resp, err := http.Get("http://" + addr + "/metrics")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, name := range []string{"kizuki_connections", "kizuki_rooms", "kizuki_ack_latency_seconds", "kizuki_db_tx_latency_seconds", "go_goroutines"} {
		assert.Contains(t, string(body), name, "/metrics exposes %s", name)
	}

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	assert.Contains(t, stdout.String(), "http://"+addr)
	assert.Contains(t, stderr.String(), "shutting down")
}

func TestRunRefusesAnUnknownDatabaseURL(t *testing.T) {
	err := run(context.Background(), []string{"--database-url", "mysql://x"}, env(nil), &bytes.Buffer{}, &bytes.Buffer{})
	assert.ErrorContains(t, err, "sqlite:// or postgres://")
}
