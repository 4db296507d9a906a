package models

import (
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// gormDB shortens preload callbacks.
type gormDB = gorm.DB

// Offering kinds.
const (
	OfferingPlan    = "plan"
	OfferingAddon   = "addon"
	OfferingSeats   = "seats"
	OfferingService = "service"
)

// Offering is an item of the vendor's catalog; MonthlyPrice is in the currency's minor unit.
type Offering struct {
	ID             int64
	OrganizationID int64
	Name           string
	Kind           string
	MonthlyPrice   int64
	Currency       string
	Tier           string
	Description    string
	// BandPrices is JSON of size band to monthly price (minor units, the
	// offering's currency); "" when the offering has only its list price.
	BandPrices  string
	Archived    bool        // hidden from pickers, kept for the maps that link it
	CaseStudies []CaseStudy `gorm:"foreignKey:OfferingID"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Prices are the offering's monthly prices by size band, empty when it has none.
func (o *Offering) Prices() map[string]int64 {
	out := map[string]int64{}
	if o.BandPrices != "" {
		_ = json.Unmarshal([]byte(o.BandPrices), &out) // written only by SetPrices
	}
	return out
}

// SetPrices stores the monthly prices by size band; none clears them.
func (o *Offering) SetPrices(prices map[string]int64) {
	if len(prices) == 0 {
		o.BandPrices = ""
		return
	}
	raw, _ := json.Marshal(prices) // a map of strings to ints always encodes, keys sorted
	o.BandPrices = string(raw)
}

// PriceFor is the monthly price for an account of the size band and the band
// it was priced by: the band's own price when set, else the list price and "".
func (o *Offering) PriceFor(band string) (int64, string) {
	if band != "" {
		if p, ok := o.Prices()[band]; ok {
			return p, band
		}
	}
	return o.MonthlyPrice, ""
}

// CaseStudy is evidence a customer's champion can use to justify buying an offering.
type CaseStudy struct {
	ID         int64
	OfferingID int64
	Customer   string
	Summary    string
	Outcome    string
	CreatedAt  time.Time
}

// Johari quadrants of a challenge, from the customer's point of view.
const (
	JohariOpen    = "open"    // known to both
	JohariHidden  = "hidden"  // known only to the customer
	JohariBlind   = "blind"   // known only to us: the customer has not noticed it yet
	JohariUnknown = "unknown" // known to neither yet
)

// Action statuses.
const (
	ActionTodo  = "todo"
	ActionDoing = "doing"
	ActionDone  = "done"
)

// SuccessMap is an account's agreed plan: ideal, challenges tied to offerings, first actions.
type SuccessMap struct {
	ID               int64
	OrganizationID   int64
	AccountID        int64
	SourceWorkshopID *int64
	TemplateID       *int64
	TemplateVersion  *int
	Title            string
	CreatedBy        int64
	Statements       []MapStatement `gorm:"foreignKey:MapID"`
	Challenges       []MapChallenge `gorm:"foreignKey:MapID"`
	Actions          []MapAction    `gorm:"foreignKey:MapID"`
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// MapStatement is one ideal-state statement, with the votes it won.
type MapStatement struct {
	ID       int64
	MapID    int64
	Position int
	Text     string
	Votes    int
}

// MapChallenge is one challenge of the gap, linked to the offerings that close it.
type MapChallenge struct {
	ID          int64
	MapID       int64
	Position    int
	Text        string
	Johari      string
	OfferingIDs []int64 `gorm:"-"`
}

// MapChallengeOffering links a challenge to an offering.
type MapChallengeOffering struct {
	ChallengeID int64
	OfferingID  int64
	MapID       int64
}

// MapAction is a first step with an owner and a due date (YYYY-MM-DD or empty).
type MapAction struct {
	ID       int64
	MapID    int64
	Position int
	Text     string
	Owner    string
	Team     string
	Due      string
	Status   string
	// CompletedAt is when the action became done; nil unless it is done.
	CompletedAt *time.Time
}

// Template is a reusable map without account-specific data. Versions of one
// template share a LineageID (the first version's ID).
type Template struct {
	ID             int64
	OrganizationID int64
	LineageID      int64
	Version        int
	Name           string
	Description    string
	Industry       string
	SizeBand       string
	Tags           string // comma-separated, lower case
	Body           string // JSON of the stripped map
	Karte          string // JSON of the checklist customers answer before a workshop, "" when none
	UsageCount     int
	CreatedBy      int64
	CreatedAt      time.Time
}

// MapShare is a read-only link to a map for the customer; only the token's hash is stored.
type MapShare struct {
	ID        int64
	MapID     int64
	TokenHash string
	ExpiresAt time.Time
	Revoked   bool
	CreatedBy int64
	CreatedAt time.Time
}
