package domain

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// RequestState is where a Seller Operations request stands.
type RequestState string

// A request waits for Seller Operations, who approve or reject it once.
const (
	RequestPending  RequestState = "pending"
	RequestApproved RequestState = "approved"
	RequestRejected RequestState = "rejected"
)

// MaxRequestMessageLength bounds a request's message.
const MaxRequestMessageLength = 1000

// TestAccountRequest asks Seller Operations to allow more accounts to test a
// product.
type TestAccountRequest struct {
	ID        int64
	ProductID string
	AccountID string // the seller's
	Accounts  []string
	Message   string
	State     RequestState
	CreatedBy string
	CreatedAt time.Time
	DecidedBy string
	DecidedAt time.Time
}

// Notification is an in-app message to an account.
type Notification struct {
	ID        int64
	AccountID string
	Message   Message
	Data      map[string]string
	CreatedAt time.Time
	Read      bool
}

// Notification messages.
const (
	MsgNotifyStaged          Message = "notify.staged"
	MsgNotifyRequestApproved Message = "notify.request_approved"
	MsgNotifyRequestRejected Message = "notify.request_rejected"
)

// OperationsRepository stores test-account requests.
type OperationsRepository interface {
	CreateRequest(ctx context.Context, r *TestAccountRequest) error
	// Requests lists the requests in a state, oldest first, for operators.
	Requests(ctx context.Context, state RequestState) ([]TestAccountRequest, error)
	// ProductRequests lists a product's requests, newest first.
	ProductRequests(ctx context.Context, productID string) ([]TestAccountRequest, error)
	// Decide moves a pending request to state in one transaction: an
	// approval adds its accounts to the product's test accounts and records
	// the change, and the seller is notified. A request that is no longer
	// pending gives ECONFLICT with MsgAlreadyDecided and changes nothing.
	Decide(ctx context.Context, id int64, state RequestState, by string, at time.Time) (*TestAccountRequest, error)
}

// NotificationRepository reads an account's notifications.
type NotificationRepository interface {
	Notifications(ctx context.Context, accountID string, limit int) ([]Notification, error)
	UnreadCount(ctx context.Context, accountID string) (int, error)
	MarkAllRead(ctx context.Context, accountID string, at time.Time) error
}

// OperationsService runs the Seller Operations desk.
type OperationsService struct {
	Repo  OperationsRepository
	Clock Clock
}

// RequestTestAccounts files a seller's request for more test accounts.
func (s *OperationsService) RequestTestAccounts(ctx context.Context, actor *User, p *Product, accounts, message string) (*TestAccountRequest, error) {
	ids := ParseAccountIDs(accounts)
	message = strings.TrimSpace(message)
	f := FieldErrors{}
	if msg := validateAccountList(ids, p.AccountID, true); msg != "" {
		f["request_accounts"] = msg
	}
	switch {
	case message == "":
		f["request_message"] = MsgFieldRequired
	case utf8.RuneCountInString(message) > MaxRequestMessageLength:
		f["request_message"] = MsgTextTooLong
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	r := &TestAccountRequest{ProductID: p.ID, AccountID: p.AccountID, Accounts: ids, Message: message,
		State: RequestPending, CreatedBy: actor.ARN(), CreatedAt: s.Clock.Now()}
	return r, s.Repo.CreateRequest(ctx, r)
}

// Decide approves or rejects a request. Only Seller Operations may.
func (s *OperationsService) Decide(ctx context.Context, operator *User, id int64, approve bool) (*TestAccountRequest, error) {
	if operator == nil || !operator.IsOperator() {
		return nil, Errorf(EFORBIDDEN, MsgForbidden)
	}
	state := RequestRejected
	if approve {
		state = RequestApproved
	}
	return s.Repo.Decide(ctx, id, state, operator.ARN(), s.Clock.Now())
}
