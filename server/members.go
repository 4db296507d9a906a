package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/realtime"
)

type memberView struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

func newMemberView(u *models.User) memberView {
	return memberView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt}
}

// isManager reports whether a role manages members and invitations.
func isManager(role string) bool { return role == models.RoleOwner || role == models.RoleAdmin }

// requireManager admits owners and admins only.
func (s *Server) requireManager(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !isManager(currentUser(c).Role) {
			return forbidden("only the organization's owners and admins may do this")
		}
		return next(c)
	}
}

// mayTouch reports whether actor may change a member who is, or would
// become, an owner: only owners decide who owns the organization.
func mayTouch(actor *models.User, roles ...string) bool {
	for _, r := range roles {
		if r == models.RoleOwner && actor.Role != models.RoleOwner {
			return false
		}
	}
	return true
}

func (s *Server) getOrganization(c echo.Context) error {
	org, err := s.store.OrganizationByID(c.Request().Context(), orgID(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgView{ID: org.ID, Name: org.Name})
}

func (s *Server) renameOrganization(c echo.Context) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	name, err := cleanText("name", in.Name, 1, 100)
	if err != nil {
		return err
	}
	if err := s.store.RenameOrganization(c.Request().Context(), orgID(c), name); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, orgView{ID: orgID(c), Name: name})
}

func (s *Server) listMembers(c echo.Context) error {
	list, err := s.store.Members(c.Request().Context(), orgID(c))
	if err != nil {
		return err
	}
	out := make([]memberView, len(list))
	for i := range list {
		out[i] = newMemberView(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"members": out})
}

func (s *Server) updateMember(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in struct {
		Role string `json:"role"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if !models.IsRole(in.Role) {
		return badRequest("role must be owner, admin or csm")
	}
	ctx := c.Request().Context()
	m, err := s.store.MemberByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	if !mayTouch(currentUser(c), m.Role, in.Role) {
		return forbidden("only an owner may change who owns the organization")
	}
	if err := s.store.SetMemberRole(ctx, orgID(c), id, in.Role); err != nil {
		if errors.Is(err, models.ErrLastOwner) {
			return conflict("the organization needs another owner first")
		}
		return err
	}
	m.Role = in.Role
	return c.JSON(http.StatusOK, newMemberView(m))
}

// removeMember deletes a member; their sessions end and their open boards
// close at once, on every process.
func (s *Server) removeMember(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, err := s.store.MemberByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	if m.ID == currentUser(c).ID {
		return conflict("you cannot remove yourself; another owner or admin can")
	}
	if !mayTouch(currentUser(c), m.Role) {
		return forbidden("only an owner may remove an owner")
	}
	if err := s.store.RemoveMember(ctx, orgID(c), id); err != nil {
		if errors.Is(err, models.ErrLastOwner) {
			return conflict("the organization needs another owner first")
		}
		return err
	}
	if err := s.hub.Revoke(ctx, realtime.Revocation{UserID: id}); err != nil {
		s.logger.Warn("announce member removal", "err", err)
	}
	return c.NoContent(http.StatusNoContent)
}
