package app_test

import (
	"testing"

	"github.com/mlportal/portal/domain"
)

// APICredentials finds the key with its secret and its user's policies, so
// the Catalog API authorizes a signed request as it would the user's pages.
func TestAPICredentials(t *testing.T) {
	f := newFixture(t)
	ctx, owner := t.Context(), f.principals[0]
	f.ensureTarget(t)
	if _, err := f.app.AttachManagedPolicy(ctx, owner, targetUser, "AWSMarketplaceSellerFullAccess"); err != nil {
		t.Fatal(err)
	}
	k, secret, err := f.app.CreateAccessKey(ctx, owner, targetUser)
	if err != nil {
		t.Fatal(err)
	}
	caller, err := f.app.APICredentials(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if caller.Secret != secret || caller.Key.ID != k.ID || !caller.Key.Active() || caller.Key.UserName != targetUser {
		t.Fatalf("caller key %+v, secret matches %v", caller.Key, caller.Secret == secret)
	}
	pr := caller.Principal
	if pr.User == nil || pr.User.UserName != targetUser || pr.User.AccountID != ownerAccount || pr.User.Role != domain.RoleIAM {
		t.Fatalf("principal %+v", pr.User)
	}
	if len(pr.Policies) != 2 {
		t.Errorf("%d policies, want the custom one and AWSMarketplaceSellerFullAccess", len(pr.Policies))
	}
	if err := domain.Authorize(pr, domain.ActionStartChangeSet, domain.ProductARN(ownerAccount, f.productID)); err != nil {
		t.Errorf("the key's user may not start a change set: %v", err)
	}

	// An inactive key is returned as it is: the API refuses it in its words.
	if err := f.app.SetAccessKeyStatus(ctx, owner, targetUser, k.ID, domain.AccessKeyInactive); err != nil {
		t.Fatal(err)
	}
	if caller, err := f.app.APICredentials(ctx, k.ID); err != nil || caller.Key.Active() {
		t.Errorf("inactive key: %+v, %v", caller.Key, err)
	}

	if err := f.app.MarkAccessKeyUsed(ctx, k.ID, "aws-marketplace"); err != nil {
		t.Fatal(err)
	}
	keys, err := f.app.AccessKeys(ctx, owner, targetUser)
	if err != nil || len(keys) != 1 || keys[0].LastUsedAt == nil || !keys[0].LastUsedAt.Equal(f.app.Clock().Now()) ||
		keys[0].LastUsedService != "aws-marketplace" {
		t.Errorf("keys after a use: %+v, %v", keys, err)
	}

	for _, id := range []string{"AKIAAAAAAAAAAAAAAAAA", "not a key", ""} {
		if _, err := f.app.APICredentials(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("APICredentials(%q): %v, want ENOTFOUND", id, err)
		}
	}
	// The key goes with its user.
	if _, err := f.app.DeleteIAMUser(ctx, owner, targetUser); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.APICredentials(ctx, k.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("key of a deleted user: %v, want ENOTFOUND", err)
	}
}
