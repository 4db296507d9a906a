package export

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/board"
)

func TestMoneyReadsAsPeopleWriteIt(t *testing.T) {
	cases := []struct {
		minor int64
		code  string
		want  string
	}{
		{120050, "USD", "1,200.50 USD"},
		{5, "USD", "0.05 USD"},
		{50000, "JPY", "50,000 JPY"},
		{1234567, "BHD", "1,234.567 BHD"},
		{-9900, "EUR", "-99.00 EUR"},
		{100000000, "KRW", "100,000,000 KRW"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FormatMoney(tc.minor, tc.code))
	}
}

func snapshot(anonymous bool) *board.SnapshotView {
	author := func(id int64) *int64 { return &id }
	snap := &board.SnapshotView{
		Workshop: board.WorkshopView{Title: "FY27", AccountName: "Acme", Phase: "closed", Settings: board.SettingsView{Anonymous: anonymous}},
		Participants: []board.ParticipantView{
			{ID: 1, Name: "Yuta", Layer: "frontline"}, {ID: 2, Name: "yuta ", Layer: "frontline"}, {ID: 3, Name: "Aiko", Layer: "executive"},
		},
		Ideas: []board.IdeaView{
			{ID: 10, Column: "first_steps", Text: "Board order first, few votes", AuthorID: author(1), AuthorName: "Yuta", AuthorRole: board.RoleParticipant},
			{ID: 11, Column: "first_steps", Text: "Most votes", AuthorID: author(3), AuthorName: "Aiko", AuthorRole: board.RoleParticipant},
			{ID: 12, Column: "first_steps", Text: "No votes", AuthorName: "Facilitator", AuthorRole: board.RoleFacilitator},
		},
	}
	return snap
}

var results = &board.WorkshopResults{Columns: []board.ColumnResults{
	{Column: "ideal"},
	{Column: "first_steps", Items: []board.ResultItem{
		{IdeaID: 11, Rank: 1, Total: 5, Consensus: board.Consensus{Label: "agreed"}},
		{IdeaID: 10, Rank: 2, Total: 1, Consensus: board.Consensus{Label: "split"}},
		{IdeaID: 12, Rank: 3, Total: 0, Consensus: board.Consensus{Label: "no_votes"}},
	}},
}}

func TestWorkshopMarkdownRanksVotedColumnsAndCountsPeopleOnce(t *testing.T) {
	md := string(WorkshopMarkdown(snapshot(false), results))
	assert.Contains(t, md, "Participants: 2", "Yuta joined twice; he is one person")
	most, few, none := strings.Index(md, "Most votes"), strings.Index(md, "Board order first"), strings.Index(md, "No votes")
	require.True(t, most > 0 && few > 0 && none > 0)
	assert.Less(t, most, few, "ranked by votes, not board order")
	assert.Less(t, few, none)
	assert.Contains(t, md, "1. Most votes — 5 votes (agreed)")
}

func TestExportsOfAnAnonymousWorkshopNameNoParticipant(t *testing.T) {
	snap := Anonymized(snapshot(true))
	csv, err := WorkshopCSV(snap, results)
	require.NoError(t, err)
	md := WorkshopMarkdown(snap, results)
	for _, out := range []string{string(csv), string(md)} {
		assert.NotContains(t, out, "Yuta")
		assert.NotContains(t, out, "Aiko")
	}
	assert.Contains(t, string(csv), "Facilitator", "the facilitator's own name may stay")
	for _, p := range snap.Participants {
		assert.Empty(t, p.Name)
	}
	named := Anonymized(snapshot(false))
	assert.Equal(t, "Yuta", named.Ideas[0].AuthorName, "a named workshop keeps its names")
}

func TestCSVOpensInExcelWithJapanese(t *testing.T) {
	csv, err := WorkshopCSV(snapshot(false), results)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(csv), "\ufeffcolumn,text"), "a UTF-8 byte order mark first")
}
