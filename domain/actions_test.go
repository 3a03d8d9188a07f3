package domain

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// actionsListing returns the complete listing of completeListing in the
// given product status, its versions in the given statuses (IDs 1, 2, …),
// and, unless it is a draft, the snapshot its last staging took.
func actionsListing(status ProductStatus, statuses ...VersionStatus) (*Product, []Version) {
	p, _, _ := completeListing()
	p.Status = status
	var versions []Version
	for i, st := range statuses {
		v := completeVersion()
		v.ID, v.Number, v.Status = int64(i+1), "1."+string(rune('0'+i)), st
		versions = append(versions, v)
	}
	if status != StatusDraft {
		p.SubmittedAt = t0
		var staged []Version
		for _, v := range versions {
			if v.Status != VersionDraft {
				staged = append(staged, v)
			}
		}
		p.Snapshot = TakeSnapshot(p, staged, t0)
		p.Snapshot.Versions = staged
	}
	return p, versions
}

func TestProductActionsOf(t *testing.T) {
	seller := SellerViewer{MayChange: true}
	pending := func(p *Product, _ []Version) { p.PublishDueAt = t0.Add(time.Hour) }
	edited := func(p *Product, _ []Version) { p.Info.Title = "Edited after staging" }
	tests := []struct {
		name      string
		status    ProductStatus
		versions  []VersionStatus
		edit      func(*Product, []Version)
		viewer    SellerViewer
		checklist []ChecklistItem
		want      ProductActions
	}{
		{
			name: "draft", status: StatusDraft, versions: []VersionStatus{VersionDraft}, viewer: seller,
			want: ProductActions{HasChangesToSubmit: true, CanEdit: true, OffersSubmit: true, CanSubmit: true, ShowChecklist: true,
				CanAddVersion: true, CanRequestTestAccounts: true},
		},
		{
			name: "incomplete draft", status: StatusDraft, versions: []VersionStatus{VersionDraft}, viewer: seller,
			checklist: []ChecklistItem{{Message: MsgCheckLogo, Section: SectionPromotional}},
			want: ProductActions{HasChangesToSubmit: true, CanEdit: true, OffersSubmit: true, ShowChecklist: true,
				CanAddVersion: true, CanRequestTestAccounts: true},
		},
		{
			name: "draft, submission pending", status: StatusDraft, versions: []VersionStatus{VersionDraft}, edit: pending, viewer: seller,
			want: ProductActions{HasPendingSubmission: true, CanEdit: true, CanAddVersion: true, CanRequestTestAccounts: true},
		},
		{
			name: "limited, nothing changed", status: StatusLimited, versions: []VersionStatus{VersionLimited}, viewer: seller,
			want: ProductActions{CanEdit: true, OffersSubmit: true, CanSignOff: true, CanAddVersion: true, CanRequestTestAccounts: true,
				CanViewStaged: true},
		},
		{
			name: "limited, edited", status: StatusLimited, versions: []VersionStatus{VersionLimited}, edit: edited, viewer: seller,
			want: ProductActions{HasChangesToSubmit: true, CanEdit: true, OffersSubmit: true, CanSubmit: true, ShowChecklist: true,
				CanSignOff: true, CanAddVersion: true, CanRequestTestAccounts: true, CanViewStaged: true},
		},
		{
			// Sign-off waits until the pending submission is in test.
			name: "limited, submission pending", status: StatusLimited, versions: []VersionStatus{VersionLimited}, viewer: seller,
			edit: func(p *Product, v []Version) { edited(p, v); pending(p, v) },
			want: ProductActions{HasPendingSubmission: true, CanEdit: true, CanAddVersion: true, CanRequestTestAccounts: true,
				CanViewStaged: true},
		},
		{
			name: "public, nothing changed", status: StatusPublic, versions: []VersionStatus{VersionPublic}, viewer: seller,
			want: ProductActions{IsPublic: true, CanEdit: true, OffersSubmit: true, CanUnpublish: true, CanRestrict: true,
				Restrictable: map[int64]bool{1: true}, CanAddVersion: true, CanRequestTestAccounts: true, CanViewLive: true},
		},
		{
			name: "public with a new draft version", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionDraft}, viewer: seller,
			want: ProductActions{IsPublic: true, HasChangesToSubmit: true, CanEdit: true, OffersSubmit: true, CanSubmit: true,
				ShowChecklist: true, CanUnpublish: true, CanRestrict: true, Restrictable: map[int64]bool{1: true}, CanAddVersion: true,
				CanRequestTestAccounts: true, CanViewLive: true},
		},
		{
			name: "public with a limited version", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionLimited}, viewer: seller,
			want: ProductActions{IsPublic: true, CanEdit: true, OffersSubmit: true, CanSignOff: true, CanUnpublish: true,
				CanRestrict: true, Restrictable: map[int64]bool{1: true}, CanAddVersion: true, CanRequestTestAccounts: true,
				CanViewStaged: true, CanViewLive: true},
		},
		{
			name: "public with a limited version, submission pending", status: StatusPublic,
			versions: []VersionStatus{VersionPublic, VersionLimited}, edit: pending, viewer: seller,
			want: ProductActions{IsPublic: true, HasPendingSubmission: true, CanEdit: true, CanRestrict: true,
				Restrictable: map[int64]bool{1: true}, CanAddVersion: true, CanRequestTestAccounts: true, CanViewStaged: true,
				CanViewLive: true},
		},
		{
			// 1.0 waits for the submission that restricts it; 2.0 keeps a
			// checkbox, and choosing it is refused as the last public one.
			name: "public with a restriction chosen", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionPublic},
			edit:   func(_ *Product, v []Version) { v[0].RestrictPending = true },
			viewer: seller,
			want: ProductActions{IsPublic: true, HasChangesToSubmit: true, HasPendingRestriction: true, CanEdit: true,
				OffersSubmit: true, CanSubmit: true, ShowChecklist: true, CanUnpublish: true, CanRestrict: true,
				Restrictable: map[int64]bool{2: true}, CanAddVersion: true, CanRequestTestAccounts: true, CanViewLive: true},
		},
		{
			name: "public, read-only viewer", status: StatusPublic, versions: []VersionStatus{VersionPublic, VersionDraft},
			want: ProductActions{IsPublic: true, HasChangesToSubmit: true, ShowChecklist: true, CanViewLive: true},
		},
		{
			name: "restricted", status: StatusRestricted, versions: []VersionStatus{VersionPublic}, viewer: seller,
			edit: func(p *Product, _ []Version) { p.Removal = &Removal{At: t0, SupportUntil: SupportEnd(t0)} },
			want: ProductActions{IsRemoved: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, versions := actionsListing(tt.status, tt.versions...)
			if tt.edit != nil {
				tt.edit(p, versions)
			}
			got := ProductActionsOf(p, versions, tt.checklist, tt.viewer)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ProductActionsOf() =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

// TestProductActionsFollowThePredicates checks the booleans answer as the
// lifecycle's own predicates do, whatever the state.
func TestProductActionsFollowThePredicates(t *testing.T) {
	for _, status := range []ProductStatus{StatusDraft, StatusLimited, StatusPublic, StatusRestricted} {
		for _, vs := range [][]VersionStatus{{VersionDraft}, {VersionLimited}, {VersionPublic}, {VersionPublic, VersionLimited}} {
			for _, due := range []bool{false, true} {
				p, versions := actionsListing(status, vs...)
				if due {
					p.PublishDueAt = t0.Add(time.Hour)
				}
				a := ProductActionsOf(p, versions, nil, SellerViewer{MayChange: true})
				if a.CanSignOff != (p.CanSignOff(versions) == nil) || a.CanUnpublish != (p.CanUnpublish() == nil) ||
					a.OffersSubmit != (p.CanSubmit() == nil) || a.CanSubmit && p.CanSubmit() != nil {
					t.Errorf("%s %v pending=%v: %+v disagrees with the predicates", status, vs, due, a)
				}
			}
		}
	}
}

func TestChangesToSubmit(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *Product, versions *[]Version)
		want bool
	}{
		{name: "as staged", edit: func(*Product, *[]Version) {}},
		{
			// Storage gives back empty lists for nil ones and times in
			// another location: that is no change.
			name: "as read back from storage",
			edit: func(p *Product, versions *[]Version) {
				p.Snapshot.Info.AllowedAccounts, p.Snapshot.Promo.Keywords = []string{}, []string{}
				p.Snapshot.Versions[0].CreatedAt = p.Snapshot.Versions[0].CreatedAt.In(time.FixedZone("CET", 3600))
				(*versions)[0].CustomAttributes = slices.Clone((*versions)[0].CustomAttributes)
			},
		},
		{name: "signed off since", edit: func(_ *Product, versions *[]Version) {
			(*versions)[0].Status, (*versions)[0].ReleasedAt = VersionPublic, t0.Add(time.Hour)
		}},
		{name: "title edited", edit: func(p *Product, _ *[]Version) { p.Info.Title += " v2" }, want: true},
		{name: "logo replaced", edit: func(p *Product, _ *[]Version) { p.Promo.Logo = []byte("\x89PNG new") }, want: true},
		{name: "EULA replaced", edit: func(p *Product, _ *[]Version) { p.Offer.EULA = "New terms." }, want: true},
		{name: "keyword added", edit: func(p *Product, _ *[]Version) { p.Promo.Keywords = append(p.Promo.Keywords, "nlp") }, want: true},
		{name: "release notes edited", edit: func(_ *Product, versions *[]Version) { (*versions)[0].ReleaseNotes = "Fixed." }, want: true},
		{name: "restriction chosen", edit: func(_ *Product, versions *[]Version) { (*versions)[0].RestrictPending = true }, want: true},
		{name: "version added", edit: func(_ *Product, versions *[]Version) {
			draft := completeVersion()
			draft.ID, draft.Number = 2, "2.0"
			*versions = append(*versions, draft)
		}, want: true},
		{name: "never staged", edit: func(p *Product, _ *[]Version) { p.Snapshot = nil }, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, versions := actionsListing(StatusLimited, VersionLimited)
			tt.edit(p, &versions)
			if got := ChangesToSubmit(p, versions); got != tt.want {
				t.Errorf("ChangesToSubmit() = %v, want %v", got, tt.want)
			}
		})
	}
}
