package board

import (
	"encoding/json"

	"github.com/kizuki-app/kizuki/models"
)

// Audiences is one committed event's data as each audience may see it. The
// room encodes each once, and the same bytes go to every client it is for.
type Audiences struct {
	All          any           // clients with nothing more specific; nil: nobody else
	Facilitators any           // nil: facilitators get All
	Personal     map[int64]any // by participant id
}

// Render decides what each audience sees of a committed event: hidden
// votes reach only the voter and the facilitators, and in anonymous mode
// participants do not see who wrote other people's ideas. Stored payloads
// go out as they are (json.RawMessage) unless a part must be left out.
func Render(st *State, ev *models.Event) Audiences {
	full := json.RawMessage(ev.Payload)
	if !json.Valid(full) {
		// Payloads are written by us; a damaged row must not take the room down.
		full = json.RawMessage("null")
	}
	switch ev.Type {
	case EventIdeaAdded, EventIdeaEdited:
		if !st.workshop.Anonymous {
			break
		}
		var p IdeaPayload
		if json.Unmarshal(full, &p) != nil || p.Idea.AuthorID == nil {
			break
		}
		author := *p.Idea.AuthorID
		redacted := p.Idea
		redacted.AuthorID, redacted.AuthorName = nil, ""
		return Audiences{All: IdeaPayload{Idea: redacted}, Facilitators: full, Personal: map[int64]any{author: full}}
	case EventParticipantKicked:
		var p KickPayload
		if json.Unmarshal(full, &p) != nil || !p.VotesRemoved {
			break
		}
		forParticipants, forFacilitators := p, p
		forParticipants.Results = st.votesView(Identity{Role: RoleParticipant}).Results
		forFacilitators.Results = st.votesView(Identity{Role: RoleFacilitator}).Results
		return Audiences{All: forParticipants, Facilitators: forFacilitators}
	case EventTimerChanged:
		// Always the timer as it is now, with a fresh serverNow, so a replayed
		// event cannot skew a client's countdown.
		return Audiences{All: TimerPayload{Timer: newTimerView(&st.workshop.Workshop)}}
	case EventVoteCast, EventVoteRetracted:
		var p VotePayload
		if json.Unmarshal(full, &p) != nil {
			break
		}
		totals := voteTotals{IdeaID: p.IdeaID, Total: p.Total, ByLayer: p.ByLayer, Voters: p.Voters}
		if st.totalsVisible(Identity{Role: RoleParticipant}, p.Column) {
			withMine := voteTotalsAndMine{voteTotals: totals, Count: p.Count}
			return Audiences{All: totals, Personal: map[int64]any{p.ParticipantID: withMine}}
		}
		mine := MyVoteView{IdeaID: p.IdeaID, Count: p.Count}
		return Audiences{Facilitators: totals, Personal: map[int64]any{p.ParticipantID: mine}}
	}
	return Audiences{All: full}
}

// What viewers get of a vote event.
type (
	voteTotals struct {
		IdeaID  int64          `json:"ideaId"`
		Total   int            `json:"total"`
		ByLayer map[string]int `json:"byLayer"`
		Voters  map[string]int `json:"voters"`
	}
	voteTotalsAndMine struct {
		voteTotals
		Count int `json:"count"`
	}
)
