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
	"github.com/mlportal/portal/domain/app"
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
			keywords: []string{"sentiment", "reviews", "nlp"}, pricing: domain.PricingPaidTrial, versions: []string{"1.0", "2.0"}, logo: color.RGBA{0x06, 0x7f, 0x68, 0xff}},
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

// demoTrialDays is the free trial of the demo's paid product; the demo
// buyer started it 20 days ago, so it ends in 10 days.
const demoTrialDays = 30

// seedDemoListings publishes the demo seller's demo products, once, and
// subscribes the demo buyer to the first (an agreement on its free trial),
// so the marketplace, the SageMaker subscriptions page, the agreements and
// the Versions page have something to show.
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
	p := batch[0].Product
	started := now.AddDate(0, 0, 10-demoTrialDays)
	ag, err := domain.NewAgreement(domain.PublicOfferID(p.ID), p, buyerID, domain.TermsOf(p.Offer), started, 0, false)
	if err != nil {
		return err
	}
	return db.Offers().MakeAgreement(ctx, ag, domain.TrialJobs(ag))
}

// seedDemoPrivateOffer has the demo seller extend a private offer on the
// PPE detector to the demo buyer, with its own prices and EULA, once.
func seedDemoPrivateOffer(ctx context.Context, core *app.App, root *domain.User, now time.Time) error {
	pr := domain.Principal{User: root}
	if private, err := core.SellerPrivateOffers(ctx, pr); err != nil || len(private) > 0 {
		return err
	}
	_, required, err := core.OfferForm(ctx, pr, "prod-demoppedetect")
	if err != nil {
		return err
	}
	prices := map[domain.InstancePrice]string{}
	for _, r := range required {
		prices[domain.InstancePrice{Use: r.Use, InstanceType: r.InstanceType}] = demoPrivatePrice(r)
	}
	_, err = core.CreatePrivateOffer(ctx, pr, domain.PrivateOfferInput{ProductID: "prod-demoppedetect",
		Name: "Example Buyer: warehouse fleet, 12 months", Buyers: demoBuyerID, Prices: prices,
		EULA:      "PRIVATE OFFER LICENSE AGREEMENT\n\nExample ML Seller grants Example Buyer the use of PPE Detector for Warehouses in up to 40 warehouses, with support by email within one business day.",
		ExpiresOn: now.AddDate(0, 0, 30).Format(time.DateOnly), DurationMonths: "12"})
	return err
}

// demoPrivatePrice is the negotiated hourly price of one instance type.
func demoPrivatePrice(p domain.InstancePrice) string {
	if p.Use == domain.UseBatch {
		return "0.15"
	}
	return "0.25"
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
		Offer:   d.offer(),
	}
	l := persistence.PublishedListing{Product: p}
	inference := demoInferenceTypes()
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

// offer is the listing's public offer: paid listings charge $0.40 an hour
// for real-time inference and $0.30 for batch transform on every instance
// type, after a free trial.
func (d demoListing) offer() domain.Offer {
	o := domain.Offer{Pricing: d.pricing, EULA: "END USER LICENSE AGREEMENT\n\nThis demo model is provided as is, for evaluation only."}
	if !d.pricing.Paid() {
		return o
	}
	for _, t := range demoInferenceTypes() {
		o.Prices = append(o.Prices, domain.InstancePrice{Use: domain.UseRealtime, InstanceType: t, HourlyMillis: 400},
			domain.InstancePrice{Use: domain.UseBatch, InstanceType: t, HourlyMillis: 300})
	}
	if d.pricing == domain.PricingPaidTrial {
		o.TrialDays = demoTrialDays
	}
	return o
}

// demoInferenceTypes are the instance types of every demo resource.
func demoInferenceTypes() []string { return []string{"ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge"} }

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
