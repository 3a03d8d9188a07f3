package tr

import (
	"context"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The labels of the domain's enumerations live in the catalogs under
// "enum.": the stored value (a category such as "Computer Vision", a Region
// code, a hyperparameter type) stays what the Catalog API and the search
// know, and only its display is translated.

// CategoryKey is the message ID of a product category's label:
// "Computer Vision" is "enum.category.computer_vision".
func CategoryKey(category string) string { return categoryKeys.key(category) }

// Category is a product category in the context's language. A value the
// catalog does not know is shown as stored.
func Category(ctx context.Context, category string) string {
	return known(ctx, CategoryKey(category), category)
}

// Categories translates each of categories, in order.
func Categories(ctx context.Context, categories []string) []string {
	out := make([]string, len(categories))
	for i, c := range categories {
		out[i] = Category(ctx, c)
	}
	return out
}

// RegionKey is the message ID of an AWS Region's name: "us-east-1" is
// "enum.region.us_east_1".
func RegionKey(code string) string { return regionKeys.key(code) }

// RegionName is the name of the Region code in the context's language, such
// as "USA Est (Virginie du Nord)"; an unknown code is shown as itself.
func RegionName(ctx context.Context, code string) string { return known(ctx, RegionKey(code), code) }

// RegionLabel is the Region's name followed by its code, which stays
// visible in every language: "Europe (Paris) (eu-west-3)".
func RegionLabel(ctx context.Context, code string) string {
	name := RegionName(ctx, code)
	if name == code {
		return code
	}
	return name + " (" + code + ")"
}

// HyperParameterTypeKey is the message ID of a hyperparameter type's label
// ("Integer", "Continuous", "Categorical", "FreeText").
func HyperParameterTypeKey(typ string) string { return hyperParameterTypeKeys.key(typ) }

// HyperParameterType is a hyperparameter type in the context's language.
func HyperParameterType(ctx context.Context, typ string) string {
	return known(ctx, HyperParameterTypeKey(typ), typ)
}

// InputModeKey is the message ID of a training input mode's label (File,
// Pipe, FastFile).
func InputModeKey(mode string) string { return inputModeKeys.key(mode) }

// InputMode is a training input mode in the context's language.
func InputMode(ctx context.Context, mode string) string { return known(ctx, InputModeKey(mode), mode) }

// CompressionKey is the message ID of a compression type's label (None,
// Gzip).
func CompressionKey(typ string) string { return compressionKeys.key(typ) }

// Compression is a compression type in the context's language.
func Compression(ctx context.Context, typ string) string { return known(ctx, CompressionKey(typ), typ) }

// JoinInputModes translates input modes and joins them with commas.
func JoinInputModes(ctx context.Context, modes []string) string {
	out := make([]string, len(modes))
	for i, m := range modes {
		out[i] = InputMode(ctx, m)
	}
	return strings.Join(out, ", ")
}

// Country is a country's ISO code and its name in one language.
type Country struct {
	Code string
	Name string
}

// CountryName is the CLDR name of the ISO 3166-1 alpha-2 code in the
// context's language; an unknown code is shown as itself.
func CountryName(ctx context.Context, code string) string {
	region, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(language.Make(Lang(ctx))).Name(region); name != "" {
		return name
	}
	return code
}

// Countries names each code in the context's language (CLDR data) and sorts
// them by that name as the language sorts: "Émirats arabes unis" comes
// between "Égypte" and "Équateur" in French, not after "Z".
func Countries(ctx context.Context, codes []string) []Country {
	out := make([]Country, len(codes))
	for i, code := range codes {
		out[i] = Country{Code: code, Name: CountryName(ctx, code)}
	}
	col := collate.New(language.Make(Lang(ctx)), collate.Loose)
	slices.SortStableFunc(out, func(a, b Country) int { return col.CompareString(a.Name, b.Name) })
	return out
}

// known translates id, or returns fallback when the catalog lacks it (the
// translator answers a missing message with its ID).
func known(ctx context.Context, id, fallback string) string {
	if s := T(ctx, id); s != id {
		return s
	}
	return fallback
}

// The message IDs of enumerations, kept once made: the catalog's filter bar
// asked for the IDs of its 40 categories on every visit, and making them
// cost a tenth of the page's time.
var (
	categoryKeys           = keyMemo{prefix: "enum.category."}
	regionKeys             = keyMemo{prefix: "enum.region."}
	hyperParameterTypeKeys = keyMemo{prefix: "enum.hyperparameter_type."}
	inputModeKeys          = keyMemo{prefix: "enum.input_mode."}
	compressionKeys        = keyMemo{prefix: "enum.compression."}
)

// maxKeysKept bounds a keyMemo: stored values the lists do not know (a
// category saved long ago) are made each time past it.
const maxKeysKept = 1024

// keyMemo makes and keeps the message IDs of one enumeration's values.
type keyMemo struct {
	prefix string
	mu     sync.RWMutex
	keys   map[string]string
}

// key returns the message ID of value: prefix followed by its slug.
func (m *keyMemo) key(value string) string {
	m.mu.RLock()
	k, ok := m.keys[value]
	m.mu.RUnlock()
	if ok {
		return k
	}
	k = m.prefix + slug(value)
	m.mu.Lock()
	if m.keys == nil {
		m.keys = map[string]string{}
	}
	if len(m.keys) < maxKeysKept {
		m.keys[value] = k
	}
	m.mu.Unlock()
	return k
}

// slug turns a value into a message ID part: lower case, every run of
// other characters one underscore.
func slug(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	if reserved(b.String()) {
		// go-i18n reads these keys as parts of a message, not as messages.
		b.WriteString("_value")
	}
	return b.String()
}

// reserved reports whether go-i18n reads key as a field of a message.
func reserved(key string) bool {
	switch key {
	case "id", "description", "hash", "leftdelim", "rightdelim", "translation",
		"zero", "one", "two", "few", "many", "other":
		return true
	}
	return false
}
