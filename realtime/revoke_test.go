package realtime

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// A facilitator socket whose upgrade checked its session just before the
// session ended enters the room after the revocation went by; the hub
// remembers the revocation, so the socket is closed as it enters.
func TestASocketArrivingAfterItsSessionWasRevokedIsClosed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		ctx := t.Context()
		w := testWorkshop(t, store, "lobby", "REVOKE22", 3)
		hub := NewHub(store, "http://test", DefaultLimits(), NewMetrics(nil), quietLogger())
		t.Cleanup(func() { _ = hub.Shutdown(t.Context()) })
		signedOut := board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "F", Session: "ended"}
		other := board.Identity{Role: board.RoleFacilitator, UserID: 1, Name: "F", Session: "still-valid"}
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			id := signedOut
			if r.URL.Query().Get("s") == "other" {
				id = other
			}
			require.NoError(t, hub.Serve(rw, r, w.ID, id, -1))
		}))
		t.Cleanup(srv.Close)
		dial := func(query string) *websocket.Conn {
			conn, resp, err := websocket.DefaultDialer.Dial(strings.Replace(srv.URL, "http", "ws", 1)+query, nil)
			require.NoError(t, err)
			resp.Body.Close()
			t.Cleanup(func() { _ = conn.Close() })
			return conn
		}
		keep := dial("?s=other") // keeps the room open across the revocation

		require.NoError(t, hub.Revoke(ctx, Revocation{Session: "ended"}))
		late := dial("")
		require.NoError(t, late.SetReadDeadline(time.Now().Add(5*time.Second)))
		for {
			_, _, err := late.ReadMessage()
			if err != nil {
				var ce *websocket.CloseError
				require.True(t, errors.As(err, &ce), "closed with a close frame: %v", err)
				assert.Equal(t, CloseInvalidToken, ce.Code)
				break
			}
		}
		require.NoError(t, keep.SetReadDeadline(time.Now().Add(5*time.Second)))
		_, msg, err := keep.ReadMessage()
		require.NoError(t, err, "another session's socket stays open")
		assert.Contains(t, string(msg), `"snapshot"`)
	})
}
