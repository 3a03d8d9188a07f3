package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mlportal/portal/domain"
)

// TestBrowserEnumsInFrenchAndSpanish opens the marketplace filter bar and the
// tax interview in French and Spanish in real Chromium and screenshots them
// (under $PORTAL_SCREENSHOT_DIR when set): the country list must be named and
// sorted in the page's language.
func TestBrowserEnumsInFrenchAndSpanish(t *testing.T) {
	env := newEnv(t)
	env.signedIn("Acme", "root@acme.example")
	seedPublic(t, env, "prod-enumsaaaaaaa1", "Shelf Classifier", []string{"Computer Vision", "Retail"}, domain.PricingFree)
	b := newBrowser(t, env)
	b.signIn("root@acme.example")
	first := map[string]string{"fr": "Afrique du Sud", "es": "Alemania"}
	for _, lang := range []string{"fr", "es"} {
		b.open("/marketplace")
		b.runAndWait(`(() => { const s = document.querySelector('#lang-select'); s.value = '` + lang +
			`'; s.dispatchEvent(new Event('change')); })()`)
		if got := b.attr("html", "lang"); got != lang {
			t.Fatalf("html lang %q after switching to %s", got, lang)
		}
		// An open list is drawn outside the page: show the options as a list box.
		showOptions(t, b, "category")
		b.screenshot("marketplace-filters-" + lang)
		b.open("/settings/tax")
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](
			`document.querySelector('select[name=country] option[value]:not([value=""])').textContent.trim()`))
		if err != nil {
			t.Fatal(err)
		}
		if got != first[lang] {
			t.Errorf("%s: first country %q, want %q", lang, got, first[lang])
		}
		showOptions(t, b, "country")
		b.screenshot("tax-interview-" + lang)
	}
}

// showOptions turns the select named name into a list box of twelve rows, so
// that a screenshot shows its options.
func showOptions(t *testing.T, b *browser, name string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[any](`document.querySelector('select[name=`+name+`]').size = 12`)); err != nil {
		t.Fatal(err)
	}
}
