package board

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kizuki-app/kizuki/models"
)

// Workshop setting defaults and bounds.
const (
	DefaultVoteBudget = 3
	DefaultVoteCap    = 3
	MaxVoteBudget     = 50
	maxTitleRunes     = 200
)

// SettingsInput are workshop settings to set; nil fields stay as they are.
type SettingsInput struct {
	Anonymous         *bool `json:"anonymous"`
	VoteBudget        *int  `json:"voteBudget"`
	VoteCap           *int  `json:"voteCap"`
	HiddenUntilReveal *bool `json:"hiddenUntilReveal"`
}

// NewWorkshopSettings gives w the defaults, then the settings asked for.
func NewWorkshopSettings(in *SettingsInput, w *models.Workshop) *CommandError {
	w.VoteBudget, w.VoteCap, w.HiddenUntilReveal = DefaultVoteBudget, DefaultVoteCap, true
	if in == nil {
		return nil
	}
	return in.applyTo(w)
}

// applyTo validates in onto w; a lower budget also lowers the cap.
func (in *SettingsInput) applyTo(w *models.Workshop) *CommandError {
	if in.Anonymous != nil {
		w.Anonymous = *in.Anonymous
	}
	if in.HiddenUntilReveal != nil {
		w.HiddenUntilReveal = *in.HiddenUntilReveal
	}
	if in.VoteBudget != nil {
		if *in.VoteBudget < 1 || *in.VoteBudget > MaxVoteBudget {
			return Refuse(CodeBadRequest, "settings.voteBudget must be 1 to "+strconv.Itoa(MaxVoteBudget))
		}
		w.VoteBudget = *in.VoteBudget
		w.VoteCap = min(w.VoteCap, w.VoteBudget)
	}
	if in.VoteCap != nil {
		if *in.VoteCap < 1 || *in.VoteCap > w.VoteBudget {
			return Refuse(CodeBadRequest, "settings.voteCap must be 1 to the vote budget")
		}
		w.VoteCap = *in.VoteCap
	}
	return nil
}

// handleSettingsSet changes a live workshop's title and settings. Budgets
// and caps do not move during a vote; anonymity may be turned on at any
// time, but off only before participants wrote anything, since ideas
// written under it must stay anonymous.
func handleSettingsSet(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		Title *string `json:"title"`
		SettingsInput
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	w := st.workshop.Workshop
	if d.Title != nil {
		title := strings.TrimSpace(*d.Title)
		if n := utf8.RuneCountInString(title); n < 1 || n > maxTitleRunes || !utf8.ValidString(title) || strings.ContainsRune(title, 0) {
			return nil, Refuse(CodeBadRequest, "title must be 1 to 200 characters")
		}
		w.Title = title
	}
	_, voting := VotedColumns[w.Phase]
	if voting && ((d.VoteBudget != nil && *d.VoteBudget != w.VoteBudget) || (d.VoteCap != nil && *d.VoteCap != w.VoteCap)) {
		return nil, Refuse(CodeWrongPhase, "the vote budget and cap cannot change during a vote")
	}
	if d.Anonymous != nil && !*d.Anonymous && w.Anonymous && st.hasParticipantIdeas() {
		return nil, Refuse(CodeBadRequest, "ideas were written anonymously; the workshop stays anonymous")
	}
	if err := d.applyTo(&w); err != nil {
		return nil, err
	}
	return &Change{
		Event: EventSettingsChanged,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			if err := tx.SaveSettings(ctx, &w); err != nil {
				return nil, err
			}
			return &SettingsPayload{Title: w.Title, Settings: settingsView(&w)}, nil
		},
	}, nil
}

func (st *State) hasParticipantIdeas() bool {
	for _, i := range st.ideas {
		if i.ParticipantID != nil {
			return true
		}
	}
	return false
}
