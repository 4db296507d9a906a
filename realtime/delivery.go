package realtime

import (
	"encoding/json"

	"github.com/kizuki-app/kizuki/models"
)

// outgoing is one committed event rendered for its audiences. Each variant
// is encoded once and the same bytes go to every client it is for.
type outgoing struct {
	all          []byte           // clients with nothing more specific; nil: nobody else
	facilitators []byte           // nil: facilitators get all
	personal     map[int64][]byte // by participant id
}

// forViewer picks the message a viewer gets, or nil.
func (o *outgoing) forViewer(id Identity) []byte {
	if id.Role == RoleParticipant {
		if msg, ok := o.personal[id.ParticipantID]; ok {
			return msg
		}
	} else if o.facilitators != nil {
		return o.facilitators
	}
	return o.all
}

// votePayload is what a vote event stores; viewers get parts of it.
type votePayload struct {
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

// render turns a committed event into what each audience may see: hidden
// votes reach only the voter and the facilitators, and in anonymous mode
// participants do not see who wrote other people's ideas.
func render(st *boardState, ev *models.Event) outgoing {
	msg := func(data any) []byte {
		raw, ok := data.(json.RawMessage)
		if !ok {
			raw = encode(data)
		}
		return encode(eventMsg{Type: "event", Seq: ev.Seq, Event: ev.Type, Data: raw})
	}
	full := json.RawMessage(ev.Payload)
	if !json.Valid(full) {
		// Payloads are written by us; a damaged row must not take the room down.
		full = json.RawMessage("null")
	}
	switch ev.Type {
	case "idea.added", "idea.edited":
		if !st.workshop.Anonymous {
			break
		}
		var p struct{ Idea IdeaView }
		if json.Unmarshal(full, &p) != nil || p.Idea.AuthorID == nil {
			break
		}
		author := *p.Idea.AuthorID
		redacted := p.Idea
		redacted.AuthorID, redacted.AuthorName = nil, ""
		whole := msg(full)
		return outgoing{all: msg(map[string]any{"idea": redacted}), facilitators: whole, personal: map[int64][]byte{author: whole}}
	case "participant.kicked":
		var p kickPayload
		if json.Unmarshal(full, &p) != nil || !p.VotesRemoved {
			break
		}
		withResults := func(viewer Identity) []byte {
			p.Results = st.votesView(viewer).Results
			return msg(p)
		}
		return outgoing{all: withResults(Identity{Role: RoleParticipant}), facilitators: withResults(Identity{Role: RoleFacilitator})}
	case "timer.changed":
		// Always the timer as it is now, with a fresh serverNow, so a replayed
		// event cannot skew a client's countdown.
		return outgoing{all: msg(map[string]any{"timer": newTimerView(&st.workshop.Workshop)})}
	case "vote.cast", "vote.retracted":
		var p votePayload
		if json.Unmarshal(full, &p) != nil {
			break
		}
		totals := map[string]any{"ideaId": p.IdeaID, "total": p.Total, "byLayer": p.ByLayer, "voters": p.Voters}
		if st.totalsVisible(Identity{Role: RoleParticipant}, p.Column) {
			withMine := map[string]any{"ideaId": p.IdeaID, "total": p.Total, "byLayer": p.ByLayer, "voters": p.Voters, "count": p.Count}
			return outgoing{all: msg(totals), personal: map[int64][]byte{p.ParticipantID: msg(withMine)}}
		}
		mine := map[string]any{"ideaId": p.IdeaID, "count": p.Count}
		return outgoing{facilitators: msg(totals), personal: map[int64][]byte{p.ParticipantID: msg(mine)}}
	}
	return outgoing{all: msg(full)}
}
