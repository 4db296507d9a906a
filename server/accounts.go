package server

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// sizeBands are the company sizes an account (and later a template) is tagged with.
var sizeBands = map[string]bool{"": true, "1-50": true, "51-200": true, "201-1000": true, "1001-5000": true, "5000+": true}

type accountView struct {
	ID                 int64      `json:"id"`
	Name               string     `json:"name"`
	Industry           string     `json:"industry"`
	SizeBand           string     `json:"sizeBand"`
	Notes              string     `json:"notes"`
	UsageX             int        `json:"usageX"`
	UsageY             int        `json:"usageY"`
	Stage              string     `json:"stage"`
	Condition          string     `json:"condition"`
	ConditionNote      string     `json:"conditionNote"`
	ConditionCheckedAt *time.Time `json:"conditionCheckedAt"`
	OwnerID            *int64     `json:"ownerId"`
	MRR                int64      `json:"mrr"`
	Currency           string     `json:"currency"`
	Seats              int        `json:"seats"`
	ExternalID         string     `json:"externalId"`
	SucceedFirst       bool       `json:"succeedFirst"`
	CreatedAt          time.Time  `json:"createdAt"`
	UpdatedAt          time.Time  `json:"updatedAt"`
}

func newAccountView(a *models.Account) accountView {
	v := accountView{ID: a.ID, Name: a.Name, Industry: a.Industry, SizeBand: a.SizeBand, Notes: a.Notes,
		UsageX: a.UsageX, UsageY: a.UsageY, Stage: a.Stage, Condition: a.Condition, ConditionNote: a.ConditionNote,
		ConditionCheckedAt: a.ConditionCheckedAt, OwnerID: a.OwnerID, MRR: a.MRR, Currency: a.Currency, Seats: a.Seats,
		SucceedFirst: a.SucceedFirst(), CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
	if a.ExternalID != nil {
		v.ExternalID = *a.ExternalID
	}
	return v
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
		return invalidField("name", "required", "name is required")
	}
	a := &models.Account{OrganizationID: orgID(c), CreatedBy: currentUser(c).ID}
	if err := s.applyAccountInput(c.Request().Context(), &in, a); err != nil {
		return err
	}
	if err := s.store.CreateAccount(c.Request().Context(), a); err != nil {
		return accountWriteError(err)
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
	if err := s.applyAccountInput(ctx, &in, a); err != nil {
		return err
	}
	if err := s.store.UpdateAccount(ctx, a); err != nil {
		return accountWriteError(err)
	}
	return c.JSON(http.StatusOK, newAccountView(a))
}

// applyAccountInput validates the fields given, checks the stage and owner
// against the organization, and copies them onto a.
func (s *Server) applyAccountInput(ctx context.Context, in *accountInput, a *models.Account) error {
	ch, errs := in.changes()
	if err := errs.err(); err != nil {
		return err
	}
	if ch.Stage != nil {
		settings, err := s.store.PortfolioSettings(ctx, a.OrganizationID)
		if err != nil {
			return err
		}
		if !settings.HasStage(*ch.Stage) {
			return invalidField("stage", "invalid", "stage must be one of the organization's stage keys")
		}
	}
	if ch.OwnerID != nil && *ch.OwnerID != nil {
		if _, err := s.store.MemberByID(ctx, a.OrganizationID, **ch.OwnerID); err != nil {
			if errors.Is(err, models.ErrNotFound) {
				return invalidField("ownerId", "not_found", "ownerId must be a member of the organization")
			}
			return err
		}
	}
	ch.ApplyTo(a, time.Now())
	if a.MRR > 0 && a.Currency == "" {
		return invalidField("currency", "required", "currency is required with an mrr")
	}
	return nil
}

// accountWriteError turns a taken externalId into the field error it is.
func accountWriteError(err error) error {
	if errors.Is(err, models.ErrExternalIDTaken) {
		return &detailedError{apiError: apiError{http.StatusConflict, "conflict", "another account has that externalId"},
			Fields: []fieldError{{"externalId", "duplicate", "another account has that externalId"}}}
	}
	return err
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
