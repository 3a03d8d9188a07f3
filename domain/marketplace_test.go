package domain

import (
	"testing"
	"time"
)

// TestAccessOf covers who sees a product page, in every status and privacy.
func TestAccessOf(t *testing.T) {
	const seller, tester, allowed, stranger = "111111111111", "222222222222", "333333333333", "444444444444"
	tests := []struct {
		status  ProductStatus
		privacy Privacy
		viewer  string
		visible bool
		staged  bool
	}{
		{StatusDraft, PrivacyPublic, seller, true, true},
		{StatusDraft, PrivacyPublic, tester, false, false},
		{StatusDraft, PrivacyPublic, stranger, false, false},
		{StatusLimited, PrivacyPublic, seller, true, true},
		{StatusLimited, PrivacyPublic, tester, true, true},
		{StatusLimited, PrivacyPublic, stranger, false, false},
		{StatusLimited, PrivacyPublic, "", false, false},
		{StatusPublic, PrivacyPublic, stranger, true, false},
		{StatusPublic, PrivacyPublic, "", true, false},
		{StatusPublic, PrivacyPublic, tester, true, true},
		{StatusPublic, PrivacyPrivate, allowed, true, false},
		{StatusPublic, PrivacyPrivate, stranger, false, false},
		{StatusPublic, PrivacyPrivate, "", false, false},
		{StatusPublic, PrivacyPrivate, seller, true, true},
		// A removed product's page tells visitors it is unavailable.
		{StatusRestricted, PrivacyPublic, stranger, true, false},
		{StatusRestricted, PrivacyPrivate, stranger, false, false},
		{StatusRestricted, PrivacyPrivate, allowed, true, false},
	}
	for _, tt := range tests {
		p := &Product{AccountID: seller, Status: tt.status, TestAccounts: []string{tester},
			Info: GeneralInfo{Privacy: tt.privacy, AllowedAccounts: []string{allowed}}}
		a := AccessOf(p, tt.viewer)
		if a.Visible != tt.visible || a.Staged() != tt.staged {
			t.Errorf("%s %s viewer %q: visible %v staged %v, want %v %v", tt.status, tt.privacy, tt.viewer, a.Visible, a.Staged(), tt.visible, tt.staged)
		}
	}
}

func TestVisibleVersions(t *testing.T) {
	versions := []Version{{ID: 1, Status: VersionDraft}, {ID: 2, Status: VersionLimited}, {ID: 3, Status: VersionPublic}, {ID: 4, Status: VersionRestricted}}
	ids := func(vs []Version) []int64 {
		var out []int64
		for _, v := range vs {
			out = append(out, v.ID)
		}
		return out
	}
	if got := ids(VisibleVersions(versions, Access{Visible: true})); len(got) != 1 || got[0] != 3 {
		t.Errorf("buyer sees %v, want [3]", got)
	}
	if got := ids(VisibleVersions(versions, Access{Visible: true, Tester: true})); len(got) != 2 || got[0] != 2 || got[1] != 3 {
		t.Errorf("tester sees %v, want [2 3]", got)
	}
}

func TestPublishedShowsTheSnapshotWithLiveStatuses(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	p := &Product{Status: StatusDraft, PublishDueAt: now, Info: GeneralInfo{Title: "First"}}
	versions := []Version{{ID: 1, Status: VersionDraft, Number: "1.0"}}
	if err := Stage(p, versions, now); err != nil {
		t.Fatal(err)
	}
	p.Info.Title = "Edited"
	versions[0].Status = VersionPublic
	versions = append(versions, Version{ID: 2, Status: VersionDraft, Number: "2.0"})
	pub, pubVersions := p.Published(versions)
	if pub.Info.Title != "First" {
		t.Errorf("published title %q, want the staged one", pub.Info.Title)
	}
	if len(pubVersions) != 1 || pubVersions[0].Status != VersionPublic {
		t.Errorf("published versions %+v, want version 1 with its live status", pubVersions)
	}
	if working, _ := (&Product{Info: GeneralInfo{Title: "Draft"}}).Published(nil); working.Info.Title != "Draft" {
		t.Error("a product never staged is not shown as it is")
	}
}

// TestPrivateOfferShowsTheProduct: a buyer named on a private offer sees
// the listed product it is made on, private or not, and is not offered the
// public offer of a private product; nobody else gains anything.
func TestPrivateOfferShowsTheProduct(t *testing.T) {
	const seller, allowed, offered = "111111111111", "333333333333", "555555555555"
	tests := []struct {
		name      string
		status    ProductStatus
		privacy   Privacy
		viewer    string
		sub       *Subscription
		visible   bool
		offerOnly bool
	}{
		{"private product, buyer on the offer", StatusPublic, PrivacyPrivate, offered, nil, true, true},
		{"public product, buyer on the offer", StatusPublic, PrivacyPublic, offered, nil, true, false},
		{"private product, allowed buyer", StatusPublic, PrivacyPrivate, allowed, nil, true, false},
		{"private product, subscribed buyer", StatusPublic, PrivacyPrivate, offered, &Subscription{CreatedAt: time.Unix(1, 0)}, true, false},
		{"draft product", StatusDraft, PrivacyPrivate, offered, nil, false, false},
		{"limited product", StatusLimited, PrivacyPrivate, offered, nil, false, false},
		{"removed private product", StatusRestricted, PrivacyPrivate, offered, nil, true, true},
		{"seller", StatusPublic, PrivacyPrivate, seller, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Product{AccountID: seller, Status: tt.status,
				Info: GeneralInfo{Privacy: tt.privacy, AllowedAccounts: []string{allowed}}}
			a, err := VisibleAccessWithOffer(p, tt.viewer, tt.sub)
			if (err == nil) != tt.visible {
				t.Fatalf("visible = %v (%v), want %v", err == nil, err, tt.visible)
			}
			if err != nil {
				return
			}
			if a.Offered != tt.offerOnly {
				t.Errorf("Offered = %v, want %v", a.Offered, tt.offerOnly)
			}
			if a.Offered && a.PageActions(p).CanSubscribe {
				t.Error("a buyer who sees the product only through a private offer is offered the public one")
			}
			if _, err := VisibleAccess(p, tt.viewer, tt.sub); (err == nil) != (tt.visible && !tt.offerOnly) {
				t.Errorf("without the offer, visible = %v", err == nil)
			}
		})
	}
}
