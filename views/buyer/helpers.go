package buyer

import (
	"context"

	"github.com/mlportal/portal/views/tr"
)

func yesNo(ctx context.Context, b bool) string {
	if b {
		return tr.T(ctx, "app.yes")
	}
	return tr.T(ctx, "app.no")
}

// versionOptionLabel names a version in a selector, with its status when
// it is not simply public.
func versionOptionLabel(ctx context.Context, o VersionOption) string {
	switch {
	case o.Limited:
		return tr.T(ctx, "buyer.version_limited", "Version", o.Number)
	case o.Restricted:
		return tr.T(ctx, "buyer.version_restricted", "Version", o.Number)
	}
	return o.Number
}
