package domain

import "slices"

// OverviewPhase names where a product stands in its lifecycle, as its
// overview tells the seller.
type OverviewPhase string

// The phases of a product's overview.
const (
	// PhaseDraft: never submitted, or submitted and refused.
	PhaseDraft OverviewPhase = "draft"
	// PhasePublishing: the first submission is being published to Limited.
	PhasePublishing OverviewPhase = "publishing"
	// PhaseLimited: in test with the allow-listed accounts.
	PhaseLimited OverviewPhase = "limited"
	// PhaseLimitedPublishing: in test, with a new submission on its way.
	PhaseLimitedPublishing OverviewPhase = "limited-publishing"
	// PhasePublic: public, nothing waiting.
	PhasePublic OverviewPhase = "public"
	// PhasePublicChanges: public, with edits, a new version or a
	// restriction waiting to be submitted.
	PhasePublicChanges OverviewPhase = "public-changes"
	// PhasePublicTesting: public, with a new version in test to sign off.
	PhasePublicTesting OverviewPhase = "public-testing"
	// PhasePublicPublishing: public, with a submission on its way.
	PhasePublicPublishing OverviewPhase = "public-publishing"
	// PhaseRemoved: unpublished.
	PhaseRemoved OverviewPhase = "removed"
)

// MsgOverviewPublishing is the status of a product whose first submission
// is being published: no longer a draft to edit, not yet in test.
const MsgOverviewPublishing Message = "overview.status_publishing"

// OverviewState is what a product's overview says and offers: the status
// beside "Current status", whether "Before you submit" is shown and how,
// and the actions, all decided from the product's lifecycle so that the
// page never contradicts itself (a draft shown beside "Publishing in
// progress", "everything is in place" on a product already in test,
// "Submit for publishing" on a public product with nothing to submit).
type OverviewState struct {
	Phase OverviewPhase
	// StatusLabel and StatusTone are the status shown.
	StatusLabel Message
	StatusTone  Tone
	// ChecklistDone shows "Before you submit" with "everything required is
	// in place": only for a draft about to be submitted for the first time.
	ChecklistDone bool
	// Actions are ProductActionsOf's, narrowed for the overview.
	Actions ProductActions
}

// OverviewStateOf decides the overview of p for viewer; versions and
// checklist are as for ProductActionsOf.
func OverviewStateOf(p *Product, versions []Version, checklist []ChecklistItem, viewer SellerViewer) OverviewState {
	a := ProductActionsOf(p, versions, checklist, viewer)
	inTest := slices.ContainsFunc(versions, func(v Version) bool { return v.Status == VersionLimited })
	s := OverviewState{Phase: overviewPhase(p, a, inTest), StatusLabel: p.Status.Label(), StatusTone: p.Status.Tone()}
	if s.Phase == PhasePublishing {
		s.StatusLabel, s.StatusTone = MsgOverviewPublishing, TonePending
	}
	// "Before you submit" is the next step of a draft; once a product was
	// in test it only lists what a waiting change still lacks.
	if s.Phase == PhaseDraft {
		a.ShowChecklist = a.HasChangesToSubmit && !a.HasPendingSubmission
		s.ChecklistDone = a.ShowChecklist && len(checklist) == 0
	} else {
		a.ShowChecklist = a.ShowChecklist && len(checklist) > 0
	}
	// A public product offers Submit for publishing only when something
	// waits to be submitted.
	if s.Phase == PhasePublic || s.Phase == PhasePublicTesting {
		a.OffersSubmit = a.OffersSubmit && a.HasChangesToSubmit
	}
	// The staged product is there to go to while something is in test.
	a.CanViewStaged = a.CanViewStaged && (p.Status == StatusLimited || inTest)
	s.Actions = a
	return s
}

func overviewPhase(p *Product, a ProductActions, inTest bool) OverviewPhase {
	switch {
	case a.IsRemoved:
		return PhaseRemoved
	case p.Status == StatusDraft && a.HasPendingSubmission:
		return PhasePublishing
	case p.Status == StatusDraft:
		return PhaseDraft
	case p.Status == StatusLimited && a.HasPendingSubmission:
		return PhaseLimitedPublishing
	case p.Status == StatusLimited:
		return PhaseLimited
	case a.HasPendingSubmission:
		return PhasePublicPublishing
	case inTest:
		return PhasePublicTesting
	case a.HasChangesToSubmit:
		return PhasePublicChanges
	}
	return PhasePublic
}
