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
