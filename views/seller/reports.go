package seller

import (
	"context"
	"net/url"
	"strconv"

	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
	"github.com/mlportal/portal/views/tr"
)

// ReportView is the view model of the seller's reports.
type ReportView struct {
	Page layout.Page
	// ProductID is the product reported on; empty for all products.
	ProductID string
	Products  []ReportProduct
	// Finder finds the others when Products lists fewer than match.
	Finder  *components.Finder
	Figures ReportFigures
	// Weeks are the weekly counts, oldest first; the last is the current
	// week.
	Weeks []ReportWeekRow
	// AsOf is when the figures were counted.
	AsOf string
	// CSVPath is the weekly CSV of the report, without its table.
	CSVPath string
}

// ReportProduct is a product the seller can report on.
type ReportProduct struct {
	ID, Title string
}

// ReportFigures are the report's figures as of now, formatted.
type ReportFigures struct {
	Active, InTrial                int
	MonthlyEstimate                string
	OffersExtended, OffersAccepted int
	TestAgreements                 int
}

// ReportWeekRow is one week of the report.
type ReportWeekRow struct {
	// Week is the ISO week number, Year its ISO year; Start the date of
	// its Monday.
	Week, Year                     int
	Start                          string
	Current                        bool
	New, Cancelled, ActiveAtEnd    int
	TrialsStarted, TrialsConverted int
	OffersExtended, OffersAccepted int
}

// ReportTable names one of the report's weekly tables, and the CSV export
// of its columns.
type ReportTable string

// The report's tables, each beside its chart.
const (
	ReportAgreements ReportTable = "agreements"
	ReportActive     ReportTable = "active"
	ReportTrials     ReportTable = "trials"
	ReportOffers     ReportTable = "offers"
)

// ReportColumn is a column of a weekly table: its heading and its value.
type ReportColumn struct {
	Key   string
	Value func(ReportWeekRow) int
	Tone  string
}

// ReportColumns are a table's columns after the week; nil for an unknown
// table, and every column for the empty one (the whole weekly CSV).
func ReportColumns(t ReportTable) []ReportColumn {
	switch t {
	case ReportAgreements:
		return []ReportColumn{
			{Key: "reports.col_new", Value: func(w ReportWeekRow) int { return w.New }},
			{Key: "reports.col_cancelled", Value: func(w ReportWeekRow) int { return w.Cancelled }, Tone: "negative"},
		}
	case ReportActive:
		return []ReportColumn{{Key: "reports.col_active", Value: func(w ReportWeekRow) int { return w.ActiveAtEnd }}}
	case ReportTrials:
		return []ReportColumn{
			{Key: "reports.col_trials_started", Value: func(w ReportWeekRow) int { return w.TrialsStarted }},
			{Key: "reports.col_trials_converted", Value: func(w ReportWeekRow) int { return w.TrialsConverted }, Tone: "positive"},
		}
	case ReportOffers:
		return []ReportColumn{
			{Key: "reports.col_offers_extended", Value: func(w ReportWeekRow) int { return w.OffersExtended }},
			{Key: "reports.col_offers_accepted", Value: func(w ReportWeekRow) int { return w.OffersAccepted }, Tone: "positive"},
		}
	case "":
		var all []ReportColumn
		for _, t := range ReportTables() {
			all = append(all, ReportColumns(t)...)
		}
		return all
	}
	return nil
}

// ReportTables lists the tables in the page's order.
func ReportTables() []ReportTable {
	return []ReportTable{ReportAgreements, ReportActive, ReportTrials, ReportOffers}
}

// reportPanel is a chart and its table.
type reportPanel struct {
	Table   ReportTable
	Heading string
	Chart   components.Chart
	Columns []ReportColumn
}

// panels are the report's charts, each with its table, translated.
func (v ReportView) panels(ctx context.Context) []reportPanel {
	out := make([]reportPanel, 0, len(ReportTables()))
	labels := make([]string, len(v.Weeks))
	for i, w := range v.Weeks {
		labels[i] = weekShort(ctx, w)
	}
	for _, t := range ReportTables() {
		cols := ReportColumns(t)
		p := reportPanel{Table: t, Heading: tr.T(ctx, "reports.chart_"+string(t)), Columns: cols}
		p.Chart = components.Chart{ID: "chart-" + string(t), Title: p.Heading, Line: t == ReportActive, Labels: labels,
			Desc: v.chartDesc(ctx, cols)}
		for _, c := range cols {
			s := components.ChartSeries{Name: tr.T(ctx, c.Key), Tone: c.Tone}
			for _, w := range v.Weeks {
				s.Values = append(s.Values, c.Value(w))
			}
			p.Chart.Series = append(p.Chart.Series, s)
		}
		out = append(out, p)
	}
	return out
}

// chartDesc sums up a chart in words: the span of weeks and each series'
// total and this week's value (or, for the active agreements, the first and
// last values).
func (v ReportView) chartDesc(ctx context.Context, cols []ReportColumn) string {
	if len(v.Weeks) == 0 {
		return ""
	}
	first, last := v.Weeks[0], v.Weeks[len(v.Weeks)-1]
	desc := tr.T(ctx, "reports.desc_span", "Count", len(v.Weeks), "From", weekLong(ctx, first), "To", weekLong(ctx, last))
	for _, c := range cols {
		total := 0
		for _, w := range v.Weeks {
			total += c.Value(w)
		}
		if c.Key == "reports.col_active" {
			desc += " " + tr.T(ctx, "reports.desc_active", "First", c.Value(first), "Last", c.Value(last))
			continue
		}
		desc += " " + tr.T(ctx, "reports.desc_series", "Name", tr.T(ctx, c.Key), "Total", total, "Current", c.Value(last))
	}
	return desc
}

// weekShort is a week's label under a chart: "W48".
func weekShort(ctx context.Context, w ReportWeekRow) string {
	return tr.T(ctx, "reports.week_short", "Week", strconv.Itoa(w.Week))
}

// weekLong names a week in full: "2026-W48".
func weekLong(ctx context.Context, w ReportWeekRow) string {
	return tr.T(ctx, "reports.week_long", "Year", strconv.Itoa(w.Year), "Week", strconv.Itoa(w.Week))
}

// ReportQuery is the query string of a report's links: "?product=…" or
// nothing for all products, with the table when one is named.
func ReportQuery(productID string, table ReportTable) string {
	q := url.Values{}
	if productID != "" {
		q.Set("product", productID)
	}
	if table != "" {
		q.Set("table", string(table))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}
