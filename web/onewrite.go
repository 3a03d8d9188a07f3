package web

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"sync"
)

// A page goes out in one write to the connection.
//
// net/http writes an HTTP/1.x response through a 4 KiB buffer: the
// response head and the first part of the body once the buffer fills,
// the rest when the handler has returned. Every page but the smallest thus
// cost two or more write system calls, and on loopback and on the virtual
// machines the portal runs on, a write costs as much as all the portal's
// work on a small page: a 6 KB page went out at 34,000-37,000 responses a
// second in two writes and at 45,000-49,000 in one (plain net/http, wrk
// -c32, this project's 2-core machine). render knows the whole page before
// it sends it, so it asks the connection to hold the response's writes
// (holdWrites); the connection sends them together when net/http reports
// the response finished (the connection idle again, or closing).
//
// Only connections accepted through the listener OneWritePerPage returns
// can hold, and only HTTP/1.x responses ask: an HTTP/2 connection writes
// the frames of all its streams from a goroutine of its own.

// OneWritePerPage sets hs up so that each page the portal renders goes out
// in one write, and returns the listener to serve hs on (with Serve, or
// with ServeTLS, whose TLS goes on top of it).
func OneWritePerPage(hs *http.Server, l net.Listener) net.Listener {
	next := hs.ConnState
	hs.ConnState = func(c net.Conn, state http.ConnState) {
		if state == http.StateIdle || state == http.StateHijacked || state == http.StateClosed {
			if hc := holdingConnOf(c); hc != nil {
				_ = hc.release() // a failed write shows in the next read
			}
		}
		if next != nil {
			next(c, state)
		}
	}
	nextContext := hs.ConnContext
	hs.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if nextContext != nil {
			ctx = nextContext(ctx, c)
		}
		if hc := holdingConnOf(c); hc != nil {
			ctx = context.WithValue(ctx, holdingConnKey{}, hc)
		}
		return ctx
	}
	return holdingListener{l}
}

// holdingConnOf returns c as accepted by a holdingListener, TLS or not.
func holdingConnOf(c net.Conn) *holdingConn {
	if t, ok := c.(interface{ NetConn() net.Conn }); ok {
		c = t.NetConn()
	}
	hc, _ := c.(*holdingConn)
	return hc
}

type holdingConnKey struct{}

type holdingListener struct{ net.Listener }

func (l holdingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &holdingConn{Conn: c}, nil
}

// holdingConn is a connection that, between hold and release, collects
// what is written to it instead of sending it. Closing it, or closing its
// writing side, releases first.
type holdingConn struct {
	net.Conn
	mu   sync.Mutex
	held *bytes.Buffer // nil unless holding
}

// maxHeldPage is the largest page held whole: past it, one more write
// costs little beside the page, and a copy of it much.
const maxHeldPage = 256 << 10

var heldBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (c *holdingConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held != nil {
		return c.held.Write(p)
	}
	return c.Conn.Write(p)
}

// Close sends what is held, then closes the connection.
func (c *holdingConn) Close() error {
	_ = c.release() // closing anyway
	return c.Conn.Close()
}

// CloseWrite sends what is held, then closes the writing side, which
// net/http does after a response whose request it did not read whole.
func (c *holdingConn) CloseWrite() error {
	if err := c.release(); err != nil {
		return err
	}
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *holdingConn) hold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held == nil {
		c.held = heldBuffers.Get().(*bytes.Buffer)
	}
}

// release sends what was held in one write and stops holding.
func (c *holdingConn) release() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.held
	if b == nil {
		return nil
	}
	c.held = nil
	defer putHeldBuffer(b)
	if b.Len() == 0 {
		return nil
	}
	_, err := c.Conn.Write(b.Bytes())
	return err
}

func putHeldBuffer(b *bytes.Buffer) {
	if b.Cap() > maxHeldPage+64<<10 {
		return
	}
	b.Reset()
	heldBuffers.Put(b)
}

// holdWrites asks the connection serving r, when it can, to hold the
// writes of the response, whose body is bodySize bytes, until net/http has
// written all of it.
func holdWrites(r *http.Request, bodySize int) {
	hc, _ := r.Context().Value(holdingConnKey{}).(*holdingConn)
	if hc != nil && r.ProtoMajor == 1 && bodySize <= maxHeldPage {
		hc.hold()
	}
}
