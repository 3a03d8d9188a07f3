package domain

import (
	"bytes"
	"reflect"
	"slices"
	"strconv"
	"time"
)

// SellerViewer is how the person looking at one of the seller's pages
// relates to the product shown.
type SellerViewer struct {
	// MayChange is set when the viewer's policies allow changing the
	// product (aws-marketplace:StartChangeSet on it).
	MayChange bool
}

// ProductActions is what the seller's pages offer on a product. The pages
// show their buttons, forms and notices by these booleans alone; each is
// decided here, from the lifecycle's own predicates.
type ProductActions struct {
	// IsRemoved is set once the seller unpublished the product: its pages
	// are only looked at.
	IsRemoved bool
	// IsPublic is set while the product is public in AWS Marketplace.
	IsPublic bool
	// HasPendingSubmission is set while a submission waits to be staged.
	HasPendingSubmission bool
	// HasChangesToSubmit is set when a submission made now would change
	// what testers and buyers see: a new version, a chosen restriction, or
	// an edit since the last staging. A product never staged always has.
	HasChangesToSubmit bool
	// HasPendingRestriction is set when versions chosen for restriction
	// wait for a submission.
	HasPendingRestriction bool
	// CanEdit lets the viewer open the editor to change sections and
	// versions.
	CanEdit bool
	// OffersSubmit shows the "Submit for publishing" form; its button is
	// enabled only when CanSubmit.
	OffersSubmit bool
	// CanSubmit is set when the product may be submitted for publishing
	// now: nothing missing, something to submit, nothing pending.
	CanSubmit bool
	// ShowChecklist shows "Before you submit": submitting is the next step.
	ShowChecklist bool
	// CanSignOff offers "Sign off and publish".
	CanSignOff bool
	// CanUnpublish offers "Unpublish listing".
	CanUnpublish bool
	// CanRestrict offers "Restrict version"; Restrictable says which
	// versions, by ID, get a checkbox.
	CanRestrict  bool
	Restrictable map[int64]bool
	// CanAddVersion offers "Add new version".
	CanAddVersion bool
	// CanRequestTestAccounts offers the request to Seller Operations for
	// more test accounts.
	CanRequestTestAccounts bool
	// CanViewStaged offers "Go to staged product": something is in test.
	CanViewStaged bool
	// CanViewLive links the public product page.
	CanViewLive bool
}

// ProductActionsOf decides what the seller's pages offer viewer on p, whose
// versions are given. checklist is what Checklist returns for p: it decides
// CanSubmit alone, so a page that offers no submission may pass nil.
func ProductActionsOf(p *Product, versions []Version, checklist []ChecklistItem, viewer SellerViewer) ProductActions {
	removed, pending := p.Removed(), p.PublishingInProgress()
	changes := !pending && ChangesToSubmit(p, versions)
	submittable := p.CanSubmit() == nil && changes
	a := ProductActions{
		IsRemoved:             removed,
		IsPublic:              p.Status == StatusPublic,
		HasPendingSubmission:  pending,
		HasChangesToSubmit:    changes,
		HasPendingRestriction: slices.ContainsFunc(versions, func(v Version) bool { return v.RestrictPending }),
		ShowChecklist:         submittable,
		CanViewStaged:         !removed && slices.ContainsFunc(versions, func(v Version) bool { return v.Status == VersionLimited }),
	}
	a.CanViewLive = a.IsPublic
	if !viewer.MayChange {
		return a
	}
	a.CanEdit = !removed
	a.OffersSubmit = p.CanSubmit() == nil
	a.CanSubmit = submittable && len(checklist) == 0
	a.CanSignOff = p.CanSignOff(versions) == nil
	a.CanUnpublish = p.CanUnpublish() == nil
	a.CanAddVersion = !removed
	a.CanRequestTestAccounts = !removed
	a.CanRestrict = a.IsPublic
	if a.CanRestrict {
		a.Restrictable = restrictable(versions)
	}
	return a
}

// restrictable asks ChooseRestrictions, on a copy, whether each version
// could be chosen. The last public version gets a checkbox too: choosing it
// is refused with the reason.
func restrictable(versions []Version) map[int64]bool {
	out := map[int64]bool{}
	for _, v := range versions {
		_, err := ChooseRestrictions(slices.Clone(versions), []string{strconv.FormatInt(v.ID, 10)})
		if err == nil || AsError(err).Fields[FieldRestrictVersions] == MsgLastPublicVersion {
			out[v.ID] = true
		}
	}
	return out
}

// ChangesToSubmit reports whether a submission would change what testers
// and buyers see of p: a draft version, a version chosen for restriction,
// or an edit of the listing or of a staged version since the last staging.
// A product never staged always has changes.
func ChangesToSubmit(p *Product, versions []Version) bool {
	if p.Snapshot == nil {
		return true
	}
	if slices.ContainsFunc(versions, func(v Version) bool { return v.Status == VersionDraft || v.RestrictPending }) {
		return true
	}
	// The listing's sections as a staging would take them now.
	working, staged := *TakeSnapshot(p, nil, time.Time{}), *p.Snapshot
	working.Versions, staged.Versions, staged.At = nil, nil, time.Time{}
	if !sameContent(reflect.ValueOf(working), reflect.ValueOf(staged)) {
		return true
	}
	for _, v := range versions {
		i := slices.IndexFunc(p.Snapshot.Versions, func(s Version) bool { return s.ID == v.ID })
		if i >= 0 && !sameContent(reflect.ValueOf(versionContent(v)), reflect.ValueOf(versionContent(p.Snapshot.Versions[i]))) {
			return true
		}
	}
	return false
}

// versionContent is v without its lifecycle: what buyers read of it.
func versionContent(v Version) Version {
	v.Status, v.RestrictPending = "", false
	v.SubmittedAt, v.ReleasedAt, v.RestrictedAt, v.CreatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return v
}

var timeType = reflect.TypeFor[time.Time]()

// sameContent reports whether a and b, of one type, hold the same values,
// reading a nil slice or map as empty and comparing times as instants, so
// that a snapshot read back from storage equals the listing it was taken
// from.
func sameContent(a, b reflect.Value) bool {
	switch {
	case a.Type() == timeType && a.CanInterface():
		return a.Interface().(time.Time).Equal(b.Interface().(time.Time))
	case a.Kind() == reflect.Slice && a.Type().Elem().Kind() == reflect.Uint8:
		return bytes.Equal(a.Bytes(), b.Bytes())
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameContent(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameContent(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			other := b.MapIndex(it.Key())
			if !other.IsValid() || !sameContent(it.Value(), other) {
				return false
			}
		}
		return true
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		if a.Elem().Type() != b.Elem().Type() {
			return false
		}
		return sameContent(a.Elem(), b.Elem())
	}
	return a.Equal(b)
}
