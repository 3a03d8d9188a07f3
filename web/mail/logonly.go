package mail

import (
	"context"
	"log/slog"

	"github.com/mlportal/portal/domain"
)

// LogOnly is the mailer used when no SMTP server is configured: it records
// that an email was not sent and reports success, so that the flow that asked
// for it (a password reset) carries on as it would with a server.
type LogOnly struct {
	log *slog.Logger
}

var _ domain.Mailer = (*LogOnly)(nil)

// NewLogOnly returns a mailer that only logs.
func NewLogOnly(log *slog.Logger) *LogOnly {
	return &LogOnly{log: log}
}

// Send logs the recipient (as domain and hash, like SMTP) and the subject's
// message ID. It never logs m.Data or the body: they may hold a reset link.
func (l *LogOnly) Send(ctx context.Context, m domain.Mail) error {
	r := recipientAttrs(m.To)
	l.log.WarnContext(ctx, "email not sent: no SMTP server is configured (set -smtp-url)",
		"subject", string(m.Subject), "lang", m.Lang, "to_domain", r.domain, "to_hash", r.hash)
	return nil
}
