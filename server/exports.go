package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/board"
	"github.com/kizuki-app/kizuki/export"
)

func exportFormat(c echo.Context) (string, error) {
	f := c.QueryParam("format")
	if f == "" {
		f = "md"
	}
	if _, ok := export.Formats[f]; !ok {
		return "", badRequest("format must be md, csv or json")
	}
	return f, nil
}

// sendExport answers with a download.
func sendExport(c echo.Context, name, format string, body []byte) error {
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	return c.Blob(http.StatusOK, export.Formats[format], body)
}

func (s *Server) exportWorkshop(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.store.WorkshopInOrg(ctx, orgID(c), id); err != nil {
		return err
	}
	u := currentUser(c)
	_, snap, err := board.LoadSnapshot(ctx, s.store, id, board.Identity{Role: board.RoleFacilitator, UserID: u.ID, Name: u.Name}, s.cfg.BaseURL)
	if err != nil {
		return err
	}
	snap = export.Anonymized(snap) // exports follow the workshop's anonymity
	res, err := board.LoadResults(ctx, s.store, id)
	if err != nil {
		return err
	}
	var body []byte
	switch format {
	case "md":
		body = export.WorkshopMarkdown(snap, res)
	case "csv":
		if body, err = export.WorkshopCSV(snap, res); err != nil {
			return err
		}
	case "json":
		body = mustJSON(map[string]any{"workshop": snap.Workshop, "participants": snap.Participants, "ideas": snap.Ideas, "results": res.Columns})
	}
	return sendExport(c, fmt.Sprintf("workshop-%d", id), format, body)
}

func (s *Server) exportMap(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	v, err := s.mapView(c, orgID(c), id)
	if err != nil {
		return err
	}
	var body []byte
	switch format {
	case "md":
		body = export.MapMarkdown(v)
	case "csv":
		if body, err = export.MapCSV(v); err != nil {
			return err
		}
	case "json":
		body = mustJSON(v)
	}
	return sendExport(c, fmt.Sprintf("success-map-%d", id), format, body)
}
