package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/mlportal/portal/web"
)

// countingListener records the size of every write to the connections it
// accepts: what the portal's connections hand to the system.
type countingListener struct {
	net.Listener
	mu     sync.Mutex
	writes []int
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, l: l}, nil
}

func (l *countingListener) take() []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.writes
	l.writes = nil
	return w
}

type countingConn struct {
	net.Conn
	l *countingListener
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.l.mu.Lock()
	c.l.writes = append(c.l.writes, len(p))
	c.l.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *countingConn) CloseWrite() error { return c.Conn.(*net.TCPConn).CloseWrite() }

// onePageServer serves the portal as cmd/portal does, over a counting
// listener; start starts it (Start or StartTLS).
func onePageServer(t *testing.T, start func(*httptest.Server)) (*httptest.Server, *countingListener) {
	return countingServer(t, true, start)
}

// countingServer serves the portal over a counting listener, with
// OneWritePerPage or plainly.
func countingServer(t *testing.T, oneWrite bool, start func(*httptest.Server)) (*httptest.Server, *countingListener) {
	t.Helper()
	env := newEnv(t)
	ts := httptest.NewUnstartedServer(env.handler())
	counting := &countingListener{Listener: ts.Listener}
	ts.Listener = counting
	if oneWrite {
		ts.Listener = web.OneWritePerPage(ts.Config, counting)
	}
	start(ts)
	t.Cleanup(ts.Close)
	return ts, counting
}

// rawExchange sends raw requests on one connection and reads as many
// responses, returning their bodies.
func rawExchange(t *testing.T, conn net.Conn, requests ...*http.Request) []*http.Response {
	t.Helper()
	r := bufio.NewReader(conn)
	var out []*http.Response
	for _, req := range requests {
		if err := req.Write(conn); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(r, req)
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		body, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatalf("%s %s: body: %v", req.Method, req.URL, err)
		}
		res.Body = io.NopCloser(strings.NewReader(string(body)))
		// A HEAD answer's Content-Length is the GET's, without the body.
		if n, _ := strconv.Atoi(res.Header.Get("Content-Length")); res.Header.Get("Content-Length") != "" && req.Method != http.MethodHead && n != len(body) {
			t.Errorf("%s %s: Content-Length %d, body %d bytes", req.Method, req.URL, n, len(body))
		}
		out = append(out, res)
	}
	return out
}

func newRequest(t *testing.T, method, target string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestPagesGoOutInOneWrite checks that a page, however many times larger
// than net/http's 4 KiB buffer, reaches the connection in one write, and
// that keep-alive, HEAD, Connection: close and refused bodies still work.
func TestPagesGoOutInOneWrite(t *testing.T) {
	ts, counting := onePageServer(t, (*httptest.Server).Start)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	base := ts.URL
	pages := []string{"/marketplace", "/login", "/signup", "/no-such-page"}
	for _, path := range pages {
		counting.take()
		res := rawExchange(t, conn, newRequest(t, http.MethodGet, base+path))[0]
		body, _ := io.ReadAll(res.Body)
		writes := counting.take()
		if !strings.Contains(string(body), "</html>") {
			t.Errorf("GET %s: the page is cut short: %.200q", path, body)
		}
		if len(writes) != 1 {
			t.Errorf("GET %s (%d bytes): %d writes %v, want one", path, len(body), len(writes), writes)
		}
		if path == "/marketplace" && len(body) <= 4096 {
			t.Errorf("the catalog page is %d bytes: the test needs a page past net/http's 4 KiB buffer", len(body))
		}
	}

	head := rawExchange(t, conn, newRequest(t, http.MethodHead, base+"/marketplace"))[0]
	if head.StatusCode != http.StatusOK {
		t.Errorf("HEAD answered %d", head.StatusCode)
	}
	again := rawExchange(t, conn, newRequest(t, http.MethodGet, base+"/marketplace"))[0]
	if again.StatusCode != http.StatusOK {
		t.Errorf("GET after HEAD on the same connection answered %d", again.StatusCode)
	}

	closing := newRequest(t, http.MethodGet, base+"/marketplace")
	closing.Close = true
	last := rawExchange(t, conn, closing)[0]
	if body, _ := io.ReadAll(last.Body); last.StatusCode != http.StatusOK || !strings.Contains(string(body), "</html>") {
		t.Errorf("Connection: close: %d, page whole: %v", last.StatusCode, strings.Contains(string(body), "</html>"))
	}
	if n, err := conn.Read(make([]byte, 1)); err == nil {
		t.Errorf("the connection stayed open after Connection: close (read %d bytes)", n)
	}
}

// TestPagesTakeSeveralWritesWithoutHolding is the control: served plainly,
// the same page takes more than one write.
func TestPagesTakeSeveralWritesWithoutHolding(t *testing.T) {
	ts, counting := countingServer(t, false, (*httptest.Server).Start)
	res, err := http.Get(ts.URL + "/marketplace")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if writes := counting.take(); len(writes) < 2 {
		t.Errorf("served plainly, the catalog page took %d writes %v: the one-write test proves nothing", len(writes), writes)
	}
}

// TestOneWriteRefusedBody sends a form far past the body limit: the portal
// answers without reading it and closes, and the page still gets there.
func TestOneWriteRefusedBody(t *testing.T) {
	ts, _ := onePageServer(t, (*httptest.Server).Start)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	big := strings.Repeat("a", 8<<20)
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", ts.Listener.Addr(), len(big)+6)
	go func() { _, _ = io.WriteString(conn, "email="+big) }() // the server may stop reading
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode < 400 || res.StatusCode >= 500 || len(body) == 0 {
		t.Errorf("an 8 MB form answered %d with %d bytes, want a 4xx page", res.StatusCode, len(body))
	}
}

// TestOneWriteOverTLS checks pages over TLS, HTTP/1.1 (held: one write of
// records) and HTTP/2 (not held, still whole).
func TestOneWriteOverTLS(t *testing.T) {
	for _, h2 := range []bool{false, true} {
		t.Run(fmt.Sprintf("http2=%v", h2), func(t *testing.T) {
			ts, counting := onePageServer(t, func(ts *httptest.Server) {
				ts.EnableHTTP2 = h2
				ts.StartTLS()
			})
			c := ts.Client()
			for i := range 2 { // the first writes hold the handshake too
				counting.take()
				res, err := c.Get(ts.URL + "/marketplace")
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				writes := counting.take()
				if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "</html>") {
					t.Fatalf("%s: %d, page whole: %v", res.Proto, res.StatusCode, strings.Contains(string(body), "</html>"))
				}
				if !h2 && i == 1 && len(writes) != 1 {
					t.Errorf("%s page of %d bytes: %d writes %v, want one", res.Proto, len(body), len(writes), writes)
				}
				if got := res.ProtoMajor; got != map[bool]int{false: 1, true: 2}[h2] {
					t.Errorf("served over HTTP/%d", got)
				}
			}
		})
	}
}
