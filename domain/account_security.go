package domain

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"time"
)

// Messages of the account security use cases.
const (
	MsgEmailNotConfirmed   Message = "security.email_not_confirmed"
	MsgLinkInvalid         Message = "security.link_invalid"
	MsgCurrentPasswordBad  Message = "security.current_password_bad"
	MsgPasswordUnchanged   Message = "security.password_unchanged"
	MsgPasswordsDiffer     Message = "security.passwords_differ"
	MsgResetTooMany        Message = "security.reset_too_many"
	MsgSessionNotFound     Message = "security.session_not_found"
	mailConfirmSubject     Message = "security.mail_confirm_subject"
	mailConfirmBody        Message = "security.mail_confirm_body"
	mailAlreadySubject     Message = "security.mail_already_subject"
	mailAlreadyBody        Message = "security.mail_already_body"
	mailResetSubject       Message = "mail.reset_subject"
	mailResetBody          Message = "mail.reset_body"
	mailPasswordSetSubject Message = "mail.password_changed_subject"
	mailPasswordSetBody    Message = "mail.password_changed_body"
)

// Lifetimes of the one-time links sent by email.
const (
	ConfirmEmailLifetime  = 24 * time.Hour
	PasswordResetLifetime = 30 * time.Minute
)

// TokenPurpose says what a one-time token may be used for, so a token sent
// for one thing can never be spent on another.
type TokenPurpose string

// Token purposes.
const (
	TokenConfirmEmail  TokenPurpose = "confirm_email"
	TokenPasswordReset TokenPurpose = "password_reset"
)

// UserToken is a one-time token as the server keeps it: only the hash of
// what was sent, so the table cannot be used to reset anyone's password.
type UserToken struct {
	UserID    int64
	Purpose   TokenPurpose
	Hash      string
	ExpiresAt time.Time
}

// UserTokenRepository keeps one-time tokens.
type UserTokenRepository interface {
	CreateToken(ctx context.Context, t UserToken) error
	// PeekToken returns the unexpired, unused token, or ENOTFOUND.
	PeekToken(ctx context.Context, purpose TokenPurpose, hash string, now time.Time) (UserToken, error)
	// UseToken marks the unexpired, unused token used at now and returns it,
	// atomically: of two requests spending one token, one gets ENOTFOUND.
	UseToken(ctx context.Context, purpose TokenPurpose, hash string, now time.Time) (UserToken, error)
}

// CredentialRepository changes what a user signs in with.
type CredentialRepository interface {
	SetPassword(ctx context.Context, userID int64, hash string) error
	// ConfirmEmail clears the user's pending-confirmation mark.
	ConfirmEmail(ctx context.Context, userID int64) error
}

// Links builds the absolute addresses put in emails. They come from the
// configured public address, never from the request's Host header, which
// an attacker could set to receive someone's reset link.
type Links struct {
	Base string
}

// ConfirmEmail is the address of an email confirmation link.
func (l Links) ConfirmEmail(token string) string { return l.Base + "/signup/confirm/" + token }

// PasswordReset is the address of a password reset link.
func (l Links) PasswordReset(token string) string { return l.Base + "/password-reset/" + token }

// ResetStart is the page where a reset link is asked for.
func (l Links) ResetStart() string { return l.Base + "/password-reset" }

// SignIn is the sign-in page.
func (l Links) SignIn() string { return l.Base + "/login" }

// newToken returns a random token to send and the hash to keep.
func newToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", Internal(err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is what is stored of a one-time token or a session ID.
func TokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SessionHandle names a stored session (by its key, itself a hash) in pages
// and forms without revealing anything that could be used as a cookie.
func SessionHandle(key string) string {
	sum := sha256.Sum256([]byte("session handle|" + key))
	return hex.EncodeToString(sum[:10])
}

// Register opens an account the way that reveals nothing about which
// emails are registered: the answer is the same whether the email is new or
// taken, and both send an email. A new account's root user confirms the
// email with the link sent before signing in; the owner of a taken email is
// told someone tried, with links to sign in or reset the password. Only
// invalid input and throttling are errors.
func (s *AuthService) Register(ctx context.Context, client ClientAddress, in SignupInput, lang string) error {
	in.Language = lang
	_, user, err := s.Signup(ctx, client, in)
	if e := AsError(err); err != nil && e.Code == EINVALID && e.Fields[FieldEmail] == MsgEmailTaken && len(e.Fields) == 1 {
		s.send(ctx, Mail{To: NormalizeEmail(in.Email), Lang: lang, Subject: mailAlreadySubject, Body: mailAlreadyBody,
			Data: map[string]any{"SignInLink": s.Links.SignIn(), "ResetLink": s.Links.ResetStart()}})
		return nil
	} else if err != nil {
		return err
	}
	return s.sendConfirmation(ctx, user, lang)
}

// send hands m to the mailer. A failure is logged, not returned: the page
// must read the same whether or not an email went out, and the user can ask
// for a new link.
func (s *AuthService) send(ctx context.Context, m Mail) {
	if err := s.Mailer.Send(ctx, m); err != nil && s.Log != nil {
		s.Log.ErrorContext(ctx, "email not sent", "subject", string(m.Subject), "err", err)
	}
}

// ResendConfirmation sends a new confirmation link to a root user who has
// not confirmed the email yet. Like RequestPasswordReset, the answer is the
// same for any email, and the requests from one address are limited.
func (s *AuthService) ResendConfirmation(ctx context.Context, client ClientAddress, email, lang string) error {
	user, err := s.emailedUser(ctx, client, email)
	if err != nil || user == nil || !user.EmailPending {
		return err
	}
	return s.sendConfirmation(ctx, user, lang)
}

// issueToken makes a one-time token for user, keeps its hash for
// lifetime, and returns the token to put in a link.
func (s *AuthService) issueToken(ctx context.Context, user *User, purpose TokenPurpose, lifetime time.Duration) (string, error) {
	token, hash, err := newToken()
	if err != nil {
		return "", err
	}
	err = s.Tokens.CreateToken(ctx, UserToken{UserID: user.ID, Purpose: purpose, Hash: hash,
		ExpiresAt: s.Clock.Now().Add(lifetime)})
	return token, err
}

// sendConfirmation sends user a new email confirmation link.
func (s *AuthService) sendConfirmation(ctx context.Context, user *User, lang string) error {
	token, err := s.issueToken(ctx, user, TokenConfirmEmail, ConfirmEmailLifetime)
	if err != nil {
		return err
	}
	s.send(ctx, Mail{To: user.Email, Lang: lang, Subject: mailConfirmSubject, Body: mailConfirmBody,
		Data: map[string]any{"Link": s.Links.ConfirmEmail(token), "AccountID": user.AccountID,
			"Hours": int(ConfirmEmailLifetime / time.Hour)}})
	return nil
}

// emailedUser checks an email typed to receive a link and counts the
// request against the client address; it returns the user with that email,
// or nil when there is none.
func (s *AuthService) emailedUser(ctx context.Context, client ClientAddress, email string) (*User, error) {
	email = NormalizeEmail(email)
	if msg := ValidateEmail(email); msg != "" {
		return nil, Invalid(FieldErrors{FieldEmail: msg})
	}
	now := s.Clock.Now()
	_, err := s.Throttles.UpdateThrottle(ctx, throttleKey("reset", string(client)), func(t LoginThrottle) (LoginThrottle, error) {
		t, err := s.Policy.SignupAttempt(t, now)
		if e := AsError(err); err != nil && e.Code == ETOOMANY {
			e.Message = MsgResetTooMany
		}
		return t, err
	})
	if err != nil {
		return nil, err
	}
	user, err := s.Accounts.UserByEmail(ctx, email)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return user, err
}

// ConfirmEmail spends an email confirmation token and returns the user,
// whose account may now sign in.
func (s *AuthService) ConfirmEmail(ctx context.Context, token string) (*User, error) {
	t, err := s.Tokens.UseToken(ctx, TokenConfirmEmail, TokenHash(token), s.Clock.Now())
	if err != nil {
		return nil, linkError(err)
	}
	if err := s.Credentials.ConfirmEmail(ctx, t.UserID); err != nil {
		return nil, err
	}
	return s.Accounts.UserByID(ctx, t.UserID)
}

// linkError turns a missing token into the message every bad link gets.
func linkError(err error) error {
	if ErrorCode(err) == ENOTFOUND {
		return Errorf(ENOTFOUND, MsgLinkInvalid)
	}
	return err
}

// RequestPasswordReset emails a one-time reset link when a root user has
// the email. The answer is the same either way; the number of requests
// from one client address is limited like sign-ups.
func (s *AuthService) RequestPasswordReset(ctx context.Context, client ClientAddress, email, lang string) error {
	user, err := s.emailedUser(ctx, client, email)
	if err != nil || user == nil {
		return err
	}
	token, err := s.issueToken(ctx, user, TokenPasswordReset, PasswordResetLifetime)
	if err != nil {
		return err
	}
	s.send(ctx, Mail{To: user.Email, Lang: lang, Subject: mailResetSubject, Body: mailResetBody,
		Data: map[string]any{"Link": s.Links.PasswordReset(token), "Minutes": int(PasswordResetLifetime / time.Minute)}})
	return nil
}

// CheckToken reports whether an emailed link can still be used, without
// using it, so the page can show its form or say the link is spent.
func (s *AuthService) CheckToken(ctx context.Context, purpose TokenPurpose, token string) error {
	_, err := s.Tokens.PeekToken(ctx, purpose, TokenHash(token), s.Clock.Now())
	return linkError(err)
}

// NewPassword is a password typed twice.
type NewPassword struct {
	Password string
	Confirm  string
}

// validate checks the new password for user: the rules of every new
// password, and the two copies agree.
func (p NewPassword) validate(user *User, accountName string) error {
	if msg := ValidatePassword(p.Password, user.Email, user.UserName, accountName); msg != "" {
		return Invalid(FieldErrors{FieldPassword: msg})
	}
	if p.Password != p.Confirm {
		return Invalid(FieldErrors{FieldPasswordConfirm: MsgPasswordsDiffer})
	}
	return nil
}

// ResetPassword spends a reset token and sets the new password. Every
// session of the user ends (whoever had the old password is signed out),
// the email counts as confirmed (the link proved it), and the account's
// sign-in failures are forgotten.
func (s *AuthService) ResetPassword(ctx context.Context, token string, p NewPassword, lang string) (*User, error) {
	now := s.Clock.Now()
	t, err := s.Tokens.PeekToken(ctx, TokenPasswordReset, TokenHash(token), now)
	if err != nil {
		return nil, linkError(err)
	}
	user, err := s.Accounts.UserByID(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if err := p.validate(user, s.accountName(ctx, user)); err != nil {
		return nil, err
	}
	hash, err := s.Hasher.Hash(p.Password)
	if err != nil {
		return nil, err
	}
	// Spent only now, so a typo in the new password does not cost the link.
	if _, err := s.Tokens.UseToken(ctx, TokenPasswordReset, t.Hash, now); err != nil {
		return nil, linkError(err)
	}
	if err := s.setPassword(ctx, user, hash, "", lang); err != nil {
		return nil, err
	}
	if err := s.Credentials.ConfirmEmail(ctx, user.ID); err != nil {
		return nil, err
	}
	return user, s.Throttles.DeleteThrottle(ctx, accountThrottleKey(user.Email))
}

// ChangePassword sets a signed-in user's new password after checking the
// current one (counted like a sign-in attempt, so a stolen session cannot
// guess it quickly). Every other session of the user ends; keepSession is
// the key of the one making the change.
func (s *AuthService) ChangePassword(ctx context.Context, client ClientAddress, user *User, keepSession, current string,
	p NewPassword, lang string) error {
	if current == "" {
		return Invalid(FieldErrors{FieldCurrentPassword: MsgFieldRequired})
	}
	key := accountThrottleKey(user.Email)
	if !user.IsRoot() || user.Email == "" {
		key = accountThrottleKey(iamThrottleKey(user.AccountID, user.UserName))
	}
	_, err := s.checkPassword(ctx, client, key, current, func() (*User, error) { return s.Accounts.UserByID(ctx, user.ID) })
	if e := AsError(err); err != nil && e.Code == EUNAUTHORIZED {
		return Invalid(FieldErrors{FieldCurrentPassword: MsgCurrentPasswordBad})
	} else if err != nil {
		return err
	}
	if err := p.validate(user, s.accountName(ctx, user)); err != nil {
		return err
	}
	if p.Password == current {
		return Invalid(FieldErrors{FieldPassword: MsgPasswordUnchanged})
	}
	hash, err := s.Hasher.Hash(p.Password)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, user, hash, keepSession, lang)
}

// setPassword stores hash, ends every session of user but keepSession, and
// tells a root user by email.
func (s *AuthService) setPassword(ctx context.Context, user *User, hash, keepSession, lang string) error {
	if err := s.Credentials.SetPassword(ctx, user.ID, hash); err != nil {
		return err
	}
	if _, err := s.Sessions.DeleteUserSessions(ctx, user.ID, keepSession); err != nil {
		return err
	}
	if user.Email != "" {
		s.send(ctx, Mail{To: user.Email, Lang: lang, Subject: mailPasswordSetSubject, Body: mailPasswordSetBody,
			Data: map[string]any{"Time": s.Clock.Now().UTC().Format("2006-01-02 15:04 UTC"), "ResetLink": s.Links.ResetStart()}})
	}
	return nil
}

// accountName is the name of user's account, for the check that a password
// does not contain it; "" when it cannot be read.
func (s *AuthService) accountName(ctx context.Context, user *User) string {
	a, err := s.Accounts.AccountByID(ctx, user.AccountID)
	if err != nil {
		return ""
	}
	return a.Name
}

// ActiveSession is one signed-in browser of a user, as listed to them.
type ActiveSession struct {
	Handle        string
	SignedInAt    time.Time
	ExpiresAt     time.Time
	UserAgent     string
	ClientAddress string
	Current       bool
}

// ActiveSessions lists user's unexpired sessions, the current one (key) marked.
func (s *AuthService) ActiveSessions(ctx context.Context, user *User, key string) ([]ActiveSession, error) {
	recs, err := s.Sessions.UserSessions(ctx, user.ID, s.Clock.Now())
	if err != nil {
		return nil, err
	}
	out := make([]ActiveSession, 0, len(recs))
	for _, r := range recs {
		out = append(out, ActiveSession{Handle: SessionHandle(r.ID), SignedInAt: r.CreatedAt, ExpiresAt: r.ExpiresAt,
			UserAgent: r.UserAgent, ClientAddress: r.ClientAddress, Current: r.ID == key})
	}
	// This browser first, then the newest: the repository gives newest first.
	slices.SortStableFunc(out, func(a, b ActiveSession) int {
		switch {
		case a.Current == b.Current:
			return 0
		case a.Current:
			return -1
		}
		return 1
	})
	return out, nil
}

// EndSession signs one of user's sessions out, named by its handle. Another
// user's handle is ENOTFOUND.
func (s *AuthService) EndSession(ctx context.Context, user *User, handle string) error {
	recs, err := s.Sessions.UserSessions(ctx, user.ID, s.Clock.Now())
	if err != nil {
		return err
	}
	for _, r := range recs {
		if SessionHandle(r.ID) == strings.TrimSpace(handle) {
			return s.Sessions.DeleteSession(ctx, r.ID)
		}
	}
	return Errorf(ENOTFOUND, MsgSessionNotFound)
}

// EndAllSessions signs user out everywhere, this browser included.
func (s *AuthService) EndAllSessions(ctx context.Context, user *User) error {
	_, err := s.Sessions.DeleteUserSessions(ctx, user.ID, "")
	return err
}
