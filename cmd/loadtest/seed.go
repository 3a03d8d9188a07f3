package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
)

// The seeded accounts: one seller owns every public listing, writers
// sellers own a draft listing each, and buyers have three subscriptions.
const (
	sellerAccount = persistencetest.LoadSeller
	sellerEmail   = "seller@example.com"
	password      = "load-test-password"
)

// seededAt is the creation time of the seeded accounts.
var seededAt = persistencetest.LoadPublishedAt

// listingID names the i-th seeded public listing.
func listingID(i int) string { return persistencetest.LoadListingID(i) }

// writerAccount and writerProduct name the i-th writing seller's account
// and its draft listing.
func writerAccount(i int) string { return fmt.Sprintf("2%011d", i) }
func writerProduct(i int) string { return fmt.Sprintf("prod-write%08d", i) }
func writerEmail(i int) string   { return fmt.Sprintf("writer%d@example.com", i) }

// seedRecord remembers, beside the database, what was seeded and how long
// it took, so that a run reusing the database reports the seeding time.
type seedRecord struct {
	Listings, Accounts, Writers int
	Seconds                     float64
}

func seedRecordPath(dir string) string { return filepath.Join(dir, "seeded.json") }

// readSeedRecord returns the record of an earlier complete seeding of dir
// with these sizes, if there was one.
func readSeedRecord(dir string, want seedRecord) (seedRecord, bool) {
	data, err := os.ReadFile(seedRecordPath(dir))
	if err != nil {
		return seedRecord{}, false
	}
	var r seedRecord
	if json.Unmarshal(data, &r) != nil || r.Listings != want.Listings || r.Accounts != want.Accounts || r.Writers != want.Writers {
		return seedRecord{}, false
	}
	return r, true
}

func writeSeedRecord(dir string, r seedRecord) error {
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return os.WriteFile(seedRecordPath(dir), data, 0o600)
}

// seed fills what an empty database lacks: the listings in batches, each
// batch one transaction, then the accounts.
func seed(ctx context.Context, db *persistence.DB, sizes seedRecord, listings, sellers, buyers bool) error {
	hash, err := domain.NewArgon2Hasher().Hash(password)
	if err != nil {
		return err
	}
	if listings {
		start := time.Now()
		if err := seedListings(ctx, db, sizes.Listings); err != nil {
			return err
		}
		fmt.Printf("seeded %d listings in %.1f s\n", sizes.Listings, time.Since(start).Seconds())
	}
	if sellers {
		if err := seedSellers(ctx, db, hash, sizes.Writers); err != nil {
			return err
		}
	}
	if buyers {
		start := time.Now()
		if err := seedBuyers(ctx, db, hash, sizes.Accounts, sizes.Listings); err != nil {
			return err
		}
		fmt.Printf("seeded %d buyers in %.1f s\n", sizes.Accounts, time.Since(start).Seconds())
	}
	return nil
}

// seedListings publishes n listings, a thousand a transaction.
func seedListings(ctx context.Context, db *persistence.DB, n int) error {
	const batchSize = 1000
	batch := make([]persistence.PublishedListing, 0, batchSize)
	for i := range n {
		batch = append(batch, persistencetest.LoadListing(i))
		if len(batch) == cap(batch) || i == n-1 {
			if err := db.SeedPublished(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}

// seedSellers creates the account that owns the listings, with a root
// user, and the writing sellers, each with a draft listing to edit.
func seedSellers(ctx context.Context, db *persistence.DB, hash string, writers int) error {
	return db.InTransaction(ctx, func(ctx context.Context) error { return seedSellersTx(ctx, db, hash, writers) })
}

func seedSellersTx(ctx context.Context, db *persistence.DB, hash string, writers int) error {
	owner := &domain.Account{ID: sellerAccount, Name: "Load Seller", CreatedAt: seededAt}
	root := &domain.User{AccountID: sellerAccount, Email: sellerEmail, PasswordHash: hash, Role: domain.RoleRoot, CreatedAt: seededAt}
	if err := db.Accounts().CreateAccount(ctx, owner, root); err != nil {
		return err
	}
	for i := range writers {
		acct := &domain.Account{ID: writerAccount(i), Name: fmt.Sprintf("Writer %d", i), CreatedAt: seededAt}
		user := &domain.User{AccountID: acct.ID, Email: writerEmail(i), PasswordHash: hash, Role: domain.RoleRoot, CreatedAt: seededAt}
		if err := db.Accounts().CreateAccount(ctx, acct, user); err != nil {
			return err
		}
		p := &domain.Product{ID: writerProduct(i), AccountID: acct.ID, CreatorARN: "arn:aws:iam::" + acct.ID + ":root",
			Status: domain.StatusDraft, CreatedAt: seededAt, UpdatedAt: seededAt,
			Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: fmt.Sprintf("Writer %d model", i)}}
		ch := domain.ProductChange{ProductID: p.ID, ChangeType: "CreateProduct", Actor: "seed", At: seededAt}
		if err := db.Products().CreateProduct(ctx, p, ch); err != nil {
			return err
		}
	}
	return nil
}

// seedBuyers creates the buyer accounts, each subscribed to three listings,
// a thousand accounts a transaction.
func seedBuyers(ctx context.Context, db *persistence.DB, hash string, accounts, listings int) error {
	batch := make([]persistence.SeededAccount, 0, 1000)
	for i := range accounts {
		id := fmt.Sprintf("5%011d", i)
		buyer := persistence.SeededAccount{Account: &domain.Account{ID: id, Name: fmt.Sprintf("Buyer %d", i), CreatedAt: seededAt},
			Root: &domain.User{AccountID: id, Email: fmt.Sprintf("buyer%d@example.com", i), PasswordHash: hash, Role: domain.RoleRoot, CreatedAt: seededAt}}
		for j := range 3 {
			buyer.Subscriptions = append(buyer.Subscriptions, domain.Subscription{AccountID: id, ProductID: listingID((i*3 + j) % listings), CreatedAt: seededAt})
		}
		batch = append(batch, buyer)
		if len(batch) == cap(batch) || i == accounts-1 {
			if err := db.SeedAccounts(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}
