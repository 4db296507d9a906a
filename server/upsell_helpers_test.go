package server_test

import (
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// fetch sends a request without a body and returns the status and the body as text (for downloads).
func (b *browser) fetch(method, path string) (int, string) {
	b.a.t.Helper()
	req, err := http.NewRequest(method, b.a.srv.URL+path, nil)
	require.NoError(b.a.t, err)
	req.Header.Set("Origin", b.a.srv.URL)
	resp, err := b.client.Do(req)
	require.NoError(b.a.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(b.a.t, err)
	return resp.StatusCode, string(data)
}

// salesTeam is an organization with two members, a satisfied and a neutral
// account, two offerings in different currencies and a map whose one
// challenge links the first offering.
type salesTeam struct {
	owner, ben         *browser
	ownerID, benID     int64
	satisfied, neutral int64
	plan, addon        int64 // plan: 10,000 JPY; addon: 500 USD
	mapID, challenge   int64
}

func newSalesTeam(t *testing.T, a *app, email string) salesTeam {
	t.Helper()
	var st salesTeam
	st.owner = a.browser()
	var me meJSON
	require.Equal(t, 201, st.owner.do("POST", "/api/auth/signup", map[string]string{"email": email, "password": "tarn-lantern-42", "name": "Aiko", "organization": "Team " + email}, &me))
	st.ownerID = me.ID
	_, token := invite(t, st.owner, "ben-"+email, "csm")
	var ben meJSON
	st.ben, ben = accept(t, a, token, "Ben")
	st.benID = ben.ID
	var id struct{ ID int64 }
	require.Equal(t, 201, st.owner.do("POST", "/api/accounts", map[string]any{"name": "Happy KK", "condition": "satisfied"}, &id))
	st.satisfied = id.ID
	require.Equal(t, 201, st.owner.do("POST", "/api/accounts", map[string]any{"name": "Unsure KK"}, &id))
	st.neutral = id.ID
	require.Equal(t, 201, st.owner.do("POST", "/api/offerings", map[string]any{"name": "Plan A", "kind": "plan", "monthlyPrice": 10000, "currency": "JPY"}, &id))
	st.plan = id.ID
	require.Equal(t, 201, st.owner.do("POST", "/api/offerings", map[string]any{"name": "Addon B", "kind": "addon", "monthlyPrice": 500, "currency": "USD"}, &id))
	st.addon = id.ID
	require.Equal(t, 201, st.owner.do("POST", "/api/maps", map[string]any{"accountId": st.satisfied, "title": "Happy map"}, &id))
	st.mapID = id.ID
	var m struct{ Challenges []struct{ ID int64 } }
	require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/maps/%d", st.mapID), map[string]any{
		"challenges": []map[string]any{{"text": "Reports take a week", "offeringIds": []int64{st.plan}}},
		"actions":    []map[string]any{{"text": "Pilot in two stores"}, {"text": "Train the managers"}},
	}, &m))
	require.Len(t, m.Challenges, 1)
	st.challenge = m.Challenges[0].ID
	return st
}

// opportunityJSON is what the tests read of an Opportunity.
type opportunityJSON struct {
	ID                        int64
	AccountID, OfferingID     int64
	MapID, ChallengeID        *int64
	ChallengeText             string
	Status, Reason, Note      string
	ReasonKind                *string
	MonthlyDelta              int64
	Currency                  string
	OwnerID                   *int64
	OwnerName                 string
	Override                  bool
	OverrideReason            string
	ClosedAt                  *string
	ChurnClearedNote          string
	ChurnClearedBy            *int64
	AccountName, OfferingName string
}

// errJSON is an error answer with its field problems.
type errJSON struct {
	Error struct {
		Code   string
		Fields []struct{ Field, Code string }
	}
}

// field is the first field problem's name and code, "" when there is none.
func (e errJSON) field() string {
	if len(e.Error.Fields) == 0 {
		return ""
	}
	return e.Error.Fields[0].Field + ":" + e.Error.Fields[0].Code
}

// propose creates an opportunity and returns it.
func propose(t *testing.T, b *browser, body map[string]any) opportunityJSON {
	t.Helper()
	var o opportunityJSON
	require.Equal(t, 201, b.do("POST", "/api/opportunities", body, &o))
	return o
}

// closeAs closes an opportunity.
func closeAs(t *testing.T, b *browser, id int64, body map[string]any) opportunityJSON {
	t.Helper()
	var o opportunityJSON
	require.Equal(t, 200, b.do("PATCH", fmt.Sprintf("/api/opportunities/%d", id), body, &o))
	return o
}
