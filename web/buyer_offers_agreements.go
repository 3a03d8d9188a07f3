package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/buyer"
	"github.com/mlportal/portal/views/layout"
)

// listBuyerAgreements lists the account's agreements.
func (s *Server) listBuyerAgreements(c echo.Context) error {
	agreements, err := s.app.BuyerAgreementList(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	now := s.cfg.Clock.Now()
	v := buyer.AgreementsView{Page: s.page(c, "buyeroffers.agreements_title", "buyer-agreements",
		layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"}, layout.Crumb{LabelKey: "nav.buyer_agreements"})}
	for _, a := range agreements {
		v.Agreements = append(v.Agreements, buyerAgreementRow(a, now))
	}
	return s.render(c, http.StatusOK, buyer.Agreements(v))
}

// showBuyerAgreement shows one of the account's agreements as accepted, with
// the price changes scheduled since; any other agreement is not found.
func (s *Server) showBuyerAgreement(c echo.Context) error {
	a, err := s.app.BuyerAgreementDetail(c.Request().Context(), s.who(c), c.Param("agreementID"))
	if err != nil {
		return err
	}
	now := s.cfg.Clock.Now()
	ag := &a.Agreement
	v := buyer.AgreementView{
		Page: s.page(c, "buyeroffers.agreement_title", "buyer-agreements",
			layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"},
			layout.Crumb{LabelKey: "nav.buyer_agreements", Href: "/agreements"}, layout.Crumb{Label: a.ProductTitle}),
		AgreementRow: buyerAgreementRow(*a, now), Seller: a.SellerName, Prices: buyerPriceRows(ag.Terms.Prices),
		Free: !ag.Terms.Pricing.Paid(), EULA: ag.Terms.EULA, StandardContract: ag.Terms.StandardContract,
	}
	if ag.Terms.Pricing == domain.PricingPaidTrial {
		v.TrialDays = ag.Terms.TrialDays
	}
	for _, st := range ag.Steps {
		step := buyer.PriceStepView{From: formatDate(st.At), Free: !st.Pricing.Paid(), Pending: st.At.After(now)}
		if !step.Free {
			step.Prices = buyerPriceRows(st.Prices)
		}
		v.Steps = append(v.Steps, step)
	}
	return s.render(c, http.StatusOK, buyer.Agreement(v))
}

func buyerAgreementRow(a app.BuyerAgreement, now time.Time) buyer.AgreementRow {
	ag := &a.Agreement
	return buyer.AgreementRow{ID: ag.ID, ProductID: ag.ProductID, ProductTitle: a.ProductTitle, OfferName: a.OfferName,
		Private: ag.Private, Start: formatDate(ag.StartAt), End: formatDate(ag.EndAt), TrialEnd: formatDate(ag.TrialEndAt),
		Status: string(ag.StatusAt(now)), Price: buyerPriceSummary(ag, now)}
}

// buyerPriceSummary names what the agreement costs at now: free, in its free
// trial, or its least expensive hourly price.
func buyerPriceSummary(ag *domain.Agreement, now time.Time) buyer.PriceSummary {
	pricing, prices := ag.PricingAt(now)
	switch {
	case !pricing.Paid() || len(prices) == 0:
		return buyer.PriceSummary{Key: "buyeroffers.price_free"}
	case ag.InTrial(now):
		return buyer.PriceSummary{Key: "buyeroffers.price_trial", Data: map[string]any{"Date": formatDate(ag.TrialEndAt)}}
	}
	lowest := prices[0].HourlyMillis
	for _, p := range prices[1:] {
		lowest = min(lowest, p.HourlyMillis)
	}
	return buyer.PriceSummary{Key: "buyeroffers.price_from", Data: map[string]any{"Price": domain.FormatUSD(lowest),
		"Count": strconv.Itoa(len(prices))}}
}
