package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"github.com/mlportal/portal/domain"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is the server's configuration: flags, each with an environment
// variable as fallback (a flag given on the command line wins).
type config struct {
	Addr          string
	DataDir       string
	Database      string
	SessionSecret string
	DataKey       string
	PublishDelay  time.Duration
	JobInterval   time.Duration
	Demo          bool
	SecureCookies bool
	TLSCert       string
	TLSKey        string
	// OperatorEmail and OperatorPassword create a Seller Operations user at
	// start when both are set and no user has that email yet.
	OperatorEmail    string
	OperatorPassword string
	LogFormat        string
	LogLevel         string
	// SMTPURL and MailFrom configure outbound email; without an SMTP URL
	// emails are only logged as not sent.
	SMTPURL  string
	MailFrom string
	// PublicURL is the portal's address as users reach it, the base of the
	// links in emails.
	PublicURL string
	// MemoryLimitMiB is the Go runtime's soft memory limit (0: none).
	MemoryLimitMiB int
	// PriceNoticeDays is how long existing agreements keep their prices
	// after a public price increase.
	PriceNoticeDays int
}

// parseConfig reads flags from args with fallbacks from getenv.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("portal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	str := func(p *string, name, env, def, usage string) {
		if v := getenv(env); v != "" {
			def = v
		}
		fs.StringVar(p, name, def, fmt.Sprintf("%s (env %s)", usage, env))
	}
	// A secret's environment value is applied after parsing instead of as
	// the flag's default: the flag package prints defaults in its usage
	// text, on -h or any flag error, and that goes to the log.
	secrets := map[string]func(){}
	secret := func(p *string, name, env, usage string) {
		fs.StringVar(p, name, "", fmt.Sprintf("%s (env %s)", usage, env))
		secrets[name] = func() { *p = getenv(env) }
	}
	var envErr error
	boolean := func(p *bool, name, env, usage string) {
		def := false
		if v := getenv(env); v != "" {
			b, err := strconv.ParseBool(v)
			if err != nil {
				envErr = fmt.Errorf("%s=%q: want true or false", env, v)
			}
			def = b
		}
		fs.BoolVar(p, name, def, fmt.Sprintf("%s (env %s)", usage, env))
	}
	var delay, interval, memory, notice string
	str(&c.Addr, "addr", "PORTAL_ADDR", ":8080", "listen address")
	str(&c.DataDir, "data-dir", "PORTAL_DATA_DIR", "data", "folder for the SQLite file and the generated session secret")
	secret(&c.Database, "db", "PORTAL_DB", "database: a SQLite file path, or a postgres:// URL (default <data-dir>/portal.db)")
	secret(&c.SessionSecret, "session-secret", "PORTAL_SESSION_SECRET", "secret that signs session cookies, at least 32 characters (default: generated and kept in <data-dir>/session.key)")
	secret(&c.DataKey, "data-key", "PORTAL_DATA_KEY", "key that encrypts bank account numbers and tax IDs at rest, at least 32 characters (default: generated and kept in <data-dir>/data.key)")
	str(&delay, "publish-delay", "PORTAL_PUBLISH_DELAY", "1h", "time from Submit for publishing to the Limited test listing")
	str(&interval, "job-interval", "PORTAL_JOB_INTERVAL", "10s", "how often due publishing jobs are looked for")
	boolean(&c.Demo, "demo", "PORTAL_DEMO", "create demo accounts at start and print their credentials")
	boolean(&c.SecureCookies, "secure-cookies", "PORTAL_SECURE_COOKIES", "mark cookies Secure (implied by -tls-cert); set it behind a TLS proxy")
	str(&c.TLSCert, "tls-cert", "PORTAL_TLS_CERT", "", "TLS certificate file; serves HTTPS when set with -tls-key")
	str(&c.TLSKey, "tls-key", "PORTAL_TLS_KEY", "", "TLS private key file")
	str(&c.OperatorEmail, "operator-email", "PORTAL_OPERATOR_EMAIL", "", "email of a Seller Operations user to create at start")
	secret(&c.OperatorPassword, "operator-password", "PORTAL_OPERATOR_PASSWORD", "password of that user, at least 12 characters")
	str(&c.LogFormat, "log-format", "PORTAL_LOG_FORMAT", "text", "log format: text or json")
	str(&c.LogLevel, "log-level", "PORTAL_LOG_LEVEL", "info", "log level: debug, info, warn or error")
	secret(&c.SMTPURL, "smtp-url", "PORTAL_SMTP_URL", "SMTP server for email, e.g. smtp://user:pass@mail.example.com:587 or smtp://127.0.0.1:1025 (default: emails are logged as not sent)")
	str(&c.MailFrom, "mail-from", "PORTAL_MAIL_FROM", "AWS Marketplace portal <no-reply@localhost>", "sender of the portal's email")
	str(&c.PublicURL, "public-url", "PORTAL_PUBLIC_URL", "", "the portal's address as users reach it, used in emailed links (default http://localhost:<port>, https with -tls-cert)")
	str(&notice, "price-notice-days", "PORTAL_PRICE_NOTICE_DAYS", "90", "days existing agreements keep their prices after a public price increase")
	str(&memory, "memory-limit-mib", "PORTAL_MEMORY_LIMIT_MIB", "224", "soft memory limit of the Go heap in MiB, 0 for none; GOMEMLIMIT, when set, wins")
	if envErr != nil {
		return c, envErr
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	fs.Visit(func(f *flag.Flag) { delete(secrets, f.Name) })
	for _, fromEnv := range secrets {
		fromEnv()
	}
	var err error
	if c.PublishDelay, err = time.ParseDuration(delay); err != nil || c.PublishDelay <= 0 {
		return c, fmt.Errorf("publish delay %q: want a positive duration such as 1h or 90s", delay)
	}
	if c.MemoryLimitMiB, err = strconv.Atoi(memory); err != nil || c.MemoryLimitMiB < 0 {
		return c, fmt.Errorf("memory limit %q: want a number of MiB, 0 for none", memory)
	}
	if c.PriceNoticeDays, err = strconv.Atoi(notice); err != nil || c.PriceNoticeDays < 1 || c.PriceNoticeDays > 3650 {
		return c, fmt.Errorf("price notice %q: want a number of days from 1 to 3650", notice)
	}
	if c.JobInterval, err = time.ParseDuration(interval); err != nil || c.JobInterval <= 0 {
		return c, fmt.Errorf("job interval %q: want a positive duration such as 10s", interval)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return c, errors.New("give both -tls-cert and -tls-key, or neither")
	}
	if c.TLSCert != "" {
		c.SecureCookies = true
	}
	if c.Database == "" {
		c.Database = filepath.Join(c.DataDir, "portal.db")
	}
	if (c.OperatorEmail == "") != (c.OperatorPassword == "") {
		return c, errors.New("give both -operator-email and -operator-password, or neither")
	}
	if c.OperatorEmail != "" {
		if msg := domain.ValidateEmail(domain.NormalizeEmail(c.OperatorEmail)); msg != "" {
			return c, fmt.Errorf("operator email %q is not a valid email address", c.OperatorEmail)
		}
		if msg := domain.ValidatePassword(c.OperatorPassword, c.OperatorEmail); msg != "" {
			return c, fmt.Errorf("operator password refused (%s): use 12 to 128 characters, not a common password, "+
				"and nothing of the email", msg)
		}
	}
	if c.PublicURL, err = publicURL(c); err != nil {
		return c, err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return c, fmt.Errorf("log format %q: want text or json", c.LogFormat)
	}
	if c.SessionSecret != "" && len(c.SessionSecret) < 32 {
		return c, errors.New("session secret must be at least 32 characters")
	}
	if c.DataKey != "" && len(c.DataKey) < 32 {
		return c, errors.New("data key must be at least 32 characters")
	}
	return c, nil
}

// publicURL checks the configured public address, or makes one from the
// listen address. It is a scheme and host (and port) only: links are
// appended to it.
func publicURL(c config) (string, error) {
	if c.PublicURL == "" {
		scheme := "http"
		if c.TLSCert != "" {
			scheme = "https"
		}
		_, port, err := net.SplitHostPort(c.Addr)
		if err != nil || port == "" {
			return "", fmt.Errorf("listen address %q: want host:port or :port", c.Addr)
		}
		return scheme + "://localhost:" + port, nil
	}
	u, err := url.Parse(c.PublicURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("public URL %q: want http(s)://host[:port] and nothing more", c.PublicURL)
	}
	return strings.TrimRight(c.PublicURL, "/"), nil
}

// newLogger returns the structured logger the configuration asks for.
func newLogger(c config, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level %q: %w", c.LogLevel, err)
	}
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}

// sessionSecret returns the configured session secret or the one kept in
// the data folder. Several server processes must share one: configure it.
func sessionSecret(c config, log *slog.Logger) ([]byte, error) {
	return keptSecret(c.SessionSecret, filepath.Join(c.DataDir, "session.key"), "PORTAL_SESSION_SECRET", log)
}

// dataKey returns the key that seals sensitive columns. Losing it makes the
// sealed bank and tax numbers unreadable, so back up data.key with the database.
func dataKey(c config, log *slog.Logger) ([]byte, error) {
	return keptSecret(c.DataKey, filepath.Join(c.DataDir, "data.key"), "PORTAL_DATA_KEY", log)
}

// keptSecret returns configured when set, else the secret kept in path,
// generating it on first start with a log line that says so.
func keptSecret(configured, path, env string, log *slog.Logger) ([]byte, error) {
	if configured != "" {
		return []byte(configured), nil
	}
	raw, err := os.ReadFile(path)
	if err == nil {
		secret := strings.TrimSpace(string(raw))
		if len(secret) < 32 {
			return nil, fmt.Errorf("%s: secret shorter than 32 characters", path)
		}
		return []byte(secret), nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	secret := hex.EncodeToString(b)
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, err
	}
	log.Info("generated a secret; set "+env+" to choose your own", "path", path)
	return []byte(secret), nil
}
