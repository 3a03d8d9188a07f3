package catalogapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

// Documents describes an entity as the API defines it: the DetailsDocument
// of a MachineLearningProduct, whichever face made it.
type Documents interface {
	Describe(ctx context.Context, pr domain.Principal, entityID string) (Described, error)
}

// Described is an entity as DescribeEntity returns it.
type Described struct {
	Product  *domain.Product
	Document any
}

// entityDetail is DescribeEntity's answer (and, without Details, one entry
// of BatchDescribeEntities).
type entityDetail struct {
	EntityType       string          `json:"EntityType"`
	EntityIdentifier string          `json:"EntityIdentifier"`
	EntityArn        string          `json:"EntityArn"`
	LastModifiedDate string          `json:"LastModifiedDate"`
	Details          *string         `json:"Details,omitempty"`
	DetailsDocument  json.RawMessage `json:"DetailsDocument"`
}

// describe reads one entity of the caller's account.
func (a *API) describe(ctx context.Context, pr domain.Principal, id string, withDetails bool) (*entityDetail, error) {
	if domain.IsOfferID(baseEntityID(id)) {
		return a.describeOffer(ctx, pr, baseEntityID(id), withDetails)
	}
	if !domain.IsProductID(baseEntityID(id)) {
		return nil, invalid("EntityId: " + quote(id) + " is not an entity ID such as prod-abcdefghijklm or offer-abcdefghijklm.")
	}
	id = baseEntityID(id)
	if err := domain.Authorize(pr, domain.ActionDescribeEntity, domain.ProductARN(pr.User.AccountID, id)); err != nil {
		return nil, err
	}
	d, err := a.documents.Describe(ctx, pr, id)
	if err != nil {
		return nil, err
	}
	doc, err := json.Marshal(d.Document)
	if err != nil {
		return nil, err
	}
	out := &entityDetail{EntityType: entityTypeVersion, EntityIdentifier: d.Product.ID + "@" + strconv.Itoa(d.Product.Revision),
		EntityArn: domain.ProductARN(d.Product.AccountID, d.Product.ID), LastModifiedDate: iso(d.Product.UpdatedAt),
		DetailsDocument: doc}
	if withDetails {
		// Older clients (the AWS CLI v2 that Debian ships) know only the
		// Details string.
		s := string(doc)
		out.Details = &s
	}
	return out, nil
}

// baseEntityID drops the revision of "prod-x@3".
func baseEntityID(id string) string {
	for i := range len(id) {
		if id[i] == '@' {
			return id[:i]
		}
	}
	return id
}

func (a *API) describeEntity(c echo.Context) error {
	if err := checkCatalog(c.QueryParam("catalog")); err != nil {
		return a.fail(c, err)
	}
	d, err := a.describe(c.Request().Context(), principal(c), c.QueryParam("entityId"), true)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, d)
}

// batchDescribeRequest is the body of BatchDescribeEntities.
type batchDescribeRequest struct {
	EntityRequestList []struct {
		Catalog  string `json:"Catalog"`
		EntityID string `json:"EntityId"`
	} `json:"EntityRequestList"`
}

type batchError struct {
	ErrorCode    string `json:"ErrorCode"`
	ErrorMessage string `json:"ErrorMessage"`
}

// batchDescribeEntities describes up to 20 entities; each one that cannot
// be described is an entry of Errors rather than a failure of the call.
func (a *API) batchDescribeEntities(c echo.Context) error {
	var req batchDescribeRequest
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	if n := len(req.EntityRequestList); n < 1 || n > 20 {
		return a.fail(c, invalid("EntityRequestList: give 1 to 20 entities."))
	}
	pr := principal(c)
	out := struct {
		EntityDetails map[string]*entityDetail `json:"EntityDetails"`
		Errors        map[string]batchError    `json:"Errors"`
	}{map[string]*entityDetail{}, map[string]batchError{}}
	for _, r := range req.EntityRequestList {
		if r.Catalog != "AWSMarketplace" {
			out.Errors[r.EntityID] = batchError{"ValidationException", "Catalog: the only catalog is AWSMarketplace."}
			continue
		}
		d, err := a.describe(c.Request().Context(), pr, r.EntityID, false)
		switch code := domain.ErrorCode(err); {
		case err == nil:
			out.EntityDetails[r.EntityID] = d
		case code == domain.ENOTFOUND:
			out.Errors[r.EntityID] = batchError{"ResourceNotFoundException", "Entity " + r.EntityID + " was not found."}
		case code == domain.EFORBIDDEN || code == domain.EUNAUTHORIZED:
			out.Errors[r.EntityID] = batchError{"AccessDeniedException", accessDeniedMessage(c, err)}
		default:
			if aerr, ok := err.(*apiError); ok {
				out.Errors[r.EntityID] = batchError{aerr.Type, aerr.Message}
				continue
			}
			return a.internal(c, err)
		}
	}
	return c.JSON(http.StatusOK, out)
}

// now is the API's clock.
func (a *API) now() time.Time { return a.cfg.Clock.Now() }
