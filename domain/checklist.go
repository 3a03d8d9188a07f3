package domain

import "strconv"

// ChecklistItem is one thing a listing still needs before it can be
// submitted for publishing, with where to fix it.
type ChecklistItem struct {
	Message Message
	Data    map[string]any
	Href    string
}

// Checklist lists what the listing still lacks, in the order of the editor.
// An empty list means it can be submitted for publishing.
func Checklist(p *Product, versions []Version, resources []*SageMakerResource, ready Readiness) []ChecklistItem {
	base := "/management/products/ml/" + p.ID
	var items []ChecklistItem
	add := func(msg Message, href string, data map[string]any) {
		items = append(items, ChecklistItem{Message: msg, Href: href, Data: data})
	}
	if !ready.CanPublishFree() {
		add(MsgCheckProfile, "/settings", nil)
	}
	if p.Info.Validate(p.AccountID, false) != nil {
		add(MsgCheckGeneral, base+"/edit/general", nil)
	}
	if len(p.Promo.Logo) == 0 {
		add(MsgCheckLogo, base+"/edit/promotional", nil)
	}
	if !p.Support.Chosen || p.Support.Validate() != nil {
		add(MsgCheckSupport, base+"/edit/support", nil)
	}
	if p.Regions.Validate() != nil {
		add(MsgCheckRegions, base+"/edit/regions", nil)
	}
	if len(versions) == 0 {
		add(MsgCheckLaunchOption, base+"/edit/launch-option", nil)
	}
	for _, v := range versions {
		if step := v.FirstIncompleteStep(p.Type, resourceFor(resources, v.ResourceARN)); step != 0 {
			label := v.Number
			if label == "" {
				label = v.ResourceARN
			}
			add(MsgCheckVersion, base+"/versions/"+strconv.FormatInt(v.ID, 10)+"/step/"+strconv.Itoa(int(step)), map[string]any{"Version": label})
		}
	}
	items = append(items, offerChecklist(p, resources, ready, base)...)
	return items
}

func offerChecklist(p *Product, resources []*SageMakerResource, ready Readiness, base string) []ChecklistItem {
	href := base + "/edit/pricing"
	var items []ChecklistItem
	switch {
	case p.Offer.Pricing == "":
		items = append(items, ChecklistItem{Message: MsgCheckOffer, Href: href})
	case p.Offer.Pricing.Paid() && !ready.CanPublishPaid():
		items = append(items, ChecklistItem{Message: MsgCheckPaidReadiness, Href: "/settings"})
	case p.Offer.Pricing.Paid() && p.Offer.Validate(RequiredPrices(resources), ready) != nil:
		items = append(items, ChecklistItem{Message: MsgCheckPrices, Href: href})
	}
	if p.Offer.EULA == "" {
		items = append(items, ChecklistItem{Message: MsgCheckEULA, Href: href})
	}
	return items
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

// FirstIncompleteStep returns the first version step that does not pass its
// rules, or 0 when the version is complete.
func (v Version) FirstIncompleteStep(kind ResourceKind, r *SageMakerResource) VersionStep {
	details := v.ValidateDetails()
	if v.Number == "" {
		details["number"] = MsgFieldRequired
	}
	switch {
	case len(details) > 0:
		return StepVersionDetails
	case len(v.ValidateTraining(kind)) > 0:
		return StepTrainingInputs
	case len(v.ValidateInput()) > 0:
		return StepInputDetails
	case len(v.ValidateOutput()) > 0:
		return StepOutputDetails
	case r == nil || len(v.ValidateInstances(r)) > 0:
		return StepInstances
	}
	return 0
}
