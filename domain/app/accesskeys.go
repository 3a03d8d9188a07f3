package app

import (
	"context"

	"github.com/mlportal/portal/domain"
)

// The access keys of the account's IAM users. The page's use cases are
// authorized with the IAM action on the user's ARN, as AWS does, and find
// the user only in the principal's account: another account's user or key
// answers ENOTFOUND. The Catalog API's signature check reads a key by ID
// with APICredentials, before anyone is known.

// CreateAccessKey makes a new active key for the IAM user userName, and
// returns it with its secret: the only time the secret leaves the server.
// A user with MaxAccessKeysPerUser keys gets ECONFLICT.
func (a *App) CreateAccessKey(ctx context.Context, pr domain.Principal, userName string) (domain.AccessKey, string, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionCreateAccessKey, userName)
	if err != nil {
		return domain.AccessKey{}, "", err
	}
	k, secret, err := domain.NewAccessKey(u, a.clock.Now())
	if err != nil {
		return domain.AccessKey{}, "", err
	}
	if err := a.Repos.AccessKeys.CreateAccessKey(ctx, k, secret, domain.CanCreateAccessKey); err != nil {
		return domain.AccessKey{}, "", err
	}
	return k, secret, nil
}

// AccessKeys lists the IAM user's keys, oldest first, without secrets.
func (a *App) AccessKeys(ctx context.Context, pr domain.Principal, userName string) ([]domain.AccessKey, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionListAccessKeys, userName)
	if err != nil {
		return nil, err
	}
	return a.Repos.AccessKeys.AccessKeys(ctx, u.ID)
}

// SetAccessKeyStatus makes one of the user's keys Active or Inactive.
func (a *App) SetAccessKeyStatus(ctx context.Context, pr domain.Principal, userName, keyID string,
	status domain.AccessKeyStatus) error {
	u, err := a.iamUser(ctx, pr, domain.ActionUpdateAccessKey, userName)
	if err != nil {
		return err
	}
	if !status.Valid() {
		return domain.Errorf(domain.EINVALID, domain.MsgAccessKeyStatusInvalid)
	}
	if !domain.ValidAccessKeyID(keyID) {
		return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return a.Repos.AccessKeys.SetAccessKeyStatus(ctx, u.ID, keyID, status)
}

// DeleteAccessKey deletes one of the user's keys for good.
func (a *App) DeleteAccessKey(ctx context.Context, pr domain.Principal, userName, keyID string) error {
	u, err := a.iamUser(ctx, pr, domain.ActionDeleteAccessKey, userName)
	if err != nil {
		return err
	}
	if !domain.ValidAccessKeyID(keyID) {
		return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return a.Repos.AccessKeys.DeleteAccessKey(ctx, u.ID, keyID)
}

// APICredentials is the Catalog API's authentication step: it finds the
// key a request names, with its secret to check the signature and the
// principal of its user to authorize the request. It takes no principal,
// since it is how one is found. An unknown key is ENOTFOUND; an inactive
// key is returned as it is, for the caller to refuse with its own words.
func (a *App) APICredentials(ctx context.Context, accessKeyID string) (domain.APICaller, error) {
	if !domain.ValidAccessKeyID(accessKeyID) {
		return domain.APICaller{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	k, secret, err := a.Repos.AccessKeys.AccessKeyWithSecret(ctx, accessKeyID)
	if err != nil {
		return domain.APICaller{}, err
	}
	u, err := a.Repos.IAM.IAMUser(ctx, k.AccountID, k.UserName)
	if err != nil {
		return domain.APICaller{}, err
	}
	policies, err := a.Repos.IAM.UserPolicies(ctx, u.ID)
	if err != nil {
		return domain.APICaller{}, err
	}
	pr := domain.Principal{User: u, Policies: domain.PolicyDocuments(policies)}
	return domain.APICaller{Key: k, Secret: secret, Principal: pr}, nil
}

// MarkAccessKeyUsed records that the key signed a request for service (such
// as "aws-marketplace") now. It is written at most once a minute per key
// and service; an unknown key is ignored.
func (a *App) MarkAccessKeyUsed(ctx context.Context, keyID, service string) error {
	if !domain.ValidAccessKeyID(keyID) {
		return nil
	}
	return a.Repos.AccessKeys.MarkAccessKeyUsed(ctx, keyID, a.clock.Now(), service)
}
