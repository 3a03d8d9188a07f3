package catalogapi

import (
	"context"
	"encoding/json"
	"slices"

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

// offerSummaries lists the caller's offers, public then private, filtered
// by EntityId and ProductId; any other filter is refused, naming it.
func (a *API) offerSummaries(c echo.Context, pr domain.Principal, req listEntitiesRequest) ([]entitySummary, error) {
	ids, products := map[string]bool{}, map[string]bool{}
	for _, f := range req.FilterList {
		switch f.Name {
		case "EntityId":
			for _, v := range f.ValueList {
				ids[v] = true
			}
		case "ProductId":
			for _, v := range f.ValueList {
				products[v] = true
			}
		default:
			return nil, invalid("FilterList: " + quote(f.Name) + " is not a filter of offers; use EntityId or ProductId.")
		}
	}
	public, private, err := a.core.SellerOffers(c.Request().Context(), pr)
	if err != nil {
		return nil, err
	}
	views := make([]offerView, 0, len(public)+len(private))
	for _, o := range public {
		views = append(views, publicOfferView(o.Product))
	}
	for i := range private {
		views = append(views, privateOfferView(&private[i]))
	}
	views = slices.DeleteFunc(views, func(v offerView) bool {
		return len(ids) > 0 && !ids[v.id] || len(products) > 0 && !products[v.productID]
	})
	out := make([]entitySummary, len(views))
	for i, v := range views {
		summary := v.summary
		out[i] = entitySummary{Name: v.summary.Name, EntityType: offerEntityType, EntityID: v.id, EntityArn: offerARN(v.account, v.id),
			LastModifiedDate: v.modified, Visibility: visibilityOfOffer(v), OfferSummary: &summary}
	}
	return out, nil
}

func visibilityOfOffer(v offerView) string {
	if len(v.summary.BuyerAccounts) > 0 {
		return "Private"
	}
	return "Public"
}
