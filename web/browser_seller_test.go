package web_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// tinyPNG writes a small real PNG logo and returns its path.
func tinyPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	for x := range 48 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{R: 255, G: uint8(x * 5), B: 0, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// check ticks checkboxes by CSS selector.
func (b *browser) check(sels ...string) {
	b.t.Helper()
	for _, sel := range sels {
		if err := chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			b.t.Fatalf("check %s: %v", sel, err)
		}
	}
}

// choose picks an option of a select.
func (b *browser) choose(sel, value string) {
	b.t.Helper()
	quoted, _ := json.Marshal(sel)
	val, _ := json.Marshal(value)
	set := chromedp.Evaluate[any]("document.querySelector(" + string(quoted) + ").value = " + string(val))
	if err := chromedp.Do(b.ctx, chromedp.WaitReady(chromedp.CSS(sel)), ignoreResult(set)); err != nil {
		b.t.Fatalf("choose %s: %v", sel, err)
	}
}

func (b *browser) upload(sel, path string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path})); err != nil {
		b.t.Fatalf("upload %s: %v", sel, err)
	}
}

// TestBrowserSellerRegistrationAndAlgorithm completes the three seller
// registration steps and creates an algorithm in real Chromium.
func TestBrowserSellerRegistrationAndAlgorithm(t *testing.T) {
	env := newEnv(t)
	b := newBrowser(t, env)
	c := env.client()
	c.signup("Acme ML", "owner@acme.example", goodPassword)

	b.open("/login")
	b.fill(map[string]string{"#f-email": "owner@acme.example", "#f-password": goodPassword})
	b.click("[data-testid=login-submit]")

	b.open("/settings")
	if got := b.attr("[data-testid=readiness-paid] .status", "data-state"); got != "not-ready" {
		t.Fatalf("paid readiness %q", got)
	}
	b.screenshot("settings-new")

	b.click("[data-testid=step-profile-edit]")
	b.fill(map[string]string{"#f-display_name": "Acme ML", "#f-description": "Computer vision models for retail.", "#f-website": "https://acme.example", "#f-support_email": "support@acme.example"})
	b.upload("#f-logo", tinyPNG(t))
	b.click("[data-testid=profile-form-submit]")
	if got := b.attr("[data-testid=readiness-free] .status", "data-state"); got != "ready" {
		t.Fatalf("free readiness after profile %q", got)
	}

	b.click("[data-testid=step-tax-edit]")
	b.choose("#f-entity_type", "individual")
	b.choose("#f-country", "US")
	b.fill(map[string]string{"#f-legal_name": "Jane Q Doe", "#f-address_line1": "410 Terry Ave N", "#f-city": "Seattle", "#f-region": "WA", "#f-postal_code": "98109", "#f-tax_id": "123-45-6789", "#f-signature_name": "Jane Q Doe"})
	b.screenshot("tax-form")
	b.click("[data-testid=tax-form-submit]")
	// The certification box was left empty: the form says so and keeps the rest.
	if got := b.text("[data-testid=error-certified]"); got == "" {
		t.Fatal("missing certification not flagged")
	}
	b.check("#f-certified")
	b.fill(map[string]string{"#f-tax_id": "123-45-6789"})
	b.click("[data-testid=tax-form-submit]")
	if got := b.text("[data-testid=step-tax]"); !strings.Contains(got, "W-9") || strings.Contains(got, "123-45-6789") {
		t.Fatalf("tax step summary %q", got)
	}

	b.click("[data-testid=step-bank-edit]")
	b.choose("#f-account_type", "us_ach")
	b.fill(map[string]string{"#f-holder_name": "Jane Q Doe", "#f-routing_number": "021000021", "#f-account_number": "000123456789"})
	b.click("[data-testid=bank-form-submit]")
	if got := b.attr("[data-testid=readiness-paid] .status", "data-state"); got != "ready" {
		t.Fatalf("paid readiness after bank %q", got)
	}
	if got := b.text("[data-testid=step-bank]"); !strings.Contains(got, "6789") || strings.Contains(got, "000123456789") {
		t.Fatalf("bank summary %q", got)
	}
	b.screenshot("settings-ready")

	// Create an algorithm with two channels, a hyperparameter and a metric.
	b.open("/sagemaker/algorithms/new")
	b.fill(map[string]string{"#f-name": "retail-detector", "#f-description": "Object detection for shelves.", "#f-content_types": "application/x-image, image/jpeg", "#f-response_mime_types": "application/json"})
	b.choose("#f-region", "us-east-1")
	b.check(`input[name=realtime_instance_types][value="ml.m5.large"]`, `input[name=batch_instance_types][value="ml.m5.large"]`, `input[name=training_instance_types][value="ml.p3.2xlarge"]`)
	b.fill(map[string]string{`[name="channels.0.name"]`: "train", `[name="channels.0.content_types"]`: "application/x-image"})
	b.check(`[name="channels.0.required"]`)
	b.check("[data-testid=add-channel]") // the row is added in place, without a reload
	b.fill(map[string]string{`[name="channels.1.name"]`: "validation", `[name="channels.1.content_types"]`: "application/x-image"})
	b.fill(map[string]string{`[name="hyperparameters.0.name"]`: "epochs", `[name="hyperparameters.0.min"]`: "1", `[name="hyperparameters.0.max"]`: "100", `[name="hyperparameters.0.default"]`: "10"})
	b.choose(`[name="hyperparameters.0.type"]`, "Integer")
	b.fill(map[string]string{`[name="metrics.0.name"]`: "validation:mAP", `[name="metrics.0.regex"]`: `mAP=([0-9\.]+)`})
	b.screenshot("algorithm-form")
	b.click("[data-testid=resource-submit]")
	if got := b.text("[data-testid=resource-arn]"); !strings.HasPrefix(got, "arn:aws:sagemaker:us-east-1:") || !strings.HasSuffix(got, ":algorithm/retail-detector") {
		t.Fatalf("algorithm ARN %q", got)
	}
	channels := b.text("[data-testid=channels-table]")
	if !strings.Contains(channels, "train") || !strings.Contains(channels, "validation") {
		t.Fatalf("channels %q", channels)
	}
	if got := b.text("[data-testid=hyperparameters-table]"); !strings.Contains(got, "epochs") || !strings.Contains(got, "1 – 100") {
		t.Fatalf("hyperparameters %q", got)
	}
	b.screenshot("algorithm-detail")
}
