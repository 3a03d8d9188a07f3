package persistence

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// benchListingsEnv sets how many listings BenchmarkSearchCatalog seeds.
const benchListingsEnv = "PORTAL_BENCH_LISTINGS"

// benchWord is the k-th word of the load test's vocabulary: 20 common words
// and 980 made-up ones, so a common word matches many listings and a rare
// one few.
func benchWord(k int) string {
	common := []string{"retail", "forecast", "vision", "sentiment", "fraud", "churn", "demand", "speech", "translation", "detector",
		"classifier", "regression", "anomaly", "recommendation", "medical", "invoice", "document", "object", "segmentation", "embedding"}
	if k < len(common) {
		return common[k]
	}
	return fmt.Sprintf("term%03d", k)
}

// benchPick chooses the n-th word of listing i as cmd/loadtest does.
func benchPick(i, n int) string {
	h := (i*2654435761 + n*40503) & 0x7fffffff
	if h%4 == 0 {
		return benchWord(h / 4 % 20)
	}
	return benchWord(20 + h/4%980)
}

// benchListing is the i-th public listing of the load test, one in a
// hundred private to one account.
func benchListing(i int, at time.Time) *domain.Product {
	p := &domain.Product{ID: fmt.Sprintf("prod-bench%08d", i), AccountID: "111122223333", Type: domain.KindModelPackage,
		Status: domain.StatusPublic, UpdatedAt: at.Add(time.Duration(i) * time.Second),
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: benchPick(i, 1) + " " + benchPick(i, 2) + " " + benchPick(i, 3),
			ShortDescription: "A " + benchPick(i, 4) + " model for " + benchPick(i, 5) + ".",
			Overview:         "Detects " + benchPick(i, 6) + " and " + benchPick(i, 7) + " in your data.", Highlights: []string{"Fast " + benchPick(i, 8)},
			Categories: []string{domain.Categories()[i%len(domain.Categories())]}},
		Promo: domain.Promotional{Keywords: []string{benchPick(i, 9), benchPick(i, 10)}},
		Offer: domain.Offer{Pricing: []domain.PricingModel{domain.PricingFree, domain.PricingPaid, domain.PricingPaidTrial}[i%3]}}
	if i%100 == 0 {
		p.Info.Privacy, p.Info.AllowedAccounts = domain.PrivacyPrivate, []string{"999999999999"}
	}
	return p
}

// seedBenchCatalog fills the catalog of db with n listings, straight
// through syncCatalogTx.
func seedBenchCatalog(tb testing.TB, db *DB, n int) {
	tb.Helper()
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for start := 0; start < n; start += 1000 {
		err := db.conn(context.Background()).Transaction(func(tx *gorm.DB) error {
			for i := start; i < min(start+1000, n); i++ {
				if err := syncCatalogTx(tx, benchListing(i, at)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkSearchCatalog searches a catalog of PORTAL_BENCH_LISTINGS
// listings (20,000 unless set) made like the load test's, on SQLite and, when
// PORTAL_TEST_POSTGRES_URL is set, on PostgreSQL:
//
//	PORTAL_BENCH_LISTINGS=100000 go test ./persistence/ -run '^$' -bench SearchCatalog -benchtime 2s
func BenchmarkSearchCatalog(b *testing.B) {
	n := 20000
	if v := os.Getenv(benchListingsEnv); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("%s: %v", benchListingsEnv, err)
		}
	}
	dsns := map[string]string{"sqlite": filepath.Join(b.TempDir(), "bench.db")}
	if os.Getenv(postgresURLEnv) != "" {
		dsns["postgres"] = benchPostgresDSN(b)
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		dsn, ok := dsns[dialect]
		if !ok {
			continue
		}
		b.Run(dialect, func(b *testing.B) {
			db, err := Open(context.Background(), dsn, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			start := time.Now()
			seedBenchCatalog(b, db, n)
			b.Logf("seeded %d listings in %s", n, time.Since(start).Round(time.Millisecond))
			for _, bc := range []struct {
				name                                        string
				text, category, pricing, sort, page, viewer string
			}{
				{name: "two common words and category", text: "retail forecast", category: "Forecasting"},
				{name: "two common words", text: "retail forecast"},
				{name: "one common word", text: "retail"},
				{name: "one common word newest", text: "retail", sort: domain.SortNewest},
				{name: "short prefix", text: "de"},
				{name: "rare word", text: "term123"},
				{name: "words and filters", text: "vision model", pricing: domain.FilterPaid, viewer: "999999999999"},
				{name: "no words"},
				{name: "no words category", category: "Forecasting"},
				{name: "no words pricing page 40", pricing: domain.FilterTrial, page: "40"},
			} {
				q, err := domain.ParseCatalogQuery(bc.text, bc.category, "", bc.pricing, bc.sort, bc.page, bc.viewer)
				if err != nil {
					b.Fatal(err)
				}
				b.Run(strings.ReplaceAll(bc.name, " ", "_"), func(b *testing.B) {
					var page domain.CatalogPage
					for b.Loop() {
						if page, err = db.Catalog().SearchCatalog(context.Background(), q); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(page.Total), "results")
				})
			}
		})
	}
}

// benchPostgresDSN makes a schema dropped after the benchmark, as
// internalPostgresDSN does for a test, and returns a URL that uses it.
func benchPostgresDSN(b *testing.B) string {
	b.Helper()
	id := make([]byte, 6)
	_, _ = rand.Read(id)
	schema := "tb_" + hex.EncodeToString(id)
	admin, err := sql.Open("pgx", os.Getenv(postgresURLEnv))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(os.Getenv(postgresURLEnv))
	if err != nil {
		b.Fatal(err)
	}
	v := u.Query()
	v.Set("search_path", schema)
	u.RawQuery = v.Encode()
	return u.String()
}
