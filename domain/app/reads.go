package app

import (
	"context"
	"slices"
	"strings"

	"github.com/mlportal/portal/domain"
)

// The pages read through these use cases too, so that what a principal may
// see is decided here, by the same IAM actions AWS names, whichever face
// asks: DescribeEntity and ListEntities for the seller's products,
// sagemaker:Describe*/List* for resources, viewSettings for the
// registration, the operator role for the desk.

// optional turns "not found" into nil, for things an account may not have
// yet.
func optional[T any](v *T, err error) (*T, error) {
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, nil
	}
	return v, err
}

// Products lists the principal's account's listings, newest change first.
func (a *App) Products(ctx context.Context, pr domain.Principal) ([]domain.Product, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	return a.Repos.Products.ListProducts(ctx, account)
}

// ProductChoices lists the principal's account's listings, newest change
// first, as a choice of them shows them.
func (a *App) ProductChoices(ctx context.Context, pr domain.Principal) ([]domain.ProductSummary, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	return a.Repos.Products.ProductSummaries(ctx, account)
}

// ProductChoice is what a choice of the account's products lists: at most
// domain.MaxProductChoices of those the query asks for, most recently
// changed first, and the product chosen already even when it is not among
// them.
type ProductChoice struct {
	Products []domain.ProductSummary
	// Matching is how many products the query matches; Find is its text.
	Matching int
	Find     string
}

// Limited reports whether the choice lists fewer products than match, or
// was looked up by a text: a page then offers to find the others.
func (c *ProductChoice) Limited() bool {
	return c.Find != "" || c.Matching > domain.MaxProductChoices
}

// ChooseProducts lists the principal's account's products q asks for (up
// to domain.MaxProductChoices) and chosen, the product chosen already,
// when it is one of them.
func (a *App) ChooseProducts(ctx context.Context, pr domain.Principal, q domain.ProductChoiceQuery, chosen string) (*ProductChoice, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	q.Find, q.Limit = domain.CleanFind(q.Find), domain.MaxProductChoices
	products, matching, err := a.Repos.Products.FindProductSummaries(ctx, account, q)
	if err != nil {
		return nil, err
	}
	out := &ProductChoice{Products: products, Matching: matching, Find: q.Find}
	if chosen == "" || chosen == q.Except || slices.ContainsFunc(products, func(p domain.ProductSummary) bool { return p.ID == chosen }) {
		return out, nil
	}
	found, err := a.Repos.Products.ProductSummariesOf(ctx, account, []string{chosen})
	if err != nil {
		return nil, err
	}
	for _, p := range found {
		if q.Status == "" || p.Status == q.Status {
			out.Products = append([]domain.ProductSummary{p}, out.Products...)
		}
	}
	return out, nil
}

// ProductsPage is one page of the principal's account's products, most
// recently changed first: Page counts from 1, and Total is how many the
// account has.
type ProductsPage struct {
	Products    []domain.Product
	Page, Total int
}

// From and To number the page's first and last products among all.
func (p *ProductsPage) From() int { return (p.Page-1)*domain.SellerProductsPageSize + 1 }
func (p *ProductsPage) To() int   { return (p.Page-1)*domain.SellerProductsPageSize + len(p.Products) }

// HasNext reports whether a page follows this one.
func (p *ProductsPage) HasNext() bool {
	return p.Page*domain.SellerProductsPageSize < p.Total && p.Page < domain.MaxSellerProductsPage
}

// ProductsPageOf reads the page an address names (see
// domain.ParsePageNumber; none is the first) of the principal's account's
// products, domain.SellerProductsPageSize to a page. A page that is not a
// number from 1 to the last is ENOTFOUND.
func (a *App) ProductsPageOf(ctx context.Context, pr domain.Principal, rawPage string) (*ProductsPage, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	page, ok := domain.ParsePageNumber(rawPage, domain.MaxSellerProductsPage)
	if !ok {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	size := domain.SellerProductsPageSize
	products, total, err := a.Repos.Products.ProductPage(ctx, account, (page-1)*size, size)
	if err != nil {
		return nil, err
	}
	if len(products) == 0 && page > 1 {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return &ProductsPage{Products: products, Page: page, Total: total}, nil
}

// ProductVersions loads one of the principal's products with its versions
// and, in the same order, their SageMaker resources (nil for one deleted
// since).
func (a *App) ProductVersions(ctx context.Context, pr domain.Principal, id string) (*domain.Product, []domain.Version, []*domain.SageMakerResource, error) {
	p, shared, err := a.ownedListing(ctx, pr, domain.ActionDescribeEntity, id)
	if err != nil {
		return nil, nil, nil, err
	}
	versions := slices.Clone(shared)
	resources := make([]*domain.SageMakerResource, len(versions))
	for i, v := range versions {
		if resources[i], err = optional(a.resourceOf(ctx, p, v.ResourceARN)); err != nil {
			return nil, nil, nil, err
		}
	}
	return p, versions, resources, nil
}

// ProductOverview is what the seller's overview of a product shows.
type ProductOverview struct {
	Product   *domain.Product
	Versions  []domain.Version
	Resources []*domain.SageMakerResource // by version; nil where deleted
	Readiness domain.Readiness
	// Checklist is what the product still needs before it can be
	// submitted, and State the overview's phase, status and actions for
	// the principal: both shared with later requests, to read only.
	Checklist []domain.ChecklistItem
	State     domain.OverviewState
	// History is the newest change sets that changed the product.
	History []domain.ChangeSet
	// Requests are the requests for more test accounts, newest first.
	Requests []domain.TestAccountRequest
}

// ProductOverview reads the overview of one of the principal's products,
// with at most historyLength change sets: the product is read and
// authorized once for all its panels.
func (a *App) ProductOverview(ctx context.Context, pr domain.Principal, id string, historyLength int) (*ProductOverview, error) {
	p, versions, resources, err := a.ProductVersions(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	o := &ProductOverview{Product: p, Versions: versions, Resources: resources}
	if o.Readiness, err = a.Services.Sellers.Readiness(ctx, p.AccountID); err != nil {
		return nil, err
	}
	viewer := domain.SellerViewer{MayChange: domain.Authorize(pr, domain.ActionStartChangeSet, domain.ProductARN(p.AccountID, p.ID)) == nil}
	o.Checklist, o.State = a.overviewState(o, viewer)
	if o.History, err = a.Repos.Products.ProductChangeSets(ctx, p.ID, historyLength); err != nil {
		return nil, err
	}
	if o.Requests, err = a.Repos.Operations.ProductRequests(ctx, p.ID); err != nil {
		return nil, err
	}
	return o, nil
}

// overviewKey names what, besides the product's revision, the overview's
// checklist and state depend on.
type overviewKey struct {
	readiness domain.Readiness
	viewer    domain.SellerViewer
}

type overviewState struct {
	checklist []domain.ChecklistItem
	state     domain.OverviewState
}

// overviewState decides the checklist and state of o's product for viewer,
// kept with the listing's revision: comparing the listing with its staged
// snapshot, field by field, cost a tenth of the overview's time.
func (a *App) overviewState(o *ProductOverview, viewer domain.SellerViewer) ([]domain.ChecklistItem, domain.OverviewState) {
	kept := a.listings.overviews(o.Product)
	key := overviewKey{readiness: o.Readiness, viewer: viewer}
	if kept != nil {
		if s, ok := kept.Load(key); ok {
			return s.(overviewState).checklist, s.(overviewState).state
		}
	}
	checklist := domain.Checklist(o.Product, o.Versions, o.Resources, o.Readiness)
	s := overviewState{checklist: checklist, state: domain.OverviewStateOf(o.Product, o.Versions, checklist, viewer)}
	if kept != nil {
		kept.Store(key, s)
	}
	return s.checklist, s.state
}

// ProductHistory lists the change sets of one of the principal's products,
// newest first.
func (a *App) ProductHistory(ctx context.Context, pr domain.Principal, id string, limit int) ([]domain.ChangeSet, error) {
	p, err := a.ProductView(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return a.Repos.Products.ProductChangeSets(ctx, p.ID, limit)
}

// ProductSubscriptions lists the active subscriptions to one of the
// principal's products, for the subscribers of each version.
func (a *App) ProductSubscriptions(ctx context.Context, pr domain.Principal, id string) ([]domain.Subscription, error) {
	p, err := a.ProductView(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	return a.Repos.Subscriptions.ProductSubscriptions(ctx, p.ID)
}

// ReplacementChoice lists the seller's products that may replace one it
// unpublishes (its other Public products), as ChooseProducts does, found
// by find, with chosen kept among them.
func (a *App) ReplacementChoice(ctx context.Context, pr domain.Principal, id, find, chosen string) (*ProductChoice, error) {
	p, err := a.ProductView(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	choice, err := a.ChooseProducts(ctx, pr, domain.ProductChoiceQuery{Find: find, Status: domain.StatusPublic, Except: p.ID}, chosen)
	if err != nil {
		return nil, err
	}
	choice.Products = domain.ReplacementCandidates(p, choice.Products)
	return choice, nil
}

// ProductTitles gives the titles of those of ids that are the principal's
// account's products: a list of agreements names a few of a seller's
// products.
func (a *App) ProductTitles(ctx context.Context, pr domain.Principal, ids []string) (map[string]string, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	found, err := a.Repos.Products.ProductSummariesOf(ctx, account, ids)
	titles := make(map[string]string, len(found))
	for _, p := range found {
		titles[p.ID] = p.Title
	}
	return titles, err
}

// LaunchOptionCandidates lists the resources a new launch option may use:
// the account's listable (certified, validated) resources that the
// principal may describe and that no listing uses yet, sorted by ARN.
func (a *App) LaunchOptionCandidates(ctx context.Context, pr domain.Principal) ([]domain.SageMakerResource, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	var out []domain.SageMakerResource
	for _, kind := range []domain.ResourceKind{domain.KindModelPackage, domain.KindAlgorithm} {
		list, err := a.Repos.SageMaker.ListResources(ctx, account, kind)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			if !r.Listable() || domain.Authorize(pr, describeAction(kind), r.ARN()) != nil {
				continue
			}
			if _, err := a.Repos.Products.VersionByARN(ctx, r.ARN()); domain.ErrorCode(err) == domain.ENOTFOUND {
				out = append(out, r)
			} else if err != nil {
				return nil, err
			}
		}
	}
	slices.SortFunc(out, func(x, y domain.SageMakerResource) int { return strings.Compare(x.ARN(), y.ARN()) })
	return out, nil
}

// describeAction is the IAM action to read a kind of resource.
func describeAction(kind domain.ResourceKind) string {
	if kind == domain.KindAlgorithm {
		return domain.ActionDescribeAlgorithm
	}
	return domain.ActionDescribeModelPackage
}

// listAction is the IAM action to list a kind of resource.
func listAction(kind domain.ResourceKind) string {
	if kind == domain.KindAlgorithm {
		return domain.ActionListAlgorithms
	}
	return domain.ActionListModelPackages
}

// SageMakerResources lists the account's resources of a kind.
func (a *App) SageMakerResources(ctx context.Context, pr domain.Principal, kind domain.ResourceKind) ([]domain.SageMakerResource, error) {
	account, err := authorizeIn(pr, listAction(kind), allOfKind(kind))
	if err != nil {
		return nil, err
	}
	return a.Repos.SageMaker.ListResources(ctx, account, kind)
}

// SageMakerResource describes one of the account's resources. The action is
// checked on the resource's own ARN, with its Region.
func (a *App) SageMakerResource(ctx context.Context, pr domain.Principal, kind domain.ResourceKind, name string) (*domain.SageMakerResource, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	r, err := a.Repos.SageMaker.Resource(ctx, account, kind, name)
	arn := "arn:aws:sagemaker:*:" + account + ":" + string(kind) + "/" + name
	if err == nil {
		arn = r.ARN()
	}
	// Refuse before saying whether it exists.
	if authErr := domain.Authorize(pr, describeAction(kind), arn); authErr != nil {
		return nil, authErr
	}
	return r, err
}

// SellerProfile returns the account's public profile, nil before it is
// saved.
func (a *App) SellerProfile(ctx context.Context, pr domain.Principal) (*domain.SellerProfile, error) {
	account, err := authorizeIn(pr, domain.ActionViewSettings, anyResource)
	if err != nil {
		return nil, err
	}
	return optional(a.Repos.Sellers.SellerProfile(ctx, account))
}

// TaxInterview returns the account's tax interview, nil before it is
// signed.
func (a *App) TaxInterview(ctx context.Context, pr domain.Principal) (*domain.TaxInterview, error) {
	account, err := authorizeIn(pr, domain.ActionViewSettings, anyResource)
	if err != nil {
		return nil, err
	}
	return optional(a.Repos.Sellers.TaxInterview(ctx, account))
}

// BankAccount returns the account's bank account, nil before it is saved.
// Before the tax interview there is no bank form: ECONFLICT says why.
func (a *App) BankAccount(ctx context.Context, pr domain.Principal) (*domain.BankAccount, error) {
	account, err := authorizeIn(pr, domain.ActionViewSettings, anyResource)
	if err != nil {
		return nil, err
	}
	if err := a.Services.Sellers.CanEnterBank(ctx, account); err != nil {
		return nil, err
	}
	return optional(a.Repos.Sellers.BankAccount(ctx, account))
}

// SellerChanges lists the account's registration changes, newest first.
func (a *App) SellerChanges(ctx context.Context, pr domain.Principal, limit int) ([]domain.SellerChange, error) {
	account, err := authorizeIn(pr, domain.ActionViewSettings, anyResource)
	if err != nil {
		return nil, err
	}
	return a.Repos.Sellers.SellerChanges(ctx, account, limit)
}

// Desk is what the Seller Operations desk shows.
type Desk struct {
	Open, Decided []domain.TestAccountRequest
	// Titles names the products of the requests, by ID.
	Titles  map[string]string
	Removed []domain.Product
}

// deskRemovals is how many removed products the desk lists.
const deskRemovals = 200

// OperationsDesk gathers the open and decided requests and the removed
// products, for Seller Operations only.
func (a *App) OperationsDesk(ctx context.Context, pr domain.Principal) (*Desk, error) {
	if _, err := accountOf(pr); err != nil {
		return nil, err
	}
	if !pr.User.IsOperator() {
		return nil, domain.Errorf(domain.EFORBIDDEN, domain.MsgForbidden)
	}
	d := &Desk{Titles: map[string]string{}}
	var err error
	if d.Open, err = a.Repos.Operations.Requests(ctx, domain.RequestPending); err != nil {
		return nil, err
	}
	for _, state := range []domain.RequestState{domain.RequestApproved, domain.RequestRejected} {
		decided, err := a.Repos.Operations.Requests(ctx, state)
		if err != nil {
			return nil, err
		}
		d.Decided = append(d.Decided, decided...)
	}
	for _, r := range append(slices.Clone(d.Open), d.Decided...) {
		if _, seen := d.Titles[r.ProductID]; seen {
			continue
		}
		if p, err := a.Repos.Products.ProductByID(ctx, r.ProductID); err == nil {
			d.Titles[r.ProductID] = p.Info.Title
		}
	}
	if d.Removed, err = a.Repos.Products.RemovedProducts(ctx, deskRemovals); err != nil {
		return nil, err
	}
	return d, nil
}

// Listing is a product as the marketplace shows it to one viewer.
type Listing struct {
	// Product is the listing as the viewer sees it: staged for the seller
	// and test accounts, signed off for everyone else.
	Product *domain.Product
	// Working is the product as stored, for what the page says about its
	// state (removal, status).
	Working *domain.Product
	// Versions are the versions the viewer may use.
	Versions []domain.Version
	Access   domain.Access
}

// MarketplaceListing loads a product the principal (or a visitor, with no
// user) may see in the marketplace, or ENOTFOUND. Browsing needs no IAM
// action, as on AWS Marketplace; sub is the viewer's subscription when the
// caller already holds it (nil to read it).
func (a *App) MarketplaceListing(ctx context.Context, pr domain.Principal, id string, sub *domain.Subscription) (*Listing, error) {
	if !domain.IsProductID(id) {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	viewer := ""
	if pr.User != nil {
		viewer = pr.User.AccountID
	}
	if sub == nil && viewer != "" {
		var err error
		if sub, err = optional(a.Repos.Subscriptions.Subscription(ctx, viewer, id)); err != nil {
			return nil, err
		}
	}
	working, live, err := a.listings.load(ctx, a.Repos.Products, id)
	if err != nil {
		return nil, err
	}
	return visibleListing(working, live, viewer, sub)
}

// visibleListing is the listing of working as the viewer account, with its
// subscription sub (nil for none), sees it, or ENOTFOUND.
func visibleListing(working *domain.Product, live []domain.Version, viewer string, sub *domain.Subscription) (*Listing, error) {
	access, err := domain.VisibleAccess(working, viewer, sub)
	if err != nil {
		return nil, err
	}
	return listingAs(working, live, access), nil
}

// listingAs is the listing as a viewer with access sees it: the published
// (or staged) product and the versions it may choose.
func listingAs(working *domain.Product, live []domain.Version, access domain.Access) *Listing {
	p, versions := working.PublishedFor(access, live)
	return &Listing{Product: p, Working: working, Versions: domain.VisibleVersions(versions, access), Access: access}
}

// ListingResource describes the SageMaker resource of one of the versions
// the listing offers its viewer, for its instance types. The version is
// looked up among those the listing already holds, so no other resource is
// ever shown this way and no query checks it.
func (a *App) ListingResource(ctx context.Context, l *Listing, versionID int64) (*domain.SageMakerResource, error) {
	i := slices.IndexFunc(l.Versions, func(v domain.Version) bool { return v.ID == versionID })
	if i < 0 {
		return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	return a.resourceOf(ctx, l.Working, l.Versions[i].ResourceARN)
}

// resourceOf reads the SageMaker resource of one of the versions of the
// product read as working, keeping it with the listing's revision.
func (a *App) resourceOf(ctx context.Context, working *domain.Product, arn string) (*domain.SageMakerResource, error) {
	kept := a.listings.resources(working)
	if kept != nil {
		if r, ok := kept.Load(arn); ok {
			copied := *r.(*domain.SageMakerResource)
			return &copied, nil
		}
	}
	r, err := a.Repos.SageMaker.ResourceByARN(ctx, arn)
	if err == nil && kept != nil {
		// Kept with the listing's revision, which deleting the resource
		// moves on: the page then reads the product, and this, again.
		copied := *r
		kept.Store(arn, &copied)
	}
	return r, err
}

// SellerName is the name buyers see for a seller account: its public
// display name, else the account's name, else "".
func (a *App) SellerName(ctx context.Context, accountID string) (string, error) {
	now := a.clock.Now()
	if name, ok := a.sellerNames.get(accountID, now); ok {
		return name, nil
	}
	name, err := a.readSellerName(ctx, accountID)
	if err == nil {
		a.sellerNames.put(accountID, name, now)
	}
	return name, err
}

func (a *App) readSellerName(ctx context.Context, accountID string) (string, error) {
	p, err := optional(a.Repos.Sellers.SellerProfile(ctx, accountID))
	if err != nil || p != nil {
		return displayName(p), err
	}
	acct, err := optional(a.Repos.Accounts.AccountByID(ctx, accountID))
	if err != nil || acct == nil {
		return "", err
	}
	return acct.Name, nil
}

func displayName(p *domain.SellerProfile) string {
	if p == nil {
		return ""
	}
	return p.DisplayName
}

// SubscribedListing loads a product the principal's account subscribes to,
// as the marketplace shows it, for configuring a launch. Without an active
// subscription it answers ECONFLICT with MsgNotSubscribed.
func (a *App) SubscribedListing(ctx context.Context, pr domain.Principal, id string) (*Listing, error) {
	account, err := buyerAccount(pr, domain.ActionViewSubscriptions)
	if err != nil {
		return nil, err
	}
	sub, err := optional(a.Repos.Subscriptions.Subscription(ctx, account, id))
	if err != nil {
		return nil, err
	}
	if !sub.Active() {
		return nil, domain.Errorf(domain.ECONFLICT, domain.MsgNotSubscribed)
	}
	return a.MarketplaceListing(ctx, pr, id, sub)
}

// IAMUsers lists the account's IAM users with how many policies each has.
func (a *App) IAMUsers(ctx context.Context, pr domain.Principal) ([]domain.User, map[int64]int, error) {
	account, err := authorizeIn(pr, domain.ActionListUsers, func(account string) string { return domain.IAMUserARN(account, "*") })
	if err != nil {
		return nil, nil, err
	}
	users, err := a.Repos.IAM.ListIAMUsers(ctx, account)
	if err != nil {
		return nil, nil, err
	}
	counts, err := a.Repos.IAM.PolicyCounts(ctx, account)
	return users, counts, err
}

// IAMUser describes one of the account's IAM users with its policies.
func (a *App) IAMUser(ctx context.Context, pr domain.Principal, name string) (*domain.User, []domain.UserPolicy, error) {
	u, err := a.iamUser(ctx, pr, domain.ActionGetUser, name)
	if err != nil {
		return nil, nil, err
	}
	policies, err := a.Repos.IAM.UserPolicies(ctx, u.ID)
	return u, policies, err
}

// Notifications lists the account's newest notifications; like marking them
// read, any user of the account may.
func (a *App) Notifications(ctx context.Context, pr domain.Principal, limit int) ([]domain.Notification, error) {
	account, err := accountOf(pr)
	if err != nil {
		return nil, err
	}
	return a.Repos.Notifications.Notifications(ctx, account, limit)
}

// Readiness says which registration steps the principal's account has done,
// for the checklist of its listings. It reads no registration data.
func (a *App) Readiness(ctx context.Context, pr domain.Principal) (domain.Readiness, error) {
	account, err := accountOf(pr)
	if err != nil {
		return domain.Readiness{}, err
	}
	return a.Services.Sellers.Readiness(ctx, account)
}

// SearchCatalog searches the marketplace; anyone may, signed in or not.
func (a *App) SearchCatalog(ctx context.Context, q domain.CatalogQuery) (domain.CatalogPage, error) {
	return a.Repos.Catalog.SearchCatalog(ctx, q)
}
