package domain

// Section names a part of the listing editor, as its URLs do. A checklist
// item names the section where its fix is; pages turn sections into links.
type Section string

// The editor's sections, and the two places outside them a fix may be.
const (
	// SectionSettings is the seller's registration, outside the listing.
	SectionSettings     Section = "settings"
	SectionGeneral      Section = "general"
	SectionPromotional  Section = "promotional"
	SectionSupport      Section = "support"
	SectionRegions      Section = "regions"
	SectionLaunchOption Section = "launch-option"
	// SectionVersion is one version's steps: see ChecklistItem.VersionID.
	SectionVersion Section = "version"
	SectionPricing Section = "pricing"
)

// MsgCheckPromotional asks for valid keywords and links; the logo has
// MsgCheckLogo.
const MsgCheckPromotional Message = "listing.check_promotional"

// ListingSections lists the editor's sections of the listing itself, in
// the editor's order, pricing last. Each version's steps come between the
// launch option and pricing.
func ListingSections() []Section {
	return []Section{SectionGeneral, SectionPromotional, SectionSupport, SectionRegions, SectionLaunchOption, SectionPricing}
}

// ChecklistItem is one thing a listing still needs before it can be
// submitted for publishing, with where to fix it.
type ChecklistItem struct {
	Message Message
	Data    map[string]any
	Section Section
	// VersionID and Part name the part of a version to complete, for
	// SectionVersion items.
	VersionID int64
	Part      VersionParts
}

// Checklist lists what the listing still lacks, in the order of the editor.
// An empty list means it can be submitted for publishing. It is the one
// judge of what is missing: SectionComplete reads a section's state from it.
func Checklist(p *Product, versions []Version, resources []*SageMakerResource, ready Readiness) []ChecklistItem {
	var items []ChecklistItem
	add := func(msg Message, section Section) {
		items = append(items, ChecklistItem{Message: msg, Section: section})
	}
	if !ready.CanPublishFree() {
		add(MsgCheckProfile, SectionSettings)
	}
	if p.Info.Validate(p.AccountID, false) != nil {
		add(MsgCheckGeneral, SectionGeneral)
	}
	switch {
	case len(p.Promo.Logo) == 0:
		add(MsgCheckLogo, SectionPromotional)
	case p.Promo.Validate() != nil:
		add(MsgCheckPromotional, SectionPromotional)
	}
	if !p.Support.Chosen || p.Support.Validate() != nil {
		add(MsgCheckSupport, SectionSupport)
	}
	if !p.Regions.Chosen || p.Regions.Validate() != nil {
		add(MsgCheckRegions, SectionRegions)
	}
	if len(versions) == 0 {
		add(MsgCheckLaunchOption, SectionLaunchOption)
	}
	for _, v := range versions {
		if part := v.FirstIncompletePart(p.Type, resourceFor(resources, v.ResourceARN)); part != 0 {
			label := v.Number
			if label == "" {
				label = v.ResourceARN
			}
			items = append(items, ChecklistItem{Message: MsgCheckVersion, Section: SectionVersion, VersionID: v.ID, Part: part,
				Data: map[string]any{"Version": label}})
		}
	}
	return append(items, offerChecklist(p, resources, ready)...)
}

func offerChecklist(p *Product, resources []*SageMakerResource, ready Readiness) []ChecklistItem {
	var items []ChecklistItem
	switch {
	case p.Offer.Pricing == "":
		items = append(items, ChecklistItem{Message: MsgCheckOffer, Section: SectionPricing})
	case p.Offer.Pricing.Paid() && !ready.CanPublishPaid():
		items = append(items, ChecklistItem{Message: MsgCheckPaidReadiness, Section: SectionSettings})
	case p.Offer.Pricing.Paid() && pricesIncomplete(p.Offer.Validate(RequiredPrices(resources), ready)):
		items = append(items, ChecklistItem{Message: MsgCheckPrices, Section: SectionPricing})
	}
	if p.Offer.EULA == "" && !p.Offer.StandardContract {
		items = append(items, ChecklistItem{Message: MsgCheckEULA, Section: SectionPricing})
	}
	return items
}

// pricesIncomplete reports whether err, from Offer.Validate, finds more
// than a missing EULA, which has an item of its own.
func pricesIncomplete(err error) bool {
	if err == nil {
		return false
	}
	fields := AsError(err).Fields
	for field := range fields {
		if field != FieldEULA {
			return true
		}
	}
	return len(fields) == 0
}

// SectionComplete reports whether checklist, as Checklist returns it,
// lists nothing to fix in section.
func SectionComplete(checklist []ChecklistItem, section Section) bool {
	for _, item := range checklist {
		if item.Section == section {
			return false
		}
	}
	return true
}

// IncompletePart returns the part of version versionID's details that
// checklist, as Checklist returns it, asks to complete, or 0 when it asks
// nothing of it.
func IncompletePart(checklist []ChecklistItem, versionID int64) VersionParts {
	for _, item := range checklist {
		if item.Section == SectionVersion && item.VersionID == versionID {
			return item.Part
		}
	}
	return 0
}

func resourceFor(resources []*SageMakerResource, arn string) *SageMakerResource {
	for _, r := range resources {
		// A resource deleted after its product was removed is nil.
		if r != nil && r.ARN() == arn {
			return r
		}
	}
	return nil
}

// FirstIncompletePart returns the first part of the version's details, in
// the order a seller fills them, that does not pass its rules, or 0 when the
// version is complete.
func (v Version) FirstIncompletePart(kind ResourceKind, r *SageMakerResource) VersionParts {
	details := v.ValidateDetails()
	if v.Number == "" {
		details[FieldVersionTitle] = MsgFieldRequired
	}
	switch {
	case len(details) > 0:
		return VersionInformation
	case len(v.ValidateTraining(kind)) > 0:
		return VersionTrainingInputs
	case len(v.ValidateInput()) > 0:
		return VersionInput
	case len(v.ValidateOutput()) > 0:
		return VersionOutput
	case r == nil || len(v.ValidateInstances(r)) > 0:
		return VersionInstanceTypes
	}
	return 0
}
