package web

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
)

// The public offer's pricing page changes what a live product charges, in
// two steps: the seller types the new prices, reviews when they apply
// (ChangePublicPricing without confirm), then confirms with the same values.

// pricingForm is the posted public pricing form.
type pricingForm struct {
	Pricing, TrialDays string
	Prices             map[string]string
	Revision           int
	Confirm            bool
}

func readPricingForm(c echo.Context) pricingForm {
	form := c.Request().PostForm
	f := pricingForm{Pricing: form.Get("pricing"), TrialDays: form.Get("trial_days"), Prices: map[string]string{},
		Revision: formRevision(c), Confirm: form.Get("confirm") == "1"}
	for name, values := range form {
		if _, _, ok := parsePriceInput(name); ok && len(values) > 0 {
			f.Prices[name] = values[0]
		}
	}
	return f
}

func (f pricingForm) values() map[string]string {
	v := map[string]string{"pricing": f.Pricing, "trial_days": f.TrialDays}
	for k, p := range f.Prices {
		v[k] = p
	}
	return v
}

// offer reads the typed offer: what cannot be read as a number is
// reported against its input, and the rest is judged by the use case.
func (f pricingForm) offer() (domain.Offer, domain.FieldErrors) {
	o := domain.Offer{Pricing: domain.PricingModel(f.Pricing)}
	fields := domain.FieldErrors{}
	if o.Pricing == domain.PricingPaidTrial {
		days, err := strconv.Atoi(strings.TrimSpace(f.TrialDays))
		if err != nil {
			fields[domain.FieldTrialDuration] = domain.MsgTrialDaysRange
		}
		o.TrialDays = days
	}
	if !o.Pricing.Paid() {
		return o, fields
	}
	for _, name := range slices.Sorted(maps.Keys(f.Prices)) {
		use, instanceType, _ := parsePriceInput(name)
		millis, msg := domain.ParseUSD(f.Prices[name])
		if msg != "" {
			fields[domain.FieldPrice(use, instanceType)] = msg
			continue
		}
		o.Prices = append(o.Prices, domain.InstancePrice{Use: use, InstanceType: instanceType, HourlyMillis: millis})
	}
	return o, fields
}

// hidden are the values the review step posts again.
func (f pricingForm) hidden() []components.Hidden {
	h := []components.Hidden{{Name: "revision", Value: strconv.Itoa(f.Revision)}, {Name: "pricing", Value: f.Pricing},
		{Name: "trial_days", Value: f.TrialDays}}
	for _, name := range slices.Sorted(maps.Keys(f.Prices)) {
		h = append(h, components.Hidden{Name: name, Value: f.Prices[name]})
	}
	return h
}

func pricingInputs(prices map[string]string, required []domain.InstancePrice) inputNames {
	n := inputNames{domain.FieldPricingModel: "pricing", domain.FieldTrialDuration: "trial_days"}
	for _, p := range required {
		n[domain.FieldPrice(p.Use, p.InstanceType)] = priceInput(p.Use, p.InstanceType)
	}
	for name := range prices {
		use, instanceType, _ := parsePriceInput(name)
		n[domain.FieldPrice(use, instanceType)] = name
	}
	return n
}

// pricingProduct is the product of the public offer in the path; a
// private offer has no pricing page.
func pricingProduct(c echo.Context) (string, error) {
	id := publicOfferProduct(c.Param("offerID"))
	if id == "" {
		return "", echo.ErrNotFound
	}
	return id, nil
}

// showPublicPricing shows the public prices to change.
func (s *Server) showPublicPricing(c echo.Context) error {
	productID, err := pricingProduct(c)
	if err != nil {
		return err
	}
	p, required, err := s.app.PublicPricing(c.Request().Context(), s.who(c), productID)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return s.flashRefusal(c, err, offerPath(c.Param("offerID")))
	}
	if err != nil {
		return err
	}
	current := p.PublicSnapshot.Offer
	values := map[string]string{"pricing": string(current.Pricing)}
	if current.TrialDays > 0 {
		values["trial_days"] = strconv.Itoa(current.TrialDays)
	}
	for _, pr := range current.Prices {
		values[priceInput(pr.Use, pr.InstanceType)] = strings.TrimPrefix(domain.FormatUSD(pr.HourlyMillis), "$")
	}
	form := components.Form{Values: values, Errors: map[string]string{}}
	return s.renderPublicPricing(c, http.StatusOK, p, required, form, nil)
}

// changePublicPricing reviews new public prices, or applies them once
// confirmed.
func (s *Server) changePublicPricing(c echo.Context) error {
	refused := parseForm(c)
	if refused != nil && !isRefusedFields(refused) {
		return refused
	}
	productID, err := pricingProduct(c)
	if err != nil {
		// No form to show a refused field beside: the page names it.
		return cmp.Or(refused, err)
	}
	ctx := c.Request().Context()
	offerID := c.Param("offerID")
	p, required, err := s.app.PublicPricing(ctx, s.who(c), productID)
	switch {
	case err != nil && refused != nil:
		return refused
	case domain.ErrorCode(err) == domain.ECONFLICT:
		return s.flashRefusal(c, err, offerPath(offerID))
	case err != nil:
		return err
	}
	f := readPricingForm(c)
	offer, fields := f.offer()
	var dates domain.PriceChangeDates
	switch {
	case refused != nil:
		err = refused
	case len(fields) > 0:
		err = domain.Invalid(fields)
	default:
		dates, err = s.app.ChangePublicPricing(ctx, s.who(c), productID, f.Revision, offer, f.Confirm)
	}
	switch {
	case err == nil && f.Confirm:
		return s.flashAndRedirect(c, msgPricingChanged, map[string]string{"Title": productTitle(p)}, offerPath(offerID))
	case err == nil:
		review := &seller.PricingReview{Now: formatTime(dates.Now), IncreaseAt: formatTime(dates.IncreaseAt),
			Affected: dates.Affected, New: termsView(domain.TermsOf(offer), true)}
		form := components.Form{Values: f.values(), Errors: map[string]string{}}
		return s.renderPublicPricing(c, http.StatusOK, p, required, form, &reviewStep{review: review, hidden: f.hidden()})
	case domain.ErrorCode(err) == domain.ECONFLICT && domain.AsError(err).Message == domain.MsgPricingNotPublic:
		return s.flashRefusal(c, err, offerPath(offerID))
	case staleRevision(err):
		showRefusalNow(c, err)
		fresh, freshRequired, ferr := s.app.PublicPricing(ctx, s.who(c), productID)
		if ferr != nil {
			return ferr
		}
		form := components.Form{Values: f.values(), Errors: map[string]string{}}
		return s.renderPublicPricing(c, http.StatusConflict, fresh, freshRequired, form, nil)
	case domain.ErrorCode(err) == domain.EINVALID:
		form := formFromError(f.values(), err, pricingInputs(f.Prices, required))
		return s.renderPublicPricing(c, statusOf(domain.EINVALID), p, required, form, nil)
	}
	return err
}

// reviewStep is the review of new prices and the values to confirm.
type reviewStep struct {
	review *seller.PricingReview
	hidden []components.Hidden
}

func (s *Server) renderPublicPricing(c echo.Context, status int, p *domain.Product, required []domain.InstancePrice,
	form components.Form, step *reviewStep) error {
	ready, err := s.app.Readiness(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	offerID := domain.PublicOfferID(p.ID)
	v := seller.PublicPricingView{
		Page: s.page(c, "offers.change_pricing", "offers", offerCrumbs(
			layout.Crumb{Label: productTitle(p), Href: offerPath(offerID)},
			layout.Crumb{LabelKey: "offers.change_pricing"})...),
		OfferID: offerID, ProductID: p.ID, Title: p.Info.Title, Revision: p.Revision, Form: form,
		Prices: priceRows(form, required), Current: termsView(domain.TermsOf(p.PublicSnapshot.Offer), true),
		PaidReady: ready.CanPublishPaid(),
	}
	if step != nil {
		v.Review, v.Hidden = step.review, step.hidden
	}
	return s.render(c, status, seller.PublicPricing(v))
}
