package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitText waits until the element's text contains want: the live buyer
// view updates a moment after typing.
func (b *browser) waitText(sel, want string) string {
	b.t.Helper()
	deadline := time.Now().Add(waitLimit)
	var got string
	for time.Now().Before(deadline) {
		got = b.text(sel)
		if strings.Contains(got, want) {
			return got
		}
		if err := chromedp.Do(b.ctx, chromedp.Sleep(100*time.Millisecond)); err != nil {
			b.t.Fatal(err)
		}
	}
	b.t.Fatalf("%s never showed %q; last: %q", sel, want, got)
	return ""
}

// TestBrowserAlgorithmListingThroughTheStepper builds a complete algorithm
// listing in real Chromium, section by section with Continue, and checks
// the live buyer view beside the usage steps.
func TestBrowserAlgorithmListingThroughTheStepper(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	accountID := c.signup("Acme ML", "owner@acme.example", goodPassword)
	expectRedirect(t, c.login("owner@acme.example", goodPassword), "/")
	expectRedirect(t, c.postMultipartParts("/settings/profile", "/settings/profile", validProfile()), "/settings")
	expectRedirect(t, c.post("/sagemaker/algorithms/new", "/sagemaker/algorithms/new", validAlgorithm("gbt")), "/sagemaker/algorithms/gbt")

	b := newBrowser(t, env)
	b.open("/login")
	b.fill(map[string]string{"#f-email": "owner@acme.example", "#f-password": goodPassword})
	b.click("[data-testid=login-submit]")

	b.open("/management/products/ml")
	b.click("[data-testid=create-listing]")
	b.click("[data-testid=create-listing-submit]")
	b.fill(map[string]string{"#f-title": "Tabular Gradient Boosting", "#f-short_description": "Train boosted trees on your own tables.",
		"#f-overview": "Bring CSV data.\nGet a model you can deploy.", "#f-highlight_1": "Distributed training"})
	b.check(`input[name=categories][value="Structured"]`, `input[name=categories][value="Regression"]`)
	b.screenshot("listing-general")
	b.click("[data-testid=continue]")

	logo := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(logo, logoPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b.upload("#f-logo", logo)
	b.fill(map[string]string{"#f-keywords": "xgboost, tabular, regression"})
	b.click("[data-testid=continue]")
	b.check(`input[name=offered][value=no]`)
	b.click("[data-testid=continue]")
	b.click("[data-testid=continue]") // regions: all current and future

	b.fill(map[string]string{"#f-arn": "arn:aws:sagemaker:us-east-1:" + accountID + ":algorithm/gbt"})
	b.click("[data-testid=add-arn]")
	if got := b.text("[data-testid=versions-table]"); !strings.Contains(got, ":algorithm/gbt") {
		t.Fatalf("version not added: %q", got)
	}
	b.click("[data-testid=continue]")

	// Step 1: version details.
	b.fill(map[string]string{"#f-number": "1.0", "#f-release_notes": "First release."})
	b.click("[data-testid=continue]")
	// Step 2: training inputs, with the buyer view updating as we type.
	if got := b.text("[data-testid=buyer-view]"); !strings.Contains(got, "max_depth") || !strings.Contains(got, "validation:auc") {
		t.Fatalf("buyer view lacks the algorithm's hyperparameters and metrics: %q", got)
	}
	b.fill(map[string]string{"#f-algorithm_overview": "Gradient-boosted trees.", "#f-training_data_description": "CSV, label in the first column."})
	b.waitText("[data-testid=buyer-view]", "CSV, label in the first column.")
	b.screenshot("listing-step2-buyer-view")
	b.click("[data-testid=continue]")
	b.fill(map[string]string{"#f-input_description": "CSV rows without the label."})
	b.waitText("[data-testid=buyer-view]", "CSV rows without the label.")
	b.click("[data-testid=continue]")
	b.fill(map[string]string{"#f-output_description": "One prediction per row.", "#f-sample_output_text": "0.93\n0.12"})
	b.waitText("[data-testid=buyer-view]", "One prediction per row.")
	b.click("[data-testid=continue]")
	b.screenshot("listing-step5")
	// Step 5: the seller picks the recommended instance types; none is
	// chosen for them.
	b.choose("#f-recommended_training", "ml.m5.xlarge")
	b.choose("#f-recommended_realtime", "ml.m5.large")
	b.choose("#f-recommended_batch", "ml.m5.xlarge")
	b.click("[data-testid=continue]")

	// Pricing and terms: free, with a EULA.
	eula := filepath.Join(t.TempDir(), "eula.txt")
	if err := os.WriteFile(eula, []byte("END USER LICENSE AGREEMENT\n\nUse it well.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.check(`input[name=pricing][value=free]`)
	b.upload("#f-eula", eula)
	b.click("[data-testid=save-close]")

	if got := b.text("[data-testid=summary-type]"); got != "Algorithm" {
		t.Fatalf("product type %q", got)
	}
	if got := b.text("[data-testid=checklist]"); !strings.Contains(got, "Everything required is in place") {
		t.Fatalf("checklist: %q", got)
	}
	b.screenshot("listing-overview")
}
