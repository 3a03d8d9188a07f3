package domain

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// Access is what a viewer may see of a product's detail page.
type Access struct {
	// Visible is false for everyone the product is not shown to: they get
	// the ordinary 404 page, which reveals nothing.
	Visible bool
	// Seller is the product's own account.
	Seller bool
	// Tester is an allow-listed test account.
	Tester bool
	// Subscription is the viewer's active subscription, or nil.
	Subscription *Subscription
	// SubscribedAt is when the viewer's active subscription started; zero
	// without one.
	SubscribedAt time.Time
	// Removed marks a product its seller unpublished.
	Removed bool
	// Offered marks a viewer who sees the product only because a private
	// offer on it is extended to the viewer's account (see
	// WithPrivateOffer).
	Offered bool
}

// Staged reports whether the viewer previews Limited versions: the seller
// and allow-listed accounts do.
func (a Access) Staged() bool { return a.Seller || a.Tester }

// Subscribed reports whether the viewer holds an active subscription.
func (a Access) Subscribed() bool { return !a.SubscribedAt.IsZero() }

// Full reports whether the viewer sees the whole listing. Of a removed
// product, everyone but its seller and existing subscribers only learns
// that it is no longer available.
func (a Access) Full() bool { return !a.Removed || a.Seller || a.Subscribed() }

// InCatalog reports whether the product is listed in the marketplace's
// search: public products, until they are removed.
func (p *Product) InCatalog() bool { return p.Status == StatusPublic }

// AccessOf decides who sees a product: its seller always; allow-listed test
// accounts once it is Limited or Public; once Public (or removed), every
// buyer of a public product, or the listed accounts of a private one.
// viewer is "" for a visitor who is not signed in.
func AccessOf(p *Product, viewer string) Access {
	a := Access{
		Seller:  viewer != "" && viewer == p.AccountID,
		Tester:  viewer != "" && slices.Contains(p.TestAccounts, viewer) && (p.Status == StatusLimited || p.Status == StatusPublic),
		Removed: p.Removed(),
	}
	listed := p.listed()
	switch {
	case a.Seller || a.Tester:
		a.Visible = true
	case listed && p.Info.Privacy == PrivacyPublic:
		a.Visible = true
	case listed && p.Info.Privacy == PrivacyPrivate:
		a.Visible = viewer != "" && slices.Contains(p.Info.AllowedAccounts, viewer)
	}
	return a
}

// listed reports whether buyers other than the seller and testers may be
// shown the product: once it is Public, and after it is removed.
func (p *Product) listed() bool { return p.Status == StatusPublic || p.Removed() }

// WithPrivateOffer lets a buyer named on an unexpired private offer on a
// listed product see it, even a private product whose allowed accounts do
// not include the buyer: the buyer reviews the offer's product there. It
// grants nothing more: such a viewer accepts the private offer, and is not
// offered a subscription to the public one (see PageActions).
func (a Access) WithPrivateOffer(p *Product) Access {
	if !a.Visible && p.listed() {
		a.Visible, a.Offered = true, true
	}
	return a
}

// PageActions are the product page's actions for the viewer: Actions,
// without a subscription to the public offer for a viewer who sees the
// product only through a private offer.
func (a Access) PageActions(p *Product) BuyerActions {
	actions := a.Actions(p)
	if a.Offered {
		actions.CanSubscribe = false
	}
	return actions
}

// WithSubscription adds the viewer's subscription: a subscriber keeps
// seeing the product whatever happens to its listing.
func (a Access) WithSubscription(sub *Subscription) Access {
	if sub.Active() {
		a.Subscription, a.SubscribedAt, a.Visible = sub, sub.CreatedAt, true
	}
	return a
}

// VisibleVersions returns the versions a viewer may choose: Public ones for
// everyone who sees the product, Limited ones for the seller and testers,
// and Restricted ones only for buyers who subscribed before the
// restriction.
func VisibleVersions(versions []Version, a Access) []Version {
	var out []Version
	for _, v := range versions {
		switch {
		case v.Status == VersionPublic,
			v.Status == VersionLimited && a.Staged(),
			v.Status == VersionRestricted && a.Subscribed() && a.SubscribedAt.Before(v.RestrictedAt):
			out = append(out, v)
		}
	}
	return out
}

// Subscription is a buyer account's subscription to a product.
type Subscription struct {
	AccountID string
	ProductID string
	// Test marks a subscription made to a product in test.
	Test        bool
	CreatedAt   time.Time
	CancelledAt time.Time
}

// Active reports whether the subscription is in force.
func (s *Subscription) Active() bool { return s != nil && s.CancelledAt.IsZero() }

// SubscriptionRepository stores subscriptions: one active per account and
// product.
type SubscriptionRepository interface {
	// Subscribe stores a new subscription, replacing a cancelled one; an
	// active one gives ECONFLICT with MsgAlreadySubscribed.
	Subscribe(ctx context.Context, s *Subscription) error
	// Subscription returns the account's latest subscription, or ENOTFOUND.
	Subscription(ctx context.Context, accountID, productID string) (*Subscription, error)
	Cancel(ctx context.Context, accountID, productID string, at time.Time) error
	// ActiveSubscriptions lists the account's active subscriptions, newest first.
	ActiveSubscriptions(ctx context.Context, accountID string) ([]Subscription, error)
	// ProductSubscriptions lists a product's active subscriptions.
	ProductSubscriptions(ctx context.Context, productID string) ([]Subscription, error)
}

// MarketplaceService is what buyers do with products.
type MarketplaceService struct {
	Products      ProductRepository
	Subscriptions SubscriptionRepository
	Clock         Clock
}

// VisibleProduct loads a product the viewer may see, or ENOTFOUND.
func (s *MarketplaceService) VisibleProduct(ctx context.Context, id, viewer string) (*Product, Access, error) {
	if !IsProductID(id) {
		return nil, Access{}, Errorf(ENOTFOUND, MsgNotFound)
	}
	var sub *Subscription
	if viewer != "" {
		var err error
		if sub, err = s.Subscriptions.Subscription(ctx, viewer, id); err != nil && ErrorCode(err) != ENOTFOUND {
			return nil, Access{}, err
		}
	}
	return s.VisibleProductWith(ctx, id, viewer, sub)
}

// VisibleProductWith is VisibleProduct for a caller that already holds the
// viewer's subscription to the product (nil for none), so it is not read
// again.
func (s *MarketplaceService) VisibleProductWith(ctx context.Context, id, viewer string, sub *Subscription) (*Product, Access, error) {
	if !IsProductID(id) {
		return nil, Access{}, Errorf(ENOTFOUND, MsgNotFound)
	}
	p, err := s.Products.ProductByID(ctx, id)
	if err != nil {
		return nil, Access{}, err
	}
	a, err := VisibleAccess(p, viewer, sub)
	if err != nil {
		return nil, Access{}, err
	}
	return p, a, nil
}

// VisibleAccess is what the viewer, holding sub (nil for none), may do with
// p, or ENOTFOUND when it may not see it. Privacy is judged as published,
// not as being edited.
func VisibleAccess(p *Product, viewer string, sub *Subscription) (Access, error) {
	pub, _ := p.Published(nil)
	a := AccessOf(pub, viewer).WithSubscription(sub)
	if !a.Visible {
		return Access{}, Errorf(ENOTFOUND, MsgNotFound)
	}
	return a, nil
}

// VisibleAccessWithOffer is VisibleAccess for a viewer named on an
// unexpired private offer on p (the caller checked that).
func VisibleAccessWithOffer(p *Product, viewer string, sub *Subscription) (Access, error) {
	pub, _ := p.Published(nil)
	a := AccessOf(pub, viewer).WithSubscription(sub).WithPrivateOffer(pub)
	if !a.Visible {
		return Access{}, Errorf(ENOTFOUND, MsgNotFound)
	}
	return a, nil
}

// Subscribe subscribes the buyer's account after it accepted the EULA. A
// subscription to a product in test is marked as a test subscription.
func (s *MarketplaceService) Subscribe(ctx context.Context, buyer *User, id string, eulaAccepted bool) (*Subscription, error) {
	p, a, err := s.VisibleProduct(ctx, id, buyer.AccountID)
	if err != nil {
		return nil, err
	}
	if err := a.CanSubscribe(p); err != nil {
		return nil, err
	}
	if !eulaAccepted {
		return nil, Invalid(FieldErrors{FieldEULAAccepted: MsgAcceptEULA})
	}
	sub := &Subscription{AccountID: buyer.AccountID, ProductID: p.ID, Test: p.Status != StatusPublic, CreatedAt: s.Clock.Now()}
	if err := s.Subscriptions.Subscribe(ctx, sub); err != nil {
		return nil, err
	}
	return sub, nil
}

// Cancel ends the buyer's subscription.
func (s *MarketplaceService) Cancel(ctx context.Context, buyer *User, id string) error {
	if _, _, err := s.VisibleProduct(ctx, id, buyer.AccountID); err != nil {
		return err
	}
	return s.Subscriptions.Cancel(ctx, buyer.AccountID, id, s.Clock.Now())
}

// LaunchMethod is how a buyer runs a product in SageMaker.
type LaunchMethod string

// A model package deploys to an endpoint or a batch transform job; an
// algorithm also trains.
const (
	LaunchRealtime LaunchMethod = "realtime"
	LaunchBatch    LaunchMethod = "batch"
	LaunchTraining LaunchMethod = "training"
)

// LaunchMethods lists the methods a product type offers.
func LaunchMethods(kind ResourceKind) []LaunchMethod {
	if kind == KindAlgorithm {
		return []LaunchMethod{LaunchRealtime, LaunchBatch, LaunchTraining}
	}
	return []LaunchMethod{LaunchRealtime, LaunchBatch}
}

// Launch is a buyer's configuration of a subscribed product.
type Launch struct {
	Version      Version
	Region       string
	Method       LaunchMethod
	InstanceType string
}

// ProductRegions lists the Regions a product can be used in.
func ProductRegions(r RegionAvailability) []string {
	if !r.AllCurrentAndFuture {
		return r.Regions
	}
	var out []string
	for _, reg := range Regions() {
		out = append(out, reg.Code)
	}
	return out
}

// ConfigureLaunch checks a buyer's choices against what the product offers:
// a version the buyer may use, one of its Regions, a method of its type and
// an instance type the resource supports for that method. Empty choices take
// the defaults: the newest version, the first Region, real-time inference,
// the recommended instance type.
func ConfigureLaunch(kind ResourceKind, versions []Version, regions RegionAvailability, r func(Version) *SageMakerResource, versionID, region, method, instanceType string) (Launch, error) {
	f := FieldErrors{}
	l := Launch{Region: region, Method: LaunchMethod(method), InstanceType: instanceType}
	if len(versions) == 0 {
		return l, Errorf(ENOTFOUND, MsgNotFound)
	}
	l.Version = versions[len(versions)-1]
	if versionID != "" {
		i := slices.IndexFunc(versions, func(v Version) bool { return strconv.FormatInt(v.ID, 10) == versionID })
		if i < 0 {
			f[FieldLaunchVersion] = MsgVersionNotOffered
		} else {
			l.Version = versions[i]
		}
	}
	switch {
	case l.Region == "":
		l.Region = ProductRegions(regions)[0]
	case !regions.Includes(l.Region):
		f[FieldLaunchRegion] = MsgRegionNotOffered
	}
	switch {
	case l.Method == "":
		l.Method = LaunchRealtime
	case !slices.Contains(LaunchMethods(kind), l.Method):
		f[FieldLaunchMethod] = MsgMethodNotOffered
	}
	if len(f) > 0 {
		return l, Invalid(f)
	}
	res := r(l.Version)
	if res == nil {
		// The seller deleted the resource after the support period.
		return l, Errorf(ENOTFOUND, MsgNotFound)
	}
	supported, recommended := res.RealtimeInstanceTypes, l.Version.RecommendedRealtime
	switch l.Method {
	case LaunchBatch:
		supported, recommended = res.BatchInstanceTypes, l.Version.RecommendedBatch
	case LaunchTraining:
		supported, recommended = res.TrainingInstanceTypes, l.Version.RecommendedTraining
	}
	switch {
	case l.InstanceType == "":
		l.InstanceType = recommended
	case !slices.Contains(supported, l.InstanceType):
		return l, Invalid(FieldErrors{FieldLaunchInstanceType: MsgInstanceNotSupported})
	}
	return l, nil
}

// ResourceARNIn is the ARN of a resource as buyers use it in a Region.
func ResourceARNIn(r *SageMakerResource, region string) string {
	return "arn:aws:sagemaker:" + region + ":" + r.AccountID + ":" + string(r.Kind) + "/" + r.Name
}
