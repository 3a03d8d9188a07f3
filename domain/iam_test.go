package domain

import (
	"maps"
	"strings"
	"testing"
)

func TestValidIAMUserName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a", true},
		{"alice", true},
		{"Alice_2", true},
		{"build+bot=ci,eu.west@team-1", true},
		{strings.Repeat("a", 64), true},
		{strings.Repeat("a", 65), false},
		{"", false},
		{"jane doe", false},
		{" jane", false},
		{"jane\n", false},
		{"jane!", false},
		{"jane/doe", false},
		{"jane:doe", false},
		{"jane*", false},
		{"ålice", false},
		{"алиса", false},
	}
	for _, tt := range tests {
		if got := ValidIAMUserName(tt.name); got != tt.want {
			t.Errorf("ValidIAMUserName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestValidIAMPolicyName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"ReadOnly", true},
		{"sagemaker-list_2026+eu=1,a.b@c", true},
		{strings.Repeat("p", 128), true},
		{strings.Repeat("p", 129), false},
		{"", false},
		{"read only", false},
		{"read/only", false},
		{"read\tonly", false},
		{"política", false},
	}
	for _, tt := range tests {
		if got := ValidIAMPolicyName(tt.name); got != tt.want {
			t.Errorf("ValidIAMPolicyName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestNewIAMUserInputValidate(t *testing.T) {
	tests := []struct {
		name string
		in   NewIAMUserInput
		want FieldErrors // nil means valid
	}{
		{name: "valid", in: NewIAMUserInput{UserName: "jane", Password: validPassword}},
		{name: "longest name", in: NewIAMUserInput{UserName: strings.Repeat("j", 64), Password: validPassword}},
		{
			name: "all empty",
			in:   NewIAMUserInput{},
			want: FieldErrors{FieldUserName: MsgFieldRequired, FieldPassword: MsgFieldRequired},
		},
		{
			name: "name too long",
			in:   NewIAMUserInput{UserName: strings.Repeat("j", 65), Password: validPassword},
			want: FieldErrors{FieldUserName: MsgIAMUserNameInvalid},
		},
		{
			name: "name with a space",
			in:   NewIAMUserInput{UserName: "jane doe", Password: validPassword},
			want: FieldErrors{FieldUserName: MsgIAMUserNameInvalid},
		},
		{
			name: "password of 11 characters",
			in:   NewIAMUserInput{UserName: "jane", Password: strings.Repeat("x", 11)},
			want: FieldErrors{FieldPassword: MsgPasswordTooShort},
		},
		{name: "password of 12 characters", in: NewIAMUserInput{UserName: "jane", Password: "quiet harbor"}},
		{name: "password of 128 characters", in: NewIAMUserInput{UserName: "jane", Password: strings.Repeat("quiet harbor", 10) + "lamppost"}},
		{
			name: "password of 129 characters",
			in:   NewIAMUserInput{UserName: "jane", Password: strings.Repeat("x", 129)},
			want: FieldErrors{FieldPassword: MsgPasswordTooLong},
		},
		{
			name: "both wrong",
			in:   NewIAMUserInput{UserName: "jane!", Password: "short"},
			want: FieldErrors{FieldUserName: MsgIAMUserNameInvalid, FieldPassword: MsgPasswordTooShort},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			e := wantError(t, err, EINVALID, MsgFormHasErrors)
			if !maps.Equal(e.Fields, tt.want) {
				t.Errorf("Fields = %v, want %v", e.Fields, tt.want)
			}
		})
	}
}

func TestIAMThrottleKey(t *testing.T) {
	// One lock-out per IAM user whatever case the name is typed in, and
	// apart from root emails and other accounts.
	a := iamThrottleKey("123456789012", "Jane")
	if b := iamThrottleKey("123456789012", "jane"); a != b {
		t.Errorf("keys differ by case: %q and %q", a, b)
	}
	if b := iamThrottleKey("210987654321", "jane"); a == b {
		t.Errorf("two accounts share key %q", a)
	}
	if strings.Contains(a, "@") || !strings.HasPrefix(a, "iam:") {
		t.Errorf("key %q could clash with a root user's email", a)
	}
}
