package domain

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"strings"
	"sync"
	"testing"
	"time"
)

// validProfile returns a normalized seller profile that breaks no rule.
func validProfile() SellerProfile {
	return SellerProfile{
		DisplayName:  "Example Corp",
		Description:  "Machine learning models for retail.\nSupport in English and German.",
		Website:      "https://example.com/ml",
		SupportEmail: "support@example.com",
	}
}

func TestSellerProfileValidate(t *testing.T) {
	long := func(n int) string { return "https://example.com/" + strings.Repeat("a", n-len("https://example.com/")) }
	tests := []struct {
		name   string
		change func(*SellerProfile)
		want   FieldErrors // nil means valid
	}{
		{name: "valid", change: func(*SellerProfile) {}},
		{
			name:   "all empty reports every required field",
			change: func(p *SellerProfile) { *p = SellerProfile{} },
			want: FieldErrors{
				FieldDisplayName:         MsgFieldRequired,
				FieldProfileDescription:  MsgFieldRequired,
				FieldWebsite:             MsgFieldRequired,
				FieldProfileSupportEmail: MsgFieldRequired,
			},
		},
		{name: "display name of 100 runes", change: func(p *SellerProfile) { p.DisplayName = strings.Repeat("é", 100) }},
		{
			name:   "display name of 101 runes",
			change: func(p *SellerProfile) { p.DisplayName = strings.Repeat("é", 101) },
			want:   FieldErrors{FieldDisplayName: MsgDisplayNameInvalid},
		},
		{
			name:   "display name with a newline",
			change: func(p *SellerProfile) { p.DisplayName = "Example\nCorp" },
			want:   FieldErrors{FieldDisplayName: MsgDisplayNameInvalid},
		},
		{
			name:   "display name with a right-to-left override",
			change: func(p *SellerProfile) { p.DisplayName = "Example\u202eproC" },
			want:   FieldErrors{FieldDisplayName: MsgDisplayNameInvalid},
		},
		{name: "description of 1000 runes", change: func(p *SellerProfile) { p.Description = strings.Repeat("ü", 1000) }},
		{
			name:   "description of 1001 runes",
			change: func(p *SellerProfile) { p.Description = strings.Repeat("ü", 1001) },
			want:   FieldErrors{FieldProfileDescription: MsgProfileDescTooLong},
		},
		{
			name:   "website over http",
			change: func(p *SellerProfile) { p.Website = "http://example.com" },
			want:   FieldErrors{FieldWebsite: MsgHTTPSURLInvalid},
		},
		{
			name:   "website on a host without a dot",
			change: func(p *SellerProfile) { p.Website = "https://localhost/shop" },
			want:   FieldErrors{FieldWebsite: MsgHTTPSURLInvalid},
		},
		{
			name:   "javascript link",
			change: func(p *SellerProfile) { p.Website = "javascript:alert(document.cookie)//.com" },
			want:   FieldErrors{FieldWebsite: MsgHTTPSURLInvalid},
		},
		{
			name:   "website with user and password",
			change: func(p *SellerProfile) { p.Website = "https://admin:secret@example.com/" },
			want:   FieldErrors{FieldWebsite: MsgHTTPSURLInvalid},
		},
		{
			name:   "website with a user that looks like the host",
			change: func(p *SellerProfile) { p.Website = "https://example.com@evil.example.net/" },
			want:   FieldErrors{FieldWebsite: MsgHTTPSURLInvalid},
		},
		{
			name:   "bad support email",
			change: func(p *SellerProfile) { p.SupportEmail = "support.example.com" },
			want:   FieldErrors{FieldProfileSupportEmail: MsgEmailInvalid},
		},
		{
			name:   "support email with a display name",
			change: func(p *SellerProfile) { p.SupportEmail = "Support <support@example.com>" },
			want:   FieldErrors{FieldProfileSupportEmail: MsgEmailInvalid},
		},
		{
			name: "several problems at once",
			change: func(p *SellerProfile) {
				p.DisplayName = ""
				p.Website = "ftp://example.com"
				p.SupportEmail = "nope"
			},
			want: FieldErrors{FieldDisplayName: MsgFieldRequired, FieldWebsite: MsgHTTPSURLInvalid, FieldProfileSupportEmail: MsgEmailInvalid},
		},
		{name: "website of 2048 bytes", change: func(p *SellerProfile) { p.Website = long(2048) }},
		{
			name:   "website of 2049 bytes",
			change: func(p *SellerProfile) { p.Website = long(2049) },
			want:   FieldErrors{FieldWebsite: MsgHTTPSURLInvalid},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProfile()
			tt.change(&p)
			checkSellerFieldErrors(t, p.Validate(), tt.want)
		})
	}
}

func TestValidateHTTPSURL(t *testing.T) {
	tests := []struct {
		url      string
		required bool
		want     Message
	}{
		{"", true, MsgFieldRequired},
		{"", false, ""},
		{"https://example.com", true, ""},
		{"https://example.com", false, ""},
		{"https://www.example.co.uk/path?q=1#frag", true, ""},
		{"HTTPS://Example.COM/", true, ""},
		{"https://example.com:8443/x", true, ""},
		{"http://example.com", false, MsgHTTPSURLInvalid},
		{"ftp://example.com", false, MsgHTTPSURLInvalid},
		{"javascript:alert(1)", false, MsgHTTPSURLInvalid},
		{"data:text/html,<script>alert(1)</script>", false, MsgHTTPSURLInvalid},
		{"//example.com/path", false, MsgHTTPSURLInvalid},
		{"example.com", false, MsgHTTPSURLInvalid},
		{"https://", false, MsgHTTPSURLInvalid},
		{"https:///path.html", false, MsgHTTPSURLInvalid},
		{"https://localhost", false, MsgHTTPSURLInvalid},
		{"https://intranet:443/", false, MsgHTTPSURLInvalid},
		{"https://[::1]/", false, MsgHTTPSURLInvalid},
		{"https://user@example.com", false, MsgHTTPSURLInvalid},
		{"https://user:pass@example.com", false, MsgHTTPSURLInvalid},
		{"https://:@example.com", false, MsgHTTPSURLInvalid},
		{"https://example.com/a b", false, MsgHTTPSURLInvalid},
		{"https://example.com/a\tb", false, MsgHTTPSURLInvalid},
		{" https://example.com", false, MsgHTTPSURLInvalid},
		{"https://exa mple.com", false, MsgHTTPSURLInvalid},
		{"https://example.com/%zz", false, MsgHTTPSURLInvalid},
	}
	for _, tt := range tests {
		if got := ValidateHTTPSURL(tt.url, tt.required); got != tt.want {
			t.Errorf("ValidateHTTPSURL(%q, %v) = %q, want %q", tt.url, tt.required, got, tt.want)
		}
	}
}

func TestValidateHTTPSURLRefusesHostsWithoutALabel(t *testing.T) {
	for _, u := range []string{"https://.", "https://..", "https://.com", "https://example..com"} {
		if got := ValidateHTTPSURL(u, true); got != MsgHTTPSURLInvalid {
			t.Errorf("ValidateHTTPSURL(%q) = %q, want %q", u, got, MsgHTTPSURLInvalid)
		}
	}
}

func TestSellerProfileNormalize(t *testing.T) {
	p := SellerProfile{
		DisplayName:  "  Example Corp \t",
		Description:  "\n Models. \n",
		Website:      " https://example.com ",
		SupportEmail: " Support@Example.COM ",
	}
	p.Normalize()
	want := SellerProfile{DisplayName: "Example Corp", Description: "Models.", Website: "https://example.com", SupportEmail: "support@example.com"}
	if p.DisplayName != want.DisplayName || p.Description != want.Description || p.Website != want.Website || p.SupportEmail != want.SupportEmail {
		t.Errorf("Normalize() = %+v, want %+v", p, want)
	}
}

func TestReadiness(t *testing.T) {
	for _, profile := range []bool{false, true} {
		for _, tax := range []bool{false, true} {
			for _, bank := range []bool{false, true} {
				r := Readiness{Profile: profile, Tax: tax, Bank: bank}
				if got := r.CanPublishFree(); got != profile {
					t.Errorf("%+v.CanPublishFree() = %v, want %v", r, got, profile)
				}
				all := profile && tax && bank
				if got := r.CanPublishPaid(); got != all {
					t.Errorf("%+v.CanPublishPaid() = %v, want %v", r, got, all)
				}
				err := r.RequirePaid()
				if all {
					if err != nil {
						t.Errorf("%+v.RequirePaid() = %v, want nil", r, err)
					}
					continue
				}
				var e *Error
				if !errors.As(err, &e) || e.Code != EFORBIDDEN || e.Message != MsgPaidNeedsTaxAndBank {
					t.Errorf("%+v.RequirePaid() = %v, want %s/%s", r, err, EFORBIDDEN, MsgPaidNeedsTaxAndBank)
				}
			}
		}
	}
}

// sellerRepoFake is an in-memory SellerRepository. readErr, when set, is
// returned by every read; saveErr by every save.
type sellerRepoFake struct {
	mu         sync.Mutex
	profiles   map[string]SellerProfile
	taxes      map[string]TaxInterview
	banks      map[string]BankAccount
	changes    []SellerChange
	removeLogo []bool // removeLogo of each SaveSellerProfile call
	readErr    error
	saveErr    error
}

var _ SellerRepository = (*sellerRepoFake)(nil)

func newSellerRepoFake() *sellerRepoFake {
	return &sellerRepoFake{profiles: map[string]SellerProfile{}, taxes: map[string]TaxInterview{}, banks: map[string]BankAccount{}}
}

func sellerNotFound() error { return Errorf(ENOTFOUND, MsgNotFound) }

func (f *sellerRepoFake) SellerProfile(_ context.Context, accountID string) (*SellerProfile, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readErr != nil {
		return nil, f.readErr
	}
	if p, ok := f.profiles[accountID]; ok {
		return &p, nil
	}
	return nil, sellerNotFound()
}

func (f *sellerRepoFake) SaveSellerProfile(_ context.Context, p *SellerProfile, removeLogo bool, ch SellerChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removeLogo = append(f.removeLogo, removeLogo)
	if f.saveErr != nil {
		return f.saveErr
	}
	saved := *p
	if old, ok := f.profiles[p.AccountID]; ok && p.Logo == nil && !removeLogo {
		saved.Logo, saved.LogoType = old.Logo, old.LogoType
	}
	f.profiles[p.AccountID] = saved
	f.changes = append(f.changes, ch)
	return nil
}

func (f *sellerRepoFake) TaxInterview(_ context.Context, accountID string) (*TaxInterview, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readErr != nil {
		return nil, f.readErr
	}
	if t, ok := f.taxes[accountID]; ok {
		return &t, nil
	}
	return nil, sellerNotFound()
}

func (f *sellerRepoFake) SaveTaxInterview(_ context.Context, t *TaxInterview, ch SellerChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return f.saveErr
	}
	f.taxes[t.AccountID] = *t
	f.changes = append(f.changes, ch)
	return nil
}

func (f *sellerRepoFake) BankAccount(_ context.Context, accountID string) (*BankAccount, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.readErr != nil {
		return nil, f.readErr
	}
	if b, ok := f.banks[accountID]; ok {
		return &b, nil
	}
	return nil, sellerNotFound()
}

func (f *sellerRepoFake) SaveBankAccount(_ context.Context, b *BankAccount, ch SellerChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return f.saveErr
	}
	f.banks[b.AccountID] = *b
	f.changes = append(f.changes, ch)
	return nil
}

func (f *sellerRepoFake) SellerChanges(_ context.Context, accountID string, limit int) ([]SellerChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []SellerChange
	for i := len(f.changes) - 1; i >= 0 && len(out) < limit; i-- {
		if f.changes[i].AccountID == accountID {
			out = append(out, f.changes[i])
		}
	}
	return out, nil
}

// stored counts what the fake holds.
func (f *sellerRepoFake) stored() (profiles, taxes, banks, changes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.profiles), len(f.taxes), len(f.banks), len(f.changes)
}

func (f *sellerRepoFake) lastChange(t *testing.T) SellerChange {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.changes) == 0 {
		t.Fatal("no change recorded")
	}
	return f.changes[len(f.changes)-1]
}

const sellerAccountID = "123456789012"

type sellerFixture struct {
	svc   *SellerService
	repo  *sellerRepoFake
	clock *FakeClock
	root  *User
	iam   *User
}

func newSellerFixture() *sellerFixture {
	f := &sellerFixture{repo: newSellerRepoFake(), clock: NewFakeClock(t0)}
	f.svc = &SellerService{Repo: f.repo, Clock: f.clock}
	f.root = &User{ID: 1, AccountID: sellerAccountID, Email: "owner@example.com", Role: RoleRoot}
	f.iam = &User{ID: 2, AccountID: sellerAccountID, UserName: "finance", Role: RoleIAM}
	return f
}

// validIndividualInterview returns a W-9 interview of a US person that
// breaks no rule.
func validIndividualInterview() TaxInterview {
	return TaxInterview{
		EntityType:    EntityIndividual,
		LegalName:     "Jane Q Public",
		Country:       "US",
		AddressLine1:  "410 Terry Ave N",
		City:          "Seattle",
		Region:        "WA",
		PostalCode:    "98109",
		TaxID:         "123-45-6789",
		SignatureName: "jane q public",
		Certified:     true,
	}
}

func (f *sellerFixture) saveTax(t *testing.T) {
	t.Helper()
	if err := f.svc.SaveTax(context.Background(), f.root, validIndividualInterview()); err != nil {
		t.Fatalf("SaveTax() error = %v", err)
	}
}

func TestSellerServiceSaveProfile(t *testing.T) {
	f := newSellerFixture()
	ctx := context.Background()
	f.clock.Advance(time.Hour)
	logo := []byte("\x89PNG fake logo")
	in := SellerProfile{
		AccountID:    "999999999999", // never trusted: the actor's account wins
		DisplayName:  "  Example Corp ",
		Description:  " Models. ",
		Website:      " https://example.com ",
		SupportEmail: " Support@Example.com",
		Logo:         logo,
		LogoType:     "image/png",
		UpdatedAt:    t0.Add(-24 * time.Hour),
	}
	if err := f.svc.SaveProfile(ctx, f.iam, in, true); err != nil {
		t.Fatalf("SaveProfile() error = %v", err)
	}
	got, ok := f.repo.profiles[sellerAccountID]
	if !ok {
		t.Fatalf("profile not stored under the actor's account; stored: %v", f.repo.profiles)
	}
	if _, ok := f.repo.profiles["999999999999"]; ok {
		t.Error("profile stored under the account named in the input")
	}
	want := SellerProfile{AccountID: sellerAccountID, DisplayName: "Example Corp", Description: "Models.",
		Website: "https://example.com", SupportEmail: "support@example.com", LogoType: "image/png", UpdatedAt: t0.Add(time.Hour)}
	if got.AccountID != want.AccountID || got.DisplayName != want.DisplayName || got.Description != want.Description ||
		got.Website != want.Website || got.SupportEmail != want.SupportEmail || got.LogoType != want.LogoType {
		t.Errorf("stored profile = %+v, want %+v", got, want)
	}
	if !bytes.Equal(got.Logo, logo) {
		t.Errorf("stored logo = %q, want %q", got.Logo, logo)
	}
	if !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("UpdatedAt = %v, want the clock's %v", got.UpdatedAt, want.UpdatedAt)
	}
	if len(f.repo.removeLogo) != 1 || !f.repo.removeLogo[0] {
		t.Errorf("removeLogo passed to the repository = %v, want [true]", f.repo.removeLogo)
	}
	wantChange := SellerChange{AccountID: sellerAccountID, Step: StepProfile, Actor: "arn:aws:iam::123456789012:user/finance", At: t0.Add(time.Hour)}
	if ch := f.repo.lastChange(t); ch != wantChange {
		t.Errorf("change = %+v, want %+v", ch, wantChange)
	}
	if _, _, _, n := f.repo.stored(); n != 1 {
		t.Errorf("%d changes recorded, want 1", n)
	}
}

func TestSellerServiceSaveProfileKeepsLogo(t *testing.T) {
	f := newSellerFixture()
	ctx := context.Background()
	first := validProfile()
	first.Logo, first.LogoType = []byte("logo"), "image/png"
	if err := f.svc.SaveProfile(ctx, f.root, first, false); err != nil {
		t.Fatal(err)
	}
	second := validProfile()
	second.DisplayName = "Renamed Corp"
	if err := f.svc.SaveProfile(ctx, f.root, second, false); err != nil {
		t.Fatal(err)
	}
	got := f.repo.profiles[sellerAccountID]
	if got.DisplayName != "Renamed Corp" || string(got.Logo) != "logo" {
		t.Errorf("after a save without logo: %+v, want the new name and the old logo", got)
	}
	if ch := f.repo.lastChange(t); ch.Actor != "arn:aws:iam::123456789012:root" {
		t.Errorf("change actor = %q, want the root user's ARN", ch.Actor)
	}
	if f.repo.removeLogo[1] {
		t.Error("removeLogo = true passed for a save that keeps the logo")
	}
}

func TestSellerServiceSaveProfileInvalid(t *testing.T) {
	f := newSellerFixture()
	p := validProfile()
	p.DisplayName = "   "
	p.Website = "http://example.com"
	err := f.svc.SaveProfile(context.Background(), f.root, p, false)
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	want := FieldErrors{FieldDisplayName: MsgFieldRequired, FieldWebsite: MsgHTTPSURLInvalid}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	if p, tx, b, ch := f.repo.stored(); p+tx+b+ch != 0 || len(f.repo.removeLogo) != 0 {
		t.Errorf("stored %d profiles, %d taxes, %d banks, %d changes for invalid input, want nothing", p, tx, b, ch)
	}
}

func TestSellerServiceSaveTax(t *testing.T) {
	tests := []struct {
		name     string
		in       TaxInterview
		wantForm string
	}{
		{"US individual", validIndividualInterview(), FormW9},
		{"US business", validUSInterview(), FormW9},
		{
			name: "foreign individual",
			in: TaxInterview{EntityType: EntityIndividual, LegalName: "Chan Tai Man", Country: "hk", AddressLine1: "1 Queen's Road",
				City: "Hong Kong", TaxID: "12345678", SignatureName: "Chan Tai Man", Certified: true},
			wantForm: FormW8BEN,
		},
		{
			name: "foreign business",
			in: TaxInterview{EntityType: EntityBusiness, LegalName: "Example Ltd", Country: "HK", AddressLine1: "1 Queen's Road",
				City: "Hong Kong", TaxID: "12345678", SignatureName: "Example Ltd", Certified: true},
			wantForm: FormW8BENE,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSellerFixture()
			f.clock.Advance(90 * time.Minute)
			in := tt.in
			in.AccountID = "999999999999"
			in.FormType = "stale"
			in.SignedAt = t0.Add(-365 * 24 * time.Hour)
			if err := f.svc.SaveTax(context.Background(), f.iam, in); err != nil {
				t.Fatalf("SaveTax() error = %v", err)
			}
			got, ok := f.repo.taxes[sellerAccountID]
			if !ok {
				t.Fatal("tax interview not stored under the actor's account")
			}
			if got.FormType != tt.wantForm {
				t.Errorf("FormType = %q, want %q", got.FormType, tt.wantForm)
			}
			if !got.SignedAt.Equal(t0.Add(90 * time.Minute)) {
				t.Errorf("SignedAt = %v, want the clock's %v", got.SignedAt, t0.Add(90*time.Minute))
			}
			if got.AccountID != sellerAccountID {
				t.Errorf("AccountID = %q, want %q", got.AccountID, sellerAccountID)
			}
			if got.TaxID != strings.ToUpper(tt.in.TaxID) || got.Country != strings.ToUpper(tt.in.Country) {
				t.Errorf("stored TaxID/Country = %q/%q, want the normalized input", got.TaxID, got.Country)
			}
			want := SellerChange{AccountID: sellerAccountID, Step: StepTax, Actor: f.iam.ARN(), At: t0.Add(90 * time.Minute)}
			if ch := f.repo.lastChange(t); ch != want {
				t.Errorf("change = %+v, want %+v", ch, want)
			}
		})
	}
}

func TestSellerServiceSaveTaxInvalid(t *testing.T) {
	f := newSellerFixture()
	in := validIndividualInterview()
	in.TaxID = "000-12-3456"
	in.Certified = false
	err := f.svc.SaveTax(context.Background(), f.root, in)
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	want := FieldErrors{FieldTaxID: MsgSSNFormat, FieldCertified: MsgCertificationRequired}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	if p, tx, b, ch := f.repo.stored(); p+tx+b+ch != 0 {
		t.Errorf("stored %d/%d/%d/%d for invalid input, want nothing", p, tx, b, ch)
	}
}

func TestSellerServiceSaveBankBeforeTax(t *testing.T) {
	tests := []struct {
		name string
		in   BankAccount
	}{
		{"valid US account", BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "021000021", AccountNumber: "000123456789"}},
		{"valid IBAN account", BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89370400440532013000"}},
		{"invalid account", BankAccount{Kind: BankUSACH}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSellerFixture()
			// A profile does not count: only the tax interview opens the bank step.
			if err := f.svc.SaveProfile(context.Background(), f.root, validProfile(), false); err != nil {
				t.Fatal(err)
			}
			err := f.svc.SaveBank(context.Background(), f.root, tt.in)
			wantError(t, err, ECONFLICT, MsgBankBeforeTax)
			if _, _, b, ch := f.repo.stored(); b != 0 || ch != 1 {
				t.Errorf("stored %d bank accounts and %d changes, want 0 and the profile's 1", b, ch)
			}
		})
	}
}

func TestSellerServiceSaveBank(t *testing.T) {
	tests := []struct {
		name string
		in   BankAccount
		want BankAccount
	}{
		{
			name: "US account",
			in:   BankAccount{Kind: BankUSACH, HolderName: " Example Corp ", RoutingNumber: "0210 0002 1", AccountNumber: "0001 2345 6789", IBAN: "DE89370400440532013000"},
			want: BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "021000021", AccountNumber: "000123456789"},
		},
		{
			name: "IBAN account",
			in:   BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "de89 3704 0044 0532 0130 00", BIC: "cobadeffxxx", AccountNumber: "123"},
			want: BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSellerFixture()
			ctx := context.Background()
			f.saveTax(t)
			f.clock.Advance(2 * time.Hour)
			in := tt.in
			in.AccountID = "999999999999"
			in.UpdatedAt = t0.Add(-time.Hour)
			if err := f.svc.SaveBank(ctx, f.iam, in); err != nil {
				t.Fatalf("SaveBank() error = %v", err)
			}
			want := tt.want
			want.AccountID, want.UpdatedAt = sellerAccountID, t0.Add(2*time.Hour)
			got, ok := f.repo.banks[sellerAccountID]
			if !ok {
				t.Fatal("bank account not stored under the actor's account")
			}
			if got != want {
				t.Errorf("stored bank account =\n%+v\nwant\n%+v", got, want)
			}
			wantChange := SellerChange{AccountID: sellerAccountID, Step: StepBank, Actor: f.iam.ARN(), At: t0.Add(2 * time.Hour)}
			if ch := f.repo.lastChange(t); ch != wantChange {
				t.Errorf("change = %+v, want %+v", ch, wantChange)
			}
			if _, _, _, n := f.repo.stored(); n != 2 {
				t.Errorf("%d changes recorded, want 2 (tax, bank)", n)
			}
		})
	}
}

func TestSellerServiceSaveBankInvalid(t *testing.T) {
	f := newSellerFixture()
	f.saveTax(t)
	err := f.svc.SaveBank(context.Background(), f.root, BankAccount{Kind: BankUSACH, HolderName: "Example Corp", RoutingNumber: "021000022", AccountNumber: "12"})
	e := wantError(t, err, EINVALID, MsgFormHasErrors)
	want := FieldErrors{FieldRoutingNumber: MsgRoutingNumberInvalid, FieldAccountNumber: MsgAccountNumberInvalid}
	if !maps.Equal(e.Fields, want) {
		t.Errorf("Fields = %v, want %v", e.Fields, want)
	}
	if _, _, b, ch := f.repo.stored(); b != 0 || ch != 1 {
		t.Errorf("stored %d bank accounts and %d changes, want 0 and the tax interview's 1", b, ch)
	}
}

func TestSellerServiceSaveBankTaxLookupFails(t *testing.T) {
	f := newSellerFixture()
	cause := errors.New("database is down")
	f.repo.readErr = Internal(cause)
	err := f.svc.SaveBank(context.Background(), f.root, BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89370400440532013000"})
	wantError(t, err, EINTERNAL, MsgInternalError)
	if !errors.Is(err, cause) {
		t.Errorf("error %v does not wrap the repository's cause", err)
	}
	if _, _, b, _ := f.repo.stored(); b != 0 {
		t.Errorf("stored %d bank accounts, want 0", b)
	}
}

func TestSellerServiceSaveErrorsPassThrough(t *testing.T) {
	f := newSellerFixture()
	ctx := context.Background()
	f.saveTax(t)
	cause := errors.New("disk full")
	f.repo.saveErr = Internal(cause)
	steps := map[string]error{
		"profile": f.svc.SaveProfile(ctx, f.root, validProfile(), false),
		"tax":     f.svc.SaveTax(ctx, f.root, validIndividualInterview()),
		"bank":    f.svc.SaveBank(ctx, f.root, BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89370400440532013000"}),
	}
	for step, err := range steps {
		if !errors.Is(err, cause) || ErrorCode(err) != EINTERNAL {
			t.Errorf("%s: error = %v, want the repository's internal error", step, err)
		}
	}
}

func TestSellerServiceReadiness(t *testing.T) {
	f := newSellerFixture()
	ctx := context.Background()
	check := func(want Readiness) {
		t.Helper()
		got, err := f.svc.Readiness(ctx, sellerAccountID)
		if err != nil {
			t.Fatalf("Readiness() error = %v", err)
		}
		if got != want {
			t.Errorf("Readiness() = %+v, want %+v", got, want)
		}
	}
	check(Readiness{})
	if err := f.svc.SaveProfile(ctx, f.root, validProfile(), false); err != nil {
		t.Fatal(err)
	}
	check(Readiness{Profile: true})
	f.saveTax(t)
	check(Readiness{Profile: true, Tax: true})
	if err := f.svc.SaveBank(ctx, f.root, BankAccount{Kind: BankIBAN, HolderName: "Beispiel GmbH", IBAN: "DE89370400440532013000"}); err != nil {
		t.Fatal(err)
	}
	check(Readiness{Profile: true, Tax: true, Bank: true})

	// Another account of the same repository has done nothing.
	other, err := f.svc.Readiness(ctx, "210987654321")
	if err != nil || other != (Readiness{}) {
		t.Errorf("Readiness(other account) = %+v, %v; want nothing done", other, err)
	}
}

func TestSellerServiceReadinessError(t *testing.T) {
	f := newSellerFixture()
	cause := errors.New("connection reset")
	f.repo.readErr = Internal(cause)
	_, err := f.svc.Readiness(context.Background(), sellerAccountID)
	if !errors.Is(err, cause) {
		t.Errorf("Readiness() error = %v, want the repository's error, not a silent false", err)
	}
}
