package domain

import (
	"errors"
	"maps"
	"strings"
	"testing"
)

// validPassword is a password that breaks no rule for the emails used below.
const validPassword = "correct horse battery"

func TestSignupInputNormalize(t *testing.T) {
	in := SignupInput{
		AccountName: "  Acme Corp \t",
		Email:       "  Alice@Example.COM\n",
		Password:    "  Keep My Spaces  ",
	}
	in.Normalize()
	want := SignupInput{
		AccountName: "Acme Corp",
		Email:       "alice@example.com",
		Password:    "  Keep My Spaces  ",
	}
	if in != want {
		t.Errorf("Normalize() = %+v, want %+v", in, want)
	}
}

func TestSignupInputValidate(t *testing.T) {
	// An address of exactly MaxEmailLength bytes: 64 + 1 + 185 + 4.
	email254 := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com"
	email255 := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".com"
	if len(email254) != 254 || len(email255) != 255 {
		t.Fatalf("bad fixture lengths %d, %d", len(email254), len(email255))
	}

	tests := []struct {
		name string
		in   SignupInput
		want FieldErrors // nil means valid
	}{
		{
			name: "valid",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: validPassword},
		},
		{
			name: "all empty reports every field",
			in:   SignupInput{},
			want: FieldErrors{
				FieldAccountName: MsgFieldRequired,
				FieldEmail:       MsgFieldRequired,
				FieldPassword:    MsgFieldRequired,
			},
		},
		{
			name: "blank account name after trim",
			in:   SignupInput{AccountName: " \t ", Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgFieldRequired},
		},
		{
			name: "account name of 50 ASCII runes",
			in:   SignupInput{AccountName: strings.Repeat("a", 50), Email: "alice@example.com", Password: validPassword},
		},
		{
			name: "account name of 51 ASCII runes",
			in:   SignupInput{AccountName: strings.Repeat("a", 51), Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameTooLong},
		},
		{
			// 50 runes but 150 bytes: the limit counts runes, not bytes.
			name: "account name of 50 three-byte runes",
			in:   SignupInput{AccountName: strings.Repeat("日", 50), Email: "alice@example.com", Password: validPassword},
		},
		{
			name: "account name of 51 three-byte runes",
			in:   SignupInput{AccountName: strings.Repeat("日", 51), Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameTooLong},
		},
		{
			name: "account name of 50 four-byte runes",
			in:   SignupInput{AccountName: strings.Repeat("😀", 50), Email: "alice@example.com", Password: validPassword},
		},
		{
			name: "account name of 51 four-byte runes",
			in:   SignupInput{AccountName: strings.Repeat("😀", 51), Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameTooLong},
		},
		{
			name: "account name with NUL",
			in:   SignupInput{AccountName: "Ac\x00me", Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameInvalid},
		},
		{
			name: "account name with newline inside",
			in:   SignupInput{AccountName: "Ac\nme", Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameInvalid},
		},
		{
			name: "account name with tab inside",
			in:   SignupInput{AccountName: "Ac\tme", Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameInvalid},
		},
		{
			name: "account name with DEL",
			in:   SignupInput{AccountName: "Acme\x7f", Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameInvalid},
		},
		{
			name: "account name with escape",
			in:   SignupInput{AccountName: "Acme\x1b[31m", Email: "alice@example.com", Password: validPassword},
			want: FieldErrors{FieldAccountName: MsgAccountNameInvalid},
		},
		{
			name: "email without @",
			in:   SignupInput{AccountName: "Acme", Email: "alice.example.com", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with display name",
			in:   SignupInput{AccountName: "Acme", Email: "A <a@b.com>", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email in angle brackets only",
			in:   SignupInput{AccountName: "Acme", Email: "<a@b.com>", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with no dot in domain",
			in:   SignupInput{AccountName: "Acme", Email: "alice@localhost", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with leading dot in domain",
			in:   SignupInput{AccountName: "Acme", Email: "alice@.example.com", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with trailing dot in domain",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com.", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with space in local part",
			in:   SignupInput{AccountName: "Acme", Email: "ali ce@example.com", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with space in domain",
			in:   SignupInput{AccountName: "Acme", Email: "alice@exa mple.com", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email with two @",
			in:   SignupInput{AccountName: "Acme", Email: "a@b@example.com", Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailInvalid},
		},
		{
			name: "email of 254 bytes",
			in:   SignupInput{AccountName: "Acme", Email: email254, Password: validPassword},
		},
		{
			name: "email of 255 bytes",
			in:   SignupInput{AccountName: "Acme", Email: email255, Password: validPassword},
			want: FieldErrors{FieldEmail: MsgEmailTooLong},
		},
		{
			name: "password of 11 runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: strings.Repeat("x", 11)},
			want: FieldErrors{FieldPassword: MsgPasswordTooShort},
		},
		{
			name: "password of 12 runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: "quiet harbor"},
		},
		{
			// 22 bytes, but only 11 runes: still too short.
			name: "password of 11 two-byte runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: strings.Repeat("é", 11)},
			want: FieldErrors{FieldPassword: MsgPasswordTooShort},
		},
		{
			name: "password of 12 two-byte runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: "éàèùâêîôûçëï"},
		},
		{
			name: "password of 128 runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: strings.Repeat("quiet harbor", 10) + "lamppost"},
		},
		{
			name: "password of 129 runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: strings.Repeat("quiet harbor", 10) + "lamppost!"},
			want: FieldErrors{FieldPassword: MsgPasswordTooLong},
		},
		{
			// 512 bytes, but only 128 runes: still allowed.
			name: "password of 128 four-byte runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: distinctRunes(0x1F300, 128)},
		},
		{
			name: "password of 129 four-byte runes",
			in:   SignupInput{AccountName: "Acme", Email: "alice@example.com", Password: strings.Repeat("😀", 129)},
			want: FieldErrors{FieldPassword: MsgPasswordTooLong},
		},
		{
			name: "password equal to email",
			in:   SignupInput{AccountName: "Acme", Email: "someone@example.com", Password: "someone@example.com"},
			want: FieldErrors{FieldPassword: MsgPasswordIsEmail},
		},
		{
			name: "password equal to email in other case",
			in:   SignupInput{AccountName: "Acme", Email: "someone@example.com", Password: "SomeOne@Example.COM"},
			want: FieldErrors{FieldPassword: MsgPasswordIsEmail},
		},
		{
			name: "password containing the email",
			in:   SignupInput{AccountName: "Acme", Email: "someone@example.com", Password: "someone@example.com!"},
			want: FieldErrors{FieldPassword: MsgPasswordPersonal},
		},
		{
			name: "every field wrong at once",
			in:   SignupInput{AccountName: strings.Repeat("é", 51), Email: "A <a@b.com>", Password: "short"},
			want: FieldErrors{
				FieldAccountName: MsgAccountNameTooLong,
				FieldEmail:       MsgEmailInvalid,
				FieldPassword:    MsgPasswordTooShort,
			},
		},
		{
			name: "name with control character and too long password at once",
			in:   SignupInput{AccountName: "Ac\x01me", Email: "alice@example.com", Password: strings.Repeat("p", 129)},
			want: FieldErrors{
				FieldAccountName: MsgAccountNameInvalid,
				FieldPassword:    MsgPasswordTooLong,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.Normalize()
			err := in.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Validate() = %v (%T), want *Error", err, err)
			}
			if e.Code != EINVALID {
				t.Errorf("Code = %q, want %q", e.Code, EINVALID)
			}
			if e.Message != MsgFormHasErrors {
				t.Errorf("Message = %q, want %q", e.Message, MsgFormHasErrors)
			}
			if !maps.Equal(e.Fields, tt.want) {
				t.Errorf("Fields = %v, want %v", e.Fields, tt.want)
			}
		})
	}
}

func TestNewAccountID(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		id, err := NewAccountID()
		if err != nil {
			t.Fatalf("NewAccountID() error = %v", err)
		}
		if len(id) != AccountIDLength {
			t.Fatalf("NewAccountID() = %q, want %d characters", id, AccountIDLength)
		}
		if !IsAccountID(id) {
			t.Fatalf("IsAccountID(NewAccountID()) = false for %q", id)
		}
		seen[id] = true
	}
	// 200 draws out of 10^12 collide with negligible probability; a constant
	// or badly seeded generator would not.
	if len(seen) != 200 {
		t.Errorf("NewAccountID() gave %d distinct IDs in 200 calls", len(seen))
	}
	// Every digit turns up in 2,400 random digits, and a leading zero in 200
	// IDs (each misses with probability below 1e-9): no digit is left out
	// and leading zeros are kept.
	digits := map[rune]bool{}
	leadingZero := false
	for id := range seen {
		for _, r := range id {
			digits[r] = true
		}
		leadingZero = leadingZero || id[0] == '0'
	}
	if len(digits) != 10 {
		t.Errorf("NewAccountID() used digits %v, want all ten", digits)
	}
	if !leadingZero {
		t.Errorf("no ID out of 200 starts with 0")
	}
}

func TestIsAccountID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"123456789012", true},
		{"000000000000", true},
		{"000000000001", true},
		{"999999999999", true},
		{"", false},
		{"12345678901", false},   // 11 digits
		{"1234567890123", false}, // 13 digits
		{"12345678901a", false},
		{"a23456789012", false},
		{"1234 5678901", false},
		{"-12345678901", false},
		{"+12345678901", false},
		{"１２３４５６７８９０１２", false}, // full-width digits
		{"١٢٣٤٥٦٧٨٩٠١٢", false}, // Arabic-Indic digits
		{"12345678901\n", false},
	}
	for _, tt := range tests {
		if got := IsAccountID(tt.in); got != tt.want {
			t.Errorf("IsAccountID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// distinctRunes returns n different runes from first on, every other code
// point, so that no pattern makes the password trivial.
func distinctRunes(first rune, n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteRune(first + rune(2*i))
	}
	return b.String()
}
