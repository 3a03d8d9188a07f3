package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/persistence"
)

// sellerStore reads what the settings pages stored, with the harness's key.
func (e *testEnv) sellerStore() *persistence.SellerStore {
	e.t.Helper()
	sealer, err := persistence.NewSealer([]byte(strings.Repeat("k", 32)))
	if err != nil {
		e.t.Fatal(err)
	}
	return e.db.Sellers(sealer)
}

// newIAMUserClient creates an IAM user through root's forms, attaches the
// managed policies and returns a client signed in as that user.
func (e *testEnv) newIAMUserClient(root *client, accountID, name string, policies ...string) *client {
	e.t.Helper()
	expectRedirect(e.t, root.post("/iam/users/new", "/iam/users/new", url.Values{"user_name": {name}, "password": {goodPassword}}), "/iam/users/"+name)
	for _, p := range policies {
		r := root.post("/iam/users/"+name, "/iam/users/"+name+"/managed-policies", url.Values{"managed_policy": {p}})
		expectRedirect(e.t, r, "/iam/users/"+name)
	}
	c := e.client()
	expectRedirect(e.t, c.loginIAM(accountID, name, goodPassword), "/")
	return c
}

// logoPNG encodes a small real PNG image.
func logoPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for x := range 16 {
		for y := range 12 {
			img.Set(x, y, color.RGBA{R: uint8(x * 16), G: 128, B: uint8(y * 20), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// filePart is one uploaded file of a multipart form.
type filePart struct {
	field, filename, contentType string
	data                         []byte
}

// postMultipartParts loads page for its CSRF token, then posts fields and
// files to path as multipart/form-data, the way a browser sends a form with
// a file input.
func (c *client) postMultipartParts(page, path string, fields url.Values, files ...filePart) *response {
	c.env.t.Helper()
	token := c.get(page).csrf(c.env.t)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("_csrf", token); err != nil {
		c.env.t.Fatal(err)
	}
	for name, values := range fields {
		for _, v := range values {
			if err := w.WriteField(name, v); err != nil {
				c.env.t.Fatal(err)
			}
		}
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, f.field, f.filename))
		h.Set("Content-Type", f.contentType)
		part, err := w.CreatePart(h)
		if err != nil {
			c.env.t.Fatal(err)
		}
		if _, err := part.Write(f.data); err != nil {
			c.env.t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		c.env.t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, c.env.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

func validProfile() url.Values {
	return url.Values{
		"display_name":  {"Acme ML"},
		"description":   {"We build sentiment and forecasting models."},
		"website":       {"https://acme.example"},
		"support_email": {"support@acme.example"},
	}
}

func validUSTax() url.Values {
	return url.Values{
		"entity_type": {"individual"}, "legal_name": {"Jane Q Doe"}, "country": {"US"},
		"address_line1": {"410 Terry Ave N"}, "city": {"Seattle"}, "region": {"WA"}, "postal_code": {"98101"},
		"tax_id": {"123-45-6789"}, "signature_name": {"Jane Q Doe"}, "certified": {"on"},
	}
}

func validUSBank() url.Values {
	return url.Values{"account_type": {"us_ach"}, "holder_name": {"Jane Q Doe"}, "routing_number": {"021000021"}, "account_number": {"000123456789"}}
}

func expectReadiness(t *testing.T, r *response, free, paid string) {
	t.Helper()
	if got := r.attr("[data-testid=readiness-free] [data-state]", "data-state"); got != free {
		t.Errorf("free readiness %q, want %q", got, free)
	}
	if got := r.attr("[data-testid=readiness-paid] [data-state]", "data-state"); got != paid {
		t.Errorf("paid readiness %q, want %q", got, paid)
	}
}

func TestSettingsOfANewAccount(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")

	r := root.get("/settings")
	expectStatus(t, r, http.StatusOK)
	expectReadiness(t, r, "not-ready", "not-ready")
	missing := r.doc.Find("[data-testid=readiness-missing] li")
	if missing.Length() != 3 {
		t.Errorf("%d missing steps listed, want 3: %q", missing.Length(), missing.Text())
	}
	for _, want := range []string{"public seller profile", "tax interview", "bank account"} {
		if !strings.Contains(missing.Text(), want) {
			t.Errorf("missing list %q lacks %q", missing.Text(), want)
		}
	}
	if !strings.Contains(r.text("[data-testid=step-bank-blocked]"), "Complete the tax interview") {
		t.Errorf("bank step not blocked: %q", r.text("[data-testid=step-bank]"))
	}
	if r.doc.Find("[data-testid=step-bank-edit]").Length() != 0 {
		t.Error("blocked bank step still offers its form")
	}
	for _, step := range []string{"profile", "tax"} {
		if got := r.attr("[data-testid=step-"+step+"-edit]", "href"); got != "/settings/"+step {
			t.Errorf("step %s links to %q", step, got)
		}
	}
	if r.doc.Find("[data-testid=settings-history]").Length() != 0 {
		t.Error("a new account has change history")
	}

	// The bank form is out of reach until the tax interview is done.
	expectRedirect(t, root.get("/settings/bank"), "/settings")
	r = root.get("/settings")
	if got := r.text("[data-testid=flash].alert--error"); got != "Complete the tax interview before adding a bank account." {
		t.Errorf("flash %q", got)
	}

	// Posting the bank form directly is refused too, and stores nothing.
	r = root.post("/settings", "/settings/bank", validUSBank())
	expectRedirect(t, r, "/settings")
	r = root.get("/settings")
	if got := r.text("[data-testid=flash]"); got != "Complete the tax interview before adding a bank account." {
		t.Errorf("flash %q", got)
	}
	expectReadiness(t, r, "not-ready", "not-ready")
	if _, err := env.sellerStore().BankAccount(context.Background(), accountID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("bank account stored before the tax interview (err %v)", err)
	}
}

func TestSettingsProfile(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")

	r := root.get("/settings/profile")
	expectStatus(t, r, http.StatusOK)
	if got := r.attr("form[data-testid=profile-form]", "enctype"); got != "multipart/form-data" {
		t.Errorf("profile form enctype %q", got)
	}
	if r.doc.Find("#f-display_name").Length() != 1 || r.doc.Find("input[type=file][name=logo]").Length() != 1 {
		t.Fatal("profile form lacks its fields")
	}
	if r.doc.Find("[data-testid=current-logo]").Length() != 0 {
		t.Error("a logo is shown before one was uploaded")
	}

	logo := logoPNG(t)
	r = root.postMultipartParts("/settings/profile", "/settings/profile", validProfile(), filePart{"logo", "logo.png", "image/png", logo})
	expectRedirect(t, r, "/settings")
	r = root.get("/settings")
	expectStatus(t, r, http.StatusOK)
	if got := r.text("[data-testid=flash].alert--success"); !strings.Contains(got, "public profile is saved") {
		t.Errorf("flash %q", got)
	}
	expectReadiness(t, r, "ready", "not-ready")
	if got := r.text("[data-testid=step-profile] dl"); !strings.Contains(got, "Acme ML") || !strings.Contains(got, "https://acme.example") || !strings.Contains(got, "support@acme.example") {
		t.Errorf("profile summary %q", got)
	}
	if got := r.text("[data-testid=readiness-missing]"); strings.Contains(got, "public seller profile") {
		t.Errorf("profile still listed as missing: %q", got)
	}

	r = root.get("/settings/profile/logo")
	expectStatus(t, r, http.StatusOK)
	if got := r.Header.Get("Content-Type"); got != "image/png" {
		t.Errorf("logo Content-Type %q", got)
	}
	if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("logo X-Content-Type-Options %q", got)
	}
	if !bytes.Equal([]byte(r.body), logo) {
		t.Error("served logo differs from the uploaded one")
	}

	// The form shows the saved profile and its logo.
	r = root.get("/settings/profile")
	if got := r.attr("#f-display_name", "value"); got != "Acme ML" {
		t.Errorf("saved display name not shown: %q", got)
	}
	if got := r.text("#f-description"); got != "We build sentiment and forecasting models." {
		t.Errorf("saved description not shown: %q", got)
	}
	if !strings.HasPrefix(r.attr("[data-testid=current-logo]", "src"), "/settings/profile/logo") {
		t.Error("current logo not shown")
	}

	// Saving without a file keeps the logo; the remove box removes it.
	edited := validProfile()
	edited.Set("display_name", "Acme Machine Learning")
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", edited), "/settings")
	r = root.get("/settings/profile/logo")
	expectStatus(t, r, http.StatusOK)
	if !bytes.Equal([]byte(r.body), logo) {
		t.Error("saving without a file changed the logo")
	}
	edited.Set("remove_logo", "on")
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", edited), "/settings")
	expectStatus(t, root.get("/settings/profile/logo"), http.StatusNotFound)
	if got := root.get("/settings").text("[data-testid=step-profile] dl"); !strings.Contains(got, "Acme Machine Learning") {
		t.Errorf("edited profile not shown: %q", got)
	}
}

func TestSettingsProfileBadInput(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	tests := []struct {
		name, field, value, message string
	}{
		{"empty display name", "display_name", "", "This field is required."},
		{"http website", "website", "http://acme.example", "https://"},
		{"bad email", "support_email", "support-at-acme", "valid email address"},
		{"description too long", "description", strings.Repeat("d", 1001), "1,000 characters or fewer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validProfile()
			form.Set(tt.field, tt.value)
			r := root.postMultipartParts("/settings/profile", "/settings/profile", form)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-" + tt.field + "]"); !strings.Contains(got, tt.message) {
				t.Errorf("error beside %s = %q, want it to contain %q", tt.field, got, tt.message)
			}
			if r.doc.Find("[data-testid=alert-error]").Length() != 1 {
				t.Error("no summary alert")
			}
			for _, f := range []string{"display_name", "website", "support_email"} {
				if got := r.attr("#f-"+f, "value"); got != form.Get(f) {
					t.Errorf("%s not kept: %q, want %q", f, got, form.Get(f))
				}
			}
			if got := r.text("#f-description"); got != form.Get("description") {
				t.Errorf("description not kept: %.40q", got)
			}
		})
	}
	if _, err := env.sellerStore().SellerProfile(context.Background(), accountID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("an invalid profile was stored (err %v)", err)
	}
	expectReadiness(t, root.get("/settings"), "not-ready", "not-ready")
}

func TestSettingsProfileRefusesDisguisedLogos(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	tests := []struct {
		name string
		file filePart
	}{
		{"HTML named logo.png", filePart{"logo", "logo.png", "image/png", []byte("<html><body><script>alert(document.cookie)</script></body></html>")}},
		{"SVG with script", filePart{"logo", "logo.svg", "image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>`)}},
		{"SVG named logo.png", filePart{"logo", "logo.png", "image/png", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)}},
		{"PNG header only", filePart{"logo", "logo.png", "image/png", logoPNG(t)[:20]}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := root.postMultipartParts("/settings/profile", "/settings/profile", validProfile(), tt.file)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-logo]"); !strings.Contains(got, "PNG or JPEG") {
				t.Errorf("error beside logo = %q", got)
			}
			if got := r.attr("#f-display_name", "value"); got != "Acme ML" {
				t.Errorf("display name not kept: %q", got)
			}
			if strings.Contains(r.body, "alert(") {
				t.Error("the uploaded script is echoed in the page")
			}
		})
	}
	if _, err := env.sellerStore().SellerProfile(context.Background(), accountID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a profile was stored with a refused logo (err %v)", err)
	}
	expectReadiness(t, root.get("/settings"), "not-ready", "not-ready")
	expectStatus(t, root.get("/settings/profile/logo"), http.StatusNotFound)
}

func TestSettingsTax(t *testing.T) {
	env := newEnv(t)
	root, _ := env.signedIn("Acme", "root@acme.example")

	r := root.get("/settings/tax")
	expectStatus(t, r, http.StatusOK)
	if r.doc.Find("select#f-country option[value=US]").Length() != 1 || r.doc.Find("select#f-entity_type").Length() != 1 {
		t.Fatal("tax form lacks its fields")
	}
	if r.doc.Find("[data-testid=tax-current]").Length() != 0 {
		t.Error("a form is on file before the interview")
	}

	expectRedirect(t, root.post("/settings/tax", "/settings/tax", validUSTax()), "/settings")
	r = root.get("/settings")
	if got := r.text("[data-testid=flash]"); !strings.Contains(got, "tax interview is signed") {
		t.Errorf("flash %q", got)
	}
	summary := r.text("[data-testid=step-tax] dl")
	for _, want := range []string{"W-9", "Jane Q Doe", "•••• 6789"} {
		if !strings.Contains(summary, want) {
			t.Errorf("tax summary %q lacks %q", summary, want)
		}
	}
	if r.doc.Find("[data-testid=step-bank-blocked]").Length() != 0 {
		t.Error("bank step still blocked after the tax interview")
	}
	if got := r.attr("[data-testid=step-bank-edit]", "href"); got != "/settings/bank" {
		t.Errorf("bank step links to %q", got)
	}
	expectReadiness(t, r, "not-ready", "not-ready")
	tax := root.get("/settings/tax")
	expectStatus(t, tax, http.StatusOK)
	for name, page := range map[string]*response{"/settings": r, "/settings/tax": tax} {
		for _, full := range []string{"123-45-6789", "123456789"} {
			if strings.Contains(page.body, full) {
				t.Errorf("%s shows the full tax ID %s", name, full)
			}
		}
	}
	if !strings.Contains(tax.text("[data-testid=tax-current]"), "W-9") {
		t.Errorf("tax page does not say which form is on file: %q", tax.text("[data-testid=tax-current]"))
	}
	if !strings.Contains(tax.text("[data-testid=saved-tax-id]"), "•••• 6789") {
		t.Errorf("saved tax ID hint %q", tax.text("[data-testid=saved-tax-id]"))
	}
	if got := tax.attr("#f-tax_id", "value"); got != "" {
		t.Errorf("tax ID prefilled: %q", got)
	}
	if got := tax.attr("#f-legal_name", "value"); got != "Jane Q Doe" {
		t.Errorf("legal name not prefilled: %q", got)
	}

	// Signing again as a German business gives a W-8BEN-E.
	de := url.Values{
		"entity_type": {"business"}, "legal_name": {"Acme Maschinenlernen GmbH"}, "country": {"DE"},
		"address_line1": {"Unter den Linden 1"}, "city": {"Berlin"}, "postal_code": {"10117"},
		"tax_id": {"DE136695976"}, "signature_name": {"acme maschinenlernen  gmbh"}, "certified": {"on"},
	}
	expectRedirect(t, root.post("/settings/tax", "/settings/tax", de), "/settings")
	r = root.get("/settings")
	summary = r.text("[data-testid=step-tax] dl")
	for _, want := range []string{"W-8BEN-E", "Acme Maschinenlernen GmbH", "DE", "•••• 5976"} {
		if !strings.Contains(summary, want) {
			t.Errorf("tax summary %q lacks %q", summary, want)
		}
	}
	if strings.Contains(r.body, "DE136695976") {
		t.Error("/settings shows the full USt-IdNr")
	}
}

func TestSettingsTaxBadInput(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	tests := []struct {
		name, field, value, errorField, message string
	}{
		{"malformed SSN", "tax_id", "000-12-3456", "tax_id", "Social Security number"},
		{"signature not the legal name", "signature_name", "John Smith", "signature_name", "legal name exactly"},
		{"certification missing", "certified", "", "certified", "certification box"},
		{"unknown country", "country", "XX", "country", "country of tax residence"},
		{"bad ZIP code", "postal_code", "ABCDE", "postal_code", "ZIP code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := validUSTax()
			if tt.value == "" {
				form.Del(tt.field)
			} else {
				form.Set(tt.field, tt.value)
			}
			r := root.post("/settings/tax", "/settings/tax", form)
			expectStatus(t, r, http.StatusUnprocessableEntity)
			if got := r.text("[data-testid=error-" + tt.errorField + "]"); !strings.Contains(got, tt.message) {
				t.Errorf("error beside %s = %q, want it to contain %q", tt.errorField, got, tt.message)
			}
			for _, f := range []string{"legal_name", "address_line1", "city", "region", "postal_code", "signature_name", "tax_id"} {
				if got := r.attr("#f-"+f, "value"); got != form.Get(f) {
					t.Errorf("%s not kept: %q, want %q", f, got, form.Get(f))
				}
			}
			if got := r.attr("#f-entity_type option[selected]", "value"); got != "individual" {
				t.Errorf("entity type not kept: %q", got)
			}
			_, checked := r.doc.Find("#f-certified").Attr("checked")
			if checked != (form.Get("certified") == "on") {
				t.Errorf("certified box checked = %v", checked)
			}
			if tt.field != "country" {
				if got := r.attr("#f-country option[selected]", "value"); got != "US" {
					t.Errorf("country not kept: %q", got)
				}
			}
		})
	}
	if _, err := env.sellerStore().TaxInterview(context.Background(), accountID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("an invalid interview was stored (err %v)", err)
	}
	r := root.get("/settings")
	if r.doc.Find("[data-testid=step-bank-blocked]").Length() != 1 {
		t.Error("bank step unblocked by invalid tax interviews")
	}
}

func TestSettingsBankAndChangeHistory(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", validProfile()), "/settings")
	expectRedirect(t, root.post("/settings/tax", "/settings/tax", validUSTax()), "/settings")

	r := root.get("/settings/bank")
	expectStatus(t, r, http.StatusOK)
	if got := r.attr("#f-account_type option[selected]", "value"); got != "us_ach" {
		t.Errorf("default account type %q", got)
	}

	// A routing number with a bad checksum is refused, with everything kept.
	bad := validUSBank()
	bad.Set("routing_number", "021000022")
	r = root.post("/settings/bank", "/settings/bank", bad)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-routing_number]"); !strings.Contains(got, "ABA checksum") {
		t.Errorf("error beside routing number %q", got)
	}
	for _, f := range []string{"holder_name", "routing_number", "account_number"} {
		if got := r.attr("#f-"+f, "value"); got != bad.Get(f) {
			t.Errorf("%s not kept: %q", f, got)
		}
	}
	if r.doc.Find("[data-testid=error-account_number]").Length() != 0 {
		t.Errorf("valid account number flagged: %q", r.text("[data-testid=error-account_number]"))
	}
	if _, err := env.sellerStore().BankAccount(context.Background(), accountID); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("an invalid bank account was stored (err %v)", err)
	}

	expectRedirect(t, root.post("/settings/bank", "/settings/bank", validUSBank()), "/settings")
	r = root.get("/settings")
	if got := r.text("[data-testid=flash]"); !strings.Contains(got, "bank account is saved") {
		t.Errorf("flash %q", got)
	}
	if got := r.text("[data-testid=step-bank] dl"); !strings.Contains(got, "•••• 6789") {
		t.Errorf("bank summary %q", got)
	}
	expectReadiness(t, r, "ready", "ready")
	if r.doc.Find("[data-testid=readiness-missing]").Length() != 0 {
		t.Errorf("steps still missing: %q", r.text("[data-testid=readiness-missing]"))
	}
	bank := root.get("/settings/bank")
	for name, page := range map[string]*response{"/settings": r, "/settings/bank": bank} {
		if strings.Contains(page.body, "000123456789") {
			t.Errorf("%s shows the full account number", name)
		}
	}
	if !strings.Contains(bank.text("[data-testid=saved-account]"), "•••• 6789") {
		t.Errorf("saved account %q", bank.text("[data-testid=saved-account]"))
	}
	if got := bank.attr("#f-account_number", "value"); got != "" {
		t.Errorf("account number prefilled: %q", got)
	}

	// A bad IBAN is refused and leaves the US account in place.
	iban := url.Values{"account_type": {"iban"}, "holder_name": {"Jane Q Doe"}, "iban": {"DE89 3704 0044 0532 0130 01"}, "bic": {"COBADEFFXXX"}}
	r = root.post("/settings/bank", "/settings/bank", iban)
	expectStatus(t, r, http.StatusUnprocessableEntity)
	if got := r.text("[data-testid=error-iban]"); !strings.Contains(got, "IBAN isn't valid") {
		t.Errorf("error beside IBAN %q", got)
	}
	if got := r.attr("#f-iban", "value"); got != "DE89 3704 0044 0532 0130 01" {
		t.Errorf("IBAN not kept: %q", got)
	}
	if got := r.attr("#f-account_type option[selected]", "value"); got != "iban" {
		t.Errorf("account type not kept: %q", got)
	}
	if got := root.get("/settings").text("[data-testid=step-bank] dl"); !strings.Contains(got, "•••• 6789") {
		t.Errorf("a refused IBAN replaced the account: %q", got)
	}

	iban.Set("iban", "DE89 3704 0044 0532 0130 00")
	expectRedirect(t, root.post("/settings/bank", "/settings/bank", iban), "/settings")
	r = root.get("/settings")
	if got := r.text("[data-testid=step-bank] dl"); !strings.Contains(got, "•••• 3000") {
		t.Errorf("bank summary after IBAN %q", got)
	}
	if strings.Contains(r.body, "DE89370400440532013000") || strings.Contains(r.body, "DE89 3704 0044 0532 0130 00") {
		t.Error("/settings shows the full IBAN")
	}
	expectReadiness(t, r, "ready", "ready")
	stored, err := env.sellerStore().BankAccount(context.Background(), accountID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Kind != domain.BankIBAN || stored.IBAN != "DE89370400440532013000" || stored.AccountNumber != "" || stored.RoutingNumber != "" {
		t.Errorf("stored bank account %+v", stored)
	}

	// The history lists each step with who changed it, newest first.
	rows := r.doc.Find("[data-testid=settings-history] tbody tr")
	var steps []string
	rows.Each(func(_ int, row *goquery.Selection) {
		steps = append(steps, strings.TrimSpace(row.Find("td").Eq(0).Text()))
		if actor := strings.TrimSpace(row.Find("td").Eq(1).Text()); actor != "arn:aws:iam::"+accountID+":root" {
			t.Errorf("actor %q", actor)
		}
	})
	want := []string{"Bank account", "Bank account", "Tax interview", "Public profile"}
	if strings.Join(steps, "|") != strings.Join(want, "|") {
		t.Errorf("history steps %q, want %q", steps, want)
	}
}

func TestSettingsNeedIAMPermissions(t *testing.T) {
	env := newEnv(t)
	root, accountID := env.signedIn("Acme", "root@acme.example")
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", validProfile()), "/settings")

	nobody := env.newIAMUserClient(root, accountID, "nobody")
	r := nobody.get("/settings")
	expectStatus(t, r, http.StatusForbidden)
	msg := r.text("[data-testid=error-message]")
	for _, part := range []string{"arn:aws:iam::" + accountID + ":user/nobody", "aws-marketplace-management:viewSettings", "no identity-based policy"} {
		if !strings.Contains(msg, part) {
			t.Errorf("403 message %q lacks %q", msg, part)
		}
	}
	if strings.Contains(r.body, "Acme ML") {
		t.Error("the 403 page shows the profile")
	}
	for _, path := range []string{"/settings/profile", "/settings/tax", "/settings/profile/logo"} {
		expectStatus(t, nobody.get(path), http.StatusForbidden)
	}
	r = nobody.post("/", "/settings/profile", url.Values{"display_name": {"Hijacked"}, "description": {"x"}, "website": {"https://evil.example"}, "support_email": {"a@evil.example"}})
	expectStatus(t, r, http.StatusForbidden)
	if got := r.text("[data-testid=error-message]"); !strings.Contains(got, "aws-marketplace-management:updateSettings") {
		t.Errorf("403 message %q does not name updateSettings", got)
	}

	reader := env.newIAMUserClient(root, accountID, "reader", "AWSMarketplaceSellerProductsReadOnly")
	r = reader.get("/settings")
	expectStatus(t, r, http.StatusOK)
	expectReadiness(t, r, "ready", "not-ready")
	if n := r.doc.Find("[data-testid$=-edit]").Length(); n != 0 {
		t.Errorf("read-only user sees %d edit buttons", n)
	}
	expectStatus(t, reader.get("/settings/profile"), http.StatusOK)
	r = reader.postMultipartParts("/settings/profile", "/settings/profile", url.Values{"display_name": {"Hijacked"}, "description": {"x"}, "website": {"https://evil.example"}, "support_email": {"a@evil.example"}})
	expectStatus(t, r, http.StatusForbidden)
	if got := r.text("[data-testid=error-message]"); !strings.Contains(got, "aws-marketplace-management:updateSettings") {
		t.Errorf("403 message %q does not name updateSettings", got)
	}
	expectStatus(t, reader.post("/settings/tax", "/settings/tax", validUSTax()), http.StatusForbidden)
	p, err := env.sellerStore().SellerProfile(context.Background(), accountID)
	if err != nil {
		t.Fatal(err)
	}
	if p.DisplayName != "Acme ML" {
		t.Errorf("a refused post changed the profile to %q", p.DisplayName)
	}

	// The root user still sees the edit buttons.
	if root.get("/settings").doc.Find("[data-testid=step-profile-edit]").Length() != 1 {
		t.Error("root user lost its edit button")
	}
}

func TestSettingsAreSeparatePerAccount(t *testing.T) {
	env := newEnv(t)
	acme, acmeID := env.signedIn("Acme", "root@acme.example")
	other, otherID := env.signedIn("Other", "root@other.example")

	expectRedirect(t, acme.postMultipartParts("/settings/profile", "/settings/profile", validProfile(), filePart{"logo", "logo.png", "image/png", logoPNG(t)}), "/settings")
	expectRedirect(t, acme.post("/settings/tax", "/settings/tax", validUSTax()), "/settings")
	expectRedirect(t, acme.post("/settings/bank", "/settings/bank", validUSBank()), "/settings")

	r := other.get("/settings")
	expectStatus(t, r, http.StatusOK)
	expectReadiness(t, r, "not-ready", "not-ready")
	for _, leak := range []string{"Acme ML", "Jane Q Doe", "6789", acmeID} {
		if strings.Contains(r.text("main"), leak) {
			t.Errorf("another account's settings show %q", leak)
		}
	}
	if r.doc.Find("[data-testid=settings-history]").Length() != 0 {
		t.Error("another account's history is shown")
	}
	if r.doc.Find("[data-testid=step-bank-blocked]").Length() != 1 {
		t.Error("another account's tax interview unblocked this account's bank step")
	}
	expectStatus(t, other.get("/settings/profile/logo"), http.StatusNotFound)
	if got := other.get("/settings/profile").attr("#f-display_name", "value"); got != "" {
		t.Errorf("another account's profile is prefilled: %q", got)
	}
	expectRedirect(t, other.get("/settings/bank"), "/settings")

	// Other's own profile stays its own.
	mine := validProfile()
	mine.Set("display_name", "Other Models")
	expectRedirect(t, other.postMultipartParts("/settings/profile", "/settings/profile", mine), "/settings")
	r = other.get("/settings")
	if got := r.text("[data-testid=step-profile] dl"); !strings.Contains(got, "Other Models") || strings.Contains(got, "Acme ML") {
		t.Errorf("profile summary %q", got)
	}
	if strings.Contains(r.text("[data-testid=settings-history]"), acmeID) || !strings.Contains(r.text("[data-testid=settings-history]"), otherID) {
		t.Errorf("history %q", r.text("[data-testid=settings-history]"))
	}
	r = acme.get("/settings")
	expectReadiness(t, r, "ready", "ready")
	if got := r.text("[data-testid=step-profile] dl"); !strings.Contains(got, "Acme ML") {
		t.Errorf("acme's profile changed: %q", got)
	}
}
