package web_test

import (
	"strings"
	"testing"
)

// TestBrowserSearchSubscribeConfigure is the buyer's journey: search, read
// the product page, subscribe, configure a launch, and find the product in
// the SageMaker console's subscriptions.
func TestBrowserSearchSubscribeConfigure(t *testing.T) {
	env := newEnv(t)
	env.signedIn("Buyer", "buyer@example.com")
	_, sellerID, id := publicListing(t, env)

	b := newBrowser(t, env)
	b.signIn("buyer@example.com")
	b.open("/marketplace")
	b.fill(map[string]string{"#f-q": "sentiment review"})
	b.click("[data-testid=search-submit]")
	if got := b.text("[data-testid=result-count]"); got != "Results: 1" {
		t.Fatalf("search results %q", got)
	}
	b.screenshot("catalog-search")
	b.click("[data-testid=catalog-" + id + "] a")
	b.check("#f-accept_eula")
	b.click("[data-testid=subscribe]")
	b.click("[data-testid=continue-to-configuration]")
	b.choose("#f-region", "eu-west-1")
	b.choose("#f-method", "batch")
	b.choose("#f-instance_type", "")
	b.click("[data-testid=configure-submit]")
	if got := b.text("[data-testid=launch-arn]"); got != "arn:aws:sagemaker:eu-west-1:"+sellerID+":model-package/sentiment" {
		t.Fatalf("launch ARN %q", got)
	}
	if cli := b.text("[data-testid=launch-cli]"); !strings.Contains(cli, "create-transform-job") {
		t.Fatalf("command %q", cli)
	}
	b.screenshot("configure")
	b.open("/sagemaker/subscriptions")
	if got := b.text("[data-testid=subscription-" + id + "] [data-testid=subscription-version]"); got != "1.0" {
		t.Fatalf("SageMaker subscriptions show %q", got)
	}
	b.screenshot("sagemaker-subscriptions")
}
