// Package models holds Kizuki's domain records, their schema migrations and
// the Store, the only code that talks to the database.
package models

import "time"

// Roles of signed-in users within their organization: owners and admins
// manage members and invitations (only owners manage owners), CSMs do the work.
const (
	RoleOwner = "owner"
	RoleAdmin = "admin"
	RoleCSM   = "csm"
)

// IsRole reports whether r is one of the member roles.
func IsRole(r string) bool { return r == RoleOwner || r == RoleAdmin || r == RoleCSM }

// Organization is a vendor's customer-success team; everything it keeps
// (accounts, catalog, workshops, maps, templates) is invisible to others.
type Organization struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// User is a facilitator or customer-success manager with a password login.
type User struct {
	ID             int64
	OrganizationID int64
	Email          string
	Name           string
	PasswordHash   string
	Role           string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Session is a signed-in browser; only the SHA-256 of its cookie token is stored.
type Session struct {
	ID        int64
	TokenHash string
	UserID    int64
	ExpiresAt time.Time
	CreatedAt time.Time
}

// Account is a customer company, with where it stands in the portfolio.
type Account struct {
	ID                 int64
	OrganizationID     int64
	Name               string
	Industry           string
	SizeBand           string
	Notes              string
	UsageX             int        // 0-3 on the organization's first usage axis
	UsageY             int        // 0-3 on the second
	Stage              string     // a stage key of the organization's settings
	Condition          string     // ConditionSatisfied, ConditionNeutral or ConditionUnsatisfied
	ConditionNote      string     // what the last check found
	ConditionCheckedAt *time.Time // nil until someone checked
	OwnerID            *int64     // the member who owns the account
	MRR                int64      `gorm:"column:mrr"` // monthly recurring revenue, in Currency's minor unit
	Currency           string
	Seats              int
	ExternalID         *string // the CRM's id; unique within the organization
	// ChurnRiskOpportunityID is the win for a negative reason that flags the
	// account as a churn risk, until a CSM clears it; nil when not flagged.
	ChurnRiskOpportunityID *int64
	CreatedBy              int64
	CreatedAt              time.Time
	UpdatedAt              time.Time
}

// Workshop is one live session for an account, with its phase and settings.
type Workshop struct {
	ID                int64
	OrganizationID    int64
	AccountID         int64
	Title             string
	JoinCode          string
	JoinLocked        bool // the facilitator closed the door: the code admits nobody new
	Phase             string
	Anonymous         bool
	VoteBudget        int
	VoteCap           int
	HiddenUntilReveal bool
	TemplateID        *int64
	CreatedBy         int64
	LastSeq           int64
	RevealedIdeal     bool // vote totals of the ideal column are shown to everyone
	RevealedSteps     bool // vote totals of the first_steps column are shown to everyone
	TimerRunning      bool
	TimerEndsAt       *time.Time // when a running timer reaches zero
	TimerRemainingMs  int64      // what a paused timer has left
	TimerDurationMs   int64      // what the timer was last started with
	ShownStoryID      *int64     // the story the facilitator shows the room, if any
	ShownStory        string     // that story as the room sees it (JSON), "" when none
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Participant is someone who joined a workshop without an account.
type Participant struct {
	ID         int64
	WorkshopID int64
	Name       string
	Layer      string
	TokenHash  string
	Kicked     bool
	CreatedAt  time.Time
}

// Idea is a sticky note in one of a workshop's columns.
type Idea struct {
	ID            int64
	WorkshopID    int64
	Column        string `gorm:"column:board_column"`
	Text          string
	ParticipantID *int64 // author when a participant wrote it
	UserID        *int64 // author when a facilitator wrote it
	AuthorName    string
	GroupID       *int64 // the group idea this idea was merged under, if any
	Source        string
	Position      int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Vote is how many of a participant's votes sit on one idea.
type Vote struct {
	ID            int64
	WorkshopID    int64
	ParticipantID int64
	IdeaID        int64
	Count         int
	UpdatedAt     time.Time
}

// Event is one entry of a workshop's ordered log; Seq is dense per workshop from 1.
type Event struct {
	ID         int64
	WorkshopID int64
	Seq        int64
	Type       string
	Payload    string
	Actor      string  // "p:<participantID>" or "u:<userID>"
	CommandID  *string // the client's command id, unique per workshop and actor
	CreatedAt  time.Time
}
