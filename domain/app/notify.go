package app

import (
	"context"
	"maps"
	"strings"

	"github.com/mlportal/portal/domain"
)

// notify records notices as in-portal notifications. Their emails go out
// from there (SendPendingEmails), so a mail server that is down never fails
// the use case that made them, and each email is sent once even with
// several server processes. A notice that cannot be stored is logged: the
// change it tells about is already saved.
func (a *App) notify(ctx context.Context, notices []domain.Notice) {
	if len(notices) == 0 {
		return
	}
	if err := a.Repos.Notifications.AddNotifications(ctx, domain.NotificationsOf(notices, a.clock.Now())); err != nil {
		a.log.Error("notifications not stored", "error", err, "count", len(notices))
	}
}

// SendPendingEmails emails the notifications not yet emailed, each to its
// account's root user in the account's language, and reports how many it
// sent. Each is claimed first, so that of several processes one sends it.
// Notifications without an email of their own are only claimed.
func (a *App) SendPendingEmails(ctx context.Context) (int, error) {
	pending, err := a.Repos.Notifications.PendingEmails(ctx, 100)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, n := range pending {
		claimed, err := a.Repos.Notifications.ClaimEmail(ctx, n.ID, a.clock.Now())
		if err != nil {
			return sent, err
		}
		if !claimed || !domain.Emailed(n.Message) {
			continue
		}
		if a.email(ctx, n) {
			sent++
		}
	}
	return sent, nil
}

// email sends one notification's email; a failure is logged, never
// retried, since the notification stays in the portal.
func (a *App) email(ctx context.Context, n domain.Notification) bool {
	contact, err := a.Repos.Contacts.Contact(ctx, n.AccountID)
	if err != nil || contact.Email == "" {
		a.log.Warn("notification not emailed: no contact", "account", n.AccountID, "message", string(n.Message))
		return false
	}
	data := make(map[string]any, len(n.Data)+1)
	for k, v := range maps.All(n.Data) {
		data[k] = v
	}
	if link := n.Data["Link"]; strings.HasPrefix(link, "/") {
		data["Link"] = a.publicURL + link
	}
	subject, body := domain.MailOf(n.Message)
	m := domain.Mail{To: contact.Email, Lang: contact.Language, Subject: subject, Body: body, Data: data}
	if err := a.mailer.Send(ctx, m); err != nil {
		a.log.Error("notification not emailed", "error", err, "account", n.AccountID, "message", string(n.Message))
		return false
	}
	return true
}
