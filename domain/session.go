package domain

import (
	"context"
	"time"
)

// SessionRecord is a signed-in browser session as the server keeps it. Data is
// opaque to the domain: the web layer encodes and signs it.
type SessionRecord struct {
	ID        string
	Data      string
	ExpiresAt time.Time
}

// SessionRepository keeps sessions on the server, so that logging out or
// renewing a session ID really ends the old one, in every server process.
type SessionRepository interface {
	// Session returns the record, or ENOTFOUND when it is missing or expired at now.
	Session(ctx context.Context, id string, now time.Time) (SessionRecord, error)
	SaveSession(ctx context.Context, rec SessionRecord) error
	DeleteSession(ctx context.Context, id string) error
	// DeleteExpiredSessions removes sessions that expired before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
}
