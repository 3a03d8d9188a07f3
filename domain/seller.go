package domain

import (
	"context"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on the public seller profile.
const (
	MaxDisplayNameLength = 100
	MaxProfileDescLength = 1000
	MaxWebsiteLength     = 2048
)

// SellerProfile is the public face of a seller. Completing it registers the
// account as a seller, which is enough to publish free products.
type SellerProfile struct {
	AccountID    string
	DisplayName  string
	Description  string
	Website      string
	SupportEmail string
	Logo         []byte // PNG or JPEG, optional
	LogoType     string // its MIME type
	UpdatedAt    time.Time
}

// Normalize trims the text fields and lower-cases the email.
func (p *SellerProfile) Normalize() {
	p.DisplayName = strings.TrimSpace(p.DisplayName)
	p.Description = strings.TrimSpace(p.Description)
	p.Website = strings.TrimSpace(p.Website)
	p.SupportEmail = NormalizeEmail(p.SupportEmail)
}

// Validate checks every field of the profile.
func (p SellerProfile) Validate() error {
	fields := FieldErrors{}
	switch {
	case p.DisplayName == "":
		fields[FieldDisplayName] = MsgFieldRequired
	case utf8.RuneCountInString(p.DisplayName) > MaxDisplayNameLength || strings.ContainsFunc(p.DisplayName, isControl):
		fields[FieldDisplayName] = MsgDisplayNameInvalid
	}
	switch {
	case p.Description == "":
		fields[FieldProfileDescription] = MsgFieldRequired
	case utf8.RuneCountInString(p.Description) > MaxProfileDescLength:
		fields[FieldProfileDescription] = MsgProfileDescTooLong
	}
	if msg := ValidateHTTPSURL(p.Website, true); msg != "" {
		fields[FieldWebsite] = msg
	}
	if msg := ValidateEmail(p.SupportEmail); msg != "" {
		fields[FieldProfileSupportEmail] = msg
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// ValidateHTTPSURL returns the problem with a link shown to buyers, or "".
// Only https links to a real host are accepted.
func ValidateHTTPSURL(s string, required bool) Message {
	if s == "" {
		if required {
			return MsgFieldRequired
		}
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || len(s) > MaxWebsiteLength || u.Scheme != "https" || u.User != nil ||
		!validHostName(u.Hostname()) || strings.ContainsAny(s, " \t\r\n") {
		return MsgHTTPSURLInvalid
	}
	return ""
}

// validHostName requires a dotted name of non-empty labels, such as
// example.com (one trailing dot allowed).
func validHostName(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
	}
	return true
}

// Readiness says which seller registration steps are done.
type Readiness struct {
	Profile bool
	Tax     bool
	Bank    bool
}

// CanPublishFree reports whether free products can be published.
func (r Readiness) CanPublishFree() bool { return r.Profile }

// CanPublishPaid reports whether paid offers can be saved.
func (r Readiness) CanPublishPaid() bool { return r.Profile && r.Tax && r.Bank }

// RequirePaid refuses a paid offer until the tax interview and the bank
// account are done. The listing editor calls it: the rule lives here, not in
// a hidden button.
func (r Readiness) RequirePaid() error {
	if r.CanPublishPaid() {
		return nil
	}
	return Errorf(EFORBIDDEN, MsgPaidNeedsTaxAndBank)
}

// Seller registration steps, as recorded in the change history.
const (
	StepProfile = "profile"
	StepTax     = "tax"
	StepBank    = "bank"
)

// SellerChange records who changed which registration step, and when.
type SellerChange struct {
	AccountID string
	Step      string
	Actor     string // the user's ARN
	At        time.Time
}

// SellerRepository stores the seller's registration. Each Save also records
// its change, in the same transaction.
type SellerRepository interface {
	SellerProfile(ctx context.Context, accountID string) (*SellerProfile, error)
	// SaveSellerProfile inserts or replaces the profile. A nil Logo keeps
	// the stored one unless removeLogo is set.
	SaveSellerProfile(ctx context.Context, p *SellerProfile, removeLogo bool, ch SellerChange) error
	TaxInterview(ctx context.Context, accountID string) (*TaxInterview, error)
	SaveTaxInterview(ctx context.Context, t *TaxInterview, ch SellerChange) error
	BankAccount(ctx context.Context, accountID string) (*BankAccount, error)
	SaveBankAccount(ctx context.Context, b *BankAccount, ch SellerChange) error
	// SellerChanges lists the newest changes first.
	SellerChanges(ctx context.Context, accountID string, limit int) ([]SellerChange, error)
	// SellerSteps says which steps the account has saved, without reading
	// (or opening) the tax ID and bank numbers they hold.
	SellerSteps(ctx context.Context, accountID string) (Readiness, error)
}

// SellerService runs the seller registration steps.
type SellerService struct {
	Repo  SellerRepository
	Clock Clock
}

// Readiness looks up which steps the account has done.
func (s *SellerService) Readiness(ctx context.Context, accountID string) (Readiness, error) {
	return s.Repo.SellerSteps(ctx, accountID)
}

// SaveProfile validates and stores the public profile.
func (s *SellerService) SaveProfile(ctx context.Context, actor *User, p SellerProfile, removeLogo bool) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	p.AccountID, p.UpdatedAt = actor.AccountID, s.Clock.Now()
	return s.Repo.SaveSellerProfile(ctx, &p, removeLogo, s.change(actor, StepProfile))
}

// SaveTax validates the tax interview, signs it now and stores it.
func (s *SellerService) SaveTax(ctx context.Context, actor *User, t TaxInterview) error {
	t.Normalize()
	if err := t.Validate(); err != nil {
		return err
	}
	t.AccountID, t.SignedAt = actor.AccountID, s.Clock.Now()
	return s.Repo.SaveTaxInterview(ctx, &t, s.change(actor, StepTax))
}

// SaveBank validates and stores the payout account. It is refused until the
// tax interview is done, because payouts depend on the tax status.
func (s *SellerService) SaveBank(ctx context.Context, actor *User, b BankAccount) error {
	if err := s.CanEnterBank(ctx, actor.AccountID); err != nil {
		return err
	}
	b.Normalize()
	if err := b.Validate(); err != nil {
		return err
	}
	b.AccountID, b.UpdatedAt = actor.AccountID, s.Clock.Now()
	return s.Repo.SaveBankAccount(ctx, &b, s.change(actor, StepBank))
}

func (s *SellerService) change(actor *User, step string) SellerChange {
	return SellerChange{AccountID: actor.AccountID, Step: step, Actor: actor.ARN(), At: s.Clock.Now()}
}

// CanEnterBank says whether the account may give its bank account: only
// once the tax interview is done, as payouts depend on the tax status.
func (s *SellerService) CanEnterBank(ctx context.Context, accountID string) error {
	steps, err := s.Repo.SellerSteps(ctx, accountID)
	if err != nil {
		return err
	}
	if !steps.Tax {
		return Errorf(ECONFLICT, MsgBankBeforeTax)
	}
	return nil
}
