package server_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/models/testdb"
	"github.com/kizuki-app/kizuki/realtime"
	"github.com/kizuki-app/kizuki/server"
)

func TestAuthFlow(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b := a.browser()
		var me struct {
			ID                int64
			Email, Name, Role string
		}
		assert.Equal(t, 401, b.do("GET", "/api/me", nil, nil))
		require.Equal(t, 201, b.do("POST", "/api/auth/signup", map[string]string{"email": " Aiko@Example.com ", "password": "tarn-lantern-42", "name": "Aiko"}, &me))
		assert.Equal(t, "aiko@example.com", me.Email)
		assert.Equal(t, "owner", me.Role, "signing up starts an organization, owned by its first user")
		require.Equal(t, 200, b.do("GET", "/api/me", nil, &me))
		assert.Equal(t, "Aiko", me.Name)

		require.Equal(t, 204, b.do("POST", "/api/auth/logout", nil, nil))
		assert.Equal(t, 401, b.do("GET", "/api/me", nil, nil))

		var e apiErr
		assert.Equal(t, 401, b.do("POST", "/api/auth/login", map[string]string{"email": "aiko@example.com", "password": "wrong-pass"}, &e))
		assert.Equal(t, "unauthorized", e.Error.Code)
		assert.Equal(t, 401, b.do("POST", "/api/auth/login", map[string]string{"email": "nobody@example.com", "password": "tarn-lantern-42"}, nil))
		require.Equal(t, 200, b.do("POST", "/api/auth/login", map[string]string{"email": "AIKO@example.com", "password": "tarn-lantern-42"}, &me))
		assert.Equal(t, 200, b.do("GET", "/api/me", nil, nil))

		assert.Equal(t, 409, a.browser().do("POST", "/api/auth/signup", map[string]string{"email": "aiko@example.com", "password": "password2", "name": "Other"}, &e))
		assert.Equal(t, "conflict", e.Error.Code)
	})
}

func TestBadInputGetsStructuredErrorAndChangesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("f@example.com")
		cases := []struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{
			{"malformed json", "POST", "/api/accounts", `{"name":`, 400, "bad_request"},
			{"two objects", "POST", "/api/accounts", `{"name":"a"}{"name":"b"}`, 400, "bad_request"},
			{"missing account name", "POST", "/api/accounts", map[string]any{"industry": "SaaS"}, 400, "bad_request"},
			{"blank account name", "POST", "/api/accounts", map[string]any{"name": "   "}, 400, "bad_request"},
			{"over-long account name", "POST", "/api/accounts", map[string]any{"name": strings.Repeat("あ", 201)}, 400, "too_long"},
			{"bad size band", "POST", "/api/accounts", map[string]any{"name": "X", "sizeBand": "huge"}, 400, "bad_request"},
			{"signup bad email", "POST", "/api/auth/signup", map[string]any{"email": "not-an-email", "password": "tarn-lantern-42", "name": "X"}, 400, "bad_request"},
			{"signup short password", "POST", "/api/auth/signup", map[string]any{"email": "x@example.com", "password": "short", "name": "X"}, 400, "bad_request"},
			{"signup password over bcrypt limit", "POST", "/api/auth/signup", map[string]any{"email": "x@example.com", "password": strings.Repeat("p", 73), "name": "X"}, 400, "bad_request"},
			{"workshop unknown account", "POST", "/api/workshops", map[string]any{"title": "T", "accountId": 9999}, 400, "bad_request"},
			{"workshop without title", "POST", "/api/workshops", map[string]any{"accountId": w.AccountID}, 400, "bad_request"},
			{"workshop bad budget", "POST", "/api/workshops", map[string]any{"title": "T", "accountId": w.AccountID, "settings": map[string]any{"voteBudget": 0}}, 400, "bad_request"},
			{"workshop cap over budget", "POST", "/api/workshops", map[string]any{"title": "T", "accountId": w.AccountID, "settings": map[string]any{"voteBudget": 2, "voteCap": 3}}, 400, "bad_request"},
			{"unknown account id", "GET", "/api/accounts/9999", nil, 404, "not_found"},
			{"non-numeric id", "GET", "/api/accounts/abc", nil, 404, "not_found"},
			{"unknown workshop", "GET", "/api/workshops/9999", nil, 404, "not_found"},
			{"unknown api route", "GET", "/api/nope", nil, 404, "not_found"},
			{"join unknown code", "POST", "/api/join", map[string]any{"code": "ZZZZZZZZ", "name": "Ken", "layer": "manager"}, 404, "not_found"},
			{"join bad layer", "POST", "/api/join", map[string]any{"code": w.JoinCode, "name": "Ken", "layer": "ceo"}, 400, "bad_request"},
			{"join blank name", "POST", "/api/join", map[string]any{"code": w.JoinCode, "name": " ", "layer": "manager"}, 400, "bad_request"},
			{"join over-long name", "POST", "/api/join", map[string]any{"code": w.JoinCode, "name": strings.Repeat("n", 61), "layer": "manager"}, 400, "too_long"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e apiErr
				assert.Equal(t, tc.status, b.do(tc.method, tc.path, tc.body, &e))
				assert.Equal(t, tc.code, e.Error.Code)
				assert.NotEmpty(t, e.Error.Message)
			})
		}
		var accounts struct{ Accounts []struct{ Name string } }
		require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &accounts))
		assert.Len(t, accounts.Accounts, 1, "refused requests created nothing")
		var workshops struct{ Workshops []workshopJSON }
		require.Equal(t, 200, b.do("GET", "/api/workshops", nil, &workshops))
		assert.Len(t, workshops.Workshops, 1)
		var snap struct{ Participants []any }
		require.Equal(t, 200, b.do("GET", "/api/workshops/"+itoa(w.ID), nil, &snap))
		assert.Empty(t, snap.Participants)
	})
}

func TestAccountsCRUD(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b := a.browser()
		require.Equal(t, 201, b.do("POST", "/api/auth/signup", map[string]string{"email": "c@example.com", "password": "tarn-lantern-42", "name": "C"}, nil))
		var acct struct {
			ID                              int64
			Name, Industry, SizeBand, Notes string
		}
		require.Equal(t, 201, b.do("POST", "/api/accounts", map[string]string{"name": "Globex", "industry": "Logistics", "sizeBand": "201-1000"}, &acct))
		require.NotZero(t, acct.ID)
		path := "/api/accounts/" + itoa(acct.ID)
		require.Equal(t, 200, b.do("PATCH", path, map[string]string{"notes": "Renewal in March"}, &acct))
		assert.Equal(t, "Globex", acct.Name, "patch keeps fields it does not name")
		assert.Equal(t, "Renewal in March", acct.Notes)
		require.Equal(t, 200, b.do("GET", path, nil, &acct))
		assert.Equal(t, "201-1000", acct.SizeBand)

		var w workshopJSON
		require.Equal(t, 201, b.do("POST", "/api/workshops", map[string]any{"title": "Kickoff", "accountId": acct.ID}, &w))
		var e apiErr
		assert.Equal(t, 409, b.do("DELETE", path, nil, &e), "an account with workshops stays")
		assert.Equal(t, "conflict", e.Error.Code)

		var other struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", "/api/accounts", map[string]string{"name": "Initech"}, &other))
		assert.Equal(t, 204, b.do("DELETE", "/api/accounts/"+itoa(other.ID), nil, nil))
		assert.Equal(t, 404, b.do("GET", "/api/accounts/"+itoa(other.ID), nil, nil))
	})
}

func TestSignedOutUsersCannotReachAccountsOrWorkshops(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		_, w := a.facilitator("f@example.com")
		anon := a.browser()
		for _, p := range []string{"/api/accounts", "/api/workshops", "/api/workshops/" + itoa(w.ID)} {
			var e apiErr
			assert.Equal(t, 401, anon.do("GET", p, nil, &e), p)
			assert.Equal(t, "unauthorized", e.Error.Code)
		}
		assert.Equal(t, 401, anon.do("POST", "/api/accounts", map[string]string{"name": "X"}, nil))
	})
}

func TestWorkshopCreationGivesJoinCodeAndLink(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("f@example.com")
		assert.Regexp(t, `^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$`, w.JoinCode)
		assert.Equal(t, a.srv.URL+"/join/"+w.JoinCode, w.JoinURL)
		assert.Equal(t, "lobby", w.Phase)

		var list struct{ Workshops []workshopJSON }
		require.Equal(t, 200, b.do("GET", "/api/workshops?accountId="+itoa(w.AccountID), nil, &list))
		require.Len(t, list.Workshops, 1)
		assert.Equal(t, w.JoinCode, list.Workshops[0].JoinCode)
		require.Equal(t, 200, b.do("GET", "/api/workshops?accountId=99999", nil, &list))
		assert.Empty(t, list.Workshops)
	})
}

func TestJoinAcceptsCodeAsTyped(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		_, w := a.facilitator("f@example.com")
		typed := strings.ToLower(w.JoinCode[:4]) + "-" + w.JoinCode[4:] + " "
		j := a.join(typed, "Ken", "frontline")
		assert.Equal(t, w.ID, j.WorkshopID)
		assert.GreaterOrEqual(t, len(j.Token), 43, "256-bit token")
	})
}

func TestCrossSiteWritesAreRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		req, err := http.NewRequest("POST", a.srv.URL+"/api/accounts", strings.NewReader(`{"name":"Evil"}`))
		require.NoError(t, err)
		req.Header.Set("Origin", "https://evil.example")
		resp, err := b.client.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 403, resp.StatusCode)

		var accounts struct{ Accounts []any }
		require.Equal(t, 200, b.do("GET", "/api/accounts", nil, &accounts))
		assert.Len(t, accounts.Accounts, 1)
	})
}

func TestHealthAndReadiness(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		var body struct{ Status string }
		assert.Equal(t, 200, a.browser().do("GET", "/healthz", nil, &body))
		assert.Equal(t, "ok", body.Status)
		assert.Equal(t, 200, a.browser().do("GET", "/readyz", nil, &body))
		assert.Equal(t, "ready", body.Status)
		require.NoError(t, a.store.Close())
		var e apiErr
		assert.Equal(t, 503, a.browser().do("GET", "/readyz", nil, &e))
		assert.Equal(t, "unavailable", e.Error.Code)
	})
}

func TestAppIsServedWithSecureHeaders(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		for _, p := range []string{"/", "/join/ABCD2345", "/workshops/3"} {
			resp, err := http.Get(a.srv.URL + p)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode, p)
			assert.Contains(t, string(body), "<title>Kizuki</title>", "client routes get index.html")
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'self'")
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
		}
		resp, err := http.Get(a.srv.URL + "/assets/app-1.js")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, resp.Header.Get("Cache-Control"), "immutable")
		resp, err = http.Get(a.srv.URL + "/assets/old-build.js")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 404, resp.StatusCode, "a missing asset is not the app")
		resp, err = http.Head(a.srv.URL + "/")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 200, resp.StatusCode)
	})
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRequestLogNamesRoutesNotTokensWithRealStatus(t *testing.T) {
	testdb.Each(t, func(t *testing.T, store *models.Store) {
		var logs syncBuffer
		a := newAppOpts(t, store, func(*server.Config) {}, appOptions{limits: realtime.DefaultLimits(), logs: &logs})
		_, w := a.facilitator("f@example.com")
		j := a.join(w.JoinCode, "Ken", "manager")
		a.dialParticipant(j)
		assert.Equal(t, 404, a.browser().do("GET", "/api/shared/SECRET-SHARE-TOKEN", nil, nil))
		assert.Equal(t, 401, a.browser().do("GET", "/api/me", nil, nil))
		out := logs.String()
		assert.NotContains(t, out, "SECRET-SHARE-TOKEN")
		assert.NotContains(t, out, j.Token)
		assert.NotContains(t, out, "tarn-lantern-42")
		assert.Contains(t, out, "route=/api/shared/:token status=404")
		assert.Contains(t, out, "route=/api/me status=401")
	})
}

func TestInternalErrorsRevealNoDetails(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		require.NoError(t, a.store.Close())
		var e apiErr
		assert.Equal(t, 500, b.do("GET", "/api/accounts", nil, &e))
		assert.Equal(t, "internal", e.Error.Code)
		assert.Equal(t, "internal error", e.Error.Message, "no SQL, driver message or stack trace")
	})
}

func TestCrossSiteFetchWithoutOriginIsRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		req, err := http.NewRequest("POST", a.srv.URL+"/api/accounts", strings.NewReader(`{"name":"Evil"}`))
		require.NoError(t, err)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := b.client.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 403, resp.StatusCode)
	})
}

func TestOversizedBodyIsRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("f@example.com")
		var e apiErr
		assert.Equal(t, 413, b.do("POST", "/api/accounts", `{"name":"`+strings.Repeat("x", 2<<20)+`"}`, &e))
		assert.Equal(t, "too_large", e.Error.Code)
	})
}
