package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pgCluster is a throwaway PostgreSQL cluster of the test's own, so the test
// may stop it the hard way without touching the machine's.
type pgCluster struct {
	t      *testing.T
	bin    string
	data   string
	port   int
	asUser []string // runuser prefix when the test runs as root (PostgreSQL refuses root)
}

func newPGCluster(t *testing.T) *pgCluster {
	t.Helper()
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) == 0 {
		t.Skip("no PostgreSQL server binaries (initdb) on this machine")
	}
	c := &pgCluster{t: t, bin: filepath.Dir(matches[len(matches)-1])}
	dir, err := os.MkdirTemp("", "kizuki-pg-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root without a postgres user to run a cluster as")
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		require.NoError(t, os.Chown(dir, uid, gid))
		c.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	c.data = filepath.Join(dir, "data")
	_, portText, _ := cutLast(freeAddr(t), ":")
	c.port, _ = strconv.Atoi(portText)
	c.run("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "--no-sync")
	c.start()
	t.Cleanup(func() { c.ctl("stop", "-m", "immediate") })
	return c
}

func cutLast(s, sep string) (string, string, bool) {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

func (c *pgCluster) run(name string, args ...string) {
	c.t.Helper()
	argv := append(append([]string{}, c.asUser...), append([]string{filepath.Join(c.bin, name)}, args...)...)
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	require.NoError(c.t, err, "%s: %s", name, out)
}

func (c *pgCluster) ctl(args ...string) {
	argv := append(append([]string{}, c.asUser...), append([]string{filepath.Join(c.bin, "pg_ctl"), "-D", c.data}, args...)...)
	_ = exec.Command(argv[0], argv[1:]...).Run()
}

func (c *pgCluster) start() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.data, "-w", "-l", filepath.Join(filepath.Dir(c.data), "log"),
		"-o", fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, filepath.Dir(c.data)), "start")
}

func (c *pgCluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// TestVotesStayExactThroughAPostgreSQLOutage: a group commit of votes is
// caught inside its transaction (held by a lock another session takes on
// the votes table) when the database is stopped the hard way (pg_ctl stop
// -m immediate) and started two seconds later. Every client resends what was
// not acknowledged, with its original id, then votes on. The stored votes
// equal the vote events, and the results show each vote once. Before the
// fix the room kept the batch's speculative board and stored one vote too
// many for each of its voters.
func TestVotesStayExactThroughAPostgreSQLOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a PostgreSQL cluster and the real binary")
	}
	const participants, votesEach = 30, 6
	pg := newPGCluster(t)
	addr := freeAddr(t)
	startServer(t, addr, pg.url())
	sqlDB, err := sql.Open("pgx", pg.url()) // the test's own look at the database, beside the server's
	require.NoError(t, err)
	t.Cleanup(func() { _ = sqlDB.Close() })

	a, workshopID, joinCode, cookie := newWorkshop(t, addr, "Outage", map[string]int{"voteBudget": votesEach, "voteCap": votesEach})
	w := struct {
		ID       int64
		JoinCode string
	}{workshopID, joinCode}
	fac, err := dial(t, addr, w.ID, "", cookie)
	require.NoError(t, err)
	defer fac.Close()
	for i, cmd := range []struct {
		typ  string
		data any
	}{
		{"phase.set", map[string]string{"phase": "ideal"}},
		{"idea.add", map[string]string{"column": "ideal", "text": "One"}},
		{"idea.add", map[string]string{"column": "ideal", "text": "Two"}},
		{"phase.set", map[string]string{"phase": "vote_ideal"}},
	} {
		f, err := command(fac, fmt.Sprintf("setup-%d", i), cmd.typ, cmd.data)
		require.NoError(t, err)
		require.Equal(t, "ack", f.Type, f.Code)
	}
	var snap struct{ Ideas []struct{ ID int64 } }
	require.Equal(t, 200, a.do("GET", fmt.Sprintf("/api/workshops/%d", w.ID), nil, &snap))
	require.Len(t, snap.Ideas, 2)

	voteOf := func(i, k int) (string, map[string]int64) {
		return fmt.Sprintf("v%d-%d", i, k), map[string]int64{"ideaId": snap.Ideas[(i+k)%2].ID}
	}
	conns := make([]*websocket.Conn, participants)
	for i := range conns {
		var j struct{ Token string }
		require.Equal(t, 201, a.do("POST", "/api/join", map[string]string{"code": w.JoinCode, "name": fmt.Sprintf("P%d", i), "layer": "frontline"}, &j))
		conns[i], err = dial(t, addr, w.ID, "?token="+j.Token, "")
		require.NoError(t, err)
		defer conns[i].Close()
		// In the room before its database is held: one that entered after
		// the outage began would be turned away to reconnect.
		var first frame
		require.NoError(t, conns[i].ReadJSON(&first))
		require.Equal(t, "snapshot", first.Type)
	}

	// Hold the room: one session row-locks the workshop, so the next command
	// waits inside its transaction while every participant's first vote
	// queues behind it; another locks the votes table, so the batch of those
	// votes, once the first lock goes, waits inside its own transaction,
	// after the board took its votes.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rowLock, err := sqlDB.Conn(ctx)
	require.NoError(t, err)
	defer rowLock.Close()
	tableLock, err := sqlDB.Conn(ctx)
	require.NoError(t, err)
	defer tableLock.Close()
	for _, q := range []string{"BEGIN", fmt.Sprintf("SELECT id FROM workshops WHERE id = %d FOR UPDATE", w.ID)} {
		_, err := rowLock.ExecContext(ctx, q)
		require.NoError(t, err)
	}
	for _, q := range []string{"BEGIN", "LOCK TABLE votes IN EXCLUSIVE MODE"} {
		_, err := tableLock.ExecContext(ctx, q)
		require.NoError(t, err)
	}
	timer, _ := json.Marshal(map[string]any{"id": "timer-1", "type": "timer.start", "data": map[string]int{"seconds": 60}})
	require.NoError(t, fac.WriteMessage(websocket.TextMessage, timer))
	waitForLockWaiters(t, ctx, sqlDB, "UPDATE workshops")
	for i, conn := range conns {
		id, data := voteOf(i, 0)
		msg, _ := json.Marshal(map[string]any{"id": id, "type": "vote.cast", "data": data})
		require.NoError(t, conn.WriteMessage(websocket.TextMessage, msg))
	}
	time.Sleep(300 * time.Millisecond) // every vote is queued in the room
	_, err = rowLock.ExecContext(ctx, "ROLLBACK")
	require.NoError(t, err)
	waitForLockWaiters(t, ctx, sqlDB, "INSERT INTO \"votes\"")
	pg.ctl("stop", "-m", "immediate")
	time.Sleep(2 * time.Second)
	pg.start()

	// Every client resends every vote not acknowledged, with its original
	// id, until it is (the server may need a moment), then votes on.
	acked := 0
	for i, conn := range conns {
		for k := range votesEach {
			id, data := voteOf(i, k)
			deadline := time.Now().Add(30 * time.Second)
			for {
				f, err := command(conn, id, "vote.cast", data)
				require.NoError(t, err)
				if f.Type == "ack" {
					acked++
					break
				}
				require.Equal(t, "internal", f.Code, "vote %s refused", id)
				require.True(t, time.Now().Before(deadline), "vote %s never went through", id)
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	require.Equal(t, participants*votesEach, acked)

	var stored, events int64
	require.NoError(t, sqlDB.QueryRowContext(ctx, "SELECT COALESCE(SUM(count), 0) FROM votes WHERE workshop_id = $1", w.ID).Scan(&stored))
	require.NoError(t, sqlDB.QueryRowContext(ctx, "SELECT COUNT(*) FROM events WHERE workshop_id = $1 AND type = 'vote.cast'", w.ID).Scan(&events))
	assert.Equal(t, int64(participants*votesEach), events, "each vote is one event")
	assert.Equal(t, events, stored, "the votes table equals the event log")

	var res struct {
		Columns []struct{ Items []struct{ Total int } }
	}
	require.Equal(t, 200, a.do("GET", fmt.Sprintf("/api/workshops/%d/results", w.ID), nil, &res))
	total := 0
	for _, it := range res.Columns[0].Items {
		total += it.Total
	}
	assert.Equal(t, participants*votesEach, total, "the results count each vote once")
}

// waitForLockWaiters waits until a statement containing what waits for a lock.
func waitForLockWaiters(t *testing.T, ctx context.Context, sqlDB *sql.DB, prefix string) {
	t.Helper()
	require.Eventually(t, func() bool {
		var n int
		err := sqlDB.QueryRowContext(ctx, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1", "%"+prefix+"%").Scan(&n)
		return err == nil && n > 0
	}, 20*time.Second, 20*time.Millisecond, "nothing waits on the lock: %s", prefix)
}
