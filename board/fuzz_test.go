package board

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// fuzzBoard is a small board with ideas in every column, a group, votes and a timer.
func fuzzBoard(phase string, anonymous bool) *State {
	pid, other, uid := int64(1), int64(2), int64(9)
	group := int64(13)
	ends := time.Now().Add(time.Minute)
	st := &State{
		workshop: models.WorkshopListing{Workshop: models.Workshop{
			ID: 1, Phase: phase, Anonymous: anonymous, VoteBudget: 3, VoteCap: 2, HiddenUntilReveal: true,
			TimerRunning: true, TimerEndsAt: &ends, TimerDurationMs: 60000,
		}},
		ideas: map[int64]*models.Idea{
			10: {ID: 10, Column: "current", Text: "a", ParticipantID: &pid},
			11: {ID: 11, Column: "ideal", Text: "b", ParticipantID: &other},
			12: {ID: 12, Column: "ideal", Text: "c", UserID: &uid, GroupID: &group},
			13: {ID: 13, Column: "ideal", Text: "g", UserID: &uid, Source: SourceGroup},
			14: {ID: 14, Column: "first_steps", Text: "d", ParticipantID: &pid},
			15: {ID: 15, Column: "challenges", Text: "e", UserID: &uid, Source: SourceVendorInsight},
		},
		participants: map[int64]models.Participant{1: {ID: 1, Layer: "frontline"}, 2: {ID: 2, Layer: "executive"}},
		votes:        map[int64]map[int64]int{},
	}
	st.setVotes(1, 11, 1) // through setVotes, so the running totals agree
	st.setVotes(2, 13, 2)
	return st
}

// FuzzCommand feeds arbitrary frames through the decoder and every command
// handler, as a participant and as a facilitator, in every phase. Nothing may
// panic; a refusal must carry a code and a message.
func FuzzCommand(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","type":"idea.add","data":{"column":"current","text":"hello"}}`,
		`{"id":"2","type":"idea.edit","data":{"ideaId":10,"text":"x"}}`,
		`{"id":"3","type":"idea.delete","data":{"ideaId":13}}`,
		`{"id":"4","type":"idea.group","data":{"ideaIds":[11,12,13],"label":"L"}}`,
		`{"id":"5","type":"vote.cast","data":{"ideaId":12}}`,
		`{"id":"6","type":"vote.retract","data":{"ideaId":11}}`,
		`{"id":"7","type":"reveal","data":{"column":"ideal"}}`,
		`{"id":"8","type":"phase.set","data":{"phase":"closed"}}`,
		`{"id":"9","type":"timer.add","data":{"seconds":30}}`,
		`{"id":"10","type":"participant.kick","data":{"participantId":2}}`,
		`{"id":"11","type":"insight.add","data":{"column":"challenges","text":"i"}}`,
		`{"id":"x","type":"timer.pause"}`,
		`{"id":"12","type":"typing","data":{"column":"current","active":true}}`,
		`{"id":"13","type":"story.show","data":{"storyId":4}}`,
		`{"id":"14","type":"story.hide","data":{}}`,
		`[]`, `null`, `{"id":1}`, "\xff",
	} {
		f.Add([]byte(seed), uint8(0))
	}
	f.Fuzz(func(t *testing.T, frame []byte, pick uint8) {
		var cmd struct {
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		if json.Unmarshal(frame, &cmd) != nil || (!IsCommand(cmd.Type) && cmd.Type != "typing") {
			return // realtime's FuzzFrame covers the envelope
		}
		phase := Phases[int(pick)%len(Phases)]
		who := Identity{Role: RoleParticipant, ParticipantID: 1, Name: "P", Layer: "frontline"}
		if pick&0x80 != 0 {
			who = Identity{Role: RoleFacilitator, UserID: 9, Name: "F"}
		}
		st := fuzzBoard(phase, pick&0x40 != 0)
		if cmd.Type == "typing" {
			if _, cerr := DecideTyping(st, who, cmd.Data); cerr != nil && (cerr.Code == "" || cerr.Message == "") {
				t.Fatalf("refusal without code or message: %+v", cerr)
			}
			return
		}
		ch, cerr := Decide(st, who, cmd.Type, cmd.Data)
		if cerr != nil {
			if cerr.Code == "" || cerr.Message == "" {
				t.Fatalf("refusal without code or message: %+v", cerr)
			}
			return
		}
		if ch == nil || ch.write == nil || ch.Event == "" {
			t.Fatalf("accepted %s without a complete change", cmd.Type)
		}
	})
}

// FuzzRender renders arbitrary stored payloads for every kind of viewer.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		`{"idea":{"id":10,"authorId":1,"authorName":"P"}}`,
		`{"ideaId":11,"participantId":1,"count":1,"total":2,"byLayer":{"frontline":1},"column":"ideal"}`,
		`{}`, `null`, `[`,
	} {
		f.Add("idea.added", []byte(seed))
		f.Add("vote.cast", []byte(seed))
		f.Add("story.shown", []byte(seed))
		f.Add("story.hidden", []byte(seed))
	}
	f.Add("story.shown", []byte(`{"story":{"id":4,"title":"T","ideal":["i"],"challenges":[],"offerings":[{"id":1,"name":"N","kind":"plan"}]}}`))
	f.Fuzz(func(t *testing.T, typ string, payload []byte) {
		st := fuzzBoard("vote_ideal", true)
		ev := &models.Event{Seq: 5, Type: typ, Payload: string(payload)}
		out := Render(st, ev)
		for _, data := range append([]any{out.All, out.Facilitators}, slices.Collect(maps.Values(out.Personal))...) {
			if _, err := json.Marshal(data); err != nil {
				t.Fatalf("%s renders what does not encode: %v", typ, err)
			}
		}
		if _, err := st.ApplyStored(ev); err == nil && st.Seq() != ev.Seq {
			t.Fatalf("applied %s without moving the seq", typ)
		}
	})
}
