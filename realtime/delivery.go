package realtime

import (
	"encoding/json"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// outgoing is one message rendered for its audiences. Each variant is
// encoded once and the same bytes go to every client it is for.
type outgoing struct {
	all          []byte           // clients with nothing more specific; nil: nobody else
	facilitators []byte           // nil: facilitators get all
	personal     map[int64][]byte // by participant id
}

// forViewer picks the message a viewer gets, or nil.
func (o *outgoing) forViewer(id board.Identity) []byte {
	if id.Role == board.RoleParticipant {
		if msg, ok := o.personal[id.ParticipantID]; ok {
			return msg
		}
	} else if o.facilitators != nil {
		return o.facilitators
	}
	return o.all
}

// render frames a committed event for each audience board.Render names.
func render(st *board.State, ev *models.Event) outgoing {
	aud := board.Render(st, ev)
	msg := func(data any) []byte {
		if data == nil {
			return nil
		}
		raw, ok := data.(json.RawMessage)
		if !ok {
			raw = encode(data)
		}
		return encode(eventMsg{Type: "event", Seq: ev.Seq, Event: ev.Type, Data: raw})
	}
	out := outgoing{all: msg(aud.All), facilitators: msg(aud.Facilitators)}
	if len(aud.Personal) > 0 {
		out.personal = make(map[int64][]byte, len(aud.Personal))
		for id, data := range aud.Personal {
			out.personal[id] = msg(data)
		}
	}
	return out
}
