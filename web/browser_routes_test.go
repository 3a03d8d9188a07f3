package web_test

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/mlportal/portal/domain"
)

// axeSource is axe-core 4.14.1 (npm package axe-core, file axe.min.js, under
// the Mozilla Public License 2.0: testdata/axe.LICENSE), vendored so that the
// test runs offline.
//
//go:embed testdata/axe.min.js
var axeSource string

// screenshotDirEnv names the folder where TestBrowserEveryPageAtEveryWidth
// writes its screenshots of each role's main pages in every language.
// Without it, each main page is shot once, in English, into a temporary
// folder removed afterwards.
const screenshotDirEnv = "PORTAL_SCREENSHOT_DIR"

// A viewport the pages are checked at: a phone and a laptop.
type viewport struct {
	name          string
	width, height int64
}

var viewports = []viewport{{"390", 390, 844}, {"1366", 1366, 900}}

// skippedRoutes are GET routes that are not pages, with the reason. Every
// route under /static/ is skipped too: files, not pages.
var skippedRoutes = map[string]string{
	"/static*":                         "stylesheets, scripts, fonts and images, not pages",
	"/healthz":                         "the plain-text health check of load balancers",
	"/settings/profile/logo":           "an image",
	"/management/products/ml/:id/logo": "an image",
	"/marketplace/pp/:id/logo":         "an image",
	"/management/reports/weekly.csv":   "a CSV download, not a page",
}

// knownIssues are findings in pages this test found but that are not fixed
// yet, each with why; the key is "check route" (check: scroll, console or
// the axe rule ID). Keep it short: fix, then delete the entry.
var knownIssues = map[string]string{}

// routeSeed is the data the pages are opened with: one of each thing a
// route can name, created through the forms as a user would.
type routeSeed struct {
	roles         []browserRole
	publicID      string // a public listing, which the buyer subscribed to
	stagedID      string // a Limited listing, the tester allow-listed
	stagedVersion string // its first version's ID
	modelPackage  string
	algorithm     string
	iamUser       string
	accessKey     string
	policy        string // attached to iamUser
	privateOffer  string // extended to the buyer, who accepted it
	agreement     string // the buyer's agreement made from it
}

// browserRole is a kind of visitor and its session.
type browserRole struct {
	name   string
	client *client
	// all opens every value of a route's enumerable parameters (each
	// section, each version step), not only the first.
	all bool
}

func seedEveryRole(t *testing.T, env *testEnv) routeSeed {
	t.Helper()
	tester, testerID := env.signedIn("Tester", "tester@example.com")
	buyer, _ := env.signedIn("Buyer", "buyer@example.com")
	root, sellerID, publicID := publicListing(t, env)

	// A second listing, staged for the tester: the preview with its badge.
	expectRedirect(t, root.post("/sagemaker/model-packages/new", "/sagemaker/model-packages/new", validModelPackage("detector")),
		"/sagemaker/model-packages/detector")
	stagedID := completeListing(t, root, sellerID, "detector")
	expectRedirect(t, submit(t, root, stagedID, testerID), "/management/products/ml/"+stagedID)
	env.clock.Advance(time.Hour)
	if _, err := env.publishing.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	href := root.get("/management/products/ml/"+stagedID).attr("[data-testid=versions-table] a[href*='/versions/']", "href")
	vid := regexp.MustCompile(`/versions/(\d+)/`).FindStringSubmatch(href)
	if vid == nil {
		t.Fatalf("no version link on the staged listing's overview: %q", href)
	}
	expectRedirect(t, root.post("/sagemaker/algorithms/new", "/sagemaker/algorithms/new", validAlgorithm("forecaster")),
		"/sagemaker/algorithms/forecaster")

	// The buyer subscribes; should the form change, the pages still open.
	page := "/marketplace/pp/" + publicID
	if r := buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}); r.StatusCode != http.StatusSeeOther {
		t.Logf("buyer's subscription: status %d; the subscribed pages are opened unsubscribed", r.StatusCode)
	}

	// A private offer to the buyer, accepted: the offer and agreement pages.
	completeSellerSettings(t, root)
	offerID, agreementID := acceptedPrivateOffer(t, env, publicID, "buyer@example.com")

	iam := env.newIAMUserClient(root, sellerID, "alice", "AWSMarketplaceSellerProductsReadOnly", "AmazonSageMakerReadOnly")
	keyID, _, _ := root.createAccessKey("alice")
	operator := env.operator()

	return routeSeed{
		roles: []browserRole{
			{name: "signed-out", client: env.client()},
			{name: "seller", client: root, all: true},
			{name: "iam-user", client: iam},
			{name: "buyer", client: buyer},
			{name: "tester", client: tester},
			{name: "operator", client: operator},
		},
		publicID: publicID, stagedID: stagedID, stagedVersion: vid[1],
		modelPackage: "detector", algorithm: "forecaster", iamUser: "alice", accessKey: keyID,
		policy: "AWSMarketplaceSellerProductsReadOnly", privateOffer: offerID, agreement: agreementID,
	}
}

// acceptedPrivateOffer has the seller (root@acme.example) of a public product extend a private
// offer on it to a buyer (free of charge, on the Standard Contract), and
// the buyer accept it, through the core; it returns the offer's and the
// agreement's IDs.
func acceptedPrivateOffer(t *testing.T, env *testEnv, productID, buyerEmail string) (string, string) {
	t.Helper()
	ctx := t.Context()
	sellerPrincipal, buyer := rootPrincipal(t, env, "root@acme.example"), rootPrincipal(t, env, buyerEmail)
	_, required, err := env.app.OfferForm(ctx, sellerPrincipal, productID)
	if err != nil {
		t.Fatal(err)
	}
	o, err := env.app.CreatePrivateOffer(ctx, sellerPrincipal, privateOfferFor(required, productID, buyer.User.AccountID, env))
	if err != nil {
		t.Fatal(err)
	}
	ag, err := env.app.AcceptPrivateOffer(ctx, buyer, o.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID, ag.ID
}

var sections = []string{"general", "promotional", "support", "regions", "launch-option", "pricing"}

// routeValues returns the values a route's parameter is opened with, first
// the one every role opens. A parameter it does not know fails the test, so
// that a new route is given a value rather than left out.
func (s routeSeed) routeValues(route, param string, role browserRole) ([]string, bool) {
	var v []string
	switch param {
	case "id":
		v = []string{s.stagedID, s.publicID}
		if strings.HasPrefix(route, "/marketplace/") && role.name != "tester" && role.name != "seller" {
			v = []string{s.publicID}
		}
		if strings.Contains(route, ":section") || strings.Contains(route, ":vid") {
			v = v[:1] // the editor's pages: one listing's are enough
		}
	case "vid":
		v = []string{s.stagedVersion}
	case "step":
		v = []string{"1", "2", "3", "4", "5"}
	case "section":
		v = sections
	case "name":
		switch {
		case strings.HasPrefix(route, "/sagemaker/model-packages"):
			v = []string{s.modelPackage}
		case strings.HasPrefix(route, "/sagemaker/algorithms"):
			v = []string{s.algorithm}
		default:
			v = []string{s.iamUser}
		}
	case "offerID":
		v = []string{s.privateOffer, domain.PublicOfferID(s.publicID)}
		if strings.HasSuffix(route, "/pricing") {
			v = v[1:] // only a public offer's prices are changed there
		}
	case "agreementID":
		v = []string{s.agreement}
	case "key":
		v = []string{s.accessKey}
	case "policy":
		v = []string{s.policy}
	case "token":
		// Emailed one-time links: an unknown token shows the page that says
		// the link no longer works.
		v = []string{"not-a-valid-token"}
	default:
		return nil, false
	}
	if !role.all {
		v = v[:1]
	}
	return v, true
}

var routeParamName = regexp.MustCompile(`:([A-Za-z_]+)`)

// pagesOf expands the GET routes into the paths a role opens in the
// browser. Each is first asked for over plain HTTP: a page that only
// redirects to another page the role opens anyway, or refuses with a status
// already seen, is opened once, not once per route. It returns the unknown
// route parameters and the pages that failed with a server error.
//
// A page whose content has the same structure (elements and classes of its
// <main>) as one an earlier role opens, such as the empty product list of
// every account that sells nothing, is left to that role: structures
// collects them across roles.
func (s routeSeed) pagesOf(routes []string, role browserRole, structures map[string]bool) (pages []pageToOpen, problems []string) {
	var all []pageToOpen
	for _, route := range routes {
		paths := []string{route}
		for _, m := range routeParamName.FindAllStringSubmatch(route, -1) {
			values, ok := s.routeValues(route, m[1], role)
			if !ok {
				problems = append(problems, fmt.Sprintf("route %s has a parameter :%s this test cannot fill: "+
					"add a value to routeValues (or the route to skippedRoutes, with why)", route, m[1]))
				paths = nil
				break
			}
			var next []string
			for _, p := range paths {
				for _, v := range values {
					next = append(next, strings.Replace(p, m[0], url.PathEscape(v), 1))
				}
			}
			paths = next
		}
		for _, p := range paths {
			all = append(all, pageToOpen{route: route, path: p})
		}
	}
	ok := map[string]bool{}
	type answer struct {
		status int
		to     string
		same   bool // as a page an earlier role opens
	}
	answers := make([]answer, len(all))
	for i, pg := range all {
		r := role.client.get(pg.path)
		answers[i] = answer{status: r.StatusCode}
		switch {
		case r.StatusCode == http.StatusOK:
			ok[pg.path] = true
			if r.doc != nil {
				key := pg.route + " " + structureOf(r.doc.Find("main"))
				answers[i].same = structures[key]
				structures[key] = true
			}
		case r.StatusCode >= 300 && r.StatusCode < 400:
			to, _ := url.Parse(r.Header.Get("Location"))
			answers[i].to = to.Path
		case r.StatusCode >= 500:
			problems = append(problems, fmt.Sprintf("%s, GET %s: status %d", role.name, pg.path, r.StatusCode))
		}
	}
	seen := map[string]bool{}
	for i, pg := range all {
		key := pg.path
		switch a := answers[i]; {
		case a.same:
			continue
		case a.status >= 400:
			key = fmt.Sprint(a.status)
		case a.to != "" && ok[a.to]:
			continue
		case a.to != "":
			key = "→" + a.to
		}
		if !seen[key] {
			seen[key] = true
			pages = append(pages, pg)
		}
	}
	return pages, problems
}

type pageToOpen struct{ route, path string }

// structureOf sums up the elements and classes under a selection, not its
// text: two pages that differ only in names and numbers sum up the same.
func structureOf(sel *goquery.Selection) string {
	h := sha256.New()
	sel.Find("*").Each(func(_ int, el *goquery.Selection) {
		class, _ := el.Attr("class")
		fmt.Fprintf(h, "%s.%s;", goquery.NodeName(el), class)
	})
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// mainPages get a screenshot at each width and in each language.
var mainPages = map[string]bool{
	"/": true, "/login": true, "/signup": true, "/marketplace": true, "/marketplace/pp/:id": true,
	"/management/products/ml": true, "/management/products/ml/:id": true, "/management/products/ml/:id/versions": true,
	"/management/products/ml/:id/edit/:section": true, "/management/products/ml/:id/versions/:vid/step/:step": true,
	"/management/products/ml/api": true, "/settings": true, "/iam/users": true, "/iam/users/:name": true,
	"/sagemaker/model-packages": true, "/sagemaker/algorithms/:name": true, "/sagemaker/subscriptions": true,
	"/operations": true, "/settings/sessions": true,
	"/management/offers": true, "/management/offers/:offerID": true, "/management/offers/new": true,
	"/management/agreements": true, "/management/agreements/:agreementID": true, "/management/reports": true,
	"/marketplace/private-offers": true, "/marketplace/private-offers/:offerID": true, "/agreements": true,
	"/agreements/:agreementID": true,
}

// pageReport is what the checking script finds in a page.
type pageReport struct {
	ScrollWidth int64       `json:"scrollWidth"`
	InnerWidth  int64       `json:"innerWidth"`
	Overflowing []string    `json:"overflowing"`
	Violations  []violation `json:"violations"`
	Location    string      `json:"location"`
	// Text is what the page shows, for the check that no English label of
	// an enumeration shows on a French or Spanish page.
	Text    string   `json:"text"`
	Status  int64    `json:"-"`
	Console []string `json:"-"`
}

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkScript measures the page once its fonts are in, names the elements
// that stick out of the window (the outermost of each), and runs axe-core.
const checkScript = `(async () => {
  await document.fonts.ready;
  const de = document.documentElement;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].join(".") : "") +
    (el.dataset.testid ? "[data-testid=" + el.dataset.testid + "]" : "");
  const overflowing = [];
  if (de.scrollWidth > innerWidth) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= innerWidth + 0.5) continue;
      const p = el.parentElement.getBoundingClientRect();
      if (p.right > innerWidth + 0.5 && el.parentElement !== document.body) continue;
      let clipped = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") { clipped = true; break; }
      }
      if (clipped) continue;
      overflowing.push(describe(el) + " (right edge " + Math.round(r.right) + ")");
      if (overflowing.length >= 5) break;
    }
  }
  // The words a reader sees: visible text, but not code (API identifiers
  // such as change type names are the same in every language).
  const shownText = () => {
    const parts = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest("pre, code, script, style") || p.getClientRects().length === 0) continue;
      parts.push(n.textContent);
    }
    return parts.join("\n");
  };
  let violations = [];
  if (%[1]t) {
    const res = await axe.run(document, { resultTypes: ["violations"] });
    violations = res.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 160)),
    }));
  }
  return { scrollWidth: de.scrollWidth, innerWidth, overflowing, violations, location: location.pathname + location.search,
    text: shownText() };
})()`

// tab is one browser tab at one width, in a browser context of its own
// (its own cookies), with the console errors of its current page.
type tab struct {
	vp      viewport
	ctx     context.Context
	mu      sync.Mutex
	console []string
	// Where the time goes, for the log.
	navTime, axeTime, shotTime time.Duration
}

func (tb *tab) listen(ev any) {
	var msg string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil && e.ExceptionDetails.Exception.Description != "" {
			msg += " " + strings.SplitN(e.ExceptionDetails.Exception.Description, "\n", 2)[0]
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range e.Args {
			if a.Value != nil {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		msg = "console." + string(e.Type) + ": " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		if e.Entry.Level != cdplog.EntryLevelError {
			return
		}
		msg = "log (" + string(e.Entry.Source) + "): " + e.Entry.Text + " " + e.Entry.URL
	default:
		return
	}
	tb.mu.Lock()
	tb.console = append(tb.console, msg)
	tb.mu.Unlock()
}

func (tb *tab) takeConsole() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	c := tb.console
	tb.console = nil
	return c
}

// TestBrowserEveryPageAtEveryWidth opens every GET page of the route table,
// as every kind of visitor, at phone (390×844) and laptop (1366×900) widths,
// in English, French and Spanish, and checks that the page does not scroll
// sideways (document.documentElement.scrollWidth <= innerWidth), logs no
// console error or uncaught exception, shows no English label of an
// enumeration (category, Region, country, status…) in French or Spanish
// (see leaks), and has no serious or critical
// axe-core violation (see runAxe for the widths and languages). It writes
// screenshots of the main pages (see screenshotDirEnv).
//
// The route table gives the pages, so a new page is checked as soon as it is
// registered; its parameters are filled from data seeded through the forms
// (routeValues), and skippedRoutes lists what is not a page. To stay within
// a few minutes, one browser serves both widths (a tab each, at work at
// once), and a page is opened once per role and language: routes that only
// redirect to a page the role opens anyway, refusals already seen, and pages
// whose content has the structure of one an earlier role opens are asked
// for over plain HTTP only.
func TestBrowserEveryPageAtEveryWidth(t *testing.T) {
	if db := os.Getenv(webDBEnv); db != "" && db != "sqlite" {
		// CI runs the web tests again on PostgreSQL; the pages are drawn the
		// same from either database, and this test takes minutes.
		t.Skipf("pages are checked once, on SQLite (%s=%s)", webDBEnv, db)
	}
	env := newEnv(t)
	start := time.Now()
	browserCtx := newLongBrowser(t) // skips, or fails under PORTAL_REQUIRE_BROWSER=1, without Chromium
	seed := seedEveryRole(t, env)
	t.Logf("seeded in %s", time.Since(start).Round(time.Millisecond))

	var routes []string
	skipped := map[string]bool{}
	for _, r := range env.handler().Routes() {
		if r.Method != http.MethodGet {
			continue
		}
		if strings.HasPrefix(r.Path, "/static/") {
			continue // more static files, served by a feature of their own
		}
		if skippedRoutes[r.Path] != "" {
			skipped[r.Path] = true
			continue
		}
		routes = append(routes, r.Path)
	}
	for route := range skippedRoutes {
		if !skipped[route] {
			t.Errorf("skippedRoutes lists %s, which is no longer a GET route: remove it", route)
		}
	}
	sort.Strings(routes)
	routes = slices.Compact(routes)

	shots := os.Getenv(screenshotDirEnv)
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	var problems []string
	var plans []rolePlan
	structures := map[string]bool{}
	for _, role := range seed.roles {
		if only := os.Getenv("PORTAL_BROWSER_ROLES"); only != "" && !slices.Contains(strings.Split(only, ","), role.name) {
			continue // $PORTAL_BROWSER_ROLES narrows the run to some roles while fixing a page
		}
		pages, found := seed.pagesOf(routes, role, structures)
		plans = append(plans, rolePlan{role: role, pages: pages})
		problems = append(problems, found...)
	}
	t.Logf("pages per role after the HTTP pass: %s (%s)", planSizes(plans), time.Since(start).Round(time.Millisecond))

	// One browser, one tab per width, both at work at once.
	var wg sync.WaitGroup
	var mu sync.Mutex
	opened := map[string]string{}
	for _, vp := range viewports {
		tb := &tab{vp: vp}
		ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
		defer cancel()
		tb.ctx = ctx
		wg.Add(1)
		go func() {
			defer wg.Done()
			found, n := tb.checkAll(t, env.srv.URL, plans, shots)
			found = append(found, tb.checkMenu(t, env.srv.URL, seed.roles[1], shots)...)
			mu.Lock()
			problems = append(problems, found...)
			opened[vp.name] = fmt.Sprintf("%d pages (open %s, axe %s, screenshots %s)", n,
				tb.navTime.Round(time.Second), tb.axeTime.Round(time.Second), tb.shotTime.Round(time.Second))
			mu.Unlock()
		}()
	}
	wg.Wait()

	sort.Strings(problems)
	problems = slices.Compact(problems)
	for _, p := range problems {
		t.Error(p)
	}
	t.Logf("opened per width: %v; all in %s; screenshots in %s; %d known issues listed in the test",
		opened, time.Since(start).Round(time.Second), shots, len(knownIssues))
}

// newLongBrowser starts Chromium as newBrowser does, for a test that runs
// longer than newBrowser's limit of a minute and a half.
func newLongBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv(requireBrowserEnv) == "1" {
			t.Fatalf("Chromium not found but %s=1: install Debian's chromium package", requireBrowserEnv)
		}
		t.Skip("Chromium not found: install Debian's chromium package to run browser tests")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// The first Run starts the browser; it lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		t.Fatalf("start Chromium: %v", err)
	}
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	return ctx
}

// runAxe tells whether axe-core checks the pages of a language at a width:
// at both widths in English; in French at the phone's, in Spanish at the
// laptop's. What axe looks at (names, roles, contrast, structure) is the
// same in every language, and this saves a third of the test's time; set
// PORTAL_BROWSER_AXE_ALL=1 to run it at every width in every language.
func runAxe(lang string, vp viewport) bool {
	switch {
	case lang == "en" || os.Getenv("PORTAL_BROWSER_AXE_ALL") == "1":
		return true
	case lang == "fr":
		return vp.width < 688
	default:
		return vp.width >= 688
	}
}

// langsToCheck is en, fr and es, or the languages $PORTAL_BROWSER_LANGS
// lists (comma-separated), to look at one language while fixing a page.
func langsToCheck() []string {
	if l := os.Getenv("PORTAL_BROWSER_LANGS"); l != "" {
		return strings.Split(l, ",")
	}
	return []string{"en", "fr", "es"}
}

// rolePlan is the pages a role opens in the browser.
type rolePlan struct {
	role  browserRole
	pages []pageToOpen
}

func planSizes(plans []rolePlan) string {
	var parts []string
	for _, p := range plans {
		parts = append(parts, fmt.Sprintf("%s %d", p.role.name, len(p.pages)))
	}
	return strings.Join(parts, ", ")
}

// checkAll opens every page for every role and language in this tab and
// returns the problems found and how many pages it opened.
func (tb *tab) checkAll(t *testing.T, base string, plans []rolePlan, dir string) ([]string, int) {
	shots := map[string]bool{}
	enums := enumTexts(t)
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	u, _ := url.Parse(base)
	setup := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: tb.vp.width, Height: tb.vp.height, DeviceScaleFactor: 1, Mobile: false,
		})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(tb.ctx, setup); err != nil {
		fail("%s px: set the viewport: %v", tb.vp.name, err)
		return problems, 0
	}
	opened := 0
	for _, plan := range plans {
		role, pages := plan.role, plan.pages
		for _, lang := range langsToCheck() {
			if err := tb.signInAs(role, lang, u); err != nil {
				fail("%s px %s %s: cookies: %v", tb.vp.name, role.name, lang, err)
				continue
			}
			// A page reached twice (redirects to sign-in, the same refusal)
			// is checked once per role and language.
			seen := map[string]bool{}
			for _, pg := range pages {
				opened++
				where := fmt.Sprintf("%s px, %s, %s, %s", tb.vp.name, lang, role.name, pg.path)
				rep, err := tb.open(base, pg.path, seen, runAxe(lang, tb.vp))
				if err != nil {
					fail("%s: %v", where, err)
					continue
				}
				if rep == nil {
					continue
				}
				if rep.Location != pg.path {
					where += " → " + rep.Location
				}
				if rep.ScrollWidth > rep.InnerWidth && knownIssues["scroll "+pg.route] == "" {
					fail("%s: scrolls sideways: %d px wide in a %d px window; sticking out: %s",
						where, rep.ScrollWidth, rep.InnerWidth, strings.Join(rep.Overflowing, ", "))
				}
				if len(rep.Console) > 0 && knownIssues["console "+pg.route] == "" {
					fail("%s: console errors: %s", where, strings.Join(rep.Console, " | "))
				}
				if lang != "en" && rep.Status == http.StatusOK && knownIssues["enum "+pg.route] == "" {
					if found := leaks(rep.Text, lang, enums); len(found) > 0 {
						fail("%s: English labels on a %s page: %s", where, lang, strings.Join(found, ", "))
					}
				}
				for _, v := range rep.Violations {
					if knownIssues[v.ID+" "+pg.route] == "" {
						fail("%s: axe %s (%s) %s: %s", where, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
					}
				}
				// Into a given folder, each role's main pages in every language;
				// else, in English, each main page once.
				shot := role.name + " " + pg.route + " " + lang
				if os.Getenv(screenshotDirEnv) == "" {
					shot = pg.route
				}
				if mainPages[pg.route] && rep.Status == http.StatusOK && !shots[shot] && (lang == "en" || os.Getenv(screenshotDirEnv) != "") {
					shots[shot] = true
					tb.screenshot(t, dir, role.name, lang, rep.Location, fail)
				}
			}
		}
	}
	return problems, opened
}

// checkMenu checks the side navigation of a signed-in page: open beside the
// content on a laptop; on a phone folded behind the Menu button, which opens
// it with a click (a checkbox's label: no script needed) and closes it again.
func (tb *tab) checkMenu(t *testing.T, base string, seller browserRole, dir string) []string {
	u, _ := url.Parse(base)
	where := tb.vp.name + " px, the side navigation"
	if err := tb.signInAs(seller, "en", u); err != nil {
		return []string{fmt.Sprintf("%s: %v", where, err)}
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	state := chromedp.Evaluate[[]string](`[getComputedStyle(document.getElementById("sidenav")).display,
		getComputedStyle(document.querySelector("[data-testid=menu-button]")).display]`)
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+"/")); err != nil {
		return []string{fmt.Sprintf("%s: %v", where, err)}
	}
	before, err := chromedp.Run(ctx, state)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", where, err)}
	}
	if tb.vp.width >= 688 {
		if before[0] == "none" || before[1] != "none" {
			return []string{fmt.Sprintf("%s: navigation display %q, menu button display %q; want the navigation shown and no button", where, before[0], before[1])}
		}
		return tb.checkTheme(ctx, base, dir, t)
	}
	if before[0] != "none" || before[1] == "none" {
		return []string{fmt.Sprintf("%s: navigation display %q, menu button display %q; want the navigation folded behind the button", where, before[0], before[1])}
	}
	var problems []string
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-testid=menu-button]"))); err != nil {
		return []string{fmt.Sprintf("%s: click Menu: %v", where, err)}
	}
	if open, err := chromedp.Run(ctx, state); err != nil || open[0] == "none" {
		problems = append(problems, fmt.Sprintf("%s: still hidden after clicking Menu (%v)", where, err))
	}
	tb.screenshot(t, dir, "seller", "en", "menu-open", func(f string, a ...any) { problems = append(problems, fmt.Sprintf(f, a...)) })
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-testid=menu-button]"))); err != nil {
		return append(problems, fmt.Sprintf("%s: click Menu again: %v", where, err))
	}
	if closed, err := chromedp.Run(ctx, state); err != nil || closed[0] != "none" {
		problems = append(problems, fmt.Sprintf("%s: still open after clicking Menu again (%v)", where, err))
	}
	return problems
}

// checkTheme picks Dark in the top bar's theme switcher: the page turns dark
// at once, and the next page is served dark (data-theme on <html>, so no
// light frame first); System again follows the system.
func (tb *tab) checkTheme(ctx context.Context, base, dir string, t *testing.T) []string {
	where := tb.vp.name + " px, the theme switcher"
	pick := func(v string) chromedp.Action[chromedp.Void] {
		return chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById("theme-select");
			s.value = "` + v + `"; s.dispatchEvent(new Event("change")); })()`)
	}
	theme := chromedp.Evaluate[[]string](`[document.documentElement.dataset.theme || "",
		getComputedStyle(document.body).backgroundColor]`)
	if err := chromedp.Do(ctx, pick("dark")); err != nil {
		return []string{fmt.Sprintf("%s: %v", where, err)}
	}
	now, err := chromedp.Run(ctx, theme)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", where, err)}
	}
	var problems []string
	if now[0] != "dark" || now[1] != "rgb(15, 20, 26)" {
		problems = append(problems, fmt.Sprintf("%s: after picking Dark, theme %q and background %s", where, now[0], now[1]))
	}
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+"/marketplace")); err != nil {
		return append(problems, fmt.Sprintf("%s: %v", where, err))
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML.slice(0, 200)`))
	if err != nil || !strings.Contains(html, `data-theme="dark"`) {
		problems = append(problems, fmt.Sprintf("%s: the next page is not served dark: %.200s (%v)", where, html, err))
	}
	tb.screenshot(t, dir, "seller", "en", "marketplace-dark", func(f string, a ...any) { problems = append(problems, fmt.Sprintf(f, a...)) })
	if err := chromedp.Do(ctx, pick("")); err != nil {
		return append(problems, fmt.Sprintf("%s: %v", where, err))
	}
	if now, err := chromedp.Run(ctx, theme); err != nil || now[0] != "" || now[1] != "rgb(248, 248, 250)" {
		problems = append(problems, fmt.Sprintf("%s: after picking System again: %v (%v)", where, now, err))
	}
	return problems
}

// signInAs gives the tab the role's session and the language's cookie.
func (tb *tab) signInAs(role browserRole, lang string, u *url.URL) error {
	return chromedp.Do(tb.ctx, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			return chromedp.Void{}, err
		}
		all := append([]*http.Cookie{{Name: "lang", Value: lang}}, role.client.http.Jar.Cookies(u)...)
		for _, c := range all {
			if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{
				Name: c.Name, Value: c.Value, URL: u.String() + "/", Path: "/",
			}); err != nil {
				return chromedp.Void{}, err
			}
		}
		return chromedp.Void{}, nil
	})
}

// open loads a page and checks it, or returns nil when the page it landed
// on was checked already.
func (tb *tab) open(base, path string, seen map[string]bool, axe bool) (*pageReport, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	tb.takeConsole()
	began := time.Now()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
	tb.navTime += time.Since(began)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return nil, err
	}
	loc = strings.TrimPrefix(loc, base)
	key := loc
	if resp.Status >= 400 {
		key = fmt.Sprint(resp.Status) // one refusal page of each kind
	}
	if seen[key] {
		return nil, nil
	}
	seen[key] = true
	began = time.Now()
	defer func() { tb.axeTime += time.Since(began) }()
	if axe {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](fmt.Sprintf(checkScript, axe), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("check: %w", err)
	}
	var rep pageReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		return nil, err
	}
	rep.Status = resp.Status
	for _, c := range tb.takeConsole() {
		// The refusal of the page itself (403, 404) is its status, checked
		// by the handler tests, not a fault of the page.
		if strings.Contains(c, "Failed to load resource") && strings.HasSuffix(strings.TrimSpace(c), base+loc) {
			continue
		}
		rep.Console = append(rep.Console, c)
	}
	return &rep, nil
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9]+`)

func (tb *tab) screenshot(t *testing.T, dir, role, lang, loc string, fail func(string, ...any)) {
	began := time.Now()
	defer func() { tb.shotTime += time.Since(began) }()
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		fail("%s px %s %s %s: screenshot: %v", tb.vp.name, lang, role, loc, err)
		return
	}
	name := fmt.Sprintf("%s-%s-%s-%s.png", tb.vp.name, lang, role, strings.Trim(unsafeFileChars.ReplaceAllString(loc, "-"), "-"))
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Error(err)
	}
}

// TestLayoutTopBarNamesTheSignedInUser: an IAM user sees their own user name
// in the top bar's account menu, with the account's ID; the root user sees
// the account's name.
func TestLayoutTopBarNamesTheSignedInUser(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	alice := env.newIAMUserClient(root, accountID, "alice")
	if got := root.get("/").text("[data-testid=signed-in-name]"); got != "Acme" {
		t.Errorf("root user's top bar names %q", got)
	}
	page := alice.get("/")
	if got := page.text("[data-testid=signed-in-name]"); got != "alice" {
		t.Errorf("IAM user's top bar names %q, want alice", got)
	}
	if got := page.text("[data-testid=account-user-name]"); got != "alice" {
		t.Errorf("IAM user's account menu: user name %q", got)
	}
	if got := page.text("[data-testid=account\\.account_id]"); got != accountID {
		t.Errorf("IAM user's account menu: account %q", got)
	}
}

// TestLayoutStaticFilesRevalidate: the page links its stylesheet and script
// by a fingerprinted address, and the server answers a browser that has them
// with 304 Not Modified.
func TestLayoutStaticFilesRevalidate(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	css := c.get("/login").attr(`link[rel=stylesheet]`, "href")
	if !strings.HasPrefix(css, "/static/css/portal.css?v=") {
		t.Fatalf("stylesheet linked as %q", css)
	}
	r := c.get(css)
	expectStatus(t, r, http.StatusOK)
	if got := r.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("fingerprinted stylesheet: Cache-Control %q, want it kept a year", got)
	}
	if got := c.get("/static/css/portal.css").Header.Get("Cache-Control"); strings.Contains(got, "immutable") {
		t.Errorf("stylesheet without its fingerprint: Cache-Control %q, want it revalidated", got)
	}
	modified := r.Header.Get("Last-Modified")
	if modified == "" {
		t.Fatal("no Last-Modified on the stylesheet")
	}
	c.header.Set("If-Modified-Since", modified)
	if r := c.get(css); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the stylesheet: status %d, want 304", r.StatusCode)
	}
}

// TestLayoutThemeCookie: the theme chosen in the top bar is rendered on
// <html>, so the page is painted in its colours from the first frame; an
// unknown value is ignored.
func TestLayoutThemeCookie(t *testing.T) {
	env := newEnv(t)
	for value, want := range map[string]string{"dark": "dark", "light": "light", "x\"><script>": ""} {
		c := env.client()
		c.header.Set("Cookie", "theme="+url.QueryEscape(value))
		if got := c.get("/login").attr("html", "data-theme"); got != want {
			t.Errorf("theme cookie %q: data-theme %q, want %q", value, got, want)
		}
	}
}
