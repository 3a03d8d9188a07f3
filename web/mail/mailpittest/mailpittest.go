// Package mailpittest runs a real Mailpit SMTP server for a test and reads
// what it received through Mailpit's HTTP API.
//
// The Mailpit binary is built from its Go module (Version) with `go install`
// into the user cache directory, once per machine: the first build takes
// about a minute, later test processes reuse the binary. Set MAILPIT_BINARY to
// use a binary of your own instead. When Mailpit cannot be built or started,
// Start fails the test; it never skips it.
package mailpittest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the Mailpit module version the helper builds.
const Version = "v1.33.1"

const module = "github.com/axllent/mailpit"

// Server is a running Mailpit.
type Server struct {
	smtpAddr string
	apiURL   string
	client   *http.Client
}

// Option adds command-line flags to Mailpit, such as
// "--smtp-auth-accept-any" or "--smtp-require-starttls".
type Option func(*[]string)

// WithArgs passes extra flags to Mailpit.
func WithArgs(args ...string) Option {
	return func(a *[]string) { *a = append(*a, args...) }
}

// Start builds Mailpit if needed, runs it on free loopback ports with a
// database in t.TempDir(), waits until its API answers and stops it when the
// test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatalf("mailpittest: cannot build Mailpit %s: %v", Version, err)
	}
	var extra []string
	for _, opt := range opts {
		opt(&extra)
	}
	// The ports are chosen free and released before Mailpit binds them, so
	// another process may take one in between: try again a few times.
	var lastErr error
	for range 3 {
		s, err := start(t, bin, extra)
		if err == nil {
			return s
		}
		lastErr = err
	}
	t.Fatalf("mailpittest: cannot start Mailpit: %v", lastErr)
	return nil
}

func start(t testing.TB, bin string, extra []string) (*Server, error) {
	ports, err := freePorts(2)
	if err != nil {
		return nil, err
	}
	s := &Server{
		smtpAddr: net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0])),
		apiURL:   "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1])),
		client:   &http.Client{Timeout: 5 * time.Second},
	}
	dir := t.TempDir()
	args := append([]string{
		"--smtp", s.smtpAddr, "--listen", strings.TrimPrefix(s.apiURL, "http://"),
		"--database", filepath.Join(dir, "mailpit.db"),
		"--disable-version-check", "--smtp-disable-rdns",
	}, extra...)
	cmd := exec.Command(bin, args...)
	var output lockedBuffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	// done is closed when Mailpit has exited; waitErr is set before.
	done := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(done)
	}()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	if err := s.waitReady(done, &waitErr); err != nil {
		stop()
		return nil, fmt.Errorf("%w; Mailpit's output:\n%s", err, output.String())
	}
	t.Cleanup(stop)
	return s, nil
}

// waitReady polls the API until it answers, Mailpit exits, or 30 s pass.
func (s *Server) waitReady(done <-chan struct{}, waitErr *error) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-done:
			return fmt.Errorf("mailpit exited early (%v)", *waitErr)
		default:
		}
		resp, err := s.client.Get(s.apiURL + "/readyz")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if conn, err := net.DialTimeout("tcp", s.smtpAddr, time.Second); err == nil {
					_ = conn.Close()
					return nil
				}
			}
		}
		if time.Now().After(deadline) {
			return errors.New("mailpit did not answer on " + s.apiURL + " within 30s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SMTPURL returns the server's address as a URL for mail.SMTPConfig:
// plain SMTP on loopback, no TLS, no authentication.
func (s *Server) SMTPURL() string { return "smtp://" + s.smtpAddr }

// SMTPAddr returns host:port of the SMTP server.
func (s *Server) SMTPAddr() string { return s.smtpAddr }

// APIURL returns the base URL of Mailpit's web UI and API.
func (s *Server) APIURL() string { return s.apiURL }

// Address is a mailbox in Mailpit's API.
type Address struct {
	Name    string `json:"Name"`
	Address string `json:"Address"`
}

// Message is one entry of Mailpit's message list.
type Message struct {
	ID        string    `json:"ID"`
	MessageID string    `json:"MessageID"`
	From      Address   `json:"From"`
	To        []Address `json:"To"`
	Subject   string    `json:"Subject"`
	Created   time.Time `json:"Created"`
	Snippet   string    `json:"Snippet"`
	Tags      []string  `json:"Tags"`
}

// Detail is one message as Mailpit parsed it.
type Detail struct {
	ID        string    `json:"ID"`
	MessageID string    `json:"MessageID"`
	From      Address   `json:"From"`
	To        []Address `json:"To"`
	Subject   string    `json:"Subject"`
	Date      time.Time `json:"Date"`
	// Text is the decoded plain-text body.
	Text string `json:"Text"`
	HTML string `json:"HTML"`
}

// Messages returns every message received, newest first.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	var list struct {
		Messages []Message `json:"messages"`
	}
	if err := s.getJSON("/api/v1/messages?limit=1000", &list); err != nil {
		t.Fatalf("mailpittest: list messages: %v", err)
	}
	return list.Messages
}

// WaitForMessage returns the newest message to the address to, polling the
// API every 50 ms for up to 10 s, and fails the test if none arrives. Give
// each test its own recipient address so that messages cannot be confused.
func (s *Server) WaitForMessage(t testing.TB, to string) Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, m := range s.Messages(t) {
			if slices.ContainsFunc(m.To, func(a Address) bool { return strings.EqualFold(a.Address, to) }) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpittest: no message to %s within 10s", to)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Read returns one message with its decoded text body.
func (s *Server) Read(t testing.TB, id string) Detail {
	t.Helper()
	var d Detail
	if err := s.getJSON("/api/v1/message/"+url.PathEscape(id), &d); err != nil {
		t.Fatalf("mailpittest: read message %s: %v", id, err)
	}
	return d
}

// Text returns the decoded plain-text body of one message.
func (s *Server) Text(t testing.TB, id string) string {
	t.Helper()
	return s.Read(t, id).Text
}

// Headers returns the headers of one message as received.
func (s *Server) Headers(t testing.TB, id string) map[string][]string {
	t.Helper()
	var h map[string][]string
	if err := s.getJSON("/api/v1/message/"+url.PathEscape(id)+"/headers", &h); err != nil {
		t.Fatalf("mailpittest: read headers of %s: %v", id, err)
	}
	return h
}

// Raw returns one message's source as received.
func (s *Server) Raw(t testing.TB, id string) []byte {
	t.Helper()
	body, err := s.get("/api/v1/message/" + url.PathEscape(id) + "/raw")
	if err != nil {
		t.Fatalf("mailpittest: read source of %s: %v", id, err)
	}
	return body
}

func (s *Server) getJSON(path string, v any) error {
	body, err := s.get(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(body, v)
}

func (s *Server) get(path string) ([]byte, error) {
	resp, err := s.client.Get(s.apiURL + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s: %s", path, resp.Status, bytes.TrimSpace(body))
	}
	return body, nil
}

func freePorts(n int) ([]int, error) {
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// binary returns the path of the Mailpit executable, building it once per
// process (and once per machine, thanks to the cache directory).
var binary = sync.OnceValues(func() (string, error) {
	if bin := os.Getenv("MAILPIT_BINARY"); bin != "" {
		return bin, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory to build Mailpit into: %w", err)
	}
	dir := filepath.Join(cache, "mlportal-mailpittest", Version)
	bin := filepath.Join(dir, "mailpit")
	if info, err := os.Stat(bin); err == nil && info.Mode().IsRegular() {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Several test processes may build at once: each installs into a
	// directory of its own and renames the result into place atomically.
	tmp, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is not on PATH: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, goCmd, "install", module+"@"+Version)
	// Outside any module and workspace, so that the project's go.mod,
	// GOFLAGS (-mod=...) and go.work cannot interfere; Mailpit is pure Go.
	install.Dir = tmp
	install.Env = append(os.Environ(), "GOBIN="+tmp, "GOFLAGS=-buildvcs=false", "GOWORK=off", "CGO_ENABLED=0")
	if out, err := install.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %w\n%s", module, Version, err, out)
	}
	if err := os.Rename(filepath.Join(tmp, "mailpit"), bin); err != nil {
		return "", err
	}
	return bin, nil
})

// lockedBuffer collects Mailpit's output, written by two goroutines of
// os/exec while the test may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
