package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

const reportsPath = "/management/reports"

// reportRoutes registers the seller's reports and their CSV export; both
// read the seller's agreements, so both need ListEntities.
func (s *Server) reportRoutes(g *echo.Group) {
	list := s.allow(domain.ActionListEntities, anyResource)
	g.GET(reportsPath, s.showReports, list)
	g.GET(reportsPath+"/weekly.csv", s.downloadWeeklyCSV, list)
}

// showReports shows the report of all the seller's products, or of the
// one in ?product=.
func (s *Server) showReports(c echo.Context) error {
	r, err := s.sellerReport(c)
	if err != nil {
		return err
	}
	choice, err := s.productChoice(c, domain.ProductChoiceQuery{}, r.ProductID)
	if err != nil {
		return err
	}
	v := seller.ReportView{Page: s.page(c, "reports.title", "reports", layout.Crumb{LabelKey: "reports.title"}),
		ProductID: r.ProductID, Products: reportProducts(choice), Finder: productFinder(choice, reportsPath), AsOf: formatTime(r.Now), CSVPath: reportsPath + "/weekly.csv",
		Figures: seller.ReportFigures{Active: r.Active, InTrial: r.InTrial, MonthlyEstimate: domain.FormatUSD(r.MonthlyEstimate),
			OffersExtended: r.OffersExtended, OffersAccepted: r.OffersAccepted, TestAgreements: r.TestAgreements},
		Weeks: reportWeekRows(r)}
	return s.render(c, http.StatusOK, seller.Reports(v))
}

// sellerReport is the report the query asks for.
func (s *Server) sellerReport(c echo.Context) (*domain.Report, error) {
	return s.app.SellerReport(c.Request().Context(), s.who(c), c.QueryParam("product"))
}

// reportProducts are the choices of products of the report page.
func reportProducts(choice *app.ProductChoice) []seller.ReportProduct {
	products := make([]seller.ReportProduct, len(choice.Products))
	for i, p := range choice.Products {
		products[i] = seller.ReportProduct{ID: p.ID, Title: p.Title}
	}
	return products
}

func reportWeekRows(r *domain.Report) []seller.ReportWeekRow {
	rows := make([]seller.ReportWeekRow, len(r.Weeks))
	for i, w := range r.Weeks {
		rows[i] = seller.ReportWeekRow{Week: w.Week, Year: w.Year, Start: formatDate(w.Start), Current: i == len(r.Weeks)-1,
			New: w.New, Cancelled: w.Cancelled, ActiveAtEnd: w.ActiveAtEnd, TrialsStarted: w.TrialsStarted,
			TrialsConverted: w.TrialsConverted, OffersExtended: w.OffersExtended, OffersAccepted: w.OffersAccepted}
	}
	return rows
}
