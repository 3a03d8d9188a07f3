package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
)

// submitForPublishing schedules the product to become a test product after
// the publishing delay.
func (s *Server) submitForPublishing(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	// The use case loads the product in the signed-in account; a page it
	// re-renders loads what it shows.
	id := c.Param("id")
	accounts := postValue(c, "test_accounts")
	var submitted *domain.Product
	if err == nil {
		submitted, err = s.app.SubmitForPublishing(c.Request().Context(), s.who(c), id, formRevision(c), accounts)
	}
	switch {
	case err == nil:
		return s.flashAndRedirect(c, msgSubmitted, map[string]string{"At": formatTime(submitted.PublishDueAt)}, productPath(id))
	case domain.ErrorCode(err) == domain.EINVALID && len(domain.AsError(err).Fields) > 0:
		form := formFromError(map[string]string{"test_accounts": accounts}, err, publishInputs())
		return s.renderOverview(c, http.StatusUnprocessableEntity, form)
	case domain.ErrorCode(err) == domain.EINVALID || domain.ErrorCode(err) == domain.ECONFLICT:
		return s.flashError(c, domain.AsError(err).Message, productPath(id))
	}
	return err
}

// signOff publishes a product in test.
func (s *Server) signOff(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	// The use case loads the product in the signed-in account; a page it
	// re-renders loads what it shows.
	id := c.Param("id")
	_, err := s.app.SignOff(c.Request().Context(), s.who(c), id, formRevision(c))
	switch {
	case err == nil:
		return s.flashAndRedirect(c, msgPublished, nil, productPath(id))
	case domain.ErrorCode(err) == domain.ECONFLICT:
		// Refused by the lifecycle: the overview says why, and nothing
		// changed.
		showRefusalNow(c, err)
		return s.renderOverview(c, http.StatusConflict, components.Form{})
	}
	return err
}
