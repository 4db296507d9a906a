package board

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/kizuki-app/kizuki/joincode"
	"github.com/kizuki-app/kizuki/models"
)

// roomForIdea refuses a new idea on a full board, or from a participant
// who wrote their share.
func (st *State) roomForIdea(sender Identity) *CommandError {
	if len(st.ideas) >= MaxIdeas {
		return Refuse(CodeTooManyIdeas, "this board is full; the facilitator can group or delete ideas")
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
		return Refuse(CodeTooManyIdeas, "you have added as many ideas as one person may")
	}
	return nil
}

// handleJoinLock closes the door (or opens it again): the join code
// admits nobody new while locked; those who joined stay.
func handleJoinLock(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
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
		return nil, Refuse(CodeBadRequest, "locked must be true or false")
	}
	return joinChange(st, st.workshop.JoinCode, *d.Locked), nil
}

// handleJoinRotate gives the workshop a new join code: the old code, its
// link and its QR code stop working (a code that leaked out of the room).
func handleJoinRotate(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	if err := decodeData(raw, &struct{}{}); err != nil {
		return nil, err
	}
	code, err := joincode.New()
	if err != nil {
		return nil, Refuse(CodeInternal, "could not draw a new code; try again")
	}
	return joinChange(st, code, st.workshop.JoinLocked), nil
}

func joinChange(st *State, code string, locked bool) *Change {
	return &Change{
		Event: EventJoinChanged,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			if err := tx.SetJoin(ctx, st.workshop.ID, code, locked); err != nil {
				if errors.Is(err, models.ErrConflict) {
					return nil, Refuse(CodeInternal, "that code was just taken; try again")
				}
				return nil, err
			}
			return &JoinPayload{JoinCode: code, JoinLocked: locked}, nil
		},
	}
}
