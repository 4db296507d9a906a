// Package server is Kizuki's HTTP side: auth, the REST API, the WebSocket
// upgrade and the embedded browser app.
package server

import (
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/kizuki-app/kizuki/models"
	"github.com/kizuki-app/kizuki/realtime"
)

// Config is what the server needs to know about its deployment.
type Config struct {
	// BaseURL is the public URL, e.g. https://kizuki.example.com; join links use it and
	// it is the allowed Origin for browser requests.
	BaseURL string
	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration
	// BcryptCost is the password hashing cost; tests lower it.
	BcryptCost int
	// JoinFailures failed join attempts per client address within JoinFailureWindow
	// lock that address out of joining until the window ends.
	JoinFailures      int
	JoinFailureWindow time.Duration
	// TrustedProxies are CIDRs whose X-Forwarded-For is believed; empty means
	// the peer address is the client.
	TrustedProxies []*net.IPNet
	// Metrics serves /metrics (Prometheus text format), if set.
	Metrics http.Handler
	// Signup is SignupOpen (anyone may start an organization) or
	// SignupInvite (only the first user of an empty install; everyone
	// else needs an invitation).
	Signup string
	// LoginFailures failed sign-ins per email, or AddressLoginFailures per
	// client address, within LoginFailureWindow lock sign-in out until the
	// window ends. The address limit is higher: an office shares one address.
	LoginFailures        int
	AddressLoginFailures int
	LoginFailureWindow   time.Duration
	// InvitationTTL is how long an invitation link works.
	InvitationTTL time.Duration
	// RequestTimeout bounds an API request's database work.
	RequestTimeout time.Duration
	// MinFreeDisk is the free space below which an SQLite server reports
	// itself not ready: commits fail on a full disk.
	MinFreeDisk uint64
	// MaxParticipants bounds one workshop's participants (removed ones
	// count): one join code cannot flood a room.
	MaxParticipants int
	// AllowedHosts are host names (with a port if not the default) served
	// besides BaseURL's, e.g. an internal name; requests for any other Host
	// are refused (DNS rebinding).
	AllowedHosts []string
}

// Signup modes.
const (
	SignupOpen   = "open"
	SignupInvite = "invite"
)

// Server holds the HTTP app's dependencies.
type Server struct {
	cfg       Config
	store     *models.Store
	hub       *realtime.Hub
	assets    fs.FS
	logger    *slog.Logger
	origin    string          // scheme://host of BaseURL
	scheme    string          // BaseURL's
	hosts     map[string]bool // host names served: BaseURL's and AllowedHosts
	secure    bool            // cookies get Secure when served over https
	dummyHash []byte          // compared against for unknown emails, so timing reveals nothing
	joinFails *failureLimiter
	// loginFails counts failed sign-ins by email, addressFails by client address.
	loginFails      *failureLimiter
	addressFails    *failureLimiter
	commonPasswords commonPasswords
	now             func() time.Time
}

// New wires the server; assets is the built browser app.
func New(cfg Config, store *models.Store, hub *realtime.Hub, assets fs.FS, logger *slog.Logger) (*Server, error) {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errInvalidBaseURL
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 14 * 24 * time.Hour
	}
	if cfg.BcryptCost == 0 {
		cfg.BcryptCost = bcrypt.DefaultCost
	}
	if cfg.JoinFailures == 0 {
		cfg.JoinFailures = 60
	}
	if cfg.JoinFailureWindow == 0 {
		cfg.JoinFailureWindow = 10 * time.Minute
	}
	switch cfg.Signup {
	case "":
		cfg.Signup = SignupOpen
	case SignupOpen, SignupInvite:
	default:
		return nil, errInvalidSignup
	}
	if cfg.LoginFailures == 0 {
		cfg.LoginFailures = 10
	}
	if cfg.AddressLoginFailures == 0 {
		cfg.AddressLoginFailures = 100
	}
	if cfg.LoginFailureWindow == 0 {
		cfg.LoginFailureWindow = 15 * time.Minute
	}
	if cfg.MinFreeDisk == 0 {
		cfg.MinFreeDisk = 64 << 20
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.MaxParticipants == 0 {
		cfg.MaxParticipants = 5000
	}
	if cfg.InvitationTTL == 0 {
		cfg.InvitationTTL = 7 * 24 * time.Hour
	}
	hosts := map[string]bool{normalHost(u.Scheme, strings.ToLower(u.Host)): true}
	for _, h := range cfg.AllowedHosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			hosts[normalHost(u.Scheme, h)] = true
		}
	}
	dummy, err := bcrypt.GenerateFromPassword([]byte("kizuki-timing-equalizer"), cfg.BcryptCost)
	if err != nil {
		return nil, err
	}
	return &Server{
		cfg: cfg, store: store, hub: hub, assets: assets, logger: logger,
		origin: u.Scheme + "://" + u.Host, scheme: u.Scheme, hosts: hosts,
		secure: u.Scheme == "https", dummyHash: dummy,
		joinFails:       newFailureLimiter(cfg.JoinFailures, cfg.JoinFailureWindow, time.Now),
		loginFails:      newFailureLimiter(cfg.LoginFailures, cfg.LoginFailureWindow, time.Now),
		addressFails:    newFailureLimiter(cfg.AddressLoginFailures, cfg.LoginFailureWindow, time.Now),
		commonPasswords: newCommonPasswords(),
		now:             time.Now,
	}, nil
}

// Handler builds the Echo app with every route.
func (s *Server) Handler() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// Never trust a client's X-Forwarded-For unless it comes from a proxy we were told about.
	e.IPExtractor = echo.ExtractIPDirect()
	if len(s.cfg.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range s.cfg.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	}
	e.HTTPErrorHandler = errorHandler(s.logger)
	s.routes(e)
	return e
}
