package successmap

import (
	"sort"
	"time"
)

// CustomerMapView is a map as the customer sees it, through a share link
// or the customer's print view: the ideal, the challenges, the first steps
// and the offerings as benefits with their evidence. What is the vendor's
// own business stays out: prices, the expansion sum, and the Johari labels
// ("blind spot: only we know" says more about us than about their plan).
type CustomerMapView struct {
	View        string                 `json:"view"` // always "customer"
	ID          int64                  `json:"id"`
	AccountName string                 `json:"accountName"`
	Title       string                 `json:"title"`
	Statements  []StatementView        `json:"statements"`
	Challenges  []CustomerChallenge    `json:"challenges"`
	Actions     []ActionView           `json:"actions"`
	Completed   []CompletedAction      `json:"completed"` // newest first: what the page celebrates
	Offerings   []CustomerOfferingView `json:"offerings"`
	Progress    Progress               `json:"progress"`
	UpdatedAt   time.Time              `json:"updatedAt"`
}

// CompletedAction is a first step the customer finished, and when.
type CompletedAction struct {
	Text        string    `json:"text"`
	CompletedAt time.Time `json:"completedAt"`
}

// CustomerChallenge is a challenge and the offerings that close it.
type CustomerChallenge struct {
	Text        string  `json:"text"`
	OfferingIDs []int64 `json:"offeringIds"`
}

// CustomerOfferingView is an offering as a benefit: what it is and who it helped.
type CustomerOfferingView struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Kind        string          `json:"kind"`
	Description string          `json:"description"`
	CaseStudies []CaseStudyView `json:"caseStudies"`
}

// ForCustomer keeps what the customer's own view shows.
func (v *MapView) ForCustomer() CustomerMapView {
	c := CustomerMapView{
		View: "customer", ID: v.ID, AccountName: v.AccountName, Title: v.Title, Statements: v.Statements,
		Challenges: make([]CustomerChallenge, 0, len(v.Challenges)), Actions: v.Actions, Completed: []CompletedAction{},
		Offerings: make([]CustomerOfferingView, 0, len(v.Offerings)), Progress: v.Progress, UpdatedAt: v.UpdatedAt,
	}
	for _, ch := range v.Challenges {
		c.Challenges = append(c.Challenges, CustomerChallenge{Text: ch.Text, OfferingIDs: ch.OfferingIDs})
	}
	for _, a := range v.Actions {
		if a.CompletedAt != nil {
			c.Completed = append(c.Completed, CompletedAction{Text: a.Text, CompletedAt: *a.CompletedAt})
		}
	}
	sort.SliceStable(c.Completed, func(i, j int) bool { return c.Completed[i].CompletedAt.After(c.Completed[j].CompletedAt) })
	for _, o := range v.Offerings {
		c.Offerings = append(c.Offerings, CustomerOfferingView{ID: o.ID, Name: o.Name, Kind: o.Kind, Description: o.Description, CaseStudies: o.CaseStudies})
	}
	return c
}
