package domain

import (
	"reflect"
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
	Href    string
}

func checkItems(items []ChecklistItem) []checkItem {
	var out []checkItem
	for _, it := range items {
		out = append(out, checkItem{it.Message, it.Href})
	}
	return out
}

func TestChecklist(t *testing.T) {
	const base = "/management/products/ml/" + checklistProductID
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
					Info: GeneralInfo{Privacy: PrivacyPublic}, Regions: DefaultRegions()}
				*versions = nil
			},
			ready: Readiness{},
			want: []checkItem{
				{MsgCheckProfile, "/settings"},
				{MsgCheckGeneral, base + "/edit/general"},
				{MsgCheckLogo, base + "/edit/promotional"},
				{MsgCheckSupport, base + "/edit/support"},
				{MsgCheckLaunchOption, base + "/edit/launch-option"},
				{MsgCheckOffer, base + "/edit/pricing"},
				{MsgCheckEULA, base + "/edit/pricing"},
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
				{MsgCheckGeneral, base + "/edit/general"},
				{MsgCheckLogo, base + "/edit/promotional"},
				{MsgCheckSupport, base + "/edit/support"},
				{MsgCheckLaunchOption, base + "/edit/launch-option"},
				{MsgCheckOffer, base + "/edit/pricing"},
				{MsgCheckEULA, base + "/edit/pricing"},
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
			want:  []checkItem{{MsgCheckGeneral, base + "/edit/general"}},
		},
		{
			name:  "support not answered",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Support = SupportInfo{} },
			ready: free,
			want:  []checkItem{{MsgCheckSupport, base + "/edit/support"}},
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
			want:  []checkItem{{MsgCheckSupport, base + "/edit/support"}},
		},
		{
			name:  "no region chosen",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Regions = RegionAvailability{} },
			ready: free,
			want:  []checkItem{{MsgCheckRegions, base + "/edit/regions"}},
		},
		{
			name:  "incomplete version",
			edit:  func(_ *Product, versions *[]Version, _ *[]*SageMakerResource) { (*versions)[0].Input.Description = "" },
			ready: free,
			want:  []checkItem{{MsgCheckVersion, base + "/versions/1/step/3"}},
		},
		{
			name: "paid offer without tax and bank",
			edit: func(p *Product, _ *[]Version, resources *[]*SageMakerResource) {
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices(*resources), 100), EULA: "Terms."}
			},
			ready: free,
			want:  []checkItem{{MsgCheckPaidReadiness, "/settings"}},
		},
		{
			name: "paid offer missing a price",
			edit: func(p *Product, _ *[]Version, resources *[]*SageMakerResource) {
				p.Offer = Offer{Pricing: PricingPaid, Prices: pricesFor(RequiredPrices(*resources)[1:], 100), EULA: "Terms."}
			},
			ready: paidReady,
			want:  []checkItem{{MsgCheckPrices, base + "/edit/pricing"}},
		},
		{
			name:  "EULA missing",
			edit:  func(p *Product, _ *[]Version, _ *[]*SageMakerResource) { p.Offer.EULA = "" },
			ready: free,
			want:  []checkItem{{MsgCheckEULA, base + "/edit/pricing"}},
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
	const base = "/management/products/ml/" + checklistProductID
	p, _, resources := completeListing()
	numbered := completeVersion()
	numbered.ID, numbered.Number, numbered.Output.SampleText = 7, "2.0", ""
	unnumbered := completeVersion()
	unnumbered.ID, unnumbered.Number = 8, ""
	orphan := completeVersion()
	orphan.ID, orphan.Number, orphan.ResourceARN = 9, "3.0", "arn:aws:sagemaker:us-east-1:123456789012:model-package/deleted"

	items := Checklist(p, []Version{completeVersion(), numbered, unnumbered, orphan}, resources, Readiness{Profile: true})
	want := []ChecklistItem{
		{Message: MsgCheckVersion, Href: base + "/versions/7/step/4", Data: map[string]any{"Version": "2.0"}},
		{Message: MsgCheckVersion, Href: base + "/versions/8/step/1", Data: map[string]any{"Version": unnumbered.ResourceARN}},
		{Message: MsgCheckVersion, Href: base + "/versions/9/step/5", Data: map[string]any{"Version": "3.0"}},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("Checklist() = %+v\nwant %+v", items, want)
	}
}
