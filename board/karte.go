package board

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kizuki-app/kizuki/models"
)

// SourceKarte marks a challenge the customer ticked on the karte before the workshop.
const SourceKarte = "karte"

// KarteAuthor is the author name of the ideas a karte seeds.
const KarteAuthor = "Karte"

// SeedIdeas writes ideas that come from outside the room (a customer's
// karte answers) in tx as idea.added events numbered on from last, so a
// live room takes them like another process's commits and every viewer
// gets them as usual.
func SeedIdeas(ctx context.Context, tx *models.Store, ideas []models.Idea, actor string, last int64, now time.Time) ([]models.Event, error) {
	events := make([]models.Event, 0, len(ideas))
	for i := range ideas {
		idea := &ideas[i]
		seq := last + int64(i) + 1
		idea.Position, idea.CreatedAt, idea.UpdatedAt = seq, now, now
		if err := tx.CreateIdea(ctx, idea); err != nil {
			return nil, err
		}
		raw, err := json.Marshal(&IdeaPayload{Idea: NewIdeaView(idea)})
		if err != nil {
			return nil, err
		}
		events = append(events, models.Event{WorkshopID: idea.WorkshopID, Seq: seq, Type: EventIdeaAdded, Payload: string(raw), Actor: actor, CreatedAt: now})
	}
	return events, nil
}
