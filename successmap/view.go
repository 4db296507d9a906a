package successmap

import (
	"sort"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// OfferingView is a catalog item as the API shows it.
type OfferingView struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	Kind         string `json:"kind"`
	MonthlyPrice int64  `json:"monthlyPrice"`
	Currency     string `json:"currency"`
	Tier         string `json:"tier"`
	Description  string `json:"description"`
	Archived     bool   `json:"archived"`
	// BandPrices are its monthly prices by size band, in the same currency; {} when none.
	BandPrices  map[string]int64 `json:"bandPrices"`
	CaseStudies []CaseStudyView  `json:"caseStudies"`
	// Stories are the organization's customer stories that adopted it: case studies too.
	Stories   []StorySummaryView `json:"stories"`
	CreatedAt time.Time          `json:"createdAt"`
	UpdatedAt time.Time          `json:"updatedAt"`
}

// CaseStudyView is a case study as the API shows it.
type CaseStudyView struct {
	ID       int64  `json:"id"`
	Customer string `json:"customer"`
	Summary  string `json:"summary"`
	Outcome  string `json:"outcome"`
}

// NewOfferingView renders an offering with its case studies.
func NewOfferingView(o *models.Offering) OfferingView {
	v := OfferingView{
		ID: o.ID, Name: o.Name, Kind: o.Kind, MonthlyPrice: o.MonthlyPrice, Currency: o.Currency, Tier: o.Tier,
		Description: o.Description, Archived: o.Archived, BandPrices: o.Prices(), CaseStudies: []CaseStudyView{}, Stories: []StorySummaryView{}, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
	}
	for _, cs := range o.CaseStudies {
		v.CaseStudies = append(v.CaseStudies, CaseStudyView{ID: cs.ID, Customer: cs.Customer, Summary: cs.Summary, Outcome: cs.Outcome})
	}
	return v
}

// MapView is a success map with what it is worth and how far it has come.
type MapView struct {
	ID               int64           `json:"id"`
	AccountID        int64           `json:"accountId"`
	AccountName      string          `json:"accountName"`
	Title            string          `json:"title"`
	SourceWorkshopID *int64          `json:"sourceWorkshopId"`
	TemplateID       *int64          `json:"templateId"`
	TemplateVersion  *int            `json:"templateVersion"`
	Statements       []StatementView `json:"statements"`
	Challenges       []ChallengeView `json:"challenges"`
	Actions          []ActionView    `json:"actions"`
	Offerings        []OfferingView  `json:"offerings"` // every linked offering, once, with case studies
	Expansion        []Money         `json:"expansion"` // sum of linked offerings' monthly prices, per currency
	Progress         Progress        `json:"progress"`
	CreatedAt        time.Time       `json:"createdAt"`
	UpdatedAt        time.Time       `json:"updatedAt"`
}

// StatementView is an ideal statement.
type StatementView struct {
	Text  string `json:"text"`
	Votes int    `json:"votes"`
}

// ChallengeView is a challenge with its linked offerings; its id is what
// an opportunity proposed from it names (a map edit renumbers challenges).
type ChallengeView struct {
	ID          int64   `json:"id"`
	Text        string  `json:"text"`
	Johari      string  `json:"johari"`
	OfferingIDs []int64 `json:"offeringIds"`
}

// ActionView is a first step.
type ActionView struct {
	Text   string `json:"text"`
	Owner  string `json:"owner"`
	Team   string `json:"team"`
	Due    string `json:"due"`
	Status string `json:"status"`
	// CompletedAt is when the action became done; nil unless it is done.
	CompletedAt *time.Time `json:"completedAt"`
}

// Money is an amount in a currency's minor unit.
type Money struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// Progress is the share of actions done.
type Progress struct {
	Done  int     `json:"done"`
	Total int     `json:"total"`
	Share float64 `json:"share"`
}

// ProgressOf counts done actions.
func ProgressOf(actions []models.MapAction) Progress {
	p := Progress{Total: len(actions)}
	for _, a := range actions {
		if a.Status == models.ActionDone {
			p.Done++
		}
	}
	if p.Total > 0 {
		p.Share = float64(p.Done) / float64(p.Total)
	}
	return p
}

// NewMapView renders a map; offerings holds at least every offering it links.
func NewMapView(m *models.SuccessMap, accountName string, offerings map[int64]*models.Offering) MapView {
	v := MapView{
		ID: m.ID, AccountID: m.AccountID, AccountName: accountName, Title: m.Title, SourceWorkshopID: m.SourceWorkshopID,
		TemplateID: m.TemplateID, TemplateVersion: m.TemplateVersion, Statements: []StatementView{}, Challenges: []ChallengeView{},
		Actions: []ActionView{}, Offerings: []OfferingView{}, Expansion: []Money{}, Progress: ProgressOf(m.Actions),
		CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt,
	}
	for _, s := range m.Statements {
		v.Statements = append(v.Statements, StatementView{Text: s.Text, Votes: s.Votes})
	}
	linked := map[int64]bool{}
	for _, c := range m.Challenges {
		ids := append([]int64{}, c.OfferingIDs...)
		v.Challenges = append(v.Challenges, ChallengeView{ID: c.ID, Text: c.Text, Johari: c.Johari, OfferingIDs: ids})
		for _, id := range ids {
			linked[id] = true
		}
	}
	for _, a := range m.Actions {
		v.Actions = append(v.Actions, ActionView{Text: a.Text, Owner: a.Owner, Team: a.Team, Due: a.Due, Status: a.Status, CompletedAt: a.CompletedAt})
	}
	sums := map[string]int64{}
	for id := range linked {
		if o, ok := offerings[id]; ok {
			v.Offerings = append(v.Offerings, NewOfferingView(o))
			sums[o.Currency] += o.MonthlyPrice
		}
	}
	sort.Slice(v.Offerings, func(a, b int) bool { return v.Offerings[a].ID < v.Offerings[b].ID })
	for cur, amount := range sums {
		v.Expansion = append(v.Expansion, Money{Amount: amount, Currency: cur})
	}
	sort.Slice(v.Expansion, func(a, b int) bool { return v.Expansion[a].Currency < v.Expansion[b].Currency })
	return v
}

// LinkedOfferingIDs lists the offerings a map links, once each.
func LinkedOfferingIDs(m *models.SuccessMap) []int64 { return Strip(m, "").OfferingIDs() }
