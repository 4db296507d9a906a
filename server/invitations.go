package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

type invitationView struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	Status    string    `json:"status"`
	Token     string    `json:"token,omitempty"` // only when created: we keep its hash
	URL       string    `json:"url,omitempty"`
	ExpiresAt time.Time `json:"expiresAt"`
	CreatedAt time.Time `json:"createdAt"`
}

func (s *Server) newInvitationView(inv *models.Invitation) invitationView {
	return invitationView{ID: inv.ID, Email: inv.Email, Role: inv.Role, Status: inv.Status(s.now()),
		ExpiresAt: inv.ExpiresAt, CreatedAt: inv.CreatedAt}
}

// invitationGone answers for a link that no longer works, saying why.
func invitationGone(status string) error {
	code := "invitation_" + status
	if status == models.InvitationAccepted {
		code = "invitation_used"
	}
	return &apiError{http.StatusGone, code, map[string]string{
		models.InvitationAccepted: "this invitation was already used; sign in instead",
		models.InvitationRevoked:  "this invitation was withdrawn; ask for a new one",
		models.InvitationExpired:  "this invitation has expired; ask for a new one",
	}[status]}
}

func (s *Server) listInvitations(c echo.Context) error {
	list, err := s.store.Invitations(c.Request().Context(), orgID(c))
	if err != nil {
		return err
	}
	out := make([]invitationView, len(list))
	for i := range list {
		out[i] = s.newInvitationView(&list[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"invitations": out})
}

func (s *Server) createInvitation(c echo.Context) error {
	var in struct {
		Email string `json:"email"`
		Role  string `json:"role"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	email, err := cleanEmail(in.Email)
	if err != nil {
		return err
	}
	if in.Role != models.RoleAdmin && in.Role != models.RoleCSM {
		return badRequest("role must be admin or csm; an owner can make a member an owner later")
	}
	ctx := c.Request().Context()
	if _, err := s.store.UserByEmail(ctx, email); err == nil {
		return conflict("this email already has a Kizuki account")
	} else if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	token, err := newToken()
	if err != nil {
		return err
	}
	inv := &models.Invitation{OrganizationID: orgID(c), Email: email, Role: in.Role, TokenHash: hashToken(token),
		ExpiresAt: s.now().Add(s.cfg.InvitationTTL), CreatedBy: currentUser(c).ID}
	if err := s.store.CreateInvitation(ctx, inv); err != nil {
		return err
	}
	v := s.newInvitationView(inv)
	v.Token, v.URL = token, s.cfg.BaseURL+"/invite/"+token
	return c.JSON(http.StatusCreated, v)
}

func (s *Server) revokeInvitation(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.store.RevokeInvitation(c.Request().Context(), orgID(c), id, s.now()); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return conflict("this invitation was already accepted; remove the member instead")
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// usableInvitation finds the invitation of the path's token, or says why its link is dead.
func (s *Server) usableInvitation(c echo.Context) (*models.Invitation, error) {
	inv, err := s.store.InvitationByToken(c.Request().Context(), hashToken(c.Param("token")))
	if errors.Is(err, models.ErrNotFound) {
		return nil, notFound("this invitation link is unknown")
	}
	if err != nil {
		return nil, err
	}
	if st := inv.Status(s.now()); st != models.InvitationPending {
		return nil, invitationGone(st)
	}
	return inv, nil
}

// showInvitation tells the invitee, who has no account yet, what they were invited to.
func (s *Server) showInvitation(c echo.Context) error {
	inv, err := s.usableInvitation(c)
	if err != nil {
		return err
	}
	org, err := s.store.OrganizationByID(c.Request().Context(), inv.OrganizationID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{
		"email": inv.Email, "role": inv.Role, "expiresAt": inv.ExpiresAt, "organization": orgView{ID: org.ID, Name: org.Name},
	})
}

// acceptInvitation creates the invitee's account in the organization and signs them in.
func (s *Server) acceptInvitation(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	name, err := cleanText("name", in.Name, 1, 100)
	if err != nil {
		return err
	}
	inv, err := s.usableInvitation(c)
	if err != nil {
		return err
	}
	hash, err := s.newPasswordHash(in.Password, inv.Email, name)
	if err != nil {
		return err
	}
	u := &models.User{Name: name, PasswordHash: hash}
	_, err = s.store.AcceptInvitation(c.Request().Context(), hashToken(c.Param("token")), u, s.now())
	var unusable *models.ErrInvitationUnusable
	switch {
	case errors.As(err, &unusable):
		return invitationGone(unusable.Status)
	case errors.Is(err, models.ErrNotFound):
		return notFound("this invitation link is unknown")
	case errors.Is(err, models.ErrConflict):
		return conflict("this email already has a Kizuki account; sign in instead")
	case err != nil:
		return err
	}
	return s.respondSignedIn(c, http.StatusCreated, u)
}
