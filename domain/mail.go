package domain

import "context"

// Mail is an email to one person, written in catalog terms so that it is
// rendered in the recipient's language when it is sent.
type Mail struct {
	To      string
	Lang    string
	Subject Message
	// Body is the message ID of the plain-text body.
	Body Message
	// Data fills the placeholders of Subject and Body. It may hold secrets
	// (a password-reset link), so it is never logged.
	Data map[string]any
}

// Mailer sends email. Without an SMTP server configured the portal uses one
// that only logs the recipient and subject.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}
