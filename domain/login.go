package domain

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// ThrottlePolicy says how sign-in and sign-up attempts are limited. Every
// attempt is counted before the password is checked, so attempts sent at
// once are held to the same budget as attempts sent one after another.
//
//   - An account (a root email, or an account ID and IAM user name) is never
//     locked: after FreeFailures failures each further attempt waits
//     BaseDelay, doubled for every failure since, at most MaxDelay. Anyone can
//     fail against anyone's account, so the owner waits at most MaxDelay.
//     The failures are forgotten once Window passes without one.
//   - One client address may make PairLimit attempts at one account in a
//     Window, and ClientLimit sign-in attempts in all in a Window; then it
//     is refused until that Window ends.
//   - One client address may try SignupLimit sign-ups per SignupWindow.
type ThrottlePolicy struct {
	FreeFailures int
	BaseDelay    time.Duration
	MaxDelay     time.Duration
	Window       time.Duration
	PairLimit    int
	ClientLimit  int
	SignupLimit  int
	SignupWindow time.Duration
}

// DefaultThrottlePolicy lets five failures for an account through back to
// back, then waits 1 s, 2 s, 4 s … up to five minutes between attempts; one
// address gets ten tries at one account and a hundred sign-ins in fifteen
// minutes, and ten sign-ups an hour.
var DefaultThrottlePolicy = ThrottlePolicy{
	FreeFailures: 5, BaseDelay: time.Second, MaxDelay: 5 * time.Minute, Window: 15 * time.Minute,
	PairLimit: 10, ClientLimit: 100, SignupLimit: 10, SignupWindow: time.Hour,
}

// Messages that say when a throttled attempt may be tried again.
const (
	MsgSignInWaitSeconds Message = "login.wait_seconds"
	MsgSignInWaitMinutes Message = "login.wait_minutes"
	MsgClientTooMany     Message = "login.client_too_many"
	MsgSignupTooMany     Message = "auth.sign_up_too_many"
)

// ClientAddress is the network address a request came from, as far as the
// web layer trusts its proxies.
type ClientAddress string

// LoginThrottle is the attempt counter of one key: an account, a client
// address, an account from one client address, or sign-ups from an address.
type LoginThrottle struct {
	Key      string
	Failures int
	// WindowStart is when the current count began; for an account, the time
	// of its last failure.
	WindowStart time.Time
	// LockedUntil is the first time at which another attempt is allowed.
	LockedUntil time.Time
}

// Locked reports whether an attempt is refused at now.
func (t LoginThrottle) Locked(now time.Time) bool { return now.Before(t.LockedUntil) }

// AccountAttempt counts an attempt at an account at now, or refuses it while
// the account's delay runs. The attempt is counted as a failure until a
// success clears the record.
func (p ThrottlePolicy) AccountAttempt(t LoginThrottle, now time.Time) (LoginThrottle, error) {
	if !t.WindowStart.IsZero() && now.Sub(t.WindowStart) > p.Window {
		t.Failures, t.LockedUntil = 0, time.Time{}
	}
	if t.Locked(now) {
		wait := t.LockedUntil.Sub(now)
		if wait <= 90*time.Second {
			return t, retryError(MsgSignInWaitSeconds, wait)
		}
		return t, retryError(MsgSignInWaitMinutes, wait)
	}
	t.Failures++
	t.WindowStart = now
	if t.Failures >= p.FreeFailures {
		t.LockedUntil = now.Add(p.delay(t.Failures - p.FreeFailures))
	}
	return t, nil
}

// delay is BaseDelay doubled n times, at most MaxDelay.
func (p ThrottlePolicy) delay(n int) time.Duration {
	d := p.BaseDelay
	for ; n > 0 && d < p.MaxDelay; n-- {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// PairAttempt counts an attempt at one account from one client address.
func (p ThrottlePolicy) PairAttempt(t LoginThrottle, now time.Time) (LoginThrottle, error) {
	return limitAttempt(t, p.PairLimit, p.Window, now, MsgTooManyAttempts)
}

// ClientAttempt counts a sign-in attempt from one client address.
func (p ThrottlePolicy) ClientAttempt(t LoginThrottle, now time.Time) (LoginThrottle, error) {
	return limitAttempt(t, p.ClientLimit, p.Window, now, MsgClientTooMany)
}

// SignupAttempt counts a sign-up from one client address.
func (p ThrottlePolicy) SignupAttempt(t LoginThrottle, now time.Time) (LoginThrottle, error) {
	return limitAttempt(t, p.SignupLimit, p.SignupWindow, now, MsgSignupTooMany)
}

// limitAttempt counts an attempt against a hard limit per window: the
// attempt that reaches limit is allowed and locks the rest of the window.
func limitAttempt(t LoginThrottle, limit int, window time.Duration, now time.Time, msg Message) (LoginThrottle, error) {
	if t.Locked(now) {
		return t, retryError(msg, t.LockedUntil.Sub(now))
	}
	if t.WindowStart.IsZero() || !now.Before(t.WindowStart.Add(window)) {
		t.WindowStart, t.Failures = now, 0
	}
	t.Failures++
	if t.Failures >= limit {
		t.LockedUntil = t.WindowStart.Add(window)
	}
	return t, nil
}

// retryError refuses an attempt for wait: Minutes is rounded to the nearest
// minute and Seconds up to the next second, neither less than one.
func retryError(msg Message, wait time.Duration) error {
	minutes := max(int(wait.Round(time.Minute)/time.Minute), 1)
	seconds := max(int((wait+time.Second-1)/time.Second), 1)
	return &Error{Code: ETOOMANY, Message: msg, Data: map[string]any{"Minutes": minutes, "Seconds": seconds}}
}

// maxThrottleKey keeps keys within the stored column; longer ones are hashed.
const maxThrottleKey = 200

// throttleKey joins a kind and its parts into a record key.
func throttleKey(kind string, parts ...string) string {
	key := kind + "|" + strings.Join(parts, "|")
	if len(key) <= maxThrottleKey {
		return key
	}
	return hashedThrottleKey(kind, key)
}

func hashedThrottleKey(kind, key string) string {
	sum := sha256.Sum256([]byte(key))
	return kind + "|sha256:" + hex.EncodeToString(sum[:])
}

// accountThrottleKey is the record of a root email or an IAM user: the key
// itself, as it always was, unless it is long or has the separator of the
// other kinds, so that a typed "email" can never name another kind's record
// (such as a client address's).
func accountThrottleKey(key string) string {
	if len(key) <= maxThrottleKey && !strings.Contains(key, "|") {
		return key
	}
	return hashedThrottleKey("account", key)
}

// LoginThrottleRepository keeps attempt counters. It is shared by all server
// processes through the database, so a limit holds everywhere.
type LoginThrottleRepository interface {
	// UpdateThrottle loads the record of key (a zero record with the key when
	// there is none), locked against every other update of key until it is
	// saved, and stores what update returns. When update fails nothing is
	// stored and its error is returned.
	UpdateThrottle(ctx context.Context, key string, update func(LoginThrottle) (LoginThrottle, error)) (LoginThrottle, error)
	DeleteThrottle(ctx context.Context, key string) error
}

// AuthService opens accounts, signs users in, and looks after their
// passwords and sessions.
type AuthService struct {
	Accounts    AccountRepository
	IAM         IAMRepository
	Throttles   LoginThrottleRepository
	Credentials CredentialRepository
	Tokens      UserTokenRepository
	Sessions    SessionRepository
	Mailer      Mailer
	Links       Links
	Log         *slog.Logger
	Hasher      PasswordHasher
	Clock       Clock
	Policy      ThrottlePolicy
	// ConfirmEmails makes Signup open accounts whose root user must
	// confirm the email before signing in (Register sends the link).
	ConfirmEmails bool

	dummyOnce sync.Once
	dummy     string
	dummyErr  error
}

// Signup validates in, then creates an account with a fresh ID and its root
// user. Nothing is stored when any field is wrong. Each valid sign-up counts
// against the client address's limit, taken or not.
func (s *AuthService) Signup(ctx context.Context, client ClientAddress, in SignupInput) (*Account, *User, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, nil, err
	}
	now := s.Clock.Now()
	key := throttleKey("signup", string(client))
	_, err := s.Throttles.UpdateThrottle(ctx, key, func(t LoginThrottle) (LoginThrottle, error) {
		return s.Policy.SignupAttempt(t, now)
	})
	if err != nil {
		return nil, nil, err
	}
	hash, err := s.Hasher.Hash(in.Password)
	if err != nil {
		return nil, nil, err
	}
	// An ID clash is astronomically rare but possible; a few tries settle it.
	for range 5 {
		id, err := NewAccountID()
		if err != nil {
			return nil, nil, err
		}
		acct := &Account{ID: id, Name: in.AccountName, CreatedAt: now, Language: in.Language}
		user := &User{AccountID: id, Email: in.Email, PasswordHash: hash, Role: RoleRoot, CreatedAt: now,
			EmailPending: s.ConfirmEmails}
		err = s.Accounts.CreateAccount(ctx, acct, user)
		if err == nil {
			return acct, user, nil
		}
		if e := AsError(err); e.Code == ECONFLICT && e.Message == MsgEmailTaken {
			return nil, nil, Invalid(FieldErrors{FieldEmail: MsgEmailTaken})
		} else if e.Code != ECONFLICT {
			return nil, nil, err
		}
	}
	return nil, nil, Errorf(EINTERNAL, MsgInternalError)
}

// dummyHash returns a hash made with the service's own hasher. It is compared
// against when no user has the email, so that a wrong email takes as long as
// a wrong password and reveals nothing.
func (s *AuthService) dummyHash() (string, error) {
	s.dummyOnce.Do(func() { s.dummy, s.dummyErr = s.Hasher.Hash("no user has this password") })
	return s.dummy, s.dummyErr
}

// Login checks an email and password sent from client. Every failure that
// is not a throttle gives the same MsgBadCredentials, whether the email
// exists or not.
func (s *AuthService) Login(ctx context.Context, client ClientAddress, email, password string) (*User, error) {
	email = NormalizeEmail(email)
	fields := FieldErrors{}
	if email == "" {
		fields[FieldEmail] = MsgFieldRequired
	}
	if password == "" {
		fields[FieldPassword] = MsgFieldRequired
	}
	if len(fields) > 0 {
		return nil, Invalid(fields)
	}
	return s.checkPassword(ctx, client, accountThrottleKey(email), password, func() (*User, error) {
		return s.Accounts.UserByEmail(ctx, email)
	})
}

// LoginIAM checks an IAM user's account ID, user name and password, with
// the same single failure message and throttling as Login.
func (s *AuthService) LoginIAM(ctx context.Context, client ClientAddress,
	accountID, userName, password string) (*User, error) {
	accountID, userName = strings.TrimSpace(accountID), strings.TrimSpace(userName)
	fields := FieldErrors{}
	switch {
	case accountID == "":
		fields[FieldAccountID] = MsgFieldRequired
	case !IsAccountID(accountID):
		fields[FieldAccountID] = MsgAccountIDInvalid
	}
	if userName == "" {
		fields[FieldUserName] = MsgFieldRequired
	}
	if password == "" {
		fields[FieldPassword] = MsgFieldRequired
	}
	if len(fields) > 0 {
		return nil, Invalid(fields)
	}
	key := accountThrottleKey(iamThrottleKey(accountID, userName))
	return s.checkPassword(ctx, client, key, password, func() (*User, error) {
		return s.IAM.IAMUser(ctx, accountID, userName)
	})
}

// checkPassword runs the throttled password check shared by both sign-in
// forms: the attempt is counted for the client, the account from that
// client and the account before the password is compared, so parallel
// guesses cannot pass the limits. lookup finds the user; ENOTFOUND counts as
// a wrong password. A success forgets the account's failures.
func (s *AuthService) checkPassword(ctx context.Context, client ClientAddress, key, password string,
	lookup func() (*User, error)) (*User, error) {
	pair := throttleKey("pair", key, string(client))
	if err := s.reserveAttempt(ctx, client, pair, key); err != nil {
		return nil, err
	}
	user, err := lookup()
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	hash, err := s.dummyHash()
	if err != nil {
		return nil, err
	}
	if user != nil {
		hash = user.PasswordHash
	}
	ok, err := s.Hasher.Compare(password, hash)
	if err != nil {
		return nil, err
	}
	if !ok || user == nil {
		return nil, Errorf(EUNAUTHORIZED, MsgBadCredentials)
	}
	for _, k := range []string{key, pair} {
		if err := s.Throttles.DeleteThrottle(ctx, k); err != nil {
			return nil, err
		}
	}
	if user.EmailPending {
		// Said only to whoever knows the password, so it reveals nothing.
		return nil, Errorf(EFORBIDDEN, MsgEmailNotConfirmed)
	}
	return user, nil
}

// reserveAttempt counts one attempt against the client address, the
// account from that address and the account, in that order, stopping at the
// first refusal: a refused attempt still counts against the address, never
// against the account, so no one can lengthen the owner's wait without
// making guesses that count.
func (s *AuthService) reserveAttempt(ctx context.Context, client ClientAddress, pair, account string) error {
	now := s.Clock.Now()
	steps := []struct {
		key  string
		rule func(LoginThrottle, time.Time) (LoginThrottle, error)
	}{
		{throttleKey("client", string(client)), s.Policy.ClientAttempt},
		{pair, s.Policy.PairAttempt},
		{account, s.Policy.AccountAttempt},
	}
	for _, step := range steps {
		_, err := s.Throttles.UpdateThrottle(ctx, step.key, func(t LoginThrottle) (LoginThrottle, error) {
			return step.rule(t, now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
