package models_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// Accounts from before the portfolio take its defaults: no usage, the first
// stage, neutral and never checked, nobody's, no revenue.
func TestMigrationGivesExistingAccountsPortfolioDefaults(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			s, err := models.OpenUnmigrated(d.URL(t))
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			db := s.DB()
			require.NoError(t, models.MigrateTo(db, "202612030002_join_lock"))
			now := time.Now().UTC()
			require.NoError(t, db.Exec("INSERT INTO organizations (name, created_at, updated_at) VALUES ('Acme CS', ?, ?)", now, now).Error)
			for _, name := range []string{"Old One", "Old Two"} {
				require.NoError(t, db.Exec("INSERT INTO accounts (organization_id, name, created_by, created_at, updated_at) VALUES (1, ?, 1, ?, ?)", name, now, now).Error)
			}

			require.NoError(t, models.MigrateTo(db, ""))

			ctx := context.Background()
			list, err := s.Accounts(ctx, 1)
			require.NoError(t, err)
			require.Len(t, list, 2)
			for _, a := range list {
				assert.Equal(t, 0, a.UsageX)
				assert.Equal(t, 0, a.UsageY)
				assert.Equal(t, "onboarding", a.Stage)
				assert.Equal(t, models.ConditionNeutral, a.Condition)
				assert.Nil(t, a.ConditionCheckedAt)
				assert.Nil(t, a.OwnerID)
				assert.Equal(t, int64(0), a.MRR)
				assert.Equal(t, "", a.Currency)
				assert.Equal(t, 0, a.Seats)
				assert.Nil(t, a.ExternalID, "no externalId, so the two never collide")
				assert.True(t, a.SucceedFirst())
			}
			settings, err := s.PortfolioSettings(ctx, 1)
			require.NoError(t, err)
			assert.Equal(t, models.DefaultStages(), settings.Stages)
			assert.Equal(t, 100, settings.ContactGoal)
		})
	}
}

func TestCheckProposalNeedsAnOverrideWithAReasonUnlessSatisfied(t *testing.T) {
	cases := []struct {
		condition string
		override  bool
		reason    string
		want      error
	}{
		{models.ConditionSatisfied, false, "", nil},
		{models.ConditionSatisfied, true, "", nil},
		{models.ConditionNeutral, false, "", models.ErrSucceedFirst},
		{models.ConditionUnsatisfied, false, "they asked for it", models.ErrSucceedFirst},
		{models.ConditionUnsatisfied, true, "", models.ErrOverrideReasonRequired},
		{models.ConditionUnsatisfied, true, "   ", models.ErrOverrideReasonRequired},
		{models.ConditionUnsatisfied, true, strings.Repeat("r", models.MaxOverrideReason+1), models.ErrOverrideReasonRequired},
		{models.ConditionUnsatisfied, true, "bad\x00reason", models.ErrOverrideReasonRequired},
		{models.ConditionUnsatisfied, true, "The CFO asked for the add-on to fix the outage", nil},
		{models.ConditionNeutral, true, strings.Repeat("理", models.MaxOverrideReason), nil},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s override=%v reason=%.12q", tc.condition, tc.override, tc.reason), func(t *testing.T) {
			err := models.CheckProposal(&models.Account{Condition: tc.condition}, tc.override, tc.reason)
			if tc.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tc.want)
			}
		})
	}
}

// openWithHook opens a fresh database whose statements pass through hook.
func openWithHook(t *testing.T, url string, hook models.StatementHook) *models.Store {
	t.Helper()
	s, err := models.Open(url, models.WithStatementHook(hook))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

var errInjected = errors.New("injected failure")

// seedOrg creates an organization with its owner.
func seedOrg(t *testing.T, s *models.Store, email string) (*models.Organization, *models.User) {
	t.Helper()
	org := &models.Organization{Name: "Team of " + email}
	owner := &models.User{Email: email, Name: "Owner", PasswordHash: "h"}
	require.NoError(t, s.CreateOrganizationWithOwner(context.Background(), org, owner))
	return org, owner
}

func TestAnImportThatFailsMidwayWritesNothing(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var failing atomic.Bool
			// The new accounts are inserted first, then the existing one updated
			// (a plain statement): fail that.
			s := openWithHook(t, d.URL(t), func(_ context.Context, op string, _ any) error {
				if op == "raw" && failing.Load() {
					return errInjected
				}
				return nil
			})
			org, owner := seedOrg(t, s, "owner@example.com")
			ctx := context.Background()
			existing := &models.Account{OrganizationID: org.ID, Name: "Existing", Seats: 1}
			require.NoError(t, s.CreateAccount(ctx, existing))

			seats := 7
			rows := []models.ImportRow{{Row: 2, Changes: models.AccountChanges{Name: ptr("Existing"), Seats: &seats}}}
			for i := range 5 {
				rows = append(rows, models.ImportRow{Row: 3 + i, Changes: models.AccountChanges{Name: ptr(fmt.Sprintf("New %d", i))}})
			}
			failing.Store(true)
			_, err := s.ImportAccounts(ctx, org.ID, owner.ID, rows, false)
			require.ErrorIs(t, err, errInjected)

			list, err := s.Accounts(ctx, org.ID)
			require.NoError(t, err)
			require.Len(t, list, 1, "the accounts inserted before the failure are gone too")
			assert.Equal(t, 1, list[0].Seats)
		})
	}
}

func TestAContactsConditionIsWrittenWithTheContactOrNotAtAll(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			var failUpdates atomic.Bool
			s := openWithHook(t, d.URL(t), func(_ context.Context, op string, _ any) error {
				if op == "update" && failUpdates.Load() {
					return errInjected
				}
				return nil
			})
			org, owner := seedOrg(t, s, "owner@example.com")
			ctx := context.Background()
			a := &models.Account{OrganizationID: org.ID, Name: "Acme KK"}
			require.NoError(t, s.CreateAccount(ctx, a))

			failUpdates.Store(true)
			c := &models.Contact{OrganizationID: org.ID, AccountID: a.ID, UserID: owner.ID, Kind: models.ContactCall, At: time.Now(), Condition: models.ConditionUnsatisfied}
			require.ErrorIs(t, s.AddContact(ctx, c), errInjected)
			log, err := s.Contacts(ctx, org.ID, a.ID, 10)
			require.NoError(t, err)
			assert.Empty(t, log, "the contact went with the failed condition update")

			failUpdates.Store(false)
			c.ID = 0
			require.NoError(t, s.AddContact(ctx, c))
			got, err := s.AccountByID(ctx, org.ID, a.ID)
			require.NoError(t, err)
			assert.Equal(t, models.ConditionUnsatisfied, got.Condition)
			log, err = s.Contacts(ctx, org.ID, a.ID, 10)
			require.NoError(t, err)
			require.Len(t, log, 1)
			assert.Equal(t, "Owner", log[0].UserName)

			// Another organization's account is not found, and nothing is logged.
			other, _ := seedOrg(t, s, "other@example.com")
			err = s.AddContact(ctx, &models.Contact{OrganizationID: other.ID, AccountID: a.ID, UserID: owner.ID, Kind: models.ContactCall, At: time.Now()})
			assert.ErrorIs(t, err, models.ErrNotFound)
			log, err = s.Contacts(ctx, org.ID, a.ID, 10)
			require.NoError(t, err)
			assert.Len(t, log, 1)
		})
	}
}

func ptr[T any](v T) *T { return &v }
