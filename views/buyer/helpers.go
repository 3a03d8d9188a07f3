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
