package server

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// app serves the built browser app: real files as they are, and index.html
// for every other path so the client-side router can handle it.
func (s *Server) app(c echo.Context) error {
	name := strings.TrimPrefix(path.Clean("/"+c.Param("*")), "/")
	if name != "" && name != "index.html" {
		if st, err := fs.Stat(s.assets, name); err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				// Vite puts a content hash in every asset name.
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			http.ServeFileFS(c.Response(), c.Request(), s.assets, name)
			return nil
		}
	}
	if strings.HasPrefix(name, "assets/") {
		// A missing asset is a stale page asking for an old build, not a client route.
		return notFound("no such asset")
	}
	index, err := fs.ReadFile(s.assets, "index.html")
	if errors.Is(err, fs.ErrNotExist) {
		return c.String(http.StatusServiceUnavailable, "The browser app is not built; run `make build`.\n")
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(http.StatusOK, index)
}
