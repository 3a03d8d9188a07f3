package web

import (
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// cancelConfirmation asks a buyer to confirm cancelling the subscription to
// product id; final says the product was removed, so it cannot be
// subscribed to again.
func (s *Server) cancelConfirmation(c echo.Context, id, title string, final bool) confirmation {
	back := "/marketplace/pp/" + id
	cf := confirmation{
		action: "marketplace.cancel", item: id, name: title,
		titleKey: "confirm.cancel_title", leadKey: "confirm.cancel_lead", submitKey: "confirm.cancel_submit",
		path: back + "/cancel", cancel: back,
		nav: "marketplace", crumbs: []layout.Crumb{{LabelKey: "nav.marketplace", Href: "/marketplace"}, {Label: title, Href: back}},
	}
	if final {
		cf.details = []string{s.translator(c).Translate("buyer.cancel_removed_warning", nil)}
	}
	return cf
}

// cancelConfirmationFor asks to confirm cancelling the subscription to the
// product of the address, as the buyer sees it.
func (s *Server) cancelConfirmationFor(c echo.Context) (confirmation, error) {
	listing, err := s.app.MarketplaceListing(c.Request().Context(), s.who(c), c.Param("id"), nil)
	if err != nil {
		return confirmation{}, err
	}
	p := listing.Product
	if !listing.Access.Full() {
		return confirmation{}, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return s.cancelConfirmation(c, p.ID, p.Info.Title, listing.Access.Actions(p).CancelIsFinal), nil
}

// cancelConfirmView is the product page's modal confirming a cancellation.
func (s *Server) cancelConfirmView(c echo.Context, id, title string, final bool) components.Confirm {
	return s.confirmView(c, s.cancelConfirmation(c, id, title, final))
}

// confirmedCancel lets a cancellation through only once confirmed; the
// cancellation itself is next's.
func (s *Server) confirmedCancel(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := parseForm(c); err != nil {
			return err
		}
		cf, err := s.cancelConfirmationFor(c)
		if err != nil {
			return err
		}
		if ok, err := s.confirmed(c, cf); !ok {
			return err
		}
		return next(c)
	}
}
