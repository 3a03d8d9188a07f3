// Package app is the portal's application core: one method per thing a
// person (and next, a Catalog API client) can do. Each use case takes the
// principal who acts, loads what it needs inside the principal's account,
// authorizes the action with domain.Authorize, applies the domain rule and
// saves through the repositories, which record the change set. The pages in
// web/ only parse, call one use case and render; a second face calls the
// same methods and so gets the same rules.
//
// New is the one composition root: cmd/portal, cmd/loadtest and every test
// harness build the core with it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"time"

	"github.com/mlportal/portal/domain"
)

// Repositories are the stores the core needs; persistence provides them all.
type Repositories struct {
	Accounts      domain.AccountRepository
	IAM           domain.IAMRepository
	Throttles     domain.LoginThrottleRepository
	Sellers       domain.SellerRepository
	SageMaker     domain.SageMakerRepository
	Usage         domain.ResourceUsage
	Products      domain.ProductRepository
	Publishing    domain.PublishingRepository
	Subscriptions domain.SubscriptionRepository
	Operations    domain.OperationsRepository
	Notifications domain.NotificationRepository
	Catalog       domain.CatalogRepository
	Sessions      domain.SessionRepository
	Credentials   domain.CredentialRepository
	Tokens        domain.UserTokenRepository
	AccessKeys    domain.AccessKeyRepository
	Offers        domain.OfferRepository
	Agreements    domain.AgreementRepository
	Contacts      domain.ContactRepository
}

// Config holds the core's settings.
type Config struct {
	Clock  domain.Clock
	Hasher domain.PasswordHasher
	// PublishDelay is how long a submission takes to become a test product.
	PublishDelay time.Duration
	// Throttle is the sign-in throttling policy; zero means the default.
	Throttle domain.ThrottlePolicy
	// Mailer sends email; without one, emails are not sent and each is
	// logged as not sent (recipient and subject only).
	Mailer domain.Mailer
	// PublicURL is the portal's address as its users reach it, the base of
	// the links put in emails.
	PublicURL string
	// Log receives what the core reports without failing a request.
	Log *slog.Logger
	// PriceNotice is how long existing agreements keep their prices after
	// a public price increase; zero means domain.DefaultPriceNotice.
	PriceNotice time.Duration
}

// Services are the domain services the use cases are built on. Pages still
// read through them (lists and detail pages); every change goes through a
// use case of App.
type Services struct {
	Auth        *domain.AuthService
	IAM         *domain.IAMService
	Sellers     *domain.SellerService
	SageMaker   *domain.SageMakerService
	Listings    *domain.ListingService
	Publishing  *domain.PublishingService
	Marketplace *domain.MarketplaceService
	Operations  *domain.OperationsService
}

// App is the application core.
type App struct {
	Repos    Repositories
	Services Services
	clock    domain.Clock
	// sellerNames keeps the names SellerName read; listings the products
	// MarketplaceListing read.
	sellerNames nameCache
	listings    listingCache
	log         *slog.Logger
	mailer      domain.Mailer
	publicURL   string
	priceNotice time.Duration
}

// New builds the core. Every repository, the clock and the hasher are
// required: a missing one is an error here rather than a nil pointer on
// the first request that needs it.
func New(r Repositories, cfg Config) (*App, error) {
	if err := requireAll(r); err != nil {
		return nil, err
	}
	if cfg.Clock == nil || cfg.Hasher == nil {
		return nil, errors.New("app: a clock and a password hasher are required")
	}
	if cfg.PublishDelay <= 0 {
		return nil, errors.New("app: the publishing delay must be positive")
	}
	if cfg.Mailer == nil {
		cfg.Mailer = noMailer{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Throttle == (domain.ThrottlePolicy{}) {
		cfg.Throttle = domain.DefaultThrottlePolicy
	}
	if cfg.PriceNotice <= 0 {
		cfg.PriceNotice = domain.DefaultPriceNotice
	}
	clock := cfg.Clock
	sellers := &domain.SellerService{Repo: r.Sellers, Clock: clock}
	listings := &domain.ListingService{Products: r.Products, Resources: r.SageMaker, Sellers: sellers, Clock: clock}
	return &App{Repos: r, clock: clock, log: cfg.Log, mailer: cfg.Mailer, publicURL: strings.TrimRight(cfg.PublicURL, "/"),
		priceNotice: cfg.PriceNotice, Services: Services{
			Auth: &domain.AuthService{Accounts: r.Accounts, IAM: r.IAM, Throttles: r.Throttles, Hasher: cfg.Hasher,
				Credentials: r.Credentials, Tokens: r.Tokens, Sessions: r.Sessions, Mailer: cfg.Mailer,
				Links: domain.Links{Base: strings.TrimRight(cfg.PublicURL, "/")}, Log: cfg.Log,
				Clock: clock, Policy: cfg.Throttle, ConfirmEmails: true},
			IAM:       &domain.IAMService{Repo: r.IAM, Hasher: cfg.Hasher, Clock: clock},
			Sellers:   sellers,
			SageMaker: &domain.SageMakerService{Repo: r.SageMaker, Usage: r.Usage, Clock: clock},
			Listings:  listings,
			Publishing: &domain.PublishingService{Repo: r.Publishing, Products: r.Products, Listings: listings,
				Clock: clock, Delay: cfg.PublishDelay},
			Marketplace: &domain.MarketplaceService{Products: r.Products, Subscriptions: r.Subscriptions, Clock: clock},
			Operations:  &domain.OperationsService{Repo: r.Operations, Clock: clock},
		}}, nil
}

// requireAll names the first nil field of r.
func requireAll(r Repositories) error {
	v := reflect.ValueOf(r)
	for i := range v.NumField() {
		if v.Field(i).IsNil() {
			return fmt.Errorf("app: repository %s is required", v.Type().Field(i).Name)
		}
	}
	return nil
}

// Clock is the core's clock.
func (a *App) Clock() domain.Clock { return a.clock }

// noMailer is the mailer of a core configured without one: every email
// fails, and the use case that sent it logs that it was not sent.
type noMailer struct{}

func (noMailer) Send(context.Context, domain.Mail) error {
	return errors.New("no mail server is configured")
}
