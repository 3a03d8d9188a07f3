// Package seller renders the pages of the AWS Marketplace Management Portal
// that sellers use.
package seller

import "github.com/mlportal/portal/views/layout"

// HomeView is the view model of the portal's home page.
type HomeView struct {
	Page        layout.Page
	AccountName string
	AccountID   string
	Email       string
	RoleKey     string
	Steps       []Step
	Notices     []Notice
	// Buyer, set for an account that sells nothing, makes the page a
	// buyer's home: what it bought and may accept, before how to sell.
	Buyer *BuyerHome
}

// BuyerHome is what a buyer's home page counts.
type BuyerHome struct {
	Subscriptions, Offers, Agreements int
}

// Notice is one in-app notification.
type Notice struct {
	Key    string
	Data   map[string]any
	At     string
	Unread bool
	Href   string
}

// Step is one stage of publishing an ML product, with where to do it.
type Step struct {
	TitleKey string
	BodyKey  string
	Href     string
	LinkKey  string
}
