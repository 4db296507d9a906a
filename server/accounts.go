package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// sizeBands are the company sizes an account (and later a template) is tagged with.
var sizeBands = map[string]bool{"": true, "1-50": true, "51-200": true, "201-1000": true, "1001-5000": true, "5000+": true}

type accountView struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Industry  string    `json:"industry"`
	SizeBand  string    `json:"sizeBand"`
	Notes     string    `json:"notes"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func newAccountView(a *models.Account) accountView {
	return accountView{ID: a.ID, Name: a.Name, Industry: a.Industry, SizeBand: a.SizeBand, Notes: a.Notes, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

// accountInput is both the create body and the patch body: nil fields are left as they are.
type accountInput struct {
	Name     *string `json:"name"`
	Industry *string `json:"industry"`
	SizeBand *string `json:"sizeBand"`
	Notes    *string `json:"notes"`
}

// applyTo validates the given fields and copies them onto a.
func (in *accountInput) applyTo(a *models.Account) error {
	var err error
	if in.Name != nil {
		if a.Name, err = cleanText("name", *in.Name, 1, 200); err != nil {
			return err
		}
	}
	if in.Industry != nil {
		if a.Industry, err = cleanText("industry", *in.Industry, 0, 100); err != nil {
			return err
		}
	}
	if in.SizeBand != nil {
		if !sizeBands[*in.SizeBand] {
			return badRequest("sizeBand must be one of 1-50, 51-200, 201-1000, 1001-5000, 5000+")
		}
		a.SizeBand = *in.SizeBand
	}
	if in.Notes != nil {
		if a.Notes, err = cleanText("notes", *in.Notes, 0, 5000); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) listAccounts(c echo.Context) error {
	accounts, err := s.store.Accounts(c.Request().Context(), orgID(c))
	if err != nil {
		return err
	}
	out := make([]accountView, len(accounts))
	for i := range accounts {
		out[i] = newAccountView(&accounts[i])
	}
	return c.JSON(http.StatusOK, map[string]any{"accounts": out})
}

func (s *Server) createAccount(c echo.Context) error {
	var in accountInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Name == nil {
		return badRequest("name is required")
	}
	a := &models.Account{OrganizationID: orgID(c), CreatedBy: currentUser(c).ID}
	if err := in.applyTo(a); err != nil {
		return err
	}
	if err := s.store.CreateAccount(c.Request().Context(), a); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, newAccountView(a))
}

func (s *Server) getAccount(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a, err := s.store.AccountByID(c.Request().Context(), orgID(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newAccountView(a))
}

func (s *Server) updateAccount(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	var in accountInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := s.store.AccountByID(ctx, orgID(c), id)
	if err != nil {
		return err
	}
	if err := in.applyTo(a); err != nil {
		return err
	}
	if err := s.store.UpdateAccount(ctx, a); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newAccountView(a))
}

func (s *Server) deleteAccount(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteAccount(c.Request().Context(), orgID(c), id); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return conflict("the account has workshops; it cannot be deleted")
		}
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
