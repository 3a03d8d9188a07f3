package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/operations"
	"github.com/mlportal/portal/views/seller"
)

// operationsRoutes registers the Seller Operations desk, for operators only.
func (s *Server) operationsRoutes(g *echo.Group) {
	op := g.Group("/operations", s.requireOperator)
	op.GET("", s.showDesk)
	op.POST("/requests/:rid/approve", s.decideRequest(true))
	op.POST("/requests/:rid/reject", s.decideRequest(false))
}

// requireOperator lets only Seller Operations users through.
func (s *Server) requireOperator(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u := currentUser(c); u == nil || !u.IsOperator() {
			return domain.Errorf(domain.EFORBIDDEN, domain.MsgForbidden)
		}
		return next(c)
	}
}

func (s *Server) showDesk(c echo.Context) error {
	desk, err := s.app.OperationsDesk(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	v := operations.DeskView{Page: s.page(c, "operations.title", "operations", layout.Crumb{LabelKey: "nav.operations"})}
	for _, r := range desk.Open {
		v.Open = append(v.Open, requestRow(r, desk.Titles))
	}
	for _, r := range desk.Decided {
		v.Decided = append(v.Decided, requestRow(r, desk.Titles))
	}
	for _, p := range desk.Removed {
		if r := p.Removal; r != nil {
			v.Removals = append(v.Removals, operations.RemovalRow{ProductID: p.ID, ProductTitle: p.Info.Title, SellerAccount: p.AccountID,
				Email: r.Email, Reason: r.Reason, ReplacementID: r.ReplacementID, Removed: formatTime(r.At), SupportUntil: formatDate(r.SupportUntil)})
		}
	}
	return s.render(c, http.StatusOK, operations.Desk(v))
}

func requestRow(r domain.TestAccountRequest, titles map[string]string) operations.RequestRow {
	title := r.ProductID
	if t := titles[r.ProductID]; t != "" {
		title = t
	}
	return operations.RequestRow{ID: strconv.FormatInt(r.ID, 10), ProductID: r.ProductID, ProductTitle: title,
		SellerAccount: r.AccountID, Accounts: strings.Join(r.Accounts, ", "), Message: r.Message, CreatedBy: r.CreatedBy,
		Created: formatTime(r.CreatedAt), StateKey: "operations.state_" + string(r.State), DecidedBy: r.DecidedBy, Decided: formatTime(r.DecidedAt)}
}

// decideRequest approves or rejects a request, once.
func (s *Server) decideRequest(approve bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := parseForm(c); err != nil {
			return err
		}
		id, err := strconv.ParseInt(c.Param("rid"), 10, 64)
		if err != nil {
			return echo.ErrNotFound
		}
		_, err = s.app.DecideTestAccountRequest(c.Request().Context(), s.who(c), id, approve)
		switch domain.ErrorCode(err) {
		case "":
			msg := msgRequestRejected
			if approve {
				msg = msgRequestApproved
			}
			return s.flashAndRedirect(c, msg, nil, "/operations")
		case domain.ECONFLICT:
			// Already decided, or too many test accounts: say why, change nothing.
			return s.flashRefusal(c, err, "/operations")
		}
		return err
	}
}

// requestTestAccounts files the seller's request for more test accounts.
func (s *Server) requestTestAccounts(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	// The use case loads the product in the signed-in account; a page it
	// re-renders loads what it shows.
	id := c.Param("id")
	accounts, message := postValue(c, "request_accounts"), postValue(c, "request_message")
	if err == nil {
		_, err = s.app.RequestTestAccounts(c.Request().Context(), s.who(c), id, accounts, message)
	}
	if domain.ErrorCode(err) == domain.EINVALID {
		form := formFromError(map[string]string{"request_accounts": accounts, "request_message": message}, err,
			testAccountRequestInputs())
		return s.renderOverview(c, http.StatusUnprocessableEntity, form)
	} else if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgRequestFiled, nil, productPath(id))
}

// requestRows shows a product's requests for more test accounts.
func requestRows(list []domain.TestAccountRequest) []seller.RequestRow {
	rows := make([]seller.RequestRow, 0, len(list))
	for _, r := range list {
		rows = append(rows, seller.RequestRow{Accounts: strings.Join(r.Accounts, ", "), StateKey: "operations.state_" + string(r.State), Created: formatTime(r.CreatedAt)})
	}
	return rows
}
