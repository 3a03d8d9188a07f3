package catalogapi

import (
	"context"
	"encoding/json"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

// Offers in the Catalog API: each product's public offer (offer-<the
// product ID's letters>) and the seller's private offers are Offer
// entities, listed by ListEntities with EntityType Offer and described by
// DescribeEntity. They are made by the pages' use cases (a private offer's
// change set has the API's offer change types); StartChangeSet changes
// products only.

const (
	offerEntityType        = domain.EntityTypeOffer
	offerEntityTypeVersion = offerEntityType + "@1.0"
)

// offerSummary is ListEntities' OfferSummary.
type offerSummary struct {
	Name                string   `json:"Name,omitempty"`
	ProductID           string   `json:"ProductId"`
	ReleaseDate         string   `json:"ReleaseDate,omitempty"`
	AvailabilityEndDate string   `json:"AvailabilityEndDate,omitempty"`
	BuyerAccounts       []string `json:"BuyerAccounts,omitempty"`
	State               string   `json:"State"`
	Targeting           []string `json:"Targeting"`
}

// offerDocument is an offer's DetailsDocument.
type offerDocument struct {
	ID           string           `json:"Id"`
	ProductID    string           `json:"ProductId"`
	Name         string           `json:"Name,omitempty"`
	State        string           `json:"State"`
	Targeting    *offerTargeting  `json:"Targeting,omitempty"`
	Terms        []domain.TermDoc `json:"Terms"`
	Availability *offerAvailable  `json:"Availability,omitempty"`
}

type offerTargeting struct {
	PositiveTargeting struct {
		BuyerAccounts []string `json:"BuyerAccounts"`
	} `json:"PositiveTargeting"`
}

type offerAvailable struct {
	AvailabilityEndDate string `json:"AvailabilityEndDate"`
}

// offerView is one offer as the API shows it.
type offerView struct {
	id, productID, account string
	summary                offerSummary
	document               offerDocument
	modified               string
}

func offerARN(account, id string) string {
	return "arn:aws:aws-marketplace:us-east-1:" + account + ":AWSMarketplace/Offer/" + id
}

// publicOfferView is a product's public offer: its published terms, or its
// draft ones before the first sign-off.
func publicOfferView(p *domain.Product) offerView {
	terms, state := domain.TermsOf(p.Offer), "Draft"
	if p.PublicSnapshot != nil {
		terms, state = domain.TermsOf(p.PublicSnapshot.Offer), "Released"
	}
	id := domain.PublicOfferID(p.ID)
	title, _ := p.Published(nil)
	v := offerView{id: id, productID: p.ID, account: p.AccountID, modified: iso(p.UpdatedAt),
		summary:  offerSummary{Name: title.Info.Title, ProductID: p.ID, State: state, Targeting: []string{}},
		document: offerDocument{ID: id, ProductID: p.ID, Name: title.Info.Title, State: state, Terms: domain.OfferTerms(terms, 0)}}
	if p.PublicSnapshot != nil {
		v.summary.ReleaseDate = iso(p.PublicSnapshot.At)
	}
	return v
}

// privateOfferView is a private offer: released when it was made.
func privateOfferView(o *domain.PrivateOffer) offerView {
	v := offerView{id: o.ID, productID: o.ProductID, account: o.SellerAccountID, modified: iso(o.CreatedAt),
		summary: offerSummary{Name: o.Name, ProductID: o.ProductID, ReleaseDate: iso(o.CreatedAt),
			AvailabilityEndDate: o.AvailabilityEndDate(), BuyerAccounts: o.Buyers, State: "Released",
			Targeting: []string{"BuyerAccounts"}},
		document: offerDocument{ID: o.ID, ProductID: o.ProductID, Name: o.Name, State: "Released",
			Terms: domain.OfferTerms(o.Terms, o.DurationMonths), Availability: &offerAvailable{o.AvailabilityEndDate()}}}
	v.document.Targeting = &offerTargeting{}
	v.document.Targeting.PositiveTargeting.BuyerAccounts = o.Buyers
	return v
}

// describeOffer reads one of the caller's offers.
func (a *API) describeOffer(ctx context.Context, pr domain.Principal, id string, withDetails bool) (*entityDetail, error) {
	var v offerView
	if productID, ok := domain.PublicOfferProduct(id); ok {
		p, err := a.core.Product(ctx, pr, productID)
		if err != nil {
			return nil, err
		}
		v = publicOfferView(p)
	} else {
		o, _, err := a.core.SellerPrivateOffer(ctx, pr, id)
		if err != nil {
			return nil, err
		}
		v = privateOfferView(o)
	}
	doc, err := json.Marshal(v.document)
	if err != nil {
		return nil, err
	}
	out := &entityDetail{EntityType: offerEntityTypeVersion, EntityIdentifier: v.id + "@1", EntityArn: offerARN(v.account, v.id),
		LastModifiedDate: v.modified, DetailsDocument: doc}
	if withDetails {
		s := string(doc)
		out.Details = &s
	}
	return out, nil
}

// offerFilters are the offers a ListEntities asks for: by ID and by
// product, each set empty when not filtered.
type offerFilters struct{ ids, products map[string]bool }

// parseOfferFilters reads the filters of a ListEntities of offers.
func parseOfferFilters(filters []filter) (offerFilters, error) {
	f := offerFilters{ids: map[string]bool{}, products: map[string]bool{}}
	for _, filter := range filters {
		switch filter.Name {
		case "EntityId":
			for _, v := range filter.ValueList {
				f.ids[v] = true
			}
		case "ProductId":
			for _, v := range filter.ValueList {
				f.products[v] = true
			}
		default:
			return f, invalid("FilterList: " + quote(filter.Name) + " is not a filter of offers; use EntityId or ProductId.")
		}
	}
	return f, nil
}

// keeps reports whether the filters keep the offer.
func (f offerFilters) keeps(v offerView) bool {
	return (len(f.ids) == 0 || f.ids[v.id]) && (len(f.products) == 0 || f.products[v.productID])
}

// publicProducts are the products whose public offers the filters may
// keep, or nil for every product when they do not filter them.
func (f offerFilters) publicProducts() []string {
	if len(f.ids) == 0 && len(f.products) == 0 {
		return nil
	}
	named := []string{}
	if len(f.ids) == 0 {
		for product := range f.products {
			named = append(named, product)
		}
		return named
	}
	// keeps applies the product filter to what these name.
	for id := range f.ids {
		if product, ok := domain.PublicOfferProduct(id); ok {
			named = append(named, product)
		}
	}
	return named
}

// offerPage reads limit of the seller's offers the filters keep from
// offset, and how many they keep in all: the public offers, one per product
// in the product list's order, then the private offers. Unfiltered, it
// reads the page's products alone, so that listing the offers of a seller
// with 100,000 products does not read them all for each page.
func (a *API) offerPage(c echo.Context, pr domain.Principal, f offerFilters, offset, limit int) ([]entitySummary, int, error) {
	ctx := c.Request().Context()
	private, err := a.core.SellerPrivateOffers(ctx, pr)
	if err != nil {
		return nil, 0, err
	}
	var privateViews []offerView
	for i := range private {
		if v := privateOfferView(&private[i]); f.keeps(v) {
			privateViews = append(privateViews, v)
		}
	}
	var views []offerView
	total := 0
	if named := f.publicProducts(); named == nil {
		public, products, err := a.core.PublicOffersFrom(ctx, pr, offset, limit)
		if err != nil {
			return nil, 0, err
		}
		for _, o := range public {
			views = append(views, publicOfferView(o.Product))
		}
		views = append(views, window(privateViews, max(offset-products, 0), limit-len(views))...)
		total = products + len(privateViews)
	} else {
		public, err := a.core.PublicOffersOf(ctx, pr, named)
		if err != nil {
			return nil, 0, err
		}
		for _, o := range public {
			if v := publicOfferView(o.Product); f.keeps(v) {
				views = append(views, v)
			}
		}
		views = append(views, privateViews...)
		total = len(views)
		views = window(views, offset, limit)
	}
	out := make([]entitySummary, len(views))
	for i, v := range views {
		summary := v.summary
		out[i] = entitySummary{Name: v.summary.Name, EntityType: offerEntityType, EntityID: v.id, EntityArn: offerARN(v.account, v.id),
			LastModifiedDate: v.modified, Visibility: visibilityOfOffer(v), OfferSummary: &summary}
	}
	return out, total, nil
}

func visibilityOfOffer(v offerView) string {
	if len(v.summary.BuyerAccounts) > 0 {
		return "Private"
	}
	return "Public"
}
