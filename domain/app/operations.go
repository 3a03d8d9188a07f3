package app

import (
	"context"

	"github.com/mlportal/portal/domain"
)

// DecideTestAccountRequest approves or rejects a seller's request for more
// test accounts. Only Seller Operations decides.
func (a *App) DecideTestAccountRequest(ctx context.Context, pr domain.Principal, requestID int64, approve bool) (*domain.TestAccountRequest, error) {
	if _, err := accountOf(pr); err != nil {
		return nil, err
	}
	if !pr.User.IsOperator() {
		return nil, domain.Errorf(domain.EFORBIDDEN, domain.MsgForbidden)
	}
	return a.Services.Operations.Decide(ctx, pr.User, requestID, approve)
}
