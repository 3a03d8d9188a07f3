package web

import (
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/components"
)

// productChoice reads the choice of the seller's products a page lists:
// those q asks for, found by the address's find text, with chosen (the
// product chosen already) kept among them. A seller with 100,000 products
// got pages of 9 MB, every product an option.
func (s *Server) productChoice(c echo.Context, q domain.ProductChoiceQuery, chosen string) (*app.ProductChoice, error) {
	q.Find = c.QueryParam("find")
	return s.app.ChooseProducts(c.Request().Context(), s.who(c), q, chosen)
}

// productFinder is the find box over a choice, at action with keep, or nil
// when the choice lists every product that matches and none was looked up.
func productFinder(choice *app.ProductChoice, action string, keep ...components.Hidden) *components.Finder {
	if !choice.Limited() {
		return nil
	}
	return &components.Finder{Action: action, Keep: keep, Find: choice.Find, Matching: choice.Matching,
		Shown: min(choice.Matching, domain.MaxProductChoices)}
}
