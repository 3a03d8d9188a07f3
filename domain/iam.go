package domain

import (
	"context"
	"regexp"
	"strings"
	"time"
)

// IAM naming: user and policy names are letters, digits and + = , . @ _ -.
var iamNamePattern = regexp.MustCompile(`^[\w+=,.@-]+$`)

// Limits on IAM names, as in AWS.
const (
	MaxIAMUserNameLength   = 64
	MaxIAMPolicyNameLength = 128
)

// MsgIAMUserNameReserved refuses a user name the portal's addresses cannot
// reach: "new" is the create page (/iam/users/new), "." and ".." are path
// segments that browsers and routers resolve away.
const MsgIAMUserNameReserved Message = "iam.user_name_reserved"

// reservedIAMUserName reports whether s follows IAM's rules but cannot be
// reached in the portal.
func reservedIAMUserName(s string) bool {
	return s == "new" || s == "." || s == ".."
}

// ValidIAMUserName reports whether s follows IAM's user-name rules.
func ValidIAMUserName(s string) bool {
	return len(s) <= MaxIAMUserNameLength && iamNamePattern.MatchString(s)
}

// ValidIAMPolicyName reports whether s follows IAM's policy-name rules.
func ValidIAMPolicyName(s string) bool {
	return len(s) <= MaxIAMPolicyNameLength && iamNamePattern.MatchString(s)
}

// NewIAMUserInput is what the root user types to create an IAM user.
type NewIAMUserInput struct {
	UserName string
	Password string
}

// Validate checks the user name and the password.
func (in NewIAMUserInput) Validate() error {
	fields := FieldErrors{}
	switch {
	case in.UserName == "":
		fields[FieldUserName] = MsgFieldRequired
	case !ValidIAMUserName(in.UserName):
		fields[FieldUserName] = MsgIAMUserNameInvalid
	case reservedIAMUserName(in.UserName):
		fields[FieldUserName] = MsgIAMUserNameReserved
	}
	if msg := ValidatePassword(in.Password, in.UserName); msg != "" {
		fields[FieldPassword] = msg
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// UserPolicy is an identity policy attached to an IAM user: a managed
// policy by name, or a custom JSON document the seller wrote.
type UserPolicy struct {
	ID        int64
	UserID    int64
	Name      string
	Managed   bool
	Document  string // the JSON text as typed, for custom policies
	CreatedAt time.Time
}

// IAMRepository stores IAM users and their policies.
type IAMRepository interface {
	// CreateIAMUser stores a new IAM user; a taken name gives ECONFLICT
	// with MsgIAMUserExists.
	CreateIAMUser(ctx context.Context, u *User) error
	// IAMUser finds an IAM user by account and name, or ENOTFOUND.
	IAMUser(ctx context.Context, accountID, userName string) (*User, error)
	ListIAMUsers(ctx context.Context, accountID string) ([]User, error)
	// DeleteIAMUser removes the user, its policies and its sessions' owner.
	DeleteIAMUser(ctx context.Context, accountID, userName string) error
	UserPolicies(ctx context.Context, userID int64) ([]UserPolicy, error)
	// PolicyCounts returns how many policies each IAM user of the account
	// has, keyed by user ID, in one query.
	PolicyCounts(ctx context.Context, accountID string) (map[int64]int, error)
	// PutUserPolicy attaches a policy; a name already attached gives
	// ECONFLICT with MsgPolicyNameTaken.
	PutUserPolicy(ctx context.Context, p *UserPolicy) error
	// DeleteUserPolicy detaches a policy by name, or ENOTFOUND.
	DeleteUserPolicy(ctx context.Context, userID int64, name string) error
}

// iamThrottleKey keeps IAM sign-in failures apart from root emails.
func iamThrottleKey(accountID, userName string) string {
	return "iam:" + accountID + ":" + strings.ToLower(userName)
}
