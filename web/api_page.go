package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// apiPagePath is Products > Machine learning > Use the API. The static
// segment wins over the product ID route beside it.
const apiPagePath = productsBase + "/api"

// showAPIPage shows how to call the Catalog API: the endpoint, the signing
// and copyable examples filled in with the account's own values.
func (s *Server) showAPIPage(c echo.Context) error {
	// The examples name the most recently changed product: one page read,
	// where a seller may have 100,000.
	newest, err := s.app.ProductsPageOf(c.Request().Context(), s.who(c), "")
	if err != nil {
		return err
	}
	endpoint, guessed := s.apiEndpoint(c)
	crumbs := productCrumbs(layout.Crumb{LabelKey: "catalogapi.title"})
	v := seller.APIView{
		Page:            s.page(c, "catalogapi.title", "products-ml-api", crumbs...),
		Endpoint:        endpoint,
		EndpointGuessed: guessed,
		AccountID:       accountID(c),
		Actions:         catalogAPIActions(),
	}
	if len(newest.Products) > 0 {
		v.ProductID = newest.Products[0].ID
	}
	return s.render(c, http.StatusOK, seller.API(v))
}

// apiEndpoint is the address API clients should use: the configured public
// address when there is one. Otherwise it is made from the request, which
// any client can forge, so it is only ever shown back, flagged as guessed.
func (s *Server) apiEndpoint(c echo.Context) (url string, guessed bool) {
	if base := s.app.Services.Auth.Links.Base; base != "" {
		return base, false
	}
	return c.Scheme() + "://" + c.Request().Host, true
}

// catalogAPIActions are the actions of the Catalog API task, the list the
// IAM page's Permissions required section shows too.
func catalogAPIActions() []string {
	for _, t := range domain.Tasks() {
		if t.NameKey == domain.MsgTaskUseCatalogAPI {
			return t.Actions
		}
	}
	return nil
}
