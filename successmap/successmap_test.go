package successmap

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

func TestBuildTakesTopVotedOrFirstItems(t *testing.T) {
	w := &models.WorkshopListing{Workshop: models.Workshop{ID: 4, AccountID: 2, Title: "Kickoff"}}
	items := func(totals ...int) []board.ResultItem {
		var out []board.ResultItem
		for i, n := range totals {
			out = append(out, board.ResultItem{IdeaID: int64(i + 1), Text: string(rune('A' + i)), Total: n})
		}
		return out
	}
	res := &board.WorkshopResults{Columns: []board.ColumnResults{
		{Column: "ideal", Items: items(9, 8, 7, 6, 5, 4, 0)},
		{Column: "first_steps", Items: items(0, 0, 0)},
	}}
	m := Build(w, res, nil, 1)
	require.Len(t, m.Statements, maxStatements, "at most five ideal statements")
	assert.Equal(t, "A", m.Statements[0].Text)
	assert.Equal(t, 9, m.Statements[0].Votes)
	require.Len(t, m.Actions, 3, "without votes, the first steps in board order")
	assert.Equal(t, models.ActionTodo, m.Actions[0].Status)
	assert.Equal(t, int64(4), *m.SourceWorkshopID)
	assert.Equal(t, "Success map: Kickoff", m.Title)
}

func TestStripAndCloneRoundTrip(t *testing.T) {
	m := &models.SuccessMap{Title: "Plan", AccountID: 3,
		Statements: []models.MapStatement{{Text: "Ideal", Votes: 4}},
		Challenges: []models.MapChallenge{{Text: "Gap", Johari: models.JohariBlind, OfferingIDs: []int64{7, 8}}},
		Actions:    []models.MapAction{{Text: "Do", Owner: "Sato", Team: "Ops", Due: "2027-01-01", Status: models.ActionDone}},
	}
	body, err := DecodeBody(Strip(m, "").Encode())
	require.NoError(t, err)
	assert.Equal(t, []BodyAction{{Text: "Do", Team: "Ops"}}, body.Actions)

	tpl := &models.Template{ID: 11, Version: 2}
	clone := Clone(tpl, body, 5, "Other KK", 1, "", func(id int64) bool { return id == 7 })
	assert.Equal(t, int64(5), clone.AccountID)
	assert.Equal(t, "Plan", clone.Title)
	assert.Equal(t, []int64{7}, clone.Challenges[0].OfferingIDs, "links to deleted offerings are dropped")
	assert.Equal(t, models.ActionTodo, clone.Actions[0].Status)
	assert.Empty(t, clone.Actions[0].Owner)
	assert.Equal(t, 2, *clone.TemplateVersion)
}

// Saving a template scrubs the source account's name, however it is
// written; cloning puts the new account's name in its place.
func TestTemplatesCarryNoCustomersName(t *testing.T) {
	m := &models.SuccessMap{Title: "Success map: Acme KK FY27",
		Statements: []models.MapStatement{{Text: "ACME KK stores see their numbers daily"}},
		Challenges: []models.MapChallenge{{Text: "Reports at acme kk take a week", Johari: models.JohariBlind}},
		Actions:    []models.MapAction{{Text: "Pilot at two Acme KK stores", Owner: "Sato", Team: "Acme KK ops"}},
	}
	body := Strip(m, "Acme KK")
	assert.NotContains(t, strings.ToLower(body.Encode()), "acme", "no trace of the source customer")
	assert.Equal(t, "Success map: {customer} FY27", body.Title)
	assert.Equal(t, models.JohariBlind, body.Challenges[0].Johari, "an insight stays an insight")

	clone := Clone(&models.Template{ID: 1, Version: 1}, body, 9, "Izakaya Co", 1, "", func(int64) bool { return true })
	assert.Equal(t, "Success map: Izakaya Co FY27", clone.Title)
	assert.Equal(t, "Izakaya Co stores see their numbers daily", clone.Statements[0].Text)
	assert.Equal(t, "Reports at Izakaya Co take a week", clone.Challenges[0].Text)
	assert.Equal(t, "Pilot at two Izakaya Co stores", clone.Actions[0].Text)
	assert.Equal(t, "Izakaya Co ops", clone.Actions[0].Team)
	assert.Empty(t, clone.Actions[0].Owner)
}

func TestExpansionCountsEachOfferingOncePerCurrency(t *testing.T) {
	m := &models.SuccessMap{Challenges: []models.MapChallenge{
		{OfferingIDs: []int64{1, 2}}, {OfferingIDs: []int64{1, 3}},
	}}
	offerings := map[int64]*models.Offering{
		1: {ID: 1, MonthlyPrice: 100, Currency: "JPY"}, 2: {ID: 2, MonthlyPrice: 50, Currency: "JPY"}, 3: {ID: 3, MonthlyPrice: 7, Currency: "USD"},
	}
	v := NewMapView(m, "Acme", offerings)
	assert.Equal(t, []Money{{Amount: 150, Currency: "JPY"}, {Amount: 7, Currency: "USD"}}, v.Expansion)
	assert.Equal(t, []int64{1, 2, 3}, LinkedOfferingIDs(m))
}

func TestTheTopCutKeepsTies(t *testing.T) {
	items := []board.ResultItem{{IdeaID: 1, Total: 5}, {IdeaID: 2, Total: 3}, {IdeaID: 3, Total: 3}, {IdeaID: 4, Total: 3}, {IdeaID: 5, Total: 1}}
	got := topItems(items, 2)
	ids := []int64{}
	for _, it := range got {
		ids = append(ids, it.IdeaID)
	}
	assert.Equal(t, []int64{1, 2, 3, 4}, ids, "the three tied for second all stay")
	assert.Len(t, topItems(items, 5), 5)
	assert.Len(t, topItems([]board.ResultItem{{IdeaID: 1}, {IdeaID: 2}, {IdeaID: 3}}, 2), 2, "without votes, the first in board order")
}
