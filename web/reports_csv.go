package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/seller"
)

// utf8BOM starts the CSV so that spreadsheets read its translated headings
// (accented in French and Spanish) as UTF-8.
const utf8BOM = "\ufeff"

// downloadWeeklyCSV exports the report's weeks as CSV: every weekly count,
// or only the columns of the table in ?table=. The headings are in the
// reader's language; weeks are ISO weeks ("2026-W48") with their Monday.
func (s *Server) downloadWeeklyCSV(c echo.Context) error {
	table := seller.ReportTable(c.QueryParam("table"))
	cols := seller.ReportColumns(table)
	if cols == nil {
		return domain.Errorf(domain.ENOTFOUND, domain.MsgNotFound)
	}
	r, err := s.sellerReport(c)
	if err != nil {
		return err
	}
	t := s.translator(c)
	product := t.Translate("reports.all_products", nil)
	if r.ProductID != "" {
		titles, err := s.app.ProductTitles(c.Request().Context(), s.who(c), []string{r.ProductID})
		if err != nil {
			return err
		}
		if title, ok := titles[r.ProductID]; ok {
			product = title
		}
	}
	var buf bytes.Buffer
	buf.WriteString(utf8BOM)
	w := csv.NewWriter(&buf)
	header := []string{t.Translate("reports.col_product", nil), t.Translate("reports.col_week", nil), t.Translate("reports.col_week_start", nil)}
	for _, col := range cols {
		header = append(header, t.Translate(col.Key, nil))
	}
	rows := [][]string{textCells(header...)}
	for _, week := range reportWeekRows(r) {
		row := textCells(product, fmt.Sprintf("%d-W%02d", week.Year, week.Week), week.Start)
		for _, col := range cols {
			row = append(row, strconv.Itoa(col.Value(week)))
		}
		rows = append(rows, row)
	}
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	name := "report-weekly"
	if r.ProductID != "" {
		name += "-" + r.ProductID
	}
	if table != "" {
		name += "-" + string(table)
	}
	name += "-" + formatDate(r.Now) + ".csv"
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	h.Set(echo.HeaderCacheControl, "private, no-store")
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// textCells makes text safe in a spreadsheet: a cell that starts with a
// character a spreadsheet reads as the start of a formula (= + - @, or a
// tab or carriage return before one) is prefixed with an apostrophe, so a
// product title such as "=HYPERLINK(…)" is shown, never run.
func textCells(cells ...string) []string {
	out := make([]string, len(cells))
	for i, s := range cells {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			s = "'" + s
		}
		out[i] = s
	}
	return out
}
