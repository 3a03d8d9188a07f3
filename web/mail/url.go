package mail

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// StartTLS says whether a smtp:// connection is upgraded with STARTTLS.
type StartTLS string

const (
	// StartTLSRequired refuses to send unless the server offers STARTTLS and
	// the handshake (with certificate verification) succeeds.
	StartTLSRequired StartTLS = "required"
	// StartTLSOpportunistic upgrades when the server offers STARTTLS and
	// sends in clear otherwise.
	StartTLSOpportunistic StartTLS = "opportunistic"
	// StartTLSNone never upgrades.
	StartTLSNone StartTLS = "none"
)

// Endpoint is a parsed SMTP URL.
type Endpoint struct {
	Host string
	Port int
	// ImplicitTLS is true for smtps://: TLS from the first byte (RFC 8314).
	ImplicitTLS bool
	// StartTLS applies to smtp:// only; it is StartTLSNone for smtps://.
	StartTLS StartTLS
	Username string
	Password string
	// Auth is the SASL mechanism ("plain", "login", "cram-md5",
	// "scram-sha-1", "scram-sha-256") or "auto" to pick the strongest the
	// server offers. Empty when there are no credentials.
	Auth string
}

// ParseSMTPURL parses the portal's SMTP server setting:
//
//	smtp://[user[:password]@]host[:port][?starttls=required|opportunistic|none][&auth=mechanism]
//	smtps://[user[:password]@]host[:port][?auth=mechanism]
//
// smtp:// defaults to port 587 (message submission) and smtps:// to 465.
// STARTTLS defaults to required, except on a loopback host (localhost,
// 127.0.0.0/8, ::1), where it defaults to none: the traffic never leaves the
// machine, and local test servers such as Mailpit offer no TLS. The user name
// and password are percent-decoded; auth defaults to "auto" when they are
// given, and "auto" never sends a password in clear over an unencrypted
// connection. Unknown query parameters are errors, so that a misspelt
// "startls=none" cannot be silently ignored.
//
// Errors never repeat the URL, which may hold a password.
func ParseSMTPURL(raw string) (Endpoint, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return Endpoint{}, fmt.Errorf("SMTP URL: %w", err)
	}
	var e Endpoint
	switch u.Scheme {
	case "smtp":
		e.Port = gomail.DefaultPortTLS
	case "smtps":
		e.Port, e.ImplicitTLS = gomail.DefaultPortSSL, true
	default:
		return Endpoint{}, fmt.Errorf("SMTP URL: scheme %q is not smtp or smtps", u.Scheme)
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return Endpoint{}, errors.New("SMTP URL: only smtp://host:port, with optional user, password and query")
	}
	e.Host = u.Hostname()
	if e.Host == "" {
		return Endpoint{}, errors.New("SMTP URL: host is missing")
	}
	if p := u.Port(); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil || port < 1 || port > 65535 {
			return Endpoint{}, fmt.Errorf("SMTP URL: port %q is not between 1 and 65535", p)
		}
		e.Port = port
	}
	if u.User != nil {
		e.Username = u.User.Username()
		e.Password, _ = u.User.Password()
		if e.Username == "" {
			return Endpoint{}, errors.New("SMTP URL: a password is given without a user name")
		}
	}
	if err := e.parseQuery(u.RawQuery); err != nil {
		return Endpoint{}, err
	}
	return e, nil
}

func (e *Endpoint) parseQuery(rawQuery string) error {
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return errors.New("SMTP URL: the query is malformed")
	}
	for key, values := range query {
		if len(values) != 1 {
			return fmt.Errorf("SMTP URL: %s is given %d times", key, len(values))
		}
		switch key {
		case "starttls", "auth":
		default:
			return fmt.Errorf("SMTP URL: unknown parameter %q (use starttls or auth)", key)
		}
	}
	switch starttls := StartTLS(query.Get("starttls")); {
	case e.ImplicitTLS && starttls != "":
		return errors.New("SMTP URL: starttls does not apply to smtps://, which is TLS from the start")
	case e.ImplicitTLS:
		e.StartTLS = StartTLSNone
	case starttls == "" && isLoopback(e.Host):
		e.StartTLS = StartTLSNone
	case starttls == "":
		e.StartTLS = StartTLSRequired
	case starttls == StartTLSRequired || starttls == StartTLSOpportunistic || starttls == StartTLSNone:
		e.StartTLS = starttls
	default:
		return fmt.Errorf("SMTP URL: starttls=%q is not required, opportunistic or none", starttls)
	}
	auth := strings.ToLower(query.Get("auth"))
	switch {
	case auth != "" && e.Username == "":
		return errors.New("SMTP URL: auth is given without a user name")
	case e.Username == "":
	case auth == "":
		e.Auth = "auto"
	case auth == "auto" || auth == "plain" || auth == "login" || auth == "cram-md5" ||
		auth == "scram-sha-1" || auth == "scram-sha-256":
		e.Auth = auth
	default:
		return fmt.Errorf("SMTP URL: auth=%q is not auto, plain, login, cram-md5, scram-sha-1 or scram-sha-256", auth)
	}
	return nil
}

// String returns the URL with the password replaced by "redacted", for logs.
func (e Endpoint) String() string {
	u := url.URL{Scheme: "smtp", Host: net.JoinHostPort(e.Host, strconv.Itoa(e.Port))}
	if e.ImplicitTLS {
		u.Scheme = "smtps"
	}
	switch {
	case e.Password != "":
		u.User = url.UserPassword(e.Username, "redacted")
	case e.Username != "":
		u.User = url.User(e.Username)
	}
	query := url.Values{}
	if !e.ImplicitTLS {
		query.Set("starttls", string(e.StartTLS))
	}
	if e.Auth != "" {
		query.Set("auth", e.Auth)
	}
	u.RawQuery = query.Encode()
	return u.String()
}

// LogValue makes slog print String, never the password field.
func (e Endpoint) LogValue() slog.Value { return slog.StringValue(e.String()) }

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (e Endpoint) clientOptions() ([]gomail.Option, error) {
	opts := []gomail.Option{gomail.WithPort(e.Port)}
	switch {
	case e.ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	case e.StartTLS == StartTLSRequired:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case e.StartTLS == StartTLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if e.Username == "" {
		return opts, nil
	}
	var mechanism gomail.SMTPAuthType
	if err := mechanism.UnmarshalString(e.Auth); err != nil {
		return nil, fmt.Errorf("SMTP URL: %w", err)
	}
	return append(opts, gomail.WithSMTPAuth(mechanism), gomail.WithUsername(e.Username),
		gomail.WithPassword(e.Password)), nil
}
