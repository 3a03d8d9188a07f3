package components

import (
	"strconv"
	"strings"
)

// Chart is the view model of a chart drawn as SVG on the server: no script,
// scaled to its container's width by its viewBox, coloured by the theme's
// CSS variables so that it reads in light and dark (css/reports.css, linked
// by ChartAssets). Its texts are translated already. A chart is an image
// to assistive technology, named by Title and described by Desc; the page
// shows the same numbers in a table beside it.
type Chart struct {
	// ID is unique in the page; the title's and description's IDs are
	// made from it.
	ID    string
	Title string
	Desc  string
	// Line draws each series as a line through its points; otherwise the
	// series are bars side by side at each label.
	Line bool
	// Labels name the positions along the horizontal axis.
	Labels []string
	Series []ChartSeries
}

// ChartSeries is one series of values, one per label.
type ChartSeries struct {
	Name   string
	Values []int
	// Tone picks the series' colour: "primary" (the default), "negative"
	// or "positive".
	Tone string
}

// The chart's drawing area, in viewBox units. The width is that of a
// phone's column, so that at 390 px the text is drawn near its own size.
const (
	chartWidth  = 480
	chartHeight = 240
	chartLeft   = 40
	chartRight  = 10
	chartTop    = 12
	chartBottom = 28
	// chartMaxTicks bounds the number of horizontal grid lines above 0.
	chartMaxTicks = 4
)

// chartBar is a bar in viewBox units, with its tooltip.
type chartBar struct {
	X, Y, W, H float64
	Tone, Tip  string
}

// chartTick is a value on the vertical axis and its height.
type chartTick struct {
	Y     float64
	Label string
}

// chartLabel is a label under the horizontal axis, centred at X.
type chartLabel struct {
	X    float64
	Text string
}

// chartLine is a series drawn as a line: its points, and each point's
// dot and tooltip.
type chartLine struct {
	Points string
	Tone   string
	Dots   []chartBar // X and Y are the centre; W and H are unused
}

// chartLayout is a chart's geometry, computed once for its template.
type chartLayout struct {
	ViewBox        string
	Left, Right    float64
	Bottom, LabelY float64
	Ticks          []chartTick
	Labels         []chartLabel
	Bars           []chartBar
	Lines          []chartLine
}

func (c Chart) titleID() string { return c.ID + "-title" }
func (c Chart) descID() string  { return c.ID + "-desc" }

// tone is a series' tone, primary unless told.
func (s ChartSeries) tone() string {
	if s.Tone == "" {
		return "primary"
	}
	return s.Tone
}

// chartScale is the top of the vertical axis and the step between ticks:
// 1, 2 or 5 times a power of ten, with at most chartMaxTicks steps.
func chartScale(most int) (top, step int) {
	for base := 1; ; base *= 10 {
		for _, m := range []int{1, 2, 5} {
			if step = m * base; most <= step*chartMaxTicks {
				top = (most + step - 1) / step * step
				return max(top, step), step
			}
		}
	}
}

// layout computes where everything of the chart is drawn.
func (c Chart) layout() chartLayout {
	most := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			most = max(most, v)
		}
	}
	top, step := chartScale(most)
	l := chartLayout{ViewBox: "0 0 " + strconv.Itoa(chartWidth) + " " + strconv.Itoa(chartHeight),
		Left: chartLeft, Right: chartWidth - chartRight, Bottom: chartHeight - chartBottom, LabelY: chartHeight - 8}
	plotH := l.Bottom - chartTop
	y := func(v int) float64 { return l.Bottom - plotH*float64(v)/float64(top) }
	for v := 0; v <= top; v += step {
		l.Ticks = append(l.Ticks, chartTick{Y: y(v), Label: strconv.Itoa(v)})
	}
	n := len(c.Labels)
	if n == 0 {
		return l
	}
	slot := (l.Right - l.Left) / float64(n)
	for i, text := range c.Labels {
		l.Labels = append(l.Labels, chartLabel{X: l.Left + slot*(float64(i)+0.5), Text: text})
	}
	if c.Line {
		for _, s := range c.Series {
			line := chartLine{Tone: s.tone()}
			var pts []string
			for i, v := range s.Values[:min(len(s.Values), n)] {
				x := l.Left + slot*(float64(i)+0.5)
				pts = append(pts, num(x)+","+num(y(v)))
				line.Dots = append(line.Dots, chartBar{X: x, Y: y(v), Tone: s.tone(), Tip: tip(c.Labels[i], s.Name, v)})
			}
			line.Points = strings.Join(pts, " ")
			l.Lines = append(l.Lines, line)
		}
		return l
	}
	if len(c.Series) == 0 {
		return l
	}
	group := slot * 0.72
	w := group / float64(len(c.Series))
	for k, s := range c.Series {
		for i, v := range s.Values[:min(len(s.Values), n)] {
			x := l.Left + slot*float64(i) + (slot-group)/2 + w*float64(k)
			l.Bars = append(l.Bars, chartBar{X: x + 0.5, Y: y(v), W: w - 1, H: l.Bottom - y(v), Tone: s.tone(),
				Tip: tip(c.Labels[i], s.Name, v)})
		}
	}
	return l
}

func tip(label, name string, v int) string { return label + " · " + name + ": " + strconv.Itoa(v) }

// num writes a coordinate with at most one decimal.
func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
