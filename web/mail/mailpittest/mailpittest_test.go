package mailpittest_test

import (
	"net/smtp"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/mlportal/portal/web/mail/mailpittest"
)

func TestServerReceivesAndReadsMail(t *testing.T) {
	s := mailpittest.Start(t)
	msg := "From: a@example.com\r\nTo: b@example.org\r\nSubject: Hello\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Ol=C3=A1, se=C3=B1or\r\n"
	if err := smtp.SendMail(s.SMTPAddr(), nil, "a@example.com", []string{"b@example.org"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	got := s.WaitForMessage(t, "B@example.org")
	if got.Subject != "Hello" || got.From.Address != "a@example.com" {
		t.Errorf("message %+v", got)
	}
	if text := s.Text(t, got.ID); strings.TrimSpace(text) != "Olá, señor" {
		t.Errorf("text %q", text)
	}
	if h := s.Headers(t, got.ID); h["Subject"][0] != "Hello" {
		t.Errorf("headers %v", h)
	}
	if n := len(s.Messages(t)); n != 1 {
		t.Errorf("%d messages", n)
	}
	if !strings.HasPrefix(s.SMTPURL(), "smtp://127.0.0.1:") {
		t.Errorf("SMTPURL %q", s.SMTPURL())
	}
}

// TestStartFailsWhenMailpitCannotRun runs this test binary again with a
// Mailpit that cannot start, and checks that Start fails the test rather than
// skipping it.
func TestStartFailsWhenMailpitCannotRun(t *testing.T) {
	if os.Getenv("MAILPITTEST_CHILD") == "1" {
		mailpittest.Start(t)
		t.Log("Start returned")
		return
	}
	for _, bin := range []string{"/nonexistent/mailpit", "false"} {
		if bin == "false" {
			path, err := exec.LookPath("false")
			if err != nil {
				t.Fatal(err)
			}
			bin = path
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestStartFailsWhenMailpitCannotRun$", "-test.v")
		cmd.Env = append(os.Environ(), "MAILPITTEST_CHILD=1", "MAILPIT_BINARY="+bin)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: the test passed:\n%s", bin, out)
		}
		if !strings.Contains(string(out), "--- FAIL") || !strings.Contains(string(out), "cannot start Mailpit") ||
			strings.Contains(string(out), "Start returned") {
			t.Errorf("%s: want a failure naming Mailpit:\n%s", bin, out)
		}
	}
}
