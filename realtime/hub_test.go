package realtime

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// A board that takes long to load (a huge one, or a slow database) does not
// hold up connections to other workshops: the hub loads it without its lock.
func TestASlowBoardLoadDoesNotHoldUpOtherWorkshops(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			// The first board's ideas take two seconds to read.
			var slow atomic.Bool
			stalled := make(chan struct{})
			store, err := models.Open(d.URL(t), models.WithStatementHook(func(_ context.Context, op string, dest any) error {
				if _, ideas := dest.(*[]models.Idea); ideas && op == "query" && slow.CompareAndSwap(true, false) {
					close(stalled)
					time.Sleep(2 * time.Second)
				}
				return nil
			}))
			require.NoError(t, err)
			t.Cleanup(func() { _ = store.Close() })
			var ids []int64
			for _, code := range []string{"SLOWLOAD", "QUICKONE"} {
				ids = append(ids, testWorkshop(t, store, "lobby", code, 3).ID)
			}
			hub := NewHub(store, "http://test", DefaultLimits(), NewMetrics(nil), quietLogger())
			t.Cleanup(func() { _ = hub.Shutdown(t.Context()) })
			srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
				id, _ := strconv.ParseInt(r.URL.Query().Get("w"), 10, 64)
				_ = hub.Serve(rw, r, id, board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "F", Session: "s" + r.URL.Query().Get("w")}, -1)
			}))
			t.Cleanup(srv.Close)
			snapshot := func(id int64) time.Duration {
				start := time.Now()
				conn, resp, err := websocket.DefaultDialer.Dial(strings.Replace(srv.URL, "http", "ws", 1)+"?w="+strconv.FormatInt(id, 10), nil)
				require.NoError(t, err)
				resp.Body.Close()
				defer conn.Close()
				require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
				_, msg, err := conn.ReadMessage()
				require.NoError(t, err)
				require.Contains(t, string(msg), `"snapshot"`)
				return time.Since(start)
			}

			slow.Store(true)
			slowDone := make(chan time.Duration)
			go func() { slowDone <- snapshot(ids[0]) }()
			<-stalled
			quick := snapshot(ids[1])
			assert.Less(t, quick, time.Second, "another workshop's board opened while the slow one loaded")
			assert.GreaterOrEqual(t, <-slowDone, 2*time.Second, "the slow board did load, in its own time")
		})
	}
}
