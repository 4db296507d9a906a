package server_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

type meJSON struct {
	ID           int64
	Email, Role  string
	Organization struct {
		ID   int64
		Name string
	}
}

// invite has the owner b invite email with role and returns the link's token.
func invite(t *testing.T, b *browser, email, role string) (id int64, token string) {
	t.Helper()
	var inv struct {
		ID     int64
		Token  string
		URL    string
		Status string
	}
	require.Equal(t, 201, b.do("POST", "/api/invitations", map[string]string{"email": email, "role": role}, &inv))
	assert.Equal(t, "pending", inv.Status)
	assert.Equal(t, "/invite/"+inv.Token, inv.URL[len(inv.URL)-len("/invite/")-len(inv.Token):])
	return inv.ID, inv.Token
}

// accept signs a new browser in through an invitation.
func accept(t *testing.T, a *app, token, name string) (*browser, meJSON) {
	t.Helper()
	b := a.browser()
	var me meJSON
	require.Equal(t, 201, b.do("POST", "/api/invitations/"+token+"/accept", map[string]string{"name": name, "password": "tarn-lantern-42"}, &me))
	return b, me
}

func signupOwner(t *testing.T, a *app, email, org string) (*browser, meJSON) {
	t.Helper()
	b := a.browser()
	var me meJSON
	require.Equal(t, 201, b.do("POST", "/api/auth/signup", map[string]string{"email": email, "password": "tarn-lantern-42", "name": "Owner", "organization": org}, &me))
	return b, me
}

func TestAnInvitedMemberJoinsTheTeamAndSeesItsAccounts(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, ownerMe := signupOwner(t, a, "owner@example.com", "Acme CS")
		assert.Equal(t, "owner", ownerMe.Role)
		assert.Equal(t, "Acme CS", ownerMe.Organization.Name)
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]string{"name": "Team customer"}, nil))

		_, token := invite(t, owner, "New.CSM@Example.com", "csm")
		var shown struct {
			Email, Role  string
			Organization struct{ Name string }
		}
		require.Equal(t, 200, a.browser().do("GET", "/api/invitations/"+token, nil, &shown))
		assert.Equal(t, "new.csm@example.com", shown.Email)
		assert.Equal(t, "Acme CS", shown.Organization.Name)

		csm, me := accept(t, a, token, "Nao")
		assert.Equal(t, "csm", me.Role)
		assert.Equal(t, "new.csm@example.com", me.Email, "the invitation's email, not one the invitee picks")
		assert.Equal(t, ownerMe.Organization.ID, me.Organization.ID)
		var accounts struct{ Accounts []struct{ Name string } }
		require.Equal(t, 200, csm.do("GET", "/api/accounts", nil, &accounts))
		require.Len(t, accounts.Accounts, 1)
		assert.Equal(t, "Team customer", accounts.Accounts[0].Name)

		// The new member can sign in again with the password they chose.
		require.Equal(t, 200, a.browser().do("POST", "/api/auth/login", map[string]string{"email": "new.csm@example.com", "password": "tarn-lantern-42"}, nil))

		var e apiErr
		assert.Equal(t, 410, a.browser().do("POST", "/api/invitations/"+token+"/accept", map[string]string{"name": "Again", "password": "tarn-lantern-42"}, &e))
		assert.Equal(t, "invitation_used", e.Error.Code)
		assert.Equal(t, 410, a.browser().do("GET", "/api/invitations/"+token, nil, &e))
		assert.Equal(t, "invitation_used", e.Error.Code)
		assert.Equal(t, 404, a.browser().do("GET", "/api/invitations/not-a-token", nil, &e))
		assert.Equal(t, 404, a.browser().do("POST", "/api/invitations/not-a-token/accept", map[string]string{"name": "X", "password": "tarn-lantern-42"}, nil))

		var members struct {
			Members []struct{ Email, Role string }
		}
		require.Equal(t, 200, owner.do("GET", "/api/members", nil, &members))
		assert.Len(t, members.Members, 2)
	})
}

func TestRevokedAndExpiredInvitationsAreRefused(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.InvitationTTL = 700 * time.Millisecond }, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme")
		id, revoked := invite(t, owner, "r@example.com", "csm")
		require.Equal(t, 204, owner.do("DELETE", fmt.Sprintf("/api/invitations/%d", id), nil, nil))
		var e apiErr
		assert.Equal(t, 410, a.browser().do("POST", "/api/invitations/"+revoked+"/accept", map[string]string{"name": "R", "password": "tarn-lantern-42"}, &e))
		assert.Equal(t, "invitation_revoked", e.Error.Code)

		_, expired := invite(t, owner, "e@example.com", "admin")
		time.Sleep(800 * time.Millisecond)
		assert.Equal(t, 410, a.browser().do("POST", "/api/invitations/"+expired+"/accept", map[string]string{"name": "E", "password": "tarn-lantern-42"}, &e))
		assert.Equal(t, "invitation_expired", e.Error.Code)

		var invs struct {
			Invitations []struct{ Email, Status string }
		}
		require.Equal(t, 200, owner.do("GET", "/api/invitations", nil, &invs))
		statuses := map[string]string{}
		for _, inv := range invs.Invitations {
			statuses[inv.Email] = inv.Status
		}
		assert.Equal(t, map[string]string{"r@example.com": "revoked", "e@example.com": "expired"}, statuses)
		var members struct{ Members []struct{ Email string } }
		require.Equal(t, 200, owner.do("GET", "/api/members", nil, &members))
		assert.Len(t, members.Members, 1, "refused invitations created nobody")
	})
}

func TestInvitationInputIsChecked(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme")
		cases := []struct {
			name string
			body map[string]string
			want int
		}{
			{"owner role cannot be invited", map[string]string{"email": "x@example.com", "role": "owner"}, 400},
			{"unknown role", map[string]string{"email": "x@example.com", "role": "boss"}, 400},
			{"bad email", map[string]string{"email": "not an email", "role": "csm"}, 400},
			{"existing user", map[string]string{"email": "owner@example.com", "role": "csm"}, 409},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e apiErr
				assert.Equal(t, tc.want, owner.do("POST", "/api/invitations", tc.body, &e))
				assert.NotEmpty(t, e.Error.Code)
			})
		}
		var invs struct{ Invitations []struct{ ID int64 } }
		require.Equal(t, 200, owner.do("GET", "/api/invitations", nil, &invs))
		assert.Empty(t, invs.Invitations, "refused invitations are not stored")
		_, token := invite(t, owner, "weak@example.com", "csm")
		assert.Equal(t, 400, a.browser().do("POST", "/api/invitations/"+token+"/accept", map[string]string{"name": "W", "password": "short"}, nil))
		assert.Equal(t, 400, a.browser().do("POST", "/api/invitations/"+token+"/accept", map[string]string{"name": "", "password": "tarn-lantern-42"}, nil))
		_, _ = accept(t, a, token, "Still usable after refusals")
	})
}

func TestRolesDecideWhoManagesMembers(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, ownerMe := signupOwner(t, a, "owner@example.com", "Acme")
		_, tok := invite(t, owner, "admin@example.com", "admin")
		admin, adminMe := accept(t, a, tok, "Admin")
		_, tok = invite(t, admin, "csm@example.com", "csm")
		csm, csmMe := accept(t, a, tok, "CSM")
		member := func(id int64) string { return fmt.Sprintf("/api/members/%d", id) }

		// A CSM manages nothing.
		assert.Equal(t, 403, csm.do("GET", "/api/invitations", nil, nil))
		assert.Equal(t, 403, csm.do("POST", "/api/invitations", map[string]string{"email": "x@example.com", "role": "csm"}, nil))
		assert.Equal(t, 403, csm.do("PATCH", member(adminMe.ID), map[string]string{"role": "csm"}, nil))
		assert.Equal(t, 403, csm.do("DELETE", member(adminMe.ID), nil, nil))
		assert.Equal(t, 403, csm.do("PATCH", "/api/organization", map[string]string{"name": "Mine"}, nil))
		assert.Equal(t, 200, csm.do("GET", "/api/members", nil, nil), "but sees the team")

		// An admin manages CSMs and admins, never owners.
		assert.Equal(t, 403, admin.do("PATCH", member(ownerMe.ID), map[string]string{"role": "csm"}, nil))
		assert.Equal(t, 403, admin.do("PATCH", member(csmMe.ID), map[string]string{"role": "owner"}, nil))
		assert.Equal(t, 403, admin.do("DELETE", member(ownerMe.ID), nil, nil))
		var m struct{ Role string }
		require.Equal(t, 200, admin.do("PATCH", member(csmMe.ID), map[string]string{"role": "admin"}, &m))
		assert.Equal(t, "admin", m.Role)
		require.Equal(t, 200, admin.do("PATCH", member(csmMe.ID), map[string]string{"role": "csm"}, nil))
		assert.Equal(t, 400, admin.do("PATCH", member(csmMe.ID), map[string]string{"role": "boss"}, nil))

		// The last owner stays an owner, and nobody removes themselves.
		var e apiErr
		assert.Equal(t, 409, owner.do("PATCH", member(ownerMe.ID), map[string]string{"role": "admin"}, &e))
		assert.Equal(t, 409, owner.do("DELETE", member(ownerMe.ID), nil, nil))
		assert.Equal(t, 409, admin.do("DELETE", member(adminMe.ID), nil, nil))
		require.Equal(t, 200, owner.do("PATCH", member(adminMe.ID), map[string]string{"role": "owner"}, nil))
		require.Equal(t, 200, owner.do("PATCH", member(ownerMe.ID), map[string]string{"role": "admin"}, nil), "with a second owner the first may step down")

		var me meJSON
		require.Equal(t, 200, owner.do("GET", "/api/me", nil, &me))
		assert.Equal(t, "admin", me.Role, "a role change takes effect on the next request")

		require.Equal(t, 200, admin.do("PATCH", "/api/organization", map[string]string{"name": "Acme Success"}, nil))
		require.Equal(t, 200, csm.do("GET", "/api/me", nil, &me))
		assert.Equal(t, "Acme Success", me.Organization.Name)
	})
}

func TestARemovedMemberIsSignedOutAndTheirBoardCloses(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, w := a.facilitator("owner@example.com")
		_, tok := invite(t, owner, "csm@example.com", "csm")
		csm, csmMe := accept(t, a, tok, "CSM")
		socket := a.dialFacilitator(csm, w.ID)

		require.Equal(t, 204, owner.do("DELETE", fmt.Sprintf("/api/members/%d", csmMe.ID), nil, nil))
		assertClosedWith(t, socket, realtime.CloseInvalidToken)
		assert.Equal(t, 401, csm.do("GET", "/api/me", nil, nil), "their session ended")
		assert.Equal(t, 401, a.browser().do("POST", "/api/auth/login", map[string]string{"email": "csm@example.com", "password": "tarn-lantern-42"}, nil))
		var members struct{ Members []struct{ ID int64 } }
		require.Equal(t, 200, owner.do("GET", "/api/members", nil, &members))
		assert.Len(t, members.Members, 1)

		// The owner's own board stays open.
		ownerSocket := a.dialFacilitator(owner, w.ID)
		reply, _ := ownerSocket.command("c1", "phase.set", map[string]string{"phase": "current"})
		assert.Equal(t, "ack", reply.Type)
	})
}

func TestSigningOutClosesThatSessionsBoards(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("owner@example.com")
		other := a.browser()
		require.Equal(t, 200, other.do("POST", "/api/auth/login", map[string]string{"email": "owner@example.com", "password": "tarn-lantern-42"}, nil))
		signedOut := a.dialFacilitator(b, w.ID)
		stillIn := a.dialFacilitator(other, w.ID)

		require.Equal(t, 204, b.do("POST", "/api/auth/logout", nil, nil))
		assertClosedWith(t, signedOut, realtime.CloseInvalidToken)
		reply, _ := stillIn.command("c1", "phase.set", map[string]string{"phase": "current"})
		assert.Equal(t, "ack", reply.Type, "the same person's other session is untouched")
	})
}

// assertClosedWith reads until the socket closes and checks the close code.
func assertClosedWith(t *testing.T, c *wsClient, code int) {
	t.Helper()
	require.NoError(t, c.conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	for {
		_, _, err := c.conn.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			require.ErrorAs(t, err, &ce, "closed with a close frame, not dropped")
			assert.Equal(t, code, ce.Code)
			return
		}
	}
}

func TestInviteOnlySignupAdmitsOnlyTheFirstUser(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.Signup = server.SignupInvite }, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "first@example.com", "First")
		var e apiErr
		assert.Equal(t, 403, a.browser().do("POST", "/api/auth/signup", map[string]string{"email": "second@example.com", "password": "tarn-lantern-42", "name": "S"}, &e))
		assert.Equal(t, "signup_closed", e.Error.Code)
		assert.Equal(t, 403, a.browser().do("POST", "/api/auth/signup", map[string]string{"email": "first@example.com", "password": "tarn-lantern-42", "name": "S"}, &e),
			"the same answer whether or not the email exists")
		assert.Equal(t, "signup_closed", e.Error.Code)
		_, tok := invite(t, owner, "second@example.com", "csm")
		_, me := accept(t, a, tok, "Second")
		assert.Equal(t, "csm", me.Role)
	})
}

func TestOpenSignupStartsASeparateOrganizationEachTime(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		_, one := signupOwner(t, a, "one@example.com", "")
		_, two := signupOwner(t, a, "two@example.com", "Two's team")
		assert.NotEqual(t, one.Organization.ID, two.Organization.ID)
		assert.Equal(t, "Owner", one.Organization.Name, "named after the user when no name is given")
		assert.Equal(t, "Two's team", two.Organization.Name)
	})
}

func TestFailedSignInsAreLimitedPerEmailAndPerAddress(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.LoginFailures = 3; c.AddressLoginFailures = 6 }, func(t *testing.T, a *app) {
		_, _ = signupOwner(t, a, "aiko@example.com", "Acme")
		login := func(email, password string) (int, string) {
			var e apiErr
			status := a.browser().do("POST", "/api/auth/login", map[string]string{"email": email, "password": password}, &e)
			return status, e.Error.Message
		}
		_, wrongPassword := login("aiko@example.com", "wrong-password")
		_, unknownEmail := login("nobody@example.com", "wrong-password")
		assert.Equal(t, wrongPassword, unknownEmail, "an unknown email gets the same answer as a wrong password")
		status, _ := login("aiko@example.com", "wrong-password")
		assert.Equal(t, 401, status)
		status, _ = login("aiko@example.com", "wrong-password")
		assert.Equal(t, 401, status)
		status, _ = login("aiko@example.com", "tarn-lantern-42")
		assert.Equal(t, 429, status, "the email is locked even for the right password")

		// Other emails from the same address: its 4 failures so far count toward the address's 6.
		for i := range 2 {
			status, _ = login(fmt.Sprintf("guess%d@example.com", i), "wrong-password")
			assert.Equal(t, 401, status)
		}
		status, _ = login("someone-else@example.com", "wrong-password")
		assert.Equal(t, 429, status, "the address is locked after 6 failures")
	})
}

func TestSignedInWritesMustNameTheirOrigin(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := signupOwner(t, a, "o@example.com", "Acme")
		req, err := http.NewRequest("POST", a.srv.URL+"/api/accounts", stringsReader(`{"name":"No origin"}`))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := b.client.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 403, resp.StatusCode)
		var accounts struct{ Accounts []struct{ ID int64 } }
		require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &accounts))
		assert.Empty(t, accounts.Accounts)
	})
}

func TestSessionsExpire(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.SessionTTL = time.Second }, func(t *testing.T, a *app) {
		b, _ := signupOwner(t, a, "o@example.com", "Acme")
		require.Equal(t, 200, b.do("GET", "/api/me", nil, nil))
		// The cookie's own Max-Age also ends it; the server must not rely on that.
		u := mustURL(a.srv.URL)
		cookies := b.client.Jar.Cookies(u)
		time.Sleep(1100 * time.Millisecond)
		req, err := http.NewRequest("GET", a.srv.URL+"/api/me", nil)
		require.NoError(t, err)
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 401, resp.StatusCode)
	})
}

func TestABoardClosesWhenItsSessionExpires(t *testing.T) {
	testdbEach(t, func(c *server.Config) { c.SessionTTL = 1500 * time.Millisecond }, func(t *testing.T, a *app) {
		b, w := a.facilitator("f@example.com")
		socket := a.dialFacilitator(b, w.ID)
		reply, _ := socket.command("c1", "phase.set", map[string]string{"phase": "current"})
		require.Equal(t, "ack", reply.Type, "the board works while the session lasts")
		assertClosedWith(t, socket, realtime.CloseInvalidToken)
	})
}

func TestFacilitatorSocketsPerSessionAreCapped(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("f@example.com")
		for range 20 {
			a.dialFacilitator(b, w.ID)
		}
		h := http.Header{"Origin": {a.srv.URL}}
		for _, ck := range b.client.Jar.Cookies(mustURL(a.srv.URL)) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
		conn, _, err := websocketDial(a.wsURL(w.ID, ""), h)
		require.NoError(t, err)
		defer conn.Close()
		assertClosedWith(t, &wsClient{t: t, conn: conn}, realtime.CloseTooMany)

		other := a.browser()
		require.Equal(t, 200, other.do("POST", "/api/auth/login", map[string]string{"email": "f@example.com", "password": "tarn-lantern-42"}, nil))
		a.dialFacilitator(other, w.ID) // another session has its own allowance
	})
}
