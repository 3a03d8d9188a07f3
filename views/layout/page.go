// Package layout renders the frame shared by every page: the top bar with the
// account menu and language switcher, the side navigation, breadcrumbs and
// flash messages.
package layout

// Page is the view model of the frame around a page's content. Text fields
// hold catalog message IDs; the components translate them.
type Page struct {
	// TitleKey is the message ID of the page title (browser tab and heading).
	TitleKey string
	// CSRF is the token every form of the page sends as _csrf, fresh on
	// every request (the tag tells the kept pages, see web/kept_views.go).
	CSRF string `kept:"token"`
	// User is the signed-in user, or nil.
	User *User
	// Nav is the key of the side-navigation item to highlight.
	Nav string
	// Path is the current path, where the language switcher returns to.
	Path        string
	Breadcrumbs []Crumb
	Flashes     []Flash
	// Bare drops the side navigation, for sign-in and sign-up pages.
	Bare bool
	// Theme is the reader's chosen colour scheme, "light" or "dark", or
	// empty to follow the system's. It is rendered on <html>, so the page is
	// painted in its colours from the first frame.
	Theme string
}

// User is what the frame shows of the signed-in user.
type User struct {
	// UserName is set for an IAM user, who sees their own name in the top
	// bar rather than the account's.
	UserName    string
	AccountName string
	AccountID   string
	Email       string
	IsOperator  bool
	// Unread counts the account's unread notifications.
	Unread int
}

// Crumb is one breadcrumb; the last one is the current page and has no Href.
type Crumb struct {
	// LabelKey is the message the crumb shows, or Label the text itself
	// (a name or title the user typed, which is never looked up).
	LabelKey string
	Label    string
	Href     string
}

// Flash is a one-time message shown at the top of the content.
type Flash struct {
	// Kind is "success", "info", "warning" or "error".
	Kind string
	Key  string
	Data map[string]any
}

// NavItem is one entry of the side navigation.
type NavItem struct {
	Key      string // matched against Page.Nav
	LabelKey string
	Href     string
	Children []NavItem
}

// Navigation returns the side navigation of a signed-in user.
func Navigation(u *User) []NavItem {
	items := []NavItem{
		{Key: "home", LabelKey: "nav.home", Href: "/"},
		{Key: "products", LabelKey: "nav.products", Children: []NavItem{
			{Key: "products-ml", LabelKey: "nav.products_ml", Href: "/management/products/ml"},
			{Key: "products-ml-api", LabelKey: "catalogapi.nav", Href: "/management/products/ml/api"},
		}},
		{Key: "offers", LabelKey: "nav.offers", Href: "/management/offers"},
		{Key: "agreements", LabelKey: "nav.agreements", Href: "/management/agreements"},
		{Key: "reports", LabelKey: "nav.reports", Href: "/management/reports"},
		{Key: "settings", LabelKey: "nav.settings", Href: "/settings"},
		{Key: "iam", LabelKey: "nav.iam", Href: "/iam/users"},
		{Key: "sagemaker", LabelKey: "nav.sagemaker", Children: []NavItem{
			{Key: "sagemaker-model-packages", LabelKey: "nav.model_packages", Href: "/sagemaker/model-packages"},
			{Key: "sagemaker-algorithms", LabelKey: "nav.algorithms", Href: "/sagemaker/algorithms"},
			{Key: "sagemaker-subscriptions", LabelKey: "nav.subscriptions", Href: "/sagemaker/subscriptions"},
		}},
		{Key: "buyer", LabelKey: "nav.marketplace", Children: []NavItem{
			{Key: "marketplace", LabelKey: "nav.marketplace_catalog", Href: "/marketplace"},
			{Key: "buyer-private-offers", LabelKey: "nav.private_offers", Href: "/marketplace/private-offers"},
			{Key: "buyer-agreements", LabelKey: "nav.buyer_agreements", Href: "/agreements"},
		}},
	}
	if u != nil && u.IsOperator {
		items = append(items, NavItem{Key: "operations", LabelKey: "nav.operations", Href: "/operations"})
	}
	return items
}
