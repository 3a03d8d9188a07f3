package seller

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/tr"
)

// HistoryEntry is one change set of a product's history.
type HistoryEntry struct {
	// ID is the change set's ID.
	ID    string
	At    string
	Actor string
	// Changes are the change set's changes to the product, in order.
	Changes []HistoryChange
}

// HistoryChange is one change of a change set. The page says it in words;
// Type and Details are kept, unshown, for scripts and tests.
type HistoryChange struct {
	// Type is the Catalog API change type, such as UpdateInformation.
	Type string
	// Details is the change's Details document.
	Details string
	// TargetVisibility is the visibility an UpdateVisibility set; empty
	// when AWS Marketplace staged a submission.
	TargetVisibility string
	// Unpublishes is set when the change removed the product.
	Unpublishes bool
	// ToRestrict are the versions chosen for restriction.
	ToRestrict []string
	// Limited, Public and Restricted are the versions a staging or a
	// release moved to each status.
	Limited, Public, Restricted []string
}

// changeSummary says what a change did, in the reader's language.
func changeSummary(ctx context.Context, c HistoryChange) string {
	switch c.Type {
	case domain.ChangeCreateProduct:
		return tr.T(ctx, "history.create_product")
	case domain.ChangeUpdateInformation:
		return tr.T(ctx, "history.update_information")
	case domain.ChangeUpdateTargeting:
		return tr.T(ctx, "history.update_targeting")
	case domain.ChangeAddDeliveryOptions:
		return tr.T(ctx, "history.add_delivery_options")
	case domain.ChangeUpdateDeliveryOptions:
		return tr.T(ctx, "history.update_delivery_options")
	case domain.ChangeRestrictDeliveryOptions:
		return tr.T(ctx, "history.restrict_delivery_options")
	case domain.ChangeUpdatePricingTerms:
		return tr.T(ctx, "history.update_pricing_terms")
	case domain.ChangeUpdateLegalTerms:
		return tr.T(ctx, "history.update_legal_terms")
	case domain.ChangeSubmitForPublishing:
		return tr.T(ctx, "history.submit_for_publishing")
	case domain.ChangeReleaseProduct:
		return tr.T(ctx, "history.release_product")
	case domain.ChangeUpdateVisibility:
		switch {
		case c.Unpublishes:
			return tr.T(ctx, "history.unpublished")
		case c.TargetVisibility == "":
			// AWS Marketplace staging a submission.
			return tr.T(ctx, "history.staged")
		}
		return tr.T(ctx, "history.update_visibility", "Visibility", tr.T(ctx, string(domain.ProductStatus(c.TargetVisibility).Label())))
	}
	return tr.T(ctx, "history.other_change")
}

// changeDetail says which versions a change concerned, as one sentence:
// "Version 2.0 is now in test (Limited); version 1.0 is restricted". It is
// "" when the change names no versions.
func changeDetail(ctx context.Context, c HistoryChange) string {
	var parts []string
	add := func(versions []string, one, many string) {
		switch len(versions) {
		case 0:
		case 1:
			parts = append(parts, tr.T(ctx, one, "Versions", versions[0]))
		default:
			parts = append(parts, tr.T(ctx, many, "Versions", strings.Join(versions, ", ")))
		}
	}
	add(c.ToRestrict, "history.to_restrict_one", "history.to_restrict_many")
	add(c.Limited, "history.limited_one", "history.limited_many")
	add(c.Public, "history.public_one", "history.public_many")
	add(c.Restricted, "history.restricted_one", "history.restricted_many")
	return capitalize(strings.Join(parts, tr.T(ctx, "history.separator")+" "))
}

// capitalize starts a sentence built from lower-case parts.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
