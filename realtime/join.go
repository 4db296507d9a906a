package realtime

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/kizuki-app/kizuki/joincode"
	"github.com/kizuki-app/kizuki/models"
)

// Bounds on one board, so one join code cannot flood a workshop: a board
// of MaxIdeas ideas of 500 Japanese characters is a snapshot of 3.5 MB, and
// one person's ideas a small share of it.
const (
	MaxIdeas               = 2000
	MaxIdeasPerParticipant = 100
)

// roomForIdea refuses a new idea on a full board, or from a participant
// who wrote their share.
func (st *boardState) roomForIdea(sender Identity) *CommandError {
	if len(st.ideas) >= MaxIdeas {
		return refuse(CodeTooManyIdeas, "this board is full; the facilitator can group or delete ideas")
	}
	if sender.Role != RoleParticipant {
		return nil
	}
	mine := 0
	for _, i := range st.ideas {
		if i.ParticipantID != nil && *i.ParticipantID == sender.ParticipantID {
			mine++
		}
	}
	if mine >= MaxIdeasPerParticipant {
		return refuse(CodeTooManyIdeas, "you have added as many ideas as one person may")
	}
	return nil
}

// joinPayload is the data of a join.changed event.
type joinPayload struct {
	JoinCode   string `json:"joinCode"`
	JoinLocked bool   `json:"joinLocked"`
}

// handleJoinLock closes the door (or opens it again): the join code
// admits nobody new while locked; those who joined stay.
func handleJoinLock(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		Locked *bool `json:"locked"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	if d.Locked == nil {
		return nil, refuse(CodeBadRequest, "locked must be true or false")
	}
	return joinChange(st, st.workshop.JoinCode, *d.Locked), nil
}

// handleJoinRotate gives the workshop a new join code: the old code, its
// link and its QR code stop working (a code that leaked out of the room).
func handleJoinRotate(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	if err := decodeData(raw, &struct{}{}); err != nil {
		return nil, err
	}
	code, err := joincode.New()
	if err != nil {
		return nil, refuse(CodeInternal, "could not draw a new code; try again")
	}
	return joinChange(st, code, st.workshop.JoinLocked), nil
}

func joinChange(st *boardState, code string, locked bool) *change {
	return &change{
		event: "join.changed",
		apply: func(ctx context.Context, tx *models.Store, _ int64, _ time.Time) (any, error) {
			if err := tx.SetJoin(ctx, st.workshop.ID, code, locked); err != nil {
				if errors.Is(err, models.ErrConflict) {
					return nil, refuse(CodeInternal, "that code was just taken; try again")
				}
				return nil, err
			}
			return joinPayload{JoinCode: code, JoinLocked: locked}, nil
		},
		commit: func(st *boardState) { st.workshop.JoinCode, st.workshop.JoinLocked = code, locked },
	}
}
