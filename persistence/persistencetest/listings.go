package persistencetest

import (
	"fmt"
	"strings"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
)

// LoadSeller is the account that owns the listings LoadListing makes.
const LoadSeller = "111122223333"

// LoadPublishedAt is the publication time of the first of them; each next
// one is a second newer.
var LoadPublishedAt = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// LoadListingID names the i-th listing.
func LoadListingID(i int) string { return fmt.Sprintf("prod-load%09d", i) }

// loadWord is the k-th word of a vocabulary of 20 common words and 980
// made-up ones, so a common word matches many listings and a rare one few,
// as in a real catalog.
func loadWord(k int) string {
	common := []string{"retail", "forecast", "vision", "sentiment", "fraud", "churn", "demand", "speech", "translation", "detector",
		"classifier", "regression", "anomaly", "recommendation", "medical", "invoice", "document", "object", "segmentation", "embedding"}
	if k < len(common) {
		return common[k]
	}
	return fmt.Sprintf("term%03d", k)
}

// loadPick chooses the n-th word of listing i: mostly from the long tail,
// one time in four from the common words.
func loadPick(i, n int) string {
	h := (i*2654435761 + n*40503) & 0x7fffffff
	if h%4 == 0 {
		return loadWord(h / 4 % 20)
	}
	return loadWord(20 + h/4%980)
}

// LoadListing is the i-th public listing of the load test and the
// benchmarks: a model package with three title words, keywords and
// descriptions drawn from the vocabulary, in one category.
func LoadListing(i int) persistence.PublishedListing {
	id := LoadListingID(i)
	at := LoadPublishedAt
	r := domain.SageMakerResource{AccountID: LoadSeller, Kind: domain.KindModelPackage, Name: fmt.Sprintf("model-%d", i), Region: "us-east-1",
		RealtimeInstanceTypes: []string{"ml.m5.large", "ml.c5.xlarge"}, BatchInstanceTypes: []string{"ml.m5.xlarge"},
		ContentTypes: []string{"text/csv"}, ResponseMIMETypes: []string{"application/json"},
		CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: at}
	title := strings.Title(loadPick(i, 1) + " " + loadPick(i, 2) + " " + loadPick(i, 3)) //nolint:staticcheck // ASCII titles
	p := &domain.Product{ID: id, AccountID: LoadSeller, CreatorARN: "arn:aws:iam::" + LoadSeller + ":root", Type: domain.KindModelPackage,
		Status: domain.StatusPublic, SubmittedAt: at, CreatedAt: at, UpdatedAt: at.Add(time.Duration(i) * time.Second),
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: title, ShortDescription: "A " + loadPick(i, 4) + " model for " + loadPick(i, 5) + ".",
			Overview: "Detects " + loadPick(i, 6) + " and " + loadPick(i, 7) + " in your data.", Highlights: []string{"Fast " + loadPick(i, 8)},
			Categories: []string{domain.Categories()[i%len(domain.Categories())]}},
		Promo: domain.Promotional{Keywords: []string{loadPick(i, 9), loadPick(i, 10)}}, Regions: domain.DefaultRegions(),
		Support: domain.SupportInfo{Chosen: true, Offered: true, Email: "support@example.com", URL: "https://example.com/support", Description: "Mail us."},
		Offer:   domain.Offer{Pricing: domain.PricingFree, EULA: "License."}}
	v := domain.Version{ProductID: id, Number: "1.0", ResourceARN: r.ARN(), Status: domain.VersionPublic, SubmittedAt: at, CreatedAt: at,
		ReleaseNotes: "First.", Input: domain.InputDetails{Description: "CSV"}, Output: domain.OutputDetails{Description: "JSON", SampleText: "{}"},
		RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge"}
	return persistence.PublishedListing{Product: p, Versions: []domain.Version{v}, Resources: []domain.SageMakerResource{r}}
}
