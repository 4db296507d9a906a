package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
)

type mapJSON struct {
	ID               int64
	AccountID        int64
	AccountName      string
	Title            string
	SourceWorkshopID *int64
	TemplateID       *int64
	TemplateVersion  *int
	Statements       []struct {
		Text  string
		Votes int
	}
	Challenges []struct {
		Text        string
		Johari      string
		OfferingIDs []int64
	}
	Actions []struct {
		Text, Owner, Team, Due, Status string
	}
	Offerings []offeringJSON
	Expansion []struct {
		Amount   int64
		Currency string
	}
	Progress struct {
		Done, Total int
		Share       float64
	}
}

// finishedWorkshop runs a short workshop to the map phase: ideal ideas voted
// B > A > C, challenges with one vendor insight, first steps voted Y > X.
func finishedWorkshop(t *testing.T, a *app) votingWorkshop {
	t.Helper()
	v := votingWorkshop{liveWorkshop: startLive(t, a)}
	l := v.liveWorkshop
	setPhase(t, l, "ideal")
	ideaA := addIdea(t, l, l.ws1, "A", "ideal", "Ideal A")
	ideaB := addIdea(t, l, l.ws2, "B", "ideal", "Ideal B")
	addIdea(t, l, l.ws2, "C", "ideal", "Ideal C")
	setPhase(t, l, "vote_ideal")
	for i, vote := range []struct {
		c    *wsClient
		idea int64
	}{{l.ws1, ideaB}, {l.ws1, ideaB}, {l.ws2, ideaB}, {l.ws2, ideaA}} {
		r, _ := vote.c.command("vi"+itoa(int64(i)), "vote.cast", map[string]int64{"ideaId": vote.idea})
		require.Equal(t, "ack", r.Type, r.Message)
	}
	setPhase(t, l, "challenges")
	addIdea(t, l, l.ws1, "ch1", "challenges", "Data lives in five tools")
	addIdea(t, l, l.facWS, "ch2", "challenges", "Admins rebuild reports by hand") // facilitator idea, not an insight
	r, _ := l.facWS.command("ins", "insight.add", map[string]string{"column": "challenges", "text": "Licences sit unused"})
	require.Equal(t, "ack", r.Type)
	l.ws1.next()
	l.ws2.next()
	setPhase(t, l, "first_steps")
	stepX := addIdea(t, l, l.ws1, "X", "first_steps", "Step X")
	stepY := addIdea(t, l, l.ws2, "Y", "first_steps", "Step Y")
	setPhase(t, l, "vote_steps")
	r, _ = l.ws1.command("vs1", "vote.cast", map[string]int64{"ideaId": stepY})
	require.Equal(t, "ack", r.Type)
	r, _ = l.ws2.command("vs2", "vote.cast", map[string]int64{"ideaId": stepY})
	require.Equal(t, "ack", r.Type)
	r, _ = l.ws2.command("vs3", "vote.cast", map[string]int64{"ideaId": stepX})
	require.Equal(t, "ack", r.Type)
	setPhase(t, l, "map")
	return v
}

func TestMapIsBuiltFromTheVotes(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := finishedWorkshop(t, a)
		var m mapJSON
		require.Equal(t, 201, v.fac.do("POST", "/api/workshops/"+itoa(v.w.ID)+"/map", nil, &m))
		assert.Equal(t, v.w.AccountID, m.AccountID)
		assert.Equal(t, "Acme KK", m.AccountName)
		require.NotNil(t, m.SourceWorkshopID)
		require.Len(t, m.Statements, 2, "only voted ideals")
		assert.Equal(t, "Ideal B", m.Statements[0].Text)
		assert.Equal(t, 3, m.Statements[0].Votes)
		assert.Equal(t, "Ideal A", m.Statements[1].Text)
		require.Len(t, m.Challenges, 3)
		assert.Equal(t, "open", m.Challenges[0].Johari)
		assert.Equal(t, "Licences sit unused", m.Challenges[2].Text)
		assert.Equal(t, "blind", m.Challenges[2].Johari, "a vendor insight is the customer's blind spot")
		require.Len(t, m.Actions, 2)
		assert.Equal(t, "Step Y", m.Actions[0].Text)
		assert.Equal(t, "todo", m.Actions[0].Status)
		assert.Equal(t, 0, m.Progress.Done)
	})
}

func TestMapIsOnlyBuiltInMapOrClosedPhase(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		var e apiErr
		assert.Equal(t, 409, l.fac.do("POST", "/api/workshops/"+itoa(l.w.ID)+"/map", nil, &e))
		assert.Equal(t, "wrong_phase", e.Error.Code)
		assert.Equal(t, 404, l.fac.do("POST", "/api/workshops/9999/map", nil, &e))
	})
}

func TestMapEditingLinksOfferingsAndTracksProgress(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("csm@example.com")
		analytics := createOffering(t, b, "Analytics", 50000, "JPY")
		seats := createOffering(t, b, "50 seats", 30000, "JPY")
		support := createOffering(t, b, "Premium support", 900, "USD")
		var m mapJSON
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": w.AccountID, "title": "Acme plan"}, &m))
		path := "/api/maps/" + itoa(m.ID)
		edit := map[string]any{
			"title":      "Acme FY27 plan",
			"statements": []map[string]any{{"text": "Everyone decides with the same numbers", "votes": 5}},
			"challenges": []map[string]any{
				{"text": "Reports by hand", "johari": "open", "offeringIds": []int64{analytics.ID, seats.ID}},
				{"text": "Nobody owns data quality", "johari": "hidden", "offeringIds": []int64{analytics.ID, support.ID}},
			},
			"actions": []map[string]any{
				{"text": "Pilot dashboards", "owner": "Sato", "team": "Finance", "due": "2027-01-31", "status": "done"},
				{"text": "Roll out to sales", "owner": "Ito", "team": "Sales", "due": "2027-03-31", "status": "doing"},
				{"text": "Retire spreadsheets", "status": "todo"},
				{"text": "Review with execs", "status": "done"},
			},
		}
		require.Equal(t, 200, b.do("PATCH", path, edit, &m))
		assert.Equal(t, "Acme FY27 plan", m.Title)
		assert.Equal(t, []int64{analytics.ID, seats.ID}, m.Challenges[0].OfferingIDs)
		assert.Equal(t, "hidden", m.Challenges[1].Johari)
		assert.Equal(t, "Sato", m.Actions[0].Owner)
		assert.Equal(t, 2, m.Progress.Done)
		assert.Equal(t, 4, m.Progress.Total)
		assert.InDelta(t, 0.5, m.Progress.Share, 0.001)
		require.Len(t, m.Expansion, 2)
		assert.Equal(t, "JPY", m.Expansion[0].Currency)
		assert.Equal(t, int64(80000), m.Expansion[0].Amount, "each linked offering counts once")
		assert.Equal(t, int64(900), m.Expansion[1].Amount)
		require.Len(t, m.Offerings, 3)

		// Reorder: the list order is the map's order.
		edit["actions"] = []map[string]any{{"text": "Retire spreadsheets"}, {"text": "Pilot dashboards", "status": "done"}}
		require.Equal(t, 200, b.do("PATCH", path, map[string]any{"actions": edit["actions"]}, &m))
		assert.Equal(t, "Retire spreadsheets", m.Actions[0].Text)
		assert.Len(t, m.Challenges, 2, "parts not sent stay")

		bad := []struct {
			name string
			body map[string]any
		}{
			{"unknown offering", map[string]any{"challenges": []map[string]any{{"text": "x", "offeringIds": []int64{424242}}}}},
			{"bad johari", map[string]any{"challenges": []map[string]any{{"text": "x", "johari": "secret"}}}},
			{"bad due date", map[string]any{"actions": []map[string]any{{"text": "x", "due": "next week"}}}},
			{"bad status", map[string]any{"actions": []map[string]any{{"text": "x", "status": "blocked"}}}},
			{"empty action", map[string]any{"actions": []map[string]any{{"text": " "}}}},
			{"empty title", map[string]any{"title": ""}},
			{"negative votes", map[string]any{"statements": []map[string]any{{"text": "x", "votes": -1}}}},
		}
		for _, tc := range bad {
			t.Run(tc.name, func(t *testing.T) {
				var e apiErr
				assert.Equal(t, 400, b.do("PATCH", path, tc.body, &e))
				assert.Equal(t, "bad_request", e.Error.Code)
			})
		}
		var again mapJSON
		require.Equal(t, 200, b.do("GET", path, nil, &again))
		assert.Equal(t, m.Actions, again.Actions, "refused edits changed nothing")
		assert.Equal(t, m.Challenges, again.Challenges)

		// A linked offering cannot be deleted, only archived.
		var e apiErr
		assert.Equal(t, 409, b.do("DELETE", "/api/offerings/"+itoa(analytics.ID), nil, &e))
		assert.Equal(t, "conflict", e.Error.Code)
		var archived offeringJSON
		require.Equal(t, 200, b.do("PATCH", "/api/offerings/"+itoa(analytics.ID), map[string]any{"archived": true}, &archived))
		assert.True(t, archived.Archived)
		var list struct{ Offerings []offeringJSON }
		require.Equal(t, 200, b.do("GET", "/api/offerings", nil, &list))
		assert.Len(t, list.Offerings, 2, "archived offerings leave the catalog list")
		require.Equal(t, 200, b.do("GET", path, nil, &again))
		assert.Len(t, again.Offerings, 3, "but stay on the maps that link them")

		assert.Equal(t, 400, b.do("POST", "/api/maps", map[string]any{"accountId": 9999, "title": "x"}, &e))
	})
}

type templateJSON struct {
	ID, LineageID   int64
	Version         int
	Name, Industry  string
	Size            string
	Tags            []string
	UsageCount      int
	Maps            int
	AverageProgress float64
	Body            *struct {
		Title      string
		Statements []string
		Challenges []struct {
			Text        string
			Johari      string
			OfferingIDs []int64
		}
		Actions []map[string]any
	}
	Versions []struct {
		ID      int64
		Version int
	}
}

func TestTemplatesStripVersionAndClone(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("csm@example.com")
		offering := createOffering(t, b, "Analytics", 50000, "JPY")
		var m mapJSON
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": w.AccountID, "title": "Acme plan"}, &m))
		require.Equal(t, 200, b.do("PATCH", "/api/maps/"+itoa(m.ID), map[string]any{
			"statements": []map[string]any{{"text": "One source of truth"}},
			"challenges": []map[string]any{{"text": "Reports by hand", "johari": "blind", "offeringIds": []int64{offering.ID}}},
			"actions":    []map[string]any{{"text": "Pilot dashboards", "owner": "Sato", "team": "Finance", "due": "2027-01-31", "status": "done"}},
		}, &m))

		var tpl templateJSON
		require.Equal(t, 201, b.do("POST", "/api/maps/"+itoa(m.ID)+"/template", map[string]any{
			"name": "Manufacturing reporting", "description": "For mid-size makers", "industry": "Manufacturing", "size": "201-1000",
			"tags": []string{"Reporting", "analytics", "reporting"}}, &tpl))
		assert.Equal(t, 1, tpl.Version)
		assert.Equal(t, []string{"reporting", "analytics"}, tpl.Tags)

		var full templateJSON
		require.Equal(t, 200, b.do("GET", "/api/templates/"+itoa(tpl.ID), nil, &full))
		require.NotNil(t, full.Body)
		assert.Equal(t, []string{"One source of truth"}, full.Body.Statements)
		assert.Equal(t, []int64{offering.ID}, full.Body.Challenges[0].OfferingIDs)
		require.Len(t, full.Body.Actions, 1)
		raw, _ := json.Marshal(full.Body)
		for _, private := range []string{"Sato", "2027-01-31", "done", "Acme KK"} {
			assert.NotContains(t, string(raw), private, "account-specific data is stripped")
		}

		// Clone as a map for a similar account.
		var other struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", "/api/accounts", map[string]string{"name": "Initech", "industry": "Manufacturing"}, &other))
		var clone mapJSON
		require.Equal(t, 201, b.do("POST", "/api/templates/"+itoa(tpl.ID)+"/clone", map[string]any{"accountId": other.ID, "as": "map"}, &clone))
		assert.Equal(t, other.ID, clone.AccountID)
		assert.Equal(t, "Initech", clone.AccountName)
		require.NotNil(t, clone.TemplateID)
		assert.Equal(t, tpl.ID, *clone.TemplateID)
		assert.Equal(t, 1, *clone.TemplateVersion)
		assert.Equal(t, []int64{offering.ID}, clone.Challenges[0].OfferingIDs)
		assert.Equal(t, "", clone.Actions[0].Owner)
		assert.Equal(t, "todo", clone.Actions[0].Status)
		assert.Equal(t, "Finance", clone.Actions[0].Team)

		// Saving again from the clone makes version 2 of the same template.
		require.Equal(t, 200, b.do("PATCH", "/api/maps/"+itoa(clone.ID), map[string]any{
			"actions": []map[string]any{{"text": "Pilot dashboards", "status": "done"}, {"text": "Train admins", "status": "todo"}}}, &clone))
		var v2 templateJSON
		require.Equal(t, 201, b.do("POST", "/api/maps/"+itoa(clone.ID)+"/template", map[string]any{
			"name": "Manufacturing reporting", "industry": "Manufacturing", "size": "201-1000", "tags": []string{"reporting"}}, &v2))
		assert.Equal(t, 2, v2.Version)
		assert.Equal(t, tpl.LineageID, v2.LineageID)

		// A second template, never used.
		require.Equal(t, 201, b.do("POST", "/api/maps/"+itoa(m.ID)+"/template", map[string]any{
			"name": "Retail onboarding", "industry": "Retail", "size": "1-50", "tags": []string{"onboarding"}}, nil))

		var lib struct{ Templates []templateJSON }
		require.Equal(t, 200, b.do("GET", "/api/templates", nil, &lib))
		require.Len(t, lib.Templates, 2, "one entry per template, its newest version")
		top := lib.Templates[0]
		assert.Equal(t, "Manufacturing reporting", top.Name, "most used first")
		assert.Equal(t, 2, top.Version)
		assert.Equal(t, 1, top.UsageCount)
		assert.Equal(t, 1, top.Maps)
		assert.InDelta(t, 0.5, top.AverageProgress, 0.001, "the clone has one of two actions done")

		for query, want := range map[string]string{
			"?q=REPORT":               "Manufacturing reporting",
			"?industry=retail":        "Retail onboarding",
			"?size=201-1000":          "Manufacturing reporting",
			"?tag=onboarding":         "Retail onboarding",
			"?q=makers&tag=analytics": "Manufacturing reporting",
		} {
			require.Equal(t, 200, b.do("GET", "/api/templates"+query, nil, &lib), query)
			require.Len(t, lib.Templates, 1, query)
			assert.Equal(t, want, lib.Templates[0].Name, query)
		}
		var detail templateJSON
		require.Equal(t, 200, b.do("GET", "/api/templates/"+itoa(tpl.ID), nil, &detail))
		assert.Equal(t, 1, detail.Maps, "the detail shows the whole template's use")
		assert.Equal(t, 1, detail.UsageCount)
		assert.Len(t, detail.Versions, 2)

		require.Equal(t, 200, b.do("GET", "/api/templates?q=100%25", nil, &lib))
		assert.Empty(t, lib.Templates, "LIKE wildcards in a query are literal")

		// Clone as a workshop: the template's ideals and challenges are prompts on the board.
		var ws workshopJSON
		require.Equal(t, 201, b.do("POST", "/api/templates/"+itoa(v2.ID)+"/clone", map[string]any{"accountId": other.ID, "as": "workshop"}, &ws))
		assert.NotEmpty(t, ws.JoinCode)
		var snap struct {
			Ideas []struct{ Column, Text, Source string }
		}
		require.Equal(t, 200, b.do("GET", "/api/workshops/"+itoa(ws.ID), nil, &snap))
		require.Len(t, snap.Ideas, 2)
		assert.Equal(t, "ideal", snap.Ideas[0].Column)
		assert.Equal(t, "template", snap.Ideas[0].Source)
		assert.Equal(t, "challenges", snap.Ideas[1].Column)

		var e apiErr
		assert.Equal(t, 400, b.do("POST", "/api/templates/"+itoa(tpl.ID)+"/clone", map[string]any{"accountId": 9999, "as": "map"}, &e))
		assert.Equal(t, 400, b.do("POST", "/api/templates/"+itoa(tpl.ID)+"/clone", map[string]any{"accountId": other.ID, "as": "poster"}, &e))
		assert.Equal(t, 404, b.do("POST", "/api/templates/9999/clone", map[string]any{"accountId": other.ID, "as": "map"}, &e))
		assert.Equal(t, 400, b.do("POST", "/api/maps/"+itoa(m.ID)+"/template", map[string]any{"name": "", "size": ""}, &e))
		assert.Equal(t, 400, b.do("POST", "/api/maps/"+itoa(m.ID)+"/template", map[string]any{"name": "x", "size": "huge"}, &e))
		assert.Equal(t, 409, b.do("DELETE", "/api/offerings/"+itoa(offering.ID), nil, &e), "templates link it too")
	})
}

func TestExports(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		v := finishedWorkshop(t, a)
		var m mapJSON
		require.Equal(t, 201, v.fac.do("POST", "/api/workshops/"+itoa(v.w.ID)+"/map", nil, &m))
		require.Equal(t, 200, v.fac.do("PATCH", "/api/maps/"+itoa(m.ID), map[string]any{
			"actions": []map[string]any{{"text": "=HYPERLINK(\"http://evil\")", "owner": "Sato"}}}, nil))
		get := func(path string) (*http.Response, string) {
			req, _ := http.NewRequest("GET", a.srv.URL+path, nil)
			resp, err := v.fac.client.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp, string(body)
		}
		resp, body := get("/api/workshops/" + itoa(v.w.ID) + "/export?format=md")
		assert.Equal(t, 200, resp.StatusCode)
		assert.Contains(t, resp.Header.Get("Content-Disposition"), "attachment")
		assert.Contains(t, body, "## Ideal state")
		assert.Contains(t, body, "Ideal B — 3 votes")
		assert.Contains(t, body, "_(vendor insight)_")

		resp, body = get("/api/workshops/" + itoa(v.w.ID) + "/export?format=csv")
		assert.Equal(t, "text/csv; charset=utf-8", resp.Header.Get("Content-Type"))
		assert.Contains(t, body, "ideal,Ideal B,participant,Mariko,,3,1,0,2,0,mixed")

		resp, body = get("/api/workshops/" + itoa(v.w.ID) + "/export?format=json")
		assert.Equal(t, 200, resp.StatusCode)
		var wj struct {
			Ideas   []any
			Results []any
		}
		require.NoError(t, json.Unmarshal([]byte(body), &wj))
		assert.Len(t, wj.Results, 2)

		_, body = get("/api/maps/" + itoa(m.ID) + "/export?format=md")
		assert.Contains(t, body, "## First steps")
		assert.Contains(t, body, "| Sato |")
		_, body = get("/api/maps/" + itoa(m.ID) + "/export?format=csv")
		assert.Contains(t, body, `'=HYPERLINK`, "formulas are defused in CSV")
		resp, _ = get("/api/maps/" + itoa(m.ID) + "/export?format=pdf")
		assert.Equal(t, 400, resp.StatusCode)
	})
}

func TestShareLinksExpireAndCanBeRevoked(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("csm@example.com")
		var m mapJSON
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": w.AccountID, "title": "Shared plan"}, &m))
		var sh struct {
			ID         int64
			Token, URL string
			Active     bool
		}
		require.Equal(t, 201, b.do("POST", "/api/maps/"+itoa(m.ID)+"/shares", map[string]any{"expiresInDays": 7}, &sh))
		assert.True(t, sh.Active)
		assert.Equal(t, a.srv.URL+"/shared/"+sh.Token, sh.URL)

		customer := a.browser() // no account
		var seen mapJSON
		require.Equal(t, 200, customer.do("GET", "/api/shared/"+sh.Token, nil, &seen))
		assert.Equal(t, "Shared plan", seen.Title)
		assert.Equal(t, 401, customer.do("PATCH", "/api/maps/"+itoa(m.ID), map[string]any{"title": "x"}, nil), "the link is read-only")

		var list struct {
			Shares []struct {
				ID     int64
				Token  string
				Active bool
			}
		}
		require.Equal(t, 200, b.do("GET", "/api/maps/"+itoa(m.ID)+"/shares", nil, &list))
		require.Len(t, list.Shares, 1)
		assert.Empty(t, list.Shares[0].Token, "tokens are shown once")

		require.Equal(t, 204, b.do("DELETE", "/api/maps/"+itoa(m.ID)+"/shares/"+itoa(sh.ID), nil, nil))
		var e apiErr
		assert.Equal(t, 404, customer.do("GET", "/api/shared/"+sh.Token, nil, &e))
		assert.Equal(t, 404, customer.do("GET", "/api/shared/not-a-token", nil, &e))

		// An expired link stops working.
		require.NoError(t, a.store.CreateShare(t.Context(), &models.MapShare{MapID: m.ID, TokenHash: sha256Hex("old-token"),
			ExpiresAt: time.Now().Add(-time.Minute), CreatedBy: 1}))
		assert.Equal(t, 404, customer.do("GET", "/api/shared/old-token", nil, &e))

		assert.Equal(t, 400, b.do("POST", "/api/maps/"+itoa(m.ID)+"/shares", map[string]any{"expiresInDays": 0}, &e))
		assert.Equal(t, 400, b.do("POST", "/api/maps/"+itoa(m.ID)+"/shares", map[string]any{"expiresInDays": 365}, &e))
		assert.True(t, strings.HasPrefix(e.Error.Message, "expiresInDays"))
	})
}
