package web

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/tr"
)

// labels is the request's context carrying the reader's translator, for
// labels a handler composes before rendering (a Region's name with its code,
// countries sorted by their translated names).
func (s *Server) labels(c echo.Context) context.Context {
	return tr.With(c.Request().Context(), s.translator(c))
}

// categoryOptions offers every product category; the value stays the
// English ID the Catalog API and the search know, the label is translated.
func categoryOptions() []components.Option {
	cats := domain.Categories()
	opts := make([]components.Option, 0, len(cats))
	for _, cat := range cats {
		opts = append(opts, components.Option{Value: cat, LabelKey: tr.CategoryKey(cat)})
	}
	return opts
}

// regionOptions offers the given Region codes labelled with their
// translated names, the code staying visible.
func regionOptions(ctx context.Context, codes []string) []components.Option {
	opts := make([]components.Option, 0, len(codes))
	for _, code := range codes {
		opts = append(opts, components.Option{Value: code, Label: tr.RegionLabel(ctx, code)})
	}
	return opts
}

// allRegionCodes lists the codes of domain.Regions, in the console's order.
func allRegionCodes() []string {
	regions := domain.Regions()
	codes := make([]string, len(regions))
	for i, r := range regions {
		codes[i] = r.Code
	}
	return codes
}

// countryOptions offers the tax interview's countries named from CLDR data in
// the reader's language and sorted as that language sorts.
func countryOptions(ctx context.Context) []components.Option {
	list := domain.Countries()
	codes := make([]string, len(list))
	for i, ct := range list {
		codes[i] = ct.Code
	}
	countries := tr.Countries(ctx, codes)
	opts := make([]components.Option, 0, len(countries))
	for _, ct := range countries {
		opts = append(opts, components.Option{Value: ct.Code, Label: ct.Name})
	}
	return opts
}

// hyperParameterTypeOptions offers the hyperparameter types with translated
// labels; the values are SageMaker's.
func hyperParameterTypeOptions() []components.Option {
	types := domain.HyperParameterTypes()
	opts := make([]components.Option, 0, len(types))
	for _, t := range types {
		opts = append(opts, components.Option{Value: string(t), LabelKey: tr.HyperParameterTypeKey(string(t))})
	}
	return opts
}
