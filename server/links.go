package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// A map's share links and a workshop's karte links are tokens on a
// resource of the caller's organization, listed and revoked the same way.

// listOwnedLinks answers the links of the resource named by :id, under key,
// once owns has found it in the caller's organization.
func listOwnedLinks[L, V any](c echo.Context, owns func(ctx context.Context, org, id int64) error,
	links func(ctx context.Context, id int64) ([]L, error), view func(*L) V, key string) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := owns(ctx, orgID(c), id); err != nil {
		return err
	}
	list, err := links(ctx, id)
	if err != nil {
		return err
	}
	out := make([]V, len(list))
	for i := range list {
		out[i] = view(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{key: out})
}

// revokeOwnedLink revokes the link named by param on the resource named by :id.
func revokeOwnedLink(c echo.Context, param string, owns func(ctx context.Context, org, id int64) error,
	revoke func(ctx context.Context, id, linkID int64) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	linkID, err := strconv.ParseInt(c.Param(param), 10, 64)
	if err != nil {
		return notFound("no such link")
	}
	ctx := c.Request().Context()
	if err := owns(ctx, orgID(c), id); err != nil {
		return err
	}
	if err := revoke(ctx, id, linkID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// expiresIn is when a link made now stops working, days from now.
func (s *Server) expiresIn(days int) time.Time {
	return s.now().Add(time.Duration(days) * 24 * time.Hour).UTC()
}
