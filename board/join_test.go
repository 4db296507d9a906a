package board

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kizuki-app/kizuki/models"
)

func TestAFullBoardTakesNoNewIdeas(t *testing.T) {
	st := &State{workshop: models.WorkshopListing{Workshop: models.Workshop{ID: 1, Phase: "current"}}, ideas: map[int64]*models.Idea{}}
	for i := range MaxIdeas - 1 {
		st.ideas[int64(i+1)] = &models.Idea{ID: int64(i + 1), Column: "current"}
	}
	raw, _ := json.Marshal(map[string]string{"column": "current", "text": "The last one"})
	_, cerr := handleIdeaAdd(st, ken, raw)
	require.Nil(t, cerr, "one more fits")
	st.ideas[MaxIdeas] = &models.Idea{ID: MaxIdeas, Column: "current"}
	_, cerr = handleIdeaAdd(st, ken, raw)
	require.NotNil(t, cerr)
	assert.Equal(t, CodeTooManyIdeas, cerr.Code)
	_, cerr = handleInsightAdd(st, facil, raw)
	require.NotNil(t, cerr, "the facilitator's insights count too")
	assert.Equal(t, CodeTooManyIdeas, cerr.Code)
}

var (
	ken   = Identity{Role: RoleParticipant, ParticipantID: 1, Name: "Ken", Layer: "frontline"}
	facil = Identity{Role: RoleFacilitator, UserID: 9, Name: "Aiko"}
)
