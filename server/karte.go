package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
)

// Bounds of a karte: a checklist a customer fills in within minutes.
const (
	maxKarteItems      = 50
	maxKarteItemText   = 200
	maxKarteTeam       = 100
	maxKarteAction     = 500
	maxKarteNote       = 280 // with the item's text, still one idea of at most 500 characters
	defaultKarteDays   = 14
	maxKarteDays       = 90
	karteNoteSeparator = " — "
)

// putTemplateKarte replaces a template version's checklist.
func (s *Server) putTemplateKarte(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		Items []struct {
			Text   string `json:"text"`
			Team   string `json:"team"`
			Action string `json:"action"`
		} `json:"items"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var errs fieldErrors
	if len(in.Items) > maxKarteItems {
		return invalidField("items", "out_of_range", fmt.Sprintf("a karte holds at most %d items", maxKarteItems))
	}
	items := make([]models.KarteItem, len(in.Items))
	for i, it := range in.Items {
		f := fmt.Sprintf("items[%d]", i)
		items[i].ID = i + 1
		cleanInto(&errs, &items[i].Text, f+".text", it.Text, 1, maxKarteItemText)
		cleanInto(&errs, &items[i].Team, f+".team", it.Team, 0, maxKarteTeam)
		cleanInto(&errs, &items[i].Action, f+".action", it.Action, 0, maxKarteAction)
	}
	if err := errs.err(); err != nil {
		return err
	}
	if err := s.store.SetTemplateKarte(c.Request().Context(), orgID(c), id, items); err != nil {
		return err
	}
	return s.getTemplate(c)
}

type karteLinkView struct {
	ID         int64      `json:"id"`
	WorkshopID int64      `json:"workshopId"`
	ExpiresAt  time.Time  `json:"expiresAt"`
	Revoked    bool       `json:"revoked"`
	Active     bool       `json:"active"`
	AnsweredAt *time.Time `json:"answeredAt"`
	CreatedAt  time.Time  `json:"createdAt"`
	// Token and URL are shown once, when the link is made; only a hash is stored.
	Token string `json:"token,omitempty"`
	URL   string `json:"url,omitempty"`
}

func (s *Server) newKarteLinkView(l *models.KarteLink) karteLinkView {
	return karteLinkView{ID: l.ID, WorkshopID: l.WorkshopID, ExpiresAt: l.ExpiresAt, Revoked: l.Revoked,
		Active: !l.Revoked && l.ExpiresAt.After(s.now()), AnsweredAt: l.AnsweredAt, CreatedAt: l.CreatedAt}
}

// createKarteLink makes the link a customer answers the workshop's karte through.
func (s *Server) createKarteLink(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		ExpiresInDays *int `json:"expiresInDays"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	w, err := s.store.WorkshopInOrg(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	days := defaultKarteDays
	if in.ExpiresInDays != nil {
		days = *in.ExpiresInDays
	}
	if days < 1 || days > maxKarteDays {
		return invalidField("expiresInDays", "out_of_range", "expiresInDays must be 1 to 90")
	}
	if w.Phase == board.PhaseClosed {
		return &apiError{http.StatusConflict, "wrong_phase", "the workshop is closed"}
	}
	var items []models.KarteItem
	if w.TemplateID != nil {
		t, err := s.store.TemplateByID(ctx, orgID(c), *w.TemplateID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err == nil {
			items = models.DecodeKarte(t.Karte)
		}
	}
	if len(items) == 0 {
		return &apiError{http.StatusConflict, "no_karte", "the workshop's template has no karte checklist"}
	}
	token, err := newToken()
	if err != nil {
		return err
	}
	l := &models.KarteLink{OrganizationID: orgID(c), WorkshopID: w.ID, TokenHash: hashToken(token), Items: models.EncodeKarte(items),
		ExpiresAt: s.expiresIn(days), CreatedBy: currentUser(c).ID}
	if err := s.store.CreateKarteLink(ctx, l); err != nil {
		return err
	}
	v := s.newKarteLinkView(l)
	v.Token, v.URL = token, s.cfg.BaseURL+"/karte/"+token
	return c.JSON(http.StatusCreated, v)
}

func (s *Server) listKarteLinks(c echo.Context) error {
	return listOwnedLinks(c, s.ownsWorkshop, s.store.KarteLinks, s.newKarteLinkView, "links")
}

func (s *Server) revokeKarteLink(c echo.Context) error {
	return revokeOwnedLink(c, "linkId", s.ownsWorkshop, s.store.RevokeKarteLink)
}

// ownsWorkshop finds the workshop in the caller's organization, or answers 404.
func (s *Server) ownsWorkshop(ctx context.Context, org, id int64) error {
	_, err := s.store.WorkshopInOrg(ctx, org, id)
	return err
}

// liveKarte finds the link a public request names; wrong tokens count
// against the address like wrong join codes.
func (s *Server) liveKarte(c echo.Context) (*models.KarteLink, *models.WorkshopListing, error) {
	ip := c.RealIP()
	if s.joinFails.blocked(ip) {
		return nil, nil, &apiError{http.StatusTooManyRequests, "rate_limited", "too many wrong links from your network; try again in a few minutes"}
	}
	ctx := c.Request().Context()
	l, err := s.store.LiveKarteLink(ctx, hashToken(c.Param("token")), s.now())
	if errors.Is(err, models.ErrNotFound) {
		s.joinFails.fail(ip)
		return nil, nil, notFound("this link is unknown, expired or revoked")
	}
	if err != nil {
		return nil, nil, err
	}
	w, err := s.store.WorkshopByID(ctx, l.WorkshopID)
	if err != nil {
		return nil, nil, err
	}
	return l, w, nil
}

// showKarte is the checklist as the customer fills it in.
func (s *Server) showKarte(c echo.Context) error {
	l, w, err := s.liveKarte(c)
	if err != nil {
		return err
	}
	type item struct {
		ID   int    `json:"id"`
		Text string `json:"text"`
	}
	items := []item{}
	for _, it := range models.DecodeKarte(l.Items) {
		items = append(items, item{it.ID, it.Text})
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"workshopTitle": w.Title, "accountName": w.AccountName, "items": items,
		"answeredAt": l.AnsweredAt, "expiresAt": l.ExpiresAt})
}

// answerKarte records the customer's answers once and seeds the workshop's
// challenges column with the items that apply, through its event log.
func (s *Server) answerKarte(c echo.Context) error {
	l, w, err := s.liveKarte(c)
	if err != nil {
		return err
	}
	var in struct {
		Answers []struct {
			ItemID  int    `json:"itemId"`
			Applies *bool  `json:"applies"`
			Note    string `json:"note"`
		} `json:"answers"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	items := map[int]models.KarteItem{}
	for _, it := range models.DecodeKarte(l.Items) {
		items[it.ID] = it
	}
	var errs fieldErrors
	if len(in.Answers) == 0 {
		errs.add("answers", "required", "answer at least one item")
	}
	if len(in.Answers) > len(items) {
		return invalidField("answers", "out_of_range", "more answers than the karte has items")
	}
	answers := make([]models.KarteAnswer, len(in.Answers))
	seen := map[int]bool{}
	for i, a := range in.Answers {
		f := fmt.Sprintf("answers[%d]", i)
		switch _, known := items[a.ItemID]; {
		case !known:
			errs.add(f+".itemId", "not_found", fmt.Sprintf("%s.itemId names no item of this karte", f))
		case seen[a.ItemID]:
			errs.add(f+".itemId", "duplicate", fmt.Sprintf("%s answers item %d again", f, a.ItemID))
		}
		seen[a.ItemID] = true
		if a.Applies == nil {
			errs.add(f+".applies", "required", f+".applies must be true or false")
		} else {
			answers[i].Applies = *a.Applies
		}
		answers[i].ItemID = a.ItemID
		cleanInto(&errs, &answers[i].Note, f+".note", a.Note, 0, maxKarteNote)
	}
	if err := errs.err(); err != nil {
		return err
	}
	if w.Phase == board.PhaseClosed {
		return forbidden("this workshop is closed")
	}
	author := l.CreatedBy
	var ideas []models.Idea
	for _, a := range answers {
		if !a.Applies {
			continue
		}
		text := items[a.ItemID].Text
		if a.Note != "" {
			text += karteNoteSeparator + a.Note
		}
		ideas = append(ideas, models.Idea{WorkshopID: w.ID, Column: "challenges", Text: text, UserID: &author, AuthorName: board.KarteAuthor, Source: board.SourceKarte})
	}
	ctx := c.Request().Context()
	now := s.now().UTC().Truncate(time.Microsecond)
	var top int64
	err = s.store.CommitExternal(ctx, w.ID, func(tx *models.Store, last int64) ([]models.Event, error) {
		if err := tx.AnswerKarte(ctx, l.ID, answers, now); err != nil {
			return nil, err
		}
		events, err := board.SeedIdeas(ctx, tx, ideas, "u:"+strconv.FormatInt(author, 10), last, now)
		if err != nil {
			return nil, err
		}
		if len(events) == 0 {
			// Nothing applies: the answers still count, with no event to commit.
			return nil, errKarteWithoutIdeas
		}
		top = last + int64(len(events))
		return events, nil
	})
	if errors.Is(err, errKarteWithoutIdeas) {
		err = s.store.AnswerKarte(ctx, l.ID, answers, now)
	}
	if errors.Is(err, models.ErrConflict) {
		return &apiError{http.StatusConflict, "already_answered", "this karte was answered already"}
	}
	if err != nil {
		return err
	}
	if top > 0 {
		s.hub.Announce(w.ID, top)
	}
	return c.JSON(http.StatusOK, map[string]any{"answeredAt": now, "ideas": len(ideas), "actions": len(ideas)})
}

// errKarteWithoutIdeas rolls back a karte commit that has no idea to seed.
var errKarteWithoutIdeas = errors.New("karte: no item applies")

// addKarteActions gives a map built from a workshop an action for each
// item its customer said applies: the item's standard action (its text
// when it has none) with the team that owns it, after the voted first steps.
func (s *Server) addKarteActions(c echo.Context, workshopID int64, m *models.SuccessMap) error {
	links, err := s.store.KarteLinks(c.Request().Context(), workshopID)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.AnsweredAt == nil {
			continue
		}
		items := map[int]models.KarteItem{}
		for _, it := range models.DecodeKarte(l.Items) {
			items[it.ID] = it
		}
		for _, a := range models.DecodeKarteAnswers(l.Answers) {
			it, ok := items[a.ItemID]
			if !ok || !a.Applies || len(m.Actions) >= maxMapActions {
				continue
			}
			text := it.Action
			if text == "" {
				text = it.Text
			}
			m.Actions = append(m.Actions, models.MapAction{Text: text, Team: it.Team, Status: models.ActionTodo})
		}
	}
	return nil
}
