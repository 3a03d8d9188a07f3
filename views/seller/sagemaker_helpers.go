package seller

import (
	"context"
	"sort"
	"strings"

	"github.com/mlportal/portal/views/tr"
)

func joinKeys(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k, ok := range m {
		if ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

func hpRange(hp HyperParameterRow) string {
	if hp.Values != "" {
		return hp.Values
	}
	if hp.Min == "" && hp.Max == "" {
		return ""
	}
	return hp.Min + " – " + hp.Max
}

func yesNo(ctx context.Context, b bool) string {
	if b {
		return tr.T(ctx, "app.yes")
	}
	return tr.T(ctx, "app.no")
}
