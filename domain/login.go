package domain

import (
	"context"
	"strings"
	"sync"
	"time"
)

// ThrottlePolicy says how many failed sign-ins for one email are tolerated
// within Window before sign-in is refused for LockFor.
type ThrottlePolicy struct {
	MaxFailures int
	Window      time.Duration
	LockFor     time.Duration
}

// DefaultThrottlePolicy allows five failures in fifteen minutes, then locks
// the email out for fifteen minutes.
var DefaultThrottlePolicy = ThrottlePolicy{MaxFailures: 5, Window: 15 * time.Minute, LockFor: 15 * time.Minute}

// LoginThrottle is the failed sign-in record of one email.
type LoginThrottle struct {
	Key         string
	Failures    int
	WindowStart time.Time
	LockedUntil time.Time
}

// Locked reports whether sign-in is refused at now.
func (t LoginThrottle) Locked(now time.Time) bool { return now.Before(t.LockedUntil) }

// AfterFailure returns the record after one more failed attempt at now.
func (p ThrottlePolicy) AfterFailure(t LoginThrottle, now time.Time) LoginThrottle {
	if t.WindowStart.IsZero() || now.Sub(t.WindowStart) > p.Window {
		t.WindowStart, t.Failures = now, 0
	}
	t.Failures++
	if t.Failures >= p.MaxFailures {
		t.LockedUntil = now.Add(p.LockFor)
		t.WindowStart, t.Failures = time.Time{}, 0
	}
	return t
}

// LoginThrottleRepository keeps failed sign-in records. It is shared by all
// server processes through the database, so a lock-out holds everywhere.
type LoginThrottleRepository interface {
	// Throttle returns the record for key, or a zero record with that key.
	Throttle(ctx context.Context, key string) (LoginThrottle, error)
	SaveThrottle(ctx context.Context, t LoginThrottle) error
	DeleteThrottle(ctx context.Context, key string) error
}

// AuthService opens accounts and signs users in.
type AuthService struct {
	Accounts  AccountRepository
	IAM       IAMRepository
	Throttles LoginThrottleRepository
	Hasher    PasswordHasher
	Clock     Clock
	Policy    ThrottlePolicy

	dummyOnce sync.Once
	dummy     string
	dummyErr  error
}

// Signup validates in, then creates an account with a fresh ID and its root
// user. Nothing is stored when any field is wrong.
func (s *AuthService) Signup(ctx context.Context, in SignupInput) (*Account, *User, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, nil, err
	}
	hash, err := s.Hasher.Hash(in.Password)
	if err != nil {
		return nil, nil, err
	}
	now := s.Clock.Now()
	// An ID clash is astronomically rare but possible; a few tries settle it.
	for range 5 {
		id, err := NewAccountID()
		if err != nil {
			return nil, nil, err
		}
		acct := &Account{ID: id, Name: in.AccountName, CreatedAt: now}
		user := &User{AccountID: id, Email: in.Email, PasswordHash: hash, Role: RoleRoot, CreatedAt: now}
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

// Login checks an email and password. Every failure that is not a lock-out
// gives the same MsgBadCredentials, whether the email exists or not.
func (s *AuthService) Login(ctx context.Context, email, password string) (*User, error) {
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
	return s.checkPassword(ctx, email, password, func() (*User, error) {
		return s.Accounts.UserByEmail(ctx, email)
	})
}

// LoginIAM checks an IAM user's account ID, user name and password, with
// the same single failure message and lock-out as Login.
func (s *AuthService) LoginIAM(ctx context.Context, accountID, userName, password string) (*User, error) {
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
	return s.checkPassword(ctx, iamThrottleKey(accountID, userName), password, func() (*User, error) {
		return s.IAM.IAMUser(ctx, accountID, userName)
	})
}

// checkPassword runs the throttled password check shared by both sign-in
// forms. lookup finds the user; ENOTFOUND counts as a wrong password.
func (s *AuthService) checkPassword(ctx context.Context, key, password string, lookup func() (*User, error)) (*User, error) {
	now := s.Clock.Now()
	throttle, err := s.Throttles.Throttle(ctx, key)
	if err != nil {
		return nil, err
	}
	if throttle.Locked(now) {
		return nil, s.lockedError(throttle, now)
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
		throttle = s.Policy.AfterFailure(throttle, now)
		if err := s.Throttles.SaveThrottle(ctx, throttle); err != nil {
			return nil, err
		}
		if throttle.Locked(now) {
			return nil, s.lockedError(throttle, now)
		}
		return nil, Errorf(EUNAUTHORIZED, MsgBadCredentials)
	}
	if throttle.Failures > 0 {
		if err := s.Throttles.DeleteThrottle(ctx, key); err != nil {
			return nil, err
		}
	}
	return user, nil
}

func (s *AuthService) lockedError(t LoginThrottle, now time.Time) error {
	minutes := int(t.LockedUntil.Sub(now).Round(time.Minute) / time.Minute)
	return &Error{Code: ETOOMANY, Message: MsgTooManyAttempts, Data: map[string]any{"Minutes": max(minutes, 1)}}
}
