package domain

import (
	"slices"
	"testing"
	"time"
)

// TestLifecycleTransitions walks every status through submit, stage and
// sign-off, allowed and refused.
func TestLifecycleTransitions(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		status     ProductStatus
		pending    bool
		submit     Message // "" when allowed
		stage      Message
		signOff    Message
		afterStage ProductStatus
	}{
		{StatusDraft, false, "", MsgNothingToStage, MsgSignOffNeedsLimited, ""},
		// Sign-off waits while a submission is pending: what would go
		// live is not what the submission puts in test.
		{StatusDraft, true, MsgPublishingInProgress, "", MsgSignOffPending, StatusLimited},
		{StatusLimited, false, "", MsgNothingToStage, "", ""},
		{StatusLimited, true, MsgPublishingInProgress, "", MsgSignOffPending, StatusLimited},
		// A public product is submitted again to stage a new version or
		// restrictions; signing off releases a Limited version.
		{StatusPublic, false, "", MsgNothingToStage, "", ""},
		{StatusPublic, true, MsgPublishingInProgress, "", MsgSignOffPending, StatusPublic},
		{StatusRestricted, false, MsgCannotSubmitNow, MsgNothingToStage, MsgSignOffNeedsLimited, ""},
	}
	for _, tt := range tests {
		name := string(tt.status)
		if tt.pending {
			name += " pending"
		}
		t.Run(name, func(t *testing.T) {
			p := func() *Product {
				p := &Product{Status: tt.status}
				if tt.pending {
					p.PublishDueAt = now.Add(-time.Minute)
				}
				return p
			}
			if got := messageOf(p().CanSubmit()); got != tt.submit {
				t.Errorf("submit: %q, want %q", got, tt.submit)
			}
			staged := p()
			versions := []Version{{Status: VersionDraft}, {Status: VersionPublic}}
			err := Stage(staged, versions, now)
			if got := messageOf(err); got != tt.stage {
				t.Errorf("stage: %q, want %q", got, tt.stage)
			}
			if err == nil {
				if staged.Status != tt.afterStage || staged.PublishingInProgress() {
					t.Errorf("after stage: %s, pending %v", staged.Status, staged.PublishingInProgress())
				}
				if versions[0].Status != VersionLimited || !versions[0].SubmittedAt.Equal(now) || versions[1].Status != VersionPublic {
					t.Errorf("versions after stage: %+v", versions)
				}
			}
			released := p()
			versions = []Version{{Status: VersionLimited}, {Status: VersionDraft}}
			err = Release(released, versions, now)
			if got := messageOf(err); got != tt.signOff {
				t.Errorf("sign off: %q, want %q", got, tt.signOff)
			}
			if err == nil && (released.Status != StatusPublic || versions[0].Status != VersionPublic || versions[1].Status != VersionDraft) {
				t.Errorf("after sign-off: %s %+v", released.Status, versions)
			}
			if err != nil && released.Status != tt.status {
				t.Errorf("a refused sign-off changed the status to %s", released.Status)
			}
		})
	}
}

func messageOf(err error) Message {
	if err == nil {
		return ""
	}
	return AsError(err).Message
}

func TestParseAccountIDs(t *testing.T) {
	got := ParseAccountIDs(" 111122223333, 444455556666\n111122223333;777788889999 ")
	want := []string{"111122223333", "444455556666", "777788889999"}
	if !slices.Equal(got, want) {
		t.Fatalf("ParseAccountIDs = %v, want %v", got, want)
	}
	if len(ParseAccountIDs(" , \n")) != 0 {
		t.Error("separators alone gave IDs")
	}
}

func TestStatusChanges(t *testing.T) {
	v := func(number string, status VersionStatus) Version { return Version{Number: number, Status: status} }
	tests := []struct {
		name          string
		before, after []Version
		want          string
	}{
		{"nothing changed", []Version{v("1.0", VersionPublic)}, []Version{v("1.0", VersionPublic)}, ""},
		{"first staging", []Version{v("1.0", VersionDraft)}, []Version{v("1.0", VersionLimited)}, `{"Limited":["1.0"]}`},
		{"new version and a restriction",
			[]Version{v("1.0", VersionPublic), v("1.5", VersionPublic), v("2.0", VersionDraft)},
			[]Version{v("1.0", VersionRestricted), v("1.5", VersionRestricted), v("2.0", VersionLimited)},
			`{"Limited":["2.0"],"Restricted":["1.0","1.5"]}`},
		{"sign-off", []Version{v("1.0", VersionRestricted), v("2.0", VersionLimited)}, []Version{v("1.0", VersionRestricted), v("2.0", VersionPublic)}, `{"Public":["2.0"]}`},
	}
	for _, tt := range tests {
		if got := StatusChanges(tt.before, tt.after); got != tt.want {
			t.Errorf("%s: StatusChanges = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestStagePublishesWhatWasSubmitted edits a product after its submission:
// the staging shows the listing and versions as submitted, leaves a version
// added later in draft and a restriction chosen later pending.
func TestStagePublishesWhatWasSubmitted(t *testing.T) {
	submittedAt := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	stagedAt := submittedAt.Add(time.Hour)
	p := &Product{ID: "prod-aaaaaaaaaaaaa", Status: StatusPublic, Info: GeneralInfo{Title: "As submitted", Categories: []string{"A"}}}
	versions := []Version{
		{ID: 1, Number: "1.0", Status: VersionPublic, ReleaseNotes: "first"},
		{ID: 2, Number: "1.1", Status: VersionPublic},
		{ID: 3, Number: "2.0", Status: VersionDraft, ReleaseNotes: "submitted notes"},
	}
	p.PendingSnapshot = TakeSnapshot(p, versions, submittedAt)
	p.PublishDueAt = stagedAt

	// Edits while the submission waits.
	p.Info.Title, p.Info.Categories[0] = "Untested", "B"
	versions[2].ReleaseNotes = "untested notes"
	versions[1].RestrictPending = true
	versions = append(versions, Version{ID: 4, Number: "3.0", Status: VersionDraft})

	if err := Stage(p, versions, stagedAt); err != nil {
		t.Fatalf("Stage() error = %v", err)
	}
	if p.PendingSnapshot != nil || p.Snapshot == nil || !p.Snapshot.At.Equal(stagedAt) {
		t.Fatalf("snapshots after staging: pending %v, staged %+v", p.PendingSnapshot, p.Snapshot)
	}
	pub, shown := p.Published(versions)
	if pub.Info.Title != "As submitted" || pub.Info.Categories[0] != "A" {
		t.Errorf("published info %+v, want the submitted one", pub.Info)
	}
	wantStatus := map[string]VersionStatus{"1.0": VersionPublic, "1.1": VersionPublic, "2.0": VersionLimited}
	if len(shown) != len(wantStatus) {
		t.Fatalf("published versions %+v, want 1.0, 1.1 and 2.0", shown)
	}
	for _, v := range shown {
		if v.Status != wantStatus[v.Number] {
			t.Errorf("version %s is %s, want %s", v.Number, v.Status, wantStatus[v.Number])
		}
		if v.Number == "2.0" && v.ReleaseNotes != "submitted notes" {
			t.Errorf("version 2.0 shows %q, want the submitted release notes", v.ReleaseNotes)
		}
	}
	if versions[3].Status != VersionDraft || !versions[1].RestrictPending || versions[1].Status != VersionPublic {
		t.Errorf("later version or restriction applied: %+v", versions)
	}
}

// TestBuyersKeepThePublicListingUntilSignOff stages an edit of a public
// product: testers see it at once, buyers only once it is signed off.
func TestBuyersKeepThePublicListingUntilSignOff(t *testing.T) {
	at := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	p := &Product{ID: "prod-aaaaaaaaaaaaa", Status: StatusDraft, Info: GeneralInfo{Title: "First"}}
	versions := []Version{{ID: 1, Number: "1.0", Status: VersionDraft}}
	submit := func() {
		p.PendingSnapshot, p.PublishDueAt = TakeSnapshot(p, versions, at), at.Add(time.Hour)
		at = at.Add(time.Hour)
		if err := Stage(p, versions, at); err != nil {
			t.Fatal(err)
		}
	}
	submit()
	if err := Release(p, versions, at); err != nil {
		t.Fatal(err)
	}
	p.Info.Title = "Second"
	versions = append(versions, Version{ID: 2, Number: "2.0", Status: VersionDraft})
	submit()

	tests := []struct {
		name   string
		access Access
		title  string
		count  int
	}{
		{"buyer before sign-off", Access{Visible: true}, "First", 1},
		{"tester before sign-off", Access{Visible: true, Tester: true}, "Second", 2},
		{"seller before sign-off", Access{Visible: true, Seller: true}, "Second", 2},
	}
	for _, tt := range tests {
		got, shown := p.PublishedFor(tt.access, versions)
		if got.Info.Title != tt.title || len(shown) != tt.count {
			t.Errorf("%s: %q with %d versions, want %q with %d", tt.name, got.Info.Title, len(shown), tt.title, tt.count)
		}
	}
	if err := Release(p, versions, at); err != nil {
		t.Fatal(err)
	}
	if got, shown := p.PublishedFor(Access{Visible: true}, versions); got.Info.Title != "Second" || len(shown) != 2 {
		t.Errorf("buyer after sign-off: %q with %d versions", got.Info.Title, len(shown))
	}
}

func TestParseAccountIDsAcceptsDashes(t *testing.T) {
	got := ParseAccountIDs("1234-5678-9012, 123456789012\n4444-5555-6666;bad-id")
	want := []string{"123456789012", "444455556666", "badid"}
	if !slices.Equal(got, want) {
		t.Errorf("ParseAccountIDs = %q, want %q", got, want)
	}
}
