package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// CommitChannel is the PostgreSQL channel on which every committed batch of
// workshop events is announced as "workshopID:lastSeq". The payload is tiny on
// purpose: NOTIFY serializes commits cluster-wide, so listeners read the
// events themselves from the events table.
const CommitChannel = "kizuki_commits"

// Shared reports whether other server processes may write to this database
// (PostgreSQL), so live rooms must announce their commits and follow others'.
// The embedded SQLite database belongs to one process.
func (s *Store) Shared() bool { return s.db.Dialector.Name() == "postgres" }

// notify sends payload on channel, inside the caller's transaction if it has one.
func (s *Store) notify(ctx context.Context, channel, payload string) error {
	if err := s.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", channel, payload).Error; err != nil {
		return fmt.Errorf("store: notify %s: %w", channel, err)
	}
	return nil
}

// InSnapshot runs fn in a read-only transaction that sees one consistent
// snapshot of the database (REPEATABLE READ on PostgreSQL; every SQLite
// transaction already does).
func (s *Store) InSnapshot(ctx context.Context, fn func(tx *Store) error) error {
	var opts []*sql.TxOptions
	if s.Shared() {
		opts = append(opts, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return fn(&Store{db: tx})
	}, opts...)
}

// Commit is one announcement read from CommitChannel.
type Commit struct {
	WorkshopID int64
	Seq        int64
}

// ParseCommit reads a CommitChannel payload.
func ParseCommit(payload string) (Commit, error) {
	w, s, ok := strings.Cut(payload, ":")
	if !ok {
		return Commit{}, fmt.Errorf("commit payload %q: want workshop:seq", payload)
	}
	wid, err1 := strconv.ParseInt(w, 10, 64)
	seq, err2 := strconv.ParseInt(s, 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return Commit{}, fmt.Errorf("commit payload %q: %w", payload, err)
	}
	return Commit{WorkshopID: wid, Seq: seq}, nil
}

// PresenceChannel carries each process's summary of who is connected to a
// workshop through it, so every process can show the whole room.
const PresenceChannel = "kizuki_presence"

// AnnouncePresence sends payload (at most 8000 bytes, PostgreSQL's limit) on
// PresenceChannel at once, outside any transaction.
func (s *Store) AnnouncePresence(ctx context.Context, payload string) error {
	if !s.Shared() {
		return nil
	}
	return s.notify(ctx, PresenceChannel, payload)
}

// RevocationChannel tells every process that a session ended or a member
// was removed, so their facilitator sockets close everywhere at once.
const RevocationChannel = "kizuki_revocations"

// AnnounceRevocation sends payload on RevocationChannel at once.
func (s *Store) AnnounceRevocation(ctx context.Context, payload string) error {
	if !s.Shared() {
		return nil
	}
	return s.notify(ctx, RevocationChannel, payload)
}

// Listen follows channels on a connection of its own until ctx ends,
// calling onNotify for each notification. After every (re)connect it calls
// onListen, since notifications sent while it was not listening are lost
// and whoever follows them must look for what they missed.
func (s *Store) Listen(ctx context.Context, logger *slog.Logger, channels []string, onListen func(), onNotify func(channel, payload string)) {
	d, ok := s.db.Dialector.(*postgres.Dialector)
	if !ok || d.DSN == "" {
		return
	}
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := listenOnce(ctx, d.DSN, channels, onListen, onNotify)
		if ctx.Err() != nil {
			return
		}
		logger.Warn("listener disconnected; reconnecting", "err", err, "in", backoff)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

func listenOnce(ctx context.Context, dsn string, channels []string, onListen func(), onNotify func(channel, payload string)) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	for _, ch := range channels {
		if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{ch}.Sanitize()); err != nil {
			return err
		}
	}
	onListen()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		onNotify(n.Channel, n.Payload)
	}
}
