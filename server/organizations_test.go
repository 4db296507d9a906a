package server_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// team is one organization's data, every name carrying a marker that must
// never appear in another organization's answers.
type team struct {
	owner                              *browser
	account, offering, caseStudy       int64
	workshop, participantWorkshop      int64
	mapID, share, template, invitation int64
	member, opportunity                int64
	story                              int64
}

const secretMarker = "secreta"

// seedTeam signs up an owner and creates one of everything the API keeps.
func seedTeam(t *testing.T, a *app, email string) team {
	t.Helper()
	var tm team
	tm.owner = a.browser()
	require.Equal(t, 201, tm.owner.do("POST", "/api/auth/signup", map[string]string{"email": email, "password": "tarn-lantern-42", "name": "SecretA Owner", "organization": "SecretA Team"}, nil))
	var id struct{ ID int64 }
	require.Equal(t, 201, tm.owner.do("POST", "/api/accounts", map[string]string{"name": "SecretA Customer", "industry": "SecretA industry"}, &id))
	tm.account = id.ID
	require.Equal(t, 201, tm.owner.do("POST", "/api/offerings", map[string]any{"name": "SecretA Plan", "kind": "plan", "monthlyPrice": 1000, "currency": "USD"}, &id))
	tm.offering = id.ID
	require.Equal(t, 201, tm.owner.do("POST", fmt.Sprintf("/api/offerings/%d/case-studies", tm.offering), map[string]string{"customer": "SecretA Ref", "summary": "SecretA s", "outcome": "SecretA o"}, &id))
	tm.caseStudy = id.ID
	var w workshopJSON
	require.Equal(t, 201, tm.owner.do("POST", "/api/workshops", map[string]any{"title": "SecretA Workshop", "accountId": tm.account}, &w))
	tm.workshop = w.ID
	a.join(w.JoinCode, "SecretA Participant", "manager")
	require.Equal(t, 201, tm.owner.do("POST", "/api/maps", map[string]any{"accountId": tm.account, "title": "SecretA Map"}, &id))
	tm.mapID = id.ID
	require.Equal(t, 200, tm.owner.do("PATCH", fmt.Sprintf("/api/maps/%d", tm.mapID), map[string]any{
		"challenges": []map[string]any{{"text": "SecretA challenge", "johari": "open", "offeringIds": []int64{tm.offering}}},
	}, nil))
	require.Equal(t, 201, tm.owner.do("POST", fmt.Sprintf("/api/maps/%d/shares", tm.mapID), map[string]any{}, &id))
	tm.share = id.ID
	require.Equal(t, 201, tm.owner.do("POST", fmt.Sprintf("/api/maps/%d/template", tm.mapID), map[string]any{"name": "SecretA Template", "size": "51-200"}, &id))
	tm.template = id.ID
	require.Equal(t, 200, tm.owner.do("PUT", "/api/organization/settings", map[string]any{"axes": map[string]any{"x": map[string]string{"name": "SecretA ledger"}, "y": map[string]string{"name": "SecretA booking"}}}, nil))
	require.Equal(t, 200, tm.owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", tm.account), map[string]any{"externalId": "SECRETA-1", "usageX": 1, "usageY": 2}, nil))
	require.Equal(t, 201, tm.owner.do("POST", fmt.Sprintf("/api/accounts/%d/contacts", tm.account), map[string]any{"kind": "call", "note": "SecretA call", "condition": "satisfied"}, nil))
	var mapView struct{ Challenges []struct{ ID int64 } }
	require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/maps/%d", tm.mapID), nil, &mapView))
	require.Len(t, mapView.Challenges, 1)
	require.Equal(t, 201, tm.owner.do("POST", "/api/opportunities", map[string]any{"mapId": tm.mapID, "challengeId": mapView.Challenges[0].ID, "offeringId": tm.offering, "note": "SecretA deal"}, &id))
	tm.opportunity = id.ID
	require.Equal(t, 200, tm.owner.do("PATCH", fmt.Sprintf("/api/opportunities/%d", tm.opportunity), map[string]any{"status": "won", "reason": "delight"}, nil))
	require.Equal(t, 201, tm.owner.do("POST", fmt.Sprintf("/api/maps/%d/story", tm.mapID), map[string]any{"title": "SecretA story", "outcome": "SecretA outcome", "consent": true}, &id))
	tm.story = id.ID
	require.Equal(t, 200, tm.owner.do("PUT", "/api/portfolio/plays/1/2", map[string]any{"action": "SecretA play", "templateId": tm.template}, nil))
	var inv struct {
		ID  int64
		URL string
	}
	require.Equal(t, 201, tm.owner.do("POST", "/api/invitations", map[string]string{"email": "secreta-member@example.com", "role": "csm"}, &inv))
	member := a.browser()
	require.Equal(t, 201, member.do("POST", "/api/invitations/"+tokenOf(inv.URL)+"/accept", map[string]string{"name": "SecretA Member", "password": "tarn-lantern-42"}, &id))
	tm.member = id.ID
	require.Equal(t, 201, tm.owner.do("POST", "/api/praise", map[string]any{"toUserId": tm.member, "text": "SecretA kudos"}, nil))
	require.Equal(t, 201, tm.owner.do("POST", "/api/invitations", map[string]string{"email": "secreta-invitee@example.com", "role": "csm"}, &inv))
	tm.invitation = inv.ID
	return tm
}

func tokenOf(inviteURL string) string { return inviteURL[strings.LastIndex(inviteURL, "/")+1:] }

// publicRoutes answer without a session; each authorizes by what it is
// given (a token, a code, credentials) and is tested on its own.
var publicRoutes = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /metrics": true,
	"POST /api/auth/signup": true, "POST /api/auth/login": true, "POST /api/auth/logout": true,
	"POST /api/join": true, "GET /api/join/:code": true, "GET /api/shared/:token": true,
	"GET /api/invitations/:token": true, "POST /api/invitations/:token/accept": true,
	"GET /api/karte/:token": true, "POST /api/karte/:token": true,
}

// ownRoutes act only on the caller's own organization, whatever they are sent.
var ownRoutes = map[string]bool{
	"GET /api/me": true, "GET /api/organization": true, "PATCH /api/organization": true,
	"GET /api/members": true, "GET /api/invitations": true, "POST /api/invitations": true,
	"GET /api/accounts": true, "POST /api/accounts": true, "GET /api/offerings": true, "POST /api/offerings": true,
	"GET /api/workshops": true, "POST /api/workshops": true, "GET /api/maps": true, "POST /api/maps": true,
	"GET /api/templates":             true,
	"GET /api/organization/settings": true, "PUT /api/organization/settings": true, "POST /api/accounts/import": true,
	"GET /api/portfolio": true, "PUT /api/portfolio/plays/:x/:y": true, "DELETE /api/portfolio/plays/:x/:y": true,
	"GET /api/opportunities": true, "POST /api/opportunities": true, "GET /api/opportunities.csv": true,
	"GET /api/insights/upsell": true, "GET /api/praise": true, "POST /api/praise": true,
	"GET /api/stories": true,
}

var routeParam = regexp.MustCompile(`:[A-Za-z]+`)

// TestEveryRouteRefusesAnotherOrganization walks the whole route table as
// the owner of another organization: a route naming one of the first
// team's resources answers 403 or 404, a route on one's own organization
// never shows the first team's data, and afterwards nothing of theirs has
// changed. A new route that forgets the organization check fails here; a
// new route this walk does not know how to call fails here too.
func TestEveryRouteRefusesAnotherOrganization(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		tm := seedTeam(t, a, "owner-a@example.com")
		stranger := a.browser()
		require.Equal(t, 201, stranger.do("POST", "/api/auth/signup", map[string]string{"email": "stranger@example.com", "password": "tarn-lantern-42", "name": "Stranger", "organization": "Other Team"}, nil))
		var own struct{ ID int64 }
		require.Equal(t, 201, stranger.do("POST", "/api/accounts", map[string]string{"name": "Own Customer"}, &own))

		params := map[string]map[string]int64{
			"/api/accounts/":      {":id": tm.account},
			"/api/offerings/":     {":id": tm.offering, ":caseStudyId": tm.caseStudy},
			"/api/workshops/":     {":id": tm.workshop, ":linkId": 1},
			"/ws/workshops/":      {":id": tm.workshop},
			"/api/maps/":          {":id": tm.mapID, ":shareId": tm.share},
			"/api/templates/":     {":id": tm.template},
			"/api/members/":       {":id": tm.member},
			"/api/invitations/":   {":id": tm.invitation},
			"/api/portfolio/":     {":x": 1, ":y": 2},
			"/api/opportunities/": {":id": tm.opportunity},
			"/api/stories/":       {":id": tm.story},
		}
		bodies := map[string]any{
			"POST /api/accounts":                      map[string]string{"name": "Own 2"},
			"PATCH /api/accounts/:id":                 map[string]string{"name": "Hijacked"},
			"POST /api/offerings":                     map[string]any{"name": "Own plan", "kind": "plan", "monthlyPrice": 1, "currency": "USD"},
			"PATCH /api/offerings/:id":                map[string]string{"name": "Hijacked"},
			"POST /api/offerings/:id/case-studies":    map[string]string{"customer": "x", "summary": "y", "outcome": "z"},
			"POST /api/workshops":                     map[string]any{"title": "Into their account", "accountId": tm.account},
			"POST /api/maps":                          map[string]any{"title": "Into their account", "accountId": tm.account},
			"PATCH /api/maps/:id":                     map[string]string{"title": "Hijacked"},
			"POST /api/maps/:id/template":             map[string]any{"name": "Stolen", "size": "51-200"},
			"POST /api/maps/:id/shares":               map[string]any{},
			"POST /api/templates/:id/clone":           map[string]any{"accountId": own.ID, "as": "map"},
			"PATCH /api/members/:id":                  map[string]string{"role": "csm"},
			"POST /api/invitations":                   map[string]string{"email": "own-invitee@example.com", "role": "csm"},
			"PATCH /api/organization":                 map[string]string{"name": "Other Team"},
			"POST /api/workshops/:id/map":             map[string]any{},
			"POST /api/auth/logout":                   nil,
			"DELETE /api/offerings/:id/case-studies/": nil,
			"POST /api/opportunities":                 map[string]any{"accountId": tm.account, "offeringId": tm.offering},
			"PATCH /api/opportunities/:id":            map[string]any{"note": "Hijacked"},
			"POST /api/praise":                        map[string]any{"toUserId": tm.member, "text": "Into their team"},
			"POST /api/accounts/:id/churn-risk/clear": map[string]any{"note": "Hijacked"},
			"POST /api/maps/:id/story":                map[string]any{"title": "Stolen", "outcome": "x", "consent": true},
			"PATCH /api/stories/:id":                  map[string]any{"title": "Hijacked"},
		}
		queries := map[string]string{
			"GET /api/workshops":         fmt.Sprintf("?accountId=%d", tm.account),
			"GET /api/maps":              fmt.Sprintf("?accountId=%d", tm.account),
			"GET /api/opportunities":     fmt.Sprintf("?accountId=%d", tm.account),
			"GET /api/opportunities.csv": fmt.Sprintf("?accountId=%d", tm.account),
		}

		walked := 0
		for _, r := range a.routes {
			key := r.Method + " " + r.Path
			if strings.HasSuffix(r.Path, "/*") || r.Method == "echo_route_not_found" || publicRoutes[key] {
				continue
			}
			path := r.Path
			var ids map[string]int64
			for prefix, m := range params {
				if strings.HasPrefix(path, prefix) {
					ids = m
				}
			}
			path = routeParam.ReplaceAllStringFunc(path, func(p string) string {
				id, ok := ids[p]
				if !ok {
					t.Fatalf("%s: the walk does not know parameter %s; add the first team's id for it", key, p)
				}
				return fmt.Sprint(id)
			})
			var body any
			if b, ok := bodies[key]; ok {
				body = b
			} else if r.Method == http.MethodPost || r.Method == http.MethodPatch || r.Method == http.MethodPut {
				body = map[string]any{}
			}
			var raw map[string]any
			var status int
			var answer string
			if strings.HasSuffix(r.Path, ".csv") { // a download, not JSON
				var text string
				status, text = stranger.fetch(r.Method, path+queries[key])
				answer = strings.ToLower(text)
			} else {
				status = stranger.do(r.Method, path+queries[key], body, &raw)
				answer = strings.ToLower(fmt.Sprint(raw))
			}
			walked++
			switch {
			case ownRoutes[key]:
				assert.NotContains(t, answer, secretMarker, "%s shows the first team's data", key)
				if strings.HasPrefix(key, "POST /api/workshops") || strings.HasPrefix(key, "POST /api/maps") ||
					key == "POST /api/opportunities" || key == "POST /api/praise" {
					assert.GreaterOrEqual(t, status, 400, "%s used the first team's account", key)
				}
			case r.Path == path:
				t.Errorf("%s names no resource and is not listed as public or own: classify it", key)
			default:
				assert.Contains(t, []int{403, 404}, status, "%s as another organization answered %d: %v", key, status, raw)
				assert.NotContains(t, answer, secretMarker, "%s leaked data", key)
			}
		}
		assert.GreaterOrEqual(t, walked, 40, "the walk covered the route table")

		// Nothing of the first team's changed.
		var acct struct{ Name string }
		require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/accounts/%d", tm.account), nil, &acct))
		assert.Equal(t, "SecretA Customer", acct.Name)
		var m struct{ Title string }
		require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/maps/%d", tm.mapID), nil, &m))
		assert.Equal(t, "SecretA Map", m.Title)
		var off struct {
			Name        string
			CaseStudies []struct{ ID int64 }
		}
		require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/offerings/%d", tm.offering), nil, &off))
		assert.Equal(t, "SecretA Plan", off.Name)
		assert.Len(t, off.CaseStudies, 1)
		var members struct{ Members []struct{ Role string } }
		require.Equal(t, 200, tm.owner.do("GET", "/api/members", nil, &members))
		assert.Len(t, members.Members, 2)
		var invs struct {
			Invitations []struct {
				ID     int64
				Status string
			}
		}
		require.Equal(t, 200, tm.owner.do("GET", "/api/invitations", nil, &invs))
		for _, inv := range invs.Invitations {
			if inv.ID == tm.invitation {
				assert.Equal(t, "pending", inv.Status)
			}
		}
		var shares struct{ Shares []struct{ Revoked bool } }
		require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/maps/%d/shares", tm.mapID), nil, &shares))
		require.Len(t, shares.Shares, 1)
		assert.False(t, shares.Shares[0].Revoked)
		var contacts struct{ Contacts []struct{ Note string } }
		require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/accounts/%d/contacts", tm.account), nil, &contacts))
		assert.Len(t, contacts.Contacts, 1)
		var portfolio struct {
			Cells []struct{ Play *struct{ Action string } }
		}
		require.Equal(t, 200, tm.owner.do("GET", "/api/portfolio", nil, &portfolio))
		require.Len(t, portfolio.Cells, 16)
		require.NotNil(t, portfolio.Cells[2*4+1].Play, "the first team's play is still set")
		assert.Equal(t, "SecretA play", portfolio.Cells[2*4+1].Play.Action)
		var opp struct{ Status, Note string }
		require.Equal(t, 200, tm.owner.do("GET", fmt.Sprintf("/api/opportunities/%d", tm.opportunity), nil, &opp))
		assert.Equal(t, "won", opp.Status)
		assert.Equal(t, "SecretA deal", opp.Note)
		var praise struct{ Praise []struct{ Kind string } }
		require.Equal(t, 200, tm.owner.do("GET", "/api/praise", nil, &praise))
		assert.Len(t, praise.Praise, 2, "the first team's win and kudos, and nothing the stranger posted")
		var ws struct{ Workshops []struct{ ID int64 } }
		require.Equal(t, 200, tm.owner.do("GET", "/api/workshops", nil, &ws))
		assert.Len(t, ws.Workshops, 1)

		// The real upgrade is refused too, before any socket exists.
		h := http.Header{"Origin": {a.srv.URL}}
		for _, ck := range stranger.client.Jar.Cookies(mustURL(a.srv.URL)) {
			h.Add("Cookie", ck.Name+"="+ck.Value)
		}
		_, resp, err := websocketDial(a.wsURL(tm.workshop, ""), h)
		require.Error(t, err)
		require.NotNil(t, resp)
		assert.Equal(t, 404, resp.StatusCode)
	})
}
