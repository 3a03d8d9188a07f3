package web_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// RequireBrowserEnv, when "1", turns a missing Chromium into a test failure
// instead of a skip. CI sets it.
const requireBrowserEnv = "PORTAL_REQUIRE_BROWSER"

// browser drives a real headless Chromium against a test portal.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func chromiumPath() string {
	if p := os.Getenv("PORTAL_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func newBrowser(t *testing.T, env *testEnv) *browser {
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
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return &browser{t: t, ctx: ctx, base: env.srv.URL}
}

// open loads a path of the portal.
func (b *browser) open(path string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(b.base+path)); err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
}

// fill types values into inputs selected by CSS.
func (b *browser) fill(fields map[string]string) {
	b.t.Helper()
	for sel, v := range fields {
		quoted, _ := json.Marshal(sel)
		clear := chromedp.Evaluate[any]("document.querySelector(" + string(quoted) + ").value = ''")
		if err := chromedp.Do(b.ctx, chromedp.WaitReady(chromedp.CSS(sel)), chromedp.Steps(ignoreResult(clear)), chromedp.SendKeys(chromedp.CSS(sel), v)); err != nil {
			b.t.Fatalf("fill %s: %v", sel, err)
		}
	}
}

// ignoreResult runs an action for its effect only.
func ignoreResult[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

// click clicks an element and waits for the page it leads to.
func (b *browser) click(sel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
}

// runAndWait runs JavaScript that navigates, and waits for the new page.
func (b *browser) runAndWait(js string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Evaluate[any](js))); err != nil {
		b.t.Fatalf("run %s: %v", js, err)
	}
}

// waitLimit bounds each look-up, so a missing element fails the test quickly
// with its selector instead of running out the whole test's time.
const waitLimit = 10 * time.Second

func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) location() string {
	b.t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	return strings.TrimPrefix(loc, b.base)
}

func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, waitLimit)
	defer cancel()
	attrs, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("attributes of %s: %v", sel, err)
	}
	return attrs[name]
}

// screenshot saves the whole page as PNG under the test's temporary folder,
// and also under $PORTAL_SCREENSHOT_DIR when set, for people to look at.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	dirs := []string{b.t.TempDir()}
	if d := os.Getenv("PORTAL_SCREENSHOT_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	for _, dir := range dirs {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
}

// TestBrowserSignUpSignInAndSwitchToFrench walks the first journey of every
// user in real Chromium: create an account, sign in, reach the home page and
// read it in French.
func TestBrowserSignUpSignInAndSwitchToFrench(t *testing.T) {
	env := newEnv(t)
	b := newBrowser(t, env)

	b.open("/signup")
	b.screenshot("signup")
	b.fill(map[string]string{"#f-account_name": "Acme ML", "#f-email": "owner@acme.example", "#f-password": "short"})
	b.click("[data-testid=signup-submit]")
	if got := b.text("[data-testid=error-password]"); !strings.Contains(got, "at least 12 characters") {
		t.Fatalf("short password error %q", got)
	}
	b.screenshot("signup-errors")
	b.fill(map[string]string{"#f-password": goodPassword})
	b.click("[data-testid=signup-submit]")
	if loc := b.location(); loc != "/signup/check-email" {
		t.Fatalf("after sign-up at %s", loc)
	}
	if got := b.text("[data-testid=notice-body]"); !strings.Contains(got, "Open the link") {
		t.Fatalf("check-email page says %q", got)
	}
	b.screenshot("signup-check-email")
	// The emailed link is walked in TestSignupConfirmsTheEmail.
	confirmEmailInDB(t, env, "owner@acme.example")
	user, err := env.db.Accounts().UserByEmail(context.Background(), "owner@acme.example")
	if err != nil {
		t.Fatal(err)
	}

	b.open("/login")
	b.fill(map[string]string{"#f-email": "owner@acme.example", "#f-password": goodPassword})
	b.click("[data-testid=login-submit]")
	// A new account sells nothing yet: its home is the buyer's.
	if got := b.text("[data-testid=page-title]"); got != "Your AWS Marketplace" {
		t.Fatalf("home title %q", got)
	}
	accountID := b.text("[data-testid=home-account-id]")
	if accountID != user.AccountID {
		t.Fatalf("home shows account %q, want %q", accountID, user.AccountID)
	}
	b.screenshot("home-en")

	// The switcher applies on change, through the page's own script.
	b.runAndWait(`(() => { const s = document.querySelector('#lang-select'); s.value = 'fr'; s.dispatchEvent(new Event('change')); })()`)
	if got := b.attr("html", "lang"); got != "fr" {
		t.Fatalf("html lang %q after switching", got)
	}
	if got := b.text("[data-testid=page-title]"); got != "Votre AWS Marketplace" {
		t.Fatalf("French home title %q", got)
	}
	if got := b.text("[data-testid=sidenav]"); !strings.Contains(got, "Paramètres") {
		t.Fatalf("side navigation not in French: %q", got)
	}
	b.screenshot("home-fr")

	// The choice is remembered on the next page.
	b.open("/no-such-page")
	if got := b.text("h1"); got != "Page introuvable" {
		t.Fatalf("404 heading %q", got)
	}
	b.screenshot("not-found-fr")

	// Signing out goes through a CSRF-protected form.
	b.open("/")
	b.runAndWait(`document.querySelector('[data-testid=account-menu]').open = true; document.querySelector('[data-testid=sign-out]').click()`)
	if loc := b.location(); loc != "/login?signed_out=1" {
		t.Fatalf("after sign-out at %s", loc)
	}
}
