package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mlportal/portal/persistence/persistencetest"
)

// TestBlackBox starts the real binary, as an operator would, and attacks it
// from outside (the security issue's "Done when"): 100 parallel wrong
// guesses at one account, 50 parallel sign-ups, and a NUL and an invalid
// UTF-8 byte in every form field of every page it can reach. Nothing may
// answer 5xx, and no secret the test used or saw may reach the log. It runs
// on SQLite, and again on PostgreSQL when PORTAL_TEST_POSTGRES_URL is set.
func TestBlackBox(t *testing.T) {
	bin := buildPortal(t)
	routes := routeTable(t)
	checkUnlessKnown(t, "a flag error prints no secret", func(t *testing.T) []string { return flagErrorLeaks(t, bin) })
	t.Run("sqlite", func(t *testing.T) { blackBox(t, bin, "", routes) })
	t.Run("postgres", func(t *testing.T) {
		blackBox(t, bin, persistencetest.PostgresDSN(t), routes)
	})
}

// knownFailures are the product bugs this test has found that are not
// fixed yet, by subtest name, each with where it lies. A listed subtest
// that finds its problems is skipped with them; one that finds none fails,
// so that the entry is removed once the bug is fixed.
var knownFailures = map[string]string{}

// knownErrorLines are the ERROR lines the portal writes because of a known
// bug, each with where it lies. Any other ERROR line fails the test, and so
// does an entry that no line matches any more (the bug is fixed: remove it).
var knownErrorLines = []struct {
	line   *regexp.Regexp
	reason string
}{}

// checkUnlessKnown runs check as subtest name and fails it with the
// problems found, unless name is a known failure: then it skips with them,
// or fails when there are none left.
func checkUnlessKnown(t *testing.T, name string, check func(t *testing.T) []string) {
	t.Run(name, func(t *testing.T) {
		problems := check(t)
		reason, known := knownFailures[name]
		switch {
		case known && len(problems) > 0:
			t.Skipf("known failure: %s\n%s", reason, strings.Join(problems, "\n"))
		case known:
			t.Errorf("this known failure is fixed: remove %q from knownFailures", name)
		default:
			for _, p := range problems {
				t.Error(p)
			}
		}
	})
}

// flagErrorLeaks starts bin with a wrong flag and secrets in its
// environment, as a typo in a deployment would, and returns a problem for
// each secret its output shows.
func flagErrorLeaks(t *testing.T, bin string) []string {
	secrets := map[string]string{
		"PORTAL_SESSION_SECRET":    randomSecret(t),
		"PORTAL_DATA_KEY":          randomSecret(t),
		"PORTAL_OPERATOR_PASSWORD": "operator " + randomSecret(t),
		"PORTAL_DB":                "db-" + randomSecret(t),
		"PORTAL_SMTP_URL":          "smtp-" + randomSecret(t),
	}
	cmd := exec.Command(bin, "-no-such-flag")
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"PORTAL_SESSION_SECRET=" + secrets["PORTAL_SESSION_SECRET"],
		"PORTAL_DATA_KEY=" + secrets["PORTAL_DATA_KEY"],
		"PORTAL_OPERATOR_EMAIL=ops@example.com",
		"PORTAL_OPERATOR_PASSWORD=" + secrets["PORTAL_OPERATOR_PASSWORD"],
		"PORTAL_DB=postgres://portal:" + secrets["PORTAL_DB"] + "@127.0.0.1:1/none",
		"PORTAL_SMTP_URL=smtp://mailer:" + secrets["PORTAL_SMTP_URL"] + "@127.0.0.1:1",
	}
	out, err := cmd.CombinedOutput()
	if err == nil {
		return []string{"the portal started with an unknown flag"}
	}
	var problems []string
	for _, env := range slices.Sorted(maps.Keys(secrets)) {
		secret := secrets[env]
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, secret) {
				problems = append(problems, fmt.Sprintf("the secret in %s is printed on a flag error: %s", env,
					clip(strings.ReplaceAll(line, secret, "[REDACTED]"))))
			}
		}
	}
	return problems
}

// blackBox runs every attack against one fresh server on database db (a
// fresh SQLite file when empty) and checks its log afterwards.
func blackBox(t *testing.T, bin, db string, routes []route) {
	start := time.Now()
	p := startPortal(t, bin, db)
	users := p.demoUsers(t)
	secrets := p.secrets

	// Form fuzzing first: the guesses below spend 127.0.0.1's sign-in
	// budget, after which no demo user could sign in from here for a while.
	t.Run("bad bytes in every form field", func(t *testing.T) { fuzzEveryForm(t, p, users, routes) })
	t.Run("100 parallel wrong guesses", func(t *testing.T) { guessInParallel(t, p, users["tester"]) })
	t.Run("50 parallel sign-ups", func(t *testing.T) { signUpInParallel(t, p, users["seller"]) })

	p.stop(t)
	if p.mail != nil {
		tokens := p.mail.linkTokens(p.base)
		if len(tokens) == 0 {
			t.Error("no one-time token in the emails: the log would be checked for none")
		}
		for _, token := range tokens {
			secrets.add("a token the portal emailed", token)
		}
	}
	lines := p.logLines()
	checkUnlessKnown(t, "no server error in the log", func(*testing.T) []string { return serverErrors(lines) })
	checkUnlessKnown(t, "no error-level line in the log", func(t *testing.T) []string { return errorLines(t, lines) })
	checkUnlessKnown(t, "no secret in the log", func(t *testing.T) []string { return leakedSecrets(t, lines, secrets) })
	t.Logf("black box on %s: %s", p.dialect(), time.Since(start).Round(time.Millisecond))
}

// buildPortal compiles the real binary once, the way the Dockerfile does
// (no build tags, cgo for SQLite), without the race detector the tests may
// run under.
func buildPortal(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the binary: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "portal")
	start := time.Now()
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/portal: %v\n%s", err, out)
	}
	t.Logf("built the portal binary in %s", time.Since(start).Round(time.Millisecond))
	return bin
}

// portal is a running server binary and what it wrote.
type portal struct {
	base    string
	db      string
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
	stdout  syncBuffer
	stderr  syncBuffer
	secrets *secretSet
	http    *http.Transport
	mail    *smtpSink
}

// startPortal starts bin on a free port with a fresh data folder, the demo
// data, and a session secret and data key of its own, then waits until
// /healthz answers.
func startPortal(t *testing.T, bin, db string) *portal {
	t.Helper()
	dataDir := filepath.Join(t.TempDir(), "data")
	addr := freeAddr(t)
	p := &portal{
		base: "http://" + addr, db: db, exited: make(chan struct{}), secrets: newSecretSet(),
		http: &http.Transport{MaxIdleConnsPerHost: 200, MaxConnsPerHost: 0, IdleConnTimeout: 30 * time.Second},
	}
	sessionSecret, dataKey := randomSecret(t), randomSecret(t)
	p.secrets.add("the session secret", sessionSecret)
	p.secrets.add("the data key", dataKey)
	// A short publishing delay lets a submitted product be staged, and its
	// sign-off form be fuzzed, within the test.
	// The log at debug level: whatever it writes must hold no secret.
	args := []string{"-addr", addr, "-data-dir", dataDir, "-demo", "-publish-delay", "1s", "-job-interval", "100ms",
		"-log-level", "debug"}
	if hasFlag(t, bin, "smtp-url") {
		// Its email goes to a sink of the test's, which follows the links.
		p.mail = startSMTPSink(t)
		args = append(args, "-smtp-url", p.mail.URL(), "-public-url", p.base)
	}
	if db != "" {
		args = append(args, "-db", db)
		if u, err := url.Parse(db); err == nil && u.User != nil {
			if pw, ok := u.User.Password(); ok && pw != "" {
				p.secrets.add("the database password (as user:password@)", u.User.Username()+":"+pw+"@")
			}
		}
	}
	p.cmd = exec.Command(bin, args...)
	// A small environment of its own: the caller's PORTAL_* variables must
	// not change what is tested.
	p.cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + os.TempDir(),
		"PORTAL_SESSION_SECRET=" + sessionSecret, "PORTAL_DATA_KEY=" + dataKey,
	}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
		p.http.CloseIdleConnections()
	})
	p.waitHealthy(t)
	return p
}

// hasFlag reports whether the binary's usage lists -name.
func hasFlag(t *testing.T, bin, name string) bool {
	t.Helper()
	cmd := exec.Command(bin, "-h")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, _ := cmd.CombinedOutput() // -h exits non-zero
	return strings.Contains(string(out), "-"+name+" ")
}

func randomSecret(t *testing.T) string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "bbx-secret-" + hex.EncodeToString(b)
}

func (p *portal) dialect() string {
	if p.db == "" {
		return "sqlite"
	}
	return "postgres"
}

// waitHealthy polls /healthz with a bounded deadline: a readiness check on
// start-up, not a sleep standing in for an event.
func (p *portal) waitHealthy(t *testing.T) {
	t.Helper()
	client := &http.Client{Transport: p.http, Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			t.Fatalf("the portal exited on start: %v\nstdout:\n%s\nstderr:\n%s", p.waitErr, p.stdout.String(), p.stderr.String())
		default:
		}
		res, err := client.Get(p.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the portal never answered /healthz\nstderr:\n%s", p.stderr.String())
}

// stop sends SIGTERM and requires a clean exit within the server's own
// shutdown grace (ten seconds) and a little more.
func (p *portal) stop(t *testing.T) {
	t.Helper()
	p.http.CloseIdleConnections()
	if p.crashed() != "" {
		t.Fatalf("the portal exited before the end of the test: %s", p.crashed())
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-p.exited:
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Fatal("the portal did not stop within 15 s of SIGTERM")
	}
	if p.waitErr != nil {
		var exit *exec.ExitError
		if errors.As(p.waitErr, &exit) {
			t.Errorf("the portal exited with %v after SIGTERM\nstderr tail:\n%s", exit, tail(p.stderr.String(), 20))
		} else {
			t.Errorf("waiting for the portal: %v", p.waitErr)
		}
	}
	if !strings.Contains(p.stderr.String(), "msg=stopped") {
		t.Errorf("no log line for the graceful stop\nstderr tail:\n%s", tail(p.stderr.String(), 20))
	}
}

// crashed says how the portal ended when it is no longer running, with the
// end of its log, and is empty while it runs.
func (p *portal) crashed() string {
	select {
	case <-p.exited:
		return fmt.Sprintf("%v\nstderr tail:\n%s", p.waitErr, tail(p.stderr.String(), 40))
	default:
		return ""
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// demoCredential is one row of the demo table the binary prints.
type demoCredential struct{ Role, AccountID, Email, Password string }

// demoTableHeader starts the table printed by printDemoUsers.
const demoTableHeader = "Demo accounts (sign in at /login):"

// demoUsers parses the start-up table of demo accounts from stdout, keyed
// by role, and counts each password as a secret.
func (p *portal) demoUsers(t *testing.T) map[string]demoCredential {
	t.Helper()
	rows := demoTableRows(p.stdout.String())
	users := map[string]demoCredential{}
	columns := regexp.MustCompile(`\s{2,}`)
	for _, row := range rows[1:] { // rows[0] is the column header
		f := columns.Split(strings.TrimSpace(row), -1)
		if len(f) != 4 {
			t.Fatalf("demo table row %q: want role, account ID, email and password", row)
		}
		users[f[0]] = demoCredential{Role: f[0], AccountID: f[1], Email: f[2], Password: f[3]}
		p.secrets.add("the demo password of "+f[2], f[3])
	}
	for _, role := range []string{"seller", "buyer", "tester", "seller operations"} {
		if users[role].Password == "" {
			t.Fatalf("no %q row in the demo table:\n%s", role, p.stdout.String())
		}
	}
	return users
}

// demoTableRows returns the lines of the demo table after its title.
func demoTableRows(stdout string) []string {
	_, after, ok := strings.Cut(stdout, demoTableHeader+"\n")
	if !ok {
		return nil
	}
	var rows []string
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "  ") {
			break
		}
		rows = append(rows, line)
	}
	return rows
}

// secretSet collects every secret the test used or saw, each with a label
// that says what it is (never the value itself).
type secretSet struct {
	mu     sync.Mutex
	labels map[string]string
}

func newSecretSet() *secretSet { return &secretSet{labels: map[string]string{}} }

func (s *secretSet) add(label, value string) {
	if value == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.labels[value]; !ok {
		s.labels[value] = label
	}
}

// secretSpellings returns the secret and the spellings it could take in a log line:
// as sent in a form or query, and escaped as a path.
func secretSpellings(v string) []string {
	out := []string{v}
	for _, e := range []string{url.QueryEscape(v), url.PathEscape(v)} {
		if e != v && e != out[len(out)-1] {
			out = append(out, e)
		}
	}
	return out
}

// logLines returns what the binary wrote, line by line: stderr (its log)
// and stdout, apart from the demo table that prints the demo passwords on
// purpose.
func (p *portal) logLines() []string {
	stdout := p.stdout.String()
	if rows := demoTableRows(stdout); rows != nil {
		stdout = strings.Replace(stdout, demoTableHeader+"\n"+strings.Join(rows, "\n"), "[demo table]", 1)
	}
	// The start-up table prints the demo access key's secret on purpose,
	// like the demo passwords; anywhere else it is a leak.
	stdout = demoKeyLine.ReplaceAllString(stdout, "  AWS_SECRET_ACCESS_KEY=[demo table]")
	return strings.Split(p.stderr.String()+"\n"+stdout, "\n")
}

// demoKeyLine is the start-up table's line with the demo key's secret.
var demoKeyLine = regexp.MustCompile(`(?m)^  AWS_SECRET_ACCESS_KEY=\S+$`)

// serverErrors returns a problem for each request the log says failed with
// a 5xx.
func serverErrors(lines []string) []string {
	status5xx := regexp.MustCompile(`\bstatus=5\d\d\b`)
	var problems []string
	for _, line := range lines {
		if status5xx.MatchString(line) || strings.Contains(line, `msg="request failed"`) {
			problems = append(problems, "server error in the log: "+clip(line))
		}
	}
	return problems
}

// errorLines returns a problem for each line logged at ERROR, the level an
// operator is alerted on, which no visitor should be able to raise, apart
// from the known ones (knownErrorLines); and one for each known entry that
// matched nothing.
func errorLines(t *testing.T, lines []string) []string {
	matched := make([]int, len(knownErrorLines))
	var problems []string
	for _, line := range lines {
		if !strings.Contains(line, "level=ERROR") {
			continue
		}
		known := false
		for i, k := range knownErrorLines {
			if k.line.MatchString(line) {
				matched[i]++
				known = true
			}
		}
		if !known {
			problems = append(problems, "error-level line in the log: "+clip(line))
		}
	}
	for i, k := range knownErrorLines {
		if matched[i] == 0 {
			problems = append(problems, fmt.Sprintf("no line matches the known error %s: remove it from "+
				"knownErrorLines if it is fixed", k.line))
		} else {
			t.Logf("known failure, %d line(s) in the log: %s", matched[i], k.reason)
		}
	}
	return problems
}

// leakedSecrets returns a problem for each log line with a secret of the
// set (in any spelling), or a password hash, in it; the secret redacted.
func leakedSecrets(t *testing.T, lines []string, secrets *secretSet) []string {
	secrets.mu.Lock()
	values := make([]string, 0, len(secrets.labels))
	for v := range secrets.labels {
		values = append(values, v)
	}
	secrets.mu.Unlock()
	sort.Strings(values)
	logText := strings.Join(lines, "\n")
	var problems []string
	for _, v := range values {
		for _, spelling := range secretSpellings(v) {
			if !strings.Contains(logText, spelling) {
				continue
			}
			for _, line := range lines {
				if strings.Contains(line, spelling) {
					problems = append(problems, fmt.Sprintf("%s leaked into the log: %s", secrets.labels[v],
						clip(strings.ReplaceAll(line, spelling, "[REDACTED]"))))
				}
			}
		}
	}
	const hashMarker = "$argon2id$"
	for _, line := range lines {
		if i := strings.Index(line, hashMarker); i >= 0 {
			problems = append(problems, "a password hash leaked into the log: "+clip(line[:i]+hashMarker+"[REDACTED]"))
		}
	}
	t.Logf("log: %d lines, checked for %d secrets and %q", len(lines), len(values), hashMarker)
	return problems
}

// clip keeps a reported log line readable.
func clip(line string) string {
	if len(line) > 400 {
		return fmt.Sprintf("%q…", line[:400])
	}
	return fmt.Sprintf("%q", line)
}
