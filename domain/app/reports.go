package app

import (
	"context"

	"github.com/mlportal/portal/domain"
)

// SellerReport is the seller's report (domain.BuildReport) over the last
// domain.DefaultReportWeeks weeks, for all the seller's products or, with
// productID, for one of them; another account's product, like an unknown
// one, is not found. Reading it needs ListEntities, as the agreements do.
func (a *App) SellerReport(ctx context.Context, pr domain.Principal, productID string) (*domain.Report, error) {
	account, err := authorizeIn(pr, domain.ActionListEntities, anyResource)
	if err != nil {
		return nil, err
	}
	if productID != "" {
		if !domain.IsProductID(productID) {
			return nil, domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
		}
		if _, err := a.Repos.Products.Product(ctx, account, productID); err != nil {
			return nil, err
		}
	}
	agreements, err := a.Repos.Agreements.SellerAgreements(ctx, account, domain.AgreementQuery{ProductID: productID})
	if err != nil {
		return nil, err
	}
	offers, err := a.Repos.Offers.SellerOffers(ctx, account)
	if err != nil {
		return nil, err
	}
	r := domain.BuildReport(agreements, offers, productID, a.clock.Now(), domain.DefaultReportWeeks)
	return &r, nil
}
