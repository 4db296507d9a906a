package server

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/kizuki-app/kizuki/models"
)

// Password limits; bcrypt reads at most 72 bytes, so longer ones are refused, not silently cut.
const (
	minPasswordBytes = 8
	maxPasswordBytes = 72
	maxEmailLen      = 254
)

type userView struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"createdAt"`
}

func newUserView(u *models.User) userView {
	return userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CreatedAt: u.CreatedAt}
}

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
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

func (s *Server) signup(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	email, err := cleanEmail(in.Email)
	if err != nil {
		return err
	}
	if len(in.Password) < minPasswordBytes || len(in.Password) > maxPasswordBytes {
		return badRequest("password must be 8 to 72 bytes long")
	}
	name, err := cleanText("name", in.Name, 1, 100)
	if err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), s.cfg.BcryptCost)
	if err != nil {
		return err
	}
	u := &models.User{Email: email, Name: name, PasswordHash: string(hash), Role: models.RoleCSM}
	if err := s.store.CreateUser(c.Request().Context(), u); err != nil {
		if errors.Is(err, models.ErrConflict) {
			return conflict("an account with this email exists; sign in instead")
		}
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, newUserView(u))
}

func (s *Server) login(c echo.Context) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(in.Email))
	u, err := s.store.UserByEmail(c.Request().Context(), email)
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	hash := s.dummyHash
	if u != nil {
		hash = []byte(u.PasswordHash)
	}
	if bcrypt.CompareHashAndPassword(hash, []byte(in.Password)) != nil || u == nil {
		return unauthorized("wrong email or password")
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	// Sign-ins are rare enough to sweep expired sessions here instead of on a timer.
	if err := s.store.DeleteExpiredSessions(c.Request().Context(), s.now()); err != nil {
		s.logger.Warn("sweep expired sessions", "err", err)
	}
	return c.JSON(http.StatusOK, newUserView(u))
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.store.DeleteSession(c.Request().Context(), hashToken(ck.Value)); err != nil {
			return err
		}
	}
	s.setSessionCookie(c, "", -1)
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) me(c echo.Context) error {
	return c.JSON(http.StatusOK, newUserView(currentUser(c)))
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
