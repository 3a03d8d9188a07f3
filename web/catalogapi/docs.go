package catalogapi

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
	"github.com/mlportal/portal/domain/catalogdoc"
	"github.com/mlportal/portal/domain/changesets"
)

// CatalogDocs joins the Catalog API's documents (domain/catalogdoc) to the
// change set runner and to DescribeEntity.
type CatalogDocs struct {
	Core *app.App
	// LogoBase is the public address before "/marketplace/pp/{id}/logo",
	// where a product's logo is served.
	LogoBase string
}

var (
	_ changesets.Changes = CatalogDocs{}
	_ Documents          = CatalogDocs{}
)

// Validate checks a change's details.
func (d CatalogDocs) Validate(changeType string, details json.RawMessage) *domain.ChangeError {
	_, err := catalogdoc.ParseChange(changeType, details)
	return changeError(err)
}

// Apply performs one change through the core.
func (d CatalogDocs) Apply(ctx context.Context, pr domain.Principal, changeType, entityID string, details json.RawMessage) (string, error) {
	c, err := catalogdoc.ParseChange(changeType, details)
	if err != nil {
		return "", changeError(err)
	}
	id, err := catalogdoc.Apply(ctx, d.Core, pr, entityID, c)
	if err != nil {
		if cerr := changeError(err); cerr != nil {
			return "", cerr
		}
		return "", err
	}
	return id, nil
}

// Resolve replaces references to earlier changes' entities in details.
func (d CatalogDocs) Resolve(details json.RawMessage, produced map[string]string) (json.RawMessage, *domain.ChangeError) {
	out, err := catalogdoc.ResolveReferences(details, produced)
	return out, changeError(err)
}

// ResolveEntity resolves an entity identifier that is a reference.
func (d CatalogDocs) ResolveEntity(identifier string, produced map[string]string) (string, *domain.ChangeError) {
	out, err := catalogdoc.ResolveEntity(identifier, produced)
	return out, changeError(err)
}

// changeError turns catalogdoc's refusal into the domain's; nil for nil,
// and nil for an error that is not a refusal (the caller's fault to report).
func changeError(err error) *domain.ChangeError {
	var cerr *catalogdoc.ChangeError
	if errors.As(err, &cerr) {
		return &domain.ChangeError{Code: cerr.Code, Message: cerr.Message}
	}
	if err != nil {
		return &domain.ChangeError{Code: catalogdoc.CodeInternalFailure, Message: "The change could not be read."}
	}
	return nil
}

// Describe reads the product with its versions and builds its document.
func (d CatalogDocs) Describe(ctx context.Context, pr domain.Principal, entityID string) (Described, error) {
	p, versions, resources, err := d.Core.ProductVersions(ctx, pr, entityID)
	if err != nil {
		return Described{}, err
	}
	opt := catalogdoc.EntityOptions{}
	if len(p.Promo.Logo) > 0 {
		opt.LogoURL = d.LogoBase + "/marketplace/pp/" + p.ID + "/logo"
	}
	doc, err := catalogdoc.EntityDocument(p, versions, resources, opt)
	if err != nil {
		return Described{}, err
	}
	return Described{Product: p, Document: doc}, nil
}
