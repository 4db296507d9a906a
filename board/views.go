package board

import (
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// SettingsView is a workshop's settings as clients see them.
type SettingsView struct {
	Anonymous         bool `json:"anonymous"`
	VoteBudget        int  `json:"voteBudget"`
	VoteCap           int  `json:"voteCap"`
	HiddenUntilReveal bool `json:"hiddenUntilReveal"`
}

// WorkshopView is the JSON form of a workshop.
type WorkshopView struct {
	ID          int64        `json:"id"`
	AccountID   int64        `json:"accountId"`
	AccountName string       `json:"accountName"`
	Title       string       `json:"title"`
	JoinCode    string       `json:"joinCode"`
	JoinURL     string       `json:"joinUrl"`
	JoinLocked  bool         `json:"joinLocked"`
	Phase       string       `json:"phase"`
	Settings    SettingsView `json:"settings"`
	CreatedAt   time.Time    `json:"createdAt"`
	UpdatedAt   time.Time    `json:"updatedAt"`
}

// NewWorkshopView renders a workshop; join links are built on baseURL.
func NewWorkshopView(w *models.WorkshopListing, baseURL string) WorkshopView {
	return WorkshopView{
		ID: w.ID, AccountID: w.AccountID, AccountName: w.AccountName, Title: w.Title,
		JoinCode: w.JoinCode, JoinURL: baseURL + "/join/" + w.JoinCode, JoinLocked: w.JoinLocked, Phase: w.Phase,
		Settings:  settingsView(&w.Workshop),
		CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt,
	}
}

func settingsView(w *models.Workshop) SettingsView {
	return SettingsView{Anonymous: w.Anonymous, VoteBudget: w.VoteBudget, VoteCap: w.VoteCap, HiddenUntilReveal: w.HiddenUntilReveal}
}

// ParticipantView is a participant as others see them.
type ParticipantView struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Layer string `json:"layer"`
}

// IdeaView is the JSON form of an idea.
type IdeaView struct {
	ID         int64     `json:"id"`
	Column     string    `json:"column"`
	Text       string    `json:"text"`
	AuthorID   *int64    `json:"authorId"`
	AuthorName string    `json:"authorName"`
	AuthorRole string    `json:"authorRole"`
	GroupID    *int64    `json:"groupId"`
	Source     string    `json:"source"`
	Position   int64     `json:"position"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// NewIdeaView renders an idea.
func NewIdeaView(i *models.Idea) IdeaView {
	role := RoleParticipant
	if i.ParticipantID == nil {
		role = RoleFacilitator
	}
	return IdeaView{
		ID: i.ID, Column: i.Column, Text: i.Text, AuthorID: i.ParticipantID, AuthorName: i.AuthorName,
		AuthorRole: role, GroupID: i.GroupID, Source: i.Source, Position: i.Position, CreatedAt: i.CreatedAt, UpdatedAt: i.UpdatedAt,
	}
}

// YouView tells a client who it is connected as.
type YouView struct {
	Role          string `json:"role"`
	ParticipantID *int64 `json:"participantId"`
	UserID        *int64 `json:"userId"`
	Name          string `json:"name"`
}

// SnapshotView is the whole board as one client may see it.
type SnapshotView struct {
	Workshop     WorkshopView      `json:"workshop"`
	Participants []ParticipantView `json:"participants"`
	Ideas        []IdeaView        `json:"ideas"`
	Votes        VotesView         `json:"votes"`
	Timer        TimerView         `json:"timer"`
	Story        *StoryView        `json:"story"` // the story the facilitator shows, or null
	You          YouView           `json:"you"`
}

// MyVoteView is how many of the viewer's votes sit on an idea.
type MyVoteView struct {
	IdeaID int64 `json:"ideaId"`
	Count  int   `json:"count"`
}

// VotesView is what a viewer may see of the votes: always their own, and the
// results of the columns whose totals are visible to them.
type VotesView struct {
	Mine     []MyVoteView    `json:"mine"`
	Results  []ColumnResults `json:"results"`
	Revealed map[string]bool `json:"revealed"`
}

// Identity is who a connection (or HTTP request) acts as.
type Identity struct {
	Role          string
	UserID        int64
	ParticipantID int64
	Name          string
	Layer         string
	// Session is the hash of a facilitator's session token: signing out
	// closes the sockets opened with it (see Hub.Revoke), and so does the
	// session's end at SessionExpires.
	Session        string
	SessionExpires time.Time
}

// Actor is the key stored with events and used to scope command ids.
func (id Identity) Actor() string {
	if id.Role == RoleParticipant {
		return "p:" + itoa(id.ParticipantID)
	}
	return "u:" + itoa(id.UserID)
}

func (id Identity) you() YouView {
	y := YouView{Role: id.Role, Name: id.Name}
	if id.Role == RoleParticipant {
		pid := id.ParticipantID
		y.ParticipantID = &pid
	} else {
		uid := id.UserID
		y.UserID = &uid
	}
	return y
}
