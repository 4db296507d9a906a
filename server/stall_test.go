package server_test

import (
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

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
			db, err := models.Open(d.URL(t))
			require.NoError(t, err)
			require.NoError(t, models.Migrate(db))
			store := models.NewStore(db)
			t.Cleanup(func() { _ = store.Close() })
			var frozen atomic.Bool
			stall := func(tx *gorm.DB) {
				if !frozen.Load() {
					return
				}
				select {
				case <-tx.Statement.Context.Done():
					_ = tx.AddError(tx.Statement.Context.Err())
				case <-time.After(20 * time.Second):
				}
			}
			require.NoError(t, db.Callback().Query().Before("gorm:query").Register("test:stall", stall))
			require.NoError(t, db.Callback().Create().Before("gorm:create").Register("test:stall", stall))
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
