package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kizuki-app/kizuki/models"
)

// apiError is an error with the code and message a client sees.
type apiError struct {
	Status  int
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// detailedError is an apiError that also says which input is at fault.
type detailedError struct {
	apiError
	// Fields lists the input fields at fault, so a form can mark each one.
	Fields []fieldError
	// Line is where in an uploaded file the problem is (1-based), when known.
	Line int
}

// fieldError is one input field's problem.
type fieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"` // required, too_long, invalid, out_of_range, duplicate, not_found, in_use
	Message string `json:"message"`
}

// invalidField is a 400 about one field (code too_long when that is the problem).
func invalidField(field, code, msg string) error {
	top := "bad_request"
	if code == "too_long" {
		top = "too_long"
	}
	return &detailedError{apiError: apiError{http.StatusBadRequest, top, msg}, Fields: []fieldError{{field, code, msg}}}
}

// fieldErrors collects every problem of a body, to answer them all at once.
type fieldErrors []fieldError

func (fe *fieldErrors) add(field, code, msg string) { *fe = append(*fe, fieldError{field, code, msg}) }

// err is a 400 naming every field at fault (the first one's message and,
// for a text over its limit, code on top), or nil when there is none.
func (fe fieldErrors) err() error {
	if len(fe) == 0 {
		return nil
	}
	top := "bad_request"
	if fe[0].Code == "too_long" {
		top = "too_long"
	}
	return &detailedError{apiError: apiError{http.StatusBadRequest, top, fe[0].Message}, Fields: fe}
}

func badRequest(msg string) error   { return &apiError{http.StatusBadRequest, "bad_request", msg} }
func tooLong(msg string) error      { return &apiError{http.StatusBadRequest, "too_long", msg} }
func unauthorized(msg string) error { return &apiError{http.StatusUnauthorized, "unauthorized", msg} }
func forbidden(msg string) error    { return &apiError{http.StatusForbidden, "forbidden", msg} }
func notFound(msg string) error     { return &apiError{http.StatusNotFound, "not_found", msg} }
func conflict(msg string) error     { return &apiError{http.StatusConflict, "conflict", msg} }

type errorBody struct {
	Error struct {
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Fields  []fieldError `json:"fields,omitempty"`
		Line    int          `json:"line,omitempty"`
	} `json:"error"`
}

// errorHandler turns any handler error into the JSON error shape; internal
// details are logged, never sent.
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		var ae *apiError
		var de *detailedError
		var he *echo.HTTPError
		switch {
		case errors.As(err, &de):
			ae = &de.apiError
		case errors.As(err, &ae):
		case errors.Is(err, models.ErrNotFound):
			ae = &apiError{http.StatusNotFound, "not_found", "not found"}
		case errors.Is(err, models.ErrConflict):
			ae = &apiError{http.StatusConflict, "conflict", "conflicts with existing data"}
		case errors.Is(err, context.DeadlineExceeded):
			logger.Warn("request timed out", "method", c.Request().Method, "path", c.Path(), "err", err)
			ae = &apiError{http.StatusServiceUnavailable, "unavailable", "the database did not answer in time; try again"}
		case errors.As(err, &he):
			ae = fromEchoError(he)
		default:
			logger.Error("request failed", "method", c.Request().Method, "path", c.Path(), "err", err)
			ae = &apiError{http.StatusInternalServerError, "internal", "internal error"}
		}
		var body errorBody
		body.Error.Code, body.Error.Message = ae.Code, ae.Message
		if de != nil {
			body.Error.Fields, body.Error.Line = de.Fields, de.Line
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(ae.Status)
			return
		}
		_ = c.JSON(ae.Status, body)
	}
}

func fromEchoError(he *echo.HTTPError) *apiError {
	switch he.Code {
	case http.StatusNotFound:
		return &apiError{he.Code, "not_found", "no such route"}
	case http.StatusMethodNotAllowed:
		return &apiError{he.Code, "method_not_allowed", "method not allowed"}
	case http.StatusRequestEntityTooLarge:
		return &apiError{he.Code, "too_large", "request body too large"}
	case http.StatusUnauthorized:
		return &apiError{he.Code, "unauthorized", "sign in first"}
	case http.StatusForbidden:
		return &apiError{he.Code, "forbidden", "forbidden"}
	case http.StatusTooManyRequests:
		return &apiError{he.Code, "rate_limited", "too many requests"}
	}
	if he.Code >= 400 && he.Code < 500 {
		return &apiError{he.Code, "bad_request", http.StatusText(he.Code)}
	}
	return &apiError{http.StatusInternalServerError, "internal", "internal error"}
}

// fieldsOf is the field problems an error names (cleanText's always name one).
func fieldsOf(err error) []fieldError {
	var de *detailedError
	if errors.As(err, &de) && len(de.Fields) > 0 {
		return de.Fields
	}
	return []fieldError{{Field: "", Code: "invalid", Message: err.Error()}}
}
