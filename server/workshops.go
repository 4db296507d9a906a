package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/joincode"
	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/successmap"
)

type workshopInput struct {
	Title      string               `json:"title"`
	AccountID  int64                `json:"accountId"`
	TemplateID *int64               `json:"templateId"`
	Settings   *board.SettingsInput `json:"settings"`
}

// applySettings validates settings onto w, keeping defaults for what is not given.
func applySettings(in *board.SettingsInput, w *models.Workshop) error {
	if cerr := board.NewWorkshopSettings(in, w); cerr != nil {
		return badRequest(cerr.Message)
	}
	return nil
}

func (s *Server) listWorkshops(c echo.Context) error {
	var accountID int64
	if q := c.QueryParam("accountId"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("accountId must be a positive integer")
		}
		accountID = id
	}
	list, err := s.store.Workshops(c.Request().Context(), orgID(c), accountID)
	if err != nil {
		return err
	}
	out := make([]board.WorkshopView, len(list))
	for i := range list {
		out[i] = board.NewWorkshopView(&list[i], s.cfg.BaseURL)
	}
	return c.JSON(http.StatusOK, map[string]any{"workshops": out})
}

func (s *Server) createWorkshop(c echo.Context) error {
	var in workshopInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	view, err := s.openWorkshop(c, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, view)
}

// openWorkshop validates and creates a workshop; with a template, its ideal
// statements and challenges are seeded as prompts the room can keep or delete.
func (s *Server) openWorkshop(c echo.Context, in workshopInput) (*board.WorkshopView, error) {
	title, err := cleanText("title", in.Title, 1, 200)
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	w := &models.Workshop{OrganizationID: u.OrganizationID, AccountID: in.AccountID, Title: title, Phase: board.Phases[0], CreatedBy: u.ID}
	if err := applySettings(in.Settings, w); err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	acct, err := s.accountFor(c, in.AccountID)
	if err != nil {
		return nil, err
	}
	var seeds []models.Idea
	if in.TemplateID != nil {
		t, body, err := s.templateBody(c, *in.TemplateID)
		if errors.Is(err, models.ErrNotFound) {
			return nil, badRequest("templateId names no template")
		}
		if err != nil {
			return nil, err
		}
		w.TemplateID = &t.ID
		uid := u.ID
		for _, text := range body.Statements {
			seeds = append(seeds, models.Idea{Column: "ideal", Text: successmap.ForAccount(text, acct.Name), UserID: &uid, AuthorName: t.Name, Source: board.SourceTemplate})
		}
		for _, ch := range body.Challenges {
			// A blind spot of the source map stays the vendor's insight, not a
			// challenge the new customer's room seems to have written.
			source := board.SourceTemplate
			if ch.Johari == models.JohariBlind {
				source = board.SourceVendorInsight
			}
			seeds = append(seeds, models.Idea{Column: "challenges", Text: successmap.ForAccount(ch.Text, acct.Name), UserID: &uid, AuthorName: t.Name, Source: source})
		}
	}
	if err := s.store.CreateWorkshop(ctx, w, seeds, joincode.New); err != nil {
		return nil, err
	}
	if w.TemplateID != nil {
		if err := s.store.CountTemplateUse(ctx, *w.TemplateID); err != nil {
			return nil, err
		}
	}
	listing, err := s.store.WorkshopByID(ctx, w.ID)
	if err != nil {
		return nil, err
	}
	view := board.NewWorkshopView(listing, s.cfg.BaseURL)
	return &view, nil
}

// accountFor loads the account a request names, or answers a clear 400.
func (s *Server) accountFor(c echo.Context, accountID int64) (*models.Account, error) {
	if accountID <= 0 {
		return nil, badRequest("accountId is required")
	}
	a, err := s.store.AccountByID(c.Request().Context(), orgID(c), accountID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, badRequest("accountId names no account")
	}
	return a, err
}

func (s *Server) getWorkshop(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.store.WorkshopInOrg(c.Request().Context(), orgID(c), id); err != nil {
		return err
	}
	u := currentUser(c)
	viewer := board.Identity{Role: board.RoleFacilitator, UserID: u.ID, Name: u.Name}
	seq, snap, err := board.LoadSnapshot(c.Request().Context(), s.store, id, viewer, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		Seq int64 `json:"seq"`
		*board.SnapshotView
	}{seq, snap})
}

func (s *Server) workshopResults(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := s.store.WorkshopInOrg(c.Request().Context(), orgID(c), id); err != nil {
		return err
	}
	res, err := board.LoadResults(c.Request().Context(), s.store, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
