package domain

import (
	"testing"
	"time"
)

// TestOverviewStateOf walks every phase of the lifecycle and checks what
// the overview says and offers: the status shown, "Before you submit", the
// submission form, sign-off and the links to the staged and live pages.
func TestOverviewStateOf(t *testing.T) {
	seller := SellerViewer{MayChange: true}
	pending := func(p *Product, _ []Version) { p.PublishDueAt = t0.Add(time.Hour) }
	edited := func(p *Product, _ []Version) { p.Info.Title = "Edited after staging" }
	missing := []ChecklistItem{{Message: MsgCheckLogo, Section: SectionPromotional}}
	type offers struct {
		checklist, checklistDone, submitForm, submit, signOff, staged, live bool
	}
	tests := []struct {
		name      string
		status    ProductStatus
		versions  []VersionStatus
		edit      func(*Product, []Version)
		checklist []ChecklistItem
		phase     OverviewPhase
		label     Message
		want      offers
	}{
		{name: "draft, complete", status: StatusDraft, versions: []VersionStatus{VersionDraft},
			phase: PhaseDraft, label: MsgStatusDraft,
			want: offers{checklist: true, checklistDone: true, submitForm: true, submit: true}},
		{name: "draft, incomplete", status: StatusDraft, versions: []VersionStatus{VersionDraft}, checklist: missing,
			phase: PhaseDraft, label: MsgStatusDraft,
			want: offers{checklist: true, submitForm: true}},
		{name: "first submission publishing", status: StatusDraft, versions: []VersionStatus{VersionDraft}, edit: pending,
			phase: PhasePublishing, label: MsgOverviewPublishing},
		{name: "limited, nothing changed", status: StatusLimited, versions: []VersionStatus{VersionLimited},
			phase: PhaseLimited, label: MsgStatusLimited,
			want: offers{submitForm: true, signOff: true, staged: true}},
		{name: "limited, edited", status: StatusLimited, versions: []VersionStatus{VersionLimited}, edit: edited,
			phase: PhaseLimited, label: MsgStatusLimited,
			want: offers{submitForm: true, submit: true, signOff: true, staged: true}},
		{name: "limited, edited, incomplete", status: StatusLimited, versions: []VersionStatus{VersionLimited}, edit: edited,
			checklist: missing, phase: PhaseLimited, label: MsgStatusLimited,
			want: offers{checklist: true, submitForm: true, signOff: true, staged: true}},
		{name: "limited, resubmitted", status: StatusLimited, versions: []VersionStatus{VersionLimited}, edit: pending,
			phase: PhaseLimitedPublishing, label: MsgStatusLimited,
			want: offers{staged: true}},
		{name: "public, nothing pending", status: StatusPublic, versions: []VersionStatus{VersionPublic},
			phase: PhasePublic, label: MsgStatusPublic,
			want: offers{live: true}},
		{name: "public, edited", status: StatusPublic, versions: []VersionStatus{VersionPublic}, edit: edited,
			phase: PhasePublicChanges, label: MsgStatusPublic,
			want: offers{submitForm: true, submit: true, live: true}},
		{name: "public, new version drafted", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionDraft},
			phase: PhasePublicChanges, label: MsgStatusPublic,
			want: offers{submitForm: true, submit: true, live: true}},
		{name: "public, new version incomplete", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionDraft},
			checklist: missing, phase: PhasePublicChanges, label: MsgStatusPublic,
			want: offers{checklist: true, submitForm: true, live: true}},
		{name: "public, restriction chosen", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionPublic},
			edit:  func(_ *Product, v []Version) { v[0].RestrictPending = true },
			phase: PhasePublicChanges, label: MsgStatusPublic,
			want: offers{submitForm: true, submit: true, live: true}},
		{name: "public, update publishing", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionDraft}, edit: pending,
			phase: PhasePublicPublishing, label: MsgStatusPublic,
			want: offers{live: true}},
		{name: "public, new version in test", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionLimited},
			phase: PhasePublicTesting, label: MsgStatusPublic,
			want: offers{signOff: true, staged: true, live: true}},
		{name: "public, new version in test, edited", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionLimited},
			edit: edited, phase: PhasePublicTesting, label: MsgStatusPublic,
			want: offers{submitForm: true, submit: true, signOff: true, staged: true, live: true}},
		{name: "removed", status: StatusRestricted, versions: []VersionStatus{VersionPublic},
			edit:  func(p *Product, _ []Version) { p.Removal = &Removal{At: t0} },
			phase: PhaseRemoved, label: MsgStatusRestricted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, versions := actionsListing(tt.status, tt.versions...)
			if tt.edit != nil {
				tt.edit(p, versions)
			}
			s := OverviewStateOf(p, versions, tt.checklist, seller)
			if s.Phase != tt.phase || s.StatusLabel != tt.label {
				t.Errorf("phase %s, label %s; want %s, %s", s.Phase, s.StatusLabel, tt.phase, tt.label)
			}
			a := s.Actions
			got := offers{checklist: a.ShowChecklist, checklistDone: s.ChecklistDone, submitForm: a.OffersSubmit, submit: a.CanSubmit,
				signOff: a.CanSignOff, staged: a.CanViewStaged, live: a.CanViewLive}
			if got != tt.want {
				t.Errorf("offers %+v\nwant   %+v", got, tt.want)
			}
			// The overview never says "everything is in place" beside
			// missing items, nor once the product left the draft.
			if s.ChecklistDone && (len(tt.checklist) > 0 || tt.status != StatusDraft) {
				t.Error("everything in place said out of a complete draft")
			}
		})
	}
}

// TestOverviewStateOfReader: a viewer who may not change the product is
// offered no submission, sign-off or checklist "done".
func TestOverviewStateOfReader(t *testing.T) {
	p, versions := actionsListing(StatusLimited, VersionLimited)
	p.Info.Title = "Edited after staging"
	s := OverviewStateOf(p, versions, nil, SellerViewer{})
	if a := s.Actions; a.OffersSubmit || a.CanSubmit || a.CanSignOff || s.ChecklistDone || !a.CanViewStaged {
		t.Errorf("reader offered %+v (done %v)", a, s.ChecklistDone)
	}
}
