package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestParseConfigDefaults(t *testing.T) {
	c, err := parseConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.Database != filepath.Join("data", "portal.db") || c.PublishDelay != time.Hour || c.Demo || c.SecureCookies ||
		c.PublicURL != "http://localhost:8080" || c.SMTPURL != "" {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestParseConfigFlagsWinOverEnvironment(t *testing.T) {
	vars := map[string]string{
		"PORTAL_ADDR": ":9000", "PORTAL_DEMO": "true", "PORTAL_PUBLISH_DELAY": "2m",
		"PORTAL_DB": "postgres://u:p@localhost/db", "PORTAL_SECURE_COOKIES": "1",
	}
	c, err := parseConfig([]string{"-addr", ":9100", "-demo=false"}, env(vars), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9100" || c.Demo || c.PublishDelay != 2*time.Minute || c.Database != "postgres://u:p@localhost/db" || !c.SecureCookies {
		t.Fatalf("config: %+v", c)
	}
}

func TestParseConfigRejectsBadValues(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"bad delay", []string{"-publish-delay", "soon"}, nil},
		{"negative delay", []string{"-publish-delay", "-1h"}, nil},
		{"bad demo env", nil, map[string]string{"PORTAL_DEMO": "maybe"}},
		{"short secret", []string{"-session-secret", "short"}, nil},
		{"cert without key", []string{"-tls-cert", "c.pem"}, nil},
		{"bad log format", []string{"-log-format", "xml"}, nil},
		{"unknown flag", []string{"-nope"}, nil},
		{"public URL with a path", []string{"-public-url", "https://portal.example/app"}, nil},
		{"public URL not http", []string{"-public-url", "ftp://portal.example"}, nil},
		{"public URL with credentials", []string{"-public-url", "https://u:p@portal.example"}, nil},
		{"operator email without password", []string{"-operator-email", "ops@example.com"}, nil},
		{"operator with a short password", []string{"-operator-email", "ops@example.com", "-operator-password", "short"}, nil},
		{"operator with a bad email", []string{"-operator-email", "ops", "-operator-password", "long enough password"}, nil},
	}
	for _, tt := range tests {
		if _, err := parseConfig(tt.args, env(tt.env), io.Discard); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}

func TestTLSImpliesSecureCookies(t *testing.T) {
	c, err := parseConfig([]string{"-tls-cert", "c.pem", "-tls-key", "k.pem"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !c.SecureCookies {
		t.Fatal("TLS without Secure cookies")
	}
}

// syncBuffer collects output written by the server goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRunServesDemoDataAndShutsDownGracefully starts the real server on a
// fresh data folder, signs in with a printed demo account, then stops it.
func TestRunServesDemoDataAndShutsDownGracefully(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", addr, "-data-dir", dataDir, "-demo"}, env(nil), &stdout, &stderr)
	}()
	base := "http://" + addr
	waitHealthy(t, base, done)

	if !strings.Contains(stdout.String(), "seller@example.com") || !strings.Contains(stdout.String(), "seller-demo-password") {
		t.Fatalf("demo credentials not printed:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "generated a secret; set PORTAL_SESSION_SECRET") {
		t.Errorf("no log line about the generated secret:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dataDir, "session.key")); err != nil {
		t.Errorf("session secret not kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "portal.db")); err != nil {
		t.Errorf("SQLite file not created: %v", err)
	}
	signInAsDemoSeller(t, base)
	if err := healthcheck(context.Background(), addr); err != nil {
		t.Errorf("healthcheck command: %v", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not shut down")
	}
	if err := healthcheck(context.Background(), addr); err == nil {
		t.Error("healthcheck passes with the server stopped")
	}
	if !strings.Contains(stderr.String(), "stopped") {
		t.Error("no log line for the graceful stop")
	}

	// A second start reuses the secret and the demo data without failing,
	// and creates the configured Seller Operations user.
	secret, _ := os.ReadFile(filepath.Join(dataDir, "session.key"))
	ctx2, cancel2 := context.WithCancel(context.Background())
	done2 := make(chan error, 1)
	go func() {
		done2 <- run(ctx2, []string{"-addr", addr, "-data-dir", dataDir, "-demo"}, env(map[string]string{
			"PORTAL_OPERATOR_EMAIL": "desk@example.com", "PORTAL_OPERATOR_PASSWORD": "steady lighthouse 4821",
		}), io.Discard, io.Discard)
	}()
	waitHealthy(t, base, done2)
	signInAsOperator(t, base, "desk@example.com", "steady lighthouse 4821")
	// The demo listings were seeded once, not again.
	res, err := http.Get(base + "/marketplace?q=subscriber+churn")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if n := strings.Count(string(page), `href="/marketplace/pp/prod-demochurnpred"`); n != 1 {
		t.Errorf("the churn demo listing appears %d times after a restart, want 1", n)
	}
	cancel2()
	if err := <-done2; err != nil {
		t.Fatal(err)
	}
	again, _ := os.ReadFile(filepath.Join(dataDir, "session.key"))
	if !bytes.Equal(secret, again) {
		t.Error("session secret changed between starts")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitHealthy polls /healthz until the server answers: a bounded readiness
// check on start-up, not a sleep standing in for a domain event.
func waitHealthy(t *testing.T, base string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("server exited early: %v", err)
		default:
		}
		res, err := http.Get(base + "/healthz")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && string(body) == "ok" {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server never became healthy")
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func signInAsDemoSeller(t *testing.T, base string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	res, err = client.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {"seller@example.com"}, "password": {"seller-demo-password"}})
	if err != nil {
		t.Fatal(err)
	}
	home, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(home), "111122223333") {
		t.Fatalf("demo seller could not sign in: status %d", res.StatusCode)
	}
	// The demo seller is registered, has resources ready to list and
	// published products, one of them in two versions.
	for path, want := range map[string]string{
		"/settings":                 `data-state="ready"`,
		"/sagemaker/algorithms":     "tabular-demand-forecaster",
		"/sagemaker/model-packages": "shelf-image-classifier",
		"/marketplace":              "PPE Detector for Warehouses",
		"/management/products/ml/prod-demosentiment/versions": "demosentiment-v2",
	} {
		res, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(string(page), want) {
			t.Errorf("%s: status %d, %q not found", path, res.StatusCode, want)
		}
	}
}

// signInAsOperator checks a configured operator reaches the desk.
func signInAsOperator(t *testing.T, base, email, password string) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.Get(base + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	res, err = client.PostForm(base+"/login", url.Values{"_csrf": {string(m[1])}, "email": {email}, "password": {password}, "next": {"/operations"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Seller Operations") {
		t.Fatalf("configured operator could not reach the desk: status %d", res.StatusCode)
	}
}
