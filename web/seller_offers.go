package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// The seller's offers and agreements: /management/offers lists the public
// offer of each product and the private offers; /management/agreements
// the agreements buyers made. Reading needs ListEntities (and the use cases
// check DescribeEntity on the product); every change is a change set.

const (
	offersBase     = "/management/offers"
	agreementsBase = "/management/agreements"
)

// Messages of the offer pages.
const (
	msgOfferCreated   domain.Message = "offers.created"
	msgPricingChanged domain.Message = "offers.pricing_changed"
	msgOfferEULAEmpty domain.Message = "offers.eula_required"
)

// sellerOfferRoutes registers the pages of this file.
func (s *Server) sellerOfferRoutes(g *echo.Group) {
	list := s.allow(domain.ActionListEntities, anyResource)
	create := s.allow(domain.ActionStartChangeSet, anyResource)
	g.GET(offersBase, s.listOffers, list)
	g.GET(offersBase+"/new", s.showNewOffer, create)
	g.POST(offersBase+"/new", s.createOffer, create)
	g.GET(offersBase+"/:offerID", s.showOffer, list)
	g.GET(offersBase+"/:offerID/pricing", s.showPublicPricing, s.allow(domain.ActionStartChangeSet, offerProductResource))
	g.POST(offersBase+"/:offerID/pricing", s.changePublicPricing, s.allow(domain.ActionStartChangeSet, offerProductResource))
	g.GET(agreementsBase, s.listAgreements, list)
	g.GET(agreementsBase+"/:agreementID", s.showAgreement, list)
}

// publicOfferProduct is the product whose public offer id names, or "".
func publicOfferProduct(id string) string {
	productID, _ := domain.PublicOfferProduct(id)
	return productID
}

// offerProductResource names the product of the public offer in the path.
func offerProductResource(c echo.Context) string {
	id := publicOfferProduct(c.Param("offerID"))
	if id == "" {
		id = "*"
	}
	return domain.ProductARN(accountID(c), id)
}

func offerPath(id string, rest ...string) string {
	p := offersBase + "/" + id
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

func offerCrumbs(extra ...layout.Crumb) []layout.Crumb {
	return append([]layout.Crumb{{LabelKey: "nav.offers", Href: offersBase}}, extra...)
}

// listOffers shows the seller's public and private offers.
func (s *Server) listOffers(c echo.Context) error {
	ctx := c.Request().Context()
	status, missing := http.StatusOK, false
	offers, err := s.app.SellerOffersPageOf(ctx, s.who(c), c.QueryParam("page"))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		// A page that does not exist (mistyped, or emptied since): the
		// first, with a message.
		status, missing = http.StatusNotFound, true
		offers, err = s.app.SellerOffersPageOf(ctx, s.who(c), "")
	}
	if err != nil {
		return err
	}
	agreements, err := s.app.SellerAgreements(ctx, s.who(c), domain.AgreementQuery{})
	if err != nil {
		return err
	}
	accepted := map[string]int{}
	for _, ag := range agreements {
		if ag.Private {
			accepted[ag.OfferID]++
		}
	}
	page := offers.Products
	v := seller.OffersView{Page: s.page(c, "offers.title", "offers", layout.Crumb{LabelKey: "nav.offers"}),
		CanCreate: s.can(c, domain.ActionStartChangeSet, domain.AnyResource), PageMissing: missing,
		From: page.From(), To: page.To(), Total: page.Total, PageNumber: page.Page}
	v.PrevURL, v.NextURL = pageLinks(offersBase, page)
	now := s.cfg.Clock.Now()
	for _, o := range offers.Public {
		v.Public = append(v.Public, seller.PublicOfferRow{ID: o.ID, ProductID: o.Product.ID, ProductTitle: o.Product.Info.Title,
			ProductStatus: string(o.Product.Status), Pricing: summaryOfTerms(o.Terms, o.Published),
			CanChangePricing:  s.mayChangePublicPricing(c, o.Product),
			CanOfferPrivately: o.Product.OffersPrivately() && v.CanCreate})
	}
	for _, o := range offers.Private {
		v.Private = append(v.Private, seller.PrivateOfferRow{ID: o.ID, Name: o.Name, ProductID: o.ProductID,
			ProductTitle: offers.Titles[o.ProductID], Buyers: o.Buyers, Expires: lastDay(o.ExpiresAt), Expired: o.Expired(now),
			Accepted: accepted[o.ID]})
	}
	return s.render(c, status, seller.Offers(v))
}

// mayChangePublicPricing is whether the page links to the product's public
// pricing: the product is live for buyers and the user may change it.
func (s *Server) mayChangePublicPricing(c echo.Context, p *domain.Product) bool {
	return p.CanChangePublicPricing() == nil && s.can(c, domain.ActionStartChangeSet, domain.ProductARN(p.AccountID, p.ID))
}

// lastDay is the last day an offer that ends at end can be accepted.
func lastDay(end time.Time) string { return formatDate(end.Add(-time.Second)) }

// showOffer shows a private offer, or a product's public offer.
func (s *Server) showOffer(c echo.Context) error {
	id := c.Param("offerID")
	if productID := publicOfferProduct(id); productID != "" {
		return s.showPublicOffer(c, productID)
	}
	ctx := c.Request().Context()
	o, agreements, err := s.app.SellerPrivateOffer(ctx, s.who(c), id)
	if err != nil {
		return err
	}
	p, err := s.app.ProductView(ctx, s.who(c), o.ProductID)
	if err != nil {
		return err
	}
	now := s.cfg.Clock.Now()
	v := seller.PrivateOfferView{
		Page: s.page(c, "offers.private_offer", "offers", offerCrumbs(layout.Crumb{Label: o.Name})...),
		ID:   o.ID, Name: o.Name, ProductID: o.ProductID, ProductTitle: p.Info.Title, Buyers: o.Buyers,
		Terms: termsView(o.Terms, true), Expires: lastDay(o.ExpiresAt), Expired: o.Expired(now),
		DurationMonths: o.DurationMonths, Created: formatTime(o.CreatedAt), CreatedBy: o.CreatedBy,
		Agreements: s.agreementRows(agreements, map[string]string{p.ID: p.Info.Title}, now),
	}
	return s.render(c, http.StatusOK, seller.PrivateOffer(v))
}

// showPublicOffer shows the public offer of one of the seller's products
// with the agreements made from it.
func (s *Server) showPublicOffer(c echo.Context, productID string) error {
	ctx := c.Request().Context()
	p, err := s.app.ProductView(ctx, s.who(c), productID)
	if err != nil {
		return err
	}
	offer := app.PublicOfferOf(p)
	all, err := s.app.SellerAgreements(ctx, s.who(c), domain.AgreementQuery{ProductID: p.ID})
	if err != nil {
		return err
	}
	all = slices.DeleteFunc(all, func(a domain.Agreement) bool { return a.OfferID != offer.ID })
	now := s.cfg.Clock.Now()
	v := seller.PublicOfferView{
		Page: s.page(c, "offers.public_offer", "offers", offerCrumbs(layout.Crumb{Label: productTitle(p)})...),
		ID:   offer.ID, ProductID: p.ID, ProductTitle: p.Info.Title, ProductStatus: string(p.Status),
		Terms:             termsView(offer.Terms, offer.Published),
		CanChangePricing:  s.mayChangePublicPricing(c, p),
		CanOfferPrivately: p.OffersPrivately() && s.can(c, domain.ActionStartChangeSet, domain.AnyResource),
		Agreements:        s.agreementRows(all, map[string]string{p.ID: p.Info.Title}, now),
	}
	return s.render(c, http.StatusOK, seller.PublicOffer(v))
}

// summaryOfTerms says in a few words what terms charge.
func summaryOfTerms(t domain.Terms, published bool) seller.PricingSummary {
	return summaryOfPrices(t.Pricing, t.Prices, t.TrialDays, published)
}

func summaryOfPrices(pricing domain.PricingModel, prices []domain.InstancePrice, trialDays int,
	published bool) seller.PricingSummary {
	s := seller.PricingSummary{Published: published, Model: string(pricing), TrialDays: trialDays}
	if !pricing.Paid() {
		s.Model = string(domain.PricingFree)
		return s
	}
	s.Count = len(prices)
	if len(prices) > 0 {
		lowest := prices[0].HourlyMillis
		for _, p := range prices[1:] {
			lowest = min(lowest, p.HourlyMillis)
		}
		s.Lowest = domain.FormatUSD(lowest)
	}
	return s
}

// termsView shows terms: the pricing, every price, and the legal terms.
func termsView(t domain.Terms, published bool) seller.TermsView {
	v := seller.TermsView{Pricing: summaryOfTerms(t, published), StandardContract: t.StandardContract, EULA: t.EULA}
	if t.Pricing.Paid() {
		v.Prices = priceLines(t.Prices)
	}
	return v
}

func priceLines(prices []domain.InstancePrice) []seller.PriceLine {
	out := make([]seller.PriceLine, 0, len(prices))
	for _, p := range prices {
		out = append(out, seller.PriceLine{Use: string(p.Use), InstanceType: p.InstanceType, Price: domain.FormatUSD(p.HourlyMillis)})
	}
	return out
}
