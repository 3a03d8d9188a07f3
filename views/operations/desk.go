// Package operations renders the AWS Marketplace Seller Operations desk.
package operations

import "github.com/mlportal/portal/views/layout"

// DeskView is the Seller Operations desk: requests to decide and decided.
type DeskView struct {
	Page    layout.Page
	Open    []RequestRow
	Decided []RequestRow
	// Removals are the listings sellers unpublished, newest first.
	Removals []RemovalRow
}

// RemovalRow is one unpublished listing with the seller's request.
type RemovalRow struct {
	ProductID, ProductTitle, SellerAccount, Email, Reason, ReplacementID, Removed, SupportUntil string
}

// RequestRow is one test-account request.
type RequestRow struct {
	ID, ProductID, ProductTitle, SellerAccount, Accounts, Message, CreatedBy, Created string
	StateKey, DecidedBy, Decided                                                      string
}
