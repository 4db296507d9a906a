package board

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
)

var (
	storyFacilitator = Identity{Role: RoleFacilitator, UserID: 9, Name: "F"}
	storyParticipant = Identity{Role: RoleParticipant, ParticipantID: 1, Name: "P", Layer: "frontline"}
)

func TestStoryCommandsAreTheFacilitatorsAndChecked(t *testing.T) {
	for _, tc := range []struct {
		name, command, data, phase string
		who                        Identity
		code                       string
	}{
		{"participant shows", "story.show", `{"storyId":1}`, "current", storyParticipant, CodeForbidden},
		{"participant hides", "story.hide", `{}`, "current", storyParticipant, CodeForbidden},
		{"no id", "story.show", `{}`, "current", storyFacilitator, CodeBadRequest},
		{"negative id", "story.show", `{"storyId":-3}`, "current", storyFacilitator, CodeBadRequest},
		{"wrong type", "story.show", `{"storyId":"1"}`, "current", storyFacilitator, CodeBadRequest},
		{"no data", "story.show", ``, "current", storyFacilitator, CodeBadRequest},
		{"closed", "story.show", `{"storyId":1}`, PhaseClosed, storyFacilitator, CodeWrongPhase},
		{"nothing to hide", "story.hide", `{}`, "current", storyFacilitator, CodeBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := fuzzBoard(tc.phase, false)
			ch, cerr := Decide(st, tc.who, tc.command, json.RawMessage(tc.data))
			assert.Nil(t, ch)
			require.NotNil(t, cerr)
			assert.Equal(t, tc.code, cerr.Code)
		})
	}
	st := fuzzBoard("ideal", true)
	ch, cerr := Decide(st, storyFacilitator, "story.show", json.RawMessage(`{"storyId":4}`))
	require.Nil(t, cerr)
	assert.Equal(t, EventStoryShown, ch.Event)
}

func TestApplyingAStoryShowsItInEverySnapshotAndHidingClearsIt(t *testing.T) {
	st := fuzzBoard("ideal", true)
	shown := StoryView{ID: 4, Title: "Two-day close", Ideal: []string{"[customer] closes fast"}, Challenges: []string{}, Offerings: []StoryOfferingView{}}
	_, err := st.Apply(20, EventStoryShown, &StoryShownPayload{Story: shown})
	require.NoError(t, err)
	assert.Equal(t, int64(20), st.Seq())
	for _, viewer := range []Identity{storyParticipant, storyFacilitator} {
		snap := st.Snapshot(viewer, "http://x")
		require.NotNil(t, snap.Story, viewer.Role)
		assert.Equal(t, shown, *snap.Story, viewer.Role)
	}

	// A story event that does not carry a story changes nothing.
	_, err = st.Apply(21, EventStoryShown, &StoryShownPayload{})
	require.ErrorIs(t, err, ErrIncomplete)
	assert.Equal(t, int64(20), st.Seq())
	assert.Equal(t, int64(4), st.Story().ID)

	ch, cerr := Decide(st, storyFacilitator, "story.hide", json.RawMessage(`{}`))
	require.Nil(t, cerr)
	assert.Equal(t, EventStoryHidden, ch.Event)
	_, err = st.ApplyStored(&models.Event{Seq: 21, Type: EventStoryHidden, Payload: `{}`})
	require.NoError(t, err)
	assert.Nil(t, st.Story())
	assert.Nil(t, st.Snapshot(storyParticipant, "").Story)
}

func TestAStoryEventGoesToEveryoneAlikeEvenWhenAnonymous(t *testing.T) {
	st := fuzzBoard("ideal", true)
	raw := `{"story":{"id":4,"title":"T","customer":"","anonymized":true,"ideal":[],"challenges":[],"offerings":[]}}`
	out := Render(st, &models.Event{Seq: 3, Type: EventStoryShown, Payload: raw})
	assert.Nil(t, out.Facilitators)
	assert.Empty(t, out.Personal)
	assert.JSONEq(t, raw, string(out.All.(json.RawMessage)))
}

func TestABoardReadFromTheDatabaseShowsTheStoryItsRowKeeps(t *testing.T) {
	sid := int64(4)
	view, err := json.Marshal(StoryView{ID: 4, Title: "Kept"})
	require.NoError(t, err)
	w := models.WorkshopListing{Workshop: models.Workshop{ID: 1, Phase: "ideal", ShownStoryID: &sid, ShownStory: string(view)}}
	st := New(w, nil, nil, nil)
	require.NotNil(t, st.Story())
	assert.Equal(t, "Kept", st.Story().Title)

	w.ShownStory = "{broken"
	assert.Nil(t, New(w, nil, nil, nil).Story(), "a damaged copy shows nothing")
	w.ShownStoryID, w.ShownStory = nil, ""
	assert.Nil(t, New(w, nil, nil, nil).Story())
}
