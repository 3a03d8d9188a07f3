package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mlportal/portal/domain"
)

// The password policy (OWASP ASVS 2.1.7) seen from the sign-up form: each
// refused password is explained beside the password field, the other fields
// stay as typed, and no account is created.
func TestPasswordPolicySignupRefusesWeakPasswords(t *testing.T) {
	env := newEnv(t)
	const (
		accountName = "Nimbus Analytics"
		email       = "jo.smith@example.com"
	)
	const (
		common   = "too common: it appears in lists of leaked passwords"
		personal = "can't contain your email address, account name or user name"
		trivial  = "can't be only spaces, one character or group repeated, or a sequence"
		isEmail  = "can't be your email address"
	)
	tests := []struct {
		name, password, message string
	}{
		{"12 spaces", strings.Repeat(" ", 12), trivial},
		{"one repeated letter", "aaaaaaaaaaaa", trivial},
		{"digit sequence", "123456789012", trivial},
		{"letter sequence", "abcdefghijkl", trivial},
		{"common word and digits", "password1234", common},
		{"common word in leet with a year", "P@ssw0rd2024!", common},
		{"long leaked password", "qwerty123456", common},
		{"the email", email, isEmail},
		{"email local part and digits", "jo.smith1234", personal},
		{"account name inside", "we are nimbus analytics!", personal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := env.client()
			form := url.Values{"account_name": {accountName}, "email": {email}, "password": {tt.password}}
			r := c.post("/signup", "/signup", form)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-password]"); !strings.Contains(got, tt.message) {
				t.Errorf("error beside the password = %q, want it to contain %q", got, tt.message)
			}
			// The policy's own messages say what to do instead.
			if got := r.text("[data-testid=error-password]"); tt.message != isEmail && !strings.Contains(got, "Choose") {
				t.Errorf("error beside the password = %q does not say what to do instead", got)
			}
			if got := r.attr("#f-account_name", "value"); got != accountName {
				t.Errorf("account name not kept: %q", got)
			}
			if got := r.attr("#f-email", "value"); got != email {
				t.Errorf("email not kept: %q", got)
			}
			if got := r.attr("#f-password", "value"); got != "" {
				t.Errorf("password echoed back into the page")
			}
			if _, err := env.db.Accounts().UserByEmail(context.Background(), email); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("a user was stored for a refused sign-up: %v", err)
			}
		})
	}

	// A passphrase passes every rule and opens the account.
	env.client().signup(accountName, email, "violet tractor under moonlight")
}

func TestPasswordPolicySignupMessageTranslated(t *testing.T) {
	env := newEnv(t)
	for _, tt := range []struct{ lang, want string }{
		{"fr", "Ce mot de passe est trop courant"},
		{"es", "Esta contraseña es demasiado común"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			c := env.client()
			c.header.Set("Accept-Language", tt.lang)
			r := c.post("/signup", "/signup", url.Values{"account_name": {"Acme"}, "email": {"a@example.com"},
				"password": {"password1234"}})
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-password]"); !strings.Contains(got, tt.want) {
				t.Errorf("error beside the password = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestPasswordPolicyIAMUserNameInPassword(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	form := url.Values{"user_name": {"deploybot"}, "password": {"Deploybot-secret-key"}}
	r := root.post("/iam/users/new", "/iam/users/new", form)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-password]"); !strings.Contains(got, "user name") {
		t.Errorf("error beside the password = %q, want the personal-details message", got)
	}
	if got := r.attr("#f-user_name", "value"); got != "deploybot" {
		t.Errorf("user name not kept: %q", got)
	}
	_, err := env.db.IAM().IAMUser(context.Background(), accountID, "deploybot")
	if domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("an IAM user was stored for a refused password: %v", err)
	}
}
