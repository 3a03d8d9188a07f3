package catalogapi

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
)

// TagStore keeps the tags of Catalog API resources.
type TagStore = domain.TagRepository

// tag is a resource tag as the API writes it.
type tag = domain.Tag

// maxTags is the most tags a resource has (the model's TagList maximum).
const maxTags = 200

// tagPattern is the model's pattern of a tag key or value.
var tagPattern = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`)

// checkTags checks keys and values against the model's limits.
func checkTags(field string, tags []tag) error {
	if len(tags) > maxTags {
		return invalid(field + ": at most 200 tags.")
	}
	for i, t := range tags {
		at := field + "[" + strconv.Itoa(i) + "]"
		switch {
		case t.Key == "" || utf8.RuneCountInString(t.Key) > 128 || !tagPattern.MatchString(t.Key):
			return invalid(at + ".Key: 1 to 128 letters, digits, spaces and _ . : / = + - @.")
		case utf8.RuneCountInString(t.Value) > 256 || !tagPattern.MatchString(t.Value):
			return invalid(at + ".Value: at most 256 letters, digits, spaces and _ . : / = + - @.")
		}
	}
	return nil
}

// resourceOf checks that arn names a resource of the caller's account that
// exists: one of its products, or one of its change sets. Anything else is
// ResourceNotFoundException, never another account's data.
func (a *API) resourceOf(ctx context.Context, pr domain.Principal, arn string) error {
	notFound := &apiError{Status: http.StatusNotFound, Type: "ResourceNotFoundException", Message: "Resource " + arn + " was not found."}
	prefix := "arn:aws:aws-marketplace:us-east-1:" + pr.User.AccountID + ":AWSMarketplace/"
	rest, ok := strings.CutPrefix(arn, prefix)
	if !ok {
		if !strings.HasPrefix(arn, "arn:aws:aws-marketplace:") {
			return invalid("ResourceArn: " + quote(arn) + " is not an AWS Marketplace resource ARN.")
		}
		return notFound
	}
	kind, id, _ := strings.Cut(rest, "/")
	switch {
	case kind == entityType && domain.IsProductID(id):
		if _, err := a.core.Product(ctx, pr, id); domain.ErrorCode(err) == domain.ENOTFOUND {
			return notFound
		} else if err != nil {
			return err
		}
	case kind == "ChangeSet" && domain.IsChangeSetID(id):
		if _, err := a.changeSets.Describe(ctx, pr, id); err != nil {
			return notFound
		}
	default:
		return notFound
	}
	return nil
}

func (a *API) tagResource(c echo.Context) error {
	var req struct {
		ResourceArn string `json:"ResourceArn"`
		Tags        []tag  `json:"Tags"`
	}
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	if len(req.Tags) == 0 {
		return a.fail(c, invalid("Tags: give 1 to 200 tags."))
	}
	if err := checkTags("Tags", req.Tags); err != nil {
		return a.fail(c, err)
	}
	pr := principal(c)
	if err := a.authorizeTags(c, pr, domain.ActionTagResource, req.ResourceArn); err != nil {
		return a.fail(c, err)
	}
	existing, err := a.tags.Tags(c.Request().Context(), pr.User.AccountID, req.ResourceArn)
	if err != nil {
		return a.fail(c, err)
	}
	if countAfter(existing, req.Tags) > maxTags {
		return a.fail(c, &apiError{Status: http.StatusPaymentRequired, Type: "ServiceQuotaExceededException",
			Message: "A resource has at most 200 tags."})
	}
	if err := a.tags.TagResource(c.Request().Context(), pr.User.AccountID, req.ResourceArn, req.Tags); err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, struct{}{})
}

// countAfter is how many tags a resource has once adding is applied.
func countAfter(existing, adding []tag) int {
	keys := map[string]bool{}
	for _, t := range existing {
		keys[t.Key] = true
	}
	for _, t := range adding {
		keys[t.Key] = true
	}
	return len(keys)
}

// authorizeTags checks the action on the resource and that the resource is
// the caller's.
func (a *API) authorizeTags(c echo.Context, pr domain.Principal, action, arn string) error {
	if err := domain.Authorize(pr, action, arn); err != nil {
		return err
	}
	return a.resourceOf(c.Request().Context(), pr, arn)
}

func (a *API) untagResource(c echo.Context) error {
	var req struct {
		ResourceArn string   `json:"ResourceArn"`
		TagKeys     []string `json:"TagKeys"`
	}
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	if len(req.TagKeys) == 0 || len(req.TagKeys) > maxTags {
		return a.fail(c, invalid("TagKeys: give 1 to 200 keys."))
	}
	pr := principal(c)
	if err := a.authorizeTags(c, pr, domain.ActionUntagResource, req.ResourceArn); err != nil {
		return a.fail(c, err)
	}
	if err := a.tags.UntagResource(c.Request().Context(), pr.User.AccountID, req.ResourceArn, req.TagKeys); err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, struct{}{})
}

func (a *API) listTagsForResource(c echo.Context) error {
	var req struct {
		ResourceArn string `json:"ResourceArn"`
	}
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	pr := principal(c)
	if err := a.authorizeTags(c, pr, domain.ActionListTagsForResource, req.ResourceArn); err != nil {
		return a.fail(c, err)
	}
	tags, err := a.tags.Tags(c.Request().Context(), pr.User.AccountID, req.ResourceArn)
	if err != nil {
		return a.fail(c, err)
	}
	if tags == nil {
		tags = []tag{}
	}
	return c.JSON(http.StatusOK, map[string]any{"ResourceArn": req.ResourceArn, "Tags": tags})
}
