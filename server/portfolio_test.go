package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accountJSON is an account as the API answers it.
type accountJSON struct {
	ID                 int64
	Name               string
	UsageX, UsageY     int
	Stage              string
	Condition          string
	ConditionNote      string
	ConditionCheckedAt *time.Time
	OwnerID            *int64
	MRR                int64
	Currency           string
	Seats              int
	ExternalID         string
	SucceedFirst       bool
}

// fieldErr is an error answer with its field problems.
type fieldErr struct {
	Error struct {
		Code, Message string
		Line          int
		Fields        []struct{ Field, Code, Message string }
	} `json:"error"`
}

// fields lists "field:code" of every problem, for compact assertions.
func (e fieldErr) fields() []string {
	var out []string
	for _, f := range e.Error.Fields {
		out = append(out, f.Field+":"+f.Code)
	}
	return out
}

type settingsJSON struct {
	Axes struct {
		X, Y struct{ Name string }
	}
	Stages      []struct{ Key, Label string }
	ContactGoal int
	UpdatedAt   *time.Time
}

type portfolioJSON struct {
	Axes   struct{ X, Y struct{ Name string } }
	Stages []struct{ Key, Label string }
	Cells  []struct {
		X, Y  int
		Count int
		MRR   []struct {
			Amount   int64
			Currency string
		}
		Accounts []accountJSON
		Play     *struct {
			Action       string
			TemplateID   *int64
			TemplateName string
		}
	}
	Total    int
	Contacts struct {
		Month     string
		ThisMonth int
		Goal      int
		ByCsm     []struct {
			UserID int64
			Name   string
			Count  int
		}
	}
}

func (p portfolioJSON) cell(x, y int) []accountJSON { return p.Cells[y*4+x].Accounts }

func TestSettingsStartWithTheDefaultsAndOnlyManagersChangeThem(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		_, token := invite(t, owner, "csm@example.com", "csm")
		csm, _ := accept(t, a, token, "Nao")

		var s settingsJSON
		require.Equal(t, 200, csm.do("GET", "/api/organization/settings", nil, &s))
		assert.Equal(t, "Usage X", s.Axes.X.Name)
		assert.Equal(t, "Usage Y", s.Axes.Y.Name)
		assert.Equal(t, 100, s.ContactGoal)
		assert.Nil(t, s.UpdatedAt)
		require.Len(t, s.Stages, 4)
		assert.Equal(t, []string{"onboarding", "adoption", "expansion", "advocacy"}, []string{s.Stages[0].Key, s.Stages[1].Key, s.Stages[2].Key, s.Stages[3].Key})

		var e fieldErr
		assert.Equal(t, 403, csm.do("PUT", "/api/organization/settings", map[string]any{"contactGoal": 5}, &e))
		assert.Equal(t, "forbidden", e.Error.Code)

		body := map[string]any{
			"axes":        map[string]any{"x": map[string]string{"name": "Customer ledger"}, "y": map[string]string{"name": "Reservations"}},
			"stages":      []map[string]any{{"key": "onboarding", "label": "導入"}, {"key": "adoption", "label": "Adoption"}, {"key": "expansion", "label": "Expansion"}, {"key": "advocacy", "label": "Advocacy"}, {"label": "Renewal"}, {"label": "更新"}},
			"contactGoal": 250,
		}
		require.Equal(t, 200, owner.do("PUT", "/api/organization/settings", body, &s))
		assert.Equal(t, "Customer ledger", s.Axes.X.Name)
		assert.Equal(t, 250, s.ContactGoal)
		require.Len(t, s.Stages, 6)
		assert.Equal(t, "導入", s.Stages[0].Label, "a renamed label keeps its key")
		assert.Equal(t, "onboarding", s.Stages[0].Key)
		assert.Equal(t, "renewal", s.Stages[4].Key, "a new stage's key comes from its label")
		assert.Equal(t, "stage-1", s.Stages[5].Key, "a label without ASCII letters gets a numbered key")
		require.NotNil(t, s.UpdatedAt)

		_, adminToken := invite(t, owner, "admin@example.com", "admin")
		admin, _ := accept(t, a, adminToken, "Ada")
		require.Equal(t, 200, admin.do("PUT", "/api/organization/settings", map[string]any{"contactGoal": 250}, &s), "admins manage the settings too")

		// A part not sent stays.
		require.Equal(t, 200, owner.do("PUT", "/api/organization/settings", map[string]any{"contactGoal": 80}, &s))
		assert.Equal(t, "Customer ledger", s.Axes.X.Name)
		assert.Len(t, s.Stages, 6)
		require.Equal(t, 200, csm.do("GET", "/api/organization/settings", nil, &s))
		assert.Equal(t, 80, s.ContactGoal)
	})
}

func TestBadSettingsAreRefusedFieldByFieldAndChangeNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		cases := []struct {
			name   string
			body   any
			fields []string
		}{
			{"every problem at once", map[string]any{
				"axes":        map[string]any{"x": map[string]string{"name": ""}, "y": map[string]string{"name": strings.Repeat("y", 51)}},
				"stages":      []map[string]any{{"key": "a", "label": "One"}, {"key": "a", "label": "one"}, {"key": "Bad Key", "label": ""}},
				"contactGoal": 0,
			}, []string{"axes.x.name:required", "axes.y.name:too_long", "stages[1].label:duplicate", "stages[1].key:duplicate", "stages[2].label:required", "stages[2].key:invalid", "contactGoal:out_of_range"}},
			{"an axis left out", map[string]any{"axes": map[string]any{"x": map[string]string{"name": "Ledger"}}}, []string{"axes.y.name:required"}},
			{"no stages", map[string]any{"stages": []any{}}, []string{"stages:out_of_range"}},
			{"too many stages", map[string]any{"stages": []map[string]string{{"label": "1"}, {"label": "2"}, {"label": "3"}, {"label": "4"}, {"label": "5"}, {"label": "6"}, {"label": "7"}, {"label": "8"}, {"label": "9"}}}, []string{"stages:out_of_range"}},
			{"a goal too high", map[string]any{"contactGoal": 100_001}, []string{"contactGoal:out_of_range"}},
			{"a label too long", map[string]any{"stages": []map[string]string{{"label": "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijX"}}}, []string{"stages[0].label:too_long"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e fieldErr
				assert.Equal(t, 400, owner.do("PUT", "/api/organization/settings", tc.body, &e))
				assert.ElementsMatch(t, tc.fields, e.fields())
				assert.NotEmpty(t, e.Error.Message)
			})
		}
		var e fieldErr
		assert.Equal(t, 400, owner.do("PUT", "/api/organization/settings", `{"contactGoal":"many"}`, &e))
		assert.Equal(t, "bad_request", e.Error.Code)

		var s settingsJSON
		require.Equal(t, 200, owner.do("GET", "/api/organization/settings", nil, &s))
		assert.Equal(t, "Usage X", s.Axes.X.Name)
		assert.Len(t, s.Stages, 4)
		assert.Equal(t, 100, s.ContactGoal)
		assert.Nil(t, s.UpdatedAt, "nothing was saved")
	})
}

func TestAStageAccountsAreAtCannotBeRemoved(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		var acct accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Acme KK", "stage": "expansion"}, &acct))
		three := []map[string]string{{"key": "onboarding", "label": "Onboarding"}, {"key": "adoption", "label": "Adoption"}, {"key": "advocacy", "label": "Advocacy"}}
		var e fieldErr
		require.Equal(t, 409, owner.do("PUT", "/api/organization/settings", map[string]any{"stages": three, "contactGoal": 10}, &e))
		assert.Equal(t, "stage_in_use", e.Error.Code)
		assert.Equal(t, []string{"stages:in_use"}, e.fields())
		assert.Contains(t, e.Error.Message, "1 accounts are at stage expansion")
		var s settingsJSON
		require.Equal(t, 200, owner.do("GET", "/api/organization/settings", nil, &s))
		assert.Equal(t, 100, s.ContactGoal, "nothing changed")

		require.Equal(t, 200, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"stage": "advocacy"}, nil))
		require.Equal(t, 200, owner.do("PUT", "/api/organization/settings", map[string]any{"stages": three}, &s))
		assert.Len(t, s.Stages, 3)
		assert.Equal(t, 400, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"stage": "expansion"}, &e), "a removed stage is no stage")
		assert.Equal(t, []string{"stage:invalid"}, e.fields())
	})
}

func TestAccountPortfolioFieldsAreSetAndValidated(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, me := signupOwner(t, a, "owner@example.com", "Acme CS")
		stranger, strangerMe := signupOwner(t, a, "stranger@example.com", "Other CS")
		_ = stranger

		var acct accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Acme KK"}, &acct))
		assert.Equal(t, "onboarding", acct.Stage, "a new account starts at the first stage")
		assert.Equal(t, "neutral", acct.Condition)
		assert.Nil(t, acct.ConditionCheckedAt)
		assert.Nil(t, acct.OwnerID)
		assert.True(t, acct.SucceedFirst, "not satisfied yet: succeed first")

		patch := map[string]any{"usageX": 3, "usageY": 1, "stage": "adoption", "condition": "satisfied", "conditionNote": "Happy with the rollout",
			"ownerId": me.ID, "mrr": 120000, "currency": "jpy", "seats": 25, "externalId": " CRM-1 "}
		require.Equal(t, 200, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), patch, &acct))
		assert.Equal(t, 3, acct.UsageX)
		assert.Equal(t, 1, acct.UsageY)
		assert.Equal(t, "adoption", acct.Stage)
		assert.Equal(t, "satisfied", acct.Condition)
		assert.NotNil(t, acct.ConditionCheckedAt)
		require.NotNil(t, acct.OwnerID)
		assert.Equal(t, me.ID, *acct.OwnerID)
		assert.Equal(t, int64(120000), acct.MRR)
		assert.Equal(t, "JPY", acct.Currency)
		assert.Equal(t, 25, acct.Seats)
		assert.Equal(t, "CRM-1", acct.ExternalID)
		assert.False(t, acct.SucceedFirst)

		var got accountJSON
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &got))
		assert.Equal(t, acct, got, "what was answered is what is stored")

		// ownerId absent leaves the owner; null clears it.
		require.Equal(t, 200, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"seats": 30}, &got))
		require.NotNil(t, got.OwnerID)
		require.Equal(t, 200, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), `{"ownerId":null}`, &got))
		assert.Nil(t, got.OwnerID)

		cases := []struct {
			name   string
			body   any
			status int
			fields []string
		}{
			{"levels out of range", map[string]any{"usageX": 4, "usageY": -1}, 400, []string{"usageX:out_of_range", "usageY:out_of_range"}},
			{"unknown condition", map[string]any{"condition": "angry"}, 400, []string{"condition:invalid"}},
			{"unknown stage", map[string]any{"stage": "churned"}, 400, []string{"stage:invalid"}},
			{"another organization's user as owner", map[string]any{"ownerId": strangerMe.ID}, 400, []string{"ownerId:not_found"}},
			{"a made-up owner", map[string]any{"ownerId": 999999}, 400, []string{"ownerId:not_found"}},
			{"negative mrr", map[string]any{"mrr": -1}, 400, []string{"mrr:out_of_range"}},
			{"not a currency", map[string]any{"currency": "XYZW"}, 400, []string{"currency:invalid"}},
			{"mrr without currency", map[string]any{"currency": ""}, 400, []string{"currency:required"}},
			{"too many seats", map[string]any{"seats": 10_000_001}, 400, []string{"seats:out_of_range"}},
			{"externalId too long", map[string]any{"externalId": strings.Repeat("x", 101)}, 400, []string{"externalId:too_long"}},
			{"condition note too long", map[string]any{"conditionNote": fmt.Sprintf("%01001d", 0)}, 400, []string{"conditionNote:too_long"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e fieldErr
				assert.Equal(t, tc.status, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), tc.body, &e))
				assert.ElementsMatch(t, tc.fields, e.fields())
			})
		}
		var after accountJSON
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &after))
		assert.Equal(t, got, after, "refused changes changed nothing")

		// externalId is unique within an organization, not across them.
		var e fieldErr
		assert.Equal(t, 409, owner.do("POST", "/api/accounts", map[string]any{"name": "Copy", "externalId": "CRM-1"}, &e))
		assert.Equal(t, []string{"externalId:duplicate"}, e.fields())
		assert.Equal(t, 201, stranger.do("POST", "/api/accounts", map[string]any{"name": "Theirs", "externalId": "CRM-1"}, nil))
		// Accounts without one never collide.
		assert.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "B"}, nil))
		assert.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "C", "externalId": ""}, nil))
	})
}

func TestARemovedMemberLeavesTheirAccountsUnowned(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		_, token := invite(t, owner, "csm@example.com", "csm")
		_, csm := accept(t, a, token, "Nao")
		var acct accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Acme KK", "ownerId": csm.ID}, &acct))
		require.NotNil(t, acct.OwnerID)
		require.Equal(t, 204, owner.do("DELETE", fmt.Sprintf("/api/members/%d", csm.ID), nil, nil))
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &acct))
		assert.Nil(t, acct.OwnerID)
	})
}

type contactJSON struct {
	ID        int64
	AccountID int64
	UserID    int64
	UserName  string
	Kind      string
	At        time.Time
	Note      string
	Condition string
}

func TestAContactWithAConditionUpdatesTheAccount(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, me := signupOwner(t, a, "owner@example.com", "Acme CS")
		var acct accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Acme KK"}, &acct))
		path := fmt.Sprintf("/api/accounts/%d/contacts", acct.ID)

		var c contactJSON
		require.Equal(t, 201, owner.do("POST", path, map[string]any{"kind": "call", "note": "Quarterly check-in"}, &c))
		assert.Equal(t, me.ID, c.UserID)
		assert.Equal(t, "Owner", c.UserName)
		assert.WithinDuration(t, time.Now(), c.At, time.Minute, "at defaults to now")
		assert.Equal(t, "", c.Condition)
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &acct))
		assert.Equal(t, "neutral", acct.Condition, "a contact without a condition leaves it")

		checked := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
		require.Equal(t, 201, owner.do("POST", path, map[string]any{"kind": "meeting", "at": checked, "note": "Loves the new reports", "condition": "satisfied"}, &c))
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &acct))
		assert.Equal(t, "satisfied", acct.Condition)
		assert.Equal(t, "Loves the new reports", acct.ConditionNote)
		require.NotNil(t, acct.ConditionCheckedAt)
		assert.True(t, checked.Equal(*acct.ConditionCheckedAt), "checked when the contact took place")
		assert.False(t, acct.SucceedFirst)

		// A back-dated contact does not overwrite a newer check.
		require.Equal(t, 201, owner.do("POST", path, map[string]any{"kind": "email", "at": checked.Add(-48 * time.Hour), "condition": "unsatisfied"}, nil))
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &acct))
		assert.Equal(t, "satisfied", acct.Condition)

		var list struct{ Contacts []contactJSON }
		require.Equal(t, 200, owner.do("GET", path, nil, &list))
		require.Len(t, list.Contacts, 3)
		assert.Equal(t, []string{"call", "meeting", "email"}, []string{list.Contacts[0].Kind, list.Contacts[1].Kind, list.Contacts[2].Kind}, "newest first")
	})
}

func TestBadContactsAreRefusedAndChangeNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		stranger, _ := signupOwner(t, a, "stranger@example.com", "Other CS")
		var acct accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Acme KK"}, &acct))
		path := fmt.Sprintf("/api/accounts/%d/contacts", acct.ID)
		cases := []struct {
			name   string
			body   any
			fields []string
		}{
			{"unknown kind", map[string]any{"kind": "fax"}, []string{"kind:invalid"}},
			{"far future", map[string]any{"kind": "call", "at": time.Now().Add(72 * time.Hour)}, []string{"at:out_of_range"}},
			{"before 2000", map[string]any{"kind": "call", "at": "1999-12-31T00:00:00Z"}, []string{"at:out_of_range"}},
			{"unknown condition", map[string]any{"kind": "call", "condition": "meh"}, []string{"condition:invalid"}},
			{"note too long", map[string]any{"kind": "call", "note": strings.Repeat("n", 2001)}, []string{"note:too_long"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e fieldErr
				assert.Equal(t, 400, owner.do("POST", path, tc.body, &e))
				assert.ElementsMatch(t, tc.fields, e.fields())
			})
		}
		var e fieldErr
		assert.Equal(t, 400, owner.do("POST", path, `{"kind":"call","at":"yesterday"}`, &e))
		assert.Equal(t, 404, stranger.do("POST", path, map[string]any{"kind": "call", "condition": "unsatisfied"}, &e), "another organization's account")
		assert.Equal(t, 404, stranger.do("GET", path, nil, &e))
		var list struct{ Contacts []contactJSON }
		require.Equal(t, 200, owner.do("GET", path, nil, &list))
		assert.Empty(t, list.Contacts)
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/accounts/%d", acct.ID), nil, &acct))
		assert.Equal(t, "neutral", acct.Condition)
	})
}

func TestPortfolioHasSixteenCellsFiltersAndContactsAgainstTheGoal(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, me := signupOwner(t, a, "owner@example.com", "Acme CS")
		_, token := invite(t, owner, "csm@example.com", "csm")
		csm, csmMe := accept(t, a, token, "Nao")
		stranger, strangerMe := signupOwner(t, a, "stranger@example.com", "Other CS")
		require.Equal(t, 201, stranger.do("POST", "/api/accounts", map[string]any{"name": "Not ours", "usageX": 1, "usageY": 1, "ownerId": strangerMe.ID}, nil))

		create := func(body map[string]any) accountJSON {
			var acct accountJSON
			require.Equal(t, 201, owner.do("POST", "/api/accounts", body, &acct))
			return acct
		}
		acme := create(map[string]any{"name": "Acme", "usageX": 1, "usageY": 2, "stage": "adoption", "condition": "satisfied", "ownerId": me.ID, "industry": "Retail", "sizeBand": "51-200", "mrr": 1000, "currency": "USD"})
		beta := create(map[string]any{"name": "Beta", "usageX": 1, "usageY": 2, "stage": "expansion", "ownerId": csmMe.ID, "industry": "Retail", "mrr": 500, "currency": "USD"})
		gamma := create(map[string]any{"name": "Gamma", "usageX": 3, "usageY": 0, "industry": "Finance", "sizeBand": "5000+", "mrr": 90000, "currency": "JPY"})

		var p portfolioJSON
		require.Equal(t, 200, csm.do("GET", "/api/portfolio", nil, &p))
		require.Len(t, p.Cells, 16, "all 16 cells, empty ones too")
		for i, c := range p.Cells {
			assert.Equal(t, i%4, c.X)
			assert.Equal(t, i/4, c.Y)
			assert.NotNil(t, c.Accounts)
			assert.Nil(t, c.Play)
		}
		assert.Equal(t, 3, p.Total)
		assert.Equal(t, "Usage X", p.Axes.X.Name)
		assert.Len(t, p.Stages, 4)
		cell := p.Cells[2*4+1]
		require.Len(t, cell.Accounts, 2)
		assert.Equal(t, 2, cell.Count)
		assert.Equal(t, []string{"Acme", "Beta"}, []string{cell.Accounts[0].Name, cell.Accounts[1].Name})
		assert.Equal(t, acme.ID, cell.Accounts[0].ID)
		assert.False(t, cell.Accounts[0].SucceedFirst)
		assert.True(t, cell.Accounts[1].SucceedFirst)
		assert.Equal(t, "expansion", cell.Accounts[1].Stage)
		require.Len(t, cell.MRR, 1)
		assert.Equal(t, int64(1500), cell.MRR[0].Amount)
		assert.Equal(t, "USD", cell.MRR[0].Currency)
		require.Len(t, p.cell(3, 0), 1)
		assert.Equal(t, gamma.ID, p.cell(3, 0)[0].ID)
		for _, c := range p.Cells {
			for _, acct := range c.Accounts {
				assert.NotEqual(t, "Not ours", acct.Name)
			}
		}

		filters := []struct {
			query string
			want  []int64
		}{
			{"?stage=expansion", []int64{beta.ID}},
			{fmt.Sprintf("?ownerId=%d", me.ID), []int64{acme.ID}},
			{"?ownerId=none", []int64{gamma.ID}},
			{"?industry=Retail", []int64{acme.ID, beta.ID}},
			{"?size=5000%2B", []int64{gamma.ID}},
			{"?condition=neutral", []int64{beta.ID, gamma.ID}},
			{"?industry=Retail&stage=adoption", []int64{acme.ID}},
			{"?stage=nosuchstage", nil},
			{fmt.Sprintf("?ownerId=%d", strangerMe.ID), nil},
		}
		for _, f := range filters {
			t.Run(f.query, func(t *testing.T) {
				var p portfolioJSON
				require.Equal(t, 200, csm.do("GET", "/api/portfolio"+f.query, nil, &p))
				require.Len(t, p.Cells, 16)
				var ids []int64
				for _, c := range p.Cells {
					for _, acct := range c.Accounts {
						ids = append(ids, acct.ID)
					}
				}
				assert.ElementsMatch(t, f.want, ids)
				assert.Equal(t, len(f.want), p.Total)
			})
		}
		for _, bad := range []string{"?ownerId=abc", "?ownerId=-3", "?condition=angry"} {
			var e fieldErr
			assert.Equal(t, 400, csm.do("GET", "/api/portfolio"+bad, nil, &e), bad)
			assert.NotEmpty(t, e.Error.Fields, bad)
		}

		// Contacts this month, per CSM and for the team.
		for range 2 {
			require.Equal(t, 201, csm.do("POST", fmt.Sprintf("/api/accounts/%d/contacts", beta.ID), map[string]any{"kind": "call"}, nil))
		}
		require.Equal(t, 201, owner.do("POST", fmt.Sprintf("/api/accounts/%d/contacts", acme.ID), map[string]any{"kind": "meeting"}, nil))
		lastMonth := time.Now().UTC().AddDate(0, -1, 0)
		if lastMonth.Month() == time.Now().UTC().Month() { // the 31st after a 30-day month
			lastMonth = lastMonth.AddDate(0, 0, -3)
		}
		require.Equal(t, 201, owner.do("POST", fmt.Sprintf("/api/accounts/%d/contacts", acme.ID), map[string]any{"kind": "email", "at": lastMonth}, nil))
		require.Equal(t, 201, stranger.do("POST", "/api/accounts", map[string]any{"name": "Theirs"}, nil))
		require.Equal(t, 200, owner.do("PUT", "/api/organization/settings", map[string]any{"contactGoal": 40}, nil))
		require.Equal(t, 200, owner.do("GET", "/api/portfolio?stage=advocacy", nil, &p))
		assert.Equal(t, 3, p.Contacts.ThisMonth, "the team's month, whatever the filters")
		assert.Equal(t, 40, p.Contacts.Goal)
		assert.Equal(t, time.Now().UTC().Format("2006-01"), p.Contacts.Month)
		counts := map[int64]int{}
		for _, c := range p.Contacts.ByCsm {
			counts[c.UserID] = c.Count
		}
		assert.Equal(t, map[int64]int{me.ID: 1, csmMe.ID: 2}, counts)
	})
}

func TestPlaysAreSetPerCellWithTheOrganizationsTemplatesOnly(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		tm := seedTeam(t, a, "owner-a@example.com")
		stranger, _ := signupOwner(t, a, "stranger@example.com", "Other CS")
		var own struct{ ID int64 }
		require.Equal(t, 201, stranger.do("POST", "/api/accounts", map[string]string{"name": "Own"}, &own))
		require.Equal(t, 201, stranger.do("POST", "/api/maps", map[string]any{"accountId": own.ID, "title": "Own map"}, &own))
		var tpl struct{ ID int64 }
		require.Equal(t, 201, stranger.do("POST", fmt.Sprintf("/api/maps/%d/template", own.ID), map[string]any{"name": "Own template"}, &tpl))

		var e fieldErr
		assert.Equal(t, 404, stranger.do("PUT", "/api/portfolio/plays/0/3", map[string]any{"action": "Steal", "templateId": tm.template}, &e))
		assert.Equal(t, []string{"templateId:not_found"}, e.fields())
		var set struct {
			X, Y int
			Play struct {
				Action       string
				TemplateID   *int64
				TemplateName string
			}
		}
		require.Equal(t, 200, stranger.do("PUT", "/api/portfolio/plays/0/3", map[string]any{"action": "Run the reservations workshop", "templateId": tpl.ID}, &set))
		assert.Equal(t, 0, set.X)
		assert.Equal(t, 3, set.Y)
		assert.Equal(t, "Own template", set.Play.TemplateName)
		require.Equal(t, 200, stranger.do("PUT", "/api/portfolio/plays/0/3", map[string]any{"action": "Call them first"}, &set))
		assert.Nil(t, set.Play.TemplateID, "a play set again is replaced")

		var p portfolioJSON
		require.Equal(t, 200, stranger.do("GET", "/api/portfolio", nil, &p))
		require.NotNil(t, p.Cells[3*4+0].Play)
		assert.Equal(t, "Call them first", p.Cells[3*4+0].Play.Action)
		assert.Nil(t, p.Cells[2*4+1].Play, "the other team's play is theirs")

		for _, bad := range []string{"/api/portfolio/plays/4/0", "/api/portfolio/plays/0/-1", "/api/portfolio/plays/x/1"} {
			assert.Equal(t, 404, stranger.do("PUT", bad, map[string]any{"action": "x"}, nil), bad)
		}
		assert.Equal(t, 400, stranger.do("PUT", "/api/portfolio/plays/1/1", map[string]any{"action": ""}, &e))
		assert.Equal(t, []string{"action:required"}, e.fields())

		_, token := invite(t, stranger, "csm@example.com", "csm")
		csm, _ := accept(t, a, token, "Nao")
		assert.Equal(t, 403, csm.do("PUT", "/api/portfolio/plays/1/1", map[string]any{"action": "Mine"}, nil))
		assert.Equal(t, 403, csm.do("DELETE", "/api/portfolio/plays/0/3", nil, nil))

		require.Equal(t, 204, stranger.do("DELETE", "/api/portfolio/plays/0/3", nil, nil))
		require.Equal(t, 200, stranger.do("GET", "/api/portfolio", nil, &p))
		assert.Nil(t, p.Cells[3*4+0].Play)
		require.Equal(t, 200, tm.owner.do("GET", "/api/portfolio", nil, &p))
		require.NotNil(t, p.Cells[2*4+1].Play)
		assert.Equal(t, "SecretA Template", p.Cells[2*4+1].Play.TemplateName)
	})
}

func TestAMapOfANotSatisfiedAccountSaysSucceedFirst(t *testing.T) {
	forEachDB(t, func(t *testing.T, a *app) {
		owner, _ := signupOwner(t, a, "owner@example.com", "Acme CS")
		var acct accountJSON
		require.Equal(t, 201, owner.do("POST", "/api/accounts", map[string]any{"name": "Acme KK", "condition": "unsatisfied"}, &acct))
		var m struct {
			ID               int64
			AccountCondition string
			SucceedFirst     bool
			Offerings        []any
		}
		require.Equal(t, 201, owner.do("POST", "/api/maps", map[string]any{"accountId": acct.ID, "title": "Plan"}, &m))
		assert.True(t, m.SucceedFirst)
		assert.Equal(t, "unsatisfied", m.AccountCondition)
		assert.NotNil(t, m.Offerings, "the map's own fields are still there")

		var list struct{ Maps []struct{ SucceedFirst bool } }
		require.Equal(t, 200, owner.do("GET", "/api/maps", nil, &list))
		require.Len(t, list.Maps, 1)
		assert.True(t, list.Maps[0].SucceedFirst)

		require.Equal(t, 200, owner.do("PATCH", fmt.Sprintf("/api/accounts/%d", acct.ID), map[string]any{"condition": "satisfied"}, nil))
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/maps/%d", m.ID), nil, &m))
		assert.False(t, m.SucceedFirst)
		assert.Equal(t, "satisfied", m.AccountCondition)

		var customer map[string]any
		require.Equal(t, 200, owner.do("GET", fmt.Sprintf("/api/maps/%d?view=customer", m.ID), nil, &customer))
		assert.NotContains(t, customer, "succeedFirst", "the customer's view leaves our rule out")
		assert.NotContains(t, customer, "accountCondition")
	})
}
