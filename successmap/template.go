package successmap

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/kizuki-app/kizuki/models"
)

// CustomerPlaceholder stands in a template body where the source map named
// its account: saving a template scrubs the name, cloning puts the new
// account's name in its place.
const CustomerPlaceholder = "{customer}"

// scrubber replaces an account's name, however it is cased, by the placeholder.
func scrubber(accountName string) func(string) string {
	name := strings.TrimSpace(accountName)
	if len([]rune(name)) < 2 {
		return func(s string) string { return s }
	}
	re := regexp.MustCompile("(?i)" + regexp.QuoteMeta(name))
	return func(s string) string { return re.ReplaceAllLiteralString(s, CustomerPlaceholder) }
}

// ForAccount puts an account's name where the template says {customer}.
func ForAccount(s, accountName string) string {
	return strings.ReplaceAll(s, CustomerPlaceholder, accountName)
}

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

// Strip turns a map into a template body; the account's name, wherever the
// map mentions it, becomes CustomerPlaceholder.
func Strip(m *models.SuccessMap, accountName string) Body {
	scrub := scrubber(accountName)
	b := Body{Title: scrub(m.Title), Statements: []string{}, Challenges: []BodyChallenge{}, Actions: []BodyAction{}}
	for _, s := range m.Statements {
		b.Statements = append(b.Statements, scrub(s.Text))
	}
	for _, c := range m.Challenges {
		ids := append([]int64{}, c.OfferingIDs...)
		b.Challenges = append(b.Challenges, BodyChallenge{Text: scrub(c.Text), Johari: c.Johari, OfferingIDs: ids})
	}
	for _, a := range m.Actions {
		b.Actions = append(b.Actions, BodyAction{Text: scrub(a.Text), Team: scrub(a.Team)})
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

// Clone makes a new map for an account from a template version, with the
// account's name in the template's placeholders. Links to offerings that
// no longer exist (exists reports which do) are dropped.
func Clone(t *models.Template, b Body, accountID int64, accountName string, createdBy int64, title string, exists func(int64) bool) *models.SuccessMap {
	tid, version := t.ID, t.Version
	if title == "" {
		title = ForAccount(b.Title, accountName)
	}
	m := &models.SuccessMap{AccountID: accountID, TemplateID: &tid, TemplateVersion: &version, Title: title, CreatedBy: createdBy}
	for _, s := range b.Statements {
		m.Statements = append(m.Statements, models.MapStatement{Text: ForAccount(s, accountName)})
	}
	for _, c := range b.Challenges {
		ids := []int64{}
		for _, id := range c.OfferingIDs {
			if exists(id) {
				ids = append(ids, id)
			}
		}
		m.Challenges = append(m.Challenges, models.MapChallenge{Text: ForAccount(c.Text, accountName), Johari: c.Johari, OfferingIDs: ids})
	}
	for _, a := range b.Actions {
		m.Actions = append(m.Actions, models.MapAction{Text: ForAccount(a.Text, accountName), Team: ForAccount(a.Team, accountName), Status: models.ActionTodo})
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
