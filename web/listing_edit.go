package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
	"github.com/mlportal/portal/views/tr"
)

// editorSteps builds the stepper: the sections, each version's five steps,
// then pricing and terms, each done as the domain's checklist says.
func editorSteps(p *domain.Product, versions []domain.Version, checklist []domain.ChecklistItem) []seller.EditorStep {
	sections, rows := domain.ListingSections(), sectionRows(p, checklist)
	var steps []seller.EditorStep
	// Pricing, the last section, comes after the versions.
	for i, section := range sections[:len(sections)-1] {
		steps = append(steps, seller.EditorStep{Key: string(section), LabelKey: rows[i].LabelKey, Href: rows[i].Href, Done: rows[i].Complete})
	}
	for i, v := range versions {
		number := v.Number
		if number == "" {
			number = "#" + strconv.Itoa(i+1)
		}
		incomplete := partStep(domain.IncompletePart(checklist, v.ID))
		for step := 1; step <= 5; step++ {
			label := "listing.version_step_label_" + strconv.Itoa(step)
			if step == 2 && p.Type != domain.KindAlgorithm {
				label += "_model" // a model package has no training: step 2 is its custom attributes
			}
			steps = append(steps, seller.EditorStep{
				Key: versionStepKey(v.ID, step), LabelKey: label,
				Data: map[string]any{"Version": number}, Href: versionStepPath(p.ID, v.ID, step), Sub: true,
				Done: incomplete == 0 || step < incomplete,
			})
		}
	}
	last := rows[len(rows)-1]
	return append(steps, seller.EditorStep{Key: string(sections[len(sections)-1]), LabelKey: last.LabelKey, Href: last.Href, Done: last.Complete})
}

func versionStepKey(id int64, step int) string {
	return "v" + strconv.FormatInt(id, 10) + "-" + strconv.Itoa(step)
}

// editorContext is what every section page loads.
type editorContext struct {
	product   *domain.Product
	versions  []domain.Version
	resources []*domain.SageMakerResource
	ready     domain.Readiness
}

// checklist is what the listing still lacks, as the domain judges it.
func (ec *editorContext) checklist() []domain.ChecklistItem {
	return domain.Checklist(ec.product, ec.versions, ec.resources, ec.ready)
}

func (s *Server) loadEditor(c echo.Context) (*editorContext, error) {
	p, versions, resources, err := s.pathProductVersions(c)
	if err != nil {
		return nil, err
	}
	ready, err := s.app.Readiness(c.Request().Context(), s.who(c))
	if err != nil {
		return nil, err
	}
	return &editorContext{product: p, versions: versions, resources: resources, ready: ready}, nil
}

// frame builds the shared part of a section page.
func (s *Server) frame(c echo.Context, ec *editorContext, current, action string) seller.EditorFrame {
	steps := editorSteps(ec.product, ec.versions, ec.checklist())
	f := seller.EditorFrame{
		Page:      s.page(c, "listing.edit_title", "products-ml", editorCrumbs(ec.product, steps, current)...),
		ProductID: ec.product.ID, Title: ec.product.Info.Title, Steps: steps, Current: current,
		Action: action, Revision: ec.product.Revision, Last: current == "pricing",
	}
	if ec.product.Removed() {
		f.Frozen = string(domain.MsgAlreadyRemoved)
	}
	return f
}

// editorCrumbs end in the product's title and what is edited: the
// section, or the version (by its number) of a version step.
func editorCrumbs(p *domain.Product, steps []seller.EditorStep, current string) []layout.Crumb {
	crumbs := productNameCrumbs(p)
	for _, st := range steps {
		if st.Key != current {
			continue
		}
		if version, _ := st.Data["Version"].(string); st.Sub && version != "" {
			return append(crumbs, layout.Crumb{Label: version, Href: productPath(p.ID, "versions")}, layout.Crumb{LabelKey: "listing.edit_title"})
		}
		return append(crumbs, layout.Crumb{LabelKey: st.LabelKey})
	}
	return append(crumbs, layout.Crumb{LabelKey: "listing.edit_title"})
}

// nextStep returns where Continue leads from the current step.
func nextStep(steps []seller.EditorStep, current string) string {
	for i, st := range steps {
		if st.Key == current && i+1 < len(steps) {
			return steps[i+1].Href
		}
	}
	return ""
}

// afterSave sends the seller to the next section or back to the overview.
func (s *Server) afterSave(c echo.Context, ec *editorContext, current string) error {
	if postValue(c, "then") == "continue" {
		// Reload: the save may have changed what the stepper shows.
		fresh, err := s.loadEditor(c)
		if err != nil {
			return err
		}
		if next := nextStep(editorSteps(fresh.product, fresh.versions, fresh.checklist()), current); next != "" {
			return redirect(c, next)
		}
	}
	return s.flashAndRedirect(c, msgListingSaved, nil, productPath(ec.product.ID))
}

// formRevision reads the revision the form was opened with.
func formRevision(c echo.Context) int {
	n, err := strconv.Atoi(postValue(c, "revision"))
	if err != nil {
		return -1 // never matches: the save is refused as a conflict
	}
	return n
}

// saveOutcome sorts a service error: nil to continue, handled to re-render
// the form, or another error to return.
type saveOutcome int

const (
	saved saveOutcome = iota
	invalid
	conflict
)

func outcomeOf(err error) (saveOutcome, error) {
	switch {
	case err == nil:
		return saved, nil
	case domain.ErrorCode(err) == domain.EINVALID:
		return invalid, nil
	case staleRevision(err):
		return conflict, nil
	}
	return saved, err
}

// showSection renders one section of the editor.
func (s *Server) showSection(c echo.Context) error {
	ec, err := s.loadEditor(c)
	if err != nil {
		return err
	}
	return s.renderSection(c, ec, http.StatusOK, nil, nil)
}

// renderSection renders a section with typed values (nil: the stored ones)
// and the error of a failed save.
func (s *Server) renderSection(c echo.Context, ec *editorContext, status int, values map[string]string, saveErr error) error {
	section := c.Param("section")
	action := productPath(ec.product.ID, "edit", section)
	f := s.frame(c, ec, section, action)
	form := components.Form{Values: values, Errors: map[string]string{}}
	if values == nil {
		form.Values = storedValues(ec, section)
	}
	var errData map[string]any
	if saveErr != nil {
		form = formFromError(form.Values, saveErr, sectionInputs(section, ec))
		f.HasErrors = domain.ErrorCode(saveErr) == domain.EINVALID
		f.Conflict = domain.AsError(saveErr).Message == domain.MsgChangedSinceOpened
		errData = domain.AsError(saveErr).Data
	}
	// Each section's view holds all it shows, so an unchanged section is
	// sent as kept (see kept_views.go).
	switch section {
	case "general":
		v := generalView(f, form, ec.product)
		return s.renderKeptView(c, status, section, v, seller.General(v))
	case "promotional":
		f.Multipart = true
		v := seller.PromotionalView{Frame: f, Form: form, HasLogo: len(ec.product.Promo.Logo) > 0,
			LogoURL: productPath(ec.product.ID, "logo") + "?v=" + strconv.Itoa(ec.product.Revision)}
		return s.renderKeptView(c, status, section, v, seller.Promotional(v))
	case "support":
		v := seller.SupportView{Frame: f, Form: form}
		return s.renderKeptView(c, status, section, v, seller.Support(v))
	case "regions":
		v := regionsView(s.labels(c), f, form, ec.product)
		return s.renderKeptView(c, status, section, v, seller.Regions(v))
	case "launch-option":
		v := s.launchView(c, f, form, ec, errData)
		return s.renderKeptView(c, status, section, v, seller.LaunchOption(v))
	case "pricing":
		f.Multipart = true
		v := s.pricingView(c, f, form, ec)
		return s.renderKeptView(c, status, section, v, seller.Pricing(v))
	}
	return echo.ErrNotFound
}

// saveSection saves one section through the listing service. Each section's
// save reads what was typed first, so that a field the input gate refused
// (refused, else nil) is shown beside the others as typed, and saves nothing.
func (s *Server) saveSection(c echo.Context) error {
	section := c.Param("section")
	var refused error
	if section == "promotional" || section == "pricing" {
		refused = parseMultipart(c)
	} else {
		refused = parseForm(c)
	}
	if refused != nil && !isRefusedFields(refused) {
		return refused
	}
	ec, err := s.loadEditor(c)
	if err != nil {
		return err
	}
	var values map[string]string
	switch section {
	case "general":
		values, err = s.saveGeneral(c, ec, refused)
	case "promotional":
		values, err = s.savePromotional(c, ec, refused)
	case "support":
		values, err = s.saveSupport(c, ec, refused)
	case "regions":
		values, err = s.saveRegions(c, ec, refused)
	case "launch-option":
		values, err = s.saveLaunchOption(c, ec, refused)
	case "pricing":
		values, err = s.savePricing(c, ec, refused)
	default:
		return echo.ErrNotFound
	}
	return s.finishSave(c, ec, section, values, err)
}

// finishSave re-renders a refused save with what was typed, or moves on.
func (s *Server) finishSave(c echo.Context, ec *editorContext, section string, values map[string]string, saveErr error) error {
	outcome, err := outcomeOf(saveErr)
	if err != nil {
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return s.flashError(c, domain.AsError(err).Message, productPath(ec.product.ID))
		}
		return err
	}
	switch outcome {
	case invalid:
		return s.renderSection(c, ec, statusOf(domain.EINVALID), values, saveErr)
	case conflict:
		fresh, loadErr := s.loadEditor(c)
		if loadErr != nil {
			return loadErr
		}
		return s.renderSection(c, fresh, http.StatusConflict, values, domain.Errorf(domain.ECONFLICT, domain.MsgChangedSinceOpened))
	}
	if section == "launch-option" && postValue(c, "then") == "add" {
		return s.flashAndRedirect(c, msgVersionAdded, nil, productPath(ec.product.ID, "edit", "launch-option"))
	}
	return s.afterSave(c, ec, section)
}

func storedValues(ec *editorContext, section string) map[string]string {
	p := ec.product
	switch section {
	case "general":
		v := map[string]string{"privacy": string(p.Info.Privacy), "allowed_accounts": strings.Join(p.Info.AllowedAccounts, "\n"),
			"title": p.Info.Title, "short_description": p.Info.ShortDescription, "overview": p.Info.Overview, "video_url": p.Info.VideoURL}
		for i, h := range p.Info.Highlights {
			v["highlight_"+strconv.Itoa(i+1)] = h
		}
		v["categories"] = strings.Join(p.Info.Categories, "\n")
		return v
	case "promotional":
		v := map[string]string{"keywords": strings.Join(p.Promo.Keywords, ", ")}
		for i, l := range p.Promo.Links {
			v["links."+strconv.Itoa(i)+".title"], v["links."+strconv.Itoa(i)+".url"] = l.Title, l.URL
		}
		return v
	case "support":
		v := map[string]string{"support_email": p.Support.Email, "support_url": p.Support.URL, "support_description": p.Support.Description}
		if p.Support.Chosen {
			v["offered"] = map[bool]string{true: "yes", false: "no"}[p.Support.Offered]
		}
		return v
	case "regions":
		v := map[string]string{"availability": "all", "regions": strings.Join(p.Regions.Regions, "\n")}
		if !p.Regions.AllCurrentAndFuture {
			v["availability"] = "chosen"
		}
		return v
	case "pricing":
		v := map[string]string{"pricing": string(p.Offer.Pricing), "trial_days": "", "legal": "custom"}
		if p.Offer.StandardContract {
			v["legal"] = "standard"
		}
		if p.Offer.TrialDays > 0 {
			v["trial_days"] = strconv.Itoa(p.Offer.TrialDays)
		}
		for _, pr := range p.Offer.Prices {
			v[priceInput(pr.Use, pr.InstanceType)] = strings.TrimPrefix(domain.FormatUSD(pr.HourlyMillis), "$")
		}
		return v
	}
	return map[string]string{}
}

func generalView(f seller.EditorFrame, form components.Form, p *domain.Product) seller.GeneralView {
	v := seller.GeneralView{Frame: f, Form: form, Checked: set(strings.Split(form.Value("categories"), "\n")),
		PrivacyLocked: p.Submitted() && p.Info.Privacy == domain.PrivacyPrivate}
	v.Categories = categoryOptions()
	return v
}

func regionsView(ctx context.Context, f seller.EditorFrame, form components.Form, p *domain.Product) seller.RegionsView {
	v := seller.RegionsView{Frame: f, Form: form, Checked: set(strings.Split(form.Value("regions"), "\n"))}
	if p.Submitted() {
		v.Frame.Frozen = string(domain.MsgRegionsFrozen)
	}
	v.Regions = regionOptions(ctx, allRegionCodes())
	return v
}

func (s *Server) saveGeneral(c echo.Context, ec *editorContext, refused error) (map[string]string, error) {
	form := c.Request().PostForm
	info := domain.GeneralInfo{
		Privacy: domain.Privacy(form.Get("privacy")), AllowedAccounts: splitList(form.Get("allowed_accounts")),
		Title: form.Get("title"), ShortDescription: form.Get("short_description"), Overview: form.Get("overview"),
		Highlights: []string{form.Get("highlight_1"), form.Get("highlight_2"), form.Get("highlight_3")},
		Categories: form["categories"], VideoURL: form.Get("video_url"),
	}
	if ec.product.Submitted() && ec.product.Info.Privacy == domain.PrivacyPrivate && info.Privacy == "" {
		info.Privacy = domain.PrivacyPrivate // the locked radio posts nothing
	}
	values := map[string]string{"privacy": string(info.Privacy), "allowed_accounts": form.Get("allowed_accounts"), "title": info.Title,
		"short_description": info.ShortDescription, "overview": info.Overview, "video_url": info.VideoURL,
		"highlight_1": form.Get("highlight_1"), "highlight_2": form.Get("highlight_2"), "highlight_3": form.Get("highlight_3"),
		"categories": strings.Join(form["categories"], "\n")}
	if refused != nil {
		// The three highlights share one message.
		return values, refusedShownAt(refused, func(field string) string {
			if strings.HasPrefix(field, "highlight_") {
				return "highlights"
			}
			return ""
		})
	}
	return values, errOnly(s.app.UpdateInformation(c.Request().Context(), s.who(c), ec.product.ID, formRevision(c), info))
}

func (s *Server) savePromotional(c echo.Context, ec *editorContext, refused error) (map[string]string, error) {
	form := c.Request().PostForm
	promo := domain.Promotional{Keywords: splitKeywords(form.Get("keywords"))}
	values := map[string]string{"keywords": form.Get("keywords")}
	for i := range domain.MaxResourceLinks {
		t, u := form.Get("links."+strconv.Itoa(i)+".title"), form.Get("links."+strconv.Itoa(i)+".url")
		values["links."+strconv.Itoa(i)+".title"], values["links."+strconv.Itoa(i)+".url"] = t, u
		promo.Links = append(promo.Links, domain.ResourceLink{Title: t, URL: u})
	}
	if refused != nil {
		return values, refused
	}
	logo, logoErr := uploadedImage(c, "logo")
	if logoErr != "" {
		return values, domain.Invalid(domain.FieldErrors{domain.FieldLogo: logoErr})
	}
	if logo != nil {
		promo.Logo, promo.LogoType = logo.data, logo.mime
	}
	return values, errOnly(s.app.UpdatePromotional(c.Request().Context(), s.who(c), ec.product.ID, formRevision(c), promo, false))
}

// splitKeywords reads keywords separated by commas or new lines; a keyword
// may contain spaces.
func splitKeywords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
}

func (s *Server) saveSupport(c echo.Context, ec *editorContext, refused error) (map[string]string, error) {
	form := c.Request().PostForm
	values := map[string]string{"offered": form.Get("offered"), "support_email": form.Get("support_email"),
		"support_url": form.Get("support_url"), "support_description": form.Get("support_description")}
	if refused != nil {
		return values, refused
	}
	if o := form.Get("offered"); o != "yes" && o != "no" {
		return values, domain.Invalid(domain.FieldErrors{domain.FieldSupportOffered: domain.MsgFieldRequired})
	}
	support := domain.SupportInfo{Chosen: true, Offered: form.Get("offered") == "yes", Email: values["support_email"],
		URL: values["support_url"], Description: values["support_description"]}
	return values, errOnly(s.app.UpdateSupport(c.Request().Context(), s.who(c), ec.product.ID, formRevision(c), support))
}

func (s *Server) saveRegions(c echo.Context, ec *editorContext, refused error) (map[string]string, error) {
	form := c.Request().PostForm
	values := map[string]string{"availability": form.Get("availability"), "regions": strings.Join(form["regions"], "\n")}
	if refused != nil {
		return values, refused
	}
	regions := domain.RegionAvailability{AllCurrentAndFuture: form.Get("availability") != "chosen", Regions: form["regions"]}
	return values, errOnly(s.app.UpdateRegions(c.Request().Context(), s.who(c), ec.product.ID, formRevision(c), regions))
}

func (s *Server) launchView(c echo.Context, f seller.EditorFrame, form components.Form, ec *editorContext, data map[string]any) seller.LaunchOptionView {
	v := seller.LaunchOptionView{Frame: f, Form: form, ErrorData: data, Versions: versionRows(ec.product, ec.versions, ec.resources)}
	v.Frame.Current = "launch-option"
	// Suggestions only: a failure leaves the seller typing the ARN.
	candidates, _ := s.app.LaunchOptionCandidates(c.Request().Context(), s.who(c))
	for _, r := range candidates {
		if len(ec.versions) > 0 && r.Kind != ec.product.Type {
			continue // a listing's versions are all of its type
		}
		v.Resources = append(v.Resources, seller.ResourceChoice{Name: r.Name, ARN: r.ARN(),
			Region: tr.RegionLabel(s.labels(c), r.Region), Algorithm: r.Kind == domain.KindAlgorithm})
	}
	return v
}

func (s *Server) saveLaunchOption(c echo.Context, ec *editorContext, refused error) (map[string]string, error) {
	// A typed ARN wins over one picked from the account's resources.
	raw := postValue(c, "arn")
	if strings.TrimSpace(raw) == "" {
		raw = postValue(c, "pick_arn")
	}
	values := map[string]string{"arn": raw}
	if refused != nil {
		return values, refused
	}
	if postValue(c, "then") != "add" && strings.TrimSpace(raw) == "" && len(ec.versions) > 0 {
		return values, nil // Continue or Save and close without a new ARN
	}
	p, err := s.principal(c)
	if err != nil {
		return values, err
	}
	_, err = s.app.AddLaunchOption(c.Request().Context(), p, ec.product.ID, formRevision(c), raw)
	return values, err
}
