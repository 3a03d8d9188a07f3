package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/seller"
	"github.com/mlportal/portal/views/tr"
)

// resourceKind describes one SageMaker resource page family: where it
// lives, its nav entry and the IAM actions it requires.
type resourceKind struct {
	kind                           domain.ResourceKind
	base, nav, titleKey            string
	list, describe, create, delete string
}

func modelPackages() resourceKind {
	return resourceKind{domain.KindModelPackage, "/sagemaker/model-packages", "sagemaker-model-packages", "nav.model_packages",
		domain.ActionListModelPackages, domain.ActionDescribeModelPackage, domain.ActionCreateModelPackage, domain.ActionDeleteModelPackage}
}

func algorithms() resourceKind {
	return resourceKind{domain.KindAlgorithm, "/sagemaker/algorithms", "sagemaker-algorithms", "nav.algorithms",
		domain.ActionListAlgorithms, domain.ActionDescribeAlgorithm, domain.ActionCreateAlgorithm, domain.ActionDeleteAlgorithm}
}

func (k resourceKind) algorithms() bool { return k.kind == domain.KindAlgorithm }

// sagemakerRoutes registers the pages of one resource kind.
func (s *Server) sagemakerRoutes(g *echo.Group, k resourceKind) {
	all := func(c echo.Context) string {
		return "arn:aws:sagemaker:*:" + accountID(c) + ":" + string(k.kind) + "/*"
	}
	g.GET(k.base, s.listResources(k), s.allow(k.list, all))
	g.GET(k.base+"/new", s.showResourceForm(k), s.allow(k.create, all))
	g.POST(k.base+"/new", s.createResource(k), s.allow(k.create, all))
	g.GET(k.base+"/import", s.showImport(k), s.allow(k.create, all))
	g.POST(k.base+"/import", s.importResource(k), s.allow(k.create, all))
	// The resource's own ARN, with its Region, is what its use cases
	// authorize: they check describe and delete themselves.
	g.GET(k.base+"/:name", s.showResource(k))
	g.GET(k.base+"/:name/delete", s.showConfirmation(s.deleteResourceConfirmationFor(k)))
	g.POST(k.base+"/:name/delete", s.deleteResource(k))
}

func (k resourceKind) crumbs(extra ...layout.Crumb) []layout.Crumb {
	return append([]layout.Crumb{{LabelKey: "nav.sagemaker"}, {LabelKey: k.titleKey, Href: k.base}}, extra...)
}

func (s *Server) listResources(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		list, err := s.app.SageMakerResources(c.Request().Context(), s.who(c), k.kind)
		if err != nil {
			return err
		}
		v := seller.ResourcesView{Page: s.page(c, k.titleKey, k.nav, k.crumbs()...), Algorithms: k.algorithms(), Base: k.base,
			CanCreate: s.can(c, k.create, "arn:aws:sagemaker:*:"+accountID(c)+":"+string(k.kind)+"/*")}
		v.Page.Breadcrumbs[1].Href = ""
		for _, r := range list {
			v.Rows = append(v.Rows, seller.ResourceRow{Name: r.Name, ARN: r.ARN(), Region: r.Region, Status: string(r.ValidationStatus), Created: formatTime(r.CreatedAt), Certified: r.CertifiedForMarketplace})
		}
		return s.render(c, http.StatusOK, seller.Resources(v))
	}
}

func (s *Server) showResourceForm(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		f := resourceForm{values: map[string]string{"validation_status": string(domain.ValidationCompleted), "certified": "on"}, checked: map[string]map[string]bool{}}
		return s.renderResourceForm(c, k, http.StatusOK, f, components.Form{})
	}
}

func (s *Server) renderResourceForm(c echo.Context, k resourceKind, status int, f resourceForm, form components.Form) error {
	if k.algorithms() {
		f.ensureRows()
	}
	form.Values = f.values
	v := seller.ResourceFormView{
		Page:       s.page(c, "sagemaker.create_title", k.nav, k.crumbs(layout.Crumb{LabelKey: "sagemaker.create_title"})...),
		Algorithms: k.algorithms(), Base: k.base, Form: form, Checked: f.checked,
		Channels: f.channels, HyperParameters: f.hps, Metrics: f.metrics,
		InputModes: domain.InputModes(), Compression: domain.CompressionTypes(),
	}
	v.Regions = regionOptions(s.labels(c), allRegionCodes())
	for _, t := range domain.InferenceInstanceTypes() {
		v.Inference = append(v.Inference, components.Option{Value: t, Label: t})
	}
	for _, t := range domain.TrainingInstanceTypes() {
		v.Training = append(v.Training, components.Option{Value: t, Label: t})
	}
	for _, st := range domain.ValidationStatuses() {
		v.Statuses = append(v.Statuses, components.Option{Value: string(st), LabelKey: "sagemaker.status_" + lower(string(st))})
	}
	v.HPTypes = hyperParameterTypeOptions()
	return s.render(c, status, seller.ResourceForm(v))
}

func (s *Server) createResource(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := parseForm(c)
		if err != nil && !isRefusedFields(err) {
			return err
		}
		f := readResourceForm(c.Request().PostForm, k.kind)
		if add := postValue(c, "add"); add != "" && err == nil {
			f.addRow(add)
			return s.renderResourceForm(c, k, http.StatusOK, f, components.Form{})
		}
		if remove := postValue(c, "remove"); remove != "" && err == nil {
			// Without script a row is removed by posting the form back.
			f = readResourceForm(withoutRow(c.Request().PostForm, remove), k.kind)
			f.ensureRows()
			return s.renderResourceForm(c, k, http.StatusOK, f, components.Form{})
		}
		var r *domain.SageMakerResource
		if err == nil {
			r, err = s.app.CreateSageMakerResource(c.Request().Context(), s.who(c), f.resource)
		}
		if isRefusedFields(err) {
			err = refusedShownAt(err, f.shownAt)
		}
		if domain.ErrorCode(err) == domain.EINVALID {
			return s.renderResourceForm(c, k, statusOf(domain.EINVALID), f, formFromError(nil, err, resourceInputs()))
		} else if err != nil {
			return err
		}
		return s.flashAndRedirect(c, msgResourceCreated, map[string]string{"Name": r.Name}, k.base+"/"+r.Name)
	}
}

func (s *Server) showImport(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		return s.renderImport(c, k, http.StatusOK, components.Form{}, nil)
	}
}

func (s *Server) renderImport(c echo.Context, k resourceKind, status int, form components.Form, data map[string]any) error {
	v := seller.ImportView{Page: s.page(c, "sagemaker.import", k.nav, k.crumbs(layout.Crumb{LabelKey: "sagemaker.import"})...),
		Algorithms: k.algorithms(), Base: k.base, Form: form, ErrorData: data}
	return s.render(c, status, seller.Import(v))
}

func (s *Server) importResource(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := parseForm(c)
		if err != nil && !isRefusedFields(err) {
			return err
		}
		raw := postValue(c, "json")
		var r *domain.SageMakerResource
		if err == nil {
			r, err = s.app.ImportSageMakerResource(c.Request().Context(), s.who(c), k.kind, raw)
		}
		if domain.ErrorCode(err) == domain.EINVALID {
			form := formFromError(map[string]string{"json": raw}, err, importInputs())
			data := domain.AsError(err).Data
			if rule, ok := data["Rule"].(string); ok {
				// The rule is itself a message: show it in the reader's language.
				data["Detail"] = s.translator(c).Translate(rule, nil)
			}
			return s.renderImport(c, k, statusOf(domain.EINVALID), form, data)
		} else if err != nil {
			return err
		}
		return s.flashAndRedirect(c, msgResourceCreated, map[string]string{"Name": r.Name}, k.base+"/"+r.Name)
	}
}

func (s *Server) showResource(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		r, err := s.app.SageMakerResource(c.Request().Context(), s.who(c), k.kind, c.Param("name"))
		if err != nil {
			return err
		}
		v := seller.ResourceView{
			Page: s.page(c, k.titleKey, k.nav, k.crumbs(layout.Crumb{Label: r.Name})...), Algorithms: k.algorithms(), Base: k.base,
			Name: r.Name, ARN: r.ARN(), Description: r.Description, Region: r.Region, RegionName: tr.RegionName(s.labels(c), r.Region),
			Status: string(r.ValidationStatus), Created: formatTime(r.CreatedAt), Certified: r.CertifiedForMarketplace,
			Listable: r.Listable(), Distributed: r.SupportsDistributedTraining,
			Realtime: r.RealtimeInstanceTypes, Batch: r.BatchInstanceTypes, Training: r.TrainingInstanceTypes,
			ContentTypes: r.ContentTypes, ResponseTypes: r.ResponseMIMETypes,
			CanDelete: s.can(c, k.delete, r.ARN()),
		}
		if v.CanDelete {
			v.Delete = s.confirmView(c, deleteResourceConfirmation(k, r.Name))
		}
		for i, ch := range r.TrainingChannels {
			v.Channels = append(v.Channels, seller.ChannelRow{Index: i, Name: ch.Name, Description: ch.Description, Required: ch.Required,
				ContentTypes: joinList(ch.ContentTypes), InputModes: set(ch.InputModes), Compression: set(ch.CompressionTypes)})
		}
		for i, hp := range r.HyperParameters {
			v.HyperParameters = append(v.HyperParameters, seller.HyperParameterRow{Index: i, Name: hp.Name, Description: hp.Description,
				Type: string(hp.Type), Min: hp.MinValue, Max: hp.MaxValue, Values: joinList(hp.Values), Default: hp.DefaultValue,
				Tunable: hp.Tunable, Required: hp.Required})
		}
		for i, m := range r.MetricDefinitions {
			v.Metrics = append(v.Metrics, seller.MetricRow{Index: i, Name: m.Name, Regex: m.Regex})
		}
		return s.render(c, http.StatusOK, seller.Resource(v))
	}
}

func (s *Server) deleteResource(k resourceKind) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := parseForm(c); err != nil {
			return err
		}
		name := c.Param("name")
		cf, err := s.deleteResourceConfirmationFor(k)(c)
		if err != nil {
			return err
		}
		if ok, err := s.confirmed(c, cf); !ok {
			return err
		}
		err = s.app.DeleteSageMakerResource(c.Request().Context(), s.who(c), k.kind, name)
		if domain.ErrorCode(err) == domain.ECONFLICT {
			return s.flashRefusal(c, err, k.base+"/"+name)
		} else if err != nil {
			return err
		}
		return s.flashAndRedirect(c, msgResourceDeleted, map[string]string{"Name": name}, k.base)
	}
}
