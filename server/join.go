package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/joincode"
	"github.com/kizuki-app/kizuki/models"
)

// layers of the customer's organization a participant says they belong to.
var layers = map[string]bool{"executive": true, "manager": true, "frontline": true, "other": true}

type joinInput struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Layer string `json:"layer"`
	// PreviousToken is the token this browser already holds for the
	// workshop, if any: one the facilitator removed may not join again.
	PreviousToken string `json:"previousToken"`
}

type joinView struct {
	WorkshopID    int64  `json:"workshopId"`
	ParticipantID int64  `json:"participantId"`
	Token         string `json:"token"`
	Name          string `json:"name"`
	Layer         string `json:"layer"`
}

func (s *Server) join(c echo.Context) error {
	var in joinInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	name, err := cleanText("name", in.Name, 1, 60)
	if err != nil {
		return err
	}
	if !layers[in.Layer] {
		return badRequest("layer must be executive, manager, frontline or other")
	}
	ip := c.RealIP()
	if s.joinFails.blocked(ip) {
		return &apiError{http.StatusTooManyRequests, "rate_limited", "too many wrong codes from your network; try again in a few minutes"}
	}
	code := joincode.Normalize(in.Code)
	if len(code) != joincode.Length {
		s.joinFails.fail(ip)
		return notFound("no workshop has this code")
	}
	ctx := c.Request().Context()
	w, err := s.store.WorkshopByJoinCode(ctx, code)
	if errors.Is(err, models.ErrNotFound) {
		s.joinFails.fail(ip)
		return notFound("no workshop has this code")
	}
	if err != nil {
		return err
	}
	if w.Phase == board.PhaseClosed {
		return forbidden("this workshop is closed")
	}
	if in.PreviousToken != "" {
		if prev, err := s.store.ParticipantByToken(ctx, hashToken(in.PreviousToken)); err == nil && prev.WorkshopID == w.ID && prev.Kicked {
			return &apiError{http.StatusForbidden, "removed", "the facilitator removed you from this workshop"}
		} else if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if w.JoinLocked {
		return &apiError{http.StatusForbidden, "joining_locked", "the facilitator has closed this workshop to newcomers"}
	}
	// A soft bound: joins racing at the limit may pass it by a few.
	if n, err := s.store.CountParticipants(ctx, w.ID); err != nil {
		return err
	} else if n >= int64(s.cfg.MaxParticipants) {
		return &apiError{http.StatusConflict, "workshop_full", "this workshop has as many participants as it can take"}
	}
	token, err := newToken()
	if err != nil {
		return err
	}
	p := &models.Participant{WorkshopID: w.ID, Name: name, Layer: in.Layer, TokenHash: hashToken(token)}
	if err := s.store.CreateParticipant(ctx, p); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, joinView{WorkshopID: w.ID, ParticipantID: p.ID, Token: token, Name: p.Name, Layer: p.Layer})
}

// joinLookup tells the join page which workshop a code opens, so a browser
// that joined before can offer "continue as …" with the token it kept
// instead of making a second participant. Wrong codes count against the
// address like failed joins.
func (s *Server) joinLookup(c echo.Context) error {
	ip := c.RealIP()
	if s.joinFails.blocked(ip) {
		return &apiError{http.StatusTooManyRequests, "rate_limited", "too many wrong codes from your network; try again in a few minutes"}
	}
	code := joincode.Normalize(c.Param("code"))
	if len(code) != joincode.Length {
		s.joinFails.fail(ip)
		return notFound("no workshop has this code")
	}
	w, err := s.store.WorkshopByJoinCode(c.Request().Context(), code)
	if errors.Is(err, models.ErrNotFound) {
		s.joinFails.fail(ip)
		return notFound("no workshop has this code")
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"workshopId": w.ID, "title": w.Title, "phase": w.Phase, "joinLocked": w.JoinLocked})
}
