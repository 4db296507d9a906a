package successmap

import (
	"encoding/json"
	"fmt"

	"github.com/kizuki-app/kizuki/models"
)

// Body is a map without anything specific to one account: no account, owners,
// due dates or statuses. It is what a template stores.
type Body struct {
	Title      string          `json:"title"`
	Statements []string        `json:"statements"`
	Challenges []BodyChallenge `json:"challenges"`
	Actions    []BodyAction    `json:"actions"`
}

// BodyChallenge is a challenge with its quadrant and the offerings that close it.
type BodyChallenge struct {
	Text        string  `json:"text"`
	Johari      string  `json:"johari"`
	OfferingIDs []int64 `json:"offeringIds"`
}

// BodyAction is a first step; the team is kept as a hint, the owner and date are not.
type BodyAction struct {
	Text string `json:"text"`
	Team string `json:"team"`
}

// Strip turns a map into a template body.
func Strip(m *models.SuccessMap) Body {
	b := Body{Title: m.Title, Statements: []string{}, Challenges: []BodyChallenge{}, Actions: []BodyAction{}}
	for _, s := range m.Statements {
		b.Statements = append(b.Statements, s.Text)
	}
	for _, c := range m.Challenges {
		ids := append([]int64{}, c.OfferingIDs...)
		b.Challenges = append(b.Challenges, BodyChallenge{Text: c.Text, Johari: c.Johari, OfferingIDs: ids})
	}
	for _, a := range m.Actions {
		b.Actions = append(b.Actions, BodyAction{Text: a.Text, Team: a.Team})
	}
	return b
}

// Encode serializes a body for storage.
func (b Body) Encode() string {
	raw, err := json.Marshal(b)
	if err != nil {
		panic("successmap: encode body: " + err.Error()) // only plain strings and ints inside
	}
	return string(raw)
}

// DecodeBody reads a stored body.
func DecodeBody(raw string) (Body, error) {
	var b Body
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		return Body{}, fmt.Errorf("successmap: decode template body: %w", err)
	}
	return b, nil
}

// Clone makes a new map for an account from a template version. Links to
// offerings that no longer exist (exists reports which do) are dropped.
func Clone(t *models.Template, b Body, accountID, createdBy int64, title string, exists func(int64) bool) *models.SuccessMap {
	tid, version := t.ID, t.Version
	if title == "" {
		title = b.Title
	}
	m := &models.SuccessMap{AccountID: accountID, TemplateID: &tid, TemplateVersion: &version, Title: title, CreatedBy: createdBy}
	for _, s := range b.Statements {
		m.Statements = append(m.Statements, models.MapStatement{Text: s})
	}
	for _, c := range b.Challenges {
		ids := []int64{}
		for _, id := range c.OfferingIDs {
			if exists(id) {
				ids = append(ids, id)
			}
		}
		m.Challenges = append(m.Challenges, models.MapChallenge{Text: c.Text, Johari: c.Johari, OfferingIDs: ids})
	}
	for _, a := range b.Actions {
		m.Actions = append(m.Actions, models.MapAction{Text: a.Text, Team: a.Team, Status: models.ActionTodo})
	}
	return m
}

// OfferingIDs lists every offering a body links, once each.
func (b Body) OfferingIDs() []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, c := range b.Challenges {
		for _, id := range c.OfferingIDs {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}
