package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// showHome renders the portal's home page: the account and the road to a
// published ML product.
func (s *Server) showHome(c echo.Context) error {
	user, account := currentUser(c), currentAccount(c)
	v := seller.HomeView{
		Page:        s.page(c, "home.title", "home", layout.Crumb{LabelKey: "nav.home"}),
		AccountName: account.Name,
		AccountID:   account.ID,
		Email:       user.Email,
		RoleKey:     "role." + string(user.Role),
		Steps:       publishingSteps(),
	}
	ctx := c.Request().Context()
	buyer, err := s.buyerHome(c)
	if err != nil {
		return err
	}
	v.Buyer = buyer
	notices, err := s.app.Notifications(ctx, s.who(c), 10)
	if err != nil {
		return err
	}
	for _, n := range notices {
		// Notifications from before titles were kept name the product by ID.
		data := map[string]any{"Title": n.Data["Product"]}
		for k, val := range n.Data {
			data[k] = val
		}
		href := n.Data["Link"]
		if !strings.HasPrefix(href, "/") {
			href = productPath(n.Data["Product"])
		}
		v.Notices = append(v.Notices, seller.Notice{Key: string(n.Message), Data: data, At: formatTime(n.CreatedAt), Unread: !n.Read,
			Href: href})
	}
	return s.render(c, http.StatusOK, seller.Home(v))
}

// buyerHome is the core's summary of what an account that sells nothing
// has bought and may accept, as the home page shows it; nil for a seller.
func (s *Server) buyerHome(c echo.Context) (*seller.BuyerHome, error) {
	sum, err := s.app.BuyerHome(c.Request().Context(), s.who(c))
	if err != nil || sum == nil {
		return nil, err
	}
	return &seller.BuyerHome{Subscriptions: sum.Subscriptions, Offers: sum.Offers, Agreements: sum.Agreements}, nil
}

// markNotificationsRead marks every notification of the account read, on
// the user's request: showing them does not.
func (s *Server) markNotificationsRead(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	if err := s.app.MarkNotificationsRead(c.Request().Context(), s.who(c)); err != nil {
		return err
	}
	return redirect(c, "/")
}

// publishingSteps is the road from an empty account to a live ML product.
func publishingSteps() []seller.Step {
	return []seller.Step{
		{TitleKey: "home.step_register_title", BodyKey: "home.step_register_body", Href: "/settings", LinkKey: "nav.settings"},
		{TitleKey: "home.step_resource_title", BodyKey: "home.step_resource_body", Href: "/sagemaker/model-packages", LinkKey: "nav.model_packages"},
		{TitleKey: "home.step_listing_title", BodyKey: "home.step_listing_body", Href: "/management/products/ml", LinkKey: "nav.products_ml"},
		{TitleKey: "home.step_test_title", BodyKey: "home.step_test_body", Href: "/management/products/ml", LinkKey: "nav.products_ml"},
		{TitleKey: "home.step_publish_title", BodyKey: "home.step_publish_body", Href: "/marketplace", LinkKey: "nav.marketplace"},
	}
}

func flashOf(kind string, key domain.Message) layout.Flash {
	return layout.Flash{Kind: kind, Key: string(key)}
}
