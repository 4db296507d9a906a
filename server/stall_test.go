package server_test

import (
	"context"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/server"
)

// A database that stops answering (frozen, or a network partition) holds
// a request only as long as RequestTimeout; the store call gives up with
// the request's context, as the drivers do for a real frozen server.
func TestAStalledDatabaseCostsARequestItsTimeoutOnly(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var frozen atomic.Bool
			stall := func(ctx context.Context, _ string, _ any) error {
				if !frozen.Load() {
					return nil
				}
				select {
				case <-ctx.Done():
					return ctx.Err()
				case <-time.After(20 * time.Second):
					return nil
				}
			}
			store, err := models.Open(d.URL(t), models.WithStatementHook(stall))
			require.NoError(t, err)
			t.Cleanup(func() { _ = store.Close() })
			a := newAppWith(t, store, func(c *server.Config) { c.RequestTimeout = 300 * time.Millisecond })
			b, _ := a.facilitator("f@example.com")

			frozen.Store(true)
			start := time.Now()
			var e apiErr
			assert.Equal(t, 503, b.do("GET", "/api/accounts", nil, &e))
			assert.Equal(t, "unavailable", e.Error.Code)
			assert.Less(t, time.Since(start), 3*time.Second, "answered at its timeout, not the database's")
			start = time.Now()
			assert.Equal(t, 503, b.do("POST", "/api/accounts", map[string]string{"name": "During"}, nil))
			assert.Less(t, time.Since(start), 3*time.Second)

			frozen.Store(false)
			var accounts struct{ Accounts []struct{ Name string } }
			require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &accounts))
			assert.Len(t, accounts.Accounts, 1, "the write that timed out did not happen")
		})
	}
}

func TestReadinessReportsAFullDatabaseDisk(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		// No test fills a disk: demanding more free space than any disk has is the same answer.
		a := newAppWith(t, store, func(c *server.Config) { c.MinFreeDisk = math.MaxUint64 })
		var e apiErr
		status := a.browser().do("GET", "/readyz", nil, &e)
		if store.DatabaseDir() == "" {
			assert.Equal(t, 200, status, "PostgreSQL's disk is the database server's concern")
			return
		}
		assert.Equal(t, 503, status)
		assert.Equal(t, "disk_full", e.Error.Code)
		ok := newAppWith(t, store, func(*server.Config) {})
		assert.Equal(t, 200, ok.browser().do("GET", "/readyz", nil, nil), "with room to spare it is ready")
	})
}
