package domain

import "testing"

func TestStatusLabelsAndTones(t *testing.T) {
	tests := []struct {
		status ProductStatus
		label  Message
		tone   Tone
	}{
		{StatusDraft, MsgStatusDraft, TonePending},
		{StatusLimited, MsgStatusLimited, ToneInfo},
		{StatusPublic, MsgStatusPublic, ToneSuccess},
		{StatusRestricted, MsgStatusRestricted, ToneInactive},
		{"Unknown", MsgStatusOther, TonePending},
	}
	for _, tt := range tests {
		if got := tt.status.Label(); got != tt.label {
			t.Errorf("%s.Label() = %s, want %s", tt.status, got, tt.label)
		}
		if got := tt.status.Tone(); got != tt.tone {
			t.Errorf("%s.Tone() = %s, want %s", tt.status, got, tt.tone)
		}
		if v := VersionStatus(tt.status); v.Label() != tt.label || v.Tone() != tt.tone {
			t.Errorf("version status %s: %s, %s", v, v.Label(), v.Tone())
		}
	}
	for details, want := range map[string]bool{`{"TargetVisibility":"Restricted"}`: true, `{"TargetVisibility":"Public"}`: false, `{}`: false} {
		d, err := ParseChangeDetails(details)
		if err != nil || d.Unpublishes() != want {
			t.Errorf("ParseChangeDetails(%s).Unpublishes() = %v (%v), want %v", details, d.Unpublishes(), err, want)
		}
	}
}
