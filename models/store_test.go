package models_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

func seedWorkshop(t *testing.T, ctx context.Context, s *models.Store, code string) *models.Workshop {
	t.Helper()
	u := &models.User{Email: code + "@example.com", Name: "F", PasswordHash: "x", Role: models.RoleCSM}
	require.NoError(t, s.CreateUser(ctx, u))
	a := &models.Account{Name: "Acme", CreatedBy: u.ID}
	require.NoError(t, s.CreateAccount(ctx, a))
	w := &models.Workshop{AccountID: a.ID, Title: "W", Phase: "lobby", VoteBudget: 3, VoteCap: 3, CreatedBy: u.ID}
	require.NoError(t, s.CreateWorkshop(ctx, w, nil, func() (string, error) { return code, nil }))
	return w
}

func TestDuplicateEmailIsConflict(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		require.NoError(t, s.CreateUser(ctx, &models.User{Email: "a@b.co", Name: "A", PasswordHash: "h", Role: models.RoleCSM}))
		err := s.CreateUser(ctx, &models.User{Email: "a@b.co", Name: "B", PasswordHash: "h", Role: models.RoleCSM})
		assert.ErrorIs(t, err, models.ErrConflict)
	})
}

func TestSessionExpires(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		u := &models.User{Email: "a@b.co", Name: "A", PasswordHash: "h", Role: models.RoleCSM}
		require.NoError(t, s.CreateUser(ctx, u))
		now := time.Now()
		require.NoError(t, s.CreateSession(ctx, u.ID, "hash1", now.Add(time.Hour)))

		got, _, err := s.SessionUser(ctx, "hash1", now)
		require.NoError(t, err)
		assert.Equal(t, u.ID, got.ID)

		_, _, err = s.SessionUser(ctx, "hash1", now.Add(2*time.Hour))
		assert.ErrorIs(t, err, models.ErrNotFound)

		require.NoError(t, s.DeleteSession(ctx, "hash1"))
		_, _, err = s.SessionUser(ctx, "hash1", now)
		assert.ErrorIs(t, err, models.ErrNotFound)
	})
}

func TestAccountWithWorkshopsCannotBeDeleted(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		w := seedWorkshop(t, ctx, s, "AAAA2222")
		assert.ErrorIs(t, s.DeleteAccount(ctx, w.OrganizationID, w.AccountID), models.ErrConflict)
		_, err := s.AccountByID(ctx, w.OrganizationID, w.AccountID)
		require.NoError(t, err, "account must survive a refused delete")

		empty := &models.Account{Name: "Empty"}
		require.NoError(t, s.CreateAccount(ctx, empty))
		require.NoError(t, s.DeleteAccount(ctx, empty.OrganizationID, empty.ID))
		assert.ErrorIs(t, s.DeleteAccount(ctx, empty.OrganizationID, empty.ID), models.ErrNotFound)
	})
}

func TestJoinCodeCollisionDrawsAgain(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		first := seedWorkshop(t, ctx, s, "SAME2222")
		codes := []string{"SAME2222", "OTHER333"}
		w := &models.Workshop{AccountID: first.AccountID, Title: "Second", Phase: "lobby", VoteBudget: 3, VoteCap: 3}
		require.NoError(t, s.CreateWorkshop(ctx, w, nil, func() (string, error) {
			c := codes[0]
			codes = codes[1:]
			return c, nil
		}))
		assert.Equal(t, "OTHER333", w.JoinCode)

		got, err := s.WorkshopByJoinCode(ctx, "OTHER333")
		require.NoError(t, err)
		assert.Equal(t, w.ID, got.ID)

		listed, err := s.Workshops(ctx, first.OrganizationID, first.AccountID)
		require.NoError(t, err)
		require.Len(t, listed, 2)
		assert.Equal(t, "Second", listed[0].Title, "newest first")
		assert.Equal(t, "Acme", listed[0].AccountName)
	})
}

// commitEvents commits one test event per key in a batch, numbered on
// from the seq CommitBatch gives, except for keys in skip (refused).
func commitEvents(ctx context.Context, s *models.Store, workshopID int64, keys []models.CommandKey, skip map[string]bool) (map[models.CommandKey]int64, error) {
	var seen map[models.CommandKey]int64
	err := s.CommitBatch(ctx, workshopID, keys, func(tx *models.Store, last int64, committed map[models.CommandKey]int64) ([]models.Event, []models.Vote, error) {
		seen = committed
		var events []models.Event
		for _, k := range keys {
			if skip[k.ID] {
				continue
			}
			id := k.ID
			events = append(events, models.Event{WorkshopID: workshopID, Seq: last + int64(len(events)) + 1, Type: "test", Payload: "{}", Actor: k.Actor, CommandID: &id})
		}
		return events, nil, nil
	})
	return seen, err
}

func TestSeqIsDenseAndCommandIDUnique(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		w := seedWorkshop(t, ctx, s, "SEQS2222")
		for i := 1; i <= 5; i++ {
			_, err := commitEvents(ctx, s, w.ID, []models.CommandKey{{Actor: "u:1", ID: fmt.Sprintf("c%d", i)}}, nil)
			require.NoError(t, err)
		}
		events, err := s.EventsSince(ctx, w.ID, 2, 100)
		require.NoError(t, err)
		require.Len(t, events, 3)
		for i, e := range events {
			assert.Equal(t, int64(i+3), e.Seq)
		}

		// A reused command id rolls the whole transaction back, seq included.
		_, err = commitEvents(ctx, s, w.ID, []models.CommandKey{{Actor: "u:1", ID: "c1"}}, nil)
		require.ErrorIs(t, err, models.ErrDuplicateCommand)
		got, err := s.WorkshopByID(ctx, w.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(5), got.LastSeq)

		// The batch is told which of its commands committed before, per actor.
		committed, err := commitEvents(ctx, s, w.ID, []models.CommandKey{{Actor: "u:1", ID: "c4"}, {Actor: "p:9", ID: "c4"}}, map[string]bool{"c4": true})
		require.NoError(t, err)
		assert.Equal(t, map[models.CommandKey]int64{{Actor: "u:1", ID: "c4"}: 4}, committed, "command ids are per actor")
		got, err = s.WorkshopByID(ctx, w.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(5), got.LastSeq, "a batch without events leaves the seq")

		// Seqs a batch reserved for refused commands are given back: no gaps.
		_, err = commitEvents(ctx, s, w.ID, []models.CommandKey{{Actor: "u:1", ID: "d1"}, {Actor: "u:1", ID: "d2"}, {Actor: "u:1", ID: "d3"}}, map[string]bool{"d2": true})
		require.NoError(t, err)
		got, err = s.WorkshopByID(ctx, w.ID)
		require.NoError(t, err)
		assert.Equal(t, int64(7), got.LastSeq)
		events, err = s.EventsSince(ctx, w.ID, 5, 100)
		require.NoError(t, err)
		require.Len(t, events, 2)
		assert.Equal(t, []int64{6, 7}, []int64{events[0].Seq, events[1].Seq})

		_, err = commitEvents(ctx, s, w.ID+1000, []models.CommandKey{{Actor: "u:1", ID: "x"}}, nil)
		assert.ErrorIs(t, err, models.ErrNotFound)
	})
}

func TestMigrateRefusesNewerSchema(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			url := d.URL(t)
			testdb.Open(t, url) // migrated once
			s, err := models.Open(url)
			require.NoError(t, err, "migrating twice is a no-op")
			require.NoError(t, s.DB().Exec("INSERT INTO schema_migrations (id) VALUES ('299901010000_future')").Error)
			require.NoError(t, s.Close())
			_, err = models.Open(url)
			assert.ErrorIs(t, err, models.ErrSchemaTooNew)
		})
	}
}
