package main

import (
	"context"
	"fmt"

	"github.com/mlportal/portal/domain"
)

// The accounts of the demo seller and the demo buyer.
const (
	demoSellerID = "111122223333"
	demoBuyerID  = "444455556666"
)

// seedDemoSeller registers the demo seller (profile, tax interview, bank
// account) and gives it a model package and an algorithm ready to list, so
// the demo can go straight to creating a listing. Steps already done are
// left alone.
func seedDemoSeller(ctx context.Context, sellers *domain.SellerService, sagemaker *domain.SageMakerService, root *domain.User) error {
	ready, err := sellers.Readiness(ctx, demoSellerID)
	if err != nil {
		return err
	}
	if !ready.Profile {
		p := domain.SellerProfile{DisplayName: "Example ML Seller", Description: "Computer vision and tabular models for retail and logistics.",
			Website: "https://seller.example.com", SupportEmail: "support@seller.example.com"}
		if err := sellers.SaveProfile(ctx, root, p, false); err != nil {
			return fmt.Errorf("profile: %w", err)
		}
	}
	if !ready.Tax {
		t := domain.TaxInterview{EntityType: domain.EntityBusiness, LegalName: "Example ML Seller LLC", Country: "US",
			AddressLine1: "410 Terry Ave N", City: "Seattle", Region: "WA", PostalCode: "98109",
			TaxID: "12-3456789", SignatureName: "Example ML Seller LLC", Certified: true}
		if err := sellers.SaveTax(ctx, root, t); err != nil {
			return fmt.Errorf("tax interview: %w", err)
		}
	}
	if !ready.Bank {
		b := domain.BankAccount{Kind: domain.BankUSACH, HolderName: "Example ML Seller LLC", RoutingNumber: "021000021", AccountNumber: "000123456789"}
		if err := sellers.SaveBank(ctx, root, b); err != nil {
			return fmt.Errorf("bank account: %w", err)
		}
	}
	for _, r := range demoResources() {
		if _, err := sagemaker.Repo.Resource(ctx, demoSellerID, r.Kind, r.Name); err == nil {
			continue
		}
		if _, err := sagemaker.Create(ctx, demoSellerID, r); err != nil {
			return fmt.Errorf("%s %s: %w", r.Kind, r.Name, err)
		}
	}
	return nil
}

func demoResources() []domain.SageMakerResource {
	inference := []string{"ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge", "ml.g4dn.xlarge"}
	return []domain.SageMakerResource{
		{
			Kind: domain.KindModelPackage, Name: "shelf-image-classifier", Region: "us-east-1",
			Description:           "Classifies retail shelf photos into 120 product categories.",
			RealtimeInstanceTypes: inference, BatchInstanceTypes: inference,
			ContentTypes: []string{"image/jpeg", "image/png"}, ResponseMIMETypes: []string{"application/json"},
			CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted,
		},
		{
			// A retrained model, ready to be added as a new version.
			Kind: domain.KindModelPackage, Name: "shelf-image-classifier-v2", Region: "us-east-1",
			Description:           "Classifies retail shelf photos into 150 product categories.",
			RealtimeInstanceTypes: inference, BatchInstanceTypes: inference,
			ContentTypes: []string{"image/jpeg", "image/png"}, ResponseMIMETypes: []string{"application/json"},
			CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted,
		},
		{
			Kind: domain.KindAlgorithm, Name: "tabular-demand-forecaster", Region: "us-east-1",
			Description:           "Gradient-boosted trees that forecast weekly demand from sales history.",
			RealtimeInstanceTypes: inference, BatchInstanceTypes: inference,
			TrainingInstanceTypes: []string{"ml.m5.xlarge", "ml.m5.2xlarge", "ml.c5.2xlarge"},
			ContentTypes:          []string{"text/csv"}, ResponseMIMETypes: []string{"text/csv", "application/json"},
			CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted,
			TrainingChannels: []domain.TrainingChannel{
				{Name: "train", Description: "Weekly sales history, one row per store and item.", Required: true, ContentTypes: []string{"text/csv"}, CompressionTypes: []string{"None", "Gzip"}, InputModes: []string{"File"}},
				{Name: "validation", Description: "Held-out weeks used to report accuracy.", ContentTypes: []string{"text/csv"}, CompressionTypes: []string{"None"}, InputModes: []string{"File"}},
			},
			HyperParameters: []domain.HyperParameter{
				{Name: "num_round", Description: "Boosting rounds.", Type: domain.HyperParameterInteger, MinValue: "1", MaxValue: "1000", DefaultValue: "100", Tunable: true},
				{Name: "eta", Description: "Learning rate.", Type: domain.HyperParameterContinuous, MinValue: "0.01", MaxValue: "1", DefaultValue: "0.3", Tunable: true},
				{Name: "objective", Description: "Loss to minimize.", Type: domain.HyperParameterCategorical, Values: []string{"reg:squarederror", "reg:tweedie"}, DefaultValue: "reg:squarederror"},
			},
			MetricDefinitions: []domain.MetricDefinition{{Name: "validation:rmse", Regex: `validation-rmse:([0-9\.]+)`}},
		},
	}
}
