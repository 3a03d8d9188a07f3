// Command loadtest measures the portal's busiest buyer pages under load on
// loopback: it seeds a SQLite database with many public listings, accounts
// and subscriptions, serves the portal and a constant-string Echo handler,
// and runs wrk against the catalog search, a product detail page and the
// SageMaker subscriptions page, printing requests per second and p99
// latency beside the constant handler's.
//
//	go run ./cmd/loadtest -listings 100000 -accounts 10000 -duration 15s
//
// It needs wrk (apt-get install wrk).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/web"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run() error {
	listings := flag.Int("listings", 100000, "public listings to seed")
	accounts := flag.Int("accounts", 10000, "buyer accounts to seed, each with three subscriptions")
	duration := flag.Duration("duration", 15*time.Second, "wrk duration per page")
	conns := flag.Int("connections", 32, "wrk connections")
	dir := flag.String("dir", "", "folder for the database, kept and reused by later runs with the same sizes (default: a temporary one)")
	flag.Parse()
	if _, err := exec.LookPath("wrk"); err != nil {
		return fmt.Errorf("wrk not found: apt-get install -y wrk")
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "portal-load")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	ctx := context.Background()
	opened := time.Now()
	db, err := persistence.Open(ctx, filepath.Join(*dir, "load.db"), nil)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Printf("opened and migrated the database in %s\n", time.Since(opened).Round(time.Millisecond))
	productID := fmt.Sprintf("prod-load%09d", 0)
	if seeded(ctx, db, *listings, *accounts) {
		fmt.Printf("reusing %d listings and %d accounts in %s\n", *listings, *accounts, *dir)
	} else {
		start := time.Now()
		if err := seed(ctx, db, *listings, *accounts); err != nil {
			return err
		}
		fmt.Printf("seeded %d listings and %d accounts in %s\n", *listings, *accounts, time.Since(start).Round(time.Second))
	}

	portal, err := serve(portalHandler(db))
	if err != nil {
		return err
	}
	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	baseline, err := serve(e)
	if err != nil {
		return err
	}
	cookie, err := signIn(portal, "buyer0@example.com")
	if err != nil {
		return err
	}
	pages := []struct{ name, url, cookie string }{
		{"constant Echo handler", baseline + "/", ""},
		{"catalog search", portal + "/marketplace?q=retail+forecast&category=Forecasting", ""},
		{"catalog search, one common word", portal + "/marketplace?q=retail", ""},
		{"catalog, no search", portal + "/marketplace", ""},
		{"product detail", portal + "/marketplace/pp/" + productID, ""},
		{"SageMaker subscriptions", portal + "/sagemaker/subscriptions", cookie},
	}
	fmt.Printf("\n| page | requests/s | p99 |\n| --- | ---: | ---: |\n")
	for _, p := range pages {
		rps, p99, err := runWrk(p.url, p.cookie, *duration, *conns)
		if err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		fmt.Printf("| %s | %s | %s |\n", p.name, rps, p99)
	}
	return nil
}

// words are a vocabulary of 20 common words and 980 made-up ones, so a
// common word matches many listings and a rare one few, as in a real
// catalog.
func word(k int) string {
	common := []string{"retail", "forecast", "vision", "sentiment", "fraud", "churn", "demand", "speech", "translation", "detector",
		"classifier", "regression", "anomaly", "recommendation", "medical", "invoice", "document", "object", "segmentation", "embedding"}
	if k < len(common) {
		return common[k]
	}
	return fmt.Sprintf("term%03d", k)
}

// pick chooses the n-th word of listing i: mostly from the long tail, one
// time in four from the common words.
func pick(i, n int) string {
	h := (i*2654435761 + n*40503) & 0x7fffffff
	if h%4 == 0 {
		return word(h / 4 % 20)
	}
	return word(20 + h/4%980)
}

// seeded reports whether an earlier run left the database complete: every
// listing in the catalog and the last account's buyer signed up.
func seeded(ctx context.Context, db *persistence.DB, listings, accounts int) bool {
	page, err := db.Catalog().SearchCatalog(ctx, domain.CatalogQuery{Sort: domain.SortNewest, Page: 1})
	if err != nil || page.Total != listings {
		return false
	}
	_, err = db.Accounts().UserByEmail(ctx, fmt.Sprintf("buyer%d@example.com", accounts-1))
	return err == nil
}

func seed(ctx context.Context, db *persistence.DB, listings, accounts int) error {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	const seller = "111122223333"
	batch := make([]persistence.PublishedListing, 0, 500)
	for i := range listings {
		id := fmt.Sprintf("prod-load%09d", i)
		name := fmt.Sprintf("model-%d", i)
		r := domain.SageMakerResource{AccountID: seller, Kind: domain.KindModelPackage, Name: name, Region: "us-east-1",
			RealtimeInstanceTypes: []string{"ml.m5.large", "ml.c5.xlarge"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
			ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
			CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: now}
		title := strings.Title(pick(i, 1) + " " + pick(i, 2) + " " + pick(i, 3)) //nolint:staticcheck // ASCII titles
		p := &domain.Product{ID: id, AccountID: seller, CreatorARN: "arn:aws:iam::" + seller + ":root", Type: domain.KindModelPackage,
			Status: domain.StatusPublic, SubmittedAt: now, CreatedAt: now, UpdatedAt: now.Add(time.Duration(i) * time.Second),
			Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: title, ShortDescription: "A " + pick(i, 4) + " model for " + pick(i, 5) + ".",
				Overview: "Detects " + pick(i, 6) + " and " + pick(i, 7) + " in your data.", Highlights: []string{"Fast " + pick(i, 8)},
				Categories: []string{domain.Categories()[i%len(domain.Categories())]}},
			Promo: domain.Promotional{Keywords: []string{pick(i, 9), pick(i, 10)}}, Regions: domain.DefaultRegions(),
			Offer: domain.Offer{Pricing: domain.PricingFree, EULA: "License."}}
		v := domain.Version{ProductID: id, Number: "1.0", ResourceARN: r.ARN(), Status: domain.VersionPublic, SubmittedAt: now, CreatedAt: now,
			ReleaseNotes: "First.", Input: domain.InputDetails{Description: "CSV"}, Output: domain.OutputDetails{Description: "JSON", SampleText: "{}"},
			RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge"}
		batch = append(batch, persistence.PublishedListing{Product: p, Versions: []domain.Version{v}, Resources: []domain.SageMakerResource{r}})
		if len(batch) == cap(batch) || i == listings-1 {
			if err := db.SeedPublished(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return seedAccounts(ctx, db, accounts, listings, now)
}

func seedAccounts(ctx context.Context, db *persistence.DB, accounts, listings int, now time.Time) error {
	hash, err := domain.NewArgon2Hasher().Hash("load-test-password")
	if err != nil {
		return err
	}
	for i := range accounts {
		id := fmt.Sprintf("5%011d", i)
		acct := &domain.Account{ID: id, Name: fmt.Sprintf("Buyer %d", i), CreatedAt: now}
		user := &domain.User{AccountID: id, Email: fmt.Sprintf("buyer%d@example.com", i), PasswordHash: hash, Role: domain.RoleRoot, CreatedAt: now}
		if err := db.Accounts().CreateAccount(ctx, acct, user); err != nil {
			return err
		}
		for j := range 3 {
			sub := &domain.Subscription{AccountID: id, ProductID: fmt.Sprintf("prod-load%09d", (i*3+j)%listings), CreatedAt: now}
			if err := db.Subscriptions().Subscribe(ctx, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

func portalHandler(db *persistence.DB) http.Handler {
	core, err := app.New(db.Repositories(mustSealer()), app.Config{Clock: domain.SystemClock{}, Hasher: domain.NewArgon2Hasher(),
		PublishDelay: time.Hour})
	if err != nil {
		panic(err)
	}
	cfg := web.Config{SessionSecret: []byte(strings.Repeat("l", 32)), Clock: domain.SystemClock{}, Logger: slog.New(slog.DiscardHandler)}
	srv, err := web.New(cfg, core, db)
	if err != nil {
		panic(err)
	}
	return srv
}

func mustSealer() *persistence.Sealer {
	s, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		panic(err)
	}
	return s
}

// serve listens on a free loopback port and returns the base URL.
func serve(h http.Handler) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go http.Serve(l, h) //nolint:errcheck // ends with the process
	return "http://" + l.Addr().String(), nil
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signIn signs a buyer in and returns the Cookie header of its session.
func signIn(base, email string) (string, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.Get(base + "/login")
	if err != nil {
		return "", err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("no CSRF token on the sign-in page")
	}
	res, err = client.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {"load-test-password"}})
	if err != nil {
		return "", err
	}
	res.Body.Close()
	u, _ := url.Parse(base)
	var parts []string
	for _, c := range jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; "), nil
}

var (
	rpsLine = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	p99Line = regexp.MustCompile(`\s99%\s+([0-9.]+\w+)`)
	non2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	errors  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

func runWrk(target, cookie string, d time.Duration, conns int) (string, string, error) {
	// A request slower than wrk's timeout is left out of its latencies:
	// the timeout is long enough that none is.
	args := []string{"-t", "2", "-c", fmt.Sprint(conns), "-d", d.String(), "--timeout", "30s", "--latency"}
	if cookie != "" {
		args = append(args, "-H", "Cookie: "+cookie)
	}
	out, err := exec.Command("wrk", append(args, target)...).CombinedOutput()
	if err != nil {
		return "", "", fmt.Errorf("%v: %s", err, out)
	}
	if m := non2xx.FindSubmatch(out); m != nil {
		return "", "", fmt.Errorf("%s non-2xx responses: %s", m[1], out)
	}
	if m := errors.FindSubmatch(out); m != nil {
		return "", "", fmt.Errorf("socket errors: %s", out)
	}
	rps, p99 := rpsLine.FindSubmatch(out), p99Line.FindSubmatch(out)
	if rps == nil || p99 == nil {
		return "", "", fmt.Errorf("unexpected wrk output: %s", out)
	}
	return string(rps[1]), string(p99[1]), nil
}
