package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/mlportal/portal/domain"
)

// seedReportWeeks adds twelve weeks of business on product A to the
// report world, so that every chart has something to draw: a few new
// agreements each week, some with a trial, some cancelled weeks later,
// every fifth one made from a private offer, and a private offer extended
// every third week.
func seedReportWeeks(t *testing.T, env *testEnv, w *reportWorld) {
	t.Helper()
	ctx := t.Context()
	first := time.Date(2026, time.September, 7, 8, 0, 0, 0, time.UTC) // Monday of W37
	now := env.clock.Now()
	trial := reportPaid
	trial.Pricing, trial.TrialDays = domain.PricingPaidTrial, 14
	n := 0
	for week := range 12 {
		for k := range 1 + (week*7)%4 {
			n++
			buyer := fmt.Sprintf("91%010d", n)
			start := first.AddDate(0, 0, 7*week+k)
			if start.After(now) {
				break
			}
			terms := reportPaid
			if n%3 == 0 {
				terms = trial
			}
			id, err := domain.NewAgreementID()
			if err != nil {
				t.Fatal(err)
			}
			a := &domain.Agreement{ID: id, OfferID: domain.PublicOfferID(w.productA), ProductID: w.productA, SellerAccountID: w.account,
				BuyerAccountID: buyer, Terms: terms, StartAt: start, Status: domain.AgreementActive}
			if terms.TrialDays > 0 {
				a.TrialEndAt = start.AddDate(0, 0, terms.TrialDays)
			}
			if n%5 == 0 { // accepted a private offer
				a.Private, a.OfferID, a.Terms = true, fmt.Sprintf("offer-seeded%07d", n), reportPaid
			}
			if err := env.app.Repos.Agreements.MakeAgreement(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
			if end := start.AddDate(0, 0, 10); n%4 == 0 && end.Before(now) {
				if err := env.app.Repos.Agreements.CancelAgreement(ctx, buyer, w.productA, end); err != nil {
					t.Fatal(err)
				}
			}
		}
		if week%3 == 1 {
			seedPrivateOffer(t, env, w.account, w.productA, first.AddDate(0, 0, 7*week+2))
		}
	}
}

// TestBrowserReportsReadAtEveryWidthAndTheme opens the reports page in
// Chromium at a laptop's and a phone's width, in the light and the dark
// theme: the page does not scroll sideways, the charts fit their column and
// their text is drawn at a readable size. The screenshots go to
// $PORTAL_SCREENSHOT_DIR when set, for people to look at.
func TestBrowserReportsReadAtEveryWidthAndTheme(t *testing.T) {
	env := newEnv(t)
	w := newReportWorld(t, env)
	seedReportWeeks(t, env, w)
	b := newBrowser(t, env)
	u, _ := url.Parse(env.srv.URL)
	for _, vp := range viewports {
		for _, theme := range []string{"light", "dark"} {
			t.Run(vp.name+"-"+theme, func(t *testing.T) {
				setCookies := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
					if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
						Width: vp.width, Height: vp.height, DeviceScaleFactor: 1, Mobile: false,
					}); err != nil {
						return chromedp.Void{}, err
					}
					cookies := append(w.seller.http.Jar.Cookies(u), &http.Cookie{Name: "theme", Value: theme})
					for _, c := range cookies {
						if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{
							Name: c.Name, Value: c.Value, URL: u.String() + "/", Path: "/"}); err != nil {
							return chromedp.Void{}, err
						}
					}
					return chromedp.Void{}, nil
				}
				if err := chromedp.Do(b.ctx, setCookies); err != nil {
					t.Fatal(err)
				}
				b.open("/management/reports?product=" + w.productA)
				if got := b.attr("html", "data-theme"); got != theme {
					t.Fatalf("page drawn in theme %q, want %q", got, theme)
				}
				if now, last := b.text("[data-testid=figure-active]"), b.text("[data-testid=table-active] tr.report-current td"); now != last {
					t.Errorf("%s agreements active now, %s at the end of the current week", now, last)
				}
				m, err := chromedp.Run(b.ctx, chromedp.Evaluate[reportMeasures](reportMeasureScript))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s px %s: page %d/%d px wide, charts %.0f px wide, axis labels %.1f px high, bars %d",
					vp.name, theme, m.ScrollWidth, m.InnerWidth, m.ChartWidth, m.LabelHeight, m.Bars)
				if m.ScrollWidth > m.InnerWidth {
					t.Errorf("the page scrolls sideways: %d px in a window of %d", m.ScrollWidth, m.InnerWidth)
				}
				if m.ChartWidth <= 0 || m.ChartWidth > float64(m.InnerWidth) {
					t.Errorf("a chart is %.0f px wide in a window of %d", m.ChartWidth, m.InnerWidth)
				}
				if m.LabelHeight < 9 {
					t.Errorf("axis labels drawn %.1f px high: too small to read", m.LabelHeight)
				}
				if m.Bars == 0 {
					t.Error("no bars drawn")
				}
				checkWithAxe(t, b)
				b.screenshot("reports-" + vp.name + "-" + theme)
				for _, part := range []string{"report-figures", "report-agreements", "report-active", "report-trials", "report-offers"} {
					elementShot(t, b, "[data-testid="+part+"]", "reports-"+vp.name+"-"+theme+"-"+part)
				}
			})
		}
	}
}

// checkWithAxe runs the page checks of TestBrowserEveryPageAtEveryWidth
// (no sideways scroll, axe-core's serious and critical rules) on the page.
func checkWithAxe(t *testing.T, b *browser) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
		t.Fatalf("inject axe-core: %v", err)
	}
	raw, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]byte](fmt.Sprintf(checkScript, true), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	var rep pageReport
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	for _, v := range rep.Violations {
		t.Errorf("axe %s (%s): %s %v", v.ID, v.Impact, v.Help, v.Nodes)
	}
	if len(rep.Overflowing) > 0 {
		t.Errorf("sticking out of the window: %v", rep.Overflowing)
	}
}

// elementShot saves a screenshot of one element of the page under
// $PORTAL_SCREENSHOT_DIR, when set.
func elementShot(t *testing.T, b *browser, sel, name string) {
	t.Helper()
	dir := os.Getenv(screenshotDirEnv)
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("screenshot of %s: %v", sel, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// reportMeasures is what reportMeasureScript finds in the reports page.
type reportMeasures struct {
	ScrollWidth int64   `json:"scrollWidth"`
	InnerWidth  int64   `json:"innerWidth"`
	ChartWidth  float64 `json:"chartWidth"`
	LabelHeight float64 `json:"labelHeight"`
	Bars        int     `json:"bars"`
}

const reportMeasureScript = `(() => {
  const svg = document.querySelector("svg.chart__svg");
  const label = svg.querySelector(".chart__labels text:last-child");
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    chartWidth: svg.getBoundingClientRect().width,
    labelHeight: label.getBoundingClientRect().height,
    bars: document.querySelectorAll("rect.chart__bar[height]:not([height='0.0'])").length,
  };
})()`
