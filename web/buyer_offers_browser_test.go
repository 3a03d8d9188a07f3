package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// buyerPageMeasures is what buyerPageScript finds on a page.
type buyerPageMeasures struct {
	ScrollWidth  int64   `json:"scrollWidth"`
	InnerWidth   int64   `json:"innerWidth"`
	TermsHeight  float64 `json:"termsHeight"`
	TermsScrolls bool    `json:"termsScrolls"`
}

const buyerPageScript = `(() => {
  const terms = document.querySelector("[data-testid=offer-eula]");
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    termsHeight: terms ? terms.getBoundingClientRect().height : 0,
    termsScrolls: terms ? terms.scrollHeight > terms.clientHeight : false,
  };
})()`

// TestBrowserBuyerOfferPagesAtEveryWidth opens the buyer's private offer
// and agreement pages in Chromium at a phone's and a laptop's width, with
// a long offer name and a long license: no page scrolls sideways, and the
// license scrolls inside its box instead of stretching the page.
func TestBrowserBuyerOfferPagesAtEveryWidth(t *testing.T) {
	env := newEnv(t)
	w := newOfferWorld(t, env)
	in := offerInput(t, env, w.productID, "Enterprise agreement for the whole analytics department, renewed yearly", w.buyerAccount)
	in.EULA = strings.Repeat("ACME-PRIVATE-LICENSE-CLAUSE-WITHOUT-ANY-SPACE-", 8) + "\n" +
		strings.Repeat("Section: the licensee may run the model on its own instances.\n", 80)
	o := w.extend(t, env, in)
	review := "/marketplace/private-offers/" + o.ID
	agreement := w.buyer.post(review, review+"/accept", url.Values{"accept_terms": {"on"}}).Header.Get("Location")
	other := w.extend(t, env, offerInput(t, env, w.productID, "Second offer, still open", w.buyerAccount))
	pages := []string{"/marketplace/private-offers", "/marketplace/private-offers/" + other.ID, review, "/agreements", agreement,
		"/marketplace/pp/" + w.productID}

	b := newBrowser(t, env)
	u, _ := url.Parse(env.srv.URL)
	for _, vp := range viewports {
		setup := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: vp.width, Height: vp.height, DeviceScaleFactor: 1}); err != nil {
				return chromedp.Void{}, err
			}
			for _, c := range w.buyer.http.Jar.Cookies(u) {
				if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{
					Name: c.Name, Value: c.Value, URL: u.String() + "/", Path: "/"}); err != nil {
					return chromedp.Void{}, err
				}
			}
			return chromedp.Void{}, nil
		}
		if err := chromedp.Do(b.ctx, setup); err != nil {
			t.Fatal(err)
		}
		for _, path := range pages {
			b.open(path)
			if b.location() != path {
				t.Fatalf("%s px: %s went to %s", vp.name, path, b.location())
			}
			m, err := chromedp.Run(b.ctx, chromedp.Evaluate[buyerPageMeasures](buyerPageScript))
			if err != nil {
				t.Fatal(err)
			}
			if m.ScrollWidth > m.InnerWidth {
				t.Errorf("%s px %s: the page scrolls sideways (%d px in %d)", vp.name, path, m.ScrollWidth, m.InnerWidth)
			}
			long := path == review || path == agreement
			if m.TermsHeight > float64(vp.height)/2 || long && !m.TermsScrolls {
				t.Errorf("%s px %s: the license box is %.0f px high and scrolls: %v", vp.name, path, m.TermsHeight, m.TermsScrolls)
			}
			b.screenshot("buyer-offers-" + vp.name + strings.ReplaceAll(path, "/", "-"))
		}
	}
}
