package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

const productsBase = "/management/products/ml"

// listingRoutes registers Products > Machine learning and the listing
// editor. Reading needs DescribeEntity; every change is a change set.
func (s *Server) listingRoutes(g *echo.Group) {
	describe := s.allow(domain.ActionDescribeEntity, productResource)
	change := s.allow(domain.ActionStartChangeSet, productResource)
	g.GET(productsBase, s.listProducts, s.allow(domain.ActionListEntities, anyResource))
	g.GET(productsBase+"/new", s.showNewListing, s.allow(domain.ActionStartChangeSet, anyResource))
	g.POST(productsBase+"/new", s.createListing, s.allow(domain.ActionStartChangeSet, anyResource))
	g.GET(productsBase+"/:id", s.showOverview, describe)
	g.GET(productsBase+"/:id/logo", s.showProductLogo, describe)
	g.GET(productsBase+"/:id/edit/:section", s.showSection, describe)
	g.POST(productsBase+"/:id/edit/:section", s.saveSection, change)
	g.GET(productsBase+"/:id/versions/:vid/step/:step", s.showVersionStep, describe)
	g.POST(productsBase+"/:id/versions/:vid/step/:step", s.saveVersionStep, change)
	g.POST(productsBase+"/:id/versions/:vid/step/:step/preview", s.previewVersionStep, describe)
	g.POST(productsBase+"/:id/submit", s.submitForPublishing, change)
	g.GET(productsBase+"/:id/sign-off", s.showConfirmation(s.signOffConfirmationFor), change)
	g.POST(productsBase+"/:id/sign-off", s.confirmedSignOff(s.signOff), change)
	g.POST(productsBase+"/:id/test-account-requests", s.requestTestAccounts, change)
}

// productResource names the product in the path as the Catalog API does.
func productResource(c echo.Context) string {
	id := c.Param("id")
	if id == "" {
		id = "*"
	}
	return "arn:aws:aws-marketplace:us-east-1:" + accountID(c) + ":AWSMarketplace/MachineLearningProduct/" + id
}

func productPath(id string, rest ...string) string {
	p := productsBase + "/" + id
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

func productCrumbs(extra ...layout.Crumb) []layout.Crumb {
	return append([]layout.Crumb{{LabelKey: "nav.products"}, {LabelKey: "nav.products_ml", Href: productsBase}}, extra...)
}

// pathProduct loads the product in the path from the signed-in account
// only: another account's product ID answers 404.
func (s *Server) pathProduct(c echo.Context) (*domain.Product, error) {
	return s.app.ProductView(c.Request().Context(), s.who(c), c.Param("id"))
}

// listProducts shows the seller's listings.
func (s *Server) listProducts(c echo.Context) error {
	status, missing := http.StatusOK, false
	page, err := s.app.ProductsPageOf(c.Request().Context(), s.who(c), c.QueryParam("page"))
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		// A page that does not exist (mistyped, or emptied since): the
		// first, with a message.
		status, missing = http.StatusNotFound, true
		page, err = s.app.ProductsPageOf(c.Request().Context(), s.who(c), "")
	}
	if err != nil {
		return err
	}
	v := seller.ProductsView{Page: s.page(c, "listing.products_title", "products-ml", productCrumbs()...),
		CanCreate: s.can(c, domain.ActionStartChangeSet, domain.AnyResource), PageMissing: missing,
		Total: page.Total, PageNumber: page.Page}
	v.Page.Breadcrumbs[1].Href = ""
	viewer := domain.SellerViewer{MayChange: v.CanCreate}
	for _, p := range page.Products {
		// Unpublishing depends on the product alone: no versions or
		// checklist to load for the list.
		actions := domain.ProductActionsOf(&p, nil, nil, viewer)
		v.Rows = append(v.Rows, seller.ProductRow{ID: p.ID, Title: p.Info.Title, Status: string(p.Status),
			Privacy: string(p.Info.Privacy), Type: string(p.Type), Updated: formatTime(p.UpdatedAt), CanUnpublish: actions.CanUnpublish})
	}
	v.From, v.To = page.From(), page.To()
	v.PrevURL, v.NextURL = pageLinks(productsBase, page)
	return s.renderKeptView(c, status, "products", v, seller.Products(v))
}

// pageLinks are the addresses of the pages before and after page of the
// seller's products listed at base, "" where there is none.
func pageLinks(base string, page *app.ProductsPage) (prev, next string) {
	if page.Page > 1 {
		prev = base + "?page=" + strconv.Itoa(page.Page-1)
	}
	if page.HasNext() {
		next = base + "?page=" + strconv.Itoa(page.Page+1)
	}
	return prev, next
}

func (s *Server) showNewListing(c echo.Context) error {
	v := seller.NewListingView{Page: s.page(c, "listing.create_new", "products-ml", productCrumbs(layout.Crumb{LabelKey: "listing.create_new"})...)}
	return s.render(c, http.StatusOK, seller.NewListing(v))
}

// createListing starts a draft and opens the guided editor.
func (s *Server) createListing(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	p, err := s.app.CreateListing(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgListingCreated, map[string]string{"ID": p.ID}, productPath(p.ID, "edit", "general"))
}

// showOverview renders the product overview.
func (s *Server) showOverview(c echo.Context) error {
	return s.renderOverview(c, http.StatusOK, components.Form{})
}

// renderOverview renders the overview; form keeps a refused submission.
func (s *Server) renderOverview(c echo.Context, status int, form components.Form) error {
	o, err := s.app.ProductOverview(c.Request().Context(), s.who(c), c.Param("id"), historyLength)
	if err != nil {
		return err
	}
	p, versions, resources := o.Product, o.Versions, o.Resources
	checklist, state := o.Checklist, o.State
	v := seller.OverviewView{
		Page:     s.page(c, "listing.overview_title", "products-ml", productCrumbs(layout.Crumb{Label: productTitle(p)})...),
		Summary:  summaryOf(p),
		Sections: sectionRows(p, checklist),
		Removal:  s.removalView(c, p),
	}
	for _, item := range checklist {
		v.Checklist = append(v.Checklist, seller.ChecklistRow{Key: string(item.Message), Data: item.Data, Href: checklistHref(p.ID, item)})
	}
	v.Actions = seller.ProductActions(state.Actions)
	v.State = seller.OverviewState{Phase: string(state.Phase), StatusKey: string(state.StatusLabel),
		StatusTone: string(state.StatusTone), ChecklistDone: state.ChecklistDone}
	v.Publish = seller.PublishPanel{Revision: p.Revision, ExpectedAt: formatTime(p.PublishDueAt), TestAccounts: p.TestAccounts, Form: form}
	if v.Actions.CanSignOff {
		v.Publish.SignOff = s.confirmView(c, signOffConfirmation(p, p.Revision))
	}
	v.Requests = requestRows(o.Requests)
	v.Versions = versionRows(p, versions, resources)
	v.History = historyOf(p.ID, o.History)
	return s.renderKeptView(c, status, "overview", v, seller.Overview(v))
}

// historyLength is how many change sets the overview shows.
const historyLength = 50

// historyOf shows each change set with its changes to the product and what
// their details say.
func historyOf(productID string, sets []domain.ChangeSet) []seller.HistoryEntry {
	out := make([]seller.HistoryEntry, 0, len(sets))
	for _, cs := range sets {
		e := seller.HistoryEntry{ID: cs.ID, At: formatTime(cs.StartedAt), Actor: cs.Actor}
		for _, c := range cs.Changes {
			if c.EntityType != domain.EntityTypeMachineLearningProduct || c.EntityID != productID {
				continue
			}
			// Details the portal cannot read say nothing more than the type.
			d, _ := domain.ParseChangeDetails(c.Details)
			e.Changes = append(e.Changes, seller.HistoryChange{Type: c.ChangeType, Details: c.Details,
				TargetVisibility: d.TargetVisibility, Unpublishes: d.Unpublishes(), ToRestrict: d.Versions, Limited: d.Limited, Public: d.Public,
				Restricted: d.Restricted})
		}
		out = append(out, e)
	}
	return out
}

func summaryOf(p *domain.Product) seller.ProductSummary {
	return seller.ProductSummary{ID: p.ID, Title: p.Info.Title, Status: string(p.Status), Privacy: string(p.Info.Privacy),
		Type: string(p.Type), Creator: p.CreatorARN, Created: formatTime(p.CreatedAt), Updated: formatTime(p.UpdatedAt)}
}

// sectionRows lists the listing's sections in the editor's order, each
// complete as the domain's checklist says.
func sectionRows(p *domain.Product, checklist []domain.ChecklistItem) []seller.SectionRow {
	sections := domain.ListingSections()
	rows := make([]seller.SectionRow, 0, len(sections))
	for _, section := range sections {
		row := seller.SectionRow{Key: string(section), LabelKey: sectionLabelKey(section), Href: sectionPath(p.ID, section),
			Complete: domain.SectionComplete(checklist, section)}
		if section == domain.SectionGeneral {
			row.Summary = p.Info.Title
		}
		rows = append(rows, row)
	}
	return rows
}

// sectionLabelKey names an editor section.
func sectionLabelKey(section domain.Section) string {
	switch section {
	case domain.SectionGeneral:
		return "listing.section_general"
	case domain.SectionPromotional:
		return "listing.section_promotional"
	case domain.SectionSupport:
		return "listing.section_support"
	case domain.SectionRegions:
		return "listing.section_regions"
	case domain.SectionLaunchOption:
		return "listing.section_launch"
	}
	return "listing.section_pricing"
}

// sectionPath is the editor page of a section of the listing.
func sectionPath(productID string, section domain.Section) string {
	return productPath(productID, "edit", string(section))
}

// checklistHref links a checklist item to where the seller fixes it.
func checklistHref(productID string, item domain.ChecklistItem) string {
	switch item.Section {
	case domain.SectionSettings:
		return "/settings"
	case domain.SectionVersion:
		return versionStepPath(productID, item.VersionID, partStep(item.Part))
	}
	return sectionPath(productID, item.Section)
}

func versionRows(p *domain.Product, versions []domain.Version, resources []*domain.SageMakerResource) []seller.VersionRow {
	rows := make([]seller.VersionRow, 0, len(versions))
	for i, v := range versions {
		incomplete := v.FirstIncompletePart(p.Type, resources[i])
		step := partStep(incomplete)
		if step == 0 {
			step = 1 // a complete version opens at its first step
		}
		rows = append(rows, seller.VersionRow{ID: strconv.FormatInt(v.ID, 10), Number: v.Number, ARN: v.ResourceARN,
			Status: string(v.Status), Complete: incomplete == 0, Href: versionStepPath(p.ID, v.ID, step)})
	}
	return rows
}

func versionStepPath(productID string, versionID int64, step int) string {
	return productPath(productID, "versions", strconv.FormatInt(versionID, 10), "step", strconv.Itoa(step))
}

// pathProductVersions loads the product in the path with its versions and
// their resources.
func (s *Server) pathProductVersions(c echo.Context) (*domain.Product, []domain.Version, []*domain.SageMakerResource, error) {
	return s.app.ProductVersions(c.Request().Context(), s.who(c), c.Param("id"))
}

// showProductLogo serves the listing's logo to its seller.
func (s *Server) showProductLogo(c echo.Context) error {
	p, err := s.pathProduct(c)
	if err != nil {
		return err
	}
	return serveImage(c, p.Promo.Logo, p.Promo.LogoType)
}
