package realtime

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// SourceGroup marks the idea that stands for a group of merged ideas.
const SourceGroup = "group"

// maxGroupSize bounds one idea.group command.
const maxGroupSize = 100

func handleInsightAdd(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
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
func handleIdeaGroup(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
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
		return nil, refuse(CodeBadRequest, "ideaIds must name 1 to 100 ideas")
	}
	if st.workshop.Phase == PhaseClosed {
		return nil, refuse(CodeWrongPhase, "the workshop is closed")
	}
	var group *models.Idea
	var members []int64
	seen := map[int64]bool{}
	column := ""
	for _, id := range d.IdeaIDs {
		idea, ok := st.ideas[id]
		if !ok {
			return nil, refuse(CodeNotFound, "no such idea in this workshop")
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		if column == "" {
			column = idea.Column
		} else if idea.Column != column {
			return nil, refuse(CodeBadRequest, "only ideas of one column can be grouped")
		}
		if idea.Source == SourceGroup {
			if group != nil {
				return nil, refuse(CodeBadRequest, "name at most one existing group")
			}
			group = idea
			continue
		}
		if st.hasVotes(id) {
			return nil, refuse(CodeBadRequest, "ideas that have votes cannot be grouped")
		}
		members = append(members, id)
	}
	if group == nil && len(members) < 2 {
		return nil, refuse(CodeBadRequest, "a new group needs at least two ideas")
	}
	var next models.Idea
	if group != nil {
		next = *group
	} else {
		uid := sender.UserID
		next = models.Idea{WorkshopID: st.workshop.ID, Column: column, AuthorName: sender.Name, UserID: &uid, Source: SourceGroup}
	}
	next.Text = label
	return &change{
		event: "idea.grouped",
		apply: func(ctx context.Context, tx *models.Store, seq int64, now time.Time) (any, error) {
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
			return map[string]any{"group": NewIdeaView(&next), "memberIds": members}, nil
		},
		commit: func(st *boardState) {
			st.ideas[next.ID] = &next
			gid := next.ID
			for _, m := range members {
				st.ideas[m].GroupID = &gid
			}
		},
	}, nil
}

// hasVotes reports whether anyone has a vote on an idea.
func (st *boardState) hasVotes(ideaID int64) bool {
	t := st.totals[ideaID]
	return t != nil && t.total > 0
}

// handleParticipantKick removes a participant: their sockets are closed with
// 4001 and their token stops working. Their ideas stay; their votes leave
// the totals unless the facilitator keeps them (keepVotes), so someone who
// stuffed votes and was removed for it no longer weighs on the result.
func handleParticipantKick(st *boardState, sender Identity, raw json.RawMessage) (*change, *CommandError) {
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
		return nil, refuse(CodeNotFound, "no such participant in this workshop")
	}
	pid := p.ID
	removeVotes := !d.KeepVotes && len(st.votes[pid]) > 0
	return &change{
		event: "participant.kicked",
		apply: func(ctx context.Context, tx *models.Store, _ int64, now time.Time) (any, error) {
			if err := tx.KickParticipant(ctx, st.workshop.ID, pid); err != nil {
				return nil, err
			}
			if removeVotes {
				zero := make(map[[2]int64]models.Vote, len(st.votes[pid]))
				for ideaID := range st.votes[pid] {
					zero[[2]int64{pid, ideaID}] = models.Vote{WorkshopID: st.workshop.ID, ParticipantID: pid, IdeaID: ideaID, UpdatedAt: now}
				}
				if err := tx.SetVotes(ctx, sortedVotes(zero)); err != nil {
					return nil, err
				}
			}
			return kickPayload{ParticipantID: pid, VotesRemoved: removeVotes}, nil
		},
		commit: func(st *boardState) {
			st.markKicked(pid)
			if removeVotes {
				for ideaID := range st.votes[pid] {
					st.setVotes(pid, ideaID, 0)
				}
			}
		},
		after: func(r *Room) {
			for c := range r.clients {
				if c.identity.Role == RoleParticipant && c.identity.ParticipantID == pid {
					r.drop(c, CloseInvalidToken, "removed by the facilitator")
				}
			}
		},
	}, nil
}

// kickPayload is the data of a participant.kicked event. When the votes
// were removed, each viewer also gets the results it may see as they are
// now (render adds them), so totals shrink on every screen at once.
type kickPayload struct {
	ParticipantID int64           `json:"participantId"`
	VotesRemoved  bool            `json:"votesRemoved"`
	Results       []ColumnResults `json:"results,omitempty"`
}
