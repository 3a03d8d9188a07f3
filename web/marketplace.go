package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/views/buyer"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/tr"
)

// marketplaceRoutes registers what buyers see. Pages are public; buying
// needs a signed-in account.
func (s *Server) marketplaceRoutes(public, signedIn *echo.Group) {
	public.GET("/marketplace", s.showCatalog)
	public.GET("/marketplace/pp/:id", s.showProductPage)
	public.GET("/marketplace/pp/:id/logo", s.showMarketplaceLogo)
	signedIn.POST("/marketplace/pp/:id/subscribe", s.subscribe)
	signedIn.GET("/marketplace/pp/:id/cancel", s.showConfirmation(s.cancelConfirmationFor), s.allow(domain.ActionUnsubscribe, anyResource))
	signedIn.POST("/marketplace/pp/:id/cancel", s.confirmedCancel(s.cancelSubscription), s.allow(domain.ActionUnsubscribe, anyResource))
	signedIn.GET("/marketplace/pp/:id/configure", s.showConfigure)
	signedIn.GET("/sagemaker/subscriptions", s.showSageMakerSubscriptions)
}

// viewerAccount is the signed-in account, or "" for a visitor.
func viewerAccount(c echo.Context) string { return accountID(c) }

// showCatalog searches the products the viewer may see. A bad filter or
// page gets a message on a clean page, never an error page.
func (s *Server) showCatalog(c echo.Context) error {
	qp := c.QueryParams()
	// The search box takes domain.MaxSearchLength characters: a longer
	// text (sent by a script, not typed) is refused and shown cut there.
	form := components.Form{Values: map[string]string{"q": truncateRunes(qp.Get("q"), domain.MaxSearchLength), "category": qp.Get("category"), "type": qp.Get("type"),
		"pricing": qp.Get("pricing"), "sort": qp.Get("sort")}}
	q, err := domain.ParseCatalogQuery(qp.Get("q"), qp.Get("category"), qp.Get("type"), qp.Get("pricing"), qp.Get("sort"), qp.Get("page"), viewerAccount(c))
	status := http.StatusOK
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		status, form = http.StatusUnprocessableEntity, formFromError(form.Values, err, searchInputs())
	}
	found := catalogResults{sellers: map[string]string{}} // one look-up per seller, not per product
	if err == nil {
		if found.page, err = s.app.SearchCatalog(c.Request().Context(), q); err != nil {
			return err
		}
		for _, e := range found.page.Entries {
			if _, ok := found.sellers[e.AccountID]; !ok {
				found.sellers[e.AccountID] = s.sellerName(c, e.AccountID)
			}
		}
	}
	frame := s.page(c, "buyer.catalog_title", "marketplace", layout.Crumb{LabelKey: "nav.marketplace"})
	lang, _ := c.Get(ctxLang).(string)
	// The view and its cards are made only when the page is rendered: a
	// kept page needs none of them.
	page := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return buyer.Catalog(s.catalogView(frame, form, qp, q, lang, found)).Render(ctx, w)
	})
	// A search refused (422) is kept too: what it shows is its address's
	// alone, and a script sending a hostile address again and again gets
	// it as fast as any search.
	if visitorPage(c, frame) {
		key := "catalog\x00" + lang + "\x00" + frame.Theme + "\x00" + c.Request().URL.RequestURI() + "\x00" +
			strconv.Itoa(found.page.Total) + "\x00" + found.digest(lang)
		return s.renderKept(c, status, key, page)
	}
	return s.render(c, status, page)
}

// catalogResults are a catalog page's results and their sellers' names.
type catalogResults struct {
	page    domain.CatalogPage
	sellers map[string]string
}

// digest names every card of the results, in order, in a language.
func (r catalogResults) digest(lang string) string {
	d := viewDigests.Get().(*viewDigest)
	defer viewDigests.Put(d)
	d.reset()
	d.str(lang)
	for _, e := range r.page.Entries {
		for _, part := range [...]string{e.ProductID, r.sellers[e.AccountID], e.Title, e.ShortDescription, typeKey(e.Type), pricingKey(e.Pricing)} {
			d.str(part)
		}
		d.buf = strconv.AppendInt(d.buf, e.PublishedAt.UnixNano(), 36)
		d.buf = strconv.AppendInt(d.buf, int64(len(e.Categories)), 36)
		for _, category := range e.Categories {
			d.str(category)
		}
	}
	return d.sum()
}

// catalogView is the catalog page of the results found for q.
func (s *Server) catalogView(frame layout.Page, form components.Form, qp url.Values, q domain.CatalogQuery, lang string, found catalogResults) buyer.CatalogView {
	v := buyer.CatalogView{Page: frame, Form: form, PageNumber: q.Page, Total: found.page.Total, Categories: categoryOptions()}
	v.Filters = s.fragments.Component(catalogFiltersKey(lang, form), buyer.CatalogFilters(v))
	v.Products = make([]buyer.CatalogItem, 0, len(found.page.Entries))
	for _, e := range found.page.Entries {
		item := catalogItem(e, found.sellers)
		item.Card = s.catalogCard(catalogCardParts(lang, item, e.PublishedAt), item)
		v.Products = append(v.Products, item)
	}
	if q.Page > 1 {
		v.PrevURL = pageURL(qp, q.Page-1)
	}
	if q.Page*domain.CatalogPageSize < found.page.Total && q.Page < domain.MaxCatalogPage {
		v.NextURL = pageURL(qp, q.Page+1)
	}
	return v
}

// catalogItem is what a card shows of a result.
func catalogItem(e domain.CatalogEntry, sellers map[string]string) buyer.CatalogItem {
	return buyer.CatalogItem{ID: e.ProductID, Title: e.Title, Seller: sellers[e.AccountID],
		ShortDescription: e.ShortDescription, Type: typeKey(e.Type), Pricing: pricingKey(e.Pricing),
		LogoURL: "/marketplace/pp/" + e.ProductID + "/logo", Categories: e.Categories}
}

// catalogFiltersKey names everything the catalog's filters show: the
// choices and their errors, in a language.
func catalogFiltersKey(lang string, form components.Form) string {
	key := "filters|" + lang
	for _, name := range []string{"category", "type", "pricing", "sort"} {
		key += "|" + form.Value(name) + "|" + form.Error(name)
	}
	return key
}

// catalogCardParts are everything a catalog card shows, in a language.
func catalogCardParts(lang string, item buyer.CatalogItem, publishedAt time.Time) [9]string {
	return [9]string{lang, item.ID, strconv.FormatInt(publishedAt.UnixNano(), 10), item.Seller, item.Title,
		item.ShortDescription, item.Type, item.Pricing, strings.Join(item.Categories, ",")}
}

// catalogCard is a card through the fragment cache. Its key, made of the
// card's parts, is made only when the card is rendered: a kept catalog
// page (see kept_pages.go) renders none.
func (s *Server) catalogCard(parts [9]string, item buyer.CatalogItem) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		key := "card|" + strings.Join(parts[:], "|")
		return s.fragments.Component(key, buyer.CatalogCard(item)).Render(ctx, w)
	})
}

// truncateRunes cuts s after n characters.
func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// pageURL is the current search on another page.
func pageURL(qp url.Values, page int) string {
	next := url.Values{}
	for k, v := range qp {
		next[k] = v
	}
	next.Set("page", strconv.Itoa(page))
	return "/marketplace?" + next.Encode()
}

func typeKey(k domain.ResourceKind) string {
	if k == domain.KindAlgorithm {
		return "listing.type_algorithm"
	}
	return "listing.type_model_package"
}

func pricingKey(m domain.PricingModel) string {
	switch m {
	case domain.PricingPaid:
		return "listing.pricing_paid"
	case domain.PricingPaidTrial:
		return "listing.pricing_paid_trial"
	}
	return "listing.pricing_free"
}

// sellerName is the seller's public display name, or its account name.
func (s *Server) sellerName(c echo.Context, accountID string) string {
	if name, err := s.app.SellerName(c.Request().Context(), accountID); err == nil && name != "" {
		return name
	}
	return accountID
}

// showProductPage renders the product detail page, or the staged preview
// with its Limited badge for the seller and test accounts. Everyone else
// gets the ordinary 404 page.
func (s *Server) showProductPage(c echo.Context) error {
	return s.renderProductPage(c, http.StatusOK, components.Form{})
}

func (s *Server) renderProductPage(c echo.Context, status int, form components.Form) error {
	ctx := c.Request().Context()
	// Testers see the listing as last staged and buyers as last signed
	// off, never the edits the seller is making now.
	listing, err := s.app.OfferedListing(ctx, s.who(c), c.Param("id"))
	if err != nil {
		return err
	}
	p, visible, access := listing.Product, listing.Versions, listing.Access
	if !access.Full() {
		return s.renderUnavailable(c, p)
	}
	if len(visible) == 0 {
		return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	actions := access.PageActions(p)
	selected := selectedVersion(visible, c.QueryParam("version"))
	// A visitor's page is looked up before its view is made: making the
	// view was most of what the server did for a kept page.
	keptKey := s.visitorProductPageKey(c, status, form, listing, actions, selected)
	if keptKey != "" {
		if sent, err := s.sendKept(c, status, keptKey, []string{csrfToken(c)}); sent || err != nil {
			return err
		}
	}
	v := buyer.ProductPageView{
		Page: s.page(c, "buyer.product_title", "marketplace", layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"}, layout.Crumb{Label: p.Info.Title}),
		ID:   p.ID, Title: p.Info.Title, Seller: s.sellerName(c, p.AccountID), ShortDescription: p.Info.ShortDescription,
		Overview: p.Info.Overview, Highlights: p.Info.Highlights, Categories: p.Info.Categories, Type: typeKey(p.Type),
		Staged: actions.IsPreview, AllRegions: p.Regions.AllCurrentAndFuture,
		Support: buyer.SupportView{Offered: p.Support.Offered, Email: p.Support.Email, URL: p.Support.URL, Description: p.Support.Description},
		EULA:    p.Offer.EULA, StandardContract: p.Offer.StandardContract, Pricing: pricingView(p.Offer),
		VideoURL: p.Info.VideoURL,
	}
	for _, l := range p.Promo.Links {
		v.Resources = append(v.Resources, buyer.ResourceLink{Title: l.Title, URL: l.URL})
	}
	if len(p.Promo.Logo) > 0 {
		v.LogoURL = "/marketplace/pp/" + p.ID + "/logo?v=" + strconv.Itoa(p.Revision)
	}
	for _, r := range p.Regions.Regions {
		v.Regions = append(v.Regions, tr.RegionLabel(s.labels(c), r))
	}
	for _, ver := range visible {
		v.Versions = append(v.Versions, buyer.VersionOption{ID: strconv.FormatInt(ver.ID, 10), Number: ver.Number,
			Limited: ver.Status == domain.VersionLimited, Restricted: ver.Status == domain.VersionRestricted, Selected: ver.ID == selected.ID})
	}
	if p.Removed() {
		notice := s.removedNotice(c, p)
		v.Removed = &notice
	}
	offers, err := s.app.ProductOffersToAccept(ctx, s.who(c), p.ID)
	if err != nil {
		return err
	}
	for i := range offers {
		v.PrivateOffers = append(v.PrivateOffers, buyer.PrivateOfferLink{ID: offers[i].ID, Name: offers[i].Name,
			Expires: buyerOfferLastDay(&offers[i])})
	}
	r, err := s.app.ListingResource(ctx, listing, selected.ID)
	if err != nil {
		return err
	}
	v.Version = versionView(selected, r, p.Type)
	v.Buy = buyView(c, actions, form)
	v.Details = s.fragments.Component(productDetailsKey(c, listing, selected), buyer.ProductDetails(v))
	if v.Buy.CanCancel {
		v.Buy.Cancel = s.cancelConfirmView(c, p.ID, p.Info.Title, actions.CancelIsFinal)
	}
	// The key was named before the view; the view confirms it shows
	// nothing of this visitor's own.
	if keptKey != "" && visitorPage(c, v.Page) && len(v.PrivateOffers) == 0 && v.Removed == nil {
		return s.renderKept(c, status, keptKey, buyer.Product(v))
	}
	return s.render(c, status, buyer.Product(v))
}

// visitorProductPageKey names everything the product page of listing
// shows a visitor without a session, beyond its form token, when it is
// one to keep whole (see kept_pages.go): the product details' key, the
// seller's name, the theme and the address, the selected version's or
// none. Anything a visitor's page may show of its own (a message, an
// answered form) or of another product (a replacement's title) leaves it
// unkept: "".
func (s *Server) visitorProductPageKey(c echo.Context, status int, form components.Form, listing *app.Listing, actions domain.BuyerActions,
	selected domain.Version) string {
	q := c.Request().URL.RawQuery
	canonical := q == "" || q == "version="+strconv.FormatInt(selected.ID, 10)
	if status != http.StatusOK || currentUser(c) != nil || csrfToken(c) == "" || flashesWaiting(c) || len(form.Values) > 0 || len(form.Errors) > 0 ||
		listing.Product.Removed() || actions.IsPreview || !canonical {
		return ""
	}
	return "pp\x00" + productDetailsKey(c, listing, selected) + "\x00" + s.sellerName(c, listing.Product.AccountID) + "\x00" +
		themeOf(c) + "\x00" + c.Request().URL.RequestURI()
}

// productDetailsKey names everything the product details depend on: the
// product and its revision (which any change to it or its versions moves
// on), the language, the preview or not, and the versions the viewer sees
// with the one selected.
func productDetailsKey(c echo.Context, l *app.Listing, selected domain.Version) string {
	var b strings.Builder
	lang, _ := c.Get(ctxLang).(string)
	b.WriteString(l.Working.ID + "|" + strconv.Itoa(l.Working.Revision) + "|" + lang + "|" + strconv.FormatBool(l.Access.Staged()) + "|" +
		strconv.FormatInt(selected.ID, 10))
	for _, v := range l.Versions {
		b.WriteString("|" + strconv.FormatInt(v.ID, 10) + ":" + string(v.Status))
	}
	return b.String()
}

// selectedVersion is the version asked for, else the newest visible one.
func selectedVersion(visible []domain.Version, asked string) domain.Version {
	for _, v := range visible {
		if strconv.FormatInt(v.ID, 10) == asked {
			return v
		}
	}
	return visible[len(visible)-1]
}

func versionView(v domain.Version, r *domain.SageMakerResource, kind domain.ResourceKind) buyer.VersionView {
	return buyer.VersionView{
		Number: v.Number, Limited: v.Status == domain.VersionLimited, Restricted: v.Status == domain.VersionRestricted, ReleaseNotes: v.ReleaseNotes,
		NotebookURL: v.NotebookURL, RepoURL: v.RepoURL, Usage: usageView(v, r, kind),
		RecommendedRealtime: v.RecommendedRealtime, RecommendedBatch: v.RecommendedBatch, RecommendedTraining: v.RecommendedTraining,
		Realtime: r.RealtimeInstanceTypes, Batch: r.BatchInstanceTypes, Training: r.TrainingInstanceTypes,
	}
}

func pricingView(o domain.Offer) buyer.PricingView {
	v := buyer.PricingView{ModelKey: pricingKey(o.Pricing), TrialDays: o.TrialDays}
	for _, p := range o.Prices {
		v.Rows = append(v.Rows, buyer.PriceRow{UseKey: "listing.use_" + string(p.Use), InstanceType: p.InstanceType, Price: domain.FormatUSD(p.HourlyMillis)})
	}
	return v
}

// buyView fills the subscription panel with what the domain decided the
// viewer may do; a visitor is only asked to sign in.
func buyView(c echo.Context, a domain.BuyerActions, form components.Form) buyer.BuyView {
	v := buyer.BuyView{SignedIn: currentUser(c) != nil, Form: form,
		SignInURL: "/login?next=" + url.QueryEscape(c.Request().URL.RequestURI())}
	if !v.SignedIn {
		return v
	}
	v.IsSubscribed, v.IsTestSubscription, v.CanSubscribe = a.IsSubscribed, a.IsTestSubscription, a.CanSubscribe
	v.CanCancel, v.CancelIsFinal, v.CanConfigure = a.CanCancel, a.CancelIsFinal, a.CanConfigure
	return v
}

// subscribe subscribes the signed-in account after it accepted the EULA.
func (s *Server) subscribe(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	_, err := s.app.Subscribe(c.Request().Context(), s.who(c), c.Param("id"), postValue(c, "accept_eula") == "on")
	back := "/marketplace/pp/" + c.Param("id")
	switch domain.ErrorCode(err) {
	case "":
		return s.flashAndRedirect(c, msgSubscribed, nil, back)
	case domain.EINVALID:
		return s.renderProductPage(c, http.StatusUnprocessableEntity, formFromError(nil, err, subscribeInputs()))
	case domain.ECONFLICT:
		return s.flashError(c, domain.AsError(err).Message, back)
	}
	return err
}

// cancelSubscription ends the signed-in account's subscription.
func (s *Server) cancelSubscription(c echo.Context) error {
	if err := parseForm(c); err != nil {
		return err
	}
	err := s.app.CancelSubscription(c.Request().Context(), s.who(c), c.Param("id"))
	back := "/marketplace/pp/" + c.Param("id")
	switch domain.ErrorCode(err) {
	case "":
		return s.flashAndRedirect(c, msgSubscriptionCancelled, nil, back)
	case domain.ECONFLICT:
		return s.flashError(c, domain.AsError(err).Message, back)
	}
	return err
}

// showMarketplaceLogo serves a product's logo to whoever may see the product.
func (s *Server) showMarketplaceLogo(c echo.Context) error {
	working, access, err := s.deps.Marketplace.VisibleProduct(c.Request().Context(), c.Param("id"), viewerAccount(c))
	if domain.ErrorCode(err) == domain.ENOTFOUND && currentUser(c) != nil {
		// A buyer named on a private offer sees the product's page, logo
		// included, even when the product does not list the buyer.
		var l *app.Listing
		if l, err = s.app.OfferedListing(c.Request().Context(), s.who(c), c.Param("id")); err == nil {
			return serveImage(c, l.Product.Promo.Logo, l.Product.Promo.LogoType)
		}
	}
	if err != nil {
		return err
	}
	p, _ := working.PublishedFor(access, nil)
	return serveImage(c, p.Promo.Logo, p.Promo.LogoType)
}

// renderUnavailable tells a visitor a removed product is no longer
// available, linking its replacement.
func (s *Server) renderUnavailable(c echo.Context, p *domain.Product) error {
	v := buyer.UnavailableView{
		Page:  s.page(c, "buyer.product_title", "marketplace", layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"}, layout.Crumb{LabelKey: "buyer.product_title"}),
		Title: p.Info.Title, Removed: s.removedNotice(c, p),
	}
	return s.render(c, http.StatusOK, buyer.Unavailable(v))
}

// removedNotice links a removed product's replacement when the viewer may
// see it.
func (s *Server) removedNotice(c echo.Context, p *domain.Product) buyer.RemovedNotice {
	if p.Removal == nil {
		return buyer.RemovedNotice{}
	}
	notice := buyer.RemovedNotice{SupportUntil: formatDate(p.Removal.SupportUntil)}
	if p.Removal.ReplacementID == "" {
		return notice
	}
	r, _, err := s.deps.Marketplace.VisibleProduct(c.Request().Context(), p.Removal.ReplacementID, viewerAccount(c))
	if err != nil {
		return notice // gone or not for this viewer: no link
	}
	pub, _ := r.Published(nil)
	notice.ReplacementURL, notice.ReplacementTitle = "/marketplace/pp/"+r.ID, pub.Info.Title
	return notice
}
