package board

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// Change is a checked command, ready to commit as one event.
type Change struct {
	Event string
	write func(ctx context.Context, tx *models.Store, w *Writes, seq int64, now time.Time) (any, error)
}

// Write stores the change in tx as the event numbered seq, leaving the
// writes its batch shares in w, and returns the event's payload, which
// State.Apply then mirrors into the board.
func (c *Change) Write(ctx context.Context, tx *models.Store, w *Writes, seq int64, now time.Time) (any, error) {
	return c.write(ctx, tx, w, seq, now)
}

// Writes gathers what a batch of changes writes at its end, one statement
// each, instead of one per change: the votes, where a participant's last
// count on an idea wins.
type Writes struct {
	votes map[[2]int64]models.Vote
}

func (w *Writes) setVote(v models.Vote) {
	if w.votes == nil {
		w.votes = make(map[[2]int64]models.Vote)
	}
	w.votes[[2]int64{v.ParticipantID, v.IdeaID}] = v
}

// Votes lists the batch's vote writes in key order, so every batch
// touches rows in the same order.
func (w *Writes) Votes() []models.Vote {
	return slices.SortedFunc(maps.Values(w.votes), func(a, b models.Vote) int {
		return cmp.Or(cmp.Compare(a.ParticipantID, b.ParticipantID), cmp.Compare(a.IdeaID, b.IdeaID))
	})
}

// commandHandler checks a command against the board and the sender and
// returns the change to commit, or a refusal.
type commandHandler func(st *State, sender Identity, data json.RawMessage) (*Change, *CommandError)

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
	"story.show":       handleStoryShow,
	"story.hide":       handleStoryHide,
}

// IsCommand reports whether t names a command that commits an event.
func IsCommand(t string) bool {
	_, ok := commandHandlers[t]
	return ok
}

// Decide checks a command of type t from sender against the board: the
// change to commit, or why nothing changes. t must be a command (IsCommand).
func Decide(st *State, sender Identity, t string, data json.RawMessage) (*Change, *CommandError) {
	h, ok := commandHandlers[t]
	if !ok {
		return nil, Refuse(CodeUnknownCommand, "unknown command type")
	}
	return h(st, sender, data)
}

func facilitatorOnly(sender Identity) *CommandError {
	if sender.Role != RoleFacilitator {
		return Refuse(CodeForbidden, "only the facilitator can do this")
	}
	return nil
}

type ideaInput struct {
	Column string `json:"column"`
	Text   string `json:"text"`
}

func handleIdeaAdd(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	var d ideaInput
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	return newIdeaChange(st, sender, d, SourceParticipant)
}

// newIdeaChange validates and prepares a new idea in a column.
func newIdeaChange(st *State, sender Identity, d ideaInput, source string) (*Change, *CommandError) {
	if !IsColumn(d.Column) {
		return nil, Refuse(CodeBadRequest, "column must be one of current, ideal, challenges, first_steps")
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
	return &Change{
		Event: EventIdeaAdded,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, seq int64, now time.Time) (any, error) {
			idea.Position = seq // seq grows, so it orders ideas by creation across nodes too
			idea.CreatedAt, idea.UpdatedAt = now, now
			if err := tx.CreateIdea(ctx, idea); err != nil {
				return nil, err
			}
			return &IdeaPayload{Idea: NewIdeaView(idea)}, nil
		},
	}, nil
}

func handleIdeaEdit(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
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
	return &Change{
		Event: EventIdeaEdited,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, now time.Time) (any, error) {
			edited.UpdatedAt = now
			if err := tx.UpdateIdeaText(ctx, &edited); err != nil {
				return nil, err
			}
			return &IdeaPayload{Idea: NewIdeaView(&edited)}, nil
		},
	}, nil
}

func handleIdeaDelete(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
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
	return &Change{
		Event: EventIdeaDeleted,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			if len(ungrouped) > 0 {
				if err := tx.UngroupMembers(ctx, st.workshop.ID, id); err != nil {
					return nil, err
				}
			}
			if err := tx.DeleteIdea(ctx, st.workshop.ID, id); err != nil {
				return nil, err
			}
			return &IdeaDeletedPayload{IdeaID: id, Ungrouped: ungrouped}, nil
		},
	}, nil
}

func handlePhaseSet(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
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
		return nil, Refuse(CodeBadRequest, "unknown phase")
	}
	phase := d.Phase
	// A new phase starts without the last one's timer, so "time's up" does
	// not linger into it; the event then carries the cleared timer.
	clear := phase != st.workshop.Phase && timerSet(&st.workshop.Workshop)
	return &Change{
		Event: EventPhaseChanged,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			if err := tx.SetPhase(ctx, st.workshop.ID, phase); err != nil {
				return nil, err
			}
			if !clear {
				return &PhasePayload{Phase: phase}, nil
			}
			w := st.workshop.Workshop
			clearTimer(&w)
			if err := tx.SaveTimer(ctx, &w); err != nil {
				return nil, err
			}
			timer := newTimerView(&w)
			return &PhasePayload{Phase: phase, Timer: &timer}, nil
		},
	}, nil
}

// canWriteColumn: participants write only the column of the current phase;
// facilitators write any column; nobody writes once the workshop is closed.
func canWriteColumn(st *State, sender Identity, column string) *CommandError {
	if st.workshop.Phase == PhaseClosed {
		return Refuse(CodeWrongPhase, "the workshop is closed")
	}
	if sender.Role == RoleParticipant && st.workshop.Phase != column {
		return Refuse(CodeWrongPhase, "ideas for this column are written in its own phase")
	}
	return nil
}

// ownIdea finds an idea the sender may change: their own, or any for a facilitator.
func ownIdea(st *State, sender Identity, ideaID int64) (*models.Idea, *CommandError) {
	idea, ok := st.ideas[ideaID]
	if !ok {
		return nil, Refuse(CodeNotFound, "no such idea in this workshop")
	}
	if sender.Role == RoleParticipant {
		if idea.ParticipantID == nil || *idea.ParticipantID != sender.ParticipantID {
			return nil, Refuse(CodeForbidden, "you can change only your own ideas")
		}
	}
	if err := canWriteColumn(st, sender, idea.Column); err != nil {
		return nil, err
	}
	return idea, nil
}
