package seller

import (
	"context"
	"sort"

	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/tr"
)

// joinInputModes lists the chosen input modes, translated, in a stable
// order.
func joinInputModes(ctx context.Context, m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k, ok := range m {
		if ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return tr.JoinInputModes(ctx, keys)
}

// optionText is an option's label: its message when it has a key.
func optionText(ctx context.Context, o components.Option) string {
	if o.LabelKey != "" {
		return tr.T(ctx, o.LabelKey)
	}
	return o.Label
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
