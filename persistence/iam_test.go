package persistence_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

const (
	iamAcctA = "610000000001"
	iamAcctB = "620000000002"
)

// iamAccounts creates accounts A and B. A's root user also has a user name,
// to show that a root user is never found as an IAM user.
func iamAccounts(t *testing.T, db *persistence.DB) (rootA *domain.User) {
	t.Helper()
	ctx := context.Background()
	a, rootA := newAccount(iamAcctA, "alice@example.com")
	rootA.UserName = "admin"
	if err := db.Accounts().CreateAccount(ctx, a, rootA); err != nil {
		t.Fatalf("CreateAccount(A) error = %v", err)
	}
	b, rootB := newAccount(iamAcctB, "bob@example.com")
	if err := db.Accounts().CreateAccount(ctx, b, rootB); err != nil {
		t.Fatalf("CreateAccount(B) error = %v", err)
	}
	return rootA
}

func newIAMUser(accountID, name string) *domain.User {
	return &domain.User{AccountID: accountID, UserName: name, PasswordHash: "$argon2id$hash-of-" + name, Role: domain.RoleIAM, CreatedAt: created}
}

func mustCreateIAMUser(t *testing.T, store *persistence.IAMStore, accountID, name string) *domain.User {
	t.Helper()
	u := newIAMUser(accountID, name)
	if err := store.CreateIAMUser(context.Background(), u); err != nil {
		t.Fatalf("CreateIAMUser(%s, %s) error = %v", accountID, name, err)
	}
	return u
}

func mustPutPolicy(t *testing.T, store *persistence.IAMStore, userID int64, name string, managed bool) *domain.UserPolicy {
	t.Helper()
	p := &domain.UserPolicy{UserID: userID, Name: name, Managed: managed, CreatedAt: created}
	if !managed {
		p.Document = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:List*", "Resource": "*"}]}`
	}
	if err := store.PutUserPolicy(context.Background(), p); err != nil {
		t.Fatalf("PutUserPolicy(%d, %s) error = %v", userID, name, err)
	}
	return p
}

func TestIAMStoreCreateAndFind(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		iamAccounts(t, db)
		store := db.IAM()
		u := mustCreateIAMUser(t, store, iamAcctA, "build+bot@ci")
		if u.ID <= 0 {
			t.Fatalf("CreateIAMUser() left ID %d, want the new row's", u.ID)
		}
		got, err := store.IAMUser(ctx, iamAcctA, "build+bot@ci")
		if err != nil {
			t.Fatalf("IAMUser() error = %v", err)
		}
		assertUser(t, got, u)
		if got.Email != "" || got.UserName != "build+bot@ci" || got.Role != domain.RoleIAM {
			t.Errorf("IAMUser() = %+v, want an IAM user without email", *got)
		}
		// The account's sign-in by email does not find it.
		if _, err := db.Accounts().UserByEmail(ctx, ""); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("UserByEmail(\"\") error = %v, want ENOTFOUND", err)
		}
		if byID, err := db.Accounts().UserByID(ctx, u.ID); err != nil || byID.UserName != u.UserName {
			t.Errorf("UserByID() = %+v, %v", byID, err)
		}
	})
}

func TestIAMStoreDuplicateName(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		iamAccounts(t, db)
		store := db.IAM()
		first := mustCreateIAMUser(t, store, iamAcctA, "jane")

		dup := newIAMUser(iamAcctA, "jane")
		dup.PasswordHash = "other"
		err := store.CreateIAMUser(ctx, dup)
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgIAMUserExists)
		if dup.ID != 0 {
			t.Errorf("failed CreateIAMUser() set ID %d", dup.ID)
		}
		if got, err := store.IAMUser(ctx, iamAcctA, "jane"); err != nil || got.PasswordHash != first.PasswordHash {
			t.Errorf("IAMUser() after the clash = %+v, %v; want the first user", got, err)
		}

		// The same name in another account is another user.
		other := mustCreateIAMUser(t, store, iamAcctB, "jane")
		if other.ID == first.ID {
			t.Errorf("two accounts' users share ID %d", other.ID)
		}
		if got, err := store.IAMUser(ctx, iamAcctB, "jane"); err != nil || got.ID != other.ID {
			t.Errorf("IAMUser(B, jane) = %+v, %v; want B's user", got, err)
		}
	})
}

func TestIAMStoreNamesIgnoreCase(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		iamAccounts(t, db)
		store := db.IAM()
		mustCreateIAMUser(t, store, iamAcctA, "jane")
		err := store.CreateIAMUser(context.Background(), newIAMUser(iamAcctA, "Jane"))
		wantDomainError(t, err, domain.ECONFLICT, domain.MsgIAMUserExists)
	})
}

func TestIAMStoreUnknownAccount(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		store := db.IAM()
		u := newIAMUser("699999999999", "ghost")
		if err := store.CreateIAMUser(ctx, u); err == nil {
			t.Fatalf("CreateIAMUser() in an account that does not exist succeeded (ID %d)", u.ID)
		}
		_, err := store.IAMUser(ctx, "699999999999", "ghost")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
	})
}

func TestIAMStoreIAMUserFilters(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		rootA := iamAccounts(t, db)
		store := db.IAM()
		mustCreateIAMUser(t, store, iamAcctA, "jane")
		mustCreateIAMUser(t, store, iamAcctB, "carl")
		tests := []struct {
			name, accountID, userName string
		}{
			{"user of another account", iamAcctA, "carl"},
			{"right name, other account", iamAcctB, "jane"},
			{"root user's email", iamAcctA, "alice@example.com"},
			{"root user's user name", iamAcctA, rootA.UserName},
			{"name in another case", iamAcctA, "JANE"},
			{"empty name", iamAcctA, ""},
			{"empty account", "", "jane"},
		}
		for _, tt := range tests {
			u, err := store.IAMUser(ctx, tt.accountID, tt.userName)
			if domain.ErrorCode(err) != domain.ENOTFOUND || u != nil {
				t.Errorf("%s: IAMUser(%q, %q) = %+v, %v; want ENOTFOUND", tt.name, tt.accountID, tt.userName, u, err)
			}
		}
	})
}

func TestIAMStoreListIAMUsers(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		iamAccounts(t, db)
		store := db.IAM()
		for _, name := range []string{"carol", "alice", "bob", "alice2", "alice.b"} {
			mustCreateIAMUser(t, store, iamAcctA, name)
		}
		mustCreateIAMUser(t, store, iamAcctB, "aaron")

		got, err := store.ListIAMUsers(ctx, iamAcctA)
		if err != nil {
			t.Fatalf("ListIAMUsers() error = %v", err)
		}
		want := []string{"alice", "alice.b", "alice2", "bob", "carol"}
		var names []string
		for _, u := range got {
			names = append(names, u.UserName)
			if u.AccountID != iamAcctA || u.Role != domain.RoleIAM || u.ID == 0 {
				t.Errorf("listed user %+v, want an IAM user of %s", u, iamAcctA)
			}
		}
		if len(names) != len(want) {
			t.Fatalf("ListIAMUsers() names = %v, want %v (no root user, no other account)", names, want)
		}
		for i := range want {
			if names[i] != want[i] {
				t.Errorf("ListIAMUsers() names = %v, want %v", names, want)
				break
			}
		}
		if got, err := store.ListIAMUsers(ctx, "699999999999"); err != nil || len(got) != 0 {
			t.Errorf("ListIAMUsers(unknown account) = %v, %v; want none", got, err)
		}
	})
}

func TestIAMStorePolicies(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		iamAccounts(t, db)
		store := db.IAM()
		jane := mustCreateIAMUser(t, store, iamAcctA, "jane")
		carl := mustCreateIAMUser(t, store, iamAcctA, "carl")

		custom := mustPutPolicy(t, store, jane.ID, "list-models", false)
		managed := mustPutPolicy(t, store, jane.ID, "AmazonSageMakerReadOnly", true)
		if custom.ID <= 0 || managed.ID <= 0 || custom.ID == managed.ID {
			t.Fatalf("PutUserPolicy() IDs = %d, %d; want two new IDs", custom.ID, managed.ID)
		}
		got, err := store.UserPolicies(ctx, jane.ID)
		if err != nil {
			t.Fatalf("UserPolicies() error = %v", err)
		}
		want := []*domain.UserPolicy{managed, custom} // by name
		if len(got) != len(want) {
			t.Fatalf("UserPolicies() = %+v, want %d policies", got, len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.ID != w.ID || g.UserID != w.UserID || g.Name != w.Name || g.Managed != w.Managed || g.Document != w.Document || !g.CreatedAt.Equal(w.CreatedAt) {
				t.Errorf("UserPolicies()[%d] = %+v, want %+v", i, g, *w)
			}
		}

		// A name is taken once per user, managed or not.
		dup := &domain.UserPolicy{UserID: jane.ID, Name: "list-models", Document: "{}", CreatedAt: created}
		wantDomainError(t, store.PutUserPolicy(ctx, dup), domain.ECONFLICT, domain.MsgPolicyNameTaken)
		dup = &domain.UserPolicy{UserID: jane.ID, Name: "AmazonSageMakerReadOnly", Managed: true, CreatedAt: created}
		wantDomainError(t, store.PutUserPolicy(ctx, dup), domain.ECONFLICT, domain.MsgPolicyNameTaken)
		mustPutPolicy(t, store, carl.ID, "list-models", false)

		if err := store.DeleteUserPolicy(ctx, jane.ID, "list-models"); err != nil {
			t.Fatalf("DeleteUserPolicy() error = %v", err)
		}
		got, err = store.UserPolicies(ctx, jane.ID)
		if err != nil || len(got) != 1 || got[0].Name != "AmazonSageMakerReadOnly" {
			t.Errorf("UserPolicies() after delete = %+v, %v; want only the managed policy", got, err)
		}
		// Carl's policy of the same name is untouched.
		if got, err := store.UserPolicies(ctx, carl.ID); err != nil || len(got) != 1 {
			t.Errorf("carl's policies = %+v, %v; want 1", got, err)
		}

		for _, tt := range []struct {
			userID int64
			name   string
		}{
			{jane.ID, "list-models"}, // already deleted
			{jane.ID, "nothing"},
			{carl.ID, "AmazonSageMakerReadOnly"}, // jane's, not carl's
			{jane.ID + carl.ID + 1000, "list-models"},
		} {
			err := store.DeleteUserPolicy(ctx, tt.userID, tt.name)
			wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		}
		if got, err := store.UserPolicies(ctx, jane.ID+carl.ID+1000); err != nil || len(got) != 0 {
			t.Errorf("UserPolicies(unknown user) = %v, %v; want none", got, err)
		}
	})
}

func TestIAMStorePolicyCounts(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		iamAccounts(t, db)
		store := db.IAM()
		jane := mustCreateIAMUser(t, store, iamAcctA, "jane")
		mustCreateIAMUser(t, store, iamAcctA, "nopolicy")
		carl := mustCreateIAMUser(t, store, iamAcctA, "carl")
		other := mustCreateIAMUser(t, store, iamAcctB, "jane")
		mustPutPolicy(t, store, jane.ID, "one", false)
		mustPutPolicy(t, store, jane.ID, "IAMFullAccess", true)
		mustPutPolicy(t, store, carl.ID, "one", false)
		for _, name := range []string{"a", "b", "c"} {
			mustPutPolicy(t, store, other.ID, name, false)
		}

		tests := []struct {
			accountID string
			want      map[int64]int
		}{
			{iamAcctA, map[int64]int{jane.ID: 2, carl.ID: 1}},
			{iamAcctB, map[int64]int{other.ID: 3}},
			{"699999999999", map[int64]int{}},
		}
		for _, tt := range tests {
			got, err := store.PolicyCounts(ctx, tt.accountID)
			if err != nil {
				t.Fatalf("PolicyCounts(%s) error = %v", tt.accountID, err)
			}
			if got == nil || !maps.Equal(got, tt.want) {
				t.Errorf("PolicyCounts(%s) = %v, want %v", tt.accountID, got, tt.want)
			}
		}
	})
}

func TestIAMStoreDeleteIAMUser(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		rootA := iamAccounts(t, db)
		store := db.IAM()
		jane := mustCreateIAMUser(t, store, iamAcctA, "jane")
		carl := mustCreateIAMUser(t, store, iamAcctA, "carl")
		janeB := mustCreateIAMUser(t, store, iamAcctB, "jane")
		for _, u := range []*domain.User{jane, carl, janeB} {
			mustPutPolicy(t, store, u.ID, "list-models", false)
			mustPutPolicy(t, store, u.ID, "IAMFullAccess", true)
		}

		if err := store.DeleteIAMUser(ctx, iamAcctA, "jane"); err != nil {
			t.Fatalf("DeleteIAMUser() error = %v", err)
		}
		_, err := store.IAMUser(ctx, iamAcctA, "jane")
		wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		if got, err := store.UserPolicies(ctx, jane.ID); err != nil || len(got) != 0 {
			t.Errorf("policies of the deleted user = %+v, %v; want none", got, err)
		}
		if counts, err := store.PolicyCounts(ctx, iamAcctA); err != nil || !maps.Equal(counts, map[int64]int{carl.ID: 2}) {
			t.Errorf("PolicyCounts() after delete = %v, %v; want only carl's 2", counts, err)
		}
		// Same name in account B, and another user of A, are untouched.
		if got, err := store.IAMUser(ctx, iamAcctB, "jane"); err != nil || got.ID != janeB.ID {
			t.Errorf("B's jane = %+v, %v; want kept", got, err)
		}
		if got, err := store.UserPolicies(ctx, janeB.ID); err != nil || len(got) != 2 {
			t.Errorf("B's jane's policies = %+v, %v; want 2", got, err)
		}

		for _, tt := range []struct{ accountID, name string }{
			{iamAcctA, "jane"},           // already deleted
			{iamAcctA, rootA.UserName},   // the root user is not an IAM user
			{iamAcctB, "carl"},           // A's user, asked in B
			{"699999999999", "anything"}, // no such account
		} {
			err := store.DeleteIAMUser(ctx, tt.accountID, tt.name)
			wantDomainError(t, err, domain.ENOTFOUND, domain.MsgNotFound)
		}
		if got, err := db.Accounts().UserByID(ctx, rootA.ID); err != nil || got.Role != domain.RoleRoot {
			t.Errorf("root user after DeleteIAMUser(its user name) = %+v, %v; want kept", got, err)
		}

		// The name is free again.
		again := mustCreateIAMUser(t, store, iamAcctA, "jane")
		if got, err := store.UserPolicies(ctx, again.ID); err != nil || len(got) != 0 {
			t.Errorf("a new user of a deleted user's name has policies %+v, %v", got, err)
		}
	})
}

func TestIAMStoreKeepsCreationTime(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := context.Background()
		iamAccounts(t, db)
		store := db.IAM()
		u := newIAMUser(iamAcctA, "jane")
		u.CreatedAt = created.In(time.FixedZone("PST", -8*3600))
		if err := store.CreateIAMUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, err := store.IAMUser(ctx, iamAcctA, "jane")
		if err != nil {
			t.Fatal(err)
		}
		if !got.CreatedAt.Equal(created) {
			t.Errorf("CreatedAt = %v, want the instant %v", got.CreatedAt, created)
		}
	})
}
