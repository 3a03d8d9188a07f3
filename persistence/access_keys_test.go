package persistence_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
)

// newKeyOwner stores an account with an IAM user of that name and returns
// the user.
func newKeyOwner(t *testing.T, db *persistence.DB, accountID, userName string) *domain.User {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	root := &domain.User{AccountID: accountID, Email: accountID + "@example.com", PasswordHash: "x", Role: domain.RoleRoot,
		CreatedAt: now}
	account := &domain.Account{ID: accountID, Name: "Account " + accountID, CreatedAt: now}
	if err := db.Accounts().CreateAccount(ctx, account, root); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{AccountID: accountID, UserName: userName, PasswordHash: "x", Role: domain.RoleIAM, CreatedAt: now}
	if err := db.IAM().CreateIAMUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	return u
}

func createKey(t *testing.T, store *persistence.AccessKeyStore, u *domain.User, at time.Time) (domain.AccessKey, string, error) {
	t.Helper()
	k, secret, err := domain.NewAccessKey(u, at)
	if err != nil {
		t.Fatal(err)
	}
	return k, secret, store.CreateAccessKey(context.Background(), k, secret, domain.CanCreateAccessKey)
}

func TestAccessKeyLifecycle(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.AccessKeys(mustSealer(t, testDataKey))
		u := newKeyOwner(t, db, "111122223333", "catalog-automation")
		t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

		first, secret, err := createKey(t, store, u, t0)
		if err != nil {
			t.Fatal(err)
		}
		second, _, err := createKey(t, store, u, t0.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := createKey(t, store, u, t0.Add(2*time.Minute)); domain.ErrorCode(err) != domain.ECONFLICT ||
			domain.AsError(err).Message != domain.MsgAccessKeyLimit {
			t.Fatalf("third key: %v, want the two-key limit", err)
		}
		if n := raw.count(t, "access_keys"); n != 2 {
			t.Fatalf("%d rows after a refused third key", n)
		}

		// The secret is sealed in the row, never in clear.
		for _, row := range raw.cells(t, "access_keys") {
			for col, v := range row {
				if strings.Contains(v, secret) {
					t.Errorf("column %s holds the secret in clear", col)
				}
			}
			if !strings.HasPrefix(row["secret_sealed"], "v2:") {
				t.Errorf("secret_sealed %q is not a sealed value", row["secret_sealed"])
			}
		}

		keys, err := store.AccessKeys(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 2 || keys[0].ID != first.ID || keys[1].ID != second.ID {
			t.Fatalf("keys %+v, want the two, oldest first", keys)
		}
		if k := keys[0]; k.UserName != "catalog-automation" || k.AccountID != u.AccountID || k.Status != domain.AccessKeyActive ||
			!k.CreatedAt.Equal(t0) || k.LastUsedAt != nil || k.LastUsedService != "" {
			t.Errorf("listed key %+v", k)
		}

		got, gotSecret, err := store.AccessKeyWithSecret(ctx, first.ID)
		if err != nil || gotSecret != secret || got.ID != first.ID || got.UserName != u.UserName || got.UserID != u.ID {
			t.Fatalf("AccessKeyWithSecret = %+v, secret matches %v, %v", got, gotSecret == secret, err)
		}
		if _, _, err := store.AccessKeyWithSecret(ctx, "AKIAAAAAAAAAAAAAAAAA"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("unknown key: %v, want ENOTFOUND", err)
		}

		if err := store.SetAccessKeyStatus(ctx, u.ID, first.ID, domain.AccessKeyInactive); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := store.AccessKeyWithSecret(ctx, first.ID); got.Status != domain.AccessKeyInactive {
			t.Errorf("status %q after deactivation", got.Status)
		}
		other := newKeyOwner(t, db, "444455556666", "catalog-automation")
		if err := store.SetAccessKeyStatus(ctx, other.ID, first.ID, domain.AccessKeyActive); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another user's key changed: %v", err)
		}
		if err := store.DeleteAccessKey(ctx, other.ID, first.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("another user's key deleted: %v", err)
		}
		if err := store.DeleteAccessKey(ctx, u.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		if err := store.DeleteAccessKey(ctx, u.ID, first.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("second delete: %v, want ENOTFOUND", err)
		}
		// With one key left, a new one may be made again.
		if _, _, err := createKey(t, store, u, t0.Add(3*time.Minute)); err != nil {
			t.Fatalf("key after a delete: %v", err)
		}

		// Deleting the user deletes its keys.
		if err := db.IAM().DeleteIAMUser(ctx, u.AccountID, u.UserName); err != nil {
			t.Fatal(err)
		}
		if n := raw.count(t, "access_keys"); n != 0 {
			t.Errorf("%d keys left after their user was deleted", n)
		}
		if _, _, err := createKey(t, store, u, t0); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("key for a deleted user: %v, want ENOTFOUND", err)
		}
	})
}

// Five creations at once for one user: exactly two succeed.
func TestAccessKeyLimitUnderConcurrency(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		store := db.AccessKeys(mustSealer(t, testDataKey))
		u := newKeyOwner(t, db, "111122223333", "racer")
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		errs := make([]error, 5)
		for i := range errs {
			k, secret, err := domain.NewAccessKey(u, now)
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() { errs[i] = store.CreateAccessKey(context.Background(), k, secret, domain.CanCreateAccessKey) })
		}
		wg.Wait()
		created := 0
		for _, err := range errs {
			switch domain.ErrorCode(err) {
			case "":
				created++
			case domain.ECONFLICT:
			default:
				t.Errorf("creation failed otherwise than by the limit: %v", err)
			}
		}
		if created != domain.MaxAccessKeysPerUser || raw.count(t, "access_keys") != domain.MaxAccessKeysPerUser {
			t.Errorf("%d creations succeeded, %d rows; want %d", created, raw.count(t, "access_keys"), domain.MaxAccessKeysPerUser)
		}
	})
}

// A sealed secret opens only in its own row, with the server's data key.
func TestAccessKeySecretBoundToItsRow(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, raw rawDB) {
		ctx := context.Background()
		store := db.AccessKeys(mustSealer(t, testDataKey))
		u := newKeyOwner(t, db, "111122223333", "alice")
		victim := newKeyOwner(t, db, "444455556666", "bob")
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		mine, _, err := createKey(t, store, u, now)
		if err != nil {
			t.Fatal(err)
		}
		theirs, _, err := createKey(t, store, victim, now)
		if err != nil {
			t.Fatal(err)
		}
		otherKey := db.AccessKeys(mustSealer(t, otherDataKey))
		if _, _, err := otherKey.AccessKeyWithSecret(ctx, mine.ID); domain.ErrorCode(err) != domain.EINTERNAL {
			t.Errorf("secret opened with another data key: %v", err)
		}
		// Someone who can write to the database copies the sealed secret
		// of a key they hold into another account's key.
		p1, p2 := placeholder(raw, 1), placeholder(raw, 2)
		copySecret := "UPDATE access_keys SET secret_sealed = (SELECT secret_sealed FROM access_keys WHERE id = " + p1 + ") " +
			"WHERE id = " + p2
		if _, err := raw.Exec(copySecret, mine.ID, theirs.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := store.AccessKeyWithSecret(ctx, theirs.ID); domain.ErrorCode(err) != domain.EINTERNAL {
			t.Errorf("a secret copied into another key's row opened: %v", err)
		}
		// Or moves their own key to the other account's user.
		if _, err := raw.Exec("UPDATE access_keys SET account_id = "+p1+", user_id = "+p2+" WHERE id = "+placeholder(raw, 3),
			victim.AccountID, victim.ID, mine.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = store.AccessKeyWithSecret(ctx, mine.ID)
		if domain.ErrorCode(err) != domain.EINTERNAL {
			t.Errorf("a key moved to another user opened: %v", err)
		}
		if strings.Contains(err.Error(), "v2:") {
			t.Errorf("the error shows the sealed value: %v", err)
		}
	})
}

func TestMarkAccessKeyUsed(t *testing.T) {
	eachWithRaw(t, func(t *testing.T, db *persistence.DB, _ rawDB) {
		ctx := context.Background()
		store := db.AccessKeys(mustSealer(t, testDataKey))
		u := newKeyOwner(t, db, "111122223333", "catalog-automation")
		t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		k, _, err := createKey(t, store, u, t0)
		if err != nil {
			t.Fatal(err)
		}
		lastUse := func() (time.Time, string) {
			t.Helper()
			got, _, err := store.AccessKeyWithSecret(ctx, k.ID)
			if err != nil || got.LastUsedAt == nil {
				t.Fatalf("last use of %+v: %v", got, err)
			}
			return got.LastUsedAt.UTC(), got.LastUsedService
		}
		steps := []struct {
			name    string
			at      time.Time
			service string
			wantAt  time.Time
		}{
			{"first use", t0.Add(time.Hour), "aws-marketplace", t0.Add(time.Hour)},
			{"within the minute: not written", t0.Add(time.Hour + 30*time.Second), "aws-marketplace", t0.Add(time.Hour)},
			{"a minute later", t0.Add(time.Hour + time.Minute), "aws-marketplace", t0.Add(time.Hour + time.Minute)},
			{"another service at once", t0.Add(time.Hour + time.Minute + time.Second), "sts", t0.Add(time.Hour + time.Minute + time.Second)},
			{"an older use is not written", t0.Add(time.Hour), "aws-marketplace", t0.Add(time.Hour + time.Minute + time.Second)},
		}
		wantService := ""
		for _, s := range steps {
			if err := store.MarkAccessKeyUsed(ctx, k.ID, s.at, s.service); err != nil {
				t.Fatal(err)
			}
			if s.wantAt.Equal(s.at) {
				wantService = s.service
			}
			if at, service := lastUse(); !at.Equal(s.wantAt) || service != wantService {
				t.Errorf("%s: last used %s by %q, want %s by %q", s.name, at, service, s.wantAt, wantService)
			}
		}
		if err := store.MarkAccessKeyUsed(ctx, "AKIAAAAAAAAAAAAAAAAA", t0, "aws-marketplace"); err != nil {
			t.Errorf("unknown key: %v", err)
		}
	})
}
