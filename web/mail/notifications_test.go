package mail_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/web/mail"
	"github.com/mlportal/portal/web/mail/mailpittest"
)

// noticeData fills every placeholder a notification email may use.
var noticeData = map[string]any{
	"Title": "PPE Detector <b>&</b>", "Offer": "Enterprise 2027", "Buyer": "444455556666",
	"Expires": "2027-01-31", "TrialEnd": "2026-12-11", "Effective": "2027-03-01", "Versions": "1.0, 1.1",
	"SupportUntil": "2027-03-01", "Ended": "2027-11-30", "Replacement": "PPE Detector v2", "ReplacementLink": "https://portal.example.com/marketplace/pp/prod-x",
	"Product": "prod-abc", "Link": "https://portal.example.com/agreements/agmt-abc?x=1&y=2",
}

// TestEveryNotificationEmailRenders sends each notification's email in
// each language through a real SMTP server and reads it back: a subject
// and a body from the catalog (never a message ID), every placeholder
// filled, the link intact (plain text: no HTML escaping).
func TestEveryNotificationEmailRenders(t *testing.T) {
	server := mailpittest.Start(t)
	mailer, _ := newSMTP(t, mail.SMTPConfig{URL: server.SMTPURL()})
	for _, msg := range domain.EmailedNotifications() {
		subject, body := domain.MailOf(msg)
		for _, lang := range []string{"en", "fr", "es"} {
			to := fmt.Sprintf("%s.%s@example.org", strings.ReplaceAll(string(msg), ".", "-"), lang)
			m := domain.Mail{To: to, Lang: lang, Subject: subject, Body: body, Data: noticeData}
			if err := mailer.Send(context.Background(), m); err != nil {
				t.Fatalf("%s in %s: %v", msg, lang, err)
			}
			got := server.WaitForMessage(t, to)
			text := server.Text(t, got.ID)
			for _, bad := range []string{"<no value>", "mail.", "{{", "&amp;"} {
				if strings.Contains(got.Subject, bad) || strings.Contains(text, bad) {
					t.Errorf("%s in %s has %q: %q / %q", msg, lang, bad, got.Subject, text)
				}
			}
			if !strings.Contains(text, noticeData["Link"].(string)) {
				t.Errorf("%s in %s lacks the link: %q", msg, lang, text)
			}
		}
	}
}
