package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// productTitle is a product's title, or its ID while it has none.
func productTitle(p *domain.Product) string {
	if p.Info.Title != "" {
		return p.Info.Title
	}
	return p.ID
}

func productNameCrumbs(p *domain.Product) []layout.Crumb {
	return productCrumbs(layout.Crumb{Label: productTitle(p), Href: productPath(p.ID)})
}

// signOffConfirmation asks to confirm "Sign off and publish", which takes
// the product live for every buyer; revision is the one the seller saw.
func signOffConfirmation(p *domain.Product, revision int) confirmation {
	return confirmation{
		action: "listing.sign-off", item: p.ID, name: productTitle(p),
		titleKey: "confirm.sign_off_title", leadKey: "confirm.sign_off_lead", submitKey: "publish.sign_off",
		path: productPath(p.ID, "sign-off"), cancel: productPath(p.ID),
		hidden: []components.Hidden{{Name: "revision", Value: strconv.Itoa(revision)}},
		nav:    "products-ml", crumbs: productNameCrumbs(p),
	}
}

// signOffConfirmationFor asks to confirm signing off the product of the
// address, at the revision posted (else its current one).
func (s *Server) signOffConfirmationFor(c echo.Context) (confirmation, error) {
	p, err := s.pathProduct(c)
	if err != nil {
		return confirmation{}, err
	}
	revision := p.Revision
	if n, err := strconv.Atoi(postValue(c, "revision")); err == nil {
		revision = n
	}
	return signOffConfirmation(p, revision), nil
}

// confirmedSignOff lets a sign-off through only once confirmed.
func (s *Server) confirmedSignOff(next echo.HandlerFunc) echo.HandlerFunc {
	return s.confirmedBy(s.signOffConfirmationFor, next)
}

// confirmedBy lets a post through to next only once it confirms what
// build describes.
func (s *Server) confirmedBy(build func(echo.Context) (confirmation, error), next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := parseForm(c); err != nil {
			return err
		}
		cf, err := build(c)
		if err != nil {
			return err
		}
		if ok, err := s.confirmed(c, cf); !ok {
			return err
		}
		return next(c)
	}
}

// restrictConfirmation asks to confirm restricting the chosen versions
// (numbers, in the order of ids); the token is bound to the product and
// the set of versions.
func restrictConfirmation(p *domain.Product, revision string, ids, numbers []string) confirmation {
	sorted := slices.Sorted(slices.Values(ids))
	hidden := []components.Hidden{{Name: "revision", Value: revision}}
	for _, id := range ids {
		hidden = append(hidden, components.Hidden{Name: "version", Value: id})
	}
	return confirmation{
		action: "restrict-versions", item: p.ID + "/" + strings.Join(sorted, ","), name: productTitle(p),
		titleKey: "confirm.restrict_title", leadKey: "confirm.restrict_lead", submitKey: "versions.restrict",
		path: productPath(p.ID, "versions", "restrict"), cancel: productPath(p.ID, "versions"),
		hidden: hidden, details: numbers, nav: "products-ml",
		crumbs: append(productNameCrumbs(p), layout.Crumb{LabelKey: "versions.title", Href: productPath(p.ID, "versions")}),
	}
}

// restrictChoice reads the versions chosen to restrict (from the query on
// the confirmation page, from the body on its post) and checks the choice
// with the domain's rule: a refused choice is answered with the Versions
// page and its message (422), and ok is false.
func (s *Server) restrictChoice(c echo.Context, values url.Values) (cf confirmation, ok bool, err error) {
	p, versions, _, err := s.pathProductVersions(c)
	if err != nil {
		return confirmation{}, false, err
	}
	if err := p.CanRestrictVersions(); err != nil {
		return confirmation{}, false, s.flashError(c, domain.AsError(err).Message, productPath(p.ID, "versions"))
	}
	ids := values["version"]
	numbers, err := domain.ChooseRestrictions(slices.Clone(versions), ids)
	if domain.ErrorCode(err) == domain.EINVALID {
		return confirmation{}, false, s.renderVersionsChecked(c, http.StatusUnprocessableEntity,
			formFromError(nil, err, restrictInputs()), ids)
	} else if err != nil {
		return confirmation{}, false, err
	}
	return restrictConfirmation(p, values.Get("revision"), ids, numbers), true, nil
}

// showRestrictConfirmation is where "Restrict version" leads (a GET form):
// the chosen versions, to confirm.
func (s *Server) showRestrictConfirmation(c echo.Context) error {
	if !c.QueryParams().Has("version") {
		// Nothing chosen (or a reload of the refused post's address).
		return s.flashError(c, domain.MsgChooseVersionsToRestrict, productPath(c.Param("id"), "versions"))
	}
	cf, ok, err := s.restrictChoice(c, c.QueryParams())
	if !ok {
		return err
	}
	return s.renderConfirmation(c, http.StatusOK, cf, "", "")
}

// confirmedRestrict lets a restriction through only once confirmed.
func (s *Server) confirmedRestrict(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := parseForm(c); err != nil {
			return err
		}
		cf, ok, err := s.restrictChoice(c, c.Request().PostForm)
		if !ok {
			return err
		}
		if ok, err := s.confirmed(c, cf); !ok {
			return err
		}
		return next(c)
	}
}

// unpublishConfirmation is the token and typed title the Unpublish listing
// form carries: the form is its own confirmation page.
func unpublishConfirmation(p *domain.Product) confirmation {
	return confirmation{action: "unpublish-product", item: p.ID, name: productTitle(p), requireName: true}
}

// unpublishConfirmed checks the Unpublish listing form's confirmation:
// when it fails, form says why (beside the typed title, or for the form).
func (s *Server) unpublishConfirmed(c echo.Context, p *domain.Product, form *components.Form) bool {
	cf := unpublishConfirmation(p)
	if !s.validConfirmToken(c, postValue(c, components.ConfirmTokenField), cf.action, cf.item) {
		form.Errors = map[string]string{"form": string(msgConfirmRequired)}
		return false
	}
	if strings.TrimSpace(postValue(c, components.ConfirmNameField)) != cf.name {
		form.Errors = map[string]string{components.ConfirmNameField: string(msgConfirmNameWrong)}
		return false
	}
	return true
}
