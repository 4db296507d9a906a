package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// storyTeam is an organization whose account "Kaizen Motors" held a
// workshop with named participants and has a map full of names, a won
// opportunity and a contact: everything a story may and may not carry.
type storyTeam struct {
	owner            *browser
	account          int64
	plan, addon      int64
	workshop, mapID  int64
	challenge        int64
	participantNames []string
}

// namesAroundKaizen are every name the story fixture puts around the map, in lower case.
var namesAroundKaizen = []string{"kaizen", "motors", "hanako", "sato", "taro", "yamada", "aiko", "suzuki", "jiro", "tanaka"}

func newStoryTeam(t *testing.T, a *app, email string) storyTeam {
	t.Helper()
	st := storyTeam{owner: a.browser()}
	require.Equal(t, 201, st.owner.do("POST", "/api/auth/signup", map[string]string{"email": email, "password": "tarn-lantern-42", "name": "Hanako Sato"}, nil))
	var me struct{ ID int64 }
	require.Equal(t, 200, st.owner.do("GET", "/api/me", nil, &me))
	var id struct{ ID int64 }
	require.Equal(t, 201, st.owner.do("POST", "/api/accounts", map[string]any{"name": "Kaizen Motors", "industry": "Manufacturing", "sizeBand": "201-1000", "ownerId": me.ID}, &id))
	st.account = id.ID
	require.Equal(t, 201, st.owner.do("POST", "/api/offerings", map[string]any{"name": "Analytics add-on", "kind": "addon", "monthlyPrice": 30000, "currency": "JPY"}, &id))
	st.addon = id.ID
	require.Equal(t, 201, st.owner.do("POST", "/api/offerings", map[string]any{"name": "Enterprise plan", "kind": "plan", "monthlyPrice": 200000, "currency": "JPY"}, &id))
	st.plan = id.ID
	var w workshopJSON
	require.Equal(t, 201, st.owner.do("POST", "/api/workshops", map[string]any{"title": "Kaizen Motors FY27", "accountId": st.account}, &w))
	st.workshop = w.ID
	a.join(w.JoinCode, "Taro Yamada", "executive")
	a.join(w.JoinCode, "Aiko Suzuki", "frontline")
	fac := a.dialFacilitator(st.owner, w.ID)
	reply, _ := fac.command("to-map", "phase.set", map[string]string{"phase": "map"})
	require.Equal(t, "ack", reply.Type)
	require.Equal(t, 201, st.owner.do("POST", fmt.Sprintf("/api/workshops/%d/map", w.ID), map[string]any{}, &id))
	st.mapID = id.ID
	require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/maps/%d", st.mapID), map[string]any{
		"title":      "Kaizen Motors: month-end in two days",
		"statements": []map[string]any{{"text": "KAIZEN MOTORS closes the month in two days", "votes": 7}, {"text": "Yamada-san sees the same numbers as the floor"}},
		"challenges": []map[string]any{{"text": "Aiko retypes every invoice for Kaizen", "offeringIds": []int64{st.addon}}},
		"actions":    []map[string]any{{"text": "Pilot the OCR import with Jiro", "owner": "Jiro Tanaka", "team": "Onboarding", "due": "2027-03-31"}},
	}, nil))
	var m struct{ Challenges []struct{ ID int64 } }
	require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/maps/%d", st.mapID), nil, &m))
	st.challenge = m.Challenges[0].ID
	require.Equal(t, 201, st.owner.do("POST", fmt.Sprintf("/api/accounts/%d/contacts", st.account), map[string]any{"kind": "call", "note": "Spoke with Suzuki", "condition": "satisfied"}, nil))
	require.Equal(t, 201, st.owner.do("POST", "/api/opportunities", map[string]any{"mapId": st.mapID, "offeringId": st.plan}, &id))
	require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/opportunities/%d", id.ID), map[string]any{"status": "won", "reason": "delight"}, nil))
	return st
}

type storyJSON struct {
	ID         int64
	MapID      *int64
	Title      string
	Customer   string
	Anonymized bool
	Consent    bool
	Industry   string
	SizeBand   string
	Ideal      []string
	Challenges []string
	Offerings  []struct {
		ID   int64
		Name string
	}
	Quote, Outcome string
}

func (st storyTeam) postStory(t *testing.T, body map[string]any) (int, string) {
	t.Helper()
	raw, err := json.Marshal(body)
	require.NoError(t, err)
	var out json.RawMessage
	status := st.owner.do("POST", fmt.Sprintf("/api/maps/%d/story", st.mapID), string(raw), &out)
	return status, string(out)
}

func TestAStoryNeedsTheCustomersConsentAndNothingIsWrittenWithout(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newStoryTeam(t, a, "consent@example.com")
		for name, body := range map[string]map[string]any{
			"missing": {"title": "T", "outcome": "O"},
			"false":   {"title": "T", "outcome": "O", "consent": false},
			"string":  {"title": "T", "outcome": "O", "consent": "yes"},
		} {
			status, raw := st.postStory(t, body)
			assert.Equal(t, 400, status, name)
			if name == "string" {
				assert.Contains(t, raw, `"code":"bad_request"`, name)
			} else {
				assert.Contains(t, raw, `"field":"consent"`, name)
			}
		}
		var e struct {
			Error struct {
				Code   string
				Fields []struct{ Field, Code string }
			}
		}
		require.Equal(t, 400, st.owner.do("POST", fmt.Sprintf("/api/maps/%d/story", st.mapID), map[string]any{"title": "", "outcome": strings.Repeat("x", 2001)}, &e))
		assert.ElementsMatch(t, []struct{ Field, Code string }{{"consent", "required"}, {"title", "required"}, {"outcome", "too_long"}}, e.Error.Fields,
			"every problem answered at once")

		var list struct{ Stories []storyJSON }
		require.Equal(t, 200, st.owner.do("GET", "/api/stories", nil, &list))
		assert.Empty(t, list.Stories, "no story without consent")
	})
}

func TestAnAnonymizedStoryCarriesNoNameOfTheAccountOrAnyPerson(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newStoryTeam(t, a, "anon@example.com")
		status, raw := st.postStory(t, map[string]any{
			"title": "How Kaizen Motors closes in two days", "consent": true, "anonymized": true,
			"quote":   "Taro Yamada: 'we stopped arguing about numbers', says Hanako-san",
			"outcome": "kaizen motors went from 7 days to 2; Aiko and Suzuki no longer retype invoices. Jiro Tanaka led it.",
		})
		require.Equal(t, 201, status, raw)
		lower := strings.ToLower(raw)
		for _, name := range namesAroundKaizen {
			assert.NotContains(t, lower, name, "the story's JSON still names %q: %s", name, raw)
		}
		var s storyJSON
		require.NoError(t, json.Unmarshal([]byte(raw), &s))
		assert.True(t, s.Anonymized)
		assert.Equal(t, "", s.Customer)
		assert.Equal(t, "How [customer] closes in two days", s.Title)
		assert.Equal(t, []string{"[customer] closes the month in two days", "[name]-san sees the same numbers as the floor"}, s.Ideal)
		assert.Equal(t, []string{"[name] retypes every invoice for [customer]"}, s.Challenges)
		assert.Equal(t, "manufacturing", strings.ToLower(s.Industry))
		assert.Equal(t, "201-1000", s.SizeBand)
		var names []string
		for _, o := range s.Offerings {
			names = append(names, o.Name)
		}
		assert.ElementsMatch(t, []string{"Analytics add-on", "Enterprise plan"}, names, "the map's linked offering and the won one")

		// The list, the offering's case studies and the map's offerings carry it without names too.
		for _, path := range []string{"/api/stories", fmt.Sprintf("/api/offerings/%d", st.addon), "/api/offerings", fmt.Sprintf("/api/stories/%d", s.ID)} {
			status, text := st.owner.fetch("GET", path)
			require.Equal(t, 200, status, path)
			section := strings.ToLower(text)
			if i := strings.Index(section, `"stories"`); i >= 0 && strings.HasPrefix(path, "/api/offerings") {
				section = section[i:]
				assert.Contains(t, section, `"how [customer] closes in two days"`, path)
			}
			if !strings.HasPrefix(path, "/api/offerings") {
				for _, name := range namesAroundKaizen {
					assert.NotContains(t, section, name, "%s names %q", path, name)
				}
			}
		}

		// Editing it in the browser keeps it anonymous.
		var edited storyJSON
		require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/stories/%d", s.ID), map[string]any{
			"quote": "Thanks to Taro and Kaizen Motors", "ideal": []string{"Yamada sees it all"},
		}, &edited))
		assert.Equal(t, "Thanks to [name] and [customer]", edited.Quote)
		assert.Equal(t, []string{"[name] sees it all"}, edited.Ideal)
	})
}

func TestANamedStoryKeepsTheCustomerAndFiltersByIndustrySizeAndOffering(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newStoryTeam(t, a, "named@example.com")
		status, raw := st.postStory(t, map[string]any{"title": "Kaizen Motors", "consent": true, "outcome": "Close in 2 days", "quote": "Great"})
		require.Equal(t, 201, status, raw)
		var s storyJSON
		require.NoError(t, json.Unmarshal([]byte(raw), &s))
		assert.Equal(t, "Kaizen Motors", s.Customer)
		assert.False(t, s.Anonymized)
		assert.True(t, s.Consent)
		require.NotNil(t, s.MapID)
		assert.Equal(t, st.mapID, *s.MapID)

		count := func(query string) int {
			var list struct{ Stories []storyJSON }
			require.Equal(t, 200, st.owner.do("GET", "/api/stories"+query, nil, &list), query)
			return len(list.Stories)
		}
		assert.Equal(t, 1, count("?industry=manufacturing&size=201-1000"))
		assert.Equal(t, 0, count("?industry=retail"))
		assert.Equal(t, 0, count("?size=1-50"))
		assert.Equal(t, 1, count(fmt.Sprintf("?offeringId=%d", st.plan)))
		var e struct {
			Error struct{ Fields []struct{ Field string } }
		}
		assert.Equal(t, 400, st.owner.do("GET", "/api/stories?size=huge", nil, &e))
		assert.Equal(t, "size", e.Error.Fields[0].Field)
		assert.Equal(t, 400, st.owner.do("GET", "/api/stories?offeringId=-1", nil, nil))

		// Bad edits change nothing.
		require.Equal(t, 400, st.owner.do("PATCH", fmt.Sprintf("/api/stories/%d", s.ID), map[string]any{"title": "New", "offeringIds": []int64{999999}, "sizeBand": "x"}, &e))
		assert.Len(t, e.Error.Fields, 2)
		var again storyJSON
		require.Equal(t, 200, st.owner.do("GET", fmt.Sprintf("/api/stories/%d", s.ID), nil, &again))
		assert.Equal(t, "Kaizen Motors", again.Title)
		assert.Equal(t, 400, st.owner.do("PATCH", fmt.Sprintf("/api/stories/%d", s.ID), "{\"title\":\"a\\u0000\"}", nil))

		require.Equal(t, 200, st.owner.do("PATCH", fmt.Sprintf("/api/stories/%d", s.ID), map[string]any{"offeringIds": []int64{st.addon, st.addon}}, &again))
		require.Len(t, again.Offerings, 1)
		assert.Equal(t, 0, count(fmt.Sprintf("?offeringId=%d", st.plan)))

		require.Equal(t, 204, st.owner.do("DELETE", fmt.Sprintf("/api/stories/%d", s.ID), nil, nil))
		assert.Equal(t, 404, st.owner.do("GET", fmt.Sprintf("/api/stories/%d", s.ID), nil, nil))
		assert.Equal(t, 0, count(""))
	})
}

func TestAnotherOrganizationsStoryIsNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		st := newStoryTeam(t, a, "mine@example.com")
		status, raw := st.postStory(t, map[string]any{"title": "Kaizen", "consent": true, "outcome": "O"})
		require.Equal(t, 201, status)
		var s storyJSON
		require.NoError(t, json.Unmarshal([]byte(raw), &s))

		other := a.browser()
		require.Equal(t, 201, other.do("POST", "/api/auth/signup", map[string]string{"email": "other@example.com", "password": "tarn-lantern-42", "name": "Other"}, nil))
		path := fmt.Sprintf("/api/stories/%d", s.ID)
		assert.Equal(t, 404, other.do("GET", path, nil, nil))
		assert.Equal(t, 404, other.do("PATCH", path, map[string]any{"title": "Hijacked"}, nil))
		assert.Equal(t, 404, other.do("DELETE", path, nil, nil))
		assert.Equal(t, 404, other.do("POST", fmt.Sprintf("/api/maps/%d/story", st.mapID), map[string]any{"title": "x", "outcome": "y", "consent": true}, nil))
		var list struct{ Stories []storyJSON }
		require.Equal(t, 200, other.do("GET", "/api/stories", nil, &list))
		assert.Empty(t, list.Stories)

		var mine storyJSON
		require.Equal(t, 200, st.owner.do("GET", path, nil, &mine))
		assert.Equal(t, "Kaizen", mine.Title, "unchanged")
	})
}
