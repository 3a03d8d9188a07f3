package seller

import (
	"context"
	"strconv"
	"strings"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/tr"
)

// titleOr shows a placeholder for a listing that has no title yet.
func titleOr(ctx context.Context, title string) string {
	if title == "" {
		return tr.T(ctx, "listing.untitled")
	}
	return title
}

func versionLabel(ctx context.Context, number string) string {
	if number == "" {
		return tr.T(ctx, "listing.no_number")
	}
	return number
}

func typeLabel(ctx context.Context, kind string) string {
	switch kind {
	case "model-package":
		return tr.T(ctx, "listing.type_model_package")
	case "algorithm":
		return tr.T(ctx, "listing.type_algorithm")
	}
	return tr.T(ctx, "listing.type_unset")
}

// statusClass is the colour of a status badge, by the tone the domain gives
// the status. Products and versions share the names of their statuses.
func statusClass(status string) string { return string(domain.ProductStatus(status).Tone()) }

// statusKey is the message that names a status.
func statusKey(status string) string { return string(domain.ProductStatus(status).Label()) }

func paramName(group string, i int, field string) string {
	return group + "." + strconv.Itoa(i) + "." + field
}

// previewPart names the part of the usage information a step edits.
func previewPart(step int) string {
	switch step {
	case 2:
		return "training"
	case 3:
		return "input"
	case 4:
		return "output"
	}
	return ""
}

// stepTitleKey names a version step; a model package's step 2 has only
// custom attributes, since it has no training.
func stepTitleKey(step int, algorithm bool) string {
	if step == 2 && !algorithm {
		return "listing.version_step_2_model"
	}
	return "listing.version_step_" + strconv.Itoa(step)
}

func joinComma(list []string) string { return strings.Join(list, ", ") }
