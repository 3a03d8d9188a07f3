package web

import (
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

// Defaults of a new private offer's form.
const (
	defaultOfferDays   = 30
	defaultOfferMonths = 12
)

// offerForm is the posted form of a new private offer.
type offerForm struct {
	ProductID, Name, Buyers, Legal, EULA, ExpiresOn, DurationMonths string
	// Prices are the posted price inputs by name, as typed.
	Prices map[string]string
}

// readOfferForm reads the form; every posted price input is kept, also
// one for an instance type the product does not support, so that the use
// case refuses it rather than the page dropping it silently.
func readOfferForm(c echo.Context) offerForm {
	form := c.Request().PostForm
	f := offerForm{ProductID: strings.TrimSpace(form.Get("product")), Name: form.Get("name"), Buyers: form.Get("buyers"),
		Legal: form.Get("legal"), EULA: form.Get("eula"), ExpiresOn: form.Get("expires_on"),
		DurationMonths: form.Get("duration_months"), Prices: map[string]string{}}
	for name, values := range form {
		if _, _, ok := parsePriceInput(name); ok && len(values) > 0 {
			f.Prices[name] = values[0]
		}
	}
	return f
}

// parsePriceInput reads the use and instance type of a price input's
// name, the inverse of priceInput.
func parsePriceInput(name string) (domain.Use, string, bool) {
	rest, ok := strings.CutPrefix(name, "price.")
	if !ok {
		return "", "", false
	}
	use, instanceType, ok := strings.Cut(rest, ".")
	if !ok || use == "" || instanceType == "" {
		return "", "", false
	}
	return domain.Use(use), instanceType, true
}

func (f offerForm) values() map[string]string {
	v := map[string]string{"product": f.ProductID, "name": f.Name, "buyers": f.Buyers, "legal": f.Legal, "eula": f.EULA,
		"expires_on": f.ExpiresOn, "duration_months": f.DurationMonths}
	for k, p := range f.Prices {
		v[k] = p
	}
	return v
}

func (f offerForm) input() domain.PrivateOfferInput {
	in := domain.PrivateOfferInput{ProductID: f.ProductID, Name: f.Name, Buyers: f.Buyers, EULA: f.EULA,
		StandardContract: f.Legal == "standard", ExpiresOn: f.ExpiresOn, DurationMonths: f.DurationMonths,
		Prices: map[domain.InstancePrice]string{}}
	for name, typed := range f.Prices {
		use, instanceType, _ := parsePriceInput(name)
		in.Prices[domain.InstancePrice{Use: use, InstanceType: instanceType}] = typed
	}
	return in
}

// offerInputs maps a private offer's fields to the form's inputs.
func offerInputs(prices map[string]string, required []domain.InstancePrice) inputNames {
	n := inputNames{domain.FieldOfferName: "name", domain.FieldOfferProduct: "product", domain.FieldOfferBuyers: "buyers",
		domain.FieldOfferExpiry: "expires_on", domain.FieldOfferDuration: "duration_months", domain.FieldEULA: "eula"}
	for _, p := range required {
		n[domain.FieldPrice(p.Use, p.InstanceType)] = priceInput(p.Use, p.InstanceType)
	}
	for name := range prices {
		use, instanceType, _ := parsePriceInput(name)
		n[domain.FieldPrice(use, instanceType)] = name
	}
	return n
}

// offerableProducts are the seller's products a private offer can be made
// on (its Public ones), as choices, with chosen kept among them, and the
// find box over them when they are not all listed.
func (s *Server) offerableProducts(c echo.Context, chosen string) ([]components.Option, *components.Finder, error) {
	choice, err := s.productChoice(c, domain.ProductChoiceQuery{Status: domain.StatusPublic}, chosen)
	if err != nil {
		return nil, nil, err
	}
	var opts []components.Option
	for _, p := range choice.Products {
		if p.OffersPrivately() {
			opts = append(opts, components.Option{Value: p.ID, Label: p.Label()})
		}
	}
	return opts, productFinder(choice, offersBase+"/new"), nil
}

// showNewOffer shows the form of a new private offer; ?product= chooses
// the product, which a seller with one live product needs not choose.
func (s *Server) showNewOffer(c echo.Context) error {
	products, finder, err := s.offerableProducts(c, c.QueryParam("product"))
	if err != nil {
		return err
	}
	now := s.cfg.Clock.Now()
	f := offerForm{ProductID: c.QueryParam("product"), Legal: "standard",
		ExpiresOn: formatDate(now.AddDate(0, 0, defaultOfferDays)), DurationMonths: strconv.Itoa(defaultOfferMonths)}
	if f.ProductID == "" && len(products) == 1 {
		f.ProductID = products[0].Value
	}
	form := components.Form{Values: f.values(), Errors: map[string]string{}}
	if f.ProductID != "" && !slices.ContainsFunc(products, func(o components.Option) bool { return o.Value == f.ProductID }) {
		form.Errors["product"] = string(domain.MsgOfferProductNotLive)
		return s.renderOfferForm(c, http.StatusOK, offerFormState{form: form, products: products, finder: finder})
	}
	return s.renderOfferForm(c, http.StatusOK, offerFormState{productID: f.ProductID, form: form, products: products, finder: finder})
}

// createOffer extends a private offer, or shows the form again with what
// was typed and every problem beside its field, having stored nothing.
func (s *Server) createOffer(c echo.Context) error {
	refused := parseForm(c)
	if refused != nil && !isRefusedFields(refused) {
		return refused
	}
	f := readOfferForm(c)
	ctx := c.Request().Context()
	var err error
	switch {
	case refused != nil:
		err = refused
	case f.ProductID == "":
		err = domain.Invalid(domain.FieldErrors{domain.FieldOfferProduct: domain.MsgFieldRequired})
	default:
		var o *domain.PrivateOffer
		o, err = s.app.CreatePrivateOffer(ctx, s.who(c), f.input())
		if err == nil {
			return s.flashAndRedirect(c, msgOfferCreated, map[string]string{"Name": o.Name}, offerPath(o.ID))
		}
	}
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		// A product ID posted by hand that is not one of the seller's.
		err = domain.Invalid(domain.FieldErrors{domain.FieldOfferProduct: domain.MsgOfferProductNotLive})
	}
	if domain.ErrorCode(err) != domain.EINVALID {
		return err
	}
	products, _, perr := s.offerableProducts(c, f.ProductID)
	if perr != nil {
		return perr
	}
	var required []domain.InstancePrice
	productID := ""
	if slices.ContainsFunc(products, func(o components.Option) bool { return o.Value == f.ProductID }) {
		productID = f.ProductID
		if _, required, perr = s.app.OfferForm(ctx, s.who(c), f.ProductID); perr != nil {
			return perr
		}
	}
	form := formFromError(f.values(), err, offerInputs(f.Prices, required))
	if form.Errors["eula"] == string(domain.MsgEULARequired) {
		form.Errors["eula"] = string(msgOfferEULAEmpty)
	}
	return s.renderOfferForm(c, statusOf(domain.EINVALID), offerFormState{productID: productID, form: form,
		required: required, products: products, posted: true})
}

// offerFormState is what the form of a new private offer shows.
type offerFormState struct {
	productID string
	form      components.Form
	// required are the chosen product's prices; nil: looked up.
	required []domain.InstancePrice
	products []components.Option
	finder   *components.Finder
	// posted shows the whole form again after a refused post.
	posted bool
}

// renderOfferForm renders the form of a new private offer.
func (s *Server) renderOfferForm(c echo.Context, status int, st offerFormState) error {
	v := seller.OfferFormView{
		Page: s.page(c, "offers.create_private", "offers",
			offerCrumbs(layout.Crumb{LabelKey: "offers.create_private"})...),
		Products: st.products, Finder: st.finder, ProductID: st.productID, Form: st.form, Standard: st.form.Value("legal") != "custom",
		Posted: st.posted,
	}
	ready, err := s.app.Readiness(c.Request().Context(), s.who(c))
	if err != nil {
		return err
	}
	v.PaidReady = ready.CanPublishPaid()
	required := st.required
	if st.productID != "" && required == nil {
		p, req, err := s.app.OfferForm(c.Request().Context(), s.who(c), st.productID)
		if err != nil {
			return err
		}
		v.ProductTitle, required = productTitle(p), req
	}
	v.Prices = priceRows(st.form, required)
	return s.render(c, status, seller.NewOffer(v))
}

// priceRows are the price inputs of the required instance types, then
// any other price the form was posted with (refused beside its value).
func priceRows(form components.Form, required []domain.InstancePrice) []seller.PriceRow {
	rows := make([]seller.PriceRow, 0, len(required))
	shown := map[string]bool{}
	for _, p := range required {
		key := priceInput(p.Use, p.InstanceType)
		shown[key] = true
		rows = append(rows, seller.PriceRow{Key: key, Use: string(p.Use), InstanceType: p.InstanceType,
			Value: form.Value(key), ErrorKey: form.Error(key)})
	}
	var extra []string
	for key := range form.Values {
		if _, _, ok := parsePriceInput(key); ok && !shown[key] {
			extra = append(extra, key)
		}
	}
	slices.Sort(extra)
	for _, key := range extra {
		use, instanceType, _ := parsePriceInput(key)
		rows = append(rows, seller.PriceRow{Key: key, Use: string(use), InstanceType: instanceType,
			Value: form.Value(key), ErrorKey: form.Error(key)})
	}
	return rows
}
