package domain

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

// accountIDs returns n distinct account IDs starting at from.
func accountIDs(from, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%012d", from+i)
	}
	return out
}

func TestTestAccountRequestDecide(t *testing.T) {
	created := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	const operator = "arn:aws:iam::000000000001:root"
	type want struct {
		code     string
		msg      Message
		state    RequestState
		accounts []string // the product's test accounts after
		change   bool     // the product changed, with a history entry
		notify   Message
	}
	tests := []struct {
		name     string
		state    RequestState
		has      []string // the product's test accounts before
		asked    []string
		approve  bool
		want     want
		wantData map[string]any
	}{
		{name: "approve adds the accounts", state: RequestPending, has: accountIDs(1, 2), asked: accountIDs(10, 2), approve: true,
			want: want{state: RequestApproved, accounts: append(accountIDs(1, 2), accountIDs(10, 2)...), change: true, notify: MsgNotifyRequestApproved}},
		{name: "approve skips accounts already testing", state: RequestPending, has: accountIDs(1, 2), asked: accountIDs(2, 2), approve: true,
			want: want{state: RequestApproved, accounts: accountIDs(1, 3), change: true, notify: MsgNotifyRequestApproved}},
		{name: "approve of accounts all testing changes no product", state: RequestPending, has: accountIDs(1, 3), asked: accountIDs(1, 2),
			approve: true, want: want{state: RequestApproved, accounts: accountIDs(1, 3), notify: MsgNotifyRequestApproved}},
		{name: "approve up to the cap", state: RequestPending, has: accountIDs(1, MaxTestAccounts-2), asked: accountIDs(500, 2), approve: true,
			want: want{state: RequestApproved, accounts: append(accountIDs(1, MaxTestAccounts-2), accountIDs(500, 2)...), change: true,
				notify: MsgNotifyRequestApproved}},
		{name: "approve over the cap is refused", state: RequestPending, has: accountIDs(1, MaxTestAccounts-1), asked: accountIDs(500, 2),
			approve: true, want: want{code: ECONFLICT, msg: MsgTestAccountsOverLimit, state: RequestPending, accounts: accountIDs(1, MaxTestAccounts-1)},
			wantData: map[string]any{"Count": MaxTestAccounts + 1, "Max": MaxTestAccounts}},
		{name: "duplicates do not count toward the cap", state: RequestPending, has: accountIDs(1, MaxTestAccounts), asked: accountIDs(1, 2),
			approve: true, want: want{state: RequestApproved, accounts: accountIDs(1, MaxTestAccounts), notify: MsgNotifyRequestApproved}},
		{name: "reject leaves the product", state: RequestPending, has: accountIDs(1, MaxTestAccounts), asked: accountIDs(500, 2),
			want: want{state: RequestRejected, accounts: accountIDs(1, MaxTestAccounts), notify: MsgNotifyRequestRejected}},
		{name: "approved already", state: RequestApproved, has: accountIDs(1, 1), asked: accountIDs(1, 1), approve: true,
			want: want{code: ECONFLICT, msg: MsgAlreadyDecided, state: RequestApproved, accounts: accountIDs(1, 1)}},
		{name: "rejected already", state: RequestRejected, has: nil, asked: accountIDs(1, 1),
			want: want{code: ECONFLICT, msg: MsgAlreadyDecided, state: RequestRejected}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Product{ID: "prod-abc", AccountID: "123456789012", TestAccounts: slices.Clone(tt.has), UpdatedAt: created}
			r := &TestAccountRequest{ID: 7, ProductID: p.ID, AccountID: p.AccountID, Accounts: slices.Clone(tt.asked), State: tt.state,
				CreatedAt: created}
			before := *r
			d, err := r.Decide(p, tt.approve, operator, now)
			if tt.want.code != "" {
				e := AsError(err)
				if e.Code != tt.want.code || e.Message != tt.want.msg {
					t.Fatalf("Decide() error = %v, want %s/%s", err, tt.want.code, tt.want.msg)
				}
				if tt.wantData != nil && !reflect.DeepEqual(e.Data, tt.wantData) {
					t.Errorf("error data = %v, want %v", e.Data, tt.wantData)
				}
				if d != nil || !reflect.DeepEqual(*r, before) || !slices.Equal(p.TestAccounts, tt.has) || !p.UpdatedAt.Equal(created) {
					t.Errorf("a refused decision changed something: %+v, %+v, %v", d, *r, p.TestAccounts)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decide() error = %v", err)
			}
			if r.State != tt.want.state || r.DecidedBy != operator || !r.DecidedAt.Equal(now) {
				t.Errorf("request = %s by %q at %v, want %s by %q at %v", r.State, r.DecidedBy, r.DecidedAt, tt.want.state, operator, now)
			}
			if !slices.Equal(p.TestAccounts, tt.want.accounts) {
				t.Errorf("test accounts = %v, want %v", p.TestAccounts, tt.want.accounts)
			}
			wantChange := (*ProductChange)(nil)
			wantUpdated := created
			if tt.want.change {
				wantChange = &ProductChange{ProductID: p.ID, ChangeType: ChangeUpdateTargeting, Actor: operator, At: now}
				wantUpdated = now
			}
			if !reflect.DeepEqual(d.Change, wantChange) || !p.UpdatedAt.Equal(wantUpdated) {
				t.Errorf("product change = %+v (updated %v), want %+v (updated %v)", d.Change, p.UpdatedAt, wantChange, wantUpdated)
			}
			wantNotice := Notification{AccountID: p.AccountID, Message: tt.want.notify, Data: map[string]string{"Product": p.ID, "Title": p.ID}, CreatedAt: now}
			if !reflect.DeepEqual(d.Notice, wantNotice) {
				t.Errorf("notice = %+v, want %+v", d.Notice, wantNotice)
			}
		})
	}
}

// operationsRepoFake keeps one request and one product, and saves what a
// decision returns, as the store does in its transaction.
type operationsRepoFake struct {
	OperationsRepository // only DecideRequest is used
	request              TestAccountRequest
	product              Product
	notices              []Notification
	changes              []ProductChange
}

func (f *operationsRepoFake) DecideRequest(_ context.Context, id int64, decide func(*TestAccountRequest, *Product) (*RequestDecision, error)) error {
	if id != f.request.ID {
		return Errorf(ENOTFOUND, MsgNotFound)
	}
	r, p := f.request, f.product
	r.Accounts, p.TestAccounts = slices.Clone(r.Accounts), slices.Clone(p.TestAccounts)
	d, err := decide(&r, &p)
	if err != nil {
		return err
	}
	f.request = r
	if d.Change != nil {
		f.product = p
		f.changes = append(f.changes, *d.Change)
	}
	f.notices = append(f.notices, d.Notice)
	return nil
}

func TestOperationsServiceDecide(t *testing.T) {
	clock := NewFakeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	operator := &User{AccountID: "000000000001", Role: RoleOperator}
	seller := &User{AccountID: "123456789012", Role: RoleRoot}
	newFake := func(has []string) *operationsRepoFake {
		return &operationsRepoFake{
			request: TestAccountRequest{ID: 7, ProductID: "prod-abc", AccountID: seller.AccountID, Accounts: accountIDs(500, 2), State: RequestPending},
			product: Product{ID: "prod-abc", AccountID: seller.AccountID, TestAccounts: has},
		}
	}

	t.Run("only operators decide", func(t *testing.T) {
		f := newFake(nil)
		svc := &OperationsService{Repo: f, Clock: clock}
		for _, u := range []*User{nil, seller} {
			if _, err := svc.Decide(context.Background(), u, 7, true); ErrorCode(err) != EFORBIDDEN {
				t.Errorf("Decide(%+v) error = %v, want %s", u, err, EFORBIDDEN)
			}
		}
		if f.request.State != RequestPending || len(f.notices) != 0 {
			t.Error("a refused decision changed the request")
		}
	})

	t.Run("approval saved and notified", func(t *testing.T) {
		f := newFake(accountIDs(1, 1))
		svc := &OperationsService{Repo: f, Clock: clock}
		got, err := svc.Decide(context.Background(), operator, 7, true)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != RequestApproved || got.DecidedBy != operator.ARN() || !got.DecidedAt.Equal(clock.Now()) || !reflect.DeepEqual(*got, f.request) {
			t.Errorf("decided request = %+v, stored %+v", got, f.request)
		}
		if want := append(accountIDs(1, 1), accountIDs(500, 2)...); !slices.Equal(f.product.TestAccounts, want) {
			t.Errorf("test accounts = %v, want %v", f.product.TestAccounts, want)
		}
		if len(f.changes) != 1 || len(f.notices) != 1 || f.notices[0].Message != MsgNotifyRequestApproved {
			t.Errorf("changes %+v, notices %+v", f.changes, f.notices)
		}
	})

	t.Run("approval over the cap changes nothing", func(t *testing.T) {
		f := newFake(accountIDs(1, MaxTestAccounts-1))
		svc := &OperationsService{Repo: f, Clock: clock}
		_, err := svc.Decide(context.Background(), operator, 7, true)
		if e := AsError(err); e.Code != ECONFLICT || e.Message != MsgTestAccountsOverLimit {
			t.Fatalf("Decide() error = %v, want %s/%s", err, ECONFLICT, MsgTestAccountsOverLimit)
		}
		if f.request.State != RequestPending || len(f.product.TestAccounts) != MaxTestAccounts-1 || len(f.notices) != 0 {
			t.Errorf("a refused approval changed something: %+v, %d accounts, %d notices", f.request, len(f.product.TestAccounts), len(f.notices))
		}
		// Rejecting it is still possible.
		if got, err := svc.Decide(context.Background(), operator, 7, false); err != nil || got.State != RequestRejected {
			t.Fatalf("reject after a refused approval = %+v, %v", got, err)
		}
	})

	t.Run("repository errors pass through", func(t *testing.T) {
		svc := &OperationsService{Repo: newFake(nil), Clock: clock}
		if _, err := svc.Decide(context.Background(), operator, 8, true); ErrorCode(err) != ENOTFOUND {
			t.Errorf("Decide(missing) error = %v, want %s", err, ENOTFOUND)
		}
		cause := errors.New("disk full")
		f := &failingDecideRepo{err: Internal(cause)}
		svc = &OperationsService{Repo: f, Clock: clock}
		if _, err := svc.Decide(context.Background(), operator, 7, true); !errors.Is(err, cause) {
			t.Errorf("Decide() error = %v, want %v", err, cause)
		}
	})
}

type failingDecideRepo struct {
	OperationsRepository
	err error
}

func (f *failingDecideRepo) DecideRequest(context.Context, int64, func(*TestAccountRequest, *Product) (*RequestDecision, error)) error {
	return f.err
}
