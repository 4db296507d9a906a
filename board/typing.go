package board

import "encoding/json"

// Typing is a checked typing command: someone started or stopped writing
// an idea in a column. It commits nothing; the room shares it in presence.
type Typing struct {
	Column string
	Active bool
}

// DecideTyping checks a typing command: a known column, an explicit
// active, and (to start typing) a column the sender may write now.
func DecideTyping(st *State, sender Identity, raw json.RawMessage) (Typing, *CommandError) {
	var d struct {
		Column string `json:"column"`
		Active *bool  `json:"active"`
	}
	if err := decodeData(raw, &d); err != nil {
		return Typing{}, err
	}
	if !IsColumn(d.Column) {
		return Typing{}, Refuse(CodeBadRequest, "column must be one of current, ideal, challenges, first_steps")
	}
	if d.Active == nil {
		return Typing{}, Refuse(CodeBadRequest, "active must be true or false")
	}
	if *d.Active {
		if err := canWriteColumn(st, sender, d.Column); err != nil {
			return Typing{}, err
		}
	}
	return Typing{Column: d.Column, Active: *d.Active}, nil
}

// MayType reports whether someone of a role may go on typing in column
// once the phase changed: participants write only the phase's column,
// facilitators any until the workshop closes.
func (st *State) MayType(participant bool, column string) bool {
	phase := st.workshop.Phase
	return phase != PhaseClosed && (!participant || column == phase)
}
