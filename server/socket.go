package server

import (
	"errors"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/realtime"
)

// workshopSocket authenticates an upgrade and hands it to the workshop's room.
// A participant proves itself with its token; a facilitator with the session
// cookie, which a foreign page could also make the browser send (CSWSH), so
// cookie upgrades need an Origin of our own.
func (s *Server) workshopSocket(c echo.Context) error {
	workshopID, err := pathID(c)
	if err != nil {
		return err
	}
	r := c.Request()
	origin := r.Header.Get("Origin")
	if origin != "" && !s.originAllowed(r, origin) {
		return forbidden("connection from a foreign origin refused")
	}
	ctx := r.Context()

	var id board.Identity
	if token := c.QueryParam("token"); token != "" {
		p, err := s.store.ParticipantByToken(ctx, hashToken(token))
		if errors.Is(err, models.ErrNotFound) || (err == nil && (p.WorkshopID != workshopID || p.Kicked)) {
			// Close code 4001 tells the browser this is final: join again rather than retry.
			s.hub.Reject(c.Response(), r, realtime.CloseInvalidToken, "invalid participant token")
			return nil
		}
		if err != nil {
			return err
		}
		id = board.Identity{Role: board.RoleParticipant, ParticipantID: p.ID, Name: p.Name, Layer: p.Layer}
	} else {
		u := currentUser(c)
		if u == nil {
			return unauthorized("sign in or join with a code first")
		}
		if origin == "" {
			return forbidden("browser connections must send an Origin")
		}
		if _, err := s.store.WorkshopInOrg(ctx, u.OrganizationID, workshopID); err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return notFound("no such workshop")
			}
			return err
		}
		session, _ := c.Get(ctxSession).(string)
		expires, _ := c.Get(ctxExpires).(time.Time)
		id = board.Identity{Role: board.RoleFacilitator, UserID: u.ID, Name: u.Name, Session: session, SessionExpires: expires}
	}
	since := int64(-1)
	if q := c.QueryParam("since"); q != "" {
		// A malformed since only costs the client a snapshot instead of a replay.
		if n, err := strconv.ParseInt(q, 10, 64); err == nil && n >= 0 {
			since = n
		}
	}
	if err := s.hub.Serve(c.Response(), r, workshopID, id, since); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return notFound("no such workshop")
		}
		if errors.Is(err, realtime.ErrShuttingDown) {
			return &apiError{503, "unavailable", "server is restarting; reconnect shortly"}
		}
		return err
	}
	return nil
}
