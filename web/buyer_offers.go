package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/buyer"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// Messages of the buyer's private offer and agreement pages.
const (
	msgBuyerOfferAccepted domain.Message = "buyeroffers.accepted_flash"
	msgBuyerOfferRefused  domain.Message = "buyeroffers.cannot_accept"
	msgBuyerTermsRequired domain.Message = "buyeroffers.accept_terms_required"
)

// buyerOfferRoutes registers the buyer's private offers and agreements.
func (s *Server) buyerOfferRoutes(g *echo.Group) {
	view := s.allow(domain.ActionViewSubscriptions, anyResource)
	g.GET("/marketplace/private-offers", s.listBuyerOffers, view)
	g.GET("/marketplace/private-offers/:offerID", s.showBuyerOffer, view)
	g.POST("/marketplace/private-offers/:offerID/accept", s.acceptBuyerOffer, s.allow(domain.ActionSubscribe, anyResource))
	g.GET("/agreements", s.listBuyerAgreements, view)
	g.GET("/agreements/:agreementID", s.showBuyerAgreement, view)
}

func buyerAcceptInputs() inputNames {
	return inputNames{domain.FieldEULAAccepted: "accept_terms"}
}

// buyerOfferLastDay is the last day an offer can be accepted: it expires at the
// start of the next.
func buyerOfferLastDay(o *domain.PrivateOffer) string {
	return formatDate(o.ExpiresAt.Add(-time.Nanosecond))
}

func buyerOffersCrumb() layout.Crumb {
	return layout.Crumb{LabelKey: "nav.private_offers", Href: "/marketplace/private-offers"}
}

// listBuyerOffers lists the private offers extended to the account.
func (s *Server) listBuyerOffers(c echo.Context) error {
	offers, err := s.app.BuyerOfferList(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	v := buyer.PrivateOffersView{Page: s.page(c, "buyeroffers.offers_title", "buyer-private-offers",
		layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"}, layout.Crumb{LabelKey: "nav.private_offers"})}
	for _, o := range offers {
		v.Offers = append(v.Offers, buyer.PrivateOfferRow{ID: o.Offer.ID, Name: o.Offer.Name, ProductID: o.Offer.ProductID,
			ProductTitle: o.ProductTitle, Seller: o.SellerName, Expires: buyerOfferLastDay(&o.Offer), Status: string(o.Status)})
	}
	return s.render(c, http.StatusOK, buyer.PrivateOffers(v))
}

// showBuyerOffer shows an offer's terms for review; an offer not
// extended to the account is not found.
func (s *Server) showBuyerOffer(c echo.Context) error {
	return s.renderBuyerOffer(c, http.StatusOK, components.Form{})
}

func (s *Server) renderBuyerOffer(c echo.Context, status int, form components.Form) error {
	o, err := s.app.BuyerOfferReview(c.Request().Context(), s.who(c), c.Param("offerID"))
	if err != nil {
		return err
	}
	if status == http.StatusConflict && o.Status == app.OfferAvailable {
		// Refused for a reason the offer's status does not tell.
		showRefusalNow(c, domain.Errorf(domain.ECONFLICT, msgBuyerOfferRefused))
	}
	v := buyer.PrivateOfferView{
		Page: s.page(c, "buyeroffers.review_title", "buyer-private-offers",
			layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"}, buyerOffersCrumb(), layout.Crumb{Label: o.Offer.Name}),
		ID: o.Offer.ID, Name: o.Offer.Name, ProductID: o.Offer.ProductID, ProductTitle: o.ProductTitle, Seller: o.SellerName,
		Status: string(o.Status), Expires: buyerOfferLastDay(&o.Offer), DurationMonths: o.Offer.DurationMonths,
		Prices: buyerPriceRows(o.Offer.Terms.Prices), EULA: o.Offer.Terms.EULA, StandardContract: o.Offer.Terms.StandardContract,
		Form: form,
	}
	// Refused just now, the page tells why instead of offering the form again.
	v.CanAccept = o.Status == app.OfferAvailable && status != http.StatusConflict &&
		s.can(c, domain.ActionSubscribe, domain.AnyResource)
	if o.AgreementID != "" {
		v.AgreementURL = "/agreements/" + o.AgreementID
	}
	return s.render(c, status, buyer.PrivateOffer(v))
}

// acceptBuyerOffer makes the agreement once the buyer ticked that it
// accepts the terms, and shows it.
func (s *Server) acceptBuyerOffer(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	ctx := c.Request().Context()
	ag, err := s.app.AcceptPrivateOffer(ctx, s.who(c), c.Param("offerID"), postValue(c, "accept_terms") == "on")
	switch domain.ErrorCode(err) {
	case "":
		return s.flashAndRedirect(c, msgBuyerOfferAccepted, nil, "/agreements/"+ag.ID)
	case domain.EINVALID:
		form := formFromError(nil, err, buyerAcceptInputs())
		if form.Errors["accept_terms"] == string(domain.MsgAcceptEULA) {
			form.Errors["accept_terms"] = string(msgBuyerTermsRequired)
		}
		return s.renderBuyerOffer(c, http.StatusUnprocessableEntity, form)
	case domain.ECONFLICT:
		// Expired, already accepted, or its product removed: the page says
		// where the offer stands, without the form.
		return s.renderBuyerOffer(c, http.StatusConflict, components.Form{})
	}
	return err
}

// buyerPriceRows lists prices as the buyer's pages show them.
func buyerPriceRows(prices []domain.InstancePrice) []buyer.PriceRow {
	rows := make([]buyer.PriceRow, 0, len(prices))
	for _, p := range prices {
		rows = append(rows, buyer.PriceRow{UseKey: "listing.use_" + string(p.Use), InstanceType: p.InstanceType,
			Price: domain.FormatUSD(p.HourlyMillis)})
	}
	return rows
}
