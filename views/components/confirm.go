package components

// Confirm is the view model of a confirmation for a destructive or
// irreversible action: the modal opened by its button (with JavaScript) and
// the page the button leads to without it. Keys are catalog message IDs,
// translated with Name as {{.Name}}.
type Confirm struct {
	// ID names the modal; unique in its page.
	ID string
	// TitleKey, LeadKey and SubmitKey are the heading, the explanation and
	// the confirming button.
	TitleKey, LeadKey, SubmitKey string
	// Name is the item's name, shown, and typed when RequireName.
	Name string
	// RequireName asks the user to type Name (deletion of a resource in use).
	RequireName bool
	// Action is the address the confirmation posts to; PageHref the
	// confirmation page, where the button leads without JavaScript;
	// CancelHref where the page's Cancel goes back to.
	Action, PageHref, CancelHref string
	// Token is the confirmation token bound to the session, the action and
	// the item; CSRF the page's token. Both are fresh on every request
	// (the tag tells the kept pages, see web/kept_views.go).
	Token string `kept:"token"`
	CSRF  string `kept:"token"`
	// Hidden are further fields the post carries (a revision, versions).
	Hidden []Hidden
	// Details are lines shown under the lead (the versions to restrict).
	Details []string
	// Typed is what the user typed; ErrorKey what is wrong with it or with
	// the post.
	Typed, ErrorKey string
}

// Hidden is one hidden form field.
type Hidden struct{ Name, Value string }

// ConfirmNameField is the input where the item's name is typed.
const ConfirmNameField = "confirm_name"

// ConfirmTokenField carries the confirmation token.
const ConfirmTokenField = "_confirm"
