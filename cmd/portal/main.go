// Command portal serves the ML marketplace portal: the AWS Marketplace
// Management Portal for machine learning products, the buyer marketplace and
// the parts of the SageMaker console they touch.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/web"
	"github.com/mlportal/portal/web/i18n"
	"github.com/mlportal/portal/web/mail"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "healthcheck" {
		// For container healthchecks, so the image needs no curl.
		if err := healthcheck(ctx, os.Getenv("PORTAL_ADDR")); err != nil {
			fmt.Fprintln(os.Stderr, "portal healthcheck:", err)
			os.Exit(1)
		}
		return
	}
	web.AddSpareProc()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// run wires the portal together and serves until ctx is cancelled, then
// shuts down gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	log, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	if cfg.MemoryLimitMiB > 0 && getenv("GOMEMLIMIT") == "" {
		// A soft limit: near it the collector runs sooner. Password hashes
		// (7 MiB each) and the search index's loading leave garbage that
		// the default pacing lets pile up well past the live heap.
		debug.SetMemoryLimit(int64(cfg.MemoryLimitMiB) << 20)
	}
	secret, err := sessionSecret(cfg, log)
	if err != nil {
		return err
	}
	key, err := dataKey(cfg, log)
	if err != nil {
		return err
	}
	sealer, err := persistence.NewSealer(key)
	if err != nil {
		return err
	}
	db, err := persistence.Open(ctx, cfg.Database, log)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Info("database ready", "dialect", db.Dialect())

	// The migrations cannot reseal old values: they do not have the data key.
	if n, err := db.ResealSensitiveColumns(ctx, sealer); err != nil {
		return fmt.Errorf("reseal sensitive columns: %w", err)
	} else if n > 0 {
		log.Info("sealed values bound to their rows", "count", n)
	}
	mailer, err := newMailer(cfg, log)
	if err != nil {
		return err
	}
	clock := domain.SystemClock{}
	core, err := app.New(db.Repositories(sealer), app.Config{Clock: clock, Hasher: domain.NewArgon2Hasher(),
		PublishDelay: cfg.PublishDelay, Mailer: mailer, PublicURL: cfg.PublicURL, Log: log,
		PriceNotice: time.Duration(cfg.PriceNoticeDays) * 24 * time.Hour})
	if err != nil {
		return err
	}
	auth, publishing := core.Services.Auth, core.Services.Publishing
	if cfg.OperatorEmail != "" {
		if err := ensureOperator(ctx, db.Accounts(), auth.Hasher, clock, cfg.OperatorEmail, cfg.OperatorPassword); err != nil {
			return fmt.Errorf("operator user: %w", err)
		}
	}
	if cfg.Demo {
		users, err := seedDemo(ctx, db.Accounts(), auth.Hasher, clock)
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		root, err := db.Accounts().UserByEmail(ctx, "seller@example.com")
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if err := seedDemoSeller(ctx, core.Services.Sellers, core.Services.SageMaker, root); err != nil {
			return fmt.Errorf("demo seller: %w", err)
		}
		if err := seedDemoListings(ctx, db, root, demoBuyerID, clock.Now()); err != nil {
			return fmt.Errorf("demo listings: %w", err)
		}
		if err := seedDemoPrivateOffer(ctx, core, root, clock.Now()); err != nil {
			return fmt.Errorf("demo private offer: %w", err)
		}
		printDemoUsers(stdout, users)
		keyID, keySecret, err := seedDemoAPIUser(ctx, core, root)
		if err != nil {
			return fmt.Errorf("demo API user: %w", err)
		}
		printDemoAPIKey(stdout, cfg.PublicURL, keyID, keySecret)
	}
	api, changeSets, kick, err := catalogAPI(core, db, clock, log, secret, cfg.PublicURL)
	if err != nil {
		return err
	}
	srv, err := web.New(web.Config{
		SessionSecret: secret,
		SecureCookies: cfg.SecureCookies,
		Logger:        log,
		Clock:         clock,
		API:           api,
	}, core, db)
	if err != nil {
		return err
	}
	// Catalog API change sets run as soon as they are started, and those
	// left PREPARING by a stop run at start; each runs once even with
	// several servers.
	go changeSets.Loop(ctx, cfg.JobInterval, kick)
	go sweepSessions(ctx, db.Sessions(), clock, log)
	// Due publishing jobs run at start (those that fell due while stopped)
	// and then every few seconds; each runs once even with several servers.
	go publishing.Run(ctx, cfg.JobInterval, func(err error) { log.Error("publishing jobs", "error", err) })
	// Trial notices and ends, then the emails of new notifications.
	go core.RunJobs(ctx, cfg.JobInterval)
	return serve(ctx, cfg, srv, log)
}

// serve listens until ctx ends, then gives requests in flight ten seconds.
func serve(ctx context.Context, cfg config, handler http.Handler, log *slog.Logger) error {
	hs := &http.Server{
		Addr:              cfg.Addr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	addr := cfg.Addr
	if addr == "" {
		addr = ":http"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	l = web.OneWritePerPage(hs, l)
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", cfg.Addr, "tls", cfg.TLSCert != "")
		if cfg.TLSCert != "" {
			errc <- hs.ServeTLS(l, cfg.TLSCert, cfg.TLSKey)
		} else {
			errc <- hs.Serve(l)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// healthcheck asks the local server's /healthz and fails unless it says ok.
func healthcheck(ctx context.Context, addr string) error {
	if addr == "" {
		addr = ":8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}

// sweepSessions deletes expired sessions every hour.
func sweepSessions(ctx context.Context, sessions domain.SessionRepository, clock domain.Clock, log *slog.Logger) {
	ticker := time.NewTicker(time.Hour)
	defer ticker.Stop()
	for {
		if n, err := sessions.DeleteExpiredSessions(ctx, clock.Now()); err != nil && ctx.Err() == nil {
			log.Warn("delete expired sessions", "error", err)
		} else if n > 0 {
			log.Info("deleted expired sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// newMailer sends through the configured SMTP server, in the recipient's
// language; without one, emails are only logged as not sent.
func newMailer(cfg config, log *slog.Logger) (domain.Mailer, error) {
	if cfg.SMTPURL == "" {
		log.Warn("no SMTP server configured (-smtp-url): sign-up confirmations, password resets and notifications are not emailed (they stay in the portal)")
		return mail.NewLogOnly(log), nil
	}
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	m, err := mail.NewSMTP(mail.SMTPConfig{URL: cfg.SMTPURL, From: cfg.MailFrom}, catalog, log)
	if err != nil {
		return nil, err
	}
	log.Info("email through SMTP", "server", m.Endpoint())
	return m, nil
}
