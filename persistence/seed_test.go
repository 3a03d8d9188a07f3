package persistence_test

import (
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// TestSeedPublishedIsSignedOff: a seeded listing is stored as a sign-off
// leaves it, so a later edit of the working copy reaches no buyer.
func TestSeedPublishedIsSignedOff(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := t.Context()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		r := domain.SageMakerResource{AccountID: "111122223333", Kind: domain.KindModelPackage, Name: "seeded", Region: "us-east-1",
			CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: now}
		p := &domain.Product{ID: "prod-seededlisting1", AccountID: "111122223333", CreatorARN: "arn:aws:iam::111122223333:root",
			Type: domain.KindModelPackage, Status: domain.StatusPublic, CreatedAt: now, UpdatedAt: now, Regions: domain.DefaultRegions(),
			Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: "Seeded", Categories: []string{domain.Categories()[0]}}}
		v := domain.Version{ProductID: p.ID, Number: "1.0", ResourceARN: r.ARN(), Status: domain.VersionPublic, CreatedAt: now}
		err := db.SeedPublished(ctx, []persistence.PublishedListing{{Product: p, Versions: []domain.Version{v}, Resources: []domain.SageMakerResource{r}}})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := db.Products().ProductByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		versions, err := db.Products().Versions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored.Info.Title = "Edited, not submitted"
		pub, shown := stored.Published(versions)
		if pub.Info.Title != "Seeded" || len(shown) != 1 || shown[0].Number != "1.0" {
			t.Errorf("buyers see %q with %d versions, want the seeded listing with 1.0", pub.Info.Title, len(shown))
		}
		if stored.Snapshot == nil || stored.PublicSnapshot == nil {
			t.Error("seeded listing has no snapshots")
		}
	})
}

// TestSeedAccountsStoresWhatCreateAccountWould: seeded accounts sign in by
// their root user and hold their subscriptions, and a seeded email taken
// already stores nothing of its call.
func TestSeedAccountsStoresWhatCreateAccountWould(t *testing.T) {
	persistencetest.Each(t, func(t *testing.T, db *persistence.DB) {
		ctx := t.Context()
		now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		buyer := func(id, email string, products ...string) persistence.SeededAccount {
			s := persistence.SeededAccount{Account: &domain.Account{ID: id, Name: "Buyer " + id, CreatedAt: now},
				Root: &domain.User{AccountID: id, Email: email, PasswordHash: "hash", Role: domain.RoleRoot, CreatedAt: now}}
			for _, p := range products {
				s.Subscriptions = append(s.Subscriptions, domain.Subscription{AccountID: id, ProductID: p, CreatedAt: now})
			}
			return s
		}
		first, second := buyer("500000000001", "one@example.com", "prod-a", "prod-b"), buyer("500000000002", "two@example.com")
		if err := db.SeedAccounts(ctx, []persistence.SeededAccount{first, second}); err != nil {
			t.Fatal(err)
		}
		user, err := db.Accounts().UserByEmail(ctx, "one@example.com")
		if err != nil || user.AccountID != "500000000001" || user.ID != first.Root.ID || user.Role != domain.RoleRoot {
			t.Fatalf("root user %+v, %v; want the seeded one, ID %d", user, err, first.Root.ID)
		}
		acct, err := db.Accounts().AccountByID(ctx, "500000000002")
		if err != nil || acct.Name != "Buyer 500000000002" {
			t.Errorf("account %+v, %v", acct, err)
		}
		sub, err := db.Subscriptions().Subscription(ctx, "500000000001", "prod-b")
		if err != nil || !sub.CancelledAt.IsZero() || !sub.CreatedAt.Equal(now) {
			t.Errorf("subscription %+v, %v", sub, err)
		}

		taken := []persistence.SeededAccount{buyer("500000000003", "three@example.com", "prod-a"), buyer("500000000004", "one@example.com")}
		if err := db.SeedAccounts(ctx, taken); domain.ErrorCode(err) != domain.ECONFLICT || domain.AsError(err).Message != domain.MsgEmailTaken {
			t.Fatalf("seeding an email already taken: %v, want a conflict saying so", err)
		}
		if _, err := db.Accounts().AccountByID(ctx, "500000000003"); err == nil {
			t.Error("a failed call stored part of its accounts")
		}
	})
}
