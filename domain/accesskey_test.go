package domain_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
)

func TestNewAccessKey(t *testing.T) {
	u := &domain.User{ID: 7, AccountID: "111122223333", UserName: "catalog-automation", Role: domain.RoleIAM}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	secretShape := regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)
	ids, secrets := map[string]bool{}, map[string]bool{}
	for range 200 {
		k, secret, err := domain.NewAccessKey(u, now)
		if err != nil {
			t.Fatal(err)
		}
		if !domain.ValidAccessKeyID(k.ID) || len(k.ID) != 20 {
			t.Fatalf("key ID %q is not AKIA and 16 base32 characters", k.ID)
		}
		if !secretShape.MatchString(secret) {
			t.Fatalf("secret of %d characters is not 40 of A-Za-z0-9+/", len(secret))
		}
		if ids[k.ID] || secrets[secret] {
			t.Fatal("a key ID or secret came out twice")
		}
		ids[k.ID], secrets[secret] = true, true
		want := domain.AccessKey{ID: k.ID, AccountID: u.AccountID, UserID: u.ID, UserName: u.UserName,
			Status: domain.AccessKeyActive, CreatedAt: now}
		if k != want {
			t.Fatalf("key %+v, want %+v", k, want)
		}
		if !k.Active() {
			t.Fatal("a new key is not active")
		}
	}
}

func TestValidAccessKeyID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"AKIAIOSFODNN7EXAMPLE", true},
		{"AKIAABCDEFGHIJKLMNOP", true},
		{"AKIAABCDEFGHIJKLMNO", false},   // 15 characters
		{"AKIAABCDEFGHIJKLMNOPQ", false}, // 17
		{"AKIAabcdefghijklmnop", false},  // lower case
		{"AKIAABCDEFGHIJKLMNO1", false},  // 1 is not base32
		{"ASIAABCDEFGHIJKLMNOP", false},  // temporary credentials are not ours
		{"", false},
		{"AKIAABCDEFGHIJKLMNOP\n", false},
	}
	for _, tt := range tests {
		if got := domain.ValidAccessKeyID(tt.id); got != tt.want {
			t.Errorf("ValidAccessKeyID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

func TestCanCreateAccessKey(t *testing.T) {
	key := domain.AccessKey{Status: domain.AccessKeyActive}
	inactive := domain.AccessKey{Status: domain.AccessKeyInactive}
	tests := []struct {
		name     string
		existing []domain.AccessKey
		wantCode string
	}{
		{"none", nil, ""},
		{"one", []domain.AccessKey{key}, ""},
		{"two active", []domain.AccessKey{key, key}, domain.ECONFLICT},
		{"inactive keys count too", []domain.AccessKey{key, inactive}, domain.ECONFLICT},
		{"more than the limit", []domain.AccessKey{key, key, key}, domain.ECONFLICT},
	}
	for _, tt := range tests {
		err := domain.CanCreateAccessKey(tt.existing)
		if got := domain.ErrorCode(err); got != tt.wantCode {
			t.Errorf("%s: code %q, want %q", tt.name, got, tt.wantCode)
		}
		if err != nil && domain.AsError(err).Message != domain.MsgAccessKeyLimit {
			t.Errorf("%s: message %q", tt.name, domain.AsError(err).Message)
		}
	}
}

func TestAccessKeyStatusValid(t *testing.T) {
	for s, want := range map[domain.AccessKeyStatus]bool{
		domain.AccessKeyActive: true, domain.AccessKeyInactive: true, "active": false, "": false, "Deleted": false,
	} {
		if got := s.Valid(); got != want {
			t.Errorf("%q.Valid() = %v, want %v", s, got, want)
		}
	}
}

// The access key actions are IAM actions: IAMFullAccess grants them on any
// user, and a policy without them refuses an IAM user.
func TestAccessKeyActionsAuthorize(t *testing.T) {
	iamFull, _ := domain.ManagedPolicyByName("IAMFullAccess")
	sellerFull, _ := domain.ManagedPolicyByName("AWSMarketplaceSellerFullAccess")
	user := &domain.User{ID: 2, AccountID: "111122223333", UserName: "ops", Role: domain.RoleIAM}
	root := &domain.User{ID: 1, AccountID: "111122223333", Role: domain.RoleRoot}
	resource := domain.IAMUserARN("111122223333", "catalog-automation")
	for _, action := range []string{domain.ActionCreateAccessKey, domain.ActionListAccessKeys,
		domain.ActionUpdateAccessKey, domain.ActionDeleteAccessKey} {
		if err := domain.Authorize(domain.Principal{User: root}, action, resource); err != nil {
			t.Errorf("root refused %s: %v", action, err)
		}
		if err := domain.Authorize(domain.Principal{User: user, Policies: []domain.PolicyDocument{iamFull.Document}}, action, resource); err != nil {
			t.Errorf("IAMFullAccess refused %s: %v", action, err)
		}
		err := domain.Authorize(domain.Principal{User: user, Policies: []domain.PolicyDocument{sellerFull.Document}}, action, resource)
		if domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("AWSMarketplaceSellerFullAccess allowed %s: %v", action, err)
		}
	}
}
