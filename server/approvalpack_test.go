package server_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type approvalPackJSON struct {
	MapID       int64
	AccountName string
	Industry    string
	SizeBand    string
	Ideal       []struct {
		Text  string
		Votes int
	}
	Votes *struct {
		WorkshopID int64
		Columns    []struct {
			Column string
			Items  []struct {
				Text    string
				Total   int
				ByLayer map[string]int
			}
		}
	}
	Offerings []struct {
		ID            int64
		Name          string
		MonthlyPrice  int64
		Currency      string
		Challenges    []string
		OpportunityID *int64
		Status        *string
		MonthlyDelta  *int64
	}
	Stories []struct {
		ID        int64
		Title     string
		MatchedBy []string
	}
	FirstSteps []struct{ Text, Owner, Team, Due, Status string }
}

func TestTheApprovalPackHoldsTheIdealVotesByLayerPricesStoriesAndFirstSteps(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		l := startLive(t, a)
		reply, _ := l.facWS.command("i1", "idea.add", map[string]string{"column": "ideal", "text": "Everyone sees the same numbers"})
		require.Equal(t, "ack", reply.Type)
		reply, _ = l.facWS.command("v", "phase.set", map[string]string{"phase": "vote_ideal"})
		require.Equal(t, "ack", reply.Type)
		var ideaID int64
		var snap struct {
			Ideas []struct {
				ID     int64
				Column string
			}
		}
		require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/workshops/%d", l.w.ID), nil, &snap))
		for _, i := range snap.Ideas {
			if i.Column == "ideal" {
				ideaID = i.ID
			}
		}
		for n, c := range []*wsClient{l.ws1, l.ws2, l.ws2} {
			reply, _ := c.command(fmt.Sprintf("vote-%d", n), "vote.cast", map[string]int64{"ideaId": ideaID})
			require.Equal(t, "ack", reply.Type, reply.Message)
		}
		reply, _ = l.facWS.command("m", "phase.set", map[string]string{"phase": "map"})
		require.Equal(t, "ack", reply.Type)
		var m struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", fmt.Sprintf("/api/workshops/%d/map", l.w.ID), map[string]any{}, &m))

		require.Equal(t, 200, l.fac.do("PATCH", fmt.Sprintf("/api/accounts/%d", l.w.AccountID), map[string]any{"industry": "retail", "sizeBand": "51-200"}, nil))
		require.Equal(t, 201, l.fac.do("POST", fmt.Sprintf("/api/accounts/%d/contacts", l.w.AccountID), map[string]any{"kind": "call", "condition": "satisfied"}, nil))
		var addon, plan, other struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", "/api/offerings", map[string]any{"name": "POS add-on", "kind": "addon", "monthlyPrice": 30000, "currency": "JPY"}, &addon))
		require.Equal(t, 201, l.fac.do("POST", "/api/offerings", map[string]any{"name": "Premium plan", "kind": "plan", "monthlyPrice": 90000, "currency": "JPY"}, &plan))
		require.Equal(t, 201, l.fac.do("POST", "/api/offerings", map[string]any{"name": "Unrelated", "kind": "service", "monthlyPrice": 1, "currency": "JPY"}, &other))
		require.Equal(t, 200, l.fac.do("PATCH", fmt.Sprintf("/api/maps/%d", m.ID), map[string]any{
			"challenges": []map[string]any{{"text": "Stock counts by hand", "offeringIds": []int64{addon.ID}}},
			"actions":    []map[string]any{{"text": "Count one store with scanners", "owner": "Mariko", "team": "Ops", "due": "2027-04-30"}},
		}, nil))
		var opp struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", "/api/opportunities", map[string]any{"mapId": m.ID, "offeringId": plan.ID, "monthlyDelta": 80000}, &opp))

		// Stories: one of the same segment, one adopting the add-on, one neither, and the account's own.
		story := func(name, industry, size string, offerings []int64) int64 {
			var acct, sm, s struct{ ID int64 }
			require.Equal(t, 201, l.fac.do("POST", "/api/accounts", map[string]any{"name": name, "industry": industry, "sizeBand": size}, &acct))
			require.Equal(t, 201, l.fac.do("POST", "/api/maps", map[string]any{"accountId": acct.ID, "title": name}, &sm))
			if len(offerings) > 0 {
				require.Equal(t, 200, l.fac.do("PATCH", fmt.Sprintf("/api/maps/%d", sm.ID), map[string]any{"challenges": []map[string]any{{"text": "c", "offeringIds": offerings}}}, nil))
			}
			require.Equal(t, 201, l.fac.do("POST", fmt.Sprintf("/api/maps/%d/story", sm.ID), map[string]any{"title": name, "outcome": "o", "consent": true}, &s))
			return s.ID
		}
		segment := story("Same segment", "Retail", "51-200", nil)
		byOffering := story("Same add-on", "logistics", "5000+", []int64{addon.ID})
		both := story("Both", "retail", "51-200", []int64{addon.ID})
		story("Neither", "retail", "1-50", []int64{other.ID})
		var own struct{ ID int64 }
		require.Equal(t, 201, l.fac.do("POST", fmt.Sprintf("/api/maps/%d/story", m.ID), map[string]any{"title": "Own", "outcome": "o", "consent": true}, &own))

		var pack approvalPackJSON
		require.Equal(t, 200, l.fac.do("GET", fmt.Sprintf("/api/maps/%d/approval-pack", m.ID), nil, &pack))
		assert.Equal(t, m.ID, pack.MapID)
		assert.Equal(t, "Acme KK", pack.AccountName)
		assert.Equal(t, "retail", pack.Industry)
		require.Len(t, pack.Ideal, 1)
		assert.Equal(t, "Everyone sees the same numbers", pack.Ideal[0].Text)
		assert.Equal(t, 3, pack.Ideal[0].Votes)

		require.NotNil(t, pack.Votes)
		assert.Equal(t, l.w.ID, pack.Votes.WorkshopID)
		require.NotEmpty(t, pack.Votes.Columns)
		assert.Equal(t, "ideal", pack.Votes.Columns[0].Column)
		require.Len(t, pack.Votes.Columns[0].Items, 1)
		assert.Equal(t, map[string]int{"executive": 2, "frontline": 1, "manager": 0, "other": 0}, pack.Votes.Columns[0].Items[0].ByLayer)

		require.Len(t, pack.Offerings, 2, "the linked add-on and the proposed plan, not the unrelated one")
		assert.Equal(t, addon.ID, pack.Offerings[0].ID)
		assert.Equal(t, int64(30000), pack.Offerings[0].MonthlyPrice)
		assert.Equal(t, []string{"Stock counts by hand"}, pack.Offerings[0].Challenges)
		assert.Nil(t, pack.Offerings[0].OpportunityID)
		assert.Equal(t, plan.ID, pack.Offerings[1].ID)
		require.NotNil(t, pack.Offerings[1].MonthlyDelta)
		assert.Equal(t, int64(80000), *pack.Offerings[1].MonthlyDelta)
		assert.Equal(t, opp.ID, *pack.Offerings[1].OpportunityID)
		assert.Equal(t, "proposed", *pack.Offerings[1].Status)

		got := map[int64][]string{}
		for _, s := range pack.Stories {
			got[s.ID] = s.MatchedBy
		}
		assert.Equal(t, map[int64][]string{segment: {"segment"}, byOffering: {"offering"}, both: {"segment", "offering"}}, got,
			"neither the unmatched story nor the account's own")
		assert.Equal(t, both, pack.Stories[0].ID, "both matches first")

		require.Len(t, pack.FirstSteps, 1)
		assert.Equal(t, struct{ Text, Owner, Team, Due, Status string }{"Count one store with scanners", "Mariko", "Ops", "2027-04-30", "todo"}, pack.FirstSteps[0])

		other2 := a.browser()
		require.Equal(t, 201, other2.do("POST", "/api/auth/signup", map[string]string{"email": "pack-other@example.com", "password": "tarn-lantern-42", "name": "O"}, nil))
		assert.Equal(t, 404, other2.do("GET", fmt.Sprintf("/api/maps/%d/approval-pack", m.ID), nil, nil))
		assert.Equal(t, 404, l.fac.do("GET", "/api/maps/999999/approval-pack", nil, nil))
	})
}

func TestTheApprovalPackPricesEachOfferingForTheAccountsSizeBand(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, _ := a.facilitator("csm@example.com")
		var banded, listOnly, acct, m struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", "/api/offerings", map[string]any{"name": "Seats", "kind": "seats", "monthlyPrice": 10000, "currency": "JPY",
			"bandPrices": map[string]int64{"1-50": 5000, "201-1000": 20000}}, &banded))
		require.Equal(t, 201, b.do("POST", "/api/offerings", map[string]any{"name": "Support", "kind": "service", "monthlyPrice": 7000, "currency": "JPY"}, &listOnly))
		require.Equal(t, 201, b.do("POST", "/api/accounts", map[string]any{"name": "Initech", "sizeBand": "201-1000"}, &acct))
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": acct.ID, "title": "Plan"}, &m))
		require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/maps/%d", m.ID), map[string]any{
			"challenges": []map[string]any{{"text": "Licences by hand", "offeringIds": []int64{banded.ID, listOnly.ID}}}}, nil))

		type priced struct {
			ID                  int64
			MonthlyPrice, Price int64
			PriceBand           string
		}
		pack := func() []priced {
			var p struct{ Offerings []priced }
			require.Equal(t, 200, b.do("GET", fmt.Sprintf("/api/maps/%d/approval-pack", m.ID), nil, &p))
			return p.Offerings
		}
		assert.Equal(t, []priced{
			{ID: banded.ID, MonthlyPrice: 10000, Price: 20000, PriceBand: "201-1000"},
			{ID: listOnly.ID, MonthlyPrice: 7000, Price: 7000, PriceBand: ""},
		}, pack(), "the band's own price, or the list price when the offering has none for it")

		require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"sizeBand": "5000+"}, nil))
		assert.Equal(t, priced{ID: banded.ID, MonthlyPrice: 10000, Price: 10000}, pack()[0], "no price for this band: the list price")
		require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"sizeBand": ""}, nil))
		assert.Equal(t, priced{ID: banded.ID, MonthlyPrice: 10000, Price: 10000}, pack()[0], "no size band: the list price")
		require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"sizeBand": "1-50"}, nil))
		assert.Equal(t, priced{ID: banded.ID, MonthlyPrice: 10000, Price: 5000, PriceBand: "1-50"}, pack()[0])
	})
}
