package catalogapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/changesets"
)

// Entity types of the API.
const (
	entityType        = domain.EntityTypeMachineLearningProduct
	entityTypeVersion = entityType + "@1.0"
)

// entitySummary is one item of ListEntities.
type entitySummary struct {
	Name                          string         `json:"Name"`
	EntityType                    string         `json:"EntityType"`
	EntityID                      string         `json:"EntityId"`
	EntityArn                     string         `json:"EntityArn"`
	LastModifiedDate              string         `json:"LastModifiedDate"`
	Visibility                    string         `json:"Visibility"`
	MachineLearningProductSummary *mlProductSums `json:"MachineLearningProductSummary,omitempty"`
	OfferSummary                  *offerSummary  `json:"OfferSummary,omitempty"`
}

type mlProductSums struct {
	ProductTitle string `json:"ProductTitle,omitempty"`
	Visibility   string `json:"Visibility"`
}

// listEntitiesRequest is the body of ListEntities.
type listEntitiesRequest struct {
	Catalog           string              `json:"Catalog"`
	EntityType        string              `json:"EntityType"`
	FilterList        []filter            `json:"FilterList"`
	Sort              *sortSpec           `json:"Sort"`
	NextToken         string              `json:"NextToken"`
	MaxResults        *int                `json:"MaxResults"`
	OwnershipType     string              `json:"OwnershipType"`
	EntityTypeFilters *entityTypeFilters  `json:"EntityTypeFilters"`
	EntityTypeSort    *entityTypeSortSpec `json:"EntityTypeSort"`
}

type filter struct {
	Name      string   `json:"Name"`
	ValueList []string `json:"ValueList"`
}

type sortSpec struct {
	SortBy    string `json:"SortBy"`
	SortOrder string `json:"SortOrder"`
}

// entityTypeFilters are the typed filters; only the machine learning
// product's apply here.
type entityTypeFilters struct {
	MachineLearningProductFilters *mlFilters `json:"MachineLearningProductFilters"`
}

type mlFilters struct {
	EntityID     *valueList     `json:"EntityId"`
	ProductTitle *titleFilter   `json:"ProductTitle"`
	Visibility   *valueList     `json:"Visibility"`
	LastModified map[string]any `json:"LastModifiedDate"`
}

type valueList struct {
	ValueList []string `json:"ValueList"`
}

type titleFilter struct {
	ValueList     []string `json:"ValueList"`
	WildCardValue string   `json:"WildCardValue"`
}

type entityTypeSortSpec struct {
	MachineLearningProductSort *sortSpec `json:"MachineLearningProductSort"`
}

// listQuery is what ListEntities keeps of a request.
type listQuery struct {
	IDs, Titles, Visibilities []string
	TitlePrefix               string
	SortBy                    string
	Descending                bool
}

// maxEntities is the largest page of ListEntities (the model's maximum).
const maxEntities = 50

func (a *API) listEntities(c echo.Context) error {
	var req listEntitiesRequest
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	pr := principal(c)
	if err := domain.Authorize(pr, domain.ActionListEntities, domain.AnyResource); err != nil {
		return a.fail(c, err)
	}
	if err := checkCatalog(req.Catalog); err != nil {
		return a.fail(c, err)
	}
	// read gives limit of the entities listed from offset, and how many
	// are listed in all.
	var read func(offset, limit int) ([]entitySummary, int, error)
	var digest string
	switch req.EntityType {
	case entityType:
		q, err := parseListQuery(req)
		if err != nil {
			return a.fail(c, err)
		}
		digest = queryDigest("ListEntities", q)
		read = func(offset, limit int) ([]entitySummary, int, error) { return a.productPage(c, pr, q, offset, limit) }
	case offerEntityType:
		f, err := parseOfferFilters(req.FilterList)
		if err != nil {
			return a.fail(c, err)
		}
		digest = queryDigest("ListEntities", offerEntityType, req.FilterList)
		read = func(offset, limit int) ([]entitySummary, int, error) { return a.offerPage(c, pr, f, offset, limit) }
	default:
		return a.fail(c, invalid("EntityType: "+quote(req.EntityType)+" is not supported here; use "+entityType+" or "+
			offerEntityType+"."))
	}
	limit := maxEntities
	if req.MaxResults != nil {
		if *req.MaxResults < 1 || *req.MaxResults > maxEntities {
			return a.fail(c, invalid("MaxResults: give a number from 1 to 50."))
		}
		limit = *req.MaxResults
	}
	offset := 0
	if req.NextToken != "" {
		p, ok := a.tokens.decode(req.NextToken, digest)
		if !ok {
			return a.fail(c, invalid("NextToken: the token is not valid for this request."))
		}
		offset = p.Offset
	}
	items, total, err := read(offset, limit)
	if err != nil {
		return a.fail(c, err)
	}
	out := struct {
		EntitySummaryList []entitySummary `json:"EntitySummaryList"`
		NextToken         string          `json:"NextToken,omitempty"`
	}{EntitySummaryList: append([]entitySummary{}, items...)}
	if offset+limit < total {
		out.NextToken = a.tokens.encode(page{Query: digest, Offset: offset + limit})
	}
	return c.JSON(http.StatusOK, out)
}

// productPage reads limit of the products q lists from offset, and how
// many it lists in all.
func (a *API) productPage(c echo.Context, pr domain.Principal, q listQuery, offset, limit int) ([]entitySummary, int, error) {
	products, err := a.core.ProductChoices(c.Request().Context(), pr)
	if err != nil {
		return nil, 0, err
	}
	listed := q.apply(products)
	items := make([]entitySummary, 0, min(limit, len(listed)))
	for _, p := range window(listed, offset, limit) {
		items = append(items, summaryOf(p))
	}
	return items, len(listed), nil
}

// window is limit of items from offset.
func window[T any](items []T, offset, limit int) []T {
	return items[min(offset, len(items)):min(offset+limit, len(items))]
}

func checkCatalog(catalog string) error {
	if catalog != changesets.Catalog {
		return invalid("Catalog: " + quote(catalog) + " is not a catalog; the only catalog is AWSMarketplace.")
	}
	return nil
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// parseListQuery reads the filters and sort of a request; an unknown name
// is a ValidationException naming it.
func parseListQuery(req listEntitiesRequest) (listQuery, error) {
	var q listQuery
	if len(req.FilterList) > 8 {
		return q, invalid("FilterList: at most 8 filters.")
	}
	for i, f := range req.FilterList {
		if len(f.ValueList) == 0 || len(f.ValueList) > 10 {
			return q, invalid("FilterList[" + strconv.Itoa(i) + "].ValueList: give 1 to 10 values.")
		}
		switch f.Name {
		case "EntityId":
			q.IDs = append(q.IDs, f.ValueList...)
		case "Name", "ProductTitle":
			q.Titles = append(q.Titles, f.ValueList...)
		case "Visibility":
			q.Visibilities = append(q.Visibilities, f.ValueList...)
		default:
			return q, invalid("FilterList[" + strconv.Itoa(i) + "].Name: " + quote(f.Name) +
				" is not a filter; use EntityId, Name, ProductTitle or Visibility.")
		}
	}
	if t := req.EntityTypeFilters; t != nil && t.MachineLearningProductFilters != nil {
		f := t.MachineLearningProductFilters
		for name, values := range map[string]*[]string{"EntityId": valuesOf(f.EntityID), "Visibility": valuesOf(f.Visibility),
			"ProductTitle": titleValues(f.ProductTitle)} {
			if values != nil && len(*values) > 10 {
				return q, invalid("EntityTypeFilters.MachineLearningProductFilters." + name + ".ValueList: at most 10 values.")
			}
		}
		if f.EntityID != nil {
			q.IDs = append(q.IDs, f.EntityID.ValueList...)
		}
		if f.ProductTitle != nil {
			q.Titles = append(q.Titles, f.ProductTitle.ValueList...)
			q.TitlePrefix = f.ProductTitle.WildCardValue
		}
		if f.Visibility != nil {
			q.Visibilities = append(q.Visibilities, f.Visibility.ValueList...)
		}
	}
	sort := req.Sort
	if req.EntityTypeSort != nil && req.EntityTypeSort.MachineLearningProductSort != nil {
		sort = req.EntityTypeSort.MachineLearningProductSort
	}
	q.SortBy = "LastModifiedDate"
	q.Descending = true
	if sort != nil {
		switch sort.SortBy {
		case "", "LastModifiedDate", "EntityId", "Name", "ProductTitle", "Visibility":
			if sort.SortBy != "" {
				q.SortBy = sort.SortBy
			}
		default:
			return q, invalid("Sort.SortBy: " + quote(sort.SortBy) +
				" cannot be sorted by; use LastModifiedDate, EntityId, ProductTitle or Visibility.")
		}
		switch sort.SortOrder {
		case "", "DESCENDING":
			q.Descending = true
		case "ASCENDING":
			q.Descending = false
		default:
			return q, invalid("Sort.SortOrder: use ASCENDING or DESCENDING.")
		}
	}
	return q, nil
}

// apply filters and sorts products.
func (q listQuery) apply(products []domain.ProductSummary) []domain.ProductSummary {
	var out []domain.ProductSummary
	for _, p := range products {
		if len(q.IDs) > 0 && !slices.Contains(q.IDs, p.ID) ||
			len(q.Titles) > 0 && !slices.Contains(q.Titles, p.Title) ||
			q.TitlePrefix != "" && !strings.Contains(strings.ToLower(p.Title), strings.ToLower(strings.Trim(q.TitlePrefix, "*"))) ||
			len(q.Visibilities) > 0 && !slices.Contains(q.Visibilities, string(p.Status)) {
			continue
		}
		out = append(out, p)
	}
	key := func(p domain.ProductSummary) string {
		switch q.SortBy {
		case "EntityId":
			return p.ID
		case "Name", "ProductTitle":
			return strings.ToLower(p.Title)
		case "Visibility":
			return string(p.Status)
		}
		return iso(p.UpdatedAt) + p.ID
	}
	slices.SortStableFunc(out, func(x, y domain.ProductSummary) int {
		c := strings.Compare(key(x), key(y))
		if c == 0 {
			c = strings.Compare(x.ID, y.ID)
		}
		if q.Descending {
			return -c
		}
		return c
	})
	return out
}

func summaryOf(p domain.ProductSummary) entitySummary {
	return entitySummary{Name: p.Title, EntityType: entityType, EntityID: p.ID,
		EntityArn: domain.ProductARN(p.AccountID, p.ID), LastModifiedDate: iso(p.UpdatedAt), Visibility: string(p.Status),
		MachineLearningProductSummary: &mlProductSums{ProductTitle: p.Title, Visibility: string(p.Status)}}
}

func valuesOf(v *valueList) *[]string {
	if v == nil {
		return nil
	}
	return &v.ValueList
}

func titleValues(f *titleFilter) *[]string {
	if f == nil {
		return nil
	}
	return &f.ValueList
}
