package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// updateRoutes registers the pages that update a published product: its
// Versions page with "Restrict version", and "Unpublish listing".
func (s *Server) updateRoutes(g *echo.Group) {
	describe := s.allow(domain.ActionDescribeEntity, productResource)
	change := s.allow(domain.ActionStartChangeSet, productResource)
	g.GET(productsBase+"/:id/versions", s.showVersions, describe)
	g.GET(productsBase+"/:id/versions/restrict", s.showRestrictConfirmation, change)
	g.POST(productsBase+"/:id/versions/restrict", s.confirmedRestrict(s.restrictVersions), change)
	g.GET(productsBase+"/:id/unpublish", s.showUnpublish, change)
	g.POST(productsBase+"/:id/unpublish", s.unpublish, change)
}

// showVersions renders the Versions page.
func (s *Server) showVersions(c echo.Context) error {
	return s.renderVersions(c, http.StatusOK, components.Form{})
}

// renderVersions renders the Versions page; form keeps a refused choice.
func (s *Server) renderVersions(c echo.Context, status int, form components.Form) error {
	return s.renderVersionsChecked(c, status, form, c.Request().PostForm["version"])
}

// renderVersionsChecked renders the Versions page with the versions chosen
// (ids) ticked.
func (s *Server) renderVersionsChecked(c echo.Context, status int, form components.Form, ids []string) error {
	p, versions, resources, err := s.pathProductVersions(c)
	if err != nil {
		return err
	}
	subs, err := s.app.ProductSubscriptions(c.Request().Context(), s.who(c), p.ID)
	if err != nil {
		return err
	}
	v := seller.VersionsView{
		Page:      s.page(c, "versions.title", "products-ml", append(productNameCrumbs(p), layout.Crumb{LabelKey: "versions.title"})...),
		ProductID: p.ID, Title: p.Info.Title, Status: string(p.Status), Revision: p.Revision, Form: form,
	}
	viewer := domain.SellerViewer{MayChange: s.can(c, domain.ActionStartChangeSet, productResource(c))}
	actions := domain.ProductActionsOf(p, versions, nil, viewer)
	v.Actions = seller.ProductActions(actions)
	checked := map[string]bool{}
	for _, id := range ids {
		checked[id] = true
	}
	edit := versionRows(p, versions, resources)
	for i, ver := range versions {
		id := strconv.FormatInt(ver.ID, 10)
		v.Rows = append(v.Rows, seller.VersionsRow{ID: id, Number: ver.Number, ARN: ver.ResourceARN, Status: string(ver.Status),
			Created: formatDate(ver.CreatedAt), Submitted: formatDate(ver.SubmittedAt), Released: formatDate(ver.ReleasedAt),
			Restricted: formatDate(ver.RestrictedAt), Subscribers: domain.VersionUsers(p, ver, subs), RestrictPending: ver.RestrictPending,
			Restrictable: actions.Restrictable[ver.ID], Checked: checked[id], Href: edit[i].Href})
	}
	return s.render(c, status, seller.Versions(v))
}

// restrictVersions marks the chosen versions for restriction; the next
// submission for publishing applies it.
func (s *Server) restrictVersions(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	// The use case loads the product in the signed-in account; a page it
	// re-renders loads what it shows.
	id := c.Param("id")
	_, err := s.app.RestrictVersions(c.Request().Context(), s.who(c), id, formRevision(c), c.Request().PostForm["version"])
	switch {
	case err == nil:
		return s.flashAndRedirect(c, msgRestrictionChosen, nil, productPath(id, "versions"))
	case domain.ErrorCode(err) == domain.EINVALID:
		return s.renderVersions(c, http.StatusUnprocessableEntity, formFromError(nil, err, restrictInputs()))
	case staleRevision(err):
		// The page shows the fresh versions with the choice kept.
		return s.renderVersions(c, http.StatusConflict, components.Form{Errors: map[string]string{"versions": string(domain.MsgChangedSinceOpened)}})
	case domain.ErrorCode(err) == domain.ECONFLICT:
		return s.flashError(c, domain.AsError(err).Message, productPath(id, "versions"))
	}
	return err
}

// showUnpublish renders "Unpublish listing".
func (s *Server) showUnpublish(c echo.Context) error {
	return s.renderUnpublish(c, http.StatusOK, components.Form{})
}

func (s *Server) renderUnpublish(c echo.Context, status int, form components.Form) error {
	p, err := s.pathProduct(c)
	if err != nil {
		return err
	}
	if err := p.CanUnpublish(); err != nil {
		return s.flashError(c, domain.AsError(err).Message, productPath(p.ID))
	}
	choice, err := s.app.ReplacementChoice(c.Request().Context(), s.who(c), p.ID, c.QueryParam("find"), form.Value("replacement"))
	if err != nil {
		return err
	}
	v := seller.UnpublishView{
		Page:      s.page(c, "unpublish.title", "products-ml", append(productNameCrumbs(p), layout.Crumb{LabelKey: "unpublish.title"})...),
		ProductID: p.ID, Title: p.Info.Title, Revision: p.Revision, Form: form,
		ConfirmName: productTitle(p), ConfirmToken: s.confirmView(c, unpublishConfirmation(p)).Token,
		SupportUntil: formatDate(domain.SupportEnd(s.cfg.Clock.Now())),
	}
	for _, o := range choice.Products {
		v.Replacements = append(v.Replacements, components.Option{Value: o.ID, Label: o.Title + " (" + o.ID + ")"})
	}
	if v.Finder = productFinder(choice, productPath(p.ID, "unpublish")); v.Finder != nil {
		v.Finder.LabelKey = "finder.replacement_label"
	}
	return s.render(c, status, seller.Unpublish(v))
}

// unpublish removes the listing from AWS Marketplace.
func (s *Server) unpublish(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	// The use case loads the product in the signed-in account; a page it
	// re-renders loads what it shows.
	id := c.Param("id")
	req := domain.Removal{Email: postValue(c, "email"), Reason: postValue(c, "reason"), ReplacementID: postValue(c, "replacement")}
	values := map[string]string{"email": req.Email, "reason": req.Reason, "replacement": req.ReplacementID,
		components.ConfirmNameField: postValue(c, components.ConfirmNameField)}
	if err == nil {
		p, err := s.pathProduct(c)
		if err != nil {
			return err
		}
		if form := (components.Form{Values: values}); !s.unpublishConfirmed(c, p, &form) {
			// The fields' own problems are said at the same time.
			for path, msg := range req.Validate() {
				if name := unpublishInputs().input(path); form.Errors[name] == "" {
					form.Errors[name] = string(msg)
				}
			}
			return s.renderUnpublish(c, http.StatusUnprocessableEntity, form)
		}
	}
	var removed *domain.Product
	if err == nil {
		removed, err = s.app.Unpublish(c.Request().Context(), s.who(c), id, formRevision(c), req)
	}
	switch {
	case err == nil:
		return s.flashAndRedirect(c, msgUnpublished, map[string]string{"Until": formatDate(removed.Removal.SupportUntil)}, productPath(id))
	case domain.ErrorCode(err) == domain.EINVALID:
		return s.renderUnpublish(c, http.StatusUnprocessableEntity, formFromError(values, err, unpublishInputs()))
	case staleRevision(err):
		form := components.Form{Values: values, Errors: map[string]string{"form": string(domain.MsgChangedSinceOpened)}}
		return s.renderUnpublish(c, http.StatusConflict, form)
	case domain.ErrorCode(err) == domain.ECONFLICT:
		return s.flashError(c, domain.AsError(err).Message, productPath(id))
	}
	return err
}

// staleRevision reports a save refused because someone saved the product
// since the form was opened.
func staleRevision(err error) bool {
	return domain.ErrorCode(err) == domain.ECONFLICT && domain.AsError(err).Message == domain.MsgChangedSinceOpened
}

// removalView shows a removed product's request on its overview.
func (s *Server) removalView(c echo.Context, p *domain.Product) *seller.RemovalView {
	if p.Removal == nil {
		return nil
	}
	r := p.Removal
	v := &seller.RemovalView{At: formatTime(r.At), SupportUntil: formatDate(r.SupportUntil), Email: r.Email,
		Reason: r.Reason, ReplacementID: r.ReplacementID}
	if r.ReplacementID != "" {
		if other, err := s.app.Product(c.Request().Context(), s.who(c), r.ReplacementID); err == nil {
			v.ReplacementTitle = other.Info.Title
		}
	}
	return v
}
