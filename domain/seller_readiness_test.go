package domain

import (
	"context"
	"errors"
	"testing"
)

// SellerSteps answers from the fake's maps, as the store does from its rows.
func (f *sellerRepoFake) SellerSteps(_ context.Context, accountID string) (Readiness, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readErr != nil {
		return Readiness{}, f.readErr
	}
	_, profile := f.profiles[accountID]
	_, tax := f.taxes[accountID]
	_, bank := f.banks[accountID]
	return Readiness{Profile: profile, Tax: tax, Bank: bank}, nil
}

// sealedReadsFail is a repository whose tax interview and bank account
// cannot be opened, as with a wrong data key.
type sealedReadsFail struct{ *sellerRepoFake }

var errSealed = errors.New("sealed data read")

func (sealedReadsFail) TaxInterview(context.Context, string) (*TaxInterview, error) {
	return nil, Internal(errSealed)
}

func (sealedReadsFail) BankAccount(context.Context, string) (*BankAccount, error) {
	return nil, Internal(errSealed)
}

// TestSellerServiceReadinessOpensNothing: knowing which steps are done needs
// no tax ID or bank number.
func TestSellerServiceReadinessOpensNothing(t *testing.T) {
	f := newSellerFixture()
	ctx := context.Background()
	if err := f.svc.SaveProfile(ctx, f.root, validProfile(), false); err != nil {
		t.Fatal(err)
	}
	f.saveTax(t)
	if err := f.svc.SaveBank(ctx, f.root, BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89370400440532013000"}); err != nil {
		t.Fatal(err)
	}
	svc := &SellerService{Repo: sealedReadsFail{f.repo}, Clock: f.clock}
	got, err := svc.Readiness(ctx, sellerAccountID)
	if err != nil || got != (Readiness{Profile: true, Tax: true, Bank: true}) {
		t.Errorf("Readiness() = %+v, %v; want every step done, without opening sealed data", got, err)
	}
}
