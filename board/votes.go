package board

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

func handleVoteCast(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	return voteChange(st, sender, raw, +1)
}

func handleVoteRetract(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	return voteChange(st, sender, raw, -1)
}

// voteChange validates one vote cast (+1) or taken back (-1). A vote on an
// idea inside a group counts for the group, which is voted as one item.
func voteChange(st *State, sender Identity, raw json.RawMessage, delta int) (*Change, *CommandError) {
	if sender.Role != RoleParticipant {
		return nil, Refuse(CodeForbidden, "only participants vote")
	}
	var d struct {
		IdeaID int64 `json:"ideaId"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	column, voting := VotedColumns[st.workshop.Phase]
	if !voting {
		return nil, Refuse(CodeWrongPhase, "votes are cast in the voting phases")
	}
	idea, ok := st.ideas[d.IdeaID]
	if !ok {
		return nil, Refuse(CodeNotFound, "no such idea in this workshop")
	}
	if idea.GroupID != nil {
		if group, ok := st.ideas[*idea.GroupID]; ok {
			idea = group
		}
	}
	if idea.Column != column {
		return nil, Refuse(CodeWrongPhase, "this round votes on the "+column+" column")
	}
	pid := sender.ParticipantID
	have := st.votes[pid][idea.ID]
	switch {
	case delta > 0 && have+delta > st.workshop.VoteCap:
		return nil, Refuse(CodeVoteCapExceeded, "you have put the most votes allowed on this idea")
	case delta > 0 && st.votesUsed(pid, column)+delta > st.workshop.VoteBudget:
		return nil, Refuse(CodeVoteBudgetExceeded, "you have no votes left in this round")
	case delta < 0 && have+delta < 0:
		return nil, Refuse(CodeBadRequest, "you have no vote on this idea to take back")
	}
	event := EventVoteCast
	if delta < 0 {
		event = EventVoteRetracted
	}
	ideaID := idea.ID
	count := have + delta // the room's board is the authority on counts
	return &Change{
		Event: event,
		write: func(_ context.Context, _ *models.Store, w *Writes, _ int64, now time.Time) (any, error) {
			w.setVote(models.Vote{WorkshopID: st.workshop.ID, ParticipantID: pid, IdeaID: ideaID, Count: count, UpdatedAt: now})
			total, byLayer := st.ideaTotals(ideaID)
			total += count - have
			byLayer[sender.Layer] += count - have
			voters := st.roundVoters(column)
			if before := st.votesUsed(pid, column); before == 0 && delta > 0 {
				voters[sender.Layer]++ // this vote makes a new voter of the round
			} else if before+delta == 0 {
				voters[sender.Layer]-- // taking back one's last vote leaves the round
			}
			return &VotePayload{IdeaID: ideaID, ParticipantID: pid, Count: count, Total: total, ByLayer: byLayer, Column: column, Voters: voters}, nil
		},
	}, nil
}

func handleReveal(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		Column string `json:"column"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	if d.Column != "ideal" && d.Column != "first_steps" {
		return nil, Refuse(CodeBadRequest, "column must be ideal or first_steps")
	}
	column := d.Column
	return &Change{
		Event: EventVotesRevealed,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, _ int64, _ time.Time) (any, error) {
			if err := tx.SetRevealed(ctx, st.workshop.ID, column); err != nil {
				return nil, err
			}
			res := st.columnResults(column)
			res.Revealed = true
			return &RevealedPayload{Column: column, Results: res}, nil
		},
	}, nil
}
