package domain

import (
	"context"
	"time"
)

// SessionRecord is a browser session as the server keeps it. ID is the
// session's key: a hash of what the cookie holds, so the table cannot be
// replayed as cookies. Data is opaque to the domain: the web layer encodes
// and signs it.
type SessionRecord struct {
	ID        string
	Data      string
	ExpiresAt time.Time
	// UserID is the signed-in user, 0 before sign-in.
	UserID int64
	// CreatedAt, UserAgent and ClientAddress describe the session in the
	// user's list of active sessions; they are kept as first saved.
	CreatedAt     time.Time
	UserAgent     string
	ClientAddress string
	// User and Account are the signed-in user and its account, read with
	// the session so that a signed-in page costs one read, not three; nil
	// before sign-in or when the user has gone.
	User    *User
	Account *Account
}

// SessionRepository keeps sessions on the server, so that logging out or
// renewing a session ID really ends the old one, in every server process:
// at once in the one that ended it, within a quarter of a second in the
// others (a repository may answer a session it read lately again).
type SessionRepository interface {
	// Session returns the record, with its user and account, or ENOTFOUND
	// when it is missing or expired at now.
	Session(ctx context.Context, id string, now time.Time) (SessionRecord, error)
	SaveSession(ctx context.Context, rec SessionRecord) error
	DeleteSession(ctx context.Context, id string) error
	// DeleteExpiredSessions removes sessions that expired before now.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
	// UserSessions returns the unexpired sessions of a user, newest first.
	UserSessions(ctx context.Context, userID int64, now time.Time) ([]SessionRecord, error)
	// DeleteUserSessions ends every session of a user but the one keyed
	// except ("" for none) and says how many ended.
	DeleteUserSessions(ctx context.Context, userID int64, except string) (int64, error)
}
