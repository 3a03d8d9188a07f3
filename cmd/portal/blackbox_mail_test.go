package main

import (
	"bufio"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpSink is a minimal SMTP server on loopback that keeps every message
// it is given: the binary's outbox, so that the test can follow the links
// it emails (sign-up confirmation, password reset) like a user would.
type smtpSink struct {
	ln       net.Listener
	received chan string
	mu       sync.Mutex
	all      []string
	wg       sync.WaitGroup
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln, received: make(chan string, 1000)}
	s.wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.serve(conn) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// URL is the sink's address for -smtp-url: plain SMTP on loopback.
func (s *smtpSink) URL() string { return "smtp://" + s.ln.Addr().String() }

// serve speaks just enough SMTP for one client: no TLS, no authentication.
func (s *smtpSink) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	r := textproto.NewReader(bufio.NewReader(conn))
	reply := func(lines string) bool {
		_, err := io.WriteString(conn, lines)
		return err == nil
	}
	if !reply("220 localhost black-box sink\r\n") {
		return
	}
	for {
		line, err := r.ReadLine()
		if err != nil {
			return
		}
		verb, _, _ := strings.Cut(strings.ToUpper(line), " ")
		var ok bool
		switch verb {
		case "EHLO":
			ok = reply("250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
		case "HELO", "MAIL", "RCPT", "RSET", "NOOP":
			ok = reply("250 OK\r\n")
		case "DATA":
			if !reply("354 go ahead\r\n") {
				return
			}
			data, err := r.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.all = append(s.all, string(data))
			s.mu.Unlock()
			s.received <- string(data)
			ok = reply("250 OK queued\r\n")
		case "QUIT":
			reply("221 bye\r\n")
			return
		default:
			ok = reply("502 not implemented\r\n")
		}
		if !ok {
			return
		}
	}
}

// waitLink waits for a message with a link whose path has prefix and
// returns that path, ignoring messages without one.
func (s *smtpSink) waitLink(t *testing.T, prefix string) string {
	t.Helper()
	links := regexp.MustCompile(regexp.QuoteMeta(prefix) + `[A-Za-z0-9_\-.~%]+`)
	timeout := time.After(15 * time.Second)
	for {
		select {
		case raw := <-s.received:
			if path := links.FindString(mailText(raw)); path != "" {
				return path
			}
		case <-timeout:
			t.Fatalf("no email with a link to %s… within 15 s", prefix)
			return ""
		}
	}
}

// linkTokens returns the one-time tokens of the links to the portal at
// base in the messages received: the last path segment of each link to a
// page that takes a token (confirming a sign-up, resetting a password).
// Links of notifications name products, offers and agreements, which are
// not secrets.
func (s *smtpSink) linkTokens(base string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	links := regexp.MustCompile(regexp.QuoteMeta(base) + `/(signup/confirm|password-reset)/[A-Za-z0-9_\-.~%]+`)
	var tokens []string
	for _, raw := range s.all {
		for _, link := range links.FindAllString(mailText(raw), -1) {
			segment := link[strings.LastIndex(link, "/")+1:]
			if len(segment) >= 16 {
				tokens = append(tokens, segment)
			}
		}
	}
	return tokens
}

// mailText returns the decoded text of every part of a message, or the raw
// message when it cannot be parsed.
func mailText(raw string) string {
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		return raw
	}
	var b strings.Builder
	writePart(&b, textproto.MIMEHeader(m.Header), m.Body)
	return b.String()
}

func writePart(b *strings.Builder, h textproto.MIMEHeader, body io.Reader) {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err == nil && strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err != nil {
				return
			}
			writePart(b, p.Header, p)
		}
	}
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body) // it skips line breaks
	}
	data, _ := io.ReadAll(body)
	b.Write(data)
	b.WriteString("\n")
}
