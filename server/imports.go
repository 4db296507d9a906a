package server

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// Bounds of one import: a large CRM export, small enough to plan in memory
// and write in one transaction within the request timeout.
const (
	maxImportBytes = 5 << 20
	maxImportRows  = 10_000
	// importRoute is the one route whose body may exceed maxBodySize.
	importRoute = "/api/accounts/import"
)

type importRowView struct {
	Row        int    `json:"row"`
	Action     string `json:"action"`
	ID         *int64 `json:"id"`
	Name       string `json:"name"`
	ExternalID string `json:"externalId"`
	Reason     string `json:"reason,omitempty"`
	Field      string `json:"field,omitempty"`
	Message    string `json:"message,omitempty"`
}

type importView struct {
	DryRun  bool            `json:"dryRun"`
	Created int             `json:"created"`
	Updated int             `json:"updated"`
	Refused int             `json:"refused"`
	Rows    []importRowView `json:"rows"`
}

func (s *Server) importAccounts(c echo.Context) error {
	dryRun := false
	if q := c.QueryParam("dryRun"); q != "" {
		v, err := strconv.ParseBool(q)
		if err != nil {
			return invalidField("dryRun", "invalid", "dryRun must be true or false")
		}
		dryRun = v
	}
	raw, err := importBody(c)
	if err != nil {
		return err
	}
	rows, err := parseImport(raw)
	if err != nil {
		return err
	}
	outcomes, err := s.store.ImportAccounts(c.Request().Context(), orgID(c), currentUser(c).ID, rows, dryRun)
	if errors.Is(err, models.ErrExternalIDTaken) {
		return conflict("an externalId of the file was taken while it was imported; nothing was written, try again")
	}
	if err != nil {
		return err
	}
	out := importView{DryRun: dryRun, Rows: make([]importRowView, len(outcomes))}
	for i, o := range outcomes {
		v := importRowView{Row: o.Row, Action: o.Action, ID: o.AccountID, Name: o.Name, ExternalID: o.ExternalID}
		switch o.Action {
		case models.ImportCreated:
			out.Created++
		case models.ImportUpdated:
			out.Updated++
		default:
			out.Refused++
			v.Reason, v.Field, v.Message = o.Refusal.Reason, o.Refusal.Field, o.Refusal.Message
		}
		out.Rows[i] = v
	}
	return c.JSON(http.StatusOK, out)
}

// importBody reads the CSV file: the body itself, or a multipart field "file".
func importBody(c echo.Context) ([]byte, error) {
	r := c.Request()
	mediaType, params, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	unsupported := &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", "send the file as text/csv, or as multipart/form-data in the field file"}
	if err != nil {
		return nil, unsupported
	}
	// The multipart envelope may add a little to the file's own bound.
	body := http.MaxBytesReader(c.Response(), r.Body, maxImportBytes+64<<10)
	switch mediaType {
	case "text/csv":
		return readBounded(body)
	case "multipart/form-data":
		if params["boundary"] == "" {
			return nil, badRequest("the multipart body has no boundary")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil, invalidField("file", "required", "the multipart body has no field file")
			}
			if err != nil {
				return nil, tooLargeOr(err, badRequest("the multipart body could not be read"))
			}
			if part.FormName() == "file" {
				return readBounded(part)
			}
		}
	}
	return nil, unsupported
}

// readBounded reads at most maxImportBytes.
func readBounded(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, maxImportBytes+1))
	if err != nil {
		return nil, tooLargeOr(err, badRequest("the file could not be read"))
	}
	if len(raw) > maxImportBytes {
		return nil, importTooLarge()
	}
	return raw, nil
}

func importTooLarge() error {
	return &apiError{http.StatusRequestEntityTooLarge, "too_large", "the file is over 5 MiB; split it"}
}

// tooLargeOr is importTooLarge when err is the body limit, otherwise other.
func tooLargeOr(err, other error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return importTooLarge()
	}
	return other
}
