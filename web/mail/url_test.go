package mail_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/mlportal/portal/web/mail"
)

func TestParseSMTPURL(t *testing.T) {
	tests := []struct {
		raw  string
		want mail.Endpoint
		str  string
	}{
		{
			raw:  "smtp://127.0.0.1:1025",
			want: mail.Endpoint{Host: "127.0.0.1", Port: 1025, StartTLS: mail.StartTLSNone},
			str:  "smtp://127.0.0.1:1025?starttls=none",
		},
		{
			raw:  "smtp://localhost",
			want: mail.Endpoint{Host: "localhost", Port: 587, StartTLS: mail.StartTLSNone},
		},
		{
			raw: "smtp://user:p%40ss%3Aword@mail.example.com:587",
			want: mail.Endpoint{Host: "mail.example.com", Port: 587, StartTLS: mail.StartTLSRequired,
				Username: "user", Password: "p@ss:word", Auth: "auto"},
			str: "smtp://user:redacted@mail.example.com:587?auth=auto&starttls=required",
		},
		{
			raw:  "smtp://mail.example.com?starttls=opportunistic",
			want: mail.Endpoint{Host: "mail.example.com", Port: 587, StartTLS: mail.StartTLSOpportunistic},
		},
		{
			raw:  "smtp://[::1]:2525?starttls=required",
			want: mail.Endpoint{Host: "::1", Port: 2525, StartTLS: mail.StartTLSRequired},
			str:  "smtp://[::1]:2525?starttls=required",
		},
		{
			raw: "smtps://apikey:secret@smtp.example.com?auth=PLAIN",
			want: mail.Endpoint{Host: "smtp.example.com", Port: 465, ImplicitTLS: true, StartTLS: mail.StartTLSNone,
				Username: "apikey", Password: "secret", Auth: "plain"},
			str: "smtps://apikey:redacted@smtp.example.com:465?auth=plain",
		},
		{
			raw: "smtp://relay@10.0.0.5:25/",
			want: mail.Endpoint{Host: "10.0.0.5", Port: 25, StartTLS: mail.StartTLSRequired, Username: "relay",
				Auth: "auto"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := mail.ParseSMTPURL(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if tt.str != "" && got.String() != tt.str {
				t.Errorf("String() = %q, want %q", got.String(), tt.str)
			}
		})
	}
}

func TestParseSMTPURLRejects(t *testing.T) {
	tests := map[string]string{
		"":                                     "scheme",
		"mail.example.com:587":                 "scheme",
		"http://mail.example.com":              "scheme",
		"smtp://":                              "host is missing",
		"smtp://:25":                           "host is missing",
		"smtp://host:0":                        "port",
		"smtp://host:70000":                    "port",
		"smtp://host:smtp":                     "", // url.Parse refuses it
		"smtp://host/path":                     "only smtp://host:port",
		"smtp://host#frag":                     "only smtp://host:port",
		"smtp://:secret@host":                  "without a user name",
		"smtp://host?starttls=always":          "starttls",
		"smtp://host?startls=none":             "unknown parameter",
		"smtp://host?starttls=none&starttls=x": "2 times",
		"smtps://host?starttls=required":       "does not apply",
		"smtp://host?auth=plain":               "without a user name",
		"smtp://u:p@host?auth=magic":           "auth",
		"smtp://u:p@host?%zz":                  "malformed",
	}
	for raw, want := range tests {
		t.Run(raw, func(t *testing.T) {
			_, err := mail.ParseSMTPURL(raw)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		})
	}
}

// TestParseSMTPURLErrorHidesPassword: url.Parse's own error quotes the whole
// URL, and this one ends up in a startup log.
func TestParseSMTPURLErrorHidesPassword(t *testing.T) {
	urls := []string{"smtp://user:hunter2@host:port", "smtp://user:hunter2@host?auth=nope", "smtp://user:hunter2@[::1"}
	for _, raw := range urls {
		_, err := mail.ParseSMTPURL(raw)
		if err == nil {
			t.Fatalf("%s: no error", raw)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("error reveals the password: %v", err)
		}
	}
}

func TestEndpointLogsWithoutPassword(t *testing.T) {
	e, err := mail.ParseSMTPURL("smtp://user:hunter2@mail.example.com")
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	slog.New(slog.NewJSONHandler(&out, nil)).Info("mail", "smtp", e)
	slog.New(slog.NewTextHandler(&out, nil)).Info("mail", "smtp", e)
	if strings.Contains(out.String(), "hunter2") || !strings.Contains(out.String(), "user:redacted@mail.example.com") {
		t.Errorf("log: %s", out.String())
	}
}
