package domain

import (
	"strings"
	"testing"
)

func TestNewIAMUserInputReservesUnreachableNames(t *testing.T) {
	tests := []struct {
		name string
		want Message // "" means valid
	}{
		{"new", MsgIAMUserNameReserved},
		{".", MsgIAMUserNameReserved},
		{"..", MsgIAMUserNameReserved},
		{"...", ""},
		{"New", ""},
		{"new-user", ""},
		{"newer", ""},
		{".alice", ""},
		{"a..b", ""},
		{"build+bot=ci,eu.west@team-1", ""},
		{strings.Repeat("a", MaxIAMUserNameLength), ""},
		{strings.Repeat("a", MaxIAMUserNameLength+1), MsgIAMUserNameInvalid},
		{"new/", MsgIAMUserNameInvalid},
		{"../x", MsgIAMUserNameInvalid},
		{"", MsgFieldRequired},
	}
	for _, tt := range tests {
		err := NewIAMUserInput{UserName: tt.name, Password: validPassword}.Validate()
		if tt.want == "" {
			if err != nil {
				t.Errorf("Validate(%q) = %v, want nil", tt.name, err)
			}
			continue
		}
		e := wantError(t, err, EINVALID, MsgFormHasErrors)
		if got := e.Fields[FieldUserName]; got != tt.want || len(e.Fields) != 1 {
			t.Errorf("Validate(%q) fields = %v, want user_name: %s", tt.name, e.Fields, tt.want)
		}
	}
}
