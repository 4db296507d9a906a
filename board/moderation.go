package board

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// maxGroupSize bounds one idea.group command.
const maxGroupSize = 100

func handleInsightAdd(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d ideaInput
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	return newIdeaChange(st, sender, d, SourceVendorInsight)
}

// handleIdeaGroup merges duplicate ideas under a label. Naming an existing
// group adds the other ideas to it (and relabels it); otherwise a new group
// idea is created. A group is voted on as one item, so ideas that already
// carry votes cannot be merged.
func handleIdeaGroup(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		IdeaIDs []int64 `json:"ideaIds"`
		Label   string  `json:"label"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	label, cerr := cleanIdeaText(d.Label)
	if cerr != nil {
		return nil, cerr
	}
	if len(d.IdeaIDs) == 0 || len(d.IdeaIDs) > maxGroupSize {
		return nil, Refuse(CodeBadRequest, "ideaIds must name 1 to 100 ideas")
	}
	if st.workshop.Phase == PhaseClosed {
		return nil, Refuse(CodeWrongPhase, "the workshop is closed")
	}
	var group *models.Idea
	var members []int64
	seen := map[int64]bool{}
	column := ""
	for _, id := range d.IdeaIDs {
		idea, ok := st.ideas[id]
		if !ok {
			return nil, Refuse(CodeNotFound, "no such idea in this workshop")
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if column == "" {
			column = idea.Column
		} else if idea.Column != column {
			return nil, Refuse(CodeBadRequest, "only ideas of one column can be grouped")
		}
		if idea.Source == SourceGroup {
			if group != nil {
				return nil, Refuse(CodeBadRequest, "name at most one existing group")
			}
			group = idea
			continue
		}
		if st.hasVotes(id) {
			return nil, Refuse(CodeBadRequest, "ideas that have votes cannot be grouped")
		}
		members = append(members, id)
	}
	if group == nil && len(members) < 2 {
		return nil, Refuse(CodeBadRequest, "a new group needs at least two ideas")
	}
	var next models.Idea
	if group != nil {
		next = *group
	} else {
		uid := sender.UserID
		next = models.Idea{WorkshopID: st.workshop.ID, Column: column, AuthorName: sender.Name, UserID: &uid, Source: SourceGroup}
	}
	next.Text = label
	return &Change{
		Event: EventIdeaGrouped,
		write: func(ctx context.Context, tx *models.Store, _ *Writes, seq int64, now time.Time) (any, error) {
			next.UpdatedAt = now
			if next.ID == 0 {
				next.Position, next.CreatedAt = seq, now
				if err := tx.CreateIdea(ctx, &next); err != nil {
					return nil, err
				}
			} else if err := tx.UpdateIdeaText(ctx, &next); err != nil {
				return nil, err
			}
			gid := next.ID
			if err := tx.SetIdeaGroup(ctx, st.workshop.ID, members, &gid); err != nil {
				return nil, err
			}
			return &IdeaGroupedPayload{Group: NewIdeaView(&next), MemberIDs: members}, nil
		},
	}, nil
}

// hasVotes reports whether anyone has a vote on an idea.
func (st *State) hasVotes(ideaID int64) bool {
	t := st.totals[ideaID]
	return t != nil && t.total > 0
}

// handleParticipantKick removes a participant: their sockets are closed with
// 4001 and their token stops working. Their ideas stay; their votes leave
// the totals unless the facilitator keeps them (keepVotes), so someone who
// stuffed votes and was removed for it no longer weighs on the result.
func handleParticipantKick(st *State, sender Identity, raw json.RawMessage) (*Change, *CommandError) {
	if err := facilitatorOnly(sender); err != nil {
		return nil, err
	}
	var d struct {
		ParticipantID int64 `json:"participantId"`
		KeepVotes     bool  `json:"keepVotes"`
	}
	if err := decodeData(raw, &d); err != nil {
		return nil, err
	}
	p, ok := st.participants[d.ParticipantID]
	if !ok || p.Kicked {
		return nil, Refuse(CodeNotFound, "no such participant in this workshop")
	}
	pid := p.ID
	removeVotes := !d.KeepVotes && len(st.votes[pid]) > 0
	return &Change{
		Event: EventParticipantKicked,
		write: func(ctx context.Context, tx *models.Store, w *Writes, _ int64, now time.Time) (any, error) {
			if err := tx.KickParticipant(ctx, st.workshop.ID, pid); err != nil {
				return nil, err
			}
			if removeVotes {
				for ideaID := range st.votes[pid] {
					w.setVote(models.Vote{WorkshopID: st.workshop.ID, ParticipantID: pid, IdeaID: ideaID, UpdatedAt: now})
				}
			}
			return &KickPayload{ParticipantID: pid, VotesRemoved: removeVotes}, nil
		},
	}, nil
}
