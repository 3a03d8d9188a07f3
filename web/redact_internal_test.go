package web

import "testing"

// TestRedactURIHidesOneTimeTokens: the token of an emailed link is as good
// as a password until used, so request logs never show it.
func TestRedactURIHidesOneTimeTokens(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/password-reset/abcDEF123", "/password-reset/REDACTED"},
		{"/password-reset/abc?lang=fr", "/password-reset/REDACTED?lang=fr"},
		{"/signup/confirm/tok", "/signup/confirm/REDACTED"},
		{"/password-reset/sent", "/password-reset/sent"},
		{"/password-reset", "/password-reset"},
		{"/login?password=x", "/login?password=REDACTED"},
		{"/marketplace?q=ml", "/marketplace?q=ml"},
		{"/login?email=a%40b.example&next=%2F", "/login?email=REDACTED&next=%2F"},
	}
	for _, tt := range tests {
		if got := redactURI(tt.in); got != tt.want {
			t.Errorf("redactURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
