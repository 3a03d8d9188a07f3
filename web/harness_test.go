package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/persistence/persistencetest"
	"github.com/mlportal/portal/web"
)

// testEnv is a running portal on a real database (see openTestDB).
type testEnv struct {
	t          *testing.T
	srv        *httptest.Server
	db         *persistence.DB
	clock      *domain.FakeClock
	auth       *domain.AuthService
	publishing *domain.PublishingService
	// app is the core, for tests that run its jobs (RunDueJobs) or read
	// its repositories.
	app *app.App
}

type envOption func(*web.Config)

func withSecureCookies(c *web.Config) { c.SecureCookies = true }

func newEnv(t *testing.T, opts ...envOption) *testEnv {
	t.Helper()
	return newEnvOn(t, openTestDB(t), opts...)
}

// webDBEnv, set to "postgres", runs the web tests on PostgreSQL, each test
// in a schema of its own, instead of on a SQLite file.
const webDBEnv = "PORTAL_TEST_WEB_DB"

func openTestDB(t *testing.T) *persistence.DB {
	t.Helper()
	switch db := os.Getenv(webDBEnv); db {
	case "", "sqlite":
		return persistencetest.SQLite(t)
	case "postgres":
		return persistencetest.Postgres(t)
	default:
		t.Fatalf("%s=%q: want sqlite or postgres", webDBEnv, db)
		return nil
	}
}

func newEnvOn(t *testing.T, db *persistence.DB, opts ...envOption) *testEnv {
	t.Helper()
	return newEnvCore(t, db, nil, opts...)
}

// newEnvCore is newEnvOn with a say in the core's configuration too (its
// mailer, its public address).
func newEnvCore(t *testing.T, db *persistence.DB, configure func(*app.Config), opts ...envOption) *testEnv {
	t.Helper()
	clock := domain.NewFakeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	coreCfg := app.Config{Clock: clock, Hasher: domain.NewFastHasher(), PublishDelay: time.Hour, Log: discardLog}
	if configure != nil {
		configure(&coreCfg)
	}
	core, err := app.New(db.Repositories(sealer), coreCfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg := web.Config{SessionSecret: []byte(strings.Repeat("s", 32)), Clock: clock}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := web.New(cfg, core, db)
	if err != nil {
		t.Fatal(err)
	}
	auth, publishing := core.Services.Auth, core.Services.Publishing
	// Served as cmd/portal serves it, so that every test's pages go
	// through connections that hold a page's writes (onewrite.go).
	ts := httptest.NewUnstartedServer(srv)
	ts.Listener = web.OneWritePerPage(ts.Config, ts.Listener)
	ts.Start()
	t.Cleanup(ts.Close)
	return &testEnv{t: t, srv: ts, db: db, clock: clock, auth: auth, publishing: publishing, app: core}
}

// server returns the handler, for tests that need its routes.
func (e *testEnv) handler() *web.Server { return e.srv.Config.Handler.(*web.Server) }

// client is a browser stand-in: it keeps cookies and does not follow redirects.
type client struct {
	env    *testEnv
	http   *http.Client
	header http.Header
}

func (e *testEnv) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{env: e, header: http.Header{}, http: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// response is a finished request with its body read.
type response struct {
	*http.Response
	body string
	doc  *goquery.Document
}

func (c *client) do(req *http.Request) *response {
	c.env.t.Helper()
	for k, v := range c.header {
		req.Header[k] = v
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.env.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := &response{Response: res, body: string(raw)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		r.doc, err = goquery.NewDocumentFromReader(strings.NewReader(r.body))
		if err != nil {
			c.env.t.Fatal(err)
		}
	}
	return r
}

func (c *client) get(path string) *response {
	c.env.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, c.env.srv.URL+path, nil)
	return c.do(req)
}

// postRaw posts form values exactly as given, with no CSRF token added.
func (c *client) postRaw(path string, form url.Values) *response {
	c.env.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, c.env.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// post loads page to pick up its CSRF token, then posts form to path.
func (c *client) post(page, path string, form url.Values) *response {
	c.env.t.Helper()
	token := c.get(page).csrf(c.env.t)
	form.Set("_csrf", token)
	return c.postRaw(path, form)
}

func (r *response) csrf(t *testing.T) string {
	t.Helper()
	if r.doc == nil {
		t.Fatalf("no HTML page (status %d)", r.StatusCode)
	}
	token, ok := r.doc.Find(`input[name="_csrf"]`).First().Attr("value")
	if !ok || token == "" {
		t.Fatalf("page has no CSRF token")
	}
	return token
}

func (r *response) text(selector string) string {
	if r.doc == nil {
		return ""
	}
	return strings.TrimSpace(r.doc.Find(selector).First().Text())
}

func (r *response) attr(selector, name string) string {
	if r.doc == nil {
		return ""
	}
	v, _ := r.doc.Find(selector).First().Attr(name)
	return v
}

func (r *response) cookie(name string) *http.Cookie {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func expectStatus(t *testing.T, r *response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("status %d, want %d; body:\n%.2000s", r.StatusCode, want, r.body)
	}
}

func expectRedirect(t *testing.T, r *response, want string) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusFound {
		t.Fatalf("status %d, want a redirect to %s", r.StatusCode, want)
	}
	if got := r.Header.Get("Location"); got != want {
		t.Fatalf("redirect to %q, want %q", got, want)
	}
}

// signup creates an account through the form and returns its ID. The
// emailed confirmation link is the subject of the account security tests;
// here the email is marked confirmed in the database, as opening the link
// would.
func (c *client) signup(name, email, password string) string {
	c.env.t.Helper()
	r := c.post("/signup", "/signup", url.Values{"account_name": {name}, "email": {email}, "password": {password}})
	expectRedirect(c.env.t, r, "/signup/check-email")
	ctx := context.Background()
	u, err := c.env.db.Accounts().UserByEmail(ctx, domain.NormalizeEmail(email))
	if err != nil {
		c.env.t.Fatal(err)
	}
	if err := c.env.db.Accounts().ConfirmEmail(ctx, u.ID); err != nil {
		c.env.t.Fatal(err)
	}
	return u.AccountID
}

func (c *client) login(email, password string) *response {
	c.env.t.Helper()
	return c.post("/login", "/login", url.Values{"email": {email}, "password": {password}})
}

const goodPassword = "correct horse battery"

// discardLog keeps what the core logs (emails not sent) out of test output.
var discardLog = slog.New(slog.DiscardHandler)
