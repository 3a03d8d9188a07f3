package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/mlportal/portal/web/mail"
)

func TestLogOnlyLogsWithoutSecrets(t *testing.T) {
	log, logs := newLogger()
	m := resetMail("Someone@Example.org", "fr")
	if err := mail.NewLogOnly(log).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{"no SMTP server is configured", `"subject":"mail.reset_subject"`,
		`"to_domain":"example.org"`, `"to_hash":"` + mail.RecipientHash("someone@example.org") + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	for _, secret := range []string{"s3cr3t", "Someone", "reset_body", "Réinitialisez"} {
		if strings.Contains(out, secret) {
			t.Errorf("log reveals %q:\n%s", secret, out)
		}
	}
}
