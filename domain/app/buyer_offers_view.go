package app

import (
	"context"
	"slices"

	"github.com/mlportal/portal/domain"
)

// What the buyer's pages of private offers and agreements read: the
// offers and agreements of the principal's account, each with the names
// its pages show (product title, seller, offer name).

// BuyerOfferStatus is where a private offer stands for its buyer.
type BuyerOfferStatus string

// An offer is available until it expires, unless the buyer holds an
// active agreement made from it.
const (
	OfferAvailable BuyerOfferStatus = "available"
	OfferAccepted  BuyerOfferStatus = "accepted"
	OfferExpired   BuyerOfferStatus = "expired"
)

// BuyerOffer is a private offer as its buyer's pages show it.
type BuyerOffer struct {
	Offer        domain.PrivateOffer
	ProductTitle string
	SellerName   string
	Status       BuyerOfferStatus
	// AgreementID is the buyer's active agreement made from the offer;
	// "" unless Status is OfferAccepted.
	AgreementID string
}

// BuyerAgreement is an agreement as its buyer's pages show it.
type BuyerAgreement struct {
	Agreement    domain.Agreement
	ProductTitle string
	SellerName   string
	// OfferName is the private offer's name; "" for the public offer.
	OfferName string
}

// names looks up, once each, the titles of products and the names of
// sellers and private offers that a page lists.
type names struct {
	a       *App
	titles  map[string]string
	sellers map[string]string
	offers  map[string]string
}

func (a *App) names() *names {
	return &names{a: a, titles: map[string]string{}, sellers: map[string]string{}, offers: map[string]string{}}
}

func (n *names) product(ctx context.Context, id string) (string, error) {
	if t, ok := n.titles[id]; ok {
		return t, nil
	}
	p, err := n.a.Repos.Products.ProductByID(ctx, id)
	if err != nil {
		return "", err
	}
	n.titles[id] = title(p)
	return n.titles[id], nil
}

func (n *names) seller(ctx context.Context, account string) string {
	if s, ok := n.sellers[account]; ok {
		return s
	}
	name, err := n.a.SellerName(ctx, account)
	if err != nil || name == "" {
		name = account
	}
	n.sellers[account] = name
	return name
}

func (n *names) offer(ctx context.Context, id string) (string, error) {
	if o, ok := n.offers[id]; ok {
		return o, nil
	}
	o, err := n.a.Repos.Offers.PrivateOffer(ctx, id)
	if err != nil {
		return "", err
	}
	n.offers[id] = o.Name
	return o.Name, nil
}

// activeByOffer maps each offer to the buyer's active agreement made from it.
func (a *App) activeByOffer(ctx context.Context, pr domain.Principal) (map[string]string, error) {
	agreements, err := a.BuyerAgreements(ctx, pr)
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	out := map[string]string{}
	for _, ag := range agreements {
		if ag.ActiveAt(now) {
			out[ag.OfferID] = ag.ID
		}
	}
	return out, nil
}

func (a *App) buyerOffer(ctx context.Context, n *names, o domain.PrivateOffer, active map[string]string) (BuyerOffer, error) {
	t, err := n.product(ctx, o.ProductID)
	if err != nil {
		return BuyerOffer{}, err
	}
	b := BuyerOffer{Offer: o, ProductTitle: t, SellerName: n.seller(ctx, o.SellerAccountID), Status: OfferAvailable}
	switch {
	case active[o.ID] != "":
		b.Status, b.AgreementID = OfferAccepted, active[o.ID]
	case o.Expired(a.clock.Now()):
		b.Status = OfferExpired
	}
	return b, nil
}

// BuyerOfferList lists the private offers extended to the principal's
// account, newest first, with where each stands.
func (a *App) BuyerOfferList(ctx context.Context, pr domain.Principal) ([]BuyerOffer, error) {
	offers, err := a.BuyerPrivateOffers(ctx, pr)
	if err != nil {
		return nil, err
	}
	active, err := a.activeByOffer(ctx, pr)
	if err != nil {
		return nil, err
	}
	n := a.names()
	out := make([]BuyerOffer, 0, len(offers))
	for _, o := range offers {
		b, err := a.buyerOffer(ctx, n, o, active)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// BuyerOfferReview is one private offer extended to the principal's
// account, for its buyer to review; any other offer is not found.
func (a *App) BuyerOfferReview(ctx context.Context, pr domain.Principal, id string) (*BuyerOffer, error) {
	o, _, err := a.BuyerPrivateOffer(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	active, err := a.activeByOffer(ctx, pr)
	if err != nil {
		return nil, err
	}
	b, err := a.buyerOffer(ctx, a.names(), *o, active)
	return &b, err
}

func (a *App) buyerAgreement(ctx context.Context, n *names, ag domain.Agreement) (BuyerAgreement, error) {
	t, err := n.product(ctx, ag.ProductID)
	if err != nil {
		return BuyerAgreement{}, err
	}
	b := BuyerAgreement{Agreement: ag, ProductTitle: t, SellerName: n.seller(ctx, ag.SellerAccountID)}
	if ag.Private {
		if b.OfferName, err = n.offer(ctx, ag.OfferID); err != nil {
			return BuyerAgreement{}, err
		}
	}
	return b, nil
}

// BuyerAgreementList lists the principal's account's agreements, newest
// first.
func (a *App) BuyerAgreementList(ctx context.Context, pr domain.Principal) ([]BuyerAgreement, error) {
	agreements, err := a.BuyerAgreements(ctx, pr)
	if err != nil {
		return nil, err
	}
	n := a.names()
	out := make([]BuyerAgreement, 0, len(agreements))
	for _, ag := range agreements {
		b, err := a.buyerAgreement(ctx, n, ag)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// BuyerAgreementDetail is one of the principal's account's agreements as
// its buyer; the seller's side and any other account get ENOTFOUND.
func (a *App) BuyerAgreementDetail(ctx context.Context, pr domain.Principal, id string) (*BuyerAgreement, error) {
	ag, err := a.Agreement(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	if ag.BuyerAccountID != pr.User.AccountID {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	b, err := a.buyerAgreement(ctx, a.names(), *ag)
	return &b, err
}

// OfferedListing is MarketplaceListing, except that a buyer named on an
// unexpired private offer on the product also sees it (private products
// included; see domain.Access.WithPrivateOffer).
func (a *App) OfferedListing(ctx context.Context, pr domain.Principal, id string) (*Listing, error) {
	l, err := a.MarketplaceListing(ctx, pr, id, nil)
	if domain.ErrorCode(err) != domain.ENOTFOUND || pr.User == nil || !domain.IsProductID(id) {
		return l, err
	}
	offers, oerr := a.ProductPrivateOffers(ctx, pr, id)
	switch {
	case oerr != nil:
		return nil, oerr
	case len(offers) == 0:
		return nil, err
	}
	working, live, err := a.listings.load(ctx, a.Repos.Products, id)
	if err != nil {
		return nil, err
	}
	// Not visible otherwise, so the viewer holds no active subscription.
	access, err := domain.VisibleAccessWithOffer(working, pr.User.AccountID, nil)
	if err != nil {
		return nil, err
	}
	return listingAs(working, live, access), nil
}

// ProductOffersToAccept lists the private offers on a product that the
// principal's account may still accept: unexpired, and not accepted (no
// active agreement made from them). Nil for anyone signed out.
func (a *App) ProductOffersToAccept(ctx context.Context, pr domain.Principal, productID string) ([]domain.PrivateOffer, error) {
	offers, err := a.ProductPrivateOffers(ctx, pr, productID)
	if err != nil || len(offers) == 0 {
		return nil, err
	}
	active, err := a.activeByOffer(ctx, pr)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(offers, func(o domain.PrivateOffer) bool { return active[o.ID] != "" }), nil
}
