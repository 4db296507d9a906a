package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/successmap"
)

// Bounds of one story's texts.
const (
	maxStoryTitle   = 200
	maxStoryQuote   = 1000
	maxStoryOutcome = 2000
)

// storyView is a story as the team's API shows it: what the room sees, and
// where it came from.
type storyView struct {
	board.StoryView
	MapID     *int64    `json:"mapId"`
	Consent   bool      `json:"consent"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// storyViews renders stories with their offerings' names, in one lookup.
func (s *Server) storyViews(c echo.Context, org int64, stories []models.Story) ([]storyView, error) {
	var ids []int64
	for i := range stories {
		ids = append(ids, stories[i].OfferingIDs...)
	}
	offerings, err := s.store.OfferingsByIDs(c.Request().Context(), org, ids)
	if err != nil {
		return nil, err
	}
	out := make([]storyView, len(stories))
	for i := range stories {
		st := &stories[i]
		out[i] = storyView{StoryView: board.NewStoryView(st, offerings), MapID: st.MapID, Consent: st.Consent, CreatedAt: st.CreatedAt, UpdatedAt: st.UpdatedAt}
	}
	return out, nil
}

func (s *Server) storyAnswer(c echo.Context, status int, st *models.Story) error {
	out, err := s.storyViews(c, st.OrganizationID, []models.Story{*st})
	if err != nil {
		return err
	}
	return c.JSON(status, out[0])
}

type storyCreateInput struct {
	Title      string `json:"title"`
	Quote      string `json:"quote"`
	Outcome    string `json:"outcome"`
	Consent    *bool  `json:"consent"`
	Anonymized bool   `json:"anonymized"`
}

// cleanInto checks one text field, keeping its problem in errs.
func cleanInto(errs *fieldErrors, dst *string, field, s string, min, max int) {
	v, err := cleanText(field, s, min, max)
	if err != nil {
		*errs = append(*errs, fieldsOf(err)...)
		return
	}
	*dst = v
}

// createStory turns a map into a story, with the customer's consent.
func (s *Server) createStory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in storyCreateInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	st := &models.Story{OrganizationID: orgID(c), Anonymized: in.Anonymized, Consent: true, CreatedBy: currentUser(c).ID}
	var errs fieldErrors
	if in.Consent == nil || !*in.Consent {
		errs.add("consent", "required", "a story needs the customer's consent: consent must be true")
	}
	cleanInto(&errs, &st.Title, "title", in.Title, 1, maxStoryTitle)
	cleanInto(&errs, &st.Quote, "quote", in.Quote, 0, maxStoryQuote)
	cleanInto(&errs, &st.Outcome, "outcome", in.Outcome, 1, maxStoryOutcome)
	if err := errs.err(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.store.MapByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	acct, err := s.store.AccountByID(ctx, orgID(c), m.AccountID)
	if err != nil {
		return err
	}
	won, err := s.store.WonOfferingIDs(ctx, orgID(c), acct.ID)
	if err != nil {
		return err
	}
	wanted := append(won, successmap.LinkedOfferingIDs(m)...)
	known, err := s.store.OfferingsByIDs(ctx, orgID(c), wanted)
	if err != nil {
		return err
	}
	for oid := range known {
		st.OfferingIDs = append(st.OfferingIDs, oid)
	}
	slices.Sort(st.OfferingIDs)
	st.MapID, st.AccountID = &m.ID, &acct.ID
	st.Customer, st.Industry, st.SizeBand = acct.Name, acct.Industry, acct.SizeBand
	ideal, challenges := []string{}, []string{}
	for _, stmt := range m.Statements {
		ideal = append(ideal, stmt.Text)
	}
	for _, ch := range m.Challenges {
		challenges = append(challenges, ch.Text)
	}
	if st.Anonymized {
		an, err := s.mapAnonymizer(c, m)
		if err != nil {
			return err
		}
		st.Customer = ""
		st.Title, st.Quote, st.Outcome, st.Industry = an.Scrub(st.Title), an.Scrub(st.Quote), an.Scrub(st.Outcome), an.Scrub(st.Industry)
		ideal, challenges = an.ScrubAll(ideal), an.ScrubAll(challenges)
	}
	st.Ideal, st.Challenges = models.EncodeTexts(ideal), models.EncodeTexts(challenges)
	if err := s.store.CreateStory(ctx, st); err != nil {
		return err
	}
	return s.storyAnswer(c, http.StatusCreated, st)
}

// mapAnonymizer replaces the names around a map: its account's and its people's.
func (s *Server) mapAnonymizer(c echo.Context, m *models.SuccessMap) (*successmap.Anonymizer, error) {
	names, err := s.store.MapPeople(c.Request().Context(), m)
	if err != nil {
		return nil, err
	}
	return successmap.NewAnonymizer(names), nil
}

func (s *Server) listStories(c echo.Context) error {
	f := models.StoryFilter{OrganizationID: orgID(c), Industry: strings.TrimSpace(c.QueryParam("industry")), SizeBand: c.QueryParam("size")}
	if !sizeBands[f.SizeBand] {
		return invalidField("size", "invalid", "size must be one of 1-50, 51-200, 201-1000, 1001-5000, 5000+")
	}
	if q := c.QueryParam("offeringId"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			return invalidField("offeringId", "invalid", "offeringId must be a positive integer")
		}
		f.OfferingID = id
	}
	list, err := s.store.Stories(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out, err := s.storyViews(c, orgID(c), list)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"stories": out})
}

func (s *Server) getStory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	st, err := s.store.StoryByID(c.Request().Context(), orgID(c), id)
	if err != nil {
		return err
	}
	return s.storyAnswer(c, http.StatusOK, st)
}

// storyPatch edits a story; nil fields stay as they are.
type storyPatch struct {
	Title       *string   `json:"title"`
	Quote       *string   `json:"quote"`
	Outcome     *string   `json:"outcome"`
	Industry    *string   `json:"industry"`
	SizeBand    *string   `json:"sizeBand"`
	Ideal       *[]string `json:"ideal"`
	Challenges  *[]string `json:"challenges"`
	OfferingIDs *[]int64  `json:"offeringIds"`
}

// cleanList checks a list of texts, each 1..MaxIdeaRunes.
func cleanList(errs *fieldErrors, field string, in []string, max int) []string {
	if len(in) > max {
		errs.add(field, "out_of_range", fmt.Sprintf("%s holds at most %d items", field, max))
		return nil
	}
	out := make([]string, len(in))
	for i, t := range in {
		cleanInto(errs, &out[i], fmt.Sprintf("%s[%d]", field, i), t, 1, board.MaxIdeaRunes)
	}
	return out
}

func (s *Server) updateStory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in storyPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	st, err := s.store.StoryByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	var errs fieldErrors
	if in.Title != nil {
		cleanInto(&errs, &st.Title, "title", *in.Title, 1, maxStoryTitle)
	}
	if in.Quote != nil {
		cleanInto(&errs, &st.Quote, "quote", *in.Quote, 0, maxStoryQuote)
	}
	if in.Outcome != nil {
		cleanInto(&errs, &st.Outcome, "outcome", *in.Outcome, 1, maxStoryOutcome)
	}
	if in.Industry != nil {
		cleanInto(&errs, &st.Industry, "industry", *in.Industry, 0, 100)
	}
	if in.SizeBand != nil {
		if sizeBands[*in.SizeBand] {
			st.SizeBand = *in.SizeBand
		} else {
			errs.add("sizeBand", "invalid", "sizeBand must be one of 1-50, 51-200, 201-1000, 1001-5000, 5000+")
		}
	}
	ideal, challenges := models.DecodeTexts(st.Ideal), models.DecodeTexts(st.Challenges)
	if in.Ideal != nil {
		ideal = cleanList(&errs, "ideal", *in.Ideal, maxMapStatements)
	}
	if in.Challenges != nil {
		challenges = cleanList(&errs, "challenges", *in.Challenges, maxMapChallenges)
	}
	if in.OfferingIDs != nil {
		if st.OfferingIDs, err = s.storyOfferings(c, &errs, *in.OfferingIDs); err != nil {
			return err
		}
	}
	if err := errs.err(); err != nil {
		return err
	}
	if st.Anonymized && st.MapID != nil {
		m, err := s.store.MapByID(ctx, orgID(c), *st.MapID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err == nil {
			an, err := s.mapAnonymizer(c, m)
			if err != nil {
				return err
			}
			st.Title, st.Quote, st.Outcome, st.Industry = an.Scrub(st.Title), an.Scrub(st.Quote), an.Scrub(st.Outcome), an.Scrub(st.Industry)
			ideal, challenges = an.ScrubAll(ideal), an.ScrubAll(challenges)
		}
	}
	st.Ideal, st.Challenges = models.EncodeTexts(ideal), models.EncodeTexts(challenges)
	if err := s.store.UpdateStory(ctx, st); err != nil {
		return err
	}
	return s.storyAnswer(c, http.StatusOK, st)
}

// storyOfferings checks the offerings a story names: the organization's, at
// most maxLinksPerItem, once each, in id order.
func (s *Server) storyOfferings(c echo.Context, errs *fieldErrors, ids []int64) ([]int64, error) {
	if len(ids) > maxLinksPerItem {
		errs.add("offeringIds", "out_of_range", fmt.Sprintf("a story adopts at most %d offerings", maxLinksPerItem))
		return nil, nil
	}
	known, err := s.store.OfferingsByIDs(c.Request().Context(), orgID(c), ids)
	if err != nil {
		return nil, err
	}
	out := []int64{}
	for i, id := range ids {
		switch {
		case known[id] == nil:
			errs.add(fmt.Sprintf("offeringIds[%d]", i), "not_found", fmt.Sprintf("no offering %d", id))
		case !slices.Contains(out, id):
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s *Server) deleteStory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteStory(c.Request().Context(), orgID(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
