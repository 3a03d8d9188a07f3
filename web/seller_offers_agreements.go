package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

func agreementCrumbs(extra ...layout.Crumb) []layout.Crumb {
	return append([]layout.Crumb{{LabelKey: "nav.agreements", Href: agreementsBase}}, extra...)
}

// listAgreements shows the seller's agreements, filtered by product and
// by status (as of now). A status the portal does not know filters
// nothing.
func (s *Server) listAgreements(c echo.Context) error {
	ctx := c.Request().Context()
	q := domain.AgreementQuery{ProductID: c.QueryParam("product"), Status: domain.AgreementStatus(c.QueryParam("status"))}
	if !slices.Contains(domain.AgreementStatuses, q.Status) {
		q.Status = ""
	}
	choice, err := s.productChoice(c, domain.ProductChoiceQuery{}, q.ProductID)
	if err != nil {
		return err
	}
	v := seller.AgreementsView{Page: s.page(c, "offers.agreements_title", "agreements", layout.Crumb{LabelKey: "nav.agreements"}),
		Status: string(q.Status)}
	if q.Status != "" {
		v.Finder = productFinder(choice, agreementsBase, components.Hidden{Name: "status", Value: string(q.Status)})
	} else {
		v.Finder = productFinder(choice, agreementsBase)
	}
	for _, p := range choice.Products {
		v.Products = append(v.Products, components.Option{Value: p.ID, Label: p.Label()})
		if p.ID == q.ProductID {
			v.ProductID = p.ID
		}
	}
	if v.ProductID == "" && q.ProductID != "" {
		// Another account's product, or none: nothing of this seller's.
		q.ProductID = "prod-none"
	}
	for _, st := range domain.AgreementStatuses {
		v.Statuses = append(v.Statuses, components.Option{Value: string(st), LabelKey: "offers.agreement_status_" + string(st)})
	}
	v.Filtered = c.QueryParam("product") != "" || c.QueryParam("status") != ""
	agreements, err := s.app.SellerAgreements(ctx, s.who(c), q)
	if err != nil {
		return err
	}
	titles, err := s.app.ProductTitles(ctx, s.who(c), agreementProducts(agreements))
	if err != nil {
		return err
	}
	v.Rows = s.agreementRows(agreements, titles, s.cfg.Clock.Now())
	return s.render(c, http.StatusOK, seller.Agreements(v))
}

// agreementProducts are the products the agreements are for.
func agreementProducts(agreements []domain.Agreement) []string {
	ids := make([]string, len(agreements))
	for i := range agreements {
		ids[i] = agreements[i].ProductID
	}
	return ids
}

// agreementRows shows agreements with their products' titles.
func (s *Server) agreementRows(agreements []domain.Agreement, titles map[string]string, now time.Time) []seller.AgreementRow {
	rows := make([]seller.AgreementRow, 0, len(agreements))
	for i := range agreements {
		rows = append(rows, agreementRow(&agreements[i], titles[agreements[i].ProductID], now))
	}
	return rows
}

func agreementRow(a *domain.Agreement, title string, now time.Time) seller.AgreementRow {
	return seller.AgreementRow{ID: a.ID, ProductID: a.ProductID, ProductTitle: title, Buyer: a.BuyerAccountID,
		OfferID: a.OfferID, Private: a.Private, Start: formatDate(a.StartAt), End: formatDate(a.EndAt),
		TrialEnd: formatDate(a.TrialEndAt), Prices: currentTerms(a, now).Pricing, Status: string(a.StatusAt(now))}
}

// currentTerms are the agreement's prices in force at now: a trial is
// mentioned only while it lasts.
func currentTerms(a *domain.Agreement, now time.Time) seller.TermsView {
	pricing, prices := a.PricingAt(now)
	if pricing == domain.PricingPaidTrial && !a.InTrial(now) {
		pricing = domain.PricingPaid
	}
	v := termsView(domain.Terms{Pricing: pricing, Prices: prices}, true)
	if pricing == domain.PricingPaidTrial {
		v.Pricing.TrialDays = a.Terms.TrialDays
	}
	return v
}

// showAgreement shows one of the seller's agreements: another account's
// is not found.
func (s *Server) showAgreement(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := s.app.Agreement(ctx, s.who(c), c.Param("agreementID"))
	if err != nil {
		return err
	}
	if a.SellerAccountID != accountID(c) {
		// The buyer's side of the agreement has a page of its own.
		return redirect(c, "/agreements/"+a.ID)
	}
	p, err := s.app.ProductView(ctx, s.who(c), a.ProductID)
	if err != nil {
		return err
	}
	title := p.Info.Title
	now := s.cfg.Clock.Now()
	v := seller.AgreementView{
		Page:    s.page(c, "offers.agreement", "agreements", agreementCrumbs(layout.Crumb{Label: a.ID})...),
		Row:     agreementRow(a, title, now),
		Terms:   termsView(a.Terms, true),
		Current: currentTerms(a, now),
		EndedAt: formatTime(a.EndedAt),
		Test:    a.Test,
	}
	for _, st := range a.Steps {
		v.Steps = append(v.Steps, seller.PriceStepRow{At: formatTime(st.At), Pending: st.At.After(now),
			Terms: termsView(domain.Terms{Pricing: st.Pricing, Prices: st.Prices}, true)})
	}
	return s.render(c, http.StatusOK, seller.Agreement(v))
}
