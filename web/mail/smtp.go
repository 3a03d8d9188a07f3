// Package mail sends the portal's email: SMTP renders a domain.Mail from the
// translation catalogs and hands it to an SMTP server; LogOnly stands in when
// no server is configured.
package mail

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/web/i18n"
)

// DefaultTimeout bounds a whole delivery (connect, TLS, auth and data) when
// SMTPConfig.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// SMTPConfig configures the SMTP mailer.
type SMTPConfig struct {
	// URL is the SMTP server; see ParseSMTPURL for its form.
	URL string
	// From is the sender: "portal@example.com" or
	// "AWS Marketplace <portal@example.com>".
	From string
	// Timeout bounds one delivery; zero means DefaultTimeout. A shorter
	// deadline on the context passed to Send wins.
	Timeout time.Duration
	// TLSConfig replaces the default TLS settings (system roots, TLS 1.2 at
	// least), for a server with a private CA. An empty ServerName is set to
	// the URL's host.
	TLSConfig *tls.Config
}

// SMTP sends mail through an SMTP server. It is safe for concurrent use:
// each Send opens its own connection.
type SMTP struct {
	endpoint  Endpoint
	options   []gomail.Option
	from      *netmail.Address
	fromHost  string
	timeout   time.Duration
	tlsConfig *tls.Config
	catalog   *i18n.Catalog
	log       *slog.Logger
}

var _ domain.Mailer = (*SMTP)(nil)

// NewSMTP checks cfg and returns a mailer. It does not connect: a server that
// is down shows up as an error from Send.
func NewSMTP(cfg SMTPConfig, catalog *i18n.Catalog, log *slog.Logger) (*SMTP, error) {
	if catalog == nil || log == nil {
		return nil, errors.New("mail: NewSMTP needs a catalog and a logger")
	}
	endpoint, err := ParseSMTPURL(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	options, err := endpoint.clientOptions()
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	from, err := parseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address: %w", err)
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("mail: timeout %s is negative", cfg.Timeout)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	_, fromHost, _ := strings.Cut(from.Address, "@")
	tlsConfig := cfg.TLSConfig
	if tlsConfig != nil && tlsConfig.ServerName == "" {
		tlsConfig = tlsConfig.Clone()
		tlsConfig.ServerName = endpoint.Host
	}
	return &SMTP{
		endpoint: endpoint, options: options, from: from, fromHost: fromHost, timeout: timeout,
		tlsConfig: tlsConfig, catalog: catalog, log: log,
	}, nil
}

// Endpoint returns the parsed server URL; its String hides the password.
func (s *SMTP) Endpoint() Endpoint { return s.endpoint }

// Send renders m in m.Lang (English when the language is not supported) and
// delivers it. The error names the recipient only by its domain and hash.
func (s *SMTP) Send(ctx context.Context, m domain.Mail) error {
	to, err := parseAddress(m.To)
	if err != nil {
		return fmt.Errorf("mail: send %s: recipient address: %w", m.Subject, err)
	}
	recipient := recipientAttrs(to.Address)
	msg, err := s.message(to, m)
	if err != nil {
		return fmt.Errorf("mail: send %s to %s: %w", m.Subject, recipient, err)
	}
	timeout := s.timeout
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < timeout {
		timeout = time.Until(deadline)
	}
	if err := ctx.Err(); err != nil || timeout <= 0 {
		return fmt.Errorf("mail: send %s to %s: %w", m.Subject, recipient, cmp.Or(err, context.DeadlineExceeded))
	}
	options := append(s.options[:len(s.options):len(s.options)], gomail.WithTimeout(timeout))
	if s.tlsConfig != nil {
		options = append(options, gomail.WithTLSConfig(s.tlsConfig))
	}
	client, err := gomail.NewClient(s.endpoint.Host, options...)
	if err != nil {
		return fmt.Errorf("mail: send %s to %s: %w", m.Subject, recipient, err)
	}
	// go-mail bounds the dial with ctx and the conversation with connection
	// deadlines of timeout, so a silent server cannot hold Send for long.
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return &sendError{
			msg: fmt.Sprintf("mail: send %s to %s via %s:%d: %s", m.Subject, recipient, s.endpoint.Host,
				s.endpoint.Port, strings.ReplaceAll(err.Error(), to.Address, recipient.String())),
			err: err,
		}
	}
	s.log.InfoContext(ctx, "email sent", "subject", string(m.Subject), "lang", s.lang(m.Lang),
		"to_domain", recipient.domain, "to_hash", recipient.hash, "message_id", msg.GetMessageID())
	return nil
}

// message renders m. A message ID missing from the catalog is an error, not
// an email whose subject is "mail.reset_subject".
func (s *SMTP) message(to *netmail.Address, m domain.Mail) (*gomail.Msg, error) {
	tr := s.catalog.Translator(m.Lang)
	subject := tr.Translate(string(m.Subject), m.Data)
	body := tr.Translate(string(m.Body), m.Data)
	if subject == string(m.Subject) || body == string(m.Body) {
		return nil, fmt.Errorf("message %s or %s is not in the %s catalog", m.Subject, m.Body, tr.Lang())
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP),
		gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(to)
	msg.Subject(subject)
	msg.SetDate()
	id, err := messageID(s.fromHost)
	if err != nil {
		return nil, err
	}
	msg.SetMessageIDWithValue(id)
	msg.SetGenHeader(gomail.HeaderContentLang, tr.Lang())
	// RFC 3834: tells vacation responders not to answer.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, body)
	return msg, nil
}

func (s *SMTP) lang(lang string) string { return s.catalog.Translator(lang).Lang() }

// parseAddress accepts one address, with or without a display name.
func parseAddress(s string) (*netmail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("it is empty")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, errors.New("it is not a single valid email address")
	}
	return a, nil
}

// messageID returns a Message-ID right-hand side under the sender's domain,
// which (unlike the local host name) is meaningful to the receiving side.
func messageID(host string) (string, error) {
	random := make([]byte, 16)
	if _, err := rand.Read(random); err != nil {
		return "", err
	}
	return hex.EncodeToString(random) + "@" + host, nil
}

// recipient identifies an address in logs and errors without spelling it
// out: the domain (enough to see that one provider rejects us) and the first
// 12 hex digits of the SHA-256 of the lower-cased address, with which an
// operator can confirm "was the email to x@y sent?" by hashing x@y. The hash
// is pseudonymous, not anonymous (a known address can be hashed and matched),
// which is the point; it keeps the address itself out of log storage.
type recipient struct{ domain, hash string }

func recipientAttrs(address string) recipient {
	_, domain, _ := strings.Cut(address, "@")
	return recipient{domain: strings.ToLower(domain), hash: RecipientHash(address)}
}

func (r recipient) String() string { return r.hash + "@" + r.domain }

// RecipientHash is the hash under which the mailers log an address.
func RecipientHash(address string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(address))))
	return hex.EncodeToString(sum[:6])
}

// sendError keeps go-mail's error (for errors.As to *gomail.SendError, whose
// IsTemp tells a retry-worthy failure) while its text omits the address.
type sendError struct {
	msg string
	err error
}

func (e *sendError) Error() string { return e.msg }
func (e *sendError) Unwrap() error { return e.err }
