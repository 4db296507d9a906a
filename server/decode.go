package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// decodeJSON reads a JSON object body into dst. The body must be valid
// UTF-8 (the decoder would quietly replace bad bytes) and carry no NUL
// character (PostgreSQL cannot store one in text); one over the size limit
// answers 413 even when it came chunked.
func decodeJSON(c echo.Context, dst any) error {
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || errors.Is(err, echo.ErrStatusRequestEntityTooLarge) {
			return &apiError{http.StatusRequestEntityTooLarge, "too_large", "request body too large"}
		}
		return badRequest("the request body could not be read")
	}
	if !utf8.Valid(raw) {
		return badRequest("body must be valid UTF-8")
	}
	if hasNULEscape(raw) {
		return badRequest("text must not contain NUL characters")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(dst); err != nil {
		return badRequest("body must be a JSON object matching the request")
	}
	if dec.More() {
		return badRequest("body must be one JSON object")
	}
	return nil
}

// hasNULEscape reports whether JSON text holds the escape \u0000 (a raw
// NUL is not valid JSON anyway): one preceded by an even run of
// backslashes, which would be literal backslashes instead.
func hasNULEscape(raw []byte) bool {
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte(`u0000`))
		if j < 0 {
			return false
		}
		at := i + j
		slashes := 0
		for k := at - 1; k >= 0 && raw[k] == '\\'; k-- {
			slashes++
		}
		if slashes%2 == 1 {
			return true
		}
		i = at + 1
	}
}

// maxQueryValue bounds each query-string value: search terms and filters are short.
const maxQueryValue = 200

// checkQuery refuses query strings no client of ours sends: over-long
// values, invalid UTF-8 or NUL characters.
func checkQuery(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for key, values := range c.QueryParams() {
			for _, v := range values {
				switch {
				case !utf8.ValidString(key) || !utf8.ValidString(v):
					return badRequest("query must be valid UTF-8")
				case strings.ContainsRune(key, 0) || strings.ContainsRune(v, 0):
					return badRequest("query must not contain NUL characters")
				case len(v) > maxQueryValue && key != "token":
					return tooLong("query parameter " + key + " is too long")
				}
			}
		}
		return next(c)
	}
}

// pathID parses the :id path parameter.
func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("no such id")
	}
	return id, nil
}

// cleanText trims s and checks it is valid UTF-8 of min..max runes; the
// error names the field.
func cleanText(field, s string, min, max int) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalidField(field, "invalid", field+" must be valid UTF-8")
	}
	if strings.ContainsRune(s, 0) {
		return "", invalidField(field, "invalid", field+" must not contain NUL characters")
	}
	s = strings.TrimSpace(s)
	n := utf8.RuneCountInString(s)
	if n < min {
		return "", invalidField(field, "required", field+" is required")
	}
	if n > max {
		return "", invalidField(field, "too_long", field+" must be at most "+strconv.Itoa(max)+" characters")
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
