// Package web serves the portal over HTTP with Echo: middleware, handlers
// (one file per resource), form parsing, sessions and the one error handler.
package web

import (
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo-contrib/session"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/static"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/web/i18n"
)

// Config holds the web layer's settings.
type Config struct {
	// SessionSecret signs and encrypts session cookies; at least 32 bytes.
	SessionSecret []byte
	// SecureCookies marks cookies Secure, for a portal served over TLS.
	SecureCookies bool
	// SessionLifetime is how long a session lasts without activity.
	SessionLifetime time.Duration
	// BodyLimit caps request bodies, e.g. "2M".
	BodyLimit string
	Logger    *slog.Logger
	Clock     domain.Clock
	// API, when set, is the Catalog API face, served at AWS's paths beside
	// the pages.
	API APIFace
}

// APIFace registers a second face's routes, outside the pages' session and
// CSRF middleware.
type APIFace interface {
	Register(e *echo.Echo)
	// HandleError answers an error raised before the face's handlers (an
	// oversized body, an unknown method) in the face's own shape, and
	// reports whether the request was the face's.
	HandleError(c echo.Context, status int) bool
}

// Pinger checks that the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// deps are what the web layer needs besides the use cases of the core
// (Server.app): signing in, the session and its user, the principal's
// policies, the unread badge, and two services the pages only ask
// questions of (whether a product is visible, a live offer check).
type deps struct {
	Auth        *domain.AuthService
	Accounts    domain.AccountRepository
	IAM         domain.IAMRepository
	Listings    *domain.ListingService
	Marketplace *domain.MarketplaceService
	Notices     domain.NotificationRepository
	Sessions    domain.SessionRepository
	Health      Pinger
}

func depsOf(core *app.App, health Pinger) deps {
	return deps{
		Auth: core.Services.Auth, Accounts: core.Repos.Accounts, IAM: core.Repos.IAM, Listings: core.Services.Listings,
		Marketplace: core.Services.Marketplace, Notices: core.Repos.Notifications, Sessions: core.Repos.Sessions,
		Health: health,
	}
}

// Server is the portal's HTTP application.
type Server struct {
	echo    *echo.Echo
	cfg     Config
	app     *app.App
	deps    deps
	catalog *i18n.Catalog
	log     *slog.Logger
	// flashCodec seals the flash cookie.
	flashCodec *flashCodec
	// fragments keeps rendered parts of pages (see components.FragmentCache).
	fragments components.FragmentCache
	// kept keeps whole pages: the same for every visitor without a session
	// (see kept_pages.go), or by a digest of their view (kept_views.go).
	kept components.Kept[splicedPage]
	// postRoutes and getRoutes are the route patterns of the form posts
	// and of the pages, for sending a reload of a post back to its page.
	postRoutes, getRoutes []string
}

// New builds the server over the application core and registers every
// route; health answers /healthz.
func New(cfg Config, core *app.App, health Pinger) (*Server, error) {
	if core == nil || health == nil {
		return nil, errors.New("web: the application core and a health check are required")
	}
	if len(cfg.SessionSecret) < 32 {
		return nil, errors.New("session secret must be at least 32 bytes")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = domain.SystemClock{}
	}
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = 12 * time.Hour
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "2M"
	}
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	// The client's address is the connection's: no proxy is trusted to
	// name it, so X-Forwarded-For cannot dodge the sign-in limits.
	e.IPExtractor = echo.ExtractIPDirect()
	s := &Server{echo: e, cfg: cfg, app: core, deps: depsOf(core, health), catalog: catalog, log: cfg.Logger,
		flashCodec: newFlashCodec(cfg.SessionSecret, cfg.SecureCookies)}
	e.HTTPErrorHandler = s.handleError
	s.routes()
	for _, r := range e.Routes() {
		switch {
		case strings.Contains(r.Path, "*"):
		case r.Method == http.MethodPost:
			s.postRoutes = append(s.postRoutes, r.Path)
		case r.Method == http.MethodGet:
			s.getRoutes = append(s.getRoutes, r.Path)
		}
	}
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
//
// HEAD is answered as GET, as RFC 9110 asks of every server (monitors and
// link checkers send it): net/http, which still knows the request's
// method, sends the headers and drops the body.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		get := *r
		get.Method = http.MethodGet
		r = &get
	}
	s.echo.ServeHTTP(w, r)
}

// Routes lists the registered routes, for tests that walk all of them.
func (s *Server) Routes() []*echo.Route { return s.echo.Routes() }

func (s *Server) routes() {
	e := s.echo
	e.Use(middleware.Recover())
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: newRequestIDs()}))
	e.Use(s.requestLogger())
	e.Use(securityHeaders(s.cfg.SecureCookies))
	e.Use(middleware.BodyLimit(s.cfg.BodyLimit))

	e.Add(http.MethodGet, "/static*", echo.StaticDirectoryHandler(static.FS(), !e.EnablePathUnescapingStaticFiles), immutableWhenVersioned)
	e.GET("/healthz", s.health)
	if s.cfg.API != nil {
		s.cfg.API.Register(e)
	}

	app := e.Group("")
	app.Use(s.negotiateLanguage)
	app.Use(s.requestScope)
	app.Use(session.Middleware(s.sessionStore()))
	app.Use(s.csrf())
	app.Use(s.loadUser)
	app.Use(s.gateInput) // every query, form and path value is clean text in NFC before a handler reads it

	app.GET("/signup", s.showSignup)
	app.POST("/signup", s.submitSignup)
	app.GET("/login", s.showLogin)
	app.POST("/login", s.submitLogin)
	app.POST("/logout", s.logout)
	app.POST("/language", s.switchLanguage)

	signedIn := app.Group("", s.requireLogin)
	s.accountSecurityRoutes(app, signedIn)
	signedIn.GET("/", s.showHome)
	signedIn.POST("/notifications/read", s.markNotificationsRead)
	s.iamRoutes(signedIn)
	s.settingsRoutes(signedIn)
	s.sagemakerRoutes(signedIn, modelPackages())
	s.sagemakerRoutes(signedIn, algorithms())
	signedIn.GET(apiPagePath, s.showAPIPage, s.allow(domain.ActionListEntities, anyResource))
	s.listingRoutes(signedIn)
	s.updateRoutes(signedIn)
	s.marketplaceRoutes(app, signedIn)
	s.operationsRoutes(signedIn)
	s.sellerOfferRoutes(signedIn)
	s.buyerOfferRoutes(signedIn)
	s.reportRoutes(signedIn)

	// Unknown paths get the same friendly 404 page, with the frame that
	// needs the language, session and CSRF middleware above.
	app.RouteNotFound("/*", func(echo.Context) error { return echo.ErrNotFound })
}

// immutableWhenVersioned lets browsers keep a static file for a year
// without asking again when its address carries its content's fingerprint
// (static.Path's ?v=…): a changed file gets a new address. Other addresses
// are revalidated by their Last-Modified date.
func immutableWhenVersioned(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if c.QueryParam("v") != "" {
			c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=31536000, immutable")
		}
		return next(c)
	}
}

func (s *Server) sessionStore() sessions.Store {
	// Separate keys for signing and encryption, both derived from the one
	// configured secret.
	hashKey := sha256.Sum256(append([]byte("portal session hash:"), s.cfg.SessionSecret...))
	blockKey := sha256.Sum256(append([]byte("portal session block:"), s.cfg.SessionSecret...))
	return newDBStore(s.deps.Sessions, hashKey[:], blockKey[:], sessions.Options{
		Path:     "/",
		MaxAge:   int(s.cfg.SessionLifetime / time.Second),
		HttpOnly: true,
		Secure:   s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	}, s.cfg.Clock, s.requestAddress)
}

// requestAddress is the client address of r as sign-in limits count it (see
// clientAddress).
func (s *Server) requestAddress(r *http.Request) string {
	if s.echo.IPExtractor != nil {
		return s.echo.IPExtractor(r)
	}
	return echo.ExtractIPDirect()(r)
}

// iamRoutes registers the IAM users pages, each guarded by its IAM action.
func (s *Server) iamRoutes(g *echo.Group) {
	g.GET("/iam/users", s.listIAMUsers, s.allow(domain.ActionListUsers, iamUsersResource))
	g.GET("/iam/users/new", s.showNewIAMUser, s.allow(domain.ActionCreateUser, iamUsersResource))
	g.POST("/iam/users/new", s.createIAMUser, s.allow(domain.ActionCreateUser, iamUsersResource))
	g.GET("/iam/users/:name", s.showIAMUser, s.allow(domain.ActionGetUser, iamUserResource))
	g.POST("/iam/users/:name/managed-policies", s.attachManagedPolicy, s.allow(domain.ActionAttachUserPolicy, iamUserResource))
	g.POST("/iam/users/:name/policies", s.putCustomPolicy, s.allow(domain.ActionPutUserPolicy, iamUserResource))
	g.GET("/iam/users/:name/policies/:policy/detach", s.showConfirmation(s.detachPolicyConfirmationFor),
		s.allow(domain.ActionDetachUserPolicy, iamUserResource))
	g.POST("/iam/users/:name/policies/:policy/detach", s.detachPolicy, s.allow(domain.ActionDetachUserPolicy, iamUserResource))
	g.GET("/iam/users/:name/delete", s.showConfirmation(s.deleteIAMUserConfirmationFor), s.allow(domain.ActionDeleteUser, iamUserResource))
	g.POST("/iam/users/:name/delete", s.deleteIAMUser, s.allow(domain.ActionDeleteUser, iamUserResource))
	s.accessKeysRoutes(g)
}

// settingsRoutes registers the seller registration pages.
func (s *Server) settingsRoutes(g *echo.Group) {
	view := s.allow(domain.ActionViewSettings, anyResource)
	update := s.allow(domain.ActionUpdateSettings, anyResource)
	g.GET("/settings", s.showSettings, view)
	g.GET("/settings/profile", s.showProfile, view)
	g.POST("/settings/profile", s.saveProfile, update)
	g.GET("/settings/profile/logo", s.showLogo, view)
	g.GET("/settings/tax", s.showTax, view)
	g.POST("/settings/tax", s.saveTax, update)
	g.GET("/settings/bank", s.showBank, view)
	g.POST("/settings/bank", s.saveBank, update)
}
