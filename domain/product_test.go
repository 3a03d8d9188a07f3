package domain

import (
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"
)

const listingAccountID = "123456789012"

// goodGeneralInfo returns general information that breaks no rule.
func goodGeneralInfo() GeneralInfo {
	return GeneralInfo{
		Privacy:          PrivacyPublic,
		Title:            "Sentiment Classifier",
		ShortDescription: "Classifies the sentiment of product reviews.",
		Overview:         "A model trained on millions of reviews in twelve languages.",
		Highlights:       []string{"Fast", "Accurate"},
		Categories:       []string{"Natural Language Processing", "Text"},
		VideoURL:         "https://videos.example.com/demo",
	}
}

// otherAccountIDs returns n distinct 12-digit account IDs, none the seller's.
func otherAccountIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("9%011d", i)
	}
	return ids
}

// wantFields fails the test unless err carries exactly the field messages
// want (nil want means no error at all).
func wantFields(t *testing.T, err error, want FieldErrors) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("error = %v, want none", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("error = nil, want fields %v", want)
	}
	e := AsError(err)
	if e.Code != EINVALID {
		t.Fatalf("error code = %s (%v), want %s", e.Code, err, EINVALID)
	}
	if !maps.Equal(e.Fields, want) {
		t.Fatalf("fields = %v, want %v", e.Fields, want)
	}
}

func TestNewProductID(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		id, err := NewProductID()
		if err != nil {
			t.Fatalf("NewProductID() error = %v", err)
		}
		if !IsProductID(id) {
			t.Fatalf("NewProductID() = %q, which IsProductID refuses", id)
		}
		if seen[id] {
			t.Fatalf("NewProductID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestIsProductID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"prod-abcdefghij123", true},
		{"prod-0000000000000", true},
		{"prod-abcdefghij12", false},   // 12 characters
		{"prod-abcdefghij1234", false}, // 14 characters
		{"prod-ABCDEFGHIJ123", false},  // upper case
		{"prod-abcdefghij12_", false},
		{"prod-abcdefghij12é", false},
		{"abcd-abcdefghij123", false},
		{"abcdefghij123", false},
		{"", false},
		{"../prod-abcdefghij123", false},
	}
	for _, tt := range tests {
		if got := IsProductID(tt.in); got != tt.want {
			t.Errorf("IsProductID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCategoriesFixedList(t *testing.T) {
	cats := Categories()
	if len(cats) < MaxCategories+1 {
		t.Fatalf("Categories() has %d entries, too few to test the limits", len(cats))
	}
	seen := map[string]bool{}
	for _, c := range cats {
		if c == "" || seen[c] {
			t.Errorf("Categories() has blank or repeated entry %q", c)
		}
		seen[c] = true
	}
	cats[0] = "changed"
	if Categories()[0] == "changed" {
		t.Error("Categories() returns a shared slice that callers can change")
	}
}

func TestGeneralInfoValidate(t *testing.T) {
	cats := Categories()
	tests := []struct {
		name       string
		edit       func(g *GeneralInfo)
		wasPrivate bool
		want       FieldErrors
	}{
		{name: "good public", edit: func(*GeneralInfo) {}},
		{name: "title of 72 runes", edit: func(g *GeneralInfo) { g.Title = strings.Repeat("é", 72) }},
		{name: "title of 73 runes", edit: func(g *GeneralInfo) { g.Title = strings.Repeat("é", 73) },
			want: FieldErrors{FieldProductTitle: MsgTextTooLong}},
		{name: "title missing", edit: func(g *GeneralInfo) { g.Title = "" },
			want: FieldErrors{FieldProductTitle: MsgFieldRequired}},
		{name: "short description missing", edit: func(g *GeneralInfo) { g.ShortDescription = "" },
			want: FieldErrors{FieldShortDescription: MsgFieldRequired}},
		{name: "short description too long", edit: func(g *GeneralInfo) { g.ShortDescription = strings.Repeat("a", MaxShortDescriptionLength+1) },
			want: FieldErrors{FieldShortDescription: MsgTextTooLong}},
		{name: "overview missing", edit: func(g *GeneralInfo) { g.Overview = "" },
			want: FieldErrors{FieldLongDescription: MsgFieldRequired}},
		{name: "overview too long", edit: func(g *GeneralInfo) { g.Overview = strings.Repeat("a", MaxOverviewLength+1) },
			want: FieldErrors{FieldLongDescription: MsgTextTooLong}},
		{name: "no highlight", edit: func(g *GeneralInfo) { g.Highlights = nil },
			want: FieldErrors{FieldHighlights: MsgHighlightsCount}},
		{name: "one highlight", edit: func(g *GeneralInfo) { g.Highlights = []string{"Fast"} }},
		{name: "three highlights", edit: func(g *GeneralInfo) { g.Highlights = []string{"a", "b", "c"} }},
		{name: "four highlights", edit: func(g *GeneralInfo) { g.Highlights = []string{"a", "b", "c", "d"} },
			want: FieldErrors{FieldHighlights: MsgHighlightsCount}},
		{name: "highlight of 250 runes", edit: func(g *GeneralInfo) { g.Highlights = []string{"ok", strings.Repeat("ü", 250)} }},
		{name: "highlight of 251 runes", edit: func(g *GeneralInfo) { g.Highlights = []string{"ok", strings.Repeat("ü", 251)} },
			want: FieldErrors{FieldAt(FieldHighlight, 1): MsgHighlightTooLong}},
		{name: "no category", edit: func(g *GeneralInfo) { g.Categories = nil },
			want: FieldErrors{FieldCategories: MsgCategoriesCount}},
		{name: "one category", edit: func(g *GeneralInfo) { g.Categories = cats[:1] }},
		{name: "three categories", edit: func(g *GeneralInfo) { g.Categories = cats[:3] }},
		{name: "four categories", edit: func(g *GeneralInfo) { g.Categories = cats[:4] },
			want: FieldErrors{FieldCategories: MsgCategoriesCount}},
		{name: "unknown category", edit: func(g *GeneralInfo) { g.Categories = []string{cats[0], "Astrology"} },
			want: FieldErrors{FieldCategories: MsgCategoryUnknown}},
		{name: "category in another case", edit: func(g *GeneralInfo) { g.Categories = []string{strings.ToUpper(cats[0])} },
			want: FieldErrors{FieldCategories: MsgCategoryUnknown}},
		{name: "privacy missing", edit: func(g *GeneralInfo) { g.Privacy = "" },
			want: FieldErrors{FieldPrivacy: MsgPrivacyRequired}},
		{name: "privacy unknown", edit: func(g *GeneralInfo) { g.Privacy = "secret" },
			want: FieldErrors{FieldPrivacy: MsgPrivacyRequired}},
		{name: "private with accounts", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333", "444455556666"}
		}},
		{name: "private without accounts", edit: func(g *GeneralInfo) { g.Privacy = PrivacyPrivate },
			want: FieldErrors{FieldAllowedAccounts: MsgAccountListRequired}},
		{name: "private with a malformed account ID", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333", "1111-2222-3333"}
		}, want: FieldErrors{FieldAllowedAccounts: MsgAccountIDInvalid}},
		{name: "private with an 11-digit account ID", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"11112222333"}
		}, want: FieldErrors{FieldAllowedAccounts: MsgAccountIDInvalid}},
		{name: "private listing the seller's own account", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333", listingAccountID}
		}, want: FieldErrors{FieldAllowedAccounts: MsgAccountListHasOwn}},
		{name: "private with 100 accounts", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, otherAccountIDs(MaxAllowedAccounts)
		}},
		{name: "private with 101 accounts", edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, otherAccountIDs(MaxAllowedAccounts+1)
		}, want: FieldErrors{FieldAllowedAccounts: MsgAccountListTooLong}},
		{name: "public ignores the account list", edit: func(g *GeneralInfo) { g.AllowedAccounts = []string{"bad"} }},
		{name: "submitted private cannot become public", wasPrivate: true, edit: func(*GeneralInfo) {},
			want: FieldErrors{FieldPrivacy: MsgPrivateIsForever}},
		{name: "submitted private can stay private", wasPrivate: true, edit: func(g *GeneralInfo) {
			g.Privacy, g.AllowedAccounts = PrivacyPrivate, []string{"111122223333"}
		}},
		{name: "video URL is optional", edit: func(g *GeneralInfo) { g.VideoURL = "" }},
		{name: "video URL over http", edit: func(g *GeneralInfo) { g.VideoURL = "http://videos.example.com/demo" },
			want: FieldErrors{FieldVideoURL: MsgHTTPSURLInvalid}},
		{name: "video URL javascript", edit: func(g *GeneralInfo) { g.VideoURL = "javascript:alert(1)" },
			want: FieldErrors{FieldVideoURL: MsgHTTPSURLInvalid}},
		{name: "every problem at once", edit: func(g *GeneralInfo) {
			*g = GeneralInfo{Privacy: PrivacyPrivate, VideoURL: "ftp://x.example.com"}
		}, want: FieldErrors{
			FieldAllowedAccounts: MsgAccountListRequired, FieldProductTitle: MsgFieldRequired, FieldShortDescription: MsgFieldRequired,
			FieldLongDescription: MsgFieldRequired, FieldHighlights: MsgHighlightsCount, FieldCategories: MsgCategoriesCount,
			FieldVideoURL: MsgHTTPSURLInvalid,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := goodGeneralInfo()
			tt.edit(&g)
			wantFields(t, g.Validate(listingAccountID, tt.wasPrivate), tt.want)
		})
	}
}

func TestGeneralInfoNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   GeneralInfo
		want GeneralInfo
	}{
		{
			name: "trims texts and drops blank entries",
			in: GeneralInfo{
				Privacy: PrivacyPrivate, Title: "  Title \n", ShortDescription: "\tShort ", Overview: " Over ", VideoURL: " https://v.example.com ",
				Highlights:      []string{" a ", "", "  ", "b"},
				Categories:      []string{" Text", "Text ", "", "Image"},
				AllowedAccounts: []string{" 111122223333", "111122223333", " ", "444455556666"},
			},
			want: GeneralInfo{
				Privacy: PrivacyPrivate, Title: "Title", ShortDescription: "Short", Overview: "Over", VideoURL: "https://v.example.com",
				Highlights:      []string{"a", "b"},
				Categories:      []string{"Text", "Image"},
				AllowedAccounts: []string{"111122223333", "444455556666"},
			},
		},
		{
			name: "public drops the account list",
			in:   GeneralInfo{Privacy: PrivacyPublic, AllowedAccounts: []string{"111122223333"}},
			want: GeneralInfo{Privacy: PrivacyPublic, Highlights: []string{}, Categories: []string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.Normalize()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize() = %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestPromotionalValidate(t *testing.T) {
	keywords := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("keyword %d", i)
		}
		return out
	}
	link := func(i int) ResourceLink {
		return ResourceLink{Title: fmt.Sprintf("Guide %d", i), URL: fmt.Sprintf("https://docs.example.com/%d", i)}
	}
	tests := []struct {
		name string
		in   Promotional
		want FieldErrors
	}{
		{name: "empty is fine", in: Promotional{}},
		{name: "15 keywords", in: Promotional{Keywords: keywords(15)}},
		{name: "16 keywords", in: Promotional{Keywords: keywords(16)}, want: FieldErrors{FieldKeywords: MsgKeywordsTooMany}},
		{name: "keyword of 50 runes", in: Promotional{Keywords: []string{strings.Repeat("ß", 50)}}},
		{name: "keyword of 51 runes", in: Promotional{Keywords: []string{"ok", strings.Repeat("ß", 51)}},
			want: FieldErrors{FieldKeywords: MsgKeywordTooLong}},
		{name: "3 links", in: Promotional{Links: []ResourceLink{link(0), link(1), link(2)}}},
		{name: "4 links", in: Promotional{Links: []ResourceLink{link(0), link(1), link(2), link(3)}},
			want: FieldErrors{FieldAdditionalResources: MsgLinksTooMany}},
		{name: "link without title", in: Promotional{Links: []ResourceLink{link(0), {URL: "https://docs.example.com"}}},
			want: FieldErrors{FieldAt(FieldAdditionalResourceText, 1): MsgLinkTitleInvalid}},
		{name: "link title of 101 runes", in: Promotional{Links: []ResourceLink{{Title: strings.Repeat("t", 101), URL: "https://docs.example.com"}}},
			want: FieldErrors{FieldAt(FieldAdditionalResourceText, 0): MsgLinkTitleInvalid}},
		{name: "link over http", in: Promotional{Links: []ResourceLink{{Title: "Docs", URL: "http://docs.example.com"}}},
			want: FieldErrors{FieldAt(FieldAdditionalResourceURL, 0): MsgHTTPSURLInvalid}},
		{name: "link without URL", in: Promotional{Links: []ResourceLink{{Title: "Docs"}}},
			want: FieldErrors{FieldAt(FieldAdditionalResourceURL, 0): MsgFieldRequired}},
		{name: "link to a bare host", in: Promotional{Links: []ResourceLink{{Title: "Docs", URL: "https://localhost/x"}}},
			want: FieldErrors{FieldAt(FieldAdditionalResourceURL, 0): MsgHTTPSURLInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantFields(t, tt.in.Validate(), tt.want)
		})
	}
}

func TestPromotionalNormalize(t *testing.T) {
	p := Promotional{
		Logo:     []byte("png"),
		LogoType: "image/png",
		Keywords: []string{" nlp ", "nlp", "", "reviews"},
		Links: []ResourceLink{
			{Title: "  ", URL: " "},
			{Title: " Docs ", URL: " https://docs.example.com "},
			{},
		},
	}
	p.Normalize()
	want := Promotional{
		Logo:     []byte("png"),
		LogoType: "image/png",
		Keywords: []string{"nlp", "reviews"},
		Links:    []ResourceLink{{Title: "Docs", URL: "https://docs.example.com"}},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Normalize() = %#v\nwant %#v", p, want)
	}
}

func TestSupportInfo(t *testing.T) {
	good := SupportInfo{Chosen: true, Offered: true, Email: "help@example.com", URL: "https://support.example.com", Description: "Within one business day."}
	tests := []struct {
		name     string
		in       SupportInfo
		wantNorm SupportInfo
		want     FieldErrors
	}{
		{
			name:     "not offered clears the fields",
			in:       SupportInfo{Chosen: true, Offered: false, Email: "x", URL: "http://bad", Description: "d"},
			wantNorm: SupportInfo{Chosen: true},
		},
		{
			name:     "offered and complete",
			in:       SupportInfo{Chosen: true, Offered: true, Email: " Help@Example.COM ", URL: " https://support.example.com ", Description: " Within one business day. "},
			wantNorm: good,
		},
		{
			name:     "offered without anything",
			in:       SupportInfo{Chosen: true, Offered: true},
			wantNorm: SupportInfo{Chosen: true, Offered: true},
			want:     FieldErrors{FieldSupportEmail: MsgFieldRequired, FieldSupportURL: MsgFieldRequired, FieldSupportDescription: MsgFieldRequired},
		},
		{
			name:     "offered with a bad email",
			in:       SupportInfo{Chosen: true, Offered: true, Email: "help", URL: good.URL, Description: good.Description},
			wantNorm: SupportInfo{Chosen: true, Offered: true, Email: "help", URL: good.URL, Description: good.Description},
			want:     FieldErrors{FieldSupportEmail: MsgEmailInvalid},
		},
		{
			name:     "offered with an http URL",
			in:       SupportInfo{Chosen: true, Offered: true, Email: good.Email, URL: "http://support.example.com", Description: good.Description},
			wantNorm: SupportInfo{Chosen: true, Offered: true, Email: good.Email, URL: "http://support.example.com", Description: good.Description},
			want:     FieldErrors{FieldSupportURL: MsgHTTPSURLInvalid},
		},
		{
			name:     "offered with an overlong description",
			in:       SupportInfo{Chosen: true, Offered: true, Email: good.Email, URL: good.URL, Description: strings.Repeat("d", 2001)},
			wantNorm: SupportInfo{Chosen: true, Offered: true, Email: good.Email, URL: good.URL, Description: strings.Repeat("d", 2001)},
			want:     FieldErrors{FieldSupportDescription: MsgTextTooLong},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.in
			s.Normalize()
			if s != tt.wantNorm {
				t.Errorf("Normalize() = %+v, want %+v", s, tt.wantNorm)
			}
			wantFields(t, s.Validate(), tt.want)
		})
	}
}

func TestRegionAvailability(t *testing.T) {
	tests := []struct {
		name     string
		in       RegionAvailability
		wantNorm RegionAvailability
		want     FieldErrors
	}{
		{name: "default is all regions", in: DefaultRegions(), wantNorm: RegionAvailability{Chosen: true, AllCurrentAndFuture: true}},
		{name: "all regions drops a chosen list", in: RegionAvailability{AllCurrentAndFuture: true, Regions: []string{"us-east-1"}},
			wantNorm: RegionAvailability{AllCurrentAndFuture: true}},
		{name: "chosen regions are sorted and deduplicated", in: RegionAvailability{Regions: []string{" us-west-2", "eu-west-1", "us-west-2", ""}},
			wantNorm: RegionAvailability{Regions: []string{"eu-west-1", "us-west-2"}}},
		{name: "empty chosen list", in: RegionAvailability{Regions: []string{" "}}, wantNorm: RegionAvailability{Regions: []string{}},
			want: FieldErrors{FieldRegions: MsgRegionsRequired}},
		{name: "unknown region", in: RegionAvailability{Regions: []string{"us-east-1", "mars-north-1"}},
			wantNorm: RegionAvailability{Regions: []string{"mars-north-1", "us-east-1"}},
			want:     FieldErrors{FieldRegions: MsgResourceRegionInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.in
			r.Normalize()
			if !reflect.DeepEqual(r, tt.wantNorm) {
				t.Errorf("Normalize() = %#v, want %#v", r, tt.wantNorm)
			}
			wantFields(t, r.Validate(), tt.want)
		})
	}
}

func TestRegionAvailabilityIncludes(t *testing.T) {
	all := DefaultRegions()
	chosen := RegionAvailability{Regions: []string{"eu-west-1", "us-east-1"}}
	tests := []struct {
		r      RegionAvailability
		region string
		want   bool
	}{
		{all, "us-east-1", true},
		{all, "sa-east-1", true},
		{all, "mars-north-1", false},
		{all, "", false},
		{chosen, "us-east-1", true},
		{chosen, "eu-west-1", true},
		{chosen, "us-west-2", false},
		{chosen, "US-EAST-1", false},
		{RegionAvailability{Regions: []string{"mars-north-1"}}, "mars-north-1", false},
	}
	for _, tt := range tests {
		if got := tt.r.Includes(tt.region); got != tt.want {
			t.Errorf("%+v.Includes(%q) = %v, want %v", tt.r, tt.region, got, tt.want)
		}
	}
}
