package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/kizuki-app/kizuki/models"
)

const (
	sessionCookie = "kizuki_session"
	ctxUser       = "user"
	ctxSession    = "session"        // the hash of the request's session token
	ctxExpires    = "sessionExpires" // when that session ends
)

// contentSecurityPolicy forbids inline and foreign scripts and framing by other sites.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; " +
	"form-action 'self'; frame-ancestors 'none'"

func (s *Server) secureHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		return next(c)
	}
}

// requestLog logs each API request by its route pattern (/api/shared/:token),
// never the concrete path or query string, which may carry a token.
func (s *Server) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			return !strings.HasPrefix(p, "/api/") && !strings.HasPrefix(p, "/ws/")
		},
		// Let the error handler write the response first, so the logged status is the real one.
		HandleError: true,
		LogMethod:   true, LogStatus: true, LogLatency: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelWarn
			}
			s.logger.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", v.Method), slog.String("route", c.Path()),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency))
			return nil
		},
	})
}

// boundDatabase gives each API request a deadline that every store call
// inherits, so a frozen or unreachable database costs a request
// RequestTimeout, not as long as the database takes to come back.
func (s *Server) boundDatabase(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), s.cfg.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}

// sameOriginWrites refuses state-changing requests sent by another site's
// page (CSRF): a browser always tells us where a cross-site request came
// from. A request that carries a session cookie must name its Origin
// (browsers send it on every POST, PATCH, PUT and DELETE), so the session
// never rests on SameSite alone.
func (s *Server) sameOriginWrites(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if ck, err := r.Cookie(sessionCookie); err == nil && ck.Value != "" && r.Header.Get("Origin") == "" {
			return forbidden("signed-in requests must send an Origin")
		}
		if !s.allowedOrigin(r) {
			return forbidden("cross-site request refused")
		}
		return next(c)
	}
}

// allowedOrigin accepts a request with no Origin and no cross-site fetch
// metadata (non-browser clients), or one whose Origin is one of ours.
func (s *Server) allowedOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return r.Header.Get("Sec-Fetch-Site") != "cross-site"
	}
	return s.originAllowed(r, origin)
}

// originAllowed reports whether origin is ours: the base URL's, an allowed
// host's, or the request's own Host when that is an address or localhost
// (someone opened http://192.168.1.10:8080 on the LAN). A page of another
// name that rebinds to our address sends that name as Host and Origin, so
// Origin == Host proves nothing for a name.
func (s *Server) originAllowed(r *http.Request, origin string) bool {
	if strings.EqualFold(origin, s.origin) {
		return true
	}
	scheme, host, ok := strings.Cut(strings.ToLower(origin), "://")
	if !ok || (scheme != "http" && scheme != "https") {
		return false
	}
	return s.hosts[normalHost(scheme, host)] || (addressHost(host) && host == strings.ToLower(r.Host))
}

// checkHost refuses requests for a host name we do not serve: a page on an
// attacker's domain that rebinds its name to this server's address sends
// its own name as Host. Addresses (and localhost) are always served: no page
// of another name can make a browser send them. Health and metrics answer
// any Host, for probes.
func (s *Server) checkHost(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		switch r.URL.Path {
		case "/healthz", "/readyz", "/metrics":
			return next(c)
		}
		host := strings.ToLower(r.Host)
		if !s.hosts[normalHost(s.scheme, host)] && !addressHost(host) {
			return &apiError{http.StatusMisdirectedRequest, "unknown_host", "this server does not answer for that host name; set KIZUKI_BASE_URL or KIZUKI_ALLOWED_HOSTS"}
		}
		return next(c)
	}
}

// addressHost reports whether host (with or without a port) is an IP
// address or localhost rather than a DNS name.
func addressHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || net.ParseIP(host) != nil
}

// normalHost drops the scheme's default port, so example.com and
// example.com:443 are one host over https.
func normalHost(scheme, host string) string {
	if (scheme == "https" && strings.HasSuffix(host, ":443")) || (scheme == "http" && strings.HasSuffix(host, ":80")) {
		return host[:strings.LastIndexByte(host, ':')]
	}
	return host
}

// loadSession puts the signed-in user, if any, on the context.
func (s *Server) loadSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ck, err := c.Cookie(sessionCookie)
		if err != nil || ck.Value == "" {
			return next(c)
		}
		hash := hashToken(ck.Value)
		u, expires, err := s.store.SessionUser(c.Request().Context(), hash, s.now())
		switch {
		case err == nil:
			c.Set(ctxUser, u)
			c.Set(ctxSession, hash)
			c.Set(ctxExpires, expires)
		case !errors.Is(err, models.ErrNotFound):
			return err
		}
		return next(c)
	}
}

func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if currentUser(c) == nil {
			return unauthorized("sign in first")
		}
		return next(c)
	}
}

// orgID is the signed-in user's organization. Every store call on
// organization-owned data takes it, so another team's rows are simply not found.
func orgID(c echo.Context) int64 { return currentUser(c).OrganizationID }

func currentUser(c echo.Context) *models.User {
	u, _ := c.Get(ctxUser).(*models.User)
	return u
}

// hashToken is how session and participant tokens are stored: a leaked
// database does not give working tokens.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
