package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fieldsErr struct {
	Error struct {
		Code   string
		Fields []struct{ Field, Code string }
	}
}

func TestTheKarteIsValidatedAndSeedsTheLiveBoardAndTheMap(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		fac, w0 := a.facilitator("karte@example.com")
		var m struct{ ID int64 }
		require.Equal(t, 201, fac.do("POST", "/api/maps", map[string]any{"accountId": w0.AccountID, "title": "Source"}, &m))
		var tpl struct {
			ID    int64
			Karte []struct {
				ID                 int
				Text, Team, Action string
			}
		}
		require.Equal(t, 201, fac.do("POST", fmt.Sprintf("/api/maps/%d/template", m.ID), map[string]any{"name": "Retail"}, &tpl))
		assert.Empty(t, tpl.Karte)

		var e fieldsErr
		require.Equal(t, 400, fac.do("PUT", fmt.Sprintf("/api/templates/%d/karte", tpl.ID), map[string]any{"items": []map[string]string{
			{"text": ""}, {"text": "ok", "team": strings.Repeat("t", 101)},
		}}, &e))
		assert.ElementsMatch(t, []struct{ Field, Code string }{{"items[0].text", "required"}, {"items[1].team", "too_long"}}, e.Error.Fields)
		require.Equal(t, 200, fac.do("GET", fmt.Sprintf("/api/templates/%d", tpl.ID), nil, &tpl))
		assert.Empty(t, tpl.Karte, "a refused checklist writes nothing")

		require.Equal(t, 200, fac.do("PUT", fmt.Sprintf("/api/templates/%d/karte", tpl.ID), map[string]any{"items": []map[string]string{
			{"text": "Invoices are typed by hand", "team": "Onboarding", "action": "Set up the OCR import"},
			{"text": "Stock is counted on paper", "team": "Ops"},
			{"text": "Reports take a week", "team": "Analytics", "action": "Turn on the dashboards"},
		}}, &tpl))
		require.Len(t, tpl.Karte, 3)
		assert.Equal(t, 1, tpl.Karte[0].ID)

		var w workshopJSON
		require.Equal(t, 201, fac.do("POST", fmt.Sprintf("/api/templates/%d/clone", tpl.ID), map[string]any{"accountId": w0.AccountID, "as": "workshop"}, &w))
		assert.Equal(t, 409, fac.do("POST", fmt.Sprintf("/api/workshops/%d/karte", w0.ID), map[string]any{}, &e), "no template, no karte")
		assert.Equal(t, "no_karte", e.Error.Code)
		assert.Equal(t, 400, fac.do("POST", fmt.Sprintf("/api/workshops/%d/karte", w.ID), map[string]any{"expiresInDays": 0}, nil))

		var link struct {
			ID         int64
			Token, URL string
		}
		require.Equal(t, 201, fac.do("POST", fmt.Sprintf("/api/workshops/%d/karte", w.ID), map[string]any{}, &link))
		require.NotEmpty(t, link.Token)
		assert.True(t, strings.HasSuffix(link.URL, "/karte/"+link.Token))
		room := a.dialFacilitator(fac, w.ID) // the room runs while the customer answers

		customer := a.browser()
		var karte struct {
			WorkshopTitle string
			Items         []struct {
				ID   int
				Text string
			}
			AnsweredAt *string
		}
		require.Equal(t, 200, customer.do("GET", "/api/karte/"+link.Token, nil, &karte))
		require.Len(t, karte.Items, 3)
		assert.Nil(t, karte.AnsweredAt)
		assert.Equal(t, 404, customer.do("GET", "/api/karte/not-a-token", nil, nil))

		require.Equal(t, 400, customer.do("POST", "/api/karte/"+link.Token, map[string]any{"answers": []map[string]any{
			{"itemId": 1, "applies": true}, {"itemId": 1, "applies": false}, {"itemId": 99, "applies": true},
		}}, &e))
		assert.ElementsMatch(t, []struct{ Field, Code string }{{"answers[1].itemId", "duplicate"}, {"answers[2].itemId", "not_found"}}, e.Error.Fields)
		require.Equal(t, 400, customer.do("POST", "/api/karte/"+link.Token, map[string]any{"answers": []map[string]any{
			{"itemId": 1}, {"itemId": 2, "applies": true, "note": strings.Repeat("n", 281)},
		}}, &e))
		assert.ElementsMatch(t, []struct{ Field, Code string }{{"answers[0].applies", "required"}, {"answers[1].note", "too_long"}}, e.Error.Fields)
		assert.Equal(t, 400, customer.do("POST", "/api/karte/"+link.Token, map[string]any{"answers": []any{}}, nil))
		assert.Equal(t, 400, customer.do("POST", "/api/karte/"+link.Token, `{"answers":[{"itemId":1,"applies":true,"note":"\u0000"}]}`, nil))
		require.Equal(t, 200, customer.do("GET", "/api/karte/"+link.Token, nil, &karte))
		assert.Nil(t, karte.AnsweredAt, "refused answers write nothing")

		var done struct{ Ideas, Actions int }
		require.Equal(t, 200, customer.do("POST", "/api/karte/"+link.Token, map[string]any{"answers": []map[string]any{
			{"itemId": 1, "applies": true, "note": "about 300 a month"}, {"itemId": 2, "applies": true}, {"itemId": 3, "applies": false},
		}}, &done))
		assert.Equal(t, 2, done.Ideas)

		var seeded []string
		for len(seeded) < 2 {
			ev := room.next()
			require.Equal(t, "idea.added", ev.Event, "the live room shows the karte's ideas")
			var d struct {
				Idea struct {
					Column, Text, Source, AuthorName string
				}
			}
			require.NoError(t, json.Unmarshal(ev.Data, &d))
			assert.Equal(t, "challenges", d.Idea.Column)
			assert.Equal(t, "karte", d.Idea.Source)
			seeded = append(seeded, d.Idea.Text)
		}
		assert.Equal(t, []string{"Invoices are typed by hand — about 300 a month", "Stock is counted on paper"}, seeded)
		reply, _ := room.command("after-karte", "idea.add", map[string]string{"column": "current", "text": "the room goes on"})
		require.Equal(t, "ack", reply.Type, "the room's board took the outside commit")

		require.Equal(t, 409, customer.do("POST", "/api/karte/"+link.Token, map[string]any{"answers": []map[string]any{{"itemId": 3, "applies": true}}}, &e))
		assert.Equal(t, "already_answered", e.Error.Code)

		reply, _ = room.command("to-map", "phase.set", map[string]string{"phase": "map"})
		require.Equal(t, "ack", reply.Type)
		var built struct {
			Challenges []struct{ Text string }
			Actions    []struct{ Text, Team string }
		}
		require.Equal(t, 201, fac.do("POST", fmt.Sprintf("/api/workshops/%d/map", w.ID), map[string]any{}, &built))
		assert.Contains(t, built.Actions, struct{ Text, Team string }{"Set up the OCR import", "Onboarding"})
		assert.Contains(t, built.Actions, struct{ Text, Team string }{"Stock is counted on paper", "Ops"})
		assert.NotContains(t, built.Actions, struct{ Text, Team string }{"Turn on the dashboards", "Analytics"}, "an item that does not apply")

		var links struct {
			Links []struct {
				ID         int64
				AnsweredAt *string
				Token      string
			}
		}
		require.Equal(t, 200, fac.do("GET", fmt.Sprintf("/api/workshops/%d/karte", w.ID), nil, &links))
		require.Len(t, links.Links, 1)
		assert.NotNil(t, links.Links[0].AnsweredAt)
		assert.Empty(t, links.Links[0].Token, "the token is shown once")
		require.Equal(t, 204, fac.do("DELETE", fmt.Sprintf("/api/workshops/%d/karte/%d", w.ID, link.ID), nil, nil))
		assert.Equal(t, 404, customer.do("GET", "/api/karte/"+link.Token, nil, nil), "revoked")

		other := a.browser()
		require.Equal(t, 201, other.do("POST", "/api/auth/signup", map[string]string{"email": "karte-other@example.com", "password": "tarn-lantern-42", "name": "O"}, nil))
		assert.Equal(t, 404, other.do("POST", fmt.Sprintf("/api/workshops/%d/karte", w.ID), map[string]any{}, nil))
		assert.Equal(t, 404, other.do("PUT", fmt.Sprintf("/api/templates/%d/karte", tpl.ID), map[string]any{"items": []any{}}, nil))
	})
}
