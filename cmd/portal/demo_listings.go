package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
)

// demoListing describes one published demo product.
type demoListing struct {
	id, title, short, overview string
	categories, highlights     []string
	keywords                   []string
	pricing                    domain.PricingModel
	versions                   []string // version numbers, oldest first
	logo                       color.RGBA
}

func demoListings() []demoListing {
	return []demoListing{
		{id: "prod-demosentiment", title: "Review Sentiment Analyzer", short: "Scores customer reviews as positive, neutral or negative in real time.",
			overview:   "A transformer model fine-tuned on 2 million product reviews.\nSend review text, get a label and a confidence score.",
			categories: []string{"Natural Language Processing", "Sentiment Analysis"}, highlights: []string{"94% accuracy on held-out reviews", "Under 30 ms per review on ml.m5.large"},
			keywords: []string{"sentiment", "reviews", "nlp"}, pricing: domain.PricingFree, versions: []string{"1.0", "2.0"}, logo: color.RGBA{0x06, 0x7f, 0x68, 0xff}},
		{id: "prod-demoppedetect", title: "PPE Detector for Warehouses", short: "Finds missing helmets and safety vests in warehouse camera frames.",
			overview:   "Object detection for personal protective equipment.\nReturns bounding boxes for people, helmets and vests.",
			categories: []string{"Computer Vision", "Object Detection", "Manufacturing"}, highlights: []string{"Works on 720p and 1080p frames", "Batch transform for recorded video"},
			keywords: []string{"safety", "ppe", "detection"}, pricing: domain.PricingFree, versions: []string{"1.0"}, logo: color.RGBA{0xec, 0x72, 0x11, 0xff}},
		{id: "prod-demochurnpred", title: "Subscriber Churn Predictor", short: "Predicts which subscribers are likely to cancel next month.",
			overview:   "Gradient-boosted trees over 40 usage and billing features.\nOutputs a churn probability per subscriber.",
			categories: []string{"Structured", "Classification"}, highlights: []string{"Explains each score with its top features"},
			keywords: []string{"churn", "tabular", "retention"}, pricing: domain.PricingFree, versions: []string{"1.0"}, logo: color.RGBA{0x00, 0x73, 0xbb, 0xff}},
	}
}

// seedDemoListings publishes the demo seller's demo products, once, and
// subscribes the demo buyer to the first, so the marketplace, the
// SageMaker subscriptions page and the Versions page have something to
// show.
func seedDemoListings(ctx context.Context, db *persistence.DB, root *domain.User, buyerID string, now time.Time) error {
	own, err := db.Products().ListProducts(ctx, demoSellerID)
	if err != nil || len(own) > 0 {
		return err
	}
	var batch []persistence.PublishedListing
	for _, d := range demoListings() {
		l, err := d.published(root, now)
		if err != nil {
			return err
		}
		batch = append(batch, l)
	}
	if err := db.SeedPublished(ctx, batch); err != nil {
		return err
	}
	return db.Subscriptions().Subscribe(ctx, &domain.Subscription{AccountID: buyerID, ProductID: batch[0].Product.ID, CreatedAt: now})
}

func (d demoListing) published(root *domain.User, now time.Time) (persistence.PublishedListing, error) {
	logo, err := demoLogo(d.logo)
	if err != nil {
		return persistence.PublishedListing{}, err
	}
	p := &domain.Product{ID: d.id, AccountID: demoSellerID, CreatorARN: root.ARN(), Type: domain.KindModelPackage, Status: domain.StatusPublic,
		SubmittedAt: now, CreatedAt: now, UpdatedAt: now,
		Info: domain.GeneralInfo{Privacy: domain.PrivacyPublic, Title: d.title, ShortDescription: d.short, Overview: d.overview,
			Highlights: d.highlights, Categories: d.categories},
		Promo:   domain.Promotional{Logo: logo, LogoType: "image/png", Keywords: d.keywords},
		Support: domain.SupportInfo{Chosen: true, Offered: true, Email: "support@seller.example.com", URL: "https://seller.example.com/support", Description: "Business days, 9:00 to 17:00 Pacific."},
		Regions: domain.DefaultRegions(),
		Offer:   domain.Offer{Pricing: d.pricing, EULA: "END USER LICENSE AGREEMENT\n\nThis demo model is provided as is, for evaluation only."},
	}
	l := persistence.PublishedListing{Product: p}
	inference := []string{"ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge"}
	for i, number := range d.versions {
		r := domain.SageMakerResource{AccountID: demoSellerID, Kind: domain.KindModelPackage, Name: fmt.Sprintf("%s-v%d", d.id[5:], i+1), Region: "us-east-1",
			Description: d.short, RealtimeInstanceTypes: inference, BatchInstanceTypes: inference, ContentTypes: []string{"application/json"},
			ResponseMIMETypes: []string{"application/json"}, CertifiedForMarketplace: true, ValidationStatus: domain.ValidationCompleted, CreatedAt: now}
		at := now.Add(time.Duration(i) * time.Minute)
		l.Resources = append(l.Resources, r)
		l.Versions = append(l.Versions, domain.Version{ProductID: p.ID, Number: number, ResourceARN: r.ARN(), Status: domain.VersionPublic,
			SubmittedAt: at, ReleasedAt: at, CreatedAt: at, ReleaseNotes: "Release " + number + ".",
			Input:               domain.InputDetails{Description: "A JSON object with the fields the model scores.", SampleRealtimeURL: "https://seller.example.com/samples/input.json"},
			Output:              domain.OutputDetails{Description: "A JSON object with the prediction and its confidence.", SampleText: `{"label": "positive", "score": 0.97}`},
			RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.m5.xlarge"})
	}
	return l, nil
}

// demoLogo draws a plain square logo in one colour.
func demoLogo(c color.RGBA) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 120, 120))
	for y := range 120 {
		for x := range 120 {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
