package board

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// Names of the events commands commit, as stored and as clients receive them.
const (
	EventIdeaAdded         = "idea.added"
	EventIdeaEdited        = "idea.edited"
	EventIdeaDeleted       = "idea.deleted"
	EventIdeaGrouped       = "idea.grouped"
	EventVoteCast          = "vote.cast"
	EventVoteRetracted     = "vote.retracted"
	EventVotesRevealed     = "votes.revealed"
	EventPhaseChanged      = "phase.changed"
	EventTimerChanged      = "timer.changed"
	EventSettingsChanged   = "settings.changed"
	EventJoinChanged       = "join.changed"
	EventParticipantKicked = "participant.kicked"
)

// The payload of each event, as stored in its row. Apply mirrors one into
// the board; Render decides who sees which part of it.
type (
	// IdeaPayload is the data of idea.added and idea.edited.
	IdeaPayload struct {
		Idea IdeaView `json:"idea"`
	}
	// IdeaDeletedPayload names the deleted idea and the ideas its removal ungrouped.
	IdeaDeletedPayload struct {
		IdeaID    int64   `json:"ideaId"`
		Ungrouped []int64 `json:"ungrouped"`
	}
	// IdeaGroupedPayload is a group (new or relabelled) and the ideas put in it.
	IdeaGroupedPayload struct {
		Group     IdeaView `json:"group"`
		MemberIDs []int64  `json:"memberIds"`
	}
	// VotePayload is what a vote event stores; viewers get parts of it.
	VotePayload struct {
		IdeaID        int64          `json:"ideaId"`
		ParticipantID int64          `json:"participantId"`
		Count         int            `json:"count"`
		Total         int            `json:"total"`
		ByLayer       map[string]int `json:"byLayer"`
		Column        string         `json:"column"`
		// Voters are the round's voters by layer after this vote: the
		// denominators of every item's consensus in the column.
		Voters map[string]int `json:"voters,omitempty"`
	}
	// RevealedPayload is a column whose totals everyone now sees.
	RevealedPayload struct {
		Column  string        `json:"column"`
		Results ColumnResults `json:"results"`
	}
	// PhasePayload is the new phase; Timer is set when the phase change cleared the timer.
	PhasePayload struct {
		Phase string     `json:"phase"`
		Timer *TimerView `json:"timer,omitempty"`
	}
	// TimerPayload is the timer as clients see it and, in Stored, as the
	// workshop row keeps it (clients always get the timer rendered afresh).
	TimerPayload struct {
		Timer  TimerView   `json:"timer"`
		Stored *TimerState `json:"stored,omitempty"`
	}
	// SettingsPayload is the data of a settings.changed event.
	SettingsPayload struct {
		Title    string       `json:"title"`
		Settings SettingsView `json:"settings"`
	}
	// JoinPayload is the data of a join.changed event.
	JoinPayload struct {
		JoinCode   string `json:"joinCode"`
		JoinLocked bool   `json:"joinLocked"`
	}
	// KickPayload is the data of a participant.kicked event. When the votes
	// were removed, each viewer also gets the results it may see as they are
	// now (Render adds them), so totals shrink on every screen at once.
	KickPayload struct {
		ParticipantID int64           `json:"participantId"`
		VotesRemoved  bool            `json:"votesRemoved"`
		Results       []ColumnResults `json:"results,omitempty"`
	}
)

// TimerState is the timer as the workshop row keeps it.
type TimerState struct {
	Running     bool       `json:"running"`
	EndsAt      *time.Time `json:"endsAt"`
	RemainingMs int64      `json:"remainingMs"`
	DurationMs  int64      `json:"durationMs"`
}

// payloadTypes makes an empty payload of each event, to decode a stored one into.
var payloadTypes = map[string]func() any{
	EventIdeaAdded:         func() any { return new(IdeaPayload) },
	EventIdeaEdited:        func() any { return new(IdeaPayload) },
	EventIdeaDeleted:       func() any { return new(IdeaDeletedPayload) },
	EventIdeaGrouped:       func() any { return new(IdeaGroupedPayload) },
	EventVoteCast:          func() any { return new(VotePayload) },
	EventVoteRetracted:     func() any { return new(VotePayload) },
	EventVotesRevealed:     func() any { return new(RevealedPayload) },
	EventPhaseChanged:      func() any { return new(PhasePayload) },
	EventTimerChanged:      func() any { return new(TimerPayload) },
	EventSettingsChanged:   func() any { return new(SettingsPayload) },
	EventJoinChanged:       func() any { return new(JoinPayload) },
	EventParticipantKicked: func() any { return new(KickPayload) },
	EventStoryShown:        func() any { return new(StoryShownPayload) },
	EventStoryHidden:       func() any { return new(StoryHiddenPayload) },
}

// DecodePayload reads a stored event's payload into its type.
func DecodePayload(event string, raw []byte) (any, error) {
	mk, ok := payloadTypes[event]
	if !ok {
		return nil, fmt.Errorf("board: unknown event %q", event)
	}
	p := mk()
	if err := json.Unmarshal(raw, p); err != nil {
		return nil, fmt.Errorf("board: payload of %s: %w", event, err)
	}
	return p, nil
}

// ErrIncomplete says an event does not carry everything the board keeps
// (an author who joined through another process, an event stored by an
// older version): the board must be read again instead.
var ErrIncomplete = errors.New("board: the event does not carry what the board keeps")

// Effects are what a committed event asks of the room beyond its board.
type Effects struct {
	// TypingDone is the column whose idea its author just added: they are done typing it.
	TypingDone string
	// PhaseChanged: who may type where changed.
	PhaseChanged bool
	// Removed is a participant removed from the workshop (0: none): their sockets close.
	Removed int64
	// Resnapshot: what viewers may see changed, so each needs a fresh snapshot.
	Resnapshot bool
}

// ApplyStored mirrors a stored event into the board.
func (st *State) ApplyStored(ev *models.Event) (Effects, error) {
	p, err := DecodePayload(ev.Type, []byte(ev.Payload))
	if err != nil {
		return Effects{}, fmt.Errorf("%w: %w", ErrIncomplete, err)
	}
	return st.Apply(ev.Seq, ev.Type, p)
}

// Apply mirrors one committed event, numbered seq, into the board: the
// same code for the room's own commits, for other processes' and for
// replay. It changes nothing when it fails.
func (st *State) Apply(seq int64, event string, payload any) (Effects, error) {
	var fx Effects
	switch p := payload.(type) {
	case *IdeaPayload:
		idea, err := st.ideaFrom(&p.Idea)
		if err != nil {
			return fx, err
		}
		if event == EventIdeaEdited {
			if _, ok := st.ideas[idea.ID]; !ok {
				return fx, ErrIncomplete
			}
		} else {
			fx.TypingDone = idea.Column
		}
		st.ideas[idea.ID] = idea
	case *IdeaDeletedPayload:
		if _, ok := st.ideas[p.IdeaID]; !ok {
			return fx, ErrIncomplete
		}
		for _, m := range p.Ungrouped {
			if _, ok := st.ideas[m]; !ok {
				return fx, ErrIncomplete
			}
		}
		st.dropIdeaVotes(p.IdeaID)
		delete(st.ideas, p.IdeaID)
		for _, m := range p.Ungrouped {
			st.ideas[m].GroupID = nil
		}
	case *IdeaGroupedPayload:
		group, err := st.ideaFrom(&p.Group)
		if err != nil {
			return fx, err
		}
		for _, m := range p.MemberIDs {
			if _, ok := st.ideas[m]; !ok {
				return fx, ErrIncomplete
			}
		}
		st.ideas[group.ID] = group
		for _, m := range p.MemberIDs {
			gid := group.ID
			st.ideas[m].GroupID = &gid
		}
	case *VotePayload:
		_, knownVoter := st.participants[p.ParticipantID]
		_, knownIdea := st.ideas[p.IdeaID]
		if !knownVoter || !knownIdea {
			return fx, ErrIncomplete
		}
		st.setVotes(p.ParticipantID, p.IdeaID, p.Count)
	case *RevealedPayload:
		switch p.Column {
		case "ideal":
			st.workshop.RevealedIdeal = true
		case "first_steps":
			st.workshop.RevealedSteps = true
		default:
			return fx, ErrIncomplete
		}
	case *PhasePayload:
		if !IsPhase(p.Phase) {
			return fx, ErrIncomplete
		}
		st.workshop.Phase = p.Phase
		if p.Timer != nil {
			clearTimer(&st.workshop.Workshop)
		}
		fx.PhaseChanged = true
	case *TimerPayload:
		if p.Stored == nil {
			return fx, ErrIncomplete
		}
		w := &st.workshop.Workshop
		w.TimerRunning, w.TimerEndsAt, w.TimerRemainingMs, w.TimerDurationMs = p.Stored.Running, p.Stored.EndsAt, p.Stored.RemainingMs, p.Stored.DurationMs
	case *SettingsPayload:
		w := &st.workshop.Workshop
		s := p.Settings
		fx.Resnapshot = s.Anonymous != w.Anonymous || s.HiddenUntilReveal != w.HiddenUntilReveal
		w.Title, w.Anonymous, w.HiddenUntilReveal, w.VoteBudget, w.VoteCap = p.Title, s.Anonymous, s.HiddenUntilReveal, s.VoteBudget, s.VoteCap
	case *JoinPayload:
		st.workshop.JoinCode, st.workshop.JoinLocked = p.JoinCode, p.JoinLocked
	case *KickPayload:
		if _, ok := st.participants[p.ParticipantID]; !ok {
			return fx, ErrIncomplete
		}
		st.markKicked(p.ParticipantID)
		if p.VotesRemoved {
			for ideaID := range st.votes[p.ParticipantID] {
				st.setVotes(p.ParticipantID, ideaID, 0)
			}
		}
		fx.Removed = p.ParticipantID
	case *StoryShownPayload, *StoryHiddenPayload:
		if err := st.applyStory(p); err != nil {
			return fx, err
		}
	default:
		return fx, fmt.Errorf("%w: %s carries %T", ErrIncomplete, event, payload)
	}
	st.workshop.LastSeq = seq
	return fx, nil
}

// ideaFrom is the board's copy of an idea from its view. A participant's
// idea needs its author on the board (their layer counts their votes).
func (st *State) ideaFrom(v *IdeaView) (*models.Idea, error) {
	if v.AuthorID != nil {
		if _, known := st.participants[*v.AuthorID]; !known {
			return nil, ErrIncomplete
		}
	}
	return &models.Idea{
		ID: v.ID, WorkshopID: st.workshop.ID, Column: v.Column, Text: v.Text, ParticipantID: v.AuthorID, AuthorName: v.AuthorName,
		GroupID: v.GroupID, Source: v.Source, Position: v.Position, CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(),
	}, nil
}
