package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/realtime"
)

// Password limits; bcrypt reads at most 72 bytes, so longer ones are refused, not silently cut.
const (
	minPasswordBytes = 8
	maxPasswordBytes = 72
	maxEmailLen      = 254
)

type orgView struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type userView struct {
	ID           int64     `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	Organization orgView   `json:"organization"`
	CreatedAt    time.Time `json:"createdAt"`
}

// userView describes the signed-in user with their organization.
func (s *Server) userView(c echo.Context, u *models.User) (userView, error) {
	org, err := s.store.OrganizationByID(c.Request().Context(), u.OrganizationID)
	if err != nil {
		return userView{}, err
	}
	return userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt,
		Organization: orgView{ID: org.ID, Name: org.Name}}, nil
}

// respondSignedIn starts a session for u and answers with their view.
func (s *Server) respondSignedIn(c echo.Context, status int, u *models.User) error {
	if err := s.startSession(c, u); err != nil {
		return err
	}
	v, err := s.userView(c, u)
	if err != nil {
		return err
	}
	return c.JSON(status, v)
}

type credentials struct {
	Email        string `json:"email"`
	Password     string `json:"password"`
	Name         string `json:"name"`
	Organization string `json:"organization"`
}

func cleanEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if len(email) > maxEmailLen {
		return "", tooLong("email is too long")
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || !strings.Contains(email, "@") {
		return "", badRequest("email must be an address like name@example.com")
	}
	return email, nil
}

// newPasswordHash checks a chosen password and hashes it.
func (s *Server) newPasswordHash(password, email, name string) (string, error) {
	if len(password) < minPasswordBytes || len(password) > maxPasswordBytes {
		return "", badRequest("password must be 8 to 72 bytes long")
	}
	if why := s.commonPasswords.weak(password, email, name); why != "" {
		return "", &apiError{http.StatusBadRequest, "weak_password", why}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cfg.BcryptCost)
	return string(hash), err
}

// signup creates a new organization with the user as its owner. With
// signup by invitation only, just the first user of an empty install may.
func (s *Server) signup(c echo.Context) error {
	ctx := c.Request().Context()
	if s.cfg.Signup == SignupInvite {
		n, err := s.store.CountUsers(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return &apiError{http.StatusForbidden, "signup_closed", "this server admits invited members only; ask your team's owner for an invitation link"}
		}
	}
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	email, err := cleanEmail(in.Email)
	if err != nil {
		return err
	}
	name, err := cleanText("name", in.Name, 1, 100)
	if err != nil {
		return err
	}
	orgName, err := cleanText("organization", in.Organization, 0, 100)
	if err != nil {
		return err
	}
	if orgName == "" {
		orgName = name
	}
	if err := s.limitLogin(c, email); err != nil {
		return err
	}
	hash, err := s.newPasswordHash(in.Password, email, name)
	if err != nil {
		return err
	}
	u := &models.User{Email: email, Name: name, PasswordHash: hash}
	if err := s.store.CreateOrganizationWithOwner(ctx, &models.Organization{Name: orgName}, u); err != nil {
		if errors.Is(err, models.ErrConflict) {
			// Counted like a failed login: probing which emails exist costs the same.
			s.loginFailed(c, email)
			return conflict("an account with this email exists; sign in instead")
		}
		return err
	}
	return s.respondSignedIn(c, http.StatusCreated, u)
}

func (s *Server) login(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	if err := s.limitLogin(c, email); err != nil {
		return err
	}
	u, err := s.store.UserByEmail(c.Request().Context(), email)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	// An unknown email still costs one bcrypt comparison, so timing tells nothing.
	hash := s.dummyHash
	if u != nil {
		hash = []byte(u.PasswordHash)
	}
	// bcrypt reads 72 bytes; no password longer than that was ever accepted,
	// so a longer one is wrong, after the same work as any other.
	password := []byte(in.Password)
	tooLong := len(password) > maxPasswordBytes
	if tooLong {
		password = password[:maxPasswordBytes]
	}
	if bcrypt.CompareHashAndPassword(hash, password) != nil || u == nil || tooLong {
		s.loginFailed(c, email)
		return unauthorized("wrong email or password")
	}
	// Sign-ins are rare enough to sweep expired sessions here instead of on a timer.
	if err := s.store.DeleteExpiredSessions(c.Request().Context(), s.now()); err != nil {
		s.logger.Warn("sweep expired sessions", "err", err)
	}
	return s.respondSignedIn(c, http.StatusOK, u)
}

// limitLogin refuses a sign-in attempt once its email or its address has
// failed too often in the window, before any password is looked at.
func (s *Server) limitLogin(c echo.Context, email string) error {
	if s.loginFails.blocked("e:"+email) || s.addressFails.blocked(c.RealIP()) {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(s.cfg.LoginFailureWindow.Seconds())))
		return &apiError{http.StatusTooManyRequests, "rate_limited", "too many failed sign-ins; try again in a few minutes"}
	}
	return nil
}

func (s *Server) loginFailed(c echo.Context, email string) {
	s.loginFails.fail("e:" + email)
	s.addressFails.fail(c.RealIP())
}

// logout ends the session on the server and closes the sockets opened with it.
func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		hash := hashToken(ck.Value)
		ctx := c.Request().Context()
		if err := s.store.DeleteSession(ctx, hash); err != nil {
			return err
		}
		if err := s.hub.Revoke(ctx, realtime.Revocation{Session: hash}); err != nil {
			s.logger.Warn("announce sign-out", "err", err)
		}
	}
	s.setSessionCookie(c, "", -1)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error {
	v, err := s.userView(c, currentUser(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// startSession stores a new session and sets its cookie.
func (s *Server) startSession(c echo.Context, u *models.User) error {
	token, err := newToken()
	if err != nil {
		return err
	}
	if err := s.store.CreateSession(c.Request().Context(), u.ID, hashToken(token), s.now().Add(s.cfg.SessionTTL)); err != nil {
		return err
	}
	s.setSessionCookie(c, token, int(s.cfg.SessionTTL.Seconds()))
	return nil
}

func (s *Server) setSessionCookie(c echo.Context, value string, maxAge int) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode,
	})
}

// newToken returns 256 random bits, base64url-encoded.
func newToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
