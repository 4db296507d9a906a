package realtime

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// change is a validated command, ready to be committed with its event.
type change struct {
	event string
	// apply writes the change in tx; seq is the event's seq. It returns the event data.
	apply func(ctx context.Context, tx *models.Store, seq int64, now time.Time) (any, error)
	// commit mirrors the committed change into the room's state.
	commit func(st *boardState)
	// after, if set, runs once the event is delivered (e.g. to close a removed participant's sockets).
	after func(r *Room)
}

// commandHandler validates a command against the board and the sender and
// returns the change to commit, or a refusal.
type commandHandler func(st *boardState, sender Identity, data json.RawMessage) (*change, *CommandError)

var commandHandlers = map[string]commandHandler{
	"idea.add":         handleIdeaAdd,
	"idea.edit":        handleIdeaEdit,
	"idea.delete":      handleIdeaDelete,
	"idea.group":       handleIdeaGroup,
	"insight.add":      handleInsightAdd,
	"vote.cast":        handleVoteCast,
	"vote.retract":     handleVoteRetract,
	"reveal":           handleReveal,
	"phase.set":        handlePhaseSet,
	"timer.start":      handleTimerStart,
	"timer.pause":      handleTimerPause,
	"join.lock":        handleJoinLock,
	"join.rotate":      handleJoinRotate,
	"timer.resume":     handleTimerResume,
	"timer.add":        handleTimerAdd,
	"timer.clear":      handleTimerClear,
	"settings.set":     handleSettingsSet,
	"participant.kick": handleParticipantKick,
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func facilitatorOnly(sender Identity) *CommandError {
	if sender.Role != RoleFacilitator {
		return refuse(CodeForbidden, "only the facilitator can do this")
	}
	return nil
}

type ideaInput struct {
	Column string `json:"column"`
	Text   string `json:"text"`
}

func handleIdeaAdd(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
	var d ideaInput
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	return newIdeaChange(st, sender, d, SourceParticipant)
}

// newIdeaChange validates and prepares a new idea in a column.
func newIdeaChange(st *boardState, sender Identity, d ideaInput, source string) (*change, *CommandError) {
	if !IsColumn(d.Column) {
		return nil, refuse(CodeBadRequest, "column must be one of current, ideal, challenges, first_steps")
	}
	text, cerr := cleanIdeaText(d.Text)
	if cerr != nil {
		return nil, cerr
	}
	if err := canWriteColumn(st, sender, d.Column); err != nil {
		return nil, err
	}
	if err := st.roomForIdea(sender); err != nil {
		return nil, err
	}
	idea := &models.Idea{WorkshopID: st.workshop.ID, Column: d.Column, Text: text, AuthorName: sender.Name, Source: source}
	if sender.Role == RoleParticipant {
		pid := sender.ParticipantID
		idea.ParticipantID = &pid
	} else {
		uid := sender.UserID
		idea.UserID = &uid
	}
	return &change{
		event: "idea.added",
		apply: func(ctx context.Context, tx *models.Store, seq int64, now time.Time) (any, error) {
			idea.Position = seq // seq grows, so it orders ideas by creation across nodes too
			idea.CreatedAt, idea.UpdatedAt = now, now
			if err := tx.CreateIdea(ctx, idea); err != nil {
				return nil, err
			}
			return map[string]any{"idea": NewIdeaView(idea)}, nil
		},
		commit: func(st *boardState) { st.ideas[idea.ID] = idea },
		after:  func(r *Room) { r.typingDone(sender, d.Column) },
	}, nil
}

func handleIdeaEdit(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
	var d struct {
		IdeaID int64  `json:"ideaId"`
		Text   string `json:"text"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	text, cerr := cleanIdeaText(d.Text)
	if cerr != nil {
		return nil, cerr
	}
	current, cerr := ownIdea(st, sender, d.IdeaID)
	if cerr != nil {
		return nil, cerr
	}
	edited := *current
	edited.Text = text
	return &change{
		event: "idea.edited",
		apply: func(ctx context.Context, tx *models.Store, _ int64, now time.Time) (any, error) {
			edited.UpdatedAt = now
			if err := tx.UpdateIdeaText(ctx, &edited); err != nil {
				return nil, err
			}
			return map[string]any{"idea": NewIdeaView(&edited)}, nil
		},
		commit: func(st *boardState) { st.ideas[edited.ID] = &edited },
	}, nil
}

func handleIdeaDelete(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
	var d struct {
		IdeaID int64 `json:"ideaId"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	idea, cerr := ownIdea(st, sender, d.IdeaID)
	if cerr != nil {
		return nil, cerr
	}
	id := idea.ID
	ungrouped := []int64{}
	for _, other := range st.ideas {
		if other.GroupID != nil && *other.GroupID == id {
			ungrouped = append(ungrouped, other.ID)
		}
	}
	return &change{
		event: "idea.deleted",
		apply: func(ctx context.Context, tx *models.Store, _ int64, _ time.Time) (any, error) {
			if len(ungrouped) > 0 {
				if err := tx.UngroupMembers(ctx, st.workshop.ID, id); err != nil {
					return nil, err
				}
			}
			if err := tx.DeleteIdea(ctx, st.workshop.ID, id); err != nil {
				return nil, err
			}
			return map[string]any{"ideaId": id, "ungrouped": ungrouped}, nil
		},
		commit: func(st *boardState) {
			st.dropIdeaVotes(id)
			delete(st.ideas, id)
			for _, m := range ungrouped {
				st.ideas[m].GroupID = nil
			}
		},
	}, nil
}

func handlePhaseSet(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		Phase string `json:"phase"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	if !IsPhase(d.Phase) {
		return nil, refuse(CodeBadRequest, "unknown phase")
	}
	phase := d.Phase
	// A new phase starts without the last one's timer, so "time's up" does
	// not linger into it; the event then carries the cleared timer.
	clear := phase != st.workshop.Phase && timerSet(&st.workshop.Workshop)
	return &change{
		event: "phase.changed",
		apply: func(ctx context.Context, tx *models.Store, _ int64, _ time.Time) (any, error) {
			if err := tx.SetPhase(ctx, st.workshop.ID, phase); err != nil {
				return nil, err
			}
			if !clear {
				return map[string]any{"phase": phase}, nil
			}
			w := st.workshop.Workshop
			clearTimer(&w)
			if err := tx.SaveTimer(ctx, &w); err != nil {
				return nil, err
			}
			return map[string]any{"phase": phase, "timer": newTimerView(&w)}, nil
		},
		commit: func(st *boardState) {
			st.workshop.Phase = phase
			if clear {
				clearTimer(&st.workshop.Workshop)
			}
		},
		after: func(r *Room) { r.typingPhaseChanged() },
	}, nil
}

// canWriteColumn: participants write only the column of the current phase;
// facilitators write any column; nobody writes once the workshop is closed.
func canWriteColumn(st *boardState, sender Identity, column string) *CommandError {
	if st.workshop.Phase == PhaseClosed {
		return refuse(CodeWrongPhase, "the workshop is closed")
	}
	if sender.Role == RoleParticipant && st.workshop.Phase != column {
		return refuse(CodeWrongPhase, "ideas for this column are written in its own phase")
	}
	return nil
}

// ownIdea finds an idea the sender may change: their own, or any for a facilitator.
func ownIdea(st *boardState, sender Identity, ideaID int64) (*models.Idea, *CommandError) {
	idea, ok := st.ideas[ideaID]
	if !ok {
		return nil, refuse(CodeNotFound, "no such idea in this workshop")
	}
	if sender.Role == RoleParticipant {
		if idea.ParticipantID == nil || *idea.ParticipantID != sender.ParticipantID {
			return nil, refuse(CodeForbidden, "you can change only your own ideas")
		}
	}
	if err := canWriteColumn(st, sender, idea.Column); err != nil {
		return nil, err
	}
	return idea, nil
}
