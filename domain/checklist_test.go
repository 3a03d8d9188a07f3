package domain

import (
	"reflect"
	"slices"
	"testing"
)

const checklistProductID = "prod-abcdefghij123"

// completeListing returns a free model package listing, with one version,
// that lacks nothing.
func completeListing() (*Product, []Version, []*SageMakerResource) {
	mp := goodModelPackage()
	p := &Product{
		ID: checklistProductID, AccountID: listingAccountID, Type: KindModelPackage, Status: StatusDraft,
		Info:    goodGeneralInfo(),
		Promo:   Promotional{Logo: []byte("\x89PNG"), LogoType: "image/png"},
		Support: SupportInfo{Chosen: true, Offered: true, Email: "help@example.com", URL: "https://support.example.com", Description: "Weekdays."},
		Regions: DefaultRegions(),
		Offer:   Offer{Pricing: PricingFree, EULA: "Terms."},
	}
	return p, []Version{completeVersion()}, []*SageMakerResource{&mp}
}

// checkItem is what the tests compare of a ChecklistItem.
type checkItem struct {
	Message Message
	Section Section
}

func checkItems(items []ChecklistItem) []checkItem {
	var out []checkItem
	for _, it := range items {
		out = append(out, checkItem{it.Message, it.Section})
	}
	return out
}

func TestChecklist(t *testing.T) {
	free := Readiness{Profile: true}
	paidReady := Readiness{Profile: true, Tax: true, Bank: true}
	tests := []struct {
		name  string
		edit  func(p *Product, versions *[]Version, resources *[]*SageMakerResource)
		ready Readiness
		want  []checkItem
	}{
		{
			name: "new draft, seller not registered",
			edit: func(p *Product, versions *[]Version, _ *[]*SageMakerResource) {
				*p = Product{ID: checklistProductID, AccountID: listingAccountID, Status: StatusDraft,
					Info: GeneralInfo{Privacy: PrivacyPublic}, Regions: NewListingRegions()}
				*versions = nil
			},
			ready: Readiness{},
			want: []checkItem{
				{MsgCheckProfile, SectionSettings},
				{MsgCheckGeneral, SectionGeneral},
				{MsgCheckLogo, SectionPromotional},
				{MsgCheckSupport, SectionSupport},
				{MsgCheckRegions, SectionRegions},
				{MsgCheckLaunchOption, SectionLaunchOption},
				{MsgCheckOffer, SectionPricing},
				{MsgCheckEULA, SectionPricing},
			},
		},
		{
			name: "new draft, seller registered",
			edit: func(p *Product, versions *[]Version, _ *[]*SageMakerResource) {
				*p = Product{ID: checklistProductID, AccountID: listingAccountID, Status: StatusDraft,
					Info: GeneralInfo{Privacy: PrivacyPublic}, Regions: DefaultRegions()}
				*versions = nil
			},
			ready: free,
			want: []checkItem{
				{MsgCheckGeneral, SectionGeneral},
				{MsgCheckLogo, SectionPromotional},
				{MsgCheckSupport, SectionSupport},
				{MsgCheckLaunchOption, SectionLaunchOption},
				{MsgCheckOffer, SectionPricing},
				{MsgCheckEULA, SectionPricing},
			},
		},
		{name: "complete free model package listing", edit: func(*Product, *[]Version, *[]*SageMakerResource) {}, ready: free},
		{
			name: "complete paid algorithm listing",
			edit: func(p *Product, versions *[]Version, resources *[]*SageMakerResource) {
				alg := goodAlgorithm()
				p.Type = KindAlgorithm
				*versions = []Version{completeAlgorithmVersion()}
				*resources = []*SageMakerResource{&alg}
				p.Offer = Offer{Pricing: PricingPaidTrial, TrialDays: 30, Prices: pricesFor(RequiredPrices(*resources), 250), EULA: "Terms."}
			},
			ready: paidReady,
		},
		{
			name: "private listing",
			edit: func(p *Product, _ *[]Version, _ *[]*SageMakerResource) {
				p.Info.Privacy, p.Info.AllowedAccounts = PrivacyPrivate, []string{"111122223333"}
				p.SubmittedAt = t0
			},
			ready: free,
		},
		{
			name:  "general information incomplete",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Info.Highlights = nil },
			ready: free,
			want:  []checkItem{{MsgCheckGeneral, SectionGeneral}},
		},
		{
			name:  "support not answered",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Support = SupportInfo{} },
			ready: free,
			want:  []checkItem{{MsgCheckSupport, SectionSupport}},
		},
		{
			name:  "no support offered is an answer",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Support = SupportInfo{Chosen: true} },
			ready: free,
		},
		{
			name:  "support offered without email",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Support.Email = "" },
			ready: free,
			want:  []checkItem{{MsgCheckSupport, SectionSupport}},
		},
		{
			name:  "regions not yet saved by the seller",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Regions = NewListingRegions() },
			ready: free,
			want:  []checkItem{{MsgCheckRegions, SectionRegions}},
		},
		{
			name:  "no region chosen",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Regions = RegionAvailability{Chosen: true} },
			ready: free,
			want:  []checkItem{{MsgCheckRegions, SectionRegions}},
		},
		{
			name:  "incomplete version",
			edit:  func(_ *Product, versions *[]Version, _ *[]*SageMakerResource) { (*versions)[0].Input.Description = "" },
			ready: free,
			want:  []checkItem{{MsgCheckVersion, SectionVersion}},
		},
		{
			name: "paid offer without tax and bank",
			edit: func(p *Product, _ *[]Version, resources *[]*SageMakerResource) {
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices(*resources), 100), EULA: "Terms."}
			},
			ready: free,
			want:  []checkItem{{MsgCheckPaidReadiness, SectionSettings}},
		},
		{
			name: "paid offer missing a price",
			edit: func(p *Product, _ *[]Version, resources *[]*SageMakerResource) {
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices(*resources)[1:], 100), EULA: "Terms."}
			},
			ready: paidReady,
			want:  []checkItem{{MsgCheckPrices, SectionPricing}},
		},
		{
			name: "paid offer without EULA: the prices are fine",
			edit: func(p *Product, _ *[]Version, resources *[]*SageMakerResource) {
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices(*resources), 100)}
			},
			ready: paidReady,
			want:  []checkItem{{MsgCheckEULA, SectionPricing}},
		},
		{
			name: "paid offer missing a price and the EULA",
			edit: func(p *Product, _ *[]Version, resources *[]*SageMakerResource) {
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices(*resources)[1:], 100)}
			},
			ready: paidReady,
			want:  []checkItem{{MsgCheckPrices, SectionPricing}, {MsgCheckEULA, SectionPricing}},
		},
		{
			name: "logo uploaded, a link invalid",
			edit: func(p *Product, _ *[]Version, _ *[]*SageMakerResource) {
				p.Promo.Links = []ResourceLink{{Title: "Docs", URL: "http://insecure.example.com"}}
			},
			ready: free,
			want:  []checkItem{{MsgCheckPromotional, SectionPromotional}},
		},
		{
			name: "no logo and a link invalid: the logo is asked for first",
			edit: func(p *Product, _ *[]Version, _ *[]*SageMakerResource) {
				p.Promo = Promotional{Links: []ResourceLink{{Title: "", URL: "https://docs.example.com"}}}
			},
			ready: free,
			want:  []checkItem{{MsgCheckLogo, SectionPromotional}},
		},
		{
			name:  "EULA missing",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Offer.EULA = "" },
			ready: free,
			want:  []checkItem{{MsgCheckEULA, SectionPricing}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, versions, resources := completeListing()
			tt.edit(p, &versions, &resources)
			got := checkItems(Checklist(p, versions, resources, tt.ready))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Checklist() = %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestChecklistVersionItems(t *testing.T) {
	p, _, resources := completeListing()
	numbered := completeVersion()
	numbered.ID, numbered.Number, numbered.Output.SampleText = 7, "2.0", ""
	unnumbered := completeVersion()
	unnumbered.ID, unnumbered.Number = 8, ""
	orphan := completeVersion()
	orphan.ID, orphan.Number, orphan.ResourceARN = 9, "3.0", "arn:aws:sagemaker:us-east-1:123456789012:model-package/deleted"

	items := Checklist(p, []Version{completeVersion(), numbered, unnumbered, orphan}, resources, Readiness{Profile: true})
	want := []ChecklistItem{
		{Message: MsgCheckVersion, Section: SectionVersion, VersionID: 7, Part: VersionOutput, Data: map[string]any{"Version": "2.0"}},
		{Message: MsgCheckVersion, Section: SectionVersion, VersionID: 8, Part: VersionInformation, Data: map[string]any{"Version": unnumbered.ResourceARN}},
		{Message: MsgCheckVersion, Section: SectionVersion, VersionID: 9, Part: VersionInstanceTypes, Data: map[string]any{"Version": "3.0"}},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("Checklist() = %+v\nwant %+v", items, want)
	}
	for id, step := range map[int64]VersionParts{1: 0, 7: VersionOutput, 8: VersionInformation, 9: VersionInstanceTypes, 99: 0} {
		if got := IncompletePart(items, id); got != step {
			t.Errorf("IncompletePart(%d) = %d, want %d", id, got, step)
		}
	}
}

// TestSectionComplete checks each section's state is read from the
// checklist: a section is complete exactly when no item names it.
func TestSectionComplete(t *testing.T) {
	all := append(ListingSections(), SectionSettings, SectionVersion)
	tests := []struct {
		name       string
		edit       func(p *Product, versions *[]Version)
		ready      Readiness
		incomplete []Section
	}{
		{name: "complete listing", edit: func(*Product, *[]Version) {}, ready: Readiness{Profile: true}},
		{name: "seller not registered", edit: func(*Product, *[]Version) {}, incomplete: []Section{SectionSettings}},
		{
			name: "new draft",
			edit: func(p *Product, versions *[]Version) {
				*p = Product{ID: checklistProductID, AccountID: listingAccountID, Status: StatusDraft,
					Info: GeneralInfo{Privacy: PrivacyPublic}, Regions: DefaultRegions()}
				*versions = nil
			},
			ready:      Readiness{Profile: true},
			incomplete: []Section{SectionGeneral, SectionPromotional, SectionSupport, SectionLaunchOption, SectionPricing},
		},
		{
			// The overview once called this complete: an offer is chosen
			// and a EULA uploaded, but a required price is missing.
			name: "paid offer missing a price",
			edit: func(p *Product, _ *[]Version) {
				mp := goodModelPackage()
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices([]*SageMakerResource{&mp})[1:], 100), EULA: "Terms."}
			},
			ready:      Readiness{Profile: true, Tax: true, Bank: true},
			incomplete: []Section{SectionPricing},
		},
		{
			name:       "incomplete version",
			edit:       func(_ *Product, versions *[]Version) { (*versions)[0].Output.Description = "" },
			ready:      Readiness{Profile: true},
			incomplete: []Section{SectionVersion},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, versions, resources := completeListing()
			tt.edit(p, &versions)
			checklist := Checklist(p, versions, resources, tt.ready)
			for _, s := range all {
				want := !slices.Contains(tt.incomplete, s)
				if got := SectionComplete(checklist, s); got != want {
					t.Errorf("SectionComplete(%s) = %v, want %v (checklist %v)", s, got, want, checkItems(checklist))
				}
			}
		})
	}
}
