package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
)

// An install from before organizations keeps all its data, now owned by
// one organization whose owner is the earliest user.
func TestMigrationMovesExistingDataIntoOneOrganization(t *testing.T) {
	for _, d := range testdb.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			s, err := models.OpenUnmigrated(d.URL(t))
			require.NoError(t, err)
			t.Cleanup(func() { _ = s.Close() })
			db := s.DB()
			require.NoError(t, models.MigrateTo(db, "202611230003_success_maps"))
			now := time.Now().UTC()
			for _, stmt := range []string{
				"INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES ('first@x.co', 'Aiko', 'h', 'csm', ?, ?)",
				"INSERT INTO users (email, name, password_hash, role, created_at, updated_at) VALUES ('second@x.co', 'Ben', 'h', 'admin', ?, ?)",
				"INSERT INTO accounts (name, created_by, created_at, updated_at) VALUES ('Acme', 2, ?, ?)",
				"INSERT INTO offerings (name, kind, monthly_price, currency, created_at, updated_at) VALUES ('Pro', 'plan', 100, 'USD', ?, ?)",
				"INSERT INTO workshops (account_id, title, join_code, phase, anonymous, vote_budget, vote_cap, hidden_until_reveal, created_by, created_at, updated_at) VALUES (1, 'W', 'CODE2222', 'lobby', false, 3, 3, false, 1, ?, ?)",
				"INSERT INTO success_maps (account_id, title, created_by, created_at, updated_at) VALUES (1, 'Map', 1, ?, ?)",
			} {
				require.NoError(t, db.Exec(stmt, now, now).Error, stmt)
			}
			require.NoError(t, db.Exec("INSERT INTO templates (lineage_id, version, name, body, created_by, created_at) VALUES (1, 1, 'T', '{}', 1, ?)", now).Error)

			require.NoError(t, models.MigrateTo(db, ""))

			ctx := context.Background()
			first, err := s.UserByEmail(ctx, "first@x.co")
			require.NoError(t, err)
			assert.Equal(t, models.RoleOwner, first.Role, "the earliest user owns the organization")
			org, err := s.OrganizationByID(ctx, first.OrganizationID)
			require.NoError(t, err)
			assert.Equal(t, "Aiko", org.Name)
			second, err := s.UserByEmail(ctx, "second@x.co")
			require.NoError(t, err)
			assert.Equal(t, org.ID, second.OrganizationID)
			assert.Equal(t, models.RoleAdmin, second.Role, "other roles are kept")

			accounts, err := s.Accounts(ctx, org.ID)
			require.NoError(t, err)
			assert.Len(t, accounts, 1)
			offerings, err := s.Offerings(ctx, org.ID, true)
			require.NoError(t, err)
			assert.Len(t, offerings, 1)
			workshops, err := s.Workshops(ctx, org.ID, 0)
			require.NoError(t, err)
			assert.Len(t, workshops, 1)
			maps, err := s.Maps(ctx, org.ID, 0)
			require.NoError(t, err)
			assert.Len(t, maps, 1)
			templates, err := s.Templates(ctx, models.TemplateFilter{OrganizationID: org.ID})
			require.NoError(t, err)
			assert.Len(t, templates, 1)
			none, err := s.Accounts(ctx, org.ID+1)
			require.NoError(t, err)
			assert.Empty(t, none, "another organization sees nothing")
		})
	}
}

func TestAnEmptyInstallGetsNoOrganization(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		_, err := s.OrganizationByID(context.Background(), 1)
		assert.ErrorIs(t, err, models.ErrNotFound)
	})
}

func newOrg(t *testing.T, s *models.Store, email string) *models.User {
	t.Helper()
	u := &models.User{Email: email, Name: email, PasswordHash: "h"}
	require.NoError(t, s.CreateOrganizationWithOwner(context.Background(), &models.Organization{Name: "Org " + email}, u))
	return u
}

func TestAnOrganizationAlwaysKeepsAnOwner(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		owner := newOrg(t, s, "owner@x.co")
		assert.ErrorIs(t, s.SetMemberRole(ctx, owner.OrganizationID, owner.ID, models.RoleAdmin), models.ErrLastOwner)
		assert.ErrorIs(t, s.RemoveMember(ctx, owner.OrganizationID, owner.ID), models.ErrLastOwner)

		second := &models.User{OrganizationID: owner.OrganizationID, Email: "two@x.co", Name: "Two", PasswordHash: "h", Role: models.RoleCSM}
		require.NoError(t, s.CreateUser(ctx, second))
		require.NoError(t, s.SetMemberRole(ctx, owner.OrganizationID, second.ID, models.RoleOwner))
		require.NoError(t, s.SetMemberRole(ctx, owner.OrganizationID, owner.ID, models.RoleCSM), "another owner remains")
		assert.ErrorIs(t, s.RemoveMember(ctx, owner.OrganizationID, second.ID), models.ErrLastOwner)

		stranger := newOrg(t, s, "stranger@x.co")
		assert.ErrorIs(t, s.RemoveMember(ctx, stranger.OrganizationID, owner.ID), models.ErrNotFound, "members of another organization are not found")
		assert.ErrorIs(t, s.SetMemberRole(ctx, stranger.OrganizationID, owner.ID, models.RoleOwner), models.ErrNotFound)
	})
}

func TestRemovingAMemberEndsTheirSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		owner := newOrg(t, s, "owner@x.co")
		csm := &models.User{OrganizationID: owner.OrganizationID, Email: "csm@x.co", Name: "C", PasswordHash: "h", Role: models.RoleCSM}
		require.NoError(t, s.CreateUser(ctx, csm))
		now := time.Now()
		require.NoError(t, s.CreateSession(ctx, csm.ID, "hash-of-csm", now.Add(time.Hour)))
		_, _, err := s.SessionUser(ctx, "hash-of-csm", now)
		require.NoError(t, err)
		require.NoError(t, s.RemoveMember(ctx, owner.OrganizationID, csm.ID))
		_, _, err = s.SessionUser(ctx, "hash-of-csm", now)
		assert.ErrorIs(t, err, models.ErrNotFound)
	})
}

func TestAnInvitationIsAcceptedOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		owner := newOrg(t, s, "owner@x.co")
		now := time.Now()
		inv := &models.Invitation{OrganizationID: owner.OrganizationID, Email: "new@x.co", Role: models.RoleCSM, TokenHash: "tok", ExpiresAt: now.Add(time.Hour), CreatedBy: owner.ID}
		require.NoError(t, s.CreateInvitation(ctx, inv))

		u := &models.User{Name: "New", PasswordHash: "h"}
		_, err := s.AcceptInvitation(ctx, "tok", u, now)
		require.NoError(t, err)
		assert.Equal(t, owner.OrganizationID, u.OrganizationID)
		assert.Equal(t, "new@x.co", u.Email)
		assert.Equal(t, models.RoleCSM, u.Role)

		var unusable *models.ErrInvitationUnusable
		_, err = s.AcceptInvitation(ctx, "tok", &models.User{Name: "Again", PasswordHash: "h"}, now)
		require.ErrorAs(t, err, &unusable)
		assert.Equal(t, models.InvitationAccepted, unusable.Status)
		assert.ErrorIs(t, s.RevokeInvitation(ctx, owner.OrganizationID, inv.ID, now), models.ErrConflict, "an accepted invitation cannot be revoked")

		expired := &models.Invitation{OrganizationID: owner.OrganizationID, Email: "late@x.co", Role: models.RoleCSM, TokenHash: "old", ExpiresAt: now.Add(-time.Second), CreatedBy: owner.ID}
		require.NoError(t, s.CreateInvitation(ctx, expired))
		_, err = s.AcceptInvitation(ctx, "old", &models.User{Name: "Late", PasswordHash: "h"}, now)
		require.ErrorAs(t, err, &unusable)
		assert.Equal(t, models.InvitationExpired, unusable.Status)
		_, err = s.UserByEmail(ctx, "late@x.co")
		assert.ErrorIs(t, err, models.ErrNotFound, "a refused acceptance creates no user")
	})
}
