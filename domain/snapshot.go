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

// TakeSnapshot copies what a staging makes visible.
func TakeSnapshot(p *Product, versions []Version, now time.Time) *Snapshot {
	s := &Snapshot{Info: p.Info, Promo: p.Promo, Support: p.Support, Regions: p.Regions, Offer: p.Offer, At: now}
	for _, v := range versions {
		if v.Status != VersionDraft {
			s.Versions = append(s.Versions, v)
		}
	}
	return s
}

// Published returns the product and versions as buyers see them: the last
// staged snapshot, with each version's current status (a sign-off or a
// restriction changes statuses without a new snapshot). Without a snapshot
// the working copy is all there is.
func (p *Product) Published(live []Version) (*Product, []Version) {
	if p.Snapshot == nil {
		return p, live
	}
	pub := *p
	s := p.Snapshot
	pub.Info, pub.Promo, pub.Support, pub.Regions, pub.Offer = s.Info, s.Promo, s.Support, s.Regions, s.Offer
	var versions []Version
	for _, v := range s.Versions {
		i := slices.IndexFunc(live, func(l Version) bool { return l.ID == v.ID })
		if i < 0 {
			continue
		}
		v.Status = live[i].Status
		versions = append(versions, v)
	}
	return &pub, versions
}
