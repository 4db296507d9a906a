package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The customer's view of a map (share links, the customer print view)
// shows the plan and the offerings as benefits, never the vendor's prices,
// expansion potential or Johari labels.
func TestTheCustomersViewOfAMapLeavesOutTheVendorsBusiness(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		b, w := a.facilitator("csm@example.com")
		var off struct{ ID int64 }
		require.Equal(t, 201, b.do("POST", "/api/offerings", map[string]any{"name": "Analytics add-on", "kind": "addon", "monthlyPrice": 987654, "currency": "USD",
			"description": "Dashboards for every store"}, &off))
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/offerings/%d/case-studies", off.ID), map[string]string{"customer": "Izakaya Co", "summary": "Saw waste", "outcome": "Cut 12%"}, nil))
		var m mapJSON
		require.Equal(t, 201, b.do("POST", "/api/maps", map[string]any{"accountId": w.AccountID, "title": "Plan"}, &m))
		require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/maps/%d", m.ID), map[string]any{
			"statements": []map[string]any{{"text": "Every store sees its numbers", "votes": 4}},
			"challenges": []map[string]any{{"text": "Numbers come a week late", "johari": "blind", "offeringIds": []int64{off.ID}}},
			"actions":    []map[string]any{{"text": "Pilot in two stores", "owner": "Yuta", "status": "todo"}},
		}, nil))
		var sh struct{ Token string }
		require.Equal(t, 201, b.do("POST", fmt.Sprintf("/api/maps/%d/shares", m.ID), map[string]any{}, &sh))

		var team map[string]any
		require.Equal(t, 200, b.do("GET", fmt.Sprintf("/api/maps/%d", m.ID), nil, &team))
		assert.Contains(t, fmt.Sprint(team), "987654", "the team's view has prices")
		assert.Contains(t, fmt.Sprint(team), "blind")

		for name, get := range map[string]func(out any) int{
			"share link":          func(out any) int { return a.browser().do("GET", "/api/shared/"+sh.Token, nil, out) },
			"customer print view": func(out any) int { return b.do("GET", fmt.Sprintf("/api/maps/%d?view=customer", m.ID), nil, out) },
		} {
			t.Run(name, func(t *testing.T) {
				var seen map[string]any
				require.Equal(t, 200, get(&seen))
				text := fmt.Sprint(seen)
				assert.Equal(t, "customer", seen["view"])
				for _, leak := range []string{"987654", "monthlyPrice", "expansion", "blind", "johari", "currency"} {
					assert.NotContains(t, strings.ToLower(text), strings.ToLower(leak), "the customer's view shows %s", leak)
				}
				for _, want := range []string{"Every store sees its numbers", "Numbers come a week late", "Pilot in two stores", "Analytics add-on", "Dashboards for every store", "Izakaya Co"} {
					assert.Contains(t, text, want)
				}
			})
		}
		assert.Equal(t, 400, b.do("GET", fmt.Sprintf("/api/maps/%d?view=everything", m.ID), nil, nil))
	})
}
