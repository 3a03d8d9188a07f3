package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
	"github.com/mlportal/portal/web"
)

// The benchmarks serve the busiest pages through the whole handler, its
// middleware included, from a SQLite file with the load test's listings:
// PORTAL_BENCH_LISTINGS of them (default 20,000). With -benchmem a
// regression shows in allocations before it shows in requests per second:
//
//	go test ./web -run '^$' -bench . -benchmem
//	PORTAL_BENCH_LISTINGS=100000 go test ./web -run '^$' -bench . -benchmem

// benchPortal is the server the benchmarks share, with the seller's
// session cookie.
type benchPortal struct {
	handler http.Handler
	seller  string
}

var (
	benchOnce sync.Once
	bench     benchPortal
	benchErr  error
)

func benchListings() int {
	if n, err := strconv.Atoi(os.Getenv("PORTAL_BENCH_LISTINGS")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// portalForBench seeds once per test binary, in a folder of its own.
func portalForBench(b *testing.B) benchPortal {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = newBenchPortal() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func newBenchPortal() (benchPortal, error) {
	dir, err := os.MkdirTemp("", "portal-bench")
	if err != nil {
		return benchPortal{}, err
	}
	ctx := context.Background()
	db, err := persistence.Open(ctx, filepath.Join(dir, "bench.db"), nil)
	if err != nil {
		return benchPortal{}, err
	}
	n := benchListings()
	for start := 0; start < n; start += 1000 {
		var batch []persistence.PublishedListing
		for i := start; i < min(start+1000, n); i++ {
			batch = append(batch, persistencetest.LoadListing(i))
		}
		if err := db.SeedPublished(ctx, batch); err != nil {
			return benchPortal{}, err
		}
	}
	hasher := domain.NewFastHasher()
	hash, err := hasher.Hash(goodPassword)
	if err != nil {
		return benchPortal{}, err
	}
	acct := &domain.Account{ID: persistencetest.LoadSeller, Name: "Bench Seller", CreatedAt: persistencetest.LoadPublishedAt}
	root := &domain.User{AccountID: acct.ID, Email: "seller@example.com", PasswordHash: hash, Role: domain.RoleRoot, CreatedAt: acct.CreatedAt}
	if err := db.Accounts().CreateAccount(ctx, acct, root); err != nil {
		return benchPortal{}, err
	}
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		return benchPortal{}, err
	}
	core, err := app.New(db.Repositories(sealer), app.Config{Clock: domain.SystemClock{}, Hasher: hasher, PublishDelay: time.Hour, Log: discardLog})
	if err != nil {
		return benchPortal{}, err
	}
	srv, err := web.New(web.Config{SessionSecret: []byte(strings.Repeat("s", 32)), Clock: domain.SystemClock{}}, core, db)
	if err != nil {
		return benchPortal{}, err
	}
	if err := db.SearchIndex().WaitReady(ctx); err != nil {
		return benchPortal{}, err
	}
	seller, err := benchSignIn(srv, "seller@example.com")
	return benchPortal{handler: srv, seller: seller}, err
}

var benchCSRF = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// benchSignIn signs a user in through the handler and returns the Cookie
// header of the session.
func benchSignIn(h http.Handler, email string) (string, error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
	m := benchCSRF.FindStringSubmatch(rec.Body.String())
	if m == nil {
		return "", fmt.Errorf("no form token on the sign-in page")
	}
	cookies := rec.Result().Cookies()
	form := url.Values{"_csrf": {m[1]}, "email": {email}, "password": {goodPassword}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.com")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		return "", fmt.Errorf("sign-in answered %d: %s", rec.Code, rec.Body)
	}
	var parts []string
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge >= 0 && c.Value != "" {
			parts = append(parts, c.Name+"="+c.Value)
		}
	}
	return strings.Join(parts, "; "), nil
}

// benchGet serves target b.N times and fails on any answer but 200.
func benchGet(b *testing.B, target, cookie string) {
	p := portalForBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		if cookie != "" {
			req.Header.Set("Cookie", cookie)
		}
		rec := httptest.NewRecorder()
		p.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s answered %d", target, rec.Code)
		}
		_, _ = io.Copy(io.Discard, rec.Body)
	}
}

func BenchmarkProductPage(b *testing.B) {
	benchGet(b, "/marketplace/pp/"+persistencetest.LoadListingID(0), "")
}

func BenchmarkCatalog(b *testing.B) { benchGet(b, "/marketplace", "") }

func BenchmarkCatalogSearch(b *testing.B) {
	benchGet(b, "/marketplace?q=retail+forecast&category=Forecasting", "")
}

func BenchmarkCatalogSearchCommonWord(b *testing.B) { benchGet(b, "/marketplace?q=retail", "") }

func BenchmarkSellerOverview(b *testing.B) {
	benchGet(b, "/management/products/ml/"+persistencetest.LoadListingID(0), portalForBench(b).seller)
}

func BenchmarkSectionEditor(b *testing.B) {
	benchGet(b, "/management/products/ml/"+persistencetest.LoadListingID(0)+"/edit/general", portalForBench(b).seller)
}

// hostileQueries are searches an attacker or a broken client sends: full-text
// operators, quotes, NUL bytes, 10 KB of words, 2,000 words, unknown
// filters, a page far past the last.
func hostileQueries() map[string]string {
	many := strings.Repeat("retail ", 2000)
	return map[string]string{
		"operators":     "q=" + url.QueryEscape(`retail* OR "forecast" NEAR(vision) -fraud AND terms:x`),
		"quotes":        "q=" + url.QueryEscape(`"'"; DROP TABLE catalog_entries; --`),
		"nul":           "q=retail%00forecast",
		"10KB":          "q=" + url.QueryEscape(strings.Repeat("x", 10240)),
		"2000 words":    "q=" + url.QueryEscape(many),
		"unknown":       "q=retail&category=Nope&type=robot&pricing=cheap&sort=random",
		"page 10^9":     "q=retail&page=1000000000",
		"page negative": "page=-1",
	}
}

// BenchmarkCatalogHostile times each hostile search beside the common word:
// none should take longer.
func BenchmarkCatalogHostile(b *testing.B) {
	p := portalForBench(b)
	for name, query := range hostileQueries() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				p.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/marketplace?"+query, nil))
				if rec.Code >= 500 {
					b.Fatalf("%s answered %d", name, rec.Code)
				}
			}
		})
	}
}
