package web

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
	"github.com/mlportal/portal/views/tr"
)

func settingsCrumbs(extra ...layout.Crumb) []layout.Crumb {
	return append([]layout.Crumb{{LabelKey: "nav.settings", Href: "/settings"}}, extra...)
}

// showSettings renders readiness, the three registration steps and the
// change history.
func (s *Server) showSettings(c echo.Context) error {
	ctx := c.Request().Context()
	pr := s.who(c)
	profile, err := s.app.SellerProfile(ctx, pr)
	if err != nil {
		return err
	}
	tax, err := s.app.TaxInterview(ctx, pr)
	if err != nil {
		return err
	}
	bank, err := s.app.BankAccount(ctx, pr)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		bank, err = nil, nil // no bank account before the tax interview
	}
	if err != nil {
		return err
	}
	changes, err := s.app.SellerChanges(ctx, pr, 20)
	if err != nil {
		return err
	}
	ready := domain.Readiness{Profile: profile != nil, Tax: tax != nil, Bank: bank != nil}
	v := seller.SettingsView{
		Page:      s.page(c, "settings.title", "settings", layout.Crumb{LabelKey: "nav.settings"}),
		FreeReady: ready.CanPublishFree(),
		PaidReady: ready.CanPublishPaid(),
		Missing:   missingSteps(ready),
		Steps:     []seller.SettingsStep{profileStep(profile), taxStep(s.labels(c), tax), bankStep(bank, tax != nil)},
		CanEdit:   s.can(c, domain.ActionUpdateSettings, domain.AnyResource),
	}
	for _, ch := range changes {
		v.History = append(v.History, seller.HistoryRow{StepKey: "settings.step_" + ch.Step, Actor: ch.Actor, At: formatTime(ch.At)})
	}
	return s.render(c, http.StatusOK, seller.Settings(v))
}

func missingSteps(r domain.Readiness) []string {
	var out []string
	if !r.Profile {
		out = append(out, "settings.missing_profile")
	}
	if !r.Tax {
		out = append(out, "settings.missing_tax")
	}
	if !r.Bank {
		out = append(out, "settings.missing_bank")
	}
	return out
}

func profileStep(p *domain.SellerProfile) seller.SettingsStep {
	st := seller.SettingsStep{Number: 1, TitleKey: "settings.profile_title", BodyKey: "settings.profile_body", Href: "/settings/profile", TestID: "step-profile"}
	if p != nil {
		st.Done = true
		st.Summary = []seller.Fact{{LabelKey: "settings.display_name", Value: p.DisplayName}, {LabelKey: "settings.website", Value: p.Website}, {LabelKey: "settings.support_email", Value: p.SupportEmail}}
	}
	return st
}

func taxStep(ctx context.Context, t *domain.TaxInterview) seller.SettingsStep {
	st := seller.SettingsStep{Number: 2, TitleKey: "settings.tax_title", BodyKey: "settings.tax_body", Href: "/settings/tax", TestID: "step-tax"}
	if t != nil {
		st.Done = true
		st.Summary = []seller.Fact{{LabelKey: "settings.form_type", Value: t.FormType}, {LabelKey: "settings.legal_name", Value: t.LegalName}, {LabelKey: "settings.country", Value: tr.CountryName(ctx, t.Country) + " (" + t.Country + ")"}, {LabelKey: "settings.tax_id", Value: mask(t.TaxID)}, {LabelKey: "settings.signed", Value: formatTime(t.SignedAt)}}
	}
	return st
}

func bankStep(b *domain.BankAccount, taxDone bool) seller.SettingsStep {
	st := seller.SettingsStep{Number: 3, TitleKey: "settings.bank_title", BodyKey: "settings.bank_body", Href: "/settings/bank", TestID: "step-bank"}
	if !taxDone {
		st.Blocked = "settings.bank_before_tax"
	}
	if b != nil {
		st.Done = true
		st.Summary = []seller.Fact{{LabelKey: "settings.holder_name", Value: b.HolderName}, {LabelKey: "settings.account_number", Value: b.Masked()}}
	}
	return st
}

// mask shows only the last four characters of a sensitive number.
func mask(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return "••••"
	}
	return "•••• " + string(r[len(r)-4:])
}

// showProfile renders the public profile form, filled from the saved profile.
func (s *Server) showProfile(c echo.Context) error {
	p, err := s.app.SellerProfile(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	form := components.Form{}
	if p != nil {
		form.Values = map[string]string{"display_name": p.DisplayName, "description": p.Description, "website": p.Website, "support_email": p.SupportEmail}
	}
	return s.renderProfile(c, http.StatusOK, form, p)
}

func (s *Server) renderProfile(c echo.Context, status int, form components.Form, p *domain.SellerProfile) error {
	v := seller.ProfileView{Page: s.page(c, "settings.profile_title", "settings", settingsCrumbs(layout.Crumb{LabelKey: "settings.profile_title"})...), Form: form}
	if p != nil && len(p.Logo) > 0 {
		v.HasLogo, v.LogoVersion = true, strconv.FormatInt(p.UpdatedAt.Unix(), 10)
	}
	return s.render(c, status, seller.Profile(v))
}

// saveProfile stores the public profile; a logo is checked by its content.
func (s *Server) saveProfile(c echo.Context) error {
	refused := parseMultipart(c)
	if refused != nil && !isRefusedFields(refused) {
		return refused
	}
	p := domain.SellerProfile{DisplayName: postValue(c, "display_name"), Description: postValue(c, "description"), Website: trimmed(c, "website"), SupportEmail: trimmed(c, "support_email")}
	values := map[string]string{"display_name": p.DisplayName, "description": p.Description, "website": p.Website, "support_email": p.SupportEmail}
	ctx := c.Request().Context()
	saved, err := s.app.SellerProfile(ctx, s.who(c))
	if err != nil {
		return err
	}
	if refused != nil {
		return s.renderProfile(c, statusOf(domain.EINVALID), formFromError(values, refused, profileInputs()), saved)
	}
	logo, logoErr := uploadedImage(c, "logo")
	if logoErr != "" {
		checked := p
		checked.Normalize()
		form := formFromError(values, checked.Validate(), profileInputs())
		form.Errors["logo"] = string(logoErr)
		return s.renderProfile(c, statusOf(domain.EINVALID), form, saved)
	}
	if logo != nil {
		p.Logo, p.LogoType = logo.data, logo.mime
	}
	err = s.app.SaveProfile(ctx, s.who(c), p, postValue(c, "remove_logo") == "on")
	if domain.ErrorCode(err) == domain.EINVALID {
		return s.renderProfile(c, statusOf(domain.EINVALID), formFromError(values, err, profileInputs()), saved)
	} else if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgProfileSaved, nil, "/settings")
}

// showLogo serves the account's own logo.
func (s *Server) showLogo(c echo.Context) error {
	p, err := s.app.SellerProfile(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	if p == nil {
		return echo.ErrNotFound
	}
	return serveImage(c, p.Logo, p.LogoType)
}

type upload struct {
	data []byte
	mime string
}

// uploadedImage reads an optional image upload, checks its content and
// keeps only its pixels, re-encoded (see domain.CleanImage).
func uploadedImage(c echo.Context, field string) (*upload, domain.Message) {
	fh, err := c.FormFile(field)
	if err != nil {
		return nil, "" // no file chosen
	}
	if fh.Size > domain.MaxImageBytes {
		return nil, domain.MsgImageTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, domain.MsgImageType
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, domain.MaxImageBytes+1))
	if err != nil {
		return nil, domain.MsgImageType
	}
	clean, mime, msg := domain.CleanImage(data)
	if msg != "" {
		return nil, msg
	}
	return &upload{data: clean, mime: mime}, ""
}

// showTax renders the tax interview, filled from the saved one except the
// tax ID and the signature, which are given again each time it is signed.
func (s *Server) showTax(c echo.Context) error {
	t, err := s.app.TaxInterview(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	form := components.Form{}
	if t != nil {
		form.Values = taxValues(*t)
		delete(form.Values, "tax_id")
		delete(form.Values, "signature_name")
	}
	return s.renderTax(c, http.StatusOK, form, t, false)
}

func taxValues(t domain.TaxInterview) map[string]string {
	return map[string]string{
		"entity_type": string(t.EntityType), "legal_name": t.LegalName, "country": t.Country,
		"address_line1": t.AddressLine1, "address_line2": t.AddressLine2, "city": t.City, "region": t.Region,
		"postal_code": t.PostalCode, "tax_id": t.TaxID, "signature_name": t.SignatureName,
	}
}

func (s *Server) renderTax(c echo.Context, status int, form components.Form, saved *domain.TaxInterview, certified bool) error {
	v := seller.TaxView{Page: s.page(c, "settings.tax_title", "settings", settingsCrumbs(layout.Crumb{LabelKey: "settings.tax_title"})...), Form: form, Certified: certified}
	v.Countries = countryOptions(s.labels(c))
	if saved != nil {
		v.SavedTaxID, v.FormType, v.SignedAt = mask(saved.TaxID), saved.FormType, formatTime(saved.SignedAt)
	}
	return s.render(c, status, seller.Tax(v))
}

// saveTax signs and stores the tax interview.
func (s *Server) saveTax(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	t := domain.TaxInterview{
		EntityType: domain.EntityType(postValue(c, "entity_type")), LegalName: postValue(c, "legal_name"),
		Country: postValue(c, "country"), AddressLine1: postValue(c, "address_line1"), AddressLine2: postValue(c, "address_line2"),
		City: postValue(c, "city"), Region: postValue(c, "region"), PostalCode: postValue(c, "postal_code"),
		TaxID: postValue(c, "tax_id"), SignatureName: postValue(c, "signature_name"), Certified: postValue(c, "certified") == "on",
	}
	ctx := c.Request().Context()
	if err == nil {
		err = s.app.SaveTax(ctx, s.who(c), t)
	}
	if domain.ErrorCode(err) == domain.EINVALID {
		saved, lookupErr := s.app.TaxInterview(ctx, s.who(c))
		if lookupErr != nil {
			return lookupErr
		}
		return s.renderTax(c, statusOf(domain.EINVALID), formFromError(taxValues(t), err, taxInputs()), saved, t.Certified)
	} else if err != nil {
		return err
	}
	return s.flashAndRedirect(c, msgTaxSaved, nil, "/settings")
}

// showBank renders the bank form; saved numbers are never shown in full.
func (s *Server) showBank(c echo.Context) error {
	ctx := c.Request().Context()
	b, err := s.app.BankAccount(ctx, s.who(c))
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return s.flashError(c, domain.AsError(err).Message, "/settings")
	} else if err != nil {
		return err
	}
	form := components.Form{Values: map[string]string{"account_type": string(domain.BankUSACH)}}
	if b != nil {
		form.Values = map[string]string{"account_type": string(b.Kind), "holder_name": b.HolderName, "routing_number": b.RoutingNumber, "bic": b.BIC}
	}
	return s.renderBank(c, http.StatusOK, form, b)
}

func (s *Server) renderBank(c echo.Context, status int, form components.Form, saved *domain.BankAccount) error {
	v := seller.BankView{Page: s.page(c, "settings.bank_title", "settings", settingsCrumbs(layout.Crumb{LabelKey: "settings.bank_title"})...), Form: form}
	if saved != nil {
		v.SavedAccount = saved.Masked()
	}
	return s.render(c, status, seller.Bank(v))
}

// saveBank stores the payout account, only after the tax interview.
func (s *Server) saveBank(c echo.Context) error {
	err := parseForm(c)
	if err != nil && !isRefusedFields(err) {
		return err
	}
	b := domain.BankAccount{
		Kind: domain.BankKind(postValue(c, "account_type")), HolderName: postValue(c, "holder_name"),
		RoutingNumber: postValue(c, "routing_number"), AccountNumber: postValue(c, "account_number"),
		IBAN: postValue(c, "iban"), BIC: postValue(c, "bic"),
	}
	values := map[string]string{"account_type": string(b.Kind), "holder_name": b.HolderName, "routing_number": b.RoutingNumber, "account_number": b.AccountNumber, "iban": b.IBAN, "bic": b.BIC}
	ctx := c.Request().Context()
	if err == nil {
		err = s.app.SaveBank(ctx, s.who(c), b)
	}
	switch domain.ErrorCode(err) {
	case "":
		return s.flashAndRedirect(c, msgBankSaved, nil, "/settings")
	case domain.ECONFLICT:
		return s.flashError(c, domain.AsError(err).Message, "/settings")
	case domain.EINVALID:
		saved, lookupErr := s.app.BankAccount(ctx, s.who(c))
		if domain.ErrorCode(lookupErr) == domain.ECONFLICT {
			// No bank form before the tax interview, as showBank says.
			return s.flashError(c, domain.AsError(lookupErr).Message, "/settings")
		} else if lookupErr != nil {
			return lookupErr
		}
		return s.renderBank(c, statusOf(domain.EINVALID), formFromError(values, err, bankInputs()), saved)
	default:
		return err
	}
}
