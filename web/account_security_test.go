package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/web/i18n"
	"github.com/mlportal/portal/web/mail"
	"github.com/mlportal/portal/web/mail/mailpittest"
)

// publicURL is the address the test portals put in emails. It is not the
// test server's: links must come from configuration, never from the Host
// header of the request that asked for them.
const publicURL = "https://portal.example"

// newEnvWithMail runs a portal that sends its email through a real SMTP
// server, mails.
func newEnvWithMail(t *testing.T, mails *mailpittest.Server) *testEnv {
	t.Helper()
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	mailer, err := mail.NewSMTP(mail.SMTPConfig{URL: mails.SMTPURL(), From: "AWS Marketplace <no-reply@portal.example>"},
		catalog, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return newEnvCore(t, openTestDB(t), func(c *app.Config) { c.Mailer, c.PublicURL = mailer, publicURL })
}

// linkPattern finds the portal links in an email.
var linkPattern = regexp.MustCompile(regexp.QuoteMeta(publicURL) + `(/[^\s]+)`)

// emailLink returns the path of the first portal link starting with prefix
// in the newest email to to, and the email's text.
func emailLink(t *testing.T, mails *mailpittest.Server, to, prefix string) (string, string) {
	t.Helper()
	text := mails.Text(t, mails.WaitForMessage(t, to).ID)
	for _, m := range linkPattern.FindAllStringSubmatch(text, -1) {
		if strings.HasPrefix(m[1], prefix) {
			return m[1], text
		}
	}
	t.Fatalf("no %s link in the email to %s:\n%s", prefix, to, text)
	return "", ""
}

// signupByEmail signs up through the form and confirms with the emailed
// link, as a person would; it returns the account ID.
func (c *client) signupByEmail(mails *mailpittest.Server, name, email, password string) string {
	t := c.env.t
	t.Helper()
	r := c.post("/signup", "/signup", url.Values{"account_name": {name}, "email": {email}, "password": {password}})
	expectRedirect(t, r, "/signup/check-email")
	link, _ := emailLink(t, mails, email, "/signup/confirm/")
	expectRedirect(t, c.post(link, link, url.Values{}), "/login")
	u, err := c.env.db.Accounts().UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.AccountID
}

// confirmEmailInDB marks a root user's email confirmed, as the emailed
// link would, for tests about something else.
func confirmEmailInDB(t *testing.T, env *testEnv, email string) {
	t.Helper()
	ctx := context.Background()
	u, err := env.db.Accounts().UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.Accounts().ConfirmEmail(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
}

// TestSignupConfirmsTheEmail: the account is opened by the link sent to its
// email; before that the right password gets a message saying so, and the
// link works once.
func TestSignupConfirmsTheEmail(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	c := env.client()
	r := c.post("/signup", "/signup", url.Values{"account_name": {"Acme"}, "email": {"new@acme.example"}, "password": {goodPassword}})
	expectRedirect(t, r, "/signup/check-email")

	r = c.login("new@acme.example", goodPassword)
	expectStatus(t, r, http.StatusForbidden)
	if got := r.text("[data-testid=alert-error]"); !strings.Contains(got, "Confirm your email address first") {
		t.Fatalf("sign-in before confirming says %q", got)
	}

	link, text := emailLink(t, mails, "new@acme.example", "/signup/confirm/")
	u, err := env.db.Accounts().UserByEmail(context.Background(), "new@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, u.AccountID) {
		t.Fatalf("confirmation email does not give the account ID %s:\n%s", u.AccountID, text)
	}
	// Opening the link (as a mail scanner would) confirms nothing.
	expectStatus(t, c.get(link), http.StatusOK)
	expectStatus(t, c.login("new@acme.example", goodPassword), http.StatusForbidden)

	expectRedirect(t, c.post(link, link, url.Values{}), "/login")
	r = c.get("/login")
	if got := r.text("[data-testid=flash]"); !strings.Contains(got, u.AccountID) {
		t.Fatalf("flash after confirming = %q, want the account ID", got)
	}
	expectRedirect(t, c.login("new@acme.example", goodPassword), "/")

	other := env.client()
	expectStatus(t, other.get(link), http.StatusNotFound)
	r = other.postRaw(link, url.Values{"_csrf": {other.get("/login").csrf(t)}})
	expectStatus(t, r, http.StatusNotFound)
	if r.attr("[data-testid=notice-link]", "href") != "/signup/resend" || r.attr("[data-testid=notice-second-link]", "href") != "/login" {
		t.Fatal("a spent confirmation link does not offer a new one and sign-in")
	}
}

// TestResendConfirmation: a lost confirmation email can be sent again, to
// an unconfirmed account only, with the same answer for any email; the new
// link opens the account.
func TestResendConfirmation(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	c := env.client()
	r := c.post("/signup", "/signup", url.Values{"account_name": {"Acme"}, "email": {"lost@acme.example"}, "password": {goodPassword}})
	expectRedirect(t, r, "/signup/check-email")
	first := mails.WaitForMessage(t, "lost@acme.example")

	r = c.login("lost@acme.example", goodPassword)
	if r.attr("[data-testid=resend-confirmation]", "href") != "/signup/resend" {
		t.Fatal("sign-in before confirming does not offer to send the email again")
	}
	for _, email := range []string{"nobody@acme.example", "lost@acme.example"} {
		expectRedirect(t, c.post("/signup/resend", "/signup/resend", url.Values{"email": {email}}), "/signup/check-email")
	}
	second := mails.WaitForMessage(t, "lost@acme.example")
	if second.ID == first.ID {
		t.Fatal("no new confirmation email")
	}
	link, _ := emailLink(t, mails, "lost@acme.example", "/signup/confirm/")
	expectRedirect(t, c.post(link, link, url.Values{}), "/login")
	expectRedirect(t, c.login("lost@acme.example", goodPassword), "/")

	// A confirmed account gets no email.
	n := len(mails.Messages(t))
	expectRedirect(t, c.post("/signup/resend", "/signup/resend", url.Values{"email": {"lost@acme.example"}}), "/signup/check-email")
	if got := len(mails.Messages(t)); got != n {
		t.Fatalf("%d emails after a resend for a confirmed account, want %d", got, n)
	}
}

// TestSignupDoesNotRevealRegisteredEmails: signing up with a taken email
// gets the same answer as a new one; the owner is told by email, and
// nothing about their account changes.
func TestSignupDoesNotRevealRegisteredEmails(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	owner := env.client()
	accountID := owner.signupByEmail(mails, "Taken Inc", "taken@example.com", goodPassword)

	fresh := env.client().post("/signup", "/signup", url.Values{"account_name": {"Acme"}, "email": {"fresh@example.com"}, "password": {goodPassword}})
	taken := env.client().post("/signup", "/signup", url.Values{"account_name": {"Acme"}, "email": {"TAKEN@example.com"}, "password": {"another long passphrase 7"}})
	if fresh.StatusCode != taken.StatusCode || fresh.Header.Get("Location") != taken.Header.Get("Location") || fresh.body != taken.body {
		t.Fatalf("answers differ: new %d %q, taken %d %q", fresh.StatusCode, fresh.Header.Get("Location"), taken.StatusCode, taken.Header.Get("Location"))
	}

	msg := mails.WaitForMessage(t, "taken@example.com")
	if !strings.Contains(msg.Subject, "tried to create") {
		t.Fatalf("owner got %q", msg.Subject)
	}
	expectRedirect(t, env.client().login("taken@example.com", goodPassword), "/")
	u, err := env.db.Accounts().UserByEmail(context.Background(), "taken@example.com")
	if err != nil || u.AccountID != accountID {
		t.Fatalf("owner's user changed: %+v, %v", u, err)
	}
}

// TestPasswordResetByEmail walks the reset: a link only for a registered
// email (the same answer for any), the form keeps its rules, the link works
// once and ends every session.
func TestPasswordResetByEmail(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	owner := env.client()
	owner.signupByEmail(mails, "Acme", "owner@acme.example", goodPassword)
	expectRedirect(t, owner.login("owner@acme.example", goodPassword), "/")

	visitor := env.client()
	// A forged Host header must not end up in the emailed link.
	visitor.header.Set("X-Forwarded-Host", "evil.example")
	for _, email := range []string{"nobody@acme.example", "owner@acme.example"} {
		r := visitor.post("/password-reset", "/password-reset", url.Values{"email": {email}})
		expectRedirect(t, r, "/password-reset/sent")
	}
	link, _ := emailLink(t, mails, "owner@acme.example", "/password-reset/")
	for _, m := range mails.Messages(t) {
		for _, to := range m.To {
			if to.Address == "nobody@acme.example" {
				t.Fatal("an email went to an address with no account")
			}
		}
	}

	expectStatus(t, visitor.get(link), http.StatusOK)
	tests := []struct{ name, password, confirm, field, message string }{
		{"mismatch", "a brand new passphrase", "a brand new passphrase!", "password_confirm", "not the same"},
		{"too short", "short", "short", "password", "at least 12 characters"},
	}
	for _, tt := range tests {
		r := visitor.post(link, link, url.Values{"password": {tt.password}, "password_confirm": {tt.confirm}})
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if got := r.text("[data-testid=error-" + tt.field + "]"); !strings.Contains(got, tt.message) {
			t.Errorf("%s: error beside %s = %q", tt.name, tt.field, got)
		}
	}

	const newPassword = "a brand new passphrase"
	r := visitor.post(link, link, url.Values{"password": {newPassword}, "password_confirm": {newPassword}})
	expectRedirect(t, r, "/login")
	if got := visitor.get("/login").text("[data-testid=flash]"); !strings.Contains(got, "Sign in with the new password") {
		t.Fatalf("flash after reset = %q", got)
	}
	expectRedirect(t, owner.get("/"), "/login?next=%2F")
	expectStatus(t, env.client().login("owner@acme.example", goodPassword), http.StatusUnauthorized)
	expectRedirect(t, env.client().login("owner@acme.example", newPassword), "/")
	expectStatus(t, visitor.post(link, link, url.Values{"password": {"yet another passphrase"}, "password_confirm": {"yet another passphrase"}}), http.StatusNotFound)
	if got := mails.WaitForMessage(t, "owner@acme.example").Subject; !strings.Contains(got, "changed") {
		t.Fatalf("newest email to the owner is %q, want the password-changed notice", got)
	}
}

// TestPasswordResetLinkExpires: after its lifetime the link shows how to
// get a new one, and the password is unchanged.
func TestPasswordResetLinkExpires(t *testing.T) {
	mails := mailpittest.Start(t)
	env := newEnvWithMail(t, mails)
	c := env.client()
	c.signupByEmail(mails, "Acme", "late@acme.example", goodPassword)
	expectRedirect(t, c.post("/password-reset", "/password-reset", url.Values{"email": {"late@acme.example"}}), "/password-reset/sent")
	link, _ := emailLink(t, mails, "late@acme.example", "/password-reset/")
	token := c.get(link).csrf(t)

	env.clock.Advance(domain.PasswordResetLifetime + time.Second)
	r := c.postRaw(link, url.Values{"_csrf": {token}, "password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
	expectStatus(t, r, http.StatusNotFound)
	if r.attr("[data-testid=notice-link]", "href") != "/password-reset" {
		t.Fatal("expired link page does not offer a new link")
	}
	expectStatus(t, c.get(link), http.StatusNotFound)
	expectRedirect(t, env.client().login("late@acme.example", goodPassword), "/")
}

// TestPasswordResetRequestsAreLimited: one address cannot flood inboxes.
func TestPasswordResetRequestsAreLimited(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	limit := domain.DefaultThrottlePolicy.SignupLimit
	for i := range limit {
		r := c.post("/password-reset", "/password-reset", url.Values{"email": {"x" + string(rune('a'+i)) + "@acme.example"}})
		expectRedirect(t, r, "/password-reset/sent")
	}
	r := c.post("/password-reset", "/password-reset", url.Values{"email": {"last@acme.example"}})
	expectStatus(t, r, http.StatusTooManyRequests)
	if r.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// Said in the form, with what was typed kept.
	if got := r.text("[data-testid=alert-error]"); !strings.Contains(got, "Too many password reset requests") {
		t.Fatalf("alert %q", got)
	}
	if r.attr("#f-email", "value") != "last@acme.example" {
		t.Fatal("typed email not kept")
	}
}

// TestChangePasswordEndsOtherSessions: the current password is required,
// the new one follows the rules, and only this browser stays signed in,
// with a new session ID.
func TestChangePasswordEndsOtherSessions(t *testing.T) {
	env := newEnv(t)
	here, elsewhere := env.client(), env.client()
	here.signup("Acme", "owner@acme.example", goodPassword)
	expectRedirect(t, here.login("owner@acme.example", goodPassword), "/")
	expectRedirect(t, elsewhere.login("owner@acme.example", goodPassword), "/")
	before := sessionCookie(t, here)

	r := here.post("/settings/password", "/settings/password", url.Values{"current_password": {"not the password"},
		"password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-current_password]"); !strings.Contains(got, "not correct") {
		t.Fatalf("error beside current password = %q", got)
	}
	r = here.post("/settings/password", "/settings/password", url.Values{"current_password": {goodPassword},
		"password": {goodPassword}, "password_confirm": {goodPassword}})
	expectStatus(t, r, http.StatusUnprocessableEntity)

	r = here.post("/settings/password", "/settings/password", url.Values{"current_password": {goodPassword},
		"password": {"a brand new passphrase"}, "password_confirm": {"a brand new passphrase"}})
	expectRedirect(t, r, "/settings/sessions")
	if sessionCookie(t, here) == before {
		t.Fatal("session ID not renewed by the password change")
	}
	expectStatus(t, here.get("/settings/sessions"), http.StatusOK)
	expectRedirect(t, elsewhere.get("/"), "/login?next=%2F")
	expectStatus(t, env.client().login("owner@acme.example", goodPassword), http.StatusUnauthorized)
	expectRedirect(t, env.client().login("owner@acme.example", "a brand new passphrase"), "/")
}

// TestSessionsListAndSignOutEverywhere: the list shows each browser once,
// marks this one, ends another by its handle (never a session ID), refuses
// another user's handle, and "sign out everywhere" ends them all.
func TestSessionsListAndSignOutEverywhere(t *testing.T) {
	env := newEnv(t)
	here, phone, stranger := env.client(), env.client(), env.client()
	here.signup("Acme", "owner@acme.example", goodPassword)
	stranger.signup("Other", "other@acme.example", goodPassword)
	phone.header.Set("User-Agent", "PhoneBrowser/1.0 \xff")
	here.header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
	expectRedirect(t, phone.login("owner@acme.example", goodPassword), "/")
	expectRedirect(t, here.login("owner@acme.example", goodPassword), "/")
	expectRedirect(t, stranger.login("other@acme.example", goodPassword), "/")

	r := here.get("/settings/sessions")
	expectStatus(t, r, http.StatusOK)
	if n := r.doc.Find("[data-testid=session-row]").Length(); n != 2 {
		t.Fatalf("%d sessions listed, want 2", n)
	}
	if r.doc.Find("[data-testid=current-session]").Length() != 1 ||
		r.doc.Find("[data-testid=session-row]").First().Find("[data-testid=current-session]").Length() != 1 {
		t.Fatal("current session not marked once, in the first row")
	}
	if strings.Contains(r.body, sessionCookie(t, here)) || strings.Contains(r.body, sessionCookie(t, phone)) {
		t.Fatal("the page shows a session cookie")
	}
	if got := r.text("[data-testid=session-device]"); got != "Chrome on Linux" {
		t.Fatalf("this browser is listed as %q", got)
	}
	var phoneEnd string
	r.doc.Find("[data-testid=session-row]").Each(func(_ int, row *goquery.Selection) {
		if strings.Contains(row.Text(), "PhoneBrowser/1.0") {
			phoneEnd, _ = row.Find("form").Attr("action")
		}
	})
	if phoneEnd == "" {
		t.Fatal("phone session not listed with its browser")
	}

	// Another user cannot end it.
	expectStatus(t, stranger.post("/settings/sessions", phoneEnd, url.Values{}), http.StatusNotFound)
	expectStatus(t, phone.get("/"), http.StatusOK)

	expectRedirect(t, here.post("/settings/sessions", phoneEnd, url.Values{}), "/settings/sessions")
	expectRedirect(t, phone.get("/"), "/login?next=%2F")
	expectStatus(t, here.get("/"), http.StatusOK)

	expectRedirect(t, phone.login("owner@acme.example", goodPassword), "/")
	expectRedirect(t, here.post("/settings/sessions", "/settings/sessions/end-all", url.Values{}), "/login")
	expectRedirect(t, here.get("/"), "/login?next=%2F")
	expectRedirect(t, phone.get("/"), "/login?next=%2F")
	expectStatus(t, stranger.get("/"), http.StatusOK)
}

// TestSessionsEndTwelveHoursAfterSignIn: activity keeps a session going
// only up to one lifetime after sign-in, then the user signs in again.
func TestSessionsEndTwelveHoursAfterSignIn(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	c.signup("Acme", "owner@acme.example", goodPassword)
	expectRedirect(t, c.login("owner@acme.example", goodPassword), "/")
	for i := range 11 {
		env.clock.Advance(time.Hour)
		// A post that leaves a flash saves the session, which pushes its
		// expiry on.
		name := "user-" + strconv.Itoa(i)
		r := c.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {name}, "password": {goodPassword}})
		expectRedirect(t, r, "/iam/users/"+name)
		expectStatus(t, c.get("/"), http.StatusOK)
	}
	env.clock.Advance(time.Hour)
	expectRedirect(t, c.get("/"), "/login?next=%2F")
}
