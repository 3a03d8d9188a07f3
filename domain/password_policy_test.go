package domain

import (
	"strings"
	"testing"
)

func TestValidatePasswordPolicy(t *testing.T) {
	const (
		email   = "jo.smith@example.com"
		account = "Acme Robotics"
		user    = "deploy-bot"
	)
	tests := []struct {
		name     string
		password string
		personal []string
		want     Message
	}{
		{"empty", "", []string{email}, MsgFieldRequired},
		// Runs of spaces count as one toward the minimum (ASVS 2.1.1).
		{"12 spaces", strings.Repeat(" ", 12), []string{email}, MsgPasswordTrivial},
		{"12 tabs and spaces", " \t \t \t \t \t \t", []string{email}, MsgPasswordTrivial},
		{"two letters and ten spaces", "xq" + strings.Repeat(" ", 10), []string{email}, MsgPasswordTooShort},
		{"eleven characters once spaces are combined", "quiet    harb", []string{email}, MsgPasswordTooShort},
		{"one character repeated", "aaaaaaaaaaaa", []string{email}, MsgPasswordTrivial},
		{"one character repeated in mixed case", "aAaAaAaAaAaA", []string{email}, MsgPasswordTrivial},
		{"one accented letter repeated", strings.Repeat("é", 12), nil, MsgPasswordTrivial},
		{"short group repeated", "abcabcabcabc", nil, MsgPasswordTrivial},
		{"pair repeated with spaces", "12 12 12 12 12 12", nil, MsgPasswordTrivial},
		{"digit sequence wrapping", "123456789012", nil, MsgPasswordTrivial},
		{"descending digit sequence", "987654321098", nil, MsgPasswordTrivial},
		{"letter sequence", "abcdefghijkl", nil, MsgPasswordTrivial},
		{"letter sequence upper case", "ABCDEFGHIJKL", nil, MsgPasswordTrivial},
		{"descending letter sequence", "zyxwvutsrqpo", nil, MsgPasswordTrivial},
		{"repeated letter with a year", "aaaaaaaa2024", nil, MsgPasswordTrivial},
		{"common word and digits", "password1234", []string{email}, MsgPasswordCommon},
		{"common word, symbols and digits", "Password!2024", nil, MsgPasswordCommon},
		{"common word with spaces", "pass word 1234", nil, MsgPasswordCommon},
		{"common word in leet", "P@ssw0rd2024!", nil, MsgPasswordCommon},
		{"long leaked password", "qwerty123456", nil, MsgPasswordCommon},
		{"long leaked password in upper case", "1QAZ2WSX3EDC", nil, MsgPasswordCommon},
		{"leaked name with digits", "Jennifer1987", nil, MsgPasswordCommon},
		{"the email", email, []string{email}, MsgPasswordIsEmail},
		{"the email in other case", "Jo.Smith@Example.COM", []string{email}, MsgPasswordIsEmail},
		{"the email with a suffix", email + "!", []string{email}, MsgPasswordPersonal},
		{"email local part and digits", "jo.smith12345", []string{email}, MsgPasswordPersonal},
		{"email local part without its dot", "JoSmith-is-great", []string{email}, MsgPasswordPersonal},
		{"account name inside", "I love acme robotics!", []string{email, account}, MsgPasswordPersonal},
		{"account name without spaces", "AcmeRobotics2024", []string{email, account}, MsgPasswordPersonal},
		{"user name inside", "the deploy bot password", []string{user}, MsgPasswordPersonal},
		{"short local part is not checked", "al pacino plays chess", []string{"al@example.com"}, ""},
		{"short account name is not checked", "correct horse battery", []string{"Co"}, ""},
		{"good passphrase", "correct horse battery", []string{email, account}, ""},
		{"good passphrase with no details known", "violet tractor under moonlight", nil, ""},
		{"Unicode passphrase", "Grüße aus Köln am Rhein", []string{email, account}, ""},
		{"Unicode passphrase in another script", "東京の夜は静かで美しい街です", []string{email}, ""},
		{"empty personal values are ignored", "correct horse battery", []string{"", " "}, ""},
		{"too short comes first", "aaaa", []string{email}, MsgPasswordTooShort},
		{"too long comes first", strings.Repeat("a", MaxPasswordLength+1), nil, MsgPasswordTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidatePassword(tt.password, tt.personal...); got != tt.want {
				t.Errorf("ValidatePassword(%q, %q) = %q, want %q", tt.password, tt.personal, got, tt.want)
			}
		})
	}
}

func TestIsTrivial(t *testing.T) {
	for s, want := range map[string]bool{
		"aaaa": true, "abababab": true, "abcabcabc": true, "passpasspass": true, "12121212": true,
		"abcd": true, "dcba": true, "7890": true, "0987": true, "αβγδ": true,
		"tent": false, "eerie": false, "abab": false, "abcabd": false, "abce": false, "a1b2": false,
		"passpass": false, "correcthorse": false,
	} {
		if got := isTrivial(s); got != want {
			t.Errorf("isTrivial(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCommonPasswordListLoads(t *testing.T) {
	set := commonPasswords()
	if len(set) < 30_000 {
		t.Fatalf("common password list has %d entries, want the embedded list of about 35,000", len(set))
	}
	for _, want := range []string{"password", "dragon", "1qaz2wsx3edc", "qwerty123456"} {
		if _, ok := set[want]; !ok {
			t.Errorf("common password list lacks %q", want)
		}
	}
	for entry := range set {
		if entry != strings.ToLower(entry) || strings.ContainsFunc(entry, func(r rune) bool { return r == ' ' }) {
			t.Fatalf("entry %q is not lower case without spaces: the checks would never match it", entry)
		}
	}
}
