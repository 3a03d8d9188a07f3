package domain

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"regexp"
	"time"
)

// IAM actions on an IAM user's access keys, checked on the user's ARN as
// AWS does. iam:* grants them all.
const (
	ActionCreateAccessKey = "iam:CreateAccessKey"
	ActionListAccessKeys  = "iam:ListAccessKeys"
	ActionUpdateAccessKey = "iam:UpdateAccessKey"
	ActionDeleteAccessKey = "iam:DeleteAccessKey"
)

// MsgTaskManageAccessKeys names the task of AccessKeysTask.
const MsgTaskManageAccessKeys Message = "accesskeys.task_manage"

// AccessKeysTask is managing IAM users' access keys, with the actions it
// needs, for the "Permissions required" section of the IAM page.
func AccessKeysTask() Task {
	return Task{MsgTaskManageAccessKeys, []string{ActionListAccessKeys, ActionCreateAccessKey, ActionUpdateAccessKey,
		ActionDeleteAccessKey}}
}

// MaxAccessKeysPerUser is AWS's limit: two keys, so that one can be
// rotated while the other still works.
const MaxAccessKeysPerUser = 2

// AccessKeyUseGranularity is how often a key's last use is written: a use
// within this time of the recorded one, for the same service, is not
// written again, so that a busy client costs no write per request.
const AccessKeyUseGranularity = time.Minute

// AccessKeyStatus says whether a key signs requests.
type AccessKeyStatus string

// A key is created Active; an Inactive key is refused until made Active
// again.
const (
	AccessKeyActive   AccessKeyStatus = "Active"
	AccessKeyInactive AccessKeyStatus = "Inactive"
)

// Valid reports whether s is one of the two statuses.
func (s AccessKeyStatus) Valid() bool { return s == AccessKeyActive || s == AccessKeyInactive }

// Messages about access keys.
const (
	MsgAccessKeyLimit         Message = "accesskeys.limit_reached"
	MsgAccessKeyStatusInvalid Message = "accesskeys.status_invalid"
)

// AccessKey is an IAM user's long-term credential for the Catalog API. Its
// secret is not a field: it is shown once when the key is created, and
// only the signature check reads it again (see APICaller).
type AccessKey struct {
	// ID is "AKIA" and 16 characters of A-Z and 2-7, as AWS's key IDs.
	ID              string
	AccountID       string
	UserID          int64
	UserName        string
	Status          AccessKeyStatus
	CreatedAt       time.Time
	LastUsedAt      *time.Time // nil until the key signs a request
	LastUsedService string     // the service of that request, such as "aws-marketplace"
}

// Active reports whether the key may sign requests.
func (k AccessKey) Active() bool { return k.Status == AccessKeyActive }

// accessKeyIDPattern is the shape of the IDs NewAccessKey makes.
var accessKeyIDPattern = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)

// ValidAccessKeyID reports whether s has the shape of an access key ID, so
// that a malformed one is refused before any lookup.
func ValidAccessKeyID(s string) bool { return accessKeyIDPattern.MatchString(s) }

// accessKeySecretBytes is the secret's entropy: 30 random bytes are 40
// characters of base64 (A-Z a-z 0-9 + /) without padding, the length and
// alphabet of AWS's secret access keys.
const accessKeySecretBytes = 30

// NewAccessKey makes a new active key for the IAM user u, created at now,
// and its secret, both from crypto/rand.
func NewAccessKey(u *User, now time.Time) (AccessKey, string, error) {
	id := make([]byte, 10) // 80 bits: 16 base32 characters
	secret := make([]byte, accessKeySecretBytes)
	if _, err := rand.Read(id); err != nil {
		return AccessKey{}, "", Internal(err)
	}
	if _, err := rand.Read(secret); err != nil {
		return AccessKey{}, "", Internal(err)
	}
	k := AccessKey{
		ID: "AKIA" + base32.StdEncoding.EncodeToString(id), AccountID: u.AccountID, UserID: u.ID, UserName: u.UserName,
		Status: AccessKeyActive, CreatedAt: now,
	}
	return k, base64.StdEncoding.EncodeToString(secret), nil
}

// CanCreateAccessKey is the rule for one more key beside existing, the
// user's keys: at most MaxAccessKeysPerUser, active or not.
func CanCreateAccessKey(existing []AccessKey) error {
	if len(existing) >= MaxAccessKeysPerUser {
		return Errorf(ECONFLICT, MsgAccessKeyLimit)
	}
	return nil
}

// APICaller is who signed a Catalog API request: the key, its secret to
// recompute the signature with, and the principal of the key's user, whose
// policies authorize the request as they do the user's pages.
type APICaller struct {
	Key       AccessKey
	Secret    string
	Principal Principal
}

// AccessKeyRepository stores access keys. Secrets are sealed at rest,
// never stored in clear.
type AccessKeyRepository interface {
	// CreateAccessKey stores k and its secret. In the same transaction,
	// with the user's row locked so that concurrent creations take turns,
	// it gives check the user's current keys and stores nothing when check
	// refuses. A user that no longer exists gives ENOTFOUND.
	CreateAccessKey(ctx context.Context, k AccessKey, secret string, check func(existing []AccessKey) error) error
	// AccessKeys lists a user's keys, oldest first.
	AccessKeys(ctx context.Context, userID int64) ([]AccessKey, error)
	// AccessKeyWithSecret finds a key by ID with its secret, for the
	// signature check, or ENOTFOUND.
	AccessKeyWithSecret(ctx context.Context, keyID string) (AccessKey, string, error)
	// SetAccessKeyStatus changes the status of one of the user's keys, or
	// gives ENOTFOUND.
	SetAccessKeyStatus(ctx context.Context, userID int64, keyID string, status AccessKeyStatus) error
	// DeleteAccessKey deletes one of the user's keys, or gives ENOTFOUND.
	DeleteAccessKey(ctx context.Context, userID int64, keyID string) error
	// MarkAccessKeyUsed records that the key signed a request for service
	// at at, unless a use for the same service was recorded less than
	// AccessKeyUseGranularity before. An unknown key is not an error.
	MarkAccessKeyUsed(ctx context.Context, keyID string, at time.Time, service string) error
}
