package server

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// decodeJSON reads a JSON object body into dst.
func decodeJSON(c echo.Context, dst any) error {
	dec := json.NewDecoder(c.Request().Body)
	if err := dec.Decode(dst); err != nil {
		return badRequest("body must be a JSON object matching the request")
	}
	if dec.More() {
		return badRequest("body must be one JSON object")
	}
	return nil
}

// pathID parses the :id path parameter.
func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("no such id")
	}
	return id, nil
}

// cleanText trims s and checks it is valid UTF-8 of min..max runes.
func cleanText(field, s string, min, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", badRequest(field + " must be valid UTF-8")
	}
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n < min {
		return "", badRequest(field + " is required")
	}
	if n > max {
		return "", tooLong(field + " must be at most " + strconv.Itoa(max) + " characters")
	}
	return s, nil
}

// mustJSON encodes our own view types, which always encode.
func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic("server: encode export: " + err.Error())
	}
	return b
}
