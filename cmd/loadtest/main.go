// Command loadtest measures the portal under load on loopback: it seeds a
// database with many public listings, sellers and buyers, serves the
// portal and a constant-string Echo handler from this process, runs wrk
// against the buyers' and sellers' busiest pages, then a write mix of
// sellers saving sections and creating IAM users, and prints requests per
// second, p50 and p99 latency, errors and each page's share of the
// constant handler's requests per second in the same run.
//
//	go run ./cmd/loadtest -listings 100000 -accounts 10000 -duration 15s -json results.json
//
// With -db postgres://… it measures on PostgreSQL (an empty database, or
// one it seeded before with the same sizes). It needs wrk (apt-get install
// wrk).
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
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/web"
)

func main() {
	web.AddSpareProc() // as cmd/portal does
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	sizes                   seedRecord
	duration, writeDuration time.Duration
	think                   time.Duration
	conns                   int
	dir, dsn, jsonFile      string
	profileDir              string
	pages                   []string
	// seedOnly makes this process the seeding child: it seeds and exits.
	seedOnly bool
}

func parseFlags() (options, error) {
	var o options
	flag.IntVar(&o.sizes.Listings, "listings", 100000, "public listings to seed")
	flag.IntVar(&o.sizes.Accounts, "accounts", 10000, "buyer accounts to seed, each with three subscriptions")
	flag.IntVar(&o.sizes.Writers, "writers", 50, "sellers writing at once in the write mix")
	flag.DurationVar(&o.duration, "duration", 15*time.Second, "wrk duration per page")
	flag.DurationVar(&o.writeDuration, "write-duration", 30*time.Second, "duration of the write mix")
	flag.DurationVar(&o.think, "think", 200*time.Millisecond, "each writer's mean pause between two writes")
	flag.IntVar(&o.conns, "connections", 32, "wrk connections")
	flag.StringVar(&o.dir, "dir", "", "folder for the SQLite database, kept and reused by later runs with the same sizes (default: a temporary one)")
	flag.StringVar(&o.dsn, "db", "", "a postgres:// URL to measure on PostgreSQL instead of SQLite")
	flag.StringVar(&o.jsonFile, "json", "", "also write the results to this file as JSON")
	flag.StringVar(&o.profileDir, "profile", "", "write CPU and blocking profiles of each page's run to this folder (<page>.cpu.pprof, <page>.block.pprof)")
	flag.BoolVar(&o.seedOnly, "seed-only", false, "seed the database and exit (the command runs itself so to seed)")
	pages := flag.String("pages", "", "comma-separated pages to measure (default: all): "+strings.Join(pageNames, ","))
	flag.Parse()
	if flag.NArg() > 0 {
		// flag stops at the first argument that is not a flag: a stray
		// word would hide the flags after it, -seed-only among them.
		return o, fmt.Errorf("unexpected argument %q: every option is a flag", flag.Arg(0))
	}
	if *pages != "" {
		o.pages = strings.Split(*pages, ",")
		for _, p := range o.pages {
			if !slices.Contains(pageNames, p) {
				return o, fmt.Errorf("unknown page %q", p)
			}
		}
	}
	return o, nil
}

// pageNames are the measured pages, in the order they are measured.
var pageNames = []string{"constant", "product", "catalog", "search", "search-common-word", "subscriptions", "seller-overview",
	"section-editor", "writes"}

func run() error {
	o, err := parseFlags()
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return fmt.Errorf("wrk not found: apt-get install -y wrk")
	}
	if o.dir == "" {
		tmp, err := os.MkdirTemp("", "portal-load")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		o.dir = tmp
	}
	if o.dsn == "" {
		o.dsn = filepath.Join(o.dir, "load.db")
	}
	ctx := context.Background()
	if o.seedOnly {
		_, err := profiled(o.profileDir, "seed", func() (pageResult, error) {
			_, err := ensureSeeded(ctx, o)
			return pageResult{}, err
		})
		return err
	}
	seedS, err := seedInChild(o)
	if err != nil {
		return err
	}
	// The portal's default soft memory limit (cmd/portal -memory-limit-mib).
	debug.SetMemoryLimit(224 << 20)
	runtime.GC()
	debug.FreeOSMemory()
	if err := resetPeakRSS(); err != nil {
		return fmt.Errorf("reset the peak RSS: %w", err)
	}
	db, portal, coldStart, err := coldStart(ctx, o.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Printf("cold start to the first product page: %s\n", coldStart.Round(time.Millisecond))
	indexed := time.Now()
	if err := db.SearchIndex().WaitReady(ctx); err != nil {
		return err
	}
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fmt.Printf("search index ready %s later; Go heap in use %.0f MB, process RSS %.0f MB\n", time.Since(indexed).Round(time.Millisecond),
		float64(mem.HeapInuse)/(1<<20), currentRSSMB())
	results, err := measure(ctx, db, portal, o)
	proc := processResult{Page: "process", PeakRSSMB: peakRSSMB(), SeedS: seedS, ColdStartMs: float64(coldStart) / float64(time.Millisecond)}
	printTable(os.Stdout, results, proc)
	if o.jsonFile != "" {
		if err := writeJSON(o.jsonFile, results, proc); err != nil {
			return err
		}
	}
	return err
}

// seedInChild seeds the database from another process, this command run
// with -seed-only, and returns how long seeding took (then or now). The
// server measured is then as a server is, one that opened a database
// seeded elsewhere: seeding leaves tens of MB of SQLite's and Go's memory
// held by the process that did it, which the peak RSS would count.
func seedInChild(o options) (float64, error) {
	self, err := os.Executable()
	if err != nil {
		return 0, err
	}
	// The child's own flags come first, where no stray argument can hide
	// them; the folder and database are this process's (the same as any
	// given after them), even a temporary folder.
	args := append([]string{"-seed-only", "-dir", o.dir, "-db", o.dsn}, os.Args[1:]...)
	child := exec.Command(self, args...)
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if err := child.Run(); err != nil {
		return 0, fmt.Errorf("seeding: %w", err)
	}
	rec, ok := readSeedRecord(o.dir, o.sizes)
	if !ok {
		// A database seeded by a run whose folder is gone (PostgreSQL's,
		// with a temporary folder) has no record of its time.
		fmt.Println("the seeding time of this database was not recorded: reported as 0 s")
	}
	return rec.Seconds, nil
}

// ensureSeeded seeds what the database lacks unless an earlier run did, and
// returns how long seeding took (then or now).
func ensureSeeded(ctx context.Context, o options) (float64, error) {
	opened := time.Now()
	db, err := persistence.Open(ctx, o.dsn, nil)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	fmt.Printf("opened and migrated the database in %s\n", time.Since(opened).Round(time.Millisecond))
	listings, sellers, buyers := seeded(ctx, db, o.sizes)
	if listings && sellers && buyers {
		rec, _ := readSeedRecord(o.dir, o.sizes)
		fmt.Printf("reusing %d listings, %d buyers and %d writers (seeded in %.1f s)\n", o.sizes.Listings, o.sizes.Accounts, o.sizes.Writers, rec.Seconds)
		return rec.Seconds, nil
	}
	start := time.Now()
	if err := seed(ctx, db, o.sizes, !listings, !sellers, !buyers); err != nil {
		return 0, err
	}
	rec := o.sizes
	rec.Seconds = time.Since(start).Seconds()
	fmt.Printf("seeded %d listings, %d buyers and %d writers in %.1f s\n", o.sizes.Listings, o.sizes.Accounts, o.sizes.Writers, rec.Seconds)
	return rec.Seconds, writeSeedRecord(o.dir, rec)
}

// seeded reports which parts an earlier run left complete: every listing in
// the catalog, the sellers (the last writer signed up) and the buyers (the
// last buyer).
func seeded(ctx context.Context, db *persistence.DB, sizes seedRecord) (listings, sellers, buyers bool) {
	page, err := db.Catalog().SearchCatalog(ctx, domain.CatalogQuery{Sort: domain.SortNewest, Page: 1})
	listings = err == nil && page.Total == sizes.Listings
	exists := func(email string) bool {
		_, err := db.Accounts().UserByEmail(ctx, email)
		return err == nil
	}
	return listings, exists(writerEmail(sizes.Writers - 1)), exists(fmt.Sprintf("buyer%d@example.com", sizes.Accounts-1))
}

// coldStart opens the seeded database and starts the portal as the server
// does, and times it until the first product page is served.
func coldStart(ctx context.Context, dsn string) (*persistence.DB, string, time.Duration, error) {
	start := time.Now()
	db, err := persistence.Open(ctx, dsn, nil)
	if err != nil {
		return nil, "", 0, err
	}
	portal, err := serve(portalHandler(db))
	if err != nil {
		return nil, "", 0, err
	}
	res, err := http.Get(portal + "/marketplace/pp/" + listingID(0))
	if err != nil {
		return nil, "", 0, err
	}
	io.Copy(io.Discard, res.Body) //nolint:errcheck // only the time counts
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, "", 0, fmt.Errorf("first product page answered %d", res.StatusCode)
	}
	return db, portal, time.Since(start), nil
}

// measure loads each page with wrk, then runs the write mix.
func measure(ctx context.Context, db *persistence.DB, portal string, o options) ([]pageResult, error) {
	e := echo.New()
	e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	baseline, err := serve(e)
	if err != nil {
		return nil, err
	}
	buyer, err := signIn(portal, "buyer0@example.com", net.IPv4(127, 0, 2, 1))
	if err != nil {
		return nil, err
	}
	seller, err := signIn(portal, sellerEmail, net.IPv4(127, 0, 2, 2))
	if err != nil {
		return nil, err
	}
	product := "/management/products/ml/" + listingID(0)
	pages := []struct{ name, url, cookie string }{
		{"constant", baseline + "/", ""},
		{"product", portal + "/marketplace/pp/" + listingID(0), ""},
		{"catalog", portal + "/marketplace", ""},
		{"search", portal + "/marketplace?q=retail+forecast&category=Forecasting", ""},
		{"search-common-word", portal + "/marketplace?q=retail", ""},
		{"subscriptions", portal + "/sagemaker/subscriptions", buyer},
		{"seller-overview", portal + product, seller},
		{"section-editor", portal + product + "/edit/general", seller},
	}
	var results []pageResult
	var constant float64
	for _, p := range pages {
		if len(o.pages) > 0 && !slices.Contains(o.pages, p.name) && p.name != "constant" {
			continue
		}
		if err := expectOK(p.url, p.cookie); err != nil {
			return results, fmt.Errorf("%s: %w", p.name, err)
		}
		r, err := profiled(o.profileDir, p.name, func() (pageResult, error) { return runWrk(p.name, p.url, p.cookie, o.duration, o.conns) })
		if err != nil {
			return results, fmt.Errorf("%s: %w", p.name, err)
		}
		if p.name == "constant" {
			constant = r.RPS
		}
		results = append(results, report(r, constant))
	}
	if len(o.pages) == 0 || slices.Contains(o.pages, "writes") {
		r, err := profiled(o.profileDir, "writes", func() (pageResult, error) {
			return runWrites(ctx, db, portal, o.sizes.Writers, o.writeDuration, o.think)
		})
		results = append(results, report(r, constant))
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// report sets a page's share of the constant handler and prints its line.
func report(r pageResult, constant float64) pageResult {
	r.Ratio = r.RPS / constant
	fmt.Printf("%-20s %9.0f req/s  %5.1f %%  p50 %7.2f ms  p99 %7.2f ms  errors %d\n", r.Page, r.RPS, 100*r.Ratio, r.P50ms, r.P99ms, r.Errors)
	return r
}

// profiled runs measure and, if dir is set, writes its CPU and blocking
// profiles there.
func profiled(dir, page string, measure func() (pageResult, error)) (pageResult, error) {
	if dir == "" {
		return measure()
	}
	f, err := os.Create(filepath.Join(dir, page+".cpu.pprof"))
	if err != nil {
		return pageResult{}, err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return pageResult{}, err
	}
	runtime.SetBlockProfileRate(int(time.Millisecond))
	r, err := measure()
	pprof.StopCPUProfile()
	runtime.SetBlockProfileRate(0)
	if b, err := os.Create(filepath.Join(dir, page+".block.pprof")); err == nil {
		pprof.Lookup("block").WriteTo(b, 0) //nolint:errcheck // a profile for reading
		b.Close()
	}
	return r, err
}

// expectOK checks that a page answers 200 before it is measured, so that a
// table never shows the speed of an error page.
func expectOK(target, cookie string) error {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body) //nolint:errcheck // only the status counts
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %d", target, res.StatusCode)
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

// serve listens on a free loopback port and returns the base URL. The
// portal is served as cmd/portal serves it, with web.OneWritePerPage; the
// constant handler, whose answers are one write anyway, plainly.
func serve(h http.Handler) (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	hs := &http.Server{Handler: h}
	if _, portal := h.(*web.Server); portal {
		l = web.OneWritePerPage(hs, l)
	}
	go hs.Serve(l) //nolint:errcheck // ends with the process
	return "http://" + l.Addr().String(), nil
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// signIn signs a user in and returns the Cookie header of its session.
func signIn(base, email string, from net.IP) (string, error) {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: fromAddress(from)}
	if err := signInWith(client, base, email); err != nil {
		return "", err
	}
	u, _ := url.Parse(base)
	var parts []string
	for _, c := range jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; "), nil
}

// fromAddress is a transport whose connections come from a loopback
// address of their own: the sign-in limits count per client address.
func fromAddress(ip net.IP) *http.Transport {
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}}
	return &http.Transport{DialContext: dialer.DialContext}
}

// signInWith signs a user in with the client, which keeps the cookies.
func signInWith(client *http.Client, base, email string) error {
	res, err := client.Get(base + "/login")
	if err != nil {
		return err
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		return fmt.Errorf("no CSRF token on the sign-in page")
	}
	res, err = client.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {password}})
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode >= 400 {
		return fmt.Errorf("signing in %s answered %d", email, res.StatusCode)
	}
	return nil
}
