package domain

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MinSupportDays is how long a seller must keep supporting the existing
// buyers of a removed product.
const MinSupportDays = 90

// MaxRemovalReasonLength bounds the reason given for a removal.
const MaxRemovalReasonLength = 2000

// Removal is a seller's request to unpublish a listing, kept so AWS
// Marketplace can contact the seller about it.
type Removal struct {
	Email  string
	Reason string
	// ReplacementID is the seller's public product that replaces this one;
	// optional.
	ReplacementID string
	At            time.Time
	// SupportUntil is the earliest date the seller may stop supporting
	// existing buyers.
	SupportUntil time.Time
}

// SupportEnd is the end of the support period of a product removed at.
func SupportEnd(removedAt time.Time) time.Time { return removedAt.AddDate(0, 0, MinSupportDays) }

// Removed reports whether the seller unpublished the product.
func (p *Product) Removed() bool { return p.Status == StatusRestricted }

// CanUnpublish says whether the product may be removed: only a public
// product with no submission pending.
func (p *Product) CanUnpublish() error {
	switch {
	case p.Removed():
		return Errorf(ECONFLICT, MsgAlreadyRemoved)
	case p.Status != StatusPublic:
		return Errorf(ECONFLICT, MsgUnpublishNeedsPublic)
	case p.PublishingInProgress():
		return Errorf(ECONFLICT, MsgPublishingInProgress)
	}
	return nil
}

// Normalize trims the request's fields.
func (r *Removal) Normalize() {
	r.Email, r.Reason, r.ReplacementID = NormalizeEmail(r.Email), strings.TrimSpace(r.Reason), strings.TrimSpace(r.ReplacementID)
}

// Validate checks the contact email and the reason, both required.
func (r Removal) Validate() FieldErrors {
	f := FieldErrors{}
	if msg := ValidateEmail(r.Email); msg != "" {
		f[FieldRemovalEmail] = msg
	}
	switch {
	case r.Reason == "":
		f[FieldRemovalReason] = MsgFieldRequired
	case utf8.RuneCountInString(r.Reason) > MaxRemovalReasonLength:
		f[FieldRemovalReason] = MsgReasonTooLong
	}
	return f
}

// ReplacementCandidates lists the seller's products that may replace p:
// its other Public products.
func ReplacementCandidates(p *Product, own []ProductSummary) []ProductSummary {
	var out []ProductSummary
	for _, o := range own {
		if replaces(p, o) {
			out = append(out, o)
		}
	}
	return out
}

// replaces reports whether o may replace p: another Public product of p's
// seller.
func replaces(p *Product, o ProductSummary) bool {
	return o.ID != p.ID && o.Status == StatusPublic && o.AccountID == p.AccountID
}

// Unpublish removes a public listing: no longer listed nor open to new
// subscriptions, while existing subscribers keep access and support until
// SupportEnd. The replacement, when given, must be one of the seller's
// other Public products.
func (s *PublishingService) Unpublish(ctx context.Context, actor *User, p *Product, expected int, req Removal) error {
	if err := p.CanUnpublish(); err != nil {
		return err
	}
	req.Normalize()
	f := req.Validate()
	if req.ReplacementID != "" {
		// The one product named is read, not the seller's thousands.
		o, err := s.Products.Product(ctx, p.AccountID, req.ReplacementID)
		if err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		if o == nil || !replaces(p, o.Summary()) {
			f[FieldReplacementID] = MsgReplacementInvalid
		}
	}
	if err := fieldsError(f); err != nil {
		return err
	}
	versions, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	req.At, req.SupportUntil = now, SupportEnd(now)
	p.Removal, p.Status, p.UpdatedAt = &req, StatusRestricted, now
	ch := ProductChange{ProductID: p.ID, ChangeType: ChangeUpdateVisibility, Actor: actor.ARN(), At: now,
		Detail: ChangeDetails{TargetVisibility: string(StatusRestricted)}.JSON()}
	return s.Repo.SaveLifecycle(ctx, p, expected, versions, ch)
}

// RestrictVersions marks Public versions for restriction; the next
// submission for publishing applies it. ids are version IDs as the form
// sends them. The product must keep at least one Public version.
func (s *PublishingService) RestrictVersions(ctx context.Context, actor *User, p *Product, expected int, ids []string) error {
	if p.Status != StatusPublic {
		return Errorf(ECONFLICT, MsgRestrictNeedsPublic)
	}
	versions, err := s.Products.Versions(ctx, p.ID)
	if err != nil {
		return err
	}
	numbers, err := ChooseRestrictions(versions, ids)
	if err != nil {
		return err
	}
	// The product's update time stays: buyers see no change until the next
	// staging, and the catalog's "newest" order follows it.
	now := s.Clock.Now()
	ch := ProductChange{ProductID: p.ID, ChangeType: ChangeRestrictDeliveryOptions, Actor: actor.ARN(), At: now,
		Detail: ChangeDetails{Versions: numbers}.JSON()}
	return s.Repo.SaveLifecycle(ctx, p, expected, versions, ch)
}

// ChooseRestrictions marks the versions named by ids as pending
// restriction, in place, and returns their numbers; on error nothing is
// marked. Every id must name a
// Public version of this product not already chosen, and one Public version
// must remain: the last public version cannot be restricted.
func ChooseRestrictions(versions []Version, ids []string) ([]string, error) {
	ids = dedupe(compact(ids))
	if len(ids) == 0 {
		return nil, Invalid(FieldErrors{FieldRestrictVersions: MsgChooseVersionsToRestrict})
	}
	chosen := make([]int, 0, len(ids))
	for _, id := range ids {
		i := slices.IndexFunc(versions, func(v Version) bool { return strconv.FormatInt(v.ID, 10) == id })
		if i < 0 || versions[i].Status != VersionPublic || versions[i].RestrictPending {
			return nil, Invalid(FieldErrors{FieldRestrictVersions: MsgVersionNotRestrictable})
		}
		chosen = append(chosen, i)
	}
	remaining := 0
	for i, v := range versions {
		if v.Status == VersionPublic && !v.RestrictPending && !slices.Contains(chosen, i) {
			remaining++
		}
	}
	if remaining == 0 {
		return nil, Invalid(FieldErrors{FieldRestrictVersions: MsgLastPublicVersion})
	}
	// Nothing is marked until every check passed.
	numbers := make([]string, 0, len(chosen))
	for _, i := range chosen {
		versions[i].RestrictPending = true
		numbers = append(numbers, versions[i].Number)
	}
	return numbers, nil
}

// MayUse reports whether a subscription gives the use of a version: every
// subscriber uses Public versions, test accounts use Limited ones, and a
// Restricted version stays with the buyers who subscribed before it was
// restricted.
func MayUse(p *Product, v Version, sub Subscription) bool {
	if !sub.Active() {
		return false
	}
	switch v.Status {
	case VersionPublic:
		return true
	case VersionLimited:
		return slices.Contains(p.TestAccounts, sub.AccountID)
	case VersionRestricted:
		return sub.CreatedAt.Before(v.RestrictedAt)
	}
	return false
}

// VersionUsers counts the subscriptions that may use v.
func VersionUsers(p *Product, v Version, subs []Subscription) int {
	n := 0
	for _, s := range subs {
		if MayUse(p, v, s) {
			n++
		}
	}
	return n
}

// ResourceUser is the product whose version delivers a resource, as far as
// deleting the resource is concerned.
type ResourceUser struct {
	Product *Product
	// Subscribers counts the product's active subscriptions.
	Subscribers int
}

// CanDeleteResource says whether a resource delivered by a listing may be
// deleted: only once its product is removed and either no subscriber is
// left or the support period is over. Buyers depend on it until then.
func CanDeleteResource(u *ResourceUser, now time.Time) error {
	switch {
	case u == nil:
		return nil
	case !u.Product.Removed() || u.Product.Removal == nil:
		return Errorf(ECONFLICT, MsgResourceInUse)
	case u.Subscribers > 0 && now.Before(u.Product.Removal.SupportUntil):
		return &Error{Code: ECONFLICT, Message: MsgResourceSupported, Data: map[string]any{"Until": u.Product.Removal.SupportUntil.Format(time.DateOnly)}}
	}
	return nil
}
