package domain

import (
	"cmp"
	"context"
	"slices"
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

// MsgTestAccountsOverLimit refuses an approval that would give a product
// more than MaxTestAccounts test accounts; its data are Count and Max.
const MsgTestAccountsOverLimit Message = "operations.too_many_test_accounts"

// RequestDecision is what deciding a request changes besides the request.
type RequestDecision struct {
	// Change records new test accounts on the product. Nil when the
	// product is unchanged, and then it is not saved.
	Change *ProductChange
	// Notice tells the seller the outcome.
	Notice Notification
}

// Decide approves or rejects a pending request for its product p, by actor
// at now. An approval adds the requested accounts p lacks, within
// MaxTestAccounts. A refusal (ECONFLICT: already decided, or over the cap)
// leaves r and p as they were.
func (r *TestAccountRequest) Decide(p *Product, approve bool, actor string, now time.Time) (*RequestDecision, error) {
	if r.State != RequestPending {
		return nil, Errorf(ECONFLICT, MsgAlreadyDecided)
	}
	d := &RequestDecision{}
	state, notice := RequestRejected, MsgNotifyRequestRejected
	if approve {
		merged := slices.Clone(p.TestAccounts)
		for _, a := range r.Accounts {
			if !slices.Contains(merged, a) {
				merged = append(merged, a)
			}
		}
		if len(merged) > MaxTestAccounts {
			return nil, &Error{Code: ECONFLICT, Message: MsgTestAccountsOverLimit,
				Data: map[string]any{"Count": len(merged), "Max": MaxTestAccounts}}
		}
		if len(merged) > len(p.TestAccounts) {
			p.TestAccounts, p.UpdatedAt = merged, now
			d.Change = &ProductChange{ProductID: p.ID, ChangeType: ChangeUpdateTargeting, Actor: actor, At: now}
		}
		state, notice = RequestApproved, MsgNotifyRequestApproved
	}
	r.State, r.DecidedBy, r.DecidedAt = state, actor, now
	d.Notice = Notification{AccountID: r.AccountID, Message: notice, CreatedAt: now,
		Data: map[string]string{"Product": r.ProductID, "Title": cmp.Or(p.Info.Title, r.ProductID)}}
	return d, nil
}

// OperationsRepository stores test-account requests.
type OperationsRepository interface {
	CreateRequest(ctx context.Context, r *TestAccountRequest) error
	// Requests lists the requests in a state, oldest first, for operators.
	Requests(ctx context.Context, state RequestState) ([]TestAccountRequest, error)
	// ProductRequests lists a product's requests, newest first.
	ProductRequests(ctx context.Context, productID string) ([]TestAccountRequest, error)
	// DecideRequest loads request id and its product and calls decide with
	// them, in one transaction. When decide succeeds, the request, the
	// product (only with a Change, locked on the revision loaded) and the
	// notice are saved, all or nothing; when it fails, nothing changes and
	// its error is returned. A missing request gives ENOTFOUND; one decided
	// by someone else meanwhile gives ECONFLICT with MsgAlreadyDecided.
	DecideRequest(ctx context.Context, id int64, decide func(r *TestAccountRequest, p *Product) (*RequestDecision, error)) error
}

// NotificationRepository reads an account's notifications.
type NotificationRepository interface {
	Notifications(ctx context.Context, accountID string, limit int) ([]Notification, error)
	UnreadCount(ctx context.Context, accountID string) (int, error)
	MarkAllRead(ctx context.Context, accountID string, at time.Time) error
	// AddNotifications stores in-portal notifications.
	AddNotifications(ctx context.Context, ns []Notification) error
	// PendingEmails lists notifications not yet emailed, oldest first.
	PendingEmails(ctx context.Context, limit int) ([]Notification, error)
	// ClaimEmail marks a notification emailed at at; false when another
	// process claimed it first.
	ClaimEmail(ctx context.Context, id int64, at time.Time) (bool, error)
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
		f[FieldRequestAccounts] = msg
	}
	switch {
	case message == "":
		f[FieldRequestMessage] = MsgFieldRequired
	case utf8.RuneCountInString(message) > MaxRequestMessageLength:
		f[FieldRequestMessage] = MsgTextTooLong
	}
	if len(f) > 0 {
		return nil, Invalid(f)
	}
	r := &TestAccountRequest{ProductID: p.ID, AccountID: p.AccountID, Accounts: ids, Message: message,
		State: RequestPending, CreatedBy: actor.ARN(), CreatedAt: s.Clock.Now()}
	return r, s.Repo.CreateRequest(ctx, r)
}

// Decide approves or rejects a request, by the rules of
// TestAccountRequest.Decide. Only Seller Operations may.
func (s *OperationsService) Decide(ctx context.Context, operator *User, id int64, approve bool) (*TestAccountRequest, error) {
	if operator == nil || !operator.IsOperator() {
		return nil, Errorf(EFORBIDDEN, MsgForbidden)
	}
	now := s.Clock.Now()
	var decided TestAccountRequest
	err := s.Repo.DecideRequest(ctx, id, func(r *TestAccountRequest, p *Product) (*RequestDecision, error) {
		d, err := r.Decide(p, approve, operator.ARN(), now)
		if err != nil {
			return nil, err
		}
		decided = *r
		return d, nil
	})
	if err != nil {
		return nil, err
	}
	return &decided, nil
}
