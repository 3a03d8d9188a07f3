package domain

import (
	"slices"
	"time"
)

// Snapshot is what buyers and testers see of a product: the listing as it
// was when it was last staged. Edits made afterwards wait in the working
// copy until the next submission is staged, so testers and buyers are never
// shown half-finished changes.
type Snapshot struct {
	Info     GeneralInfo
	Promo    Promotional
	Support  SupportInfo
	Regions  RegionAvailability
	Offer    Offer
	Versions []Version
	At       time.Time
}

// TakeSnapshot copies what a submission puts in test: the listing's
// sections and every version that is not restricted already, drafts
// included (staging makes them Limited). Slices are copied so later edits
// of the working copy never reach the snapshot.
func TakeSnapshot(p *Product, versions []Version, now time.Time) *Snapshot {
	s := &Snapshot{Info: p.Info, Promo: p.Promo, Support: p.Support, Regions: p.Regions, Offer: p.Offer, At: now}
	s.Info.AllowedAccounts = slices.Clone(p.Info.AllowedAccounts)
	s.Info.Highlights = slices.Clone(p.Info.Highlights)
	s.Info.Categories = slices.Clone(p.Info.Categories)
	s.Promo.Keywords, s.Promo.Links = slices.Clone(p.Promo.Keywords), slices.Clone(p.Promo.Links)
	s.Regions.Regions = slices.Clone(p.Regions.Regions)
	s.Offer.Prices = slices.Clone(p.Offer.Prices)
	for _, v := range versions {
		s.Versions = append(s.Versions, v)
	}
	return s
}

// Published returns the product and versions as buyers see them: the
// snapshot last signed off, with each version's current status (a
// restriction changes statuses without a new snapshot). Before the first
// sign-off, or for a product released before public snapshots were kept,
// it is the last staged snapshot; without any snapshot the working copy is
// all there is.
func (p *Product) Published(live []Version) (*Product, []Version) {
	if p.PublicSnapshot != nil {
		return p.from(p.PublicSnapshot, live)
	}
	return p.Staged(live)
}

// Staged returns the product and versions as the seller and its test
// accounts preview them: the listing as last staged.
func (p *Product) Staged(live []Version) (*Product, []Version) {
	if p.Snapshot == nil {
		return p, live
	}
	return p.from(p.Snapshot, live)
}

// PublishedFor returns what the viewer with access a sees: the staged
// listing for the seller and test accounts, the signed-off one for
// everybody else.
func (p *Product) PublishedFor(a Access, live []Version) (*Product, []Version) {
	if a.Staged() {
		return p.Staged(live)
	}
	return p.Published(live)
}

// from is p shown as snapshot s, with each version's live status and
// status dates (a restriction after the snapshot dates itself).
func (p *Product) from(s *Snapshot, live []Version) (*Product, []Version) {
	pub := *p
	pub.Info, pub.Promo, pub.Support, pub.Regions, pub.Offer = s.Info, s.Promo, s.Support, s.Regions, s.Offer
	var versions []Version
	for _, v := range s.Versions {
		i := slices.IndexFunc(live, func(l Version) bool { return l.ID == v.ID })
		if i < 0 {
			continue
		}
		v.setStatusOf(live[i])
		versions = append(versions, v)
	}
	return &pub, versions
}
