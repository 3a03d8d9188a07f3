package domain

import (
	"context"
	"crypto/rand"
	"math/big"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// AccountIDLength is the number of digits of an AWS account ID.
const AccountIDLength = 12

// Limits on sign-up fields.
const (
	MaxAccountNameLength = 50
	MaxEmailLength       = 254
	MinPasswordLength    = 12
	MaxPasswordLength    = 128
)

// Role says what kind of user someone is.
type Role string

// The roles a user can have.
const (
	// RoleRoot is the account's root user: allowed everything in its account.
	RoleRoot Role = "root"
	// RoleOperator is an AWS Marketplace Seller Operations user. Operators are
	// made by configuration or demo data, never by sign-up.
	RoleOperator Role = "operator"
	// RoleIAM is an IAM user of an account: allowed what its policies allow.
	RoleIAM Role = "iam"
)

// Account is an AWS account: the unit that owns products, resources and
// subscriptions.
type Account struct {
	ID        string // 12 digits
	Name      string
	CreatedAt time.Time
	// Language is the language the account's emails are written in
	// ("en", "fr" or "es"), the one it signed up in.
	Language string
}

// User is a person who signs in to an account.
type User struct {
	ID           int64
	AccountID    string
	Email        string // lower case; empty for IAM users
	UserName     string // IAM users only; unique in the account
	PasswordHash string
	Role         Role
	CreatedAt    time.Time
	// EmailPending marks a root user who signed up and has not yet opened
	// the confirmation link: they cannot sign in until they do.
	EmailPending bool
}

// IsOperator reports whether the user works for Seller Operations.
func (u *User) IsOperator() bool { return u.Role == RoleOperator }

// IsRoot reports whether the user is its account's root user.
func (u *User) IsRoot() bool { return u.Role == RoleRoot }

// ARN names the user the way IAM does, for messages and audit records.
func (u *User) ARN() string {
	if u.Role == RoleIAM {
		return "arn:aws:iam::" + u.AccountID + ":user/" + u.UserName
	}
	return "arn:aws:iam::" + u.AccountID + ":root"
}

// Label is how pages name the user: the IAM user name or the email.
func (u *User) Label() string {
	if u.Role == RoleIAM {
		return u.UserName
	}
	return u.Email
}

// SignupInput is what a visitor types to open an account.
type SignupInput struct {
	AccountName string
	Email       string
	Password    string
	// Language is the page's language, kept as the account's.
	Language string
}

// Normalize trims the fields and lower-cases the email. The password is left
// exactly as typed.
func (in *SignupInput) Normalize() {
	in.AccountName = strings.TrimSpace(in.AccountName)
	in.Email = NormalizeEmail(in.Email)
}

// Validate checks every field and returns all problems at once.
func (in SignupInput) Validate() error {
	fields := FieldErrors{}
	switch {
	case in.AccountName == "":
		fields[FieldAccountName] = MsgFieldRequired
	case utf8.RuneCountInString(in.AccountName) > MaxAccountNameLength:
		fields[FieldAccountName] = MsgAccountNameTooLong
	case strings.ContainsFunc(in.AccountName, isControl):
		fields[FieldAccountName] = MsgAccountNameInvalid
	}
	if msg := ValidateEmail(in.Email); msg != "" {
		fields[FieldEmail] = msg
	}
	if msg := ValidatePassword(in.Password, in.Email, in.AccountName); msg != "" {
		fields[FieldPassword] = msg
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// NormalizeEmail trims and lower-cases an email so that one mailbox maps to
// one account whatever case it was typed in.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateEmail returns the problem with an email address, or "" when it is
// acceptable: a bare address (no display name) with a dotted domain.
func ValidateEmail(email string) Message {
	if email == "" {
		return MsgFieldRequired
	}
	if len(email) > MaxEmailLength {
		return MsgEmailTooLong
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return MsgEmailInvalid
	}
	at := strings.LastIndexByte(email, '@')
	domainPart := email[at+1:]
	if !strings.Contains(domainPart, ".") || strings.HasPrefix(domainPart, ".") || strings.HasSuffix(domainPart, ".") {
		return MsgEmailInvalid
	}
	return ""
}

// isControl catches control and invisible format characters (such as
// bidirectional overrides) that would make a name display misleadingly.
func isControl(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }

// NewAccountID returns a random 12-digit account ID. Leading zeros are kept,
// as AWS does.
func NewAccountID() (string, error) {
	var b strings.Builder
	for range AccountIDLength {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil {
			return "", Internal(err)
		}
		b.WriteByte(byte('0' + d.Int64()))
	}
	return b.String(), nil
}

// IsAccountID reports whether s has the form of an AWS account ID.
func IsAccountID(s string) bool {
	if len(s) != AccountIDLength {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// AccountRepository stores accounts and their users.
type AccountRepository interface {
	// CreateAccount stores a new account with its first user, both or
	// neither. A taken email gives ECONFLICT with MsgEmailTaken; a taken
	// account ID gives ECONFLICT with no message, so the caller can retry.
	CreateAccount(ctx context.Context, a *Account, root *User) error
	// UserByEmail finds a user by normalized email, or ENOTFOUND.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// UserByID finds a user, or ENOTFOUND.
	UserByID(ctx context.Context, id int64) (*User, error)
	// AccountByID finds an account, or ENOTFOUND.
	AccountByID(ctx context.Context, id string) (*Account, error)
}
