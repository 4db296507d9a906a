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

func badRequest(msg string) error   { return &apiError{http.StatusBadRequest, "bad_request", msg} }
func tooLong(msg string) error      { return &apiError{http.StatusBadRequest, "too_long", msg} }
func unauthorized(msg string) error { return &apiError{http.StatusUnauthorized, "unauthorized", msg} }
func forbidden(msg string) error    { return &apiError{http.StatusForbidden, "forbidden", msg} }
func notFound(msg string) error     { return &apiError{http.StatusNotFound, "not_found", msg} }
func conflict(msg string) error     { return &apiError{http.StatusConflict, "conflict", msg} }

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
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
		var he *echo.HTTPError
		switch {
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
