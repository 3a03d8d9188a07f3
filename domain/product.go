package domain

import (
	"crypto/rand"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ProductStatus is where a listing is in its lifecycle.
type ProductStatus string

// The lifecycle of a listing, as the Management Portal names it.
const (
	StatusDraft      ProductStatus = "Draft"
	StatusLimited    ProductStatus = "Limited"
	StatusPublic     ProductStatus = "Public"
	StatusRestricted ProductStatus = "Restricted"
)

// Privacy says who can see a listing once published.
type Privacy string

// Public listings reach every buyer; private ones only the listed accounts.
const (
	PrivacyPublic  Privacy = "public"
	PrivacyPrivate Privacy = "private"
)

// Limits of the general product information, as in the Management Portal.
const (
	MaxTitleLength               = 72
	MaxShortDescriptionLength    = 1000
	MaxOverviewLength            = 5000
	MaxHighlightLength           = 250
	MinHighlights, MaxHighlights = 1, 3
	MinCategories, MaxCategories = 1, 3
	MaxKeywords                  = 15
	MaxKeywordLength             = 50
	MaxResourceLinks             = 3
	MaxAllowedAccounts           = 100
)

// ProductSummary is a product as a choice of products shows it: who owns
// it, its title and its status, read without the rest of it (a seller may
// have 100,000 products to choose from).
type ProductSummary struct {
	ID, AccountID, Title string
	Status               ProductStatus
	UpdatedAt            time.Time
}

// Label names the product in a choice: its title, or its ID before it
// has one.
func (s ProductSummary) Label() string {
	if s.Title != "" {
		return s.Title
	}
	return s.ID
}

// OffersPrivately reports whether private offers can be made on the
// product: it is live for buyers (see Product.OffersPrivately).
func (s ProductSummary) OffersPrivately() bool { return s.Status == StatusPublic }

// MaxProductChoices is how many products a choice of them lists: a
// seller with more finds the others by part of their title or ID.
const MaxProductChoices = 200

// ProductChoiceQuery asks for the account's products a choice lists: those
// whose title or ID holds Find, in any case, of Status when it is set,
// but Except, most recently changed first, Limit at most.
type ProductChoiceQuery struct {
	Find   string
	Status ProductStatus
	Except string
	Limit  int
}

// CleanFind is the text a choice of products is looked up by: trimmed,
// without control characters, MaxSearchLength characters at most.
func CleanFind(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > MaxSearchLength {
		s = string([]rune(s)[:MaxSearchLength])
	}
	return s
}

// Summary is the product's summary.
func (p *Product) Summary() ProductSummary {
	return ProductSummary{ID: p.ID, AccountID: p.AccountID, Title: p.Info.Title, Status: p.Status, UpdatedAt: p.UpdatedAt}
}

// Product is a machine learning listing: a model package or algorithm
// product with its descriptions, versions and offer.
type Product struct {
	ID         string
	AccountID  string
	CreatorARN string
	Type       ResourceKind // set by the first launch option's ARN
	Status     ProductStatus
	// SubmittedAt is the first submission for publishing; region
	// availability and private visibility are frozen from then on.
	SubmittedAt time.Time
	// PublishDueAt is when a pending submission becomes a test product;
	// zero when nothing is pending.
	PublishDueAt time.Time
	// TestAccounts may preview and test the product while it is Limited.
	TestAccounts []string
	// Removal is set when the seller unpublished the listing.
	Removal *Removal
	// Snapshot is what the seller and testers see: the listing as last
	// staged; nil before the first staging.
	Snapshot *Snapshot
	// PublicSnapshot is what buyers see: the staged snapshot as it was
	// signed off, so a public product tested again keeps its public
	// listing until the next sign-off. Nil before the first sign-off.
	PublicSnapshot *Snapshot
	// PendingSnapshot is the listing as it was submitted, taken at Submit
	// for publishing; the staging makes it the Snapshot. Edits made while
	// it waits are not in it, so nothing untested ever goes live. Nil when
	// nothing is pending.
	PendingSnapshot *Snapshot
	Info            GeneralInfo
	Promo           Promotional
	Support         SupportInfo
	Regions         RegionAvailability
	Offer           Offer
	// Revision counts saves; an edit based on an older revision is refused
	// so two tabs never silently overwrite each other.
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Submitted reports whether the product was ever submitted for publishing.
func (p *Product) Submitted() bool { return !p.SubmittedAt.IsZero() }

// NewProductID returns an ID in the shape of AWS Marketplace product IDs:
// "prod-" and 13 lower-case letters and digits.
func NewProductID() (string, error) { return randomID("prod-", productIDLength) }

// IsProductID reports whether s has the shape NewProductID makes.
func IsProductID(s string) bool { return hasIDShape(s, "prod-", productIDLength) }

// productIDLength is how many characters follow "prod-".
const productIDLength = 13

// idAlphabet is what AWS Marketplace IDs are made of.
const idAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// randomID returns prefix and n random lower-case letters and digits.
func randomID(prefix string, n int) (string, error) {
	var b strings.Builder
	b.WriteString(prefix)
	for range n {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(idAlphabet))))
		if err != nil {
			return "", Internal(err)
		}
		b.WriteByte(idAlphabet[i.Int64()])
	}
	return b.String(), nil
}

// hasIDShape reports whether s is prefix and n lower-case letters and
// digits, as randomID makes.
func hasIDShape(s, prefix string, n int) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	return ok && len(rest) == n && strings.Trim(rest, idAlphabet) == ""
}

// GeneralInfo is the "General product information" section.
type GeneralInfo struct {
	Privacy          Privacy
	AllowedAccounts  []string // private listings only
	Title            string
	ShortDescription string
	Overview         string
	Highlights       []string
	Categories       []string
	// VideoURL is an optional product video shown on the detail page.
	VideoURL string
}

// Categories returns the machine learning categories a listing can be
// filed under, as listed in AWS Marketplace.
func Categories() []string {
	return []string{
		"Computer Vision", "Natural Language Processing", "Speech Recognition", "Text",
		"Image", "Video", "Audio", "Structured", "Generative AI", "Anomaly Detection",
		"Classification", "Regression", "Clustering", "Forecasting", "Recommendation",
		"Object Detection", "Sentiment Analysis", "Translation", "Healthcare and Life Sciences",
		"Financial Services", "Retail", "Manufacturing",
	}
}

// Normalize trims every text and drops empty list entries.
func (g *GeneralInfo) Normalize() {
	g.Title = strings.TrimSpace(g.Title)
	g.ShortDescription = strings.TrimSpace(g.ShortDescription)
	g.Overview = strings.TrimSpace(g.Overview)
	g.VideoURL = strings.TrimSpace(g.VideoURL)
	g.Highlights = compact(g.Highlights)
	g.Categories = dedupe(compact(g.Categories))
	typed := make([]string, len(g.AllowedAccounts)) // never the caller's array
	for i, id := range g.AllowedAccounts {
		typed[i] = NormalizeAccountID(id) // "1234-5678-9012" as the AWS console shows it
	}
	g.AllowedAccounts = dedupe(compact(typed))
	if g.Privacy == PrivacyPublic {
		g.AllowedAccounts = nil
	}
}

// Validate checks the section. wasPrivate is true when the product was
// submitted as private: it can never become public again.
func (g GeneralInfo) Validate(ownAccount string, wasPrivate bool) error {
	f := FieldErrors{}
	switch {
	case g.Privacy != PrivacyPublic && g.Privacy != PrivacyPrivate:
		f[FieldPrivacy] = MsgPrivacyRequired
	case wasPrivate && g.Privacy == PrivacyPublic:
		f[FieldPrivacy] = MsgPrivateIsForever
	}
	if g.Privacy == PrivacyPrivate {
		if msg := validateAccountList(g.AllowedAccounts, ownAccount, true); msg != "" {
			f[FieldAllowedAccounts] = msg
		}
	}
	textField(f, FieldProductTitle, g.Title, MaxTitleLength, true)
	textField(f, FieldShortDescription, g.ShortDescription, MaxShortDescriptionLength, true)
	textField(f, FieldLongDescription, g.Overview, MaxOverviewLength, true)
	tooLong := slices.IndexFunc(g.Highlights, func(h string) bool { return utf8.RuneCountInString(h) > MaxHighlightLength })
	switch {
	case len(g.Highlights) < MinHighlights || len(g.Highlights) > MaxHighlights:
		f[FieldHighlights] = MsgHighlightsCount
	case tooLong >= 0:
		f[FieldAt(FieldHighlight, tooLong)] = MsgHighlightTooLong
	}
	switch {
	case len(g.Categories) < MinCategories || len(g.Categories) > MaxCategories:
		f[FieldCategories] = MsgCategoriesCount
	case slices.ContainsFunc(g.Categories, func(c string) bool { return !slices.Contains(Categories(), c) }):
		f[FieldCategories] = MsgCategoryUnknown
	}
	if msg := ValidateHTTPSURL(g.VideoURL, false); msg != "" {
		f[FieldVideoURL] = msg
	}
	return fieldsError(f)
}

// validateAccountList checks a list of 12-digit account IDs.
func validateAccountList(ids []string, ownAccount string, required bool) Message {
	switch {
	case required && len(ids) == 0:
		return MsgAccountListRequired
	case len(ids) > MaxAllowedAccounts:
		return MsgAccountListTooLong
	case slices.ContainsFunc(ids, func(id string) bool { return !IsAccountID(id) }):
		return MsgAccountIDInvalid
	case slices.Contains(ids, ownAccount):
		return MsgAccountListHasOwn
	}
	return ""
}

// ResourceLink is a link buyers see under "Additional resources".
type ResourceLink struct {
	Title string
	URL   string
}

// Promotional is the "Promotional resources" section.
type Promotional struct {
	Logo     []byte
	LogoType string
	Keywords []string
	Links    []ResourceLink
}

// Normalize trims keywords and links and drops blank ones.
func (p *Promotional) Normalize() {
	p.Keywords = dedupe(compact(p.Keywords))
	links := make([]ResourceLink, 0, len(p.Links)) // never the caller's array
	for _, l := range p.Links {
		l.Title, l.URL = strings.TrimSpace(l.Title), strings.TrimSpace(l.URL)
		if l.Title != "" || l.URL != "" {
			links = append(links, l)
		}
	}
	p.Links = links
}

// Validate checks keywords and links; the logo is checked when uploaded.
func (p Promotional) Validate() error {
	f := FieldErrors{}
	switch {
	case len(p.Keywords) > MaxKeywords:
		f[FieldKeywords] = MsgKeywordsTooMany
	case slices.ContainsFunc(p.Keywords, func(k string) bool { return utf8.RuneCountInString(k) > MaxKeywordLength }):
		f[FieldKeywords] = MsgKeywordTooLong
	}
	if len(p.Links) > MaxResourceLinks {
		f[FieldAdditionalResources] = MsgLinksTooMany
	}
	for i, l := range p.Links {
		if l.Title == "" || utf8.RuneCountInString(l.Title) > 100 {
			f[FieldAt(FieldAdditionalResourceText, i)] = MsgLinkTitleInvalid
		}
		if msg := ValidateHTTPSURL(l.URL, true); msg != "" {
			f[FieldAt(FieldAdditionalResourceURL, i)] = msg
		}
	}
	return fieldsError(f)
}

// SupportInfo is the "Support information" section.
type SupportInfo struct {
	// Chosen records that the seller answered whether support is offered.
	Chosen      bool
	Offered     bool
	Email       string
	URL         string
	Description string
}

// Normalize trims the fields and clears them when no support is offered.
func (s *SupportInfo) Normalize() {
	s.Email, s.URL, s.Description = NormalizeEmail(s.Email), strings.TrimSpace(s.URL), strings.TrimSpace(s.Description)
	if !s.Offered {
		s.Email, s.URL, s.Description = "", "", ""
	}
}

// Validate requires contact details when support is offered.
func (s SupportInfo) Validate() error {
	if !s.Offered {
		return nil
	}
	f := FieldErrors{}
	if msg := ValidateEmail(s.Email); msg != "" {
		f[FieldSupportEmail] = msg
	}
	if msg := ValidateHTTPSURL(s.URL, true); msg != "" {
		f[FieldSupportURL] = msg
	}
	textField(f, FieldSupportDescription, s.Description, 2000, true)
	return fieldsError(f)
}

// RegionAvailability is the "Region availability" section.
type RegionAvailability struct {
	// Chosen is set once the seller has saved the section: a new listing
	// offers every Region, but the step is not done before the seller has
	// looked at it, as the support section's answer.
	Chosen bool
	// AllCurrentAndFuture is the default: every supported Region, now and later.
	AllCurrentAndFuture bool
	Regions             []string
}

// DefaultRegions is the portal's default, chosen: every Region, now and
// later. A listing created through the Catalog API starts with it, since
// the API has no change type for Regions that could confirm it.
func DefaultRegions() RegionAvailability {
	return RegionAvailability{Chosen: true, AllCurrentAndFuture: true}
}

// NewListingRegions is what a listing started in the editor has: the
// default, still to be confirmed by the seller in the Region step.
func NewListingRegions() RegionAvailability {
	return RegionAvailability{AllCurrentAndFuture: true}
}

// Normalize sorts and de-duplicates the chosen Regions.
func (r *RegionAvailability) Normalize() {
	r.Regions = dedupe(compact(r.Regions))
	slices.Sort(r.Regions)
	if r.AllCurrentAndFuture {
		r.Regions = nil
	}
}

// Validate requires at least one known Region unless all are chosen.
func (r RegionAvailability) Validate() error {
	if r.AllCurrentAndFuture {
		return nil
	}
	f := FieldErrors{}
	switch {
	case len(r.Regions) == 0:
		f[FieldRegions] = MsgRegionsRequired
	case slices.ContainsFunc(r.Regions, func(c string) bool { return !IsRegion(c) }):
		f[FieldRegions] = MsgResourceRegionInvalid
	}
	return fieldsError(f)
}

// Includes reports whether buyers can use the product in region.
func (r RegionAvailability) Includes(region string) bool {
	return IsRegion(region) && (r.AllCurrentAndFuture || slices.Contains(r.Regions, region))
}

func textField(f FieldErrors, field, value string, max int, required bool) {
	switch {
	case value == "" && required:
		f[field] = MsgFieldRequired
	case utf8.RuneCountInString(value) > max:
		f[field] = MsgTextTooLong
	}
}

func fieldsError(f FieldErrors) error {
	if len(f) > 0 {
		return Invalid(f)
	}
	return nil
}

// compact trims each entry and drops the empty ones.
func compact(list []string) []string {
	out := make([]string, 0, len(list))
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// dedupe drops repeated entries, keeping the first of each.
func dedupe(list []string) []string {
	seen := make(map[string]bool, len(list))
	out := make([]string, 0, len(list)) // never the caller's array
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
