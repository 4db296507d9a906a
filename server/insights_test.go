package server_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type moneyJSON struct {
	Amount   int64
	Currency string
}

type statsJSON struct {
	UserID                     *int64
	OfferingID                 int64
	Name                       string
	Proposed, Won, Lost        int
	WinRate, PositiveShare     *float64
	ExpansionMrr               []moneyJSON
	PositiveWins, NegativeWins int
}

// TestUpsellInsightsMatchAHandComputedFixture checks every figure of the
// insights against numbers worked out by hand for March 2024:
//
//	o1 Aiko Plan A   proposed 03-01 won delight     03-05  10,000 JPY
//	o2 Aiko Plan A   proposed 03-02 won pity        03-10  20,000 JPY
//	o3 Ben  Addon B  proposed 03-03 won empathy     03-12     500 USD
//	o4 Ben  Plan A   proposed 03-04 lost            03-15
//	o5 Aiko Addon B  proposed 03-20 still proposed
//	o6 Ben  Plan A   proposed 02-10 won expectation 03-01  15,000 JPY (closed in March only)
//	o7 Aiko Plan A   proposed 03-25 won delight     04-02  99,999 JPY (proposed in March only)
//	o8 Ben  Addon B  proposed 01-05 lost            02-01             (outside March)
//
// plus a win of another organization in March, which must not count.
func TestUpsellInsightsMatchAHandComputedFixture(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		day := func(md string) string { return "2024-" + md + "T09:00:00Z" }
		fixture := []struct {
			owner          int64
			offering       int64
			proposed       string
			status, reason string
			closed         string
			delta          int64
		}{
			{st.ownerID, st.plan, "03-01", "won", "delight", "03-05", 10000},
			{st.ownerID, st.plan, "03-02", "won", "pity", "03-10", 20000},
			{st.benID, st.addon, "03-03", "won", "empathy", "03-12", 500},
			{st.benID, st.plan, "03-04", "lost", "budget", "03-15", 0},
			{st.ownerID, st.addon, "03-20", "", "", "", 0},
			{st.benID, st.plan, "02-10", "won", "expectation", "03-01", 15000},
			{st.ownerID, st.plan, "03-25", "won", "delight", "04-02", 99999},
			{st.benID, st.addon, "01-05", "lost", "timing", "02-01", 0},
		}
		for _, f := range fixture {
			o := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": f.offering, "ownerId": f.owner, "proposedAt": day(f.proposed)})
			if f.status != "" {
				body := map[string]any{"status": f.status, "reason": f.reason, "closedAt": day(f.closed)}
				if f.delta > 0 {
					body["monthlyDelta"] = f.delta
				}
				closeAs(t, st.owner, o.ID, body)
			}
		}
		other := newSalesTeam(t, a, "zed@example.com")
		o := propose(t, other.owner, map[string]any{"accountId": other.satisfied, "offeringId": other.plan, "proposedAt": day("03-02")})
		closeAs(t, other.owner, o.ID, map[string]any{"status": "won", "reason": "delight", "closedAt": day("03-03")})

		var got struct {
			From, To   string
			Totals     statsJSON
			ByCsm      []statsJSON
			ByOffering []statsJSON
			ByReason   []struct {
				Reason, Kind string
				Won          int
				ExpansionMrr []moneyJSON
			}
		}
		require.Equal(t, 200, st.owner.do("GET", "/api/insights/upsell?from=2024-03-01&to=2024-03-31", nil, &got))
		assert.Equal(t, "2024-03-01T00:00:00Z", got.From)
		assert.Equal(t, "2024-04-01T00:00:00Z", got.To, "to includes its whole day")
		rate := func(f float64) *float64 { return &f }

		// Totals: proposed o1 o2 o3 o4 o5 o7; won o1 o2 o3 o6; lost o4.
		assert.Equal(t, statsJSON{Proposed: 6, Won: 4, Lost: 1, WinRate: rate(0.8), PositiveShare: rate(0.75),
			ExpansionMrr: []moneyJSON{{45000, "JPY"}, {500, "USD"}}, PositiveWins: 3, NegativeWins: 1}, got.Totals)

		require.Len(t, got.ByCsm, 2)
		// Aiko: proposed o1 o2 o5 o7; won o1 (delight) o2 (pity).
		assert.Equal(t, statsJSON{UserID: &st.ownerID, Name: "Aiko", Proposed: 4, Won: 2, WinRate: rate(1), PositiveShare: rate(0.5),
			ExpansionMrr: []moneyJSON{{30000, "JPY"}}, PositiveWins: 1, NegativeWins: 1}, got.ByCsm[0])
		// Ben: proposed o3 o4; won o3 o6; lost o4.
		assert.Equal(t, statsJSON{UserID: &st.benID, Name: "Ben", Proposed: 2, Won: 2, Lost: 1, WinRate: rate(2.0 / 3), PositiveShare: rate(1),
			ExpansionMrr: []moneyJSON{{15000, "JPY"}, {500, "USD"}}, PositiveWins: 2}, got.ByCsm[1])

		require.Len(t, got.ByOffering, 2)
		// Addon B: proposed o3 o5; won o3.
		assert.Equal(t, statsJSON{OfferingID: st.addon, Name: "Addon B", Proposed: 2, Won: 1, WinRate: rate(1), PositiveShare: rate(1),
			ExpansionMrr: []moneyJSON{{500, "USD"}}, PositiveWins: 1}, got.ByOffering[0])
		// Plan A: proposed o1 o2 o4 o7; won o1 o2 o6; lost o4.
		assert.Equal(t, statsJSON{OfferingID: st.plan, Name: "Plan A", Proposed: 4, Won: 3, Lost: 1, WinRate: rate(0.75), PositiveShare: rate(2.0 / 3),
			ExpansionMrr: []moneyJSON{{45000, "JPY"}}, PositiveWins: 2, NegativeWins: 1}, got.ByOffering[1])

		require.Len(t, got.ByReason, 6)
		want := []struct {
			reason, kind string
			won          int
			mrr          []moneyJSON
		}{
			{"delight", "positive", 1, []moneyJSON{{10000, "JPY"}}},
			{"empathy", "positive", 1, []moneyJSON{{500, "USD"}}},
			{"expectation", "positive", 1, []moneyJSON{{15000, "JPY"}}},
			{"pity", "negative", 1, []moneyJSON{{20000, "JPY"}}},
			{"pleading", "negative", 0, []moneyJSON{}},
			{"coercion", "negative", 0, []moneyJSON{}},
		}
		for i, w := range want {
			r := got.ByReason[i]
			assert.Equal(t, w.reason, r.Reason)
			assert.Equal(t, w.kind, r.Kind)
			assert.Equal(t, w.won, r.Won, w.reason)
			assert.Equal(t, w.mrr, r.ExpansionMrr, w.reason)
		}

		// Without a period, everything: 8 proposed; won o1 o2 o3 o6 o7; lost o4 o8.
		var all struct{ Totals statsJSON }
		require.Equal(t, 200, st.owner.do("GET", "/api/insights/upsell", nil, &all))
		assert.Equal(t, statsJSON{Proposed: 8, Won: 5, Lost: 2, WinRate: rate(5.0 / 7), PositiveShare: rate(0.8),
			ExpansionMrr: []moneyJSON{{144999, "JPY"}, {500, "USD"}}, PositiveWins: 4, NegativeWins: 1}, all.Totals)

		// An empty period has no rates, not zero ones.
		var none struct{ Totals statsJSON }
		require.Equal(t, 200, st.owner.do("GET", "/api/insights/upsell?from=2020-01-01&to=2020-01-31", nil, &none))
		assert.Nil(t, none.Totals.WinRate)
		assert.Nil(t, none.Totals.PositiveShare)
		assert.Equal(t, []moneyJSON{}, none.Totals.ExpansionMrr)

		var e errJSON
		assert.Equal(t, 400, st.owner.do("GET", "/api/insights/upsell?from=2024-03-31&to=2024-03-01", nil, &e))
		assert.Equal(t, "to:out_of_range", e.field())
		assert.Equal(t, 400, st.owner.do("GET", fmt.Sprintf("/api/insights/upsell?from=%s", "March"), nil, &e))
		assert.Equal(t, "from:invalid", e.field())
	})
}
