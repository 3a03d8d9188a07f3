package mail_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/web/i18n"
	"github.com/mlportal/portal/web/mail"
	"github.com/mlportal/portal/web/mail/mailpittest"
)

const from = "AWS Marketplace <no-reply@portal.example.com>"

// resetLink has a query with "&" so that a template that HTML-escapes would show.
const resetLink = "https://portal.example.com/password/reset?token=s3cr3t-t0ken&lang=fr"

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// logBuffer collects JSON log records.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLogger() (*slog.Logger, *logBuffer) {
	var b logBuffer
	return slog.New(slog.NewJSONHandler(&b, nil)), &b
}

func newSMTP(t *testing.T, cfg mail.SMTPConfig) (*mail.SMTP, *logBuffer) {
	t.Helper()
	log, logs := newLogger()
	if cfg.From == "" {
		cfg.From = from
	}
	m, err := mail.NewSMTP(cfg, catalog(t), log)
	if err != nil {
		t.Fatal(err)
	}
	return m, logs
}

func resetMail(to, lang string) domain.Mail {
	return domain.Mail{
		To: to, Lang: lang, Subject: "mail.reset_subject", Body: "mail.reset_body",
		Data: map[string]any{"Link": resetLink, "Minutes": 30},
	}
}

func TestSendDeliversTranslatedMail(t *testing.T) {
	server := mailpittest.Start(t)
	mailer, logs := newSMTP(t, mail.SMTPConfig{URL: server.SMTPURL()})
	tests := []struct {
		lang, wantLang, subject, minutes, unchanged string
		mail                                        func(to, lang string) domain.Mail
	}{
		{
			lang: "fr", wantLang: "fr", mail: resetMail,
			subject:   "Réinitialisez le mot de passe de votre portail AWS Marketplace",
			minutes:   "Ce lien est valable 30 minutes et ne fonctionne qu'une seule fois.",
			unchanged: "votre mot de passe reste inchangé.",
		},
		{
			lang: "es", wantLang: "es", mail: resetMail,
			subject:   "Restablezca la contraseña de su portal de AWS Marketplace",
			minutes:   "El enlace es válido durante 30 minutos y solo funciona una vez.",
			unchanged: "su contraseña no cambiará.",
		},
		{
			lang: "en", wantLang: "en", mail: resetMail,
			subject:   "Reset your AWS Marketplace portal password",
			minutes:   "The link is valid for 30 minutes and works only once.",
			unchanged: "your password stays unchanged.",
		},
		{
			// An unsupported language falls back to English.
			lang: "de", wantLang: "en", mail: resetMail,
			subject: "Reset your AWS Marketplace portal password",
			minutes: "The link is valid for 30 minutes",
		},
		{
			lang: "fr", wantLang: "fr",
			mail: func(to, lang string) domain.Mail {
				return domain.Mail{To: to, Lang: lang, Subject: "mail.password_changed_subject",
					Body: "mail.password_changed_body",
					Data: map[string]any{"Time": "30 novembre 2026 à 23:41 UTC", "ResetLink": resetLink}}
			},
			subject: "Le mot de passe de votre portail AWS Marketplace a été modifié",
			minutes: "a été modifié le 30 novembre 2026 à 23:41 UTC.",
		},
	}
	for i, tt := range tests {
		t.Run(tt.lang+"/"+tt.subject, func(t *testing.T) {
			to := "jose.muller+" + tt.lang + string(rune('a'+i)) + "@example.org"
			if err := mailer.Send(context.Background(), tt.mail(to, tt.lang)); err != nil {
				t.Fatal(err)
			}
			got := server.WaitForMessage(t, to)
			if got.Subject != tt.subject {
				t.Errorf("subject %q, want %q", got.Subject, tt.subject)
			}
			if got.From.Address != "no-reply@portal.example.com" || got.From.Name != "AWS Marketplace" {
				t.Errorf("from %+v", got.From)
			}
			text := server.Text(t, got.ID)
			for _, want := range []string{resetLink, tt.minutes, tt.unchanged} {
				if !strings.Contains(text, want) {
					t.Errorf("body lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "<no value>") || strings.Contains(text, "mail.reset") ||
				strings.Contains(text, "mail.password") {
				t.Errorf("body has an unfilled placeholder or a message ID:\n%s", text)
			}
			headers := server.Headers(t, got.ID)
			ct := strings.Join(headers["Content-Type"], "")
			if !strings.Contains(strings.ToLower(ct), "charset=utf-8") || !strings.HasPrefix(ct, "text/plain") {
				t.Errorf("Content-Type %q", ct)
			}
			if cte := strings.Join(headers["Content-Transfer-Encoding"], ""); cte != "quoted-printable" {
				t.Errorf("Content-Transfer-Encoding %q", cte)
			}
			if lang := strings.Join(headers["Content-Language"], ""); lang != tt.wantLang {
				t.Errorf("Content-Language %q, want %q", lang, tt.wantLang)
			}
			if len(headers["Date"]) != 1 {
				t.Errorf("Date %q", headers["Date"])
			} else if d, err := time.Parse(time.RFC1123Z, headers["Date"][0]); err != nil ||
				time.Since(d).Abs() > time.Minute {
				t.Errorf("Date %q: %v", headers["Date"][0], err)
			}
			if !strings.HasSuffix(got.MessageID, "@portal.example.com") || len(got.MessageID) < 32 {
				t.Errorf("Message-ID %q", got.MessageID)
			}
			if headers["Auto-Submitted"][0] != "auto-generated" {
				t.Errorf("Auto-Submitted %q", headers["Auto-Submitted"])
			}
			// 7-bit clean: the accents travel encoded, not as raw UTF-8.
			if raw := server.Raw(t, got.ID); bytes.ContainsFunc(raw, func(r rune) bool { return r >= 0x80 }) {
				t.Errorf("raw message is not 7-bit:\n%s", raw)
			}
		})
	}
	out := logs.String()
	if !strings.Contains(out, `"msg":"email sent"`) || !strings.Contains(out, `"subject":"mail.reset_subject"`) ||
		!strings.Contains(out, `"to_domain":"example.org"`) {
		t.Errorf("log lacks the sent email:\n%s", out)
	}
	for _, secret := range []string{"s3cr3t", "jose", "muller", "Réinitialisez"} {
		if strings.Contains(out, secret) {
			t.Errorf("log reveals %q:\n%s", secret, out)
		}
	}
}

func TestSendConcurrently(t *testing.T) {
	server := mailpittest.Start(t)
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: server.SMTPURL()})
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := range 4 {
		wg.Go(func() {
			errs <- mailer.Send(context.Background(), resetMail("c"+string(rune('0'+i))+"@example.org", "es"))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	for i := range 4 {
		server.WaitForMessage(t, "c"+string(rune('0'+i))+"@example.org")
	}
}

func TestSendAuthenticates(t *testing.T) {
	server := mailpittest.Start(t, mailpittest.WithArgs("--smtp-auth-accept-any", "--smtp-auth-allow-insecure",
		"--tags-username"))
	// Loopback: PLAIN over an unencrypted connection is allowed there only.
	u := "smtp://portal-sender:" + url.PathEscape("p@ss word") + "@" + server.SMTPAddr() + "?auth=plain"
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: u})
	if err := mailer.Send(context.Background(), resetMail("auth@example.org", "en")); err != nil {
		t.Fatal(err)
	}
	got := server.WaitForMessage(t, "auth@example.org")
	if len(got.Tags) != 1 || got.Tags[0] != "portal-sender" {
		t.Errorf("tags %q: the message was not sent as the authenticated user", got.Tags)
	}
}

func TestSendRefusesPlainTextWhenSTARTTLSIsRequired(t *testing.T) {
	server := mailpittest.Start(t)
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: server.SMTPURL() + "?starttls=required"})
	err := mailer.Send(context.Background(), resetMail("clear@example.org", "en"))
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err = %v, want a STARTTLS error", err)
	}
	if n := len(server.Messages(t)); n != 0 {
		t.Errorf("%d messages delivered in clear", n)
	}
}

func TestSendOverTLS(t *testing.T) {
	certFile, keyFile, roots := selfSignedCert(t)
	tlsConfig := &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}
	t.Run("starttls", func(t *testing.T) {
		server := mailpittest.Start(t, mailpittest.WithArgs("--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile,
			"--smtp-require-starttls", "--smtp-auth-accept-any", "--tags-username"))
		// "auto" may choose PLAIN only because the connection is encrypted.
		u := "smtp://tls-user:secret@" + server.SMTPAddr() + "?starttls=required"
		mailer, _ := newSMTP(t, mail.SMTPConfig{URL: u, TLSConfig: tlsConfig})
		if err := mailer.Send(context.Background(), resetMail("starttls@example.org", "fr")); err != nil {
			t.Fatal(err)
		}
		if got := server.WaitForMessage(t, "starttls@example.org"); len(got.Tags) != 1 || got.Tags[0] != "tls-user" {
			t.Errorf("tags %q", got.Tags)
		}
		// Without the private root the certificate is not trusted.
		untrusting, _ := newSMTP(t, mail.SMTPConfig{URL: u})
		err := untrusting.Send(context.Background(), resetMail("untrusted@example.org", "fr"))
		var unknown x509.UnknownAuthorityError
		if !errors.As(err, &unknown) {
			t.Errorf("err = %v, want an unknown authority error", err)
		}
	})
	t.Run("smtps", func(t *testing.T) {
		server := mailpittest.Start(t, mailpittest.WithArgs("--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile,
			"--smtp-require-tls"))
		mailer, _ := newSMTP(t, mail.SMTPConfig{URL: "smtps://" + server.SMTPAddr(), TLSConfig: tlsConfig})
		if err := mailer.Send(context.Background(), resetMail("smtps@example.org", "es")); err != nil {
			t.Fatal(err)
		}
		server.WaitForMessage(t, "smtps@example.org")
	})
}

// selfSignedCert writes a certificate for 127.0.0.1 and its key, and returns
// a pool that trusts it.
func selfSignedCert(t *testing.T) (certFile, keyFile string, roots *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	template := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailpittest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, IsCA: true, BasicConstraintsValid: true,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	roots = x509.NewCertPool()
	roots.AddCert(cert)
	return certFile, keyFile, roots
}

func TestSendFailsWhenTheServerRefusesTheConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: "smtp://" + addr, Timeout: 2 * time.Second})
	start := time.Now()
	err = mailer.Send(context.Background(), resetMail("refused@example.org", "en"))
	if err == nil {
		t.Fatal("no error")
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("Send took %s", time.Since(start))
	}
	if strings.Contains(err.Error(), "refused@example.org") || !strings.Contains(err.Error(), "mail.reset_subject") {
		t.Errorf("error %q: want the subject ID and no address", err)
	}
}

// TestSendTimesOutOnASilentServer: a server that accepts the connection but
// never greets must not hold the request that sends the email.
func TestSendTimesOutOnASilentServer(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()
	for _, tt := range []struct {
		name    string
		timeout time.Duration
		ctx     func() (context.Context, context.CancelFunc)
	}{
		{"config timeout", 300 * time.Millisecond, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}},
		{"context deadline", time.Minute, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 300*time.Millisecond)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			mailer, _ := newSMTP(t, mail.SMTPConfig{URL: "smtp://" + l.Addr().String(), Timeout: tt.timeout})
			ctx, cancel := tt.ctx()
			defer cancel()
			start := time.Now()
			if err := mailer.Send(ctx, resetMail("silent@example.org", "en")); err == nil {
				t.Fatal("no error")
			}
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("Send took %s", elapsed)
			}
		})
	}
}

func TestSendRefusesAMessageMissingFromTheCatalog(t *testing.T) {
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: "smtp://127.0.0.1:1"})
	m := resetMail("x@example.org", "fr")
	m.Body = "mail.no_such_body"
	err := mailer.Send(context.Background(), m)
	if err == nil || !strings.Contains(err.Error(), "mail.no_such_body") {
		t.Fatalf("err = %v", err)
	}
}

func TestSendRefusesABadRecipient(t *testing.T) {
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: "smtp://127.0.0.1:1"})
	bad := []string{"", "not an address", "a@example.org, b@example.org", "a@example.org\r\nBcc: b@example.org"}
	for _, to := range bad {
		if err := mailer.Send(context.Background(), resetMail(to, "en")); err == nil {
			t.Errorf("%q: no error", to)
		}
	}
}

func TestNewSMTPRejectsBadConfig(t *testing.T) {
	log, _ := newLogger()
	c := catalog(t)
	tests := []struct {
		name string
		cfg  mail.SMTPConfig
		want string
	}{
		{"no URL", mail.SMTPConfig{From: from}, "scheme"},
		{"bad URL", mail.SMTPConfig{URL: "smtp://host?starttls=maybe", From: from}, "starttls"},
		{"no sender", mail.SMTPConfig{URL: "smtp://127.0.0.1:1025"}, "sender address"},
		{"bad sender", mail.SMTPConfig{URL: "smtp://127.0.0.1:1025", From: "portal at example.com"}, "sender address"},
		{"two senders", mail.SMTPConfig{URL: "smtp://127.0.0.1:1025", From: "a@example.com, b@example.com"},
			"sender address"},
		{"negative timeout", mail.SMTPConfig{URL: "smtp://127.0.0.1:1025", From: from, Timeout: -time.Second},
			"negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mail.NewSMTP(tt.cfg, c, log)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

// TestMailMessagesRender fills every mail.* message in every language with
// the data its senders pass, so that a translation with a misspelt
// placeholder cannot reach a user as "<no value>".
func TestMailMessagesRender(t *testing.T) {
	data := map[string]map[string]any{
		"mail.reset_subject":            nil,
		"mail.reset_body":               {"Link": "LINK", "Minutes": 42},
		"mail.password_changed_subject": nil,
		"mail.password_changed_body":    {"Time": "TIME", "ResetLink": "RESETLINK"},
	}
	// Notifications' emails take the notification's data, whose keys
	// differ per notification: each is filled with every key
	// (noticeData), and TestEveryNotificationEmailRenders checks them
	// through a real SMTP server.
	notices := map[string]bool{}
	for _, m := range domain.EmailedNotifications() {
		subject, body := domain.MailOf(m)
		for _, id := range []string{string(subject), string(body)} {
			data[id], notices[id] = noticeData, true
		}
	}
	c := catalog(t)
	for _, lang := range i18n.Languages() {
		ids, err := i18n.MessageIDs(lang)
		if err != nil {
			t.Fatal(err)
		}
		for id := range ids {
			if strings.HasPrefix(id, "mail.") {
				if _, ok := data[id]; !ok {
					t.Errorf("%s: no test data for %s", lang, id)
				}
			}
		}
		for id, d := range data {
			got := c.Translator(lang).Translate(id, d)
			if got == id || strings.Contains(got, "<no value>") {
				t.Errorf("%s %s renders %q", lang, id, got)
			}
			for _, v := range d {
				if !notices[id] && !strings.Contains(got, fmt.Sprint(v)) {
					t.Errorf("%s %s lacks %v: %q", lang, id, v, got)
				}
			}
		}
	}
}
