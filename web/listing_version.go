package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/buyer"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/seller"
)

func (s *Server) pricingView(c echo.Context, f seller.EditorFrame, form components.Form, ec *editorContext) seller.PricingView {
	ready, _ := s.app.Readiness(c.Request().Context(), s.who(c))
	v := seller.PricingView{Frame: f, Form: form, PaidReady: ready.CanPublishPaid(), HasEULA: ec.product.Offer.EULA != "", EULA: ec.product.Offer.EULA}
	for _, p := range domain.RequiredPrices(nonNil(ec.resources)) {
		key := priceInput(p.Use, p.InstanceType)
		v.Prices = append(v.Prices, seller.PriceRow{Key: key, Use: string(p.Use), InstanceType: p.InstanceType, Value: form.Value(key), ErrorKey: form.Error(key)})
	}
	return v
}

func nonNil(resources []*domain.SageMakerResource) []*domain.SageMakerResource {
	out := make([]*domain.SageMakerResource, 0, len(resources))
	for _, r := range resources {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) savePricing(c echo.Context, ec *editorContext, refused error) (map[string]string, error) {
	form := c.Request().PostForm
	offer := domain.Offer{Pricing: domain.PricingModel(form.Get("pricing")), EULA: ec.product.Offer.EULA,
		StandardContract: form.Get("legal") == "standard"}
	values := map[string]string{"pricing": form.Get("pricing"), "trial_days": form.Get("trial_days"), "legal": form.Get("legal")}
	fields := domain.FieldErrors{}
	if offer.Pricing == domain.PricingPaidTrial {
		days, err := strconv.Atoi(strings.TrimSpace(form.Get("trial_days")))
		if err != nil {
			fields[domain.FieldTrialDuration] = domain.MsgTrialDaysRange
		}
		offer.TrialDays = days
	}
	if offer.Pricing.Paid() {
		for _, p := range domain.RequiredPrices(nonNil(ec.resources)) {
			key := priceInput(p.Use, p.InstanceType)
			values[key] = form.Get(key)
			millis, msg := domain.ParseUSD(form.Get(key))
			if msg != "" {
				fields[domain.FieldPrice(p.Use, p.InstanceType)] = msg
				continue
			}
			offer.Prices = append(offer.Prices, domain.InstancePrice{Use: p.Use, InstanceType: p.InstanceType, HourlyMillis: millis})
		}
	}
	if refused != nil {
		return values, refused
	}
	if eula, msg, chosen := uploadedText(c, "eula"); chosen && msg != "" {
		fields[domain.FieldEULA] = msg
	} else if chosen {
		offer.EULA = eula
	}
	if len(fields) > 0 {
		// Report the offer's own problems too, without saving anything.
		checked := offer
		if err := s.deps.Listings.CheckOffer(c.Request().Context(), ec.product, &checked); domain.ErrorCode(err) == domain.EINVALID {
			for k, msg := range domain.AsError(err).Fields {
				if _, ok := fields[k]; !ok {
					fields[k] = msg
				}
			}
		} else if err != nil {
			return values, err
		}
		return values, domain.Invalid(fields)
	}
	return values, errOnly(s.app.UpdateOffer(c.Request().Context(), s.who(c), ec.product.ID, formRevision(c), offer))
}

// uploadedText reads an optional plain-text upload, judged by content.
func uploadedText(c echo.Context, field string) (string, domain.Message, bool) {
	fh, err := c.FormFile(field)
	if err != nil {
		return "", "", false
	}
	if fh.Size > domain.MaxEULABytes {
		return "", domain.MsgEULATooLarge, true
	}
	f, err := fh.Open()
	if err != nil {
		return "", domain.MsgEULANotText, true
	}
	defer f.Close()
	text, msg := readEULA(f)
	return text, msg, true
}

// readEULA reads a whole upload, however many reads it takes, but never
// more than one byte over the limit, and checks it.
func readEULA(r io.Reader) (string, domain.Message) {
	data, err := io.ReadAll(io.LimitReader(r, domain.MaxEULABytes+1))
	if err != nil {
		return "", domain.MsgEULANotText
	}
	if len(data) > domain.MaxEULABytes {
		return "", domain.MsgEULATooLarge
	}
	return domain.CheckEULA(data)
}

// pathVersion finds the version in the path among the product's versions.
func pathVersion(c echo.Context, ec *editorContext) (int, *domain.Version, int, error) {
	id, err := strconv.ParseInt(c.Param("vid"), 10, 64)
	step, stepErr := strconv.Atoi(c.Param("step"))
	if err != nil || stepErr != nil || step < 1 || step > 5 {
		return 0, nil, 0, echo.ErrNotFound
	}
	for i := range ec.versions {
		if ec.versions[i].ID == id {
			return i, &ec.versions[i], step, nil
		}
	}
	return 0, nil, 0, echo.ErrNotFound
}

// versionStepRequest is a loaded version step page.
type versionStepRequest struct {
	ec    *editorContext
	index int
	v     *domain.Version
	step  int
	// refused is the input gate's refusal of posted fields (see parseForm), or nil.
	refused error
}

// loadVersionStep loads the product and the version step in the path,
// after reading a posted form if there is one.
func (s *Server) loadVersionStep(c echo.Context) (*versionStepRequest, error) {
	var refused error
	if c.Request().Method == http.MethodPost {
		refused = parseForm(c)
		if refused != nil && !isRefusedFields(refused) {
			return nil, refused
		}
	}
	ec, err := s.loadEditor(c)
	if err != nil {
		return nil, err
	}
	i, v, step, err := pathVersion(c, ec)
	if err != nil {
		return nil, err
	}
	return &versionStepRequest{ec: ec, index: i, v: v, step: step, refused: refused}, nil
}

func (s *Server) showVersionStep(c echo.Context) error {
	r, err := s.loadVersionStep(c)
	if err != nil {
		return err
	}
	return s.renderVersionStep(c, r.ec, r.index, r.v, r.step, http.StatusOK, versionValues(r.v), nil)
}

func (s *Server) renderVersionStep(c echo.Context, ec *editorContext, i int, v *domain.Version, step, status int, values map[string]string, saveErr error) error {
	action := versionStepPath(ec.product.ID, v.ID, step)
	f := s.frame(c, ec, versionStepKey(v.ID, step), action)
	form := components.Form{Values: values, Errors: map[string]string{}}
	if saveErr != nil {
		form = formFromError(values, saveErr, versionStepInputs())
		f.HasErrors = domain.ErrorCode(saveErr) == domain.EINVALID
		f.Conflict = domain.AsError(saveErr).Message == domain.MsgChangedSinceOpened
	}
	edit := versionFromValues(values)
	view := seller.VersionStepView{
		Frame: f, Step: step, Algorithm: ec.product.Type == domain.KindAlgorithm, Number: v.Number,
		NumberFixed: !v.SubmittedAt.IsZero(), ARN: v.ResourceARN, Form: form,
		Attributes: paramRows(values, "custom_attributes"), InputRows: paramRows(values, "input_parameters"), OutputRows: paramRows(values, "output_parameters"),
		BuyerView: usageView(edit, ec.resources[i], ec.product.Type), PreviewURL: action + "/preview",
	}
	if r := ec.resources[i]; r != nil {
		view.Realtime, view.Batch, view.Training = options(r.RealtimeInstanceTypes), options(r.BatchInstanceTypes), options(r.TrainingInstanceTypes)
	}
	return s.render(c, status, seller.VersionStep(view))
}

func options(values []string) []components.Option {
	out := make([]components.Option, len(values))
	for i, v := range values {
		out[i] = components.Option{Value: v, Label: v}
	}
	return out
}

func (s *Server) saveVersionStep(c echo.Context) error {
	r, err := s.loadVersionStep(c)
	if err != nil {
		return err
	}
	ec, i, v, step := r.ec, r.index, r.v, r.step
	values := formValues(c.Request().PostForm)
	if r.refused != nil {
		// Shown as posted, rows not compacted, so each message is beside its field.
		return s.renderVersionStep(c, ec, i, v, step, statusOf(domain.EINVALID), values, r.refused)
	}
	if group, ok := strings.CutPrefix(postValue(c, "then"), "add:"); ok {
		values[group+"."+strconv.Itoa(rowCount(c.Request().PostForm, group))+".name"] = ""
		return s.renderVersionStep(c, ec, i, v, step, http.StatusOK, values, nil)
	}
	edit := versionFromValues(values)
	compactParams(values, edit) // so a row's error is shown beside that row
	_, saveErr := s.app.UpdateVersion(c.Request().Context(), s.who(c), ec.product.ID, formRevision(c), v.ID, versionStepParts(step), edit)
	outcome, err := outcomeOf(saveErr)
	if err != nil {
		return err
	}
	switch outcome {
	case invalid:
		return s.renderVersionStep(c, ec, i, v, step, statusOf(domain.EINVALID), values, saveErr)
	case conflict:
		fresh, err := s.loadEditor(c)
		if err != nil {
			return err
		}
		return s.renderVersionStep(c, fresh, i, &fresh.versions[i], step, http.StatusConflict, values, saveErr)
	}
	return s.afterSave(c, ec, versionStepKey(v.ID, step))
}

// previewVersionStep renders the buyer view of what is typed, unsaved.
func (s *Server) previewVersionStep(c echo.Context) error {
	r, err := s.loadVersionStep(c)
	if err != nil {
		return err
	}
	if r.refused != nil {
		return r.refused
	}
	edit := versionFromValues(formValues(c.Request().PostForm))
	part := map[int]string{2: "training", 3: "input", 4: "output"}[r.step]
	return s.render(c, http.StatusOK, seller.Preview(usageView(edit, r.ec.resources[r.index], r.ec.product.Type), part))
}

// formValues flattens a posted form to its first values, and checkboxes to
// "on".
func formValues(form url.Values) map[string]string {
	out := make(map[string]string, len(form))
	for k, v := range form {
		if len(v) > 0 && k != "_csrf" {
			out[k] = v[0]
		}
	}
	return out
}

// versionValues is the stored version as form values.
func versionValues(v *domain.Version) map[string]string {
	m := map[string]string{
		"number": v.Number, "release_notes": v.ReleaseNotes, "notebook_url": v.NotebookURL, "repo_url": v.RepoURL,
		"training_data_description": v.TrainingDataDescription, "training_data_sample_url": v.TrainingDataSampleURL,
		"algorithm_overview": v.AlgorithmOverview, "input_description": v.Input.Description, "input_limitations": v.Input.Limitations,
		"sample_realtime_url": v.Input.SampleRealtimeURL, "sample_batch_url": v.Input.SampleBatchURL,
		"output_description": v.Output.Description, "sample_output_text": v.Output.SampleText, "sample_output_url": v.Output.SampleURL,
		"recommended_realtime": v.RecommendedRealtime, "recommended_batch": v.RecommendedBatch, "recommended_training": v.RecommendedTraining,
	}
	putParams(m, "custom_attributes", asParams(v.CustomAttributes))
	putParams(m, "input_parameters", v.Input.Parameters)
	putParams(m, "output_parameters", v.Output.Parameters)
	return m
}

// compactParams rewrites the parameter rows of values without their blank
// rows, numbered as the domain numbers them in its errors.
func compactParams(values map[string]string, edit domain.Version) {
	for k := range values {
		for _, g := range []string{"custom_attributes.", "input_parameters.", "output_parameters."} {
			if strings.HasPrefix(k, g) {
				delete(values, k)
			}
		}
	}
	putParams(values, "custom_attributes", asParams(edit.CustomAttributes))
	putParams(values, "input_parameters", edit.Input.Parameters)
	putParams(values, "output_parameters", edit.Output.Parameters)
}

func asParams(attrs []domain.CustomAttribute) []domain.Parameter {
	out := make([]domain.Parameter, len(attrs))
	for i, a := range attrs {
		out[i] = domain.Parameter(a)
	}
	return out
}

func putParams(m map[string]string, group string, params []domain.Parameter) {
	for i, p := range params {
		key := group + "." + strconv.Itoa(i) + "."
		m[key+"name"], m[key+"description"], m[key+"constraints"] = p.Name, p.Description, p.Constraints
		if p.Required {
			m[key+"required"] = "on"
		}
	}
}

// versionFromValues reads every step's fields; each step saves only its own.
func versionFromValues(m map[string]string) domain.Version {
	v := domain.Version{
		Number: m["number"], ReleaseNotes: m["release_notes"], NotebookURL: strings.TrimSpace(m["notebook_url"]), RepoURL: strings.TrimSpace(m["repo_url"]),
		TrainingDataDescription: strings.TrimSpace(m["training_data_description"]), TrainingDataSampleURL: strings.TrimSpace(m["training_data_sample_url"]),
		AlgorithmOverview: strings.TrimSpace(m["algorithm_overview"]),
		Input: domain.InputDetails{Description: strings.TrimSpace(m["input_description"]), Limitations: strings.TrimSpace(m["input_limitations"]),
			SampleRealtimeURL: strings.TrimSpace(m["sample_realtime_url"]), SampleBatchURL: strings.TrimSpace(m["sample_batch_url"]),
			Parameters: readParams(m, "input_parameters")},
		Output: domain.OutputDetails{Description: strings.TrimSpace(m["output_description"]), SampleText: strings.TrimSpace(m["sample_output_text"]),
			SampleURL: strings.TrimSpace(m["sample_output_url"]), Parameters: readParams(m, "output_parameters")},
		RecommendedRealtime: m["recommended_realtime"], RecommendedBatch: m["recommended_batch"], RecommendedTraining: m["recommended_training"],
	}
	for _, p := range readParams(m, "custom_attributes") {
		v.CustomAttributes = append(v.CustomAttributes, domain.CustomAttribute(p))
	}
	return v
}

// readParams reads the rows of a parameter group, dropping blank rows.
func readParams(m map[string]string, group string) []domain.Parameter {
	form := url.Values{}
	for k, v := range m {
		form.Set(k, v)
	}
	var out []domain.Parameter
	for i := range rowCount(form, group) {
		key := group + "." + strconv.Itoa(i) + "."
		p := domain.Parameter{Name: strings.TrimSpace(m[key+"name"]), Description: strings.TrimSpace(m[key+"description"]),
			Constraints: strings.TrimSpace(m[key+"constraints"]), Required: m[key+"required"] == "on"}
		if p.Name != "" || p.Description != "" || p.Constraints != "" {
			out = append(out, p)
		}
	}
	return out
}

// paramRows shows a group's rows as typed, blank ones included (an "Add
// parameter" press posts one more), and offers a blank row when none is.
func paramRows(values map[string]string, group string) []seller.ParamRow {
	form := url.Values{}
	for k, v := range values {
		form.Set(k, v)
	}
	n := rowCount(form, group)
	rows := make([]seller.ParamRow, 0, n+1)
	hasBlank := false
	for i := range n {
		key := group + "." + strconv.Itoa(i) + "."
		row := seller.ParamRow{Index: i, Name: values[key+"name"], Description: values[key+"description"],
			Constraints: values[key+"constraints"], Required: values[key+"required"] == "on"}
		hasBlank = hasBlank || row.Name == "" && row.Description == "" && row.Constraints == ""
		rows = append(rows, row)
	}
	if !hasBlank {
		rows = append(rows, seller.ParamRow{Index: n})
	}
	return rows
}

// usageView builds the buyer's view of a version: the seller's texts, and
// for algorithms the channels, hyperparameters and metrics of the resource.
func usageView(v domain.Version, r *domain.SageMakerResource, kind domain.ResourceKind) buyer.UsageView {
	u := buyer.UsageView{
		Algorithm: kind == domain.KindAlgorithm, TrainingDataDescription: v.TrainingDataDescription,
		TrainingDataSampleURL: safeURL(v.TrainingDataSampleURL), AlgorithmOverview: v.AlgorithmOverview,
		InputDescription: v.Input.Description, InputLimitations: v.Input.Limitations,
		SampleRealtimeURL: safeURL(v.Input.SampleRealtimeURL), SampleBatchURL: safeURL(v.Input.SampleBatchURL),
		OutputDescription: v.Output.Description, SampleOutputText: v.Output.SampleText, SampleOutputURL: safeURL(v.Output.SampleURL),
	}
	u.CustomAttributes = parameterViews(asParams(v.CustomAttributes))
	u.InputParameters = parameterViews(v.Input.Parameters)
	u.OutputParameters = parameterViews(v.Output.Parameters)
	if r == nil {
		return u
	}
	for _, ch := range r.TrainingChannels {
		u.Channels = append(u.Channels, buyer.ChannelView{Name: ch.Name, Description: ch.Description, Required: ch.Required,
			ContentTypes: joinList(ch.ContentTypes), InputModes: ch.InputModes})
	}
	for _, hp := range r.HyperParameters {
		rng := joinList(hp.Values)
		if rng == "" && (hp.MinValue != "" || hp.MaxValue != "") {
			rng = hp.MinValue + " – " + hp.MaxValue
		}
		u.HyperParameters = append(u.HyperParameters, buyer.HyperParameterView{Name: hp.Name, Description: hp.Description,
			Type: string(hp.Type), Range: rng, Default: hp.DefaultValue, Tunable: hp.Tunable, Required: hp.Required})
	}
	for _, m := range r.MetricDefinitions {
		u.Metrics = append(u.Metrics, buyer.MetricView{Name: m.Name, Regex: m.Regex})
	}
	return u
}

// safeURL drops a link that is not a valid https URL, so the preview of
// unsaved input never links anywhere else.
func safeURL(s string) string {
	if domain.ValidateHTTPSURL(s, true) != "" {
		return ""
	}
	return s
}

func parameterViews(params []domain.Parameter) []buyer.ParameterView {
	out := make([]buyer.ParameterView, len(params))
	for i, p := range params {
		out[i] = buyer.ParameterView{Name: p.Name, Description: p.Description, Constraints: p.Constraints, Required: p.Required}
	}
	return out
}
