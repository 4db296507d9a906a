package server

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// readyTimeout bounds the database ping behind /readyz.
const readyTimeout = 2 * time.Second

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.logger.Warn("database not ready", "err", err)
		return &apiError{http.StatusServiceUnavailable, "unavailable", "database unreachable"}
	}
	// SQLite answers pings on a full disk, then fails every commit.
	if dir := s.store.DatabaseDir(); dir != "" {
		if free, ok := freeBytes(dir); ok && free < s.cfg.MinFreeDisk {
			s.logger.Warn("database disk almost full", "dir", dir, "freeBytes", free)
			return &apiError{http.StatusServiceUnavailable, "disk_full", "the database's disk is almost full"}
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
