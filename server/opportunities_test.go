package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpportunityFromAMapChallengeMovesOnlyFromProposedToWonOrLost(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		o := propose(t, st.owner, map[string]any{"mapId": st.mapID, "challengeId": st.challenge, "offeringId": st.plan, "currency": "jpy"})
		assert.Equal(t, st.satisfied, o.AccountID, "the map's account")
		assert.Equal(t, "Reports take a week", o.ChallengeText)
		assert.Equal(t, "proposed", o.Status)
		assert.Equal(t, int64(10000), o.MonthlyDelta, "the offering's price by default")
		assert.Equal(t, "JPY", o.Currency)
		require.NotNil(t, o.OwnerID)
		assert.Equal(t, st.ownerID, *o.OwnerID, "the caller by default")
		assert.Nil(t, o.ReasonKind)
		assert.False(t, o.Override, "a satisfied account needs no override")
		path := fmt.Sprintf("/api/opportunities/%d", o.ID)

		refusals := []struct {
			name   string
			method string
			path   string
			body   map[string]any
			status int
			field  string
		}{
			{"offering not linked to the challenge", "POST", "/api/opportunities", map[string]any{"mapId": st.mapID, "challengeId": st.challenge, "offeringId": st.addon}, 400, "offeringId:invalid"},
			{"challenge not on the map", "POST", "/api/opportunities", map[string]any{"mapId": st.mapID, "challengeId": st.challenge + 999, "offeringId": st.plan}, 404, "challengeId:not_found"},
			{"account other than the map's", "POST", "/api/opportunities", map[string]any{"mapId": st.mapID, "accountId": st.neutral, "offeringId": st.plan}, 400, "accountId:invalid"},
			{"currency mismatch on propose", "POST", "/api/opportunities", map[string]any{"accountId": st.satisfied, "offeringId": st.plan, "currency": "USD"}, 400, "currency:mismatch"},
			{"no offering", "POST", "/api/opportunities", map[string]any{"accountId": st.satisfied}, 400, "offeringId:required"},
			{"negative delta", "POST", "/api/opportunities", map[string]any{"accountId": st.satisfied, "offeringId": st.plan, "monthlyDelta": -1}, 400, "monthlyDelta:out_of_range"},
			{"created as won", "POST", "/api/opportunities", map[string]any{"accountId": st.satisfied, "offeringId": st.plan, "status": "won"}, 400, "status:invalid"},
			{"currency mismatch on close", "PATCH", path, map[string]any{"status": "won", "reason": "delight", "currency": "USD"}, 400, "currency:mismatch"},
			{"reason while proposed", "PATCH", path, map[string]any{"reason": "delight"}, 400, "reason:invalid"},
			{"win without reason", "PATCH", path, map[string]any{"status": "won"}, 400, "reason:required"},
			{"win with a reason that is no win reason", "PATCH", path, map[string]any{"status": "won", "reason": "budget"}, 400, "reason:invalid"},
			{"loss without reason", "PATCH", path, map[string]any{"status": "lost"}, 400, "reason:required"},
			{"loss with a long reason", "PATCH", path, map[string]any{"status": "lost", "reason": strings.Repeat("x", 201)}, 400, "reason:too_long"},
			{"unknown status", "PATCH", path, map[string]any{"status": "maybe"}, 400, "status:invalid"},
			{"closedAt while proposed", "PATCH", path, map[string]any{"closedAt": "2024-01-01T00:00:00Z"}, 400, "closedAt:invalid"},
			{"closedAt before proposedAt", "PATCH", path, map[string]any{"status": "lost", "reason": "timing", "closedAt": "2001-01-01T00:00:00Z"}, 400, "closedAt:out_of_range"},
			{"owner from nowhere", "PATCH", path, map[string]any{"ownerId": 99999}, 400, "ownerId:not_found"},
		}
		for _, r := range refusals {
			var e errJSON
			assert.Equal(t, r.status, st.owner.do(r.method, r.path, r.body, &e), r.name)
			assert.Equal(t, r.field, e.field(), r.name)
		}
		var list struct{ Opportunities []opportunityJSON }
		require.Equal(t, 200, st.owner.do("GET", "/api/opportunities", nil, &list))
		require.Len(t, list.Opportunities, 1, "no refused proposal was stored")
		assert.Equal(t, "proposed", list.Opportunities[0].Status, "no refused patch changed it")
		assert.Empty(t, list.Opportunities[0].Reason)

		won := closeAs(t, st.owner, o.ID, map[string]any{"status": "won", "reason": "delight", "monthlyDelta": 12000, "ownerId": st.benID})
		assert.Equal(t, "won", won.Status)
		require.NotNil(t, won.ReasonKind)
		assert.Equal(t, "positive", *won.ReasonKind)
		assert.NotNil(t, won.ClosedAt)
		assert.Equal(t, int64(12000), won.MonthlyDelta)
		assert.Equal(t, "Ben", won.OwnerName)

		for _, move := range []map[string]any{{"status": "lost", "reason": "timing"}, {"status": "proposed"}} {
			var e errJSON
			assert.Equal(t, 409, st.owner.do("PATCH", path, move, &e), "won is final: %v", move)
			assert.Equal(t, "invalid_transition", e.Error.Code)
			assert.Equal(t, "status:invalid", e.field())
		}
		var e errJSON
		assert.Equal(t, 409, st.owner.do("PATCH", path, map[string]any{"monthlyDelta": 1, "reason": "empathy"}, &e))
		assert.Equal(t, "opportunity_closed", e.Error.Code)
		assert.Len(t, e.Error.Fields, 2)

		again := closeAs(t, st.owner, o.ID, map[string]any{"status": "won", "reason": "delight", "monthlyDelta": 12000, "note": "signed at the QBR"})
		assert.Equal(t, "signed at the QBR", again.Note, "a retried close with the same values succeeds, and the note may change")
		assert.Equal(t, int64(12000), again.MonthlyDelta)
		assert.Equal(t, "delight", again.Reason)

		lost := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.addon, "monthlyDelta": 700})
		lost = closeAs(t, st.owner, lost.ID, map[string]any{"status": "lost", "reason": "  no budget this year  "})
		assert.Equal(t, "no budget this year", lost.Reason)
		require.NotNil(t, lost.ReasonKind)
		assert.Equal(t, "lost", *lost.ReasonKind)
		assert.Equal(t, "USD", lost.Currency)
		assert.Equal(t, 409, st.owner.do("PATCH", fmt.Sprintf("/api/opportunities/%d", lost.ID), map[string]any{"status": "won", "reason": "delight"}, &e))
		assert.Equal(t, "invalid_transition", e.Error.Code)

		require.Equal(t, 200, st.owner.do("GET", "/api/opportunities?status=won", nil, &list))
		require.Len(t, list.Opportunities, 1)
		assert.Equal(t, o.ID, list.Opportunities[0].ID)
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/opportunities?offeringId=%d", st.addon), nil, &list))
		require.Len(t, list.Opportunities, 1)
		assert.Equal(t, lost.ID, list.Opportunities[0].ID)
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/opportunities?ownerId=%d", st.benID), nil, &list))
		require.Len(t, list.Opportunities, 1)
		assert.Equal(t, 400, st.owner.do("GET", "/api/opportunities?status=maybe&ownerId=x&from=yesterday", nil, &e))
		assert.Len(t, e.Error.Fields, 3, "every bad filter at once")
	})
}

func TestProposingToAnAccountThatIsNotSatisfiedNeedsAnOverrideWithAReason(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		var e errJSON
		assert.Equal(t, 409, st.owner.do("POST", "/api/opportunities", map[string]any{"accountId": st.neutral, "offeringId": st.plan}, &e))
		assert.Equal(t, "succeed_first", e.Error.Code)
		assert.Equal(t, "override:required", e.field())
		assert.Equal(t, 400, st.owner.do("POST", "/api/opportunities", map[string]any{"accountId": st.neutral, "offeringId": st.plan, "override": true, "overrideReason": "  "}, &e))
		assert.Equal(t, "overrideReason:required", e.field())
		var list struct{ Opportunities []opportunityJSON }
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/opportunities?accountId=%d", st.neutral), nil, &list))
		assert.Empty(t, list.Opportunities, "refused proposals store nothing")

		o := propose(t, st.owner, map[string]any{"accountId": st.neutral, "offeringId": st.plan, "override": true, "overrideReason": " The champion asked for it "})
		assert.True(t, o.Override)
		assert.Equal(t, "The champion asked for it", o.OverrideReason)
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/opportunities/%d", o.ID), nil, &o))
		assert.True(t, o.Override, "the override is recorded")
	})
}

func TestOpportunitiesRefuseAnotherOrganizationsAccountMapOfferingAndMember(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		theirs := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.plan, "note": "SecretA note"})
		other := newSalesTeam(t, a, "zed@example.com")
		cases := []struct {
			body   map[string]any
			status int
			field  string
		}{
			{map[string]any{"accountId": st.satisfied, "offeringId": other.plan}, 404, "accountId:not_found"},
			{map[string]any{"accountId": other.satisfied, "offeringId": st.plan}, 404, "offeringId:not_found"},
			{map[string]any{"mapId": st.mapID, "challengeId": st.challenge, "offeringId": other.plan}, 404, "mapId:not_found"},
			{map[string]any{"accountId": other.satisfied, "offeringId": other.plan, "ownerId": st.benID}, 400, "ownerId:not_found"},
		}
		for _, tc := range cases {
			var e errJSON
			var raw map[string]any
			assert.Equal(t, tc.status, other.owner.do("POST", "/api/opportunities", tc.body, &e), "%v", tc.body)
			assert.Equal(t, tc.field, e.field(), "%v", tc.body)
			other.owner.do("POST", "/api/opportunities", tc.body, &raw)
			assert.NotContains(t, fmt.Sprint(raw), "Happy KK")
		}
		var e errJSON
		assert.Equal(t, 404, other.owner.do("PATCH", fmt.Sprintf("/api/opportunities/%d", theirs.ID), map[string]any{"status": "won", "reason": "delight"}, &e))
		assert.Equal(t, 404, other.owner.do("GET", fmt.Sprintf("/api/opportunities/%d", theirs.ID), nil, &e))
		var list struct{ Opportunities []opportunityJSON }
		require.Equal(t, 200, other.owner.do("GET", fmt.Sprintf("/api/opportunities?accountId=%d", st.satisfied), nil, &list))
		assert.Empty(t, list.Opportunities)
		require.Equal(t, 200, st.owner.do("GET", "/api/opportunities", nil, &list))
		require.Len(t, list.Opportunities, 1)
		assert.Equal(t, "proposed", list.Opportunities[0].Status, "the stranger changed nothing")
	})
}

func TestANegativeWinFlagsAChurnRiskUntilACSMClearsItWithANote(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		account := fmt.Sprintf("/api/accounts/%d", st.satisfied)
		type accountJSON struct {
			ChurnRisk              bool
			ChurnRiskOpportunityID *int64
			ChurnRiskOpportunity   *opportunityJSON
		}
		var acct accountJSON
		require.Equal(t, 200, st.owner.do("GET", account, nil, &acct))
		assert.False(t, acct.ChurnRisk)
		assert.Nil(t, acct.ChurnRiskOpportunity)

		positive := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.plan})
		closeAs(t, st.owner, positive.ID, map[string]any{"status": "won", "reason": "expectation"})
		require.Equal(t, 200, st.owner.do("GET", account, nil, &acct))
		assert.False(t, acct.ChurnRisk, "a win for a positive reason flags nothing")

		pity := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.addon})
		closeAs(t, st.owner, pity.ID, map[string]any{"status": "won", "reason": "pity"})
		require.Equal(t, 200, st.owner.do("GET", account, nil, &acct))
		assert.True(t, acct.ChurnRisk)
		require.NotNil(t, acct.ChurnRiskOpportunity)
		assert.Equal(t, pity.ID, acct.ChurnRiskOpportunity.ID)
		assert.Equal(t, "pity", acct.ChurnRiskOpportunity.Reason)

		type card struct {
			ID                     int64
			ChurnRisk              bool
			ChurnRiskOpportunityID *int64
		}
		var p struct {
			Total int
			Cells []struct{ Accounts []card }
		}
		require.Equal(t, 200, st.owner.do("GET", "/api/portfolio?churnRisk=true", nil, &p))
		require.Equal(t, 1, p.Total)
		for _, c := range p.Cells {
			for _, ac := range c.Accounts {
				assert.Equal(t, st.satisfied, ac.ID)
				assert.True(t, ac.ChurnRisk)
				require.NotNil(t, ac.ChurnRiskOpportunityID)
				assert.Equal(t, pity.ID, *ac.ChurnRiskOpportunityID)
			}
		}
		require.Equal(t, 200, st.owner.do("GET", "/api/portfolio?churnRisk=false", nil, &p))
		assert.Equal(t, 1, p.Total, "the neutral account only")

		var e errJSON
		assert.Equal(t, 400, st.ben.do("POST", account+"/churn-risk/clear", map[string]any{"note": " "}, &e))
		assert.Equal(t, "note:required", e.field())
		require.Equal(t, 200, st.owner.do("GET", account, nil, &acct))
		assert.True(t, acct.ChurnRisk, "a refused clear changes nothing")

		require.Equal(t, 200, st.ben.do("POST", account+"/churn-risk/clear", map[string]any{"note": "Called the CFO: they see the value now"}, &acct))
		assert.False(t, acct.ChurnRisk)
		assert.Nil(t, acct.ChurnRiskOpportunityID)
		var o opportunityJSON
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/opportunities/%d", pity.ID), nil, &o))
		assert.Equal(t, "Called the CFO: they see the value now", o.ChurnClearedNote)
		require.NotNil(t, o.ChurnClearedBy)
		assert.Equal(t, st.benID, *o.ChurnClearedBy)
		assert.Equal(t, 409, st.ben.do("POST", account+"/churn-risk/clear", map[string]any{"note": "again"}, &e))
		assert.Equal(t, "no_churn_risk", e.Error.Code)

		coerced := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.plan})
		closeAs(t, st.owner, coerced.ID, map[string]any{"status": "won", "reason": "coercion"})
		require.Equal(t, 200, st.owner.do("GET", account, nil, &acct))
		assert.True(t, acct.ChurnRisk, "a later negative win flags it again")
		require.NotNil(t, acct.ChurnRiskOpportunityID)
		assert.Equal(t, coerced.ID, *acct.ChurnRiskOpportunityID)

		other := newSalesTeam(t, a, "zed@example.com")
		assert.Equal(t, 404, other.owner.do("POST", account+"/churn-risk/clear", map[string]any{"note": "not yours"}, &e))
		require.Equal(t, 200, st.owner.do("GET", account, nil, &acct))
		assert.True(t, acct.ChurnRisk, "another organization cannot clear it")
	})
}

func TestOpportunitiesCSVHasABOMAndFormulaSafeCells(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newSalesTeam(t, a, "aiko@example.com")
		o := propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.plan, "note": "=HYPERLINK(\"http://evil\")"})
		closeAs(t, st.owner, o.ID, map[string]any{"status": "won", "reason": "delight", "monthlyDelta": 1234567})
		propose(t, st.owner, map[string]any{"accountId": st.satisfied, "offeringId": st.addon})

		status, body := st.owner.fetch("GET", "/api/opportunities.csv?status=won")
		require.Equal(t, 200, status)
		require.True(t, strings.HasPrefix(body, "\ufeff"), "a UTF-8 BOM first")
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(body, "\ufeff")), "\n")
		require.Len(t, lines, 2, "the header and the one win")
		assert.Equal(t, "id,account,offering,status,monthlyDelta,currency,amount,reason,reasonKind,note,owner,map,challenge,override,overrideReason,proposedAt,closedAt", strings.TrimSpace(lines[0]))
		assert.Contains(t, lines[1], `Happy KK,Plan A,won,1234567,JPY,"1,234,567 JPY",delight,positive,"'=HYPERLINK(""http://evil"")",Aiko`)
		assert.NotContains(t, body, ",=HYPERLINK")
		var e errJSON
		assert.Equal(t, 400, st.owner.do("GET", "/api/opportunities.csv?from=2027-13-01", nil, &e))
		assert.Equal(t, "from:invalid", e.field())
	})
}
