// Package successmap turns a workshop's outcome into a success map, strips
// maps into reusable templates and clones templates back into maps.
package successmap

import (
	"sort"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// How much of a workshop becomes the map: the room's top choices, not everything said.
const (
	maxStatements = 5
	maxActions    = 10
)

// Build makes a map from a finished workshop: the top-voted ideal statements,
// every challenge (vendor insights as blind spots) and the top-voted first
// steps as actions. Without votes, the first items in board order are taken.
func Build(w *models.WorkshopListing, results *board.WorkshopResults, ideas []models.Idea, createdBy int64) *models.SuccessMap {
	wid := w.ID
	m := &models.SuccessMap{
		AccountID: w.AccountID, SourceWorkshopID: &wid, Title: "Success map: " + w.Title, CreatedBy: createdBy,
		TemplateID: w.TemplateID,
	}
	for _, col := range results.Columns {
		switch col.Column {
		case "ideal":
			for _, it := range topItems(col.Items, maxStatements) {
				m.Statements = append(m.Statements, models.MapStatement{Text: it.Text, Votes: it.Total})
			}
		case "first_steps":
			for _, it := range topItems(col.Items, maxActions) {
				m.Actions = append(m.Actions, models.MapAction{Text: it.Text, Status: models.ActionTodo})
			}
		}
	}
	challenges := make([]models.Idea, 0)
	for _, i := range ideas {
		if i.Column == "challenges" && i.GroupID == nil {
			challenges = append(challenges, i)
		}
	}
	sort.SliceStable(challenges, func(a, b int) bool { return challenges[a].Position < challenges[b].Position })
	for _, c := range challenges {
		johari := models.JohariOpen
		if c.Source == board.SourceVendorInsight {
			johari = models.JohariBlind
		}
		m.Challenges = append(m.Challenges, models.MapChallenge{Text: c.Text, Johari: johari})
	}
	return m
}

// topItems keeps the voted items in rank order, or, when nobody voted, the
// first items in board order (results list ties by idea id, i.e. creation).
// Items tied with the last one kept are kept too: the cut never decides a
// tie the room left open.
func topItems(items []board.ResultItem, n int) []board.ResultItem {
	voted := make([]board.ResultItem, 0, len(items))
	for _, it := range items {
		if it.Total > 0 {
			voted = append(voted, it)
		}
	}
	if len(voted) == 0 {
		if len(items) > n {
			return items[:n]
		}
		return items
	}
	keep := min(n, len(voted))
	for keep < len(voted) && voted[keep].Total == voted[keep-1].Total {
		keep++
	}
	return voted[:keep]
}
