package models_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

var errPraiseLost = errors.New("injected: the praise insert fails")

// upsellFixture is an organization with an account, an offering, a map
// with one todo action, and a proposed opportunity, on a store whose
// statements fail while fail returns true for them.
type upsellFixture struct {
	s       *models.Store
	org     int64
	owner   int64
	account *models.Account
	mapID   int64
	opp     *models.Opportunity
}

func newUpsellFixture(t *testing.T, url string, fail func(op string, dest any) bool) upsellFixture {
	t.Helper()
	s, err := models.Open(url, models.WithStatementHook(func(_ context.Context, op string, dest any) error {
		if fail(op, dest) {
			return errPraiseLost
		}
		return nil
	}))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	org := &models.Organization{Name: "Upsell CS"}
	owner := &models.User{Email: "aiko@example.com", Name: "Aiko", PasswordHash: "h"}
	require.NoError(t, s.CreateOrganizationWithOwner(ctx, org, owner))
	a := &models.Account{OrganizationID: org.ID, Name: "Acme KK", Condition: models.ConditionSatisfied, CreatedBy: owner.ID}
	require.NoError(t, s.CreateAccount(ctx, a))
	off := &models.Offering{OrganizationID: org.ID, Name: "Plan", Kind: models.OfferingPlan, MonthlyPrice: 100, Currency: "JPY"}
	require.NoError(t, s.CreateOffering(ctx, off))
	m := &models.SuccessMap{OrganizationID: org.ID, AccountID: a.ID, Title: "Map", CreatedBy: owner.ID,
		Actions: []models.MapAction{{Text: "Pilot", Status: models.ActionTodo}}}
	require.NoError(t, s.CreateMap(ctx, m))
	o := &models.Opportunity{OrganizationID: org.ID, AccountID: a.ID, OfferingID: off.ID, Status: models.OpportunityProposed,
		MonthlyDelta: 100, Currency: "JPY", OwnerID: &owner.ID, ProposedAt: time.Now(), CreatedBy: owner.ID}
	require.NoError(t, s.CreateOpportunity(ctx, o))
	return upsellFixture{s: s, org: org.ID, owner: owner.ID, account: a, mapID: m.ID, opp: o}
}

// A win and the praise it posts are one write: when the praise cannot be
// stored, the win is not either, and the caller is told.
func TestAWinIsStoredWithItsPraiseOrNotAtAll(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var failing atomic.Bool
			f := newUpsellFixture(t, d.URL(t), func(op string, dest any) bool {
				_, praise := dest.(*models.Praise)
				return failing.Load() && op == "create" && praise
			})
			ctx := context.Background()
			won := *f.opp
			closed := time.Now()
			won.Status, won.Reason, won.ClosedAt = models.OpportunityWon, models.ReasonDelight, &closed
			failing.Store(true)
			require.ErrorIs(t, f.s.UpdateOpportunity(ctx, &won, models.OpportunityProposed, f.owner), errPraiseLost)
			got, err := f.s.OpportunityByID(ctx, f.org, f.opp.ID)
			require.NoError(t, err)
			assert.Equal(t, models.OpportunityProposed, got.Status, "the win rolled back with its praise")
			assert.Nil(t, got.ClosedAt)

			failing.Store(false)
			require.NoError(t, f.s.UpdateOpportunity(ctx, &won, models.OpportunityProposed, f.owner))
			feed, err := f.s.PraiseFeed(ctx, f.org, 0, 10)
			require.NoError(t, err)
			require.Len(t, feed, 1)
			assert.Equal(t, models.PraiseWin, feed[0].Kind)
			assert.Equal(t, "Plan", feed[0].OfferingName)

			// Closing it again from proposed finds it closed: a second writer changes nothing.
			assert.ErrorIs(t, f.s.UpdateOpportunity(ctx, &won, models.OpportunityProposed, f.owner), models.ErrConflict)
			feed, err = f.s.PraiseFeed(ctx, f.org, 0, 10)
			require.NoError(t, err)
			assert.Len(t, feed, 1, "one win, one praise")
		})
	}
}

// A negative win and the churn flag it sets are one write too.
func TestANegativeWinAndItsChurnFlagAreOneWrite(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var failing atomic.Bool
			// The flag is the update after the opportunity's own: fail that one.
			var sawOpportunity atomic.Bool
			f := newUpsellFixture(t, d.URL(t), func(op string, dest any) bool {
				if !failing.Load() || op != "update" {
					return false
				}
				if _, ok := dest.(*models.Opportunity); ok {
					sawOpportunity.Store(true)
					return false
				}
				return sawOpportunity.Load()
			})
			ctx := context.Background()
			won := *f.opp
			won.Status, won.Reason = models.OpportunityWon, models.ReasonPleading
			failing.Store(true)
			require.ErrorIs(t, f.s.UpdateOpportunity(ctx, &won, models.OpportunityProposed, f.owner), errPraiseLost)
			got, err := f.s.OpportunityByID(ctx, f.org, f.opp.ID)
			require.NoError(t, err)
			assert.Equal(t, models.OpportunityProposed, got.Status)

			failing.Store(false)
			require.NoError(t, f.s.UpdateOpportunity(ctx, &won, models.OpportunityProposed, f.owner))
			a, err := f.s.AccountByID(ctx, f.org, f.account.ID)
			require.NoError(t, err)
			require.NotNil(t, a.ChurnRiskOpportunityID)
			assert.Equal(t, f.opp.ID, *a.ChurnRiskOpportunityID)
			feed, err := f.s.PraiseFeed(ctx, f.org, 0, 10)
			require.NoError(t, err)
			assert.Empty(t, feed, "a win for a negative reason is not praised")

			_, err = f.s.ClearChurnRisk(ctx, f.org+1, f.account.ID, f.owner, "not theirs", time.Now())
			assert.ErrorIs(t, err, models.ErrNotFound, "another organization's account")
			cleared, err := f.s.ClearChurnRisk(ctx, f.org, f.account.ID, f.owner, "talked it through", time.Now())
			require.NoError(t, err)
			assert.Nil(t, cleared.ChurnRiskOpportunityID)
			_, err = f.s.ClearChurnRisk(ctx, f.org, f.account.ID, f.owner, "again", time.Now())
			assert.ErrorIs(t, err, models.ErrNoChurnRisk)
		})
	}
}

// Completing an action and its praise are one write: the map stays as it was when the praise fails.
func TestACompletedActionIsStoredWithItsPraiseOrNotAtAll(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var failing atomic.Bool
			f := newUpsellFixture(t, d.URL(t), func(op string, dest any) bool {
				_, praise := dest.(*models.Praise)
				return failing.Load() && op == "create" && praise
			})
			ctx := context.Background()
			m, err := f.s.MapByID(ctx, f.org, f.mapID)
			require.NoError(t, err)
			m.Actions[0].Status = models.ActionDone
			failing.Store(true)
			require.ErrorIs(t, f.s.ReplaceMapContent(ctx, m, f.owner), errPraiseLost)
			m, err = f.s.MapByID(ctx, f.org, f.mapID)
			require.NoError(t, err)
			require.Len(t, m.Actions, 1)
			assert.Equal(t, models.ActionTodo, m.Actions[0].Status)
			assert.Nil(t, m.Actions[0].CompletedAt)

			failing.Store(false)
			m.Actions[0].Status = models.ActionDone
			require.NoError(t, f.s.ReplaceMapContent(ctx, m, f.owner))
			m, err = f.s.MapByID(ctx, f.org, f.mapID)
			require.NoError(t, err)
			assert.NotNil(t, m.Actions[0].CompletedAt)
			feed, err := f.s.PraiseFeed(ctx, f.org, 0, 10)
			require.NoError(t, err)
			require.Len(t, feed, 1)
			assert.Equal(t, models.PraiseAction, feed[0].Kind)
			assert.Equal(t, "Pilot", feed[0].Text)
		})
	}
}

// Actions done before completion times existed take their map's last update as theirs.
func TestMigrationDatesActionsAlreadyDone(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			s, err := models.OpenUnmigrated(d.URL(t))
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			db := s.DB()
			require.NoError(t, models.MigrateTo(db, "202612040001_portfolio"))
			updated := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
			require.NoError(t, db.Exec("INSERT INTO organizations (name, created_at, updated_at) VALUES ('Acme CS', ?, ?)", updated, updated).Error)
			require.NoError(t, db.Exec("INSERT INTO accounts (organization_id, name, created_by, created_at, updated_at) VALUES (1, 'Old', 1, ?, ?)", updated, updated).Error)
			require.NoError(t, db.Exec("INSERT INTO success_maps (organization_id, account_id, title, created_by, created_at, updated_at) VALUES (1, 1, 'Old map', 1, ?, ?)", updated, updated).Error)
			for i, status := range []string{models.ActionDone, models.ActionTodo} {
				require.NoError(t, db.Exec("INSERT INTO map_actions (map_id, position, text, status) VALUES (1, ?, ?, ?)", i, status, status).Error)
			}

			require.NoError(t, models.MigrateTo(db, ""))

			m, err := s.MapByID(context.Background(), 1, 1)
			require.NoError(t, err)
			require.Len(t, m.Actions, 2)
			require.NotNil(t, m.Actions[0].CompletedAt)
			assert.True(t, updated.Equal(*m.Actions[0].CompletedAt), "done: dated by the map's last update, got %v", m.Actions[0].CompletedAt)
			assert.Nil(t, m.Actions[1].CompletedAt, "todo: not completed")
			a, err := s.AccountByID(context.Background(), 1, 1)
			require.NoError(t, err)
			assert.Nil(t, a.ChurnRiskOpportunityID, "no account starts flagged")
		})
	}
}
