package models_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// A batch's seq is announced on CommitChannel when its
// transaction commits, and never when it rolls back.
func TestCommitIsAnnouncedOnCommitOnly(t *testing.T) {
	url := testdb.PostgresURL(t)
	if url == "" {
		t.Skip("notifications need PostgreSQL: set TEST_DATABASE_URL")
	}
	s := testdb.Open(t, url)
	ctx := context.Background()
	// The channel is the whole database's, and tests of other packages run at
	// the same time, each in its own schema whose workshop ids start at 1: this
	// workshop takes an id of its own, and announcements of other ids are theirs.
	require.NoError(t, s.DB().Exec(fmt.Sprintf("ALTER SEQUENCE workshops_id_seq RESTART WITH %d", 900_000_000+time.Now().UnixNano()%100_000_000)).Error)
	w := seedWorkshop(t, ctx, s, "NOTIFY22")
	ours := fmt.Sprintf("%d:", w.ID)

	heard := make(chan string, 256)
	listening := make(chan struct{}, 1)
	lctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Listen(lctx, slog.New(slog.NewTextHandler(io.Discard, nil)), []string{models.CommitChannel},
			func() { listening <- struct{}{} },
			func(_, payload string) {
				if strings.HasPrefix(payload, ours) {
					heard <- payload
				}
			})
	}()
	t.Cleanup(func() { stop(); <-done })
	<-listening

	errRollback := errors.New("roll back")
	keys := []models.CommandKey{{Actor: "u:1", ID: "n1"}}
	err := s.CommitBatch(ctx, w.ID, keys, func(*models.Store, int64, map[models.CommandKey]int64) ([]models.Event, []models.Vote, error) {
		return nil, nil, errRollback
	})
	require.ErrorIs(t, err, errRollback)
	var seq int64
	require.NoError(t, s.CommitBatch(ctx, w.ID, keys, func(_ *models.Store, last int64, _ map[models.CommandKey]int64) ([]models.Event, []models.Vote, error) {
		seq = last + 1
		id := "n1"
		return []models.Event{{WorkshopID: w.ID, Seq: seq, Type: "test", Payload: "{}", Actor: "u:1", CommandID: &id}}, nil, nil
	}))
	assert.Equal(t, int64(1), seq, "the rolled-back seq was not used")

	select {
	case payload := <-heard:
		assert.Equal(t, fmt.Sprintf("%d:%d", w.ID, seq), payload, "only the committed seq is announced")
	case <-time.After(5 * time.Second):
		t.Fatal("the commit was not announced")
	}
	select {
	case payload := <-heard:
		t.Fatalf("announced more than the commit: %s", payload)
	case <-time.After(200 * time.Millisecond):
	}

	// A batch of three with one refused announces its last seq, once.
	batch := []models.CommandKey{{Actor: "u:1", ID: "b1"}, {Actor: "u:1", ID: "b2"}, {Actor: "u:1", ID: "b3"}}
	require.NoError(t, s.CommitBatch(ctx, w.ID, batch, func(_ *models.Store, last int64, _ map[models.CommandKey]int64) ([]models.Event, []models.Vote, error) {
		b1, b3 := "b1", "b3"
		return []models.Event{
			{WorkshopID: w.ID, Seq: last + 1, Type: "test", Payload: "{}", Actor: "u:1", CommandID: &b1},
			{WorkshopID: w.ID, Seq: last + 2, Type: "test", Payload: "{}", Actor: "u:1", CommandID: &b3},
		}, nil, nil
	}))
	select {
	case payload := <-heard:
		assert.Equal(t, fmt.Sprintf("%d:%d", w.ID, seq+2), payload, "the batch's last seq is announced")
	case <-time.After(5 * time.Second):
		t.Fatal("the batch was not announced")
	}
	select {
	case payload := <-heard:
		t.Fatalf("announced more than the batch: %s", payload)
	case <-time.After(200 * time.Millisecond):
	}
}
