package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

const (
	defaultShareDays = 14
	maxShareDays     = 90
)

type shareView struct {
	ID        int64     `json:"id"`
	MapID     int64     `json:"mapId"`
	ExpiresAt time.Time `json:"expiresAt"`
	Revoked   bool      `json:"revoked"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"createdAt"`
	// Token and URL are shown once, when the link is made; only a hash is stored.
	Token string `json:"token,omitempty"`
	URL   string `json:"url,omitempty"`
}

func (s *Server) newShareView(sh *models.MapShare) shareView {
	return shareView{ID: sh.ID, MapID: sh.MapID, ExpiresAt: sh.ExpiresAt, Revoked: sh.Revoked,
		Active: !sh.Revoked && sh.ExpiresAt.After(s.now()), CreatedAt: sh.CreatedAt}
}

// createShare makes a read-only link to a map that expires.
func (s *Server) createShare(c echo.Context) error {
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
	days := defaultShareDays
	if in.ExpiresInDays != nil {
		days = *in.ExpiresInDays
	}
	if days < 1 || days > maxShareDays {
		return badRequest("expiresInDays must be 1 to 90")
	}
	ctx := c.Request().Context()
	if _, err := s.store.MapByID(ctx, orgID(c), id); err != nil {
		return err
	}
	token, err := newToken()
	if err != nil {
		return err
	}
	sh := &models.MapShare{MapID: id, TokenHash: hashToken(token), ExpiresAt: s.expiresIn(days), CreatedBy: currentUser(c).ID}
	if err := s.store.CreateShare(ctx, sh); err != nil {
		return err
	}
	v := s.newShareView(sh)
	v.Token, v.URL = token, s.cfg.BaseURL+"/shared/"+token
	return c.JSON(http.StatusCreated, v)
}

func (s *Server) listShares(c echo.Context) error {
	return listOwnedLinks(c, s.ownsMap, s.store.Shares, s.newShareView, "shares")
}

func (s *Server) revokeShare(c echo.Context) error {
	return revokeOwnedLink(c, "shareId", s.ownsMap, s.store.RevokeShare)
}

// ownsMap finds the map in the caller's organization, or answers 404.
func (s *Server) ownsMap(ctx context.Context, org, id int64) error {
	_, err := s.store.MapByID(ctx, org, id)
	return err
}

// sharedMap shows a map to anyone holding a live link; no account needed.
func (s *Server) sharedMap(c echo.Context) error {
	mapID, mapOrg, err := s.store.SharedMapID(c.Request().Context(), hashToken(c.Param("token")), s.now())
	if errors.Is(err, models.ErrNotFound) {
		return notFound("this link is unknown, expired or revoked")
	}
	if err != nil {
		return err
	}
	v, err := s.mapView(c, mapOrg, mapID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, v.ForCustomer())
}
