package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/persistence"
	"github.com/mlportal/portal/web"
)

// remoteAddrHeader is set by a test client to pose as another network
// address: the test server copies it into the request's RemoteAddr, which is
// what a TCP connection from that address would give.
const remoteAddrHeader = "X-Test-Remote-Addr"

// countingHasher counts the password comparisons the portal makes.
type countingHasher struct {
	domain.PasswordHasher
	compares atomic.Int64
}

func (h *countingHasher) Compare(password, hash string) (bool, error) {
	h.compares.Add(1)
	return h.PasswordHasher.Compare(password, hash)
}

// newThrottleEnv is newEnv with a counting hasher and clients that can come
// from different addresses.
func newThrottleEnv(t *testing.T) (*testEnv, *countingHasher) {
	t.Helper()
	db := openTestDB(t)
	clock := domain.NewFakeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	hasher := &countingHasher{PasswordHasher: domain.NewFastHasher()}
	core, err := app.New(db.Repositories(sealer), app.Config{Clock: clock, Hasher: hasher, PublishDelay: time.Hour, Log: discardLog})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{SessionSecret: []byte(strings.Repeat("s", 32)), Clock: clock}, core, db)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if addr := r.Header.Get(remoteAddrHeader); addr != "" {
			r.RemoteAddr = addr
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return &testEnv{t: t, srv: ts, db: db, clock: clock, auth: core.Services.Auth, publishing: core.Services.Publishing}, hasher
}

// clientFrom is a client whose requests come from addr.
func (e *testEnv) clientFrom(addr string) *client {
	c := e.client()
	c.header.Set(remoteAddrHeader, addr+":40000")
	return c
}

func TestParallelWrongPasswordsStayWithinTheBudget(t *testing.T) {
	env, hasher := newThrottleEnv(t)
	owner := env.clientFrom("198.51.100.7")
	owner.signup("Acme", "owner@example.com", goodPassword)

	attacker := env.clientFrom("203.0.113.9")
	token := attacker.get("/login").csrf(t)
	before := hasher.compares.Load()
	const n = 100
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := url.Values{"_csrf": {token}, "email": {"owner@example.com"}, "password": {"wrong password " + strconv.Itoa(i)}}
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, env.srv.URL+"/login",
				strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set(remoteAddrHeader, "203.0.113.9:40000")
			// Each guess claims another address: a header any client can send
			// must not make one client many.
			req.Header.Set("X-Forwarded-For", "10.0.0."+strconv.Itoa(i))
			res, err := attacker.http.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)

	counts := map[int]int{}
	for s := range statuses {
		counts[s]++
	}
	budget := domain.DefaultThrottlePolicy.FreeFailures
	if checked := hasher.compares.Load() - before; checked > int64(budget) {
		t.Errorf("%d passwords checked, want at most the budget of %d", checked, budget)
	}
	if counts[http.StatusUnauthorized] > budget || counts[http.StatusInternalServerError] != 0 ||
		counts[http.StatusUnauthorized]+counts[http.StatusTooManyRequests] != n {
		t.Errorf("statuses %v: want at most %d × 401, the rest 429, none 500", counts, budget)
	}

	// The owner, elsewhere, waits seconds, not a lock-out.
	r := owner.login("owner@example.com", goodPassword)
	expectStatus(t, r, http.StatusTooManyRequests)
	if got := r.text("[data-testid=alert-error]"); !strings.Contains(got, "Wait 1 seconds") {
		t.Errorf("wait message %q", got)
	}
	if got := r.Header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want 1", got)
	}
	env.clock.Advance(time.Second)
	expectRedirect(t, owner.login("owner@example.com", goodPassword), "/")
}

func TestOneAddressRunsOutOfTriesAtAnAccount(t *testing.T) {
	env, _ := newThrottleEnv(t)
	owner := env.clientFrom("198.51.100.7")
	owner.signup("Acme", "owner@example.com", goodPassword)
	attacker := env.clientFrom("203.0.113.9")
	p := domain.DefaultThrottlePolicy
	// Waiting out each delay (1 s, 2 s … 16 s after the first five) within
	// the window does not help past the limit.
	for range p.PairLimit {
		expectStatus(t, attacker.login("owner@example.com", "wrong password!"), http.StatusUnauthorized)
		env.clock.Advance(20 * time.Second)
	}
	r := attacker.login("owner@example.com", goodPassword)
	expectStatus(t, r, http.StatusTooManyRequests)
	if got := r.text("[data-testid=alert-error]"); !strings.Contains(got, "Try again in") {
		t.Errorf("message %q does not say when to try again", got)
	}
	// The owner, elsewhere, waits at most the account's longest delay.
	env.clock.Advance(p.MaxDelay)
	expectRedirect(t, owner.login("owner@example.com", goodPassword), "/")
}

func TestSignupLimitPerAddress(t *testing.T) {
	env, _ := newThrottleEnv(t)
	c := env.clientFrom("203.0.113.9")
	limit := domain.DefaultThrottlePolicy.SignupLimit
	for i := range limit {
		c.signup("Acme", "owner"+strconv.Itoa(i)+"@example.com", goodPassword)
	}
	form := url.Values{"account_name": {"Acme"}, "email": {"one.more@example.com"}, "password": {goodPassword}}
	r := c.post("/signup", "/signup", form)
	expectStatus(t, r, http.StatusTooManyRequests)
	if !strings.Contains(r.body, "Try again in 60 minutes") {
		t.Errorf("the refusal does not say when to try again:\n%s", r.body)
	}
	if r.Header.Get("Retry-After") != "3600" {
		t.Errorf("Retry-After = %q, want 3600", r.Header.Get("Retry-After"))
	}
	_, err := env.db.Accounts().UserByEmail(context.Background(), "one.more@example.com")
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a refused sign-up stored a user: %v", err)
	}
	// Another address may still sign up.
	env.clientFrom("198.51.100.7").signup("Other", "other@example.com", goodPassword)
	env.clock.Advance(time.Hour)
	c.signup("Acme", "later@example.com", goodPassword)
}
