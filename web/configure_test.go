package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// publicListing builds, stages and signs off a listing, and returns the
// seller client, its account and the product ID.
func publicListing(t *testing.T, env *testEnv) (*client, string, string) {
	t.Helper()
	root, id := stagedListing(t, env)
	base := "/management/products/ml/" + id
	expectRedirect(t, root.confirm(base+"/sign-off", "", nil), base)
	return root, accountIDOf(t, env, "root@acme.example"), id
}

func TestConfigureAndSageMakerSubscriptions(t *testing.T) {
	env := newEnv(t)
	buyer, _ := env.signedIn("Buyer", "buyer@example.com")
	_, sellerID, id := publicListing(t, env)
	page := "/marketplace/pp/" + id
	configure := page + "/configure"

	// Not subscribed yet: sent back to the product page with a message.
	expectRedirect(t, buyer.get(configure), page)
	if got := buyer.get(page).text("[data-testid=flash]"); !strings.Contains(got, "no active subscription") {
		t.Errorf("configure without subscription: %q", got)
	}
	expectStatus(t, buyer.get("/sagemaker/subscriptions"), http.StatusOK)
	if buyer.get("/sagemaker/subscriptions").text("[data-testid=no-subscriptions]") == "" {
		t.Error("empty subscriptions not explained")
	}

	expectRedirect(t, buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	r := buyer.get(configure)
	expectStatus(t, r, http.StatusOK)
	want := "arn:aws:sagemaker:us-east-1:" + sellerID + ":model-package/sentiment"
	if got := r.text("[data-testid=launch-arn]"); got != want {
		t.Fatalf("default launch ARN %q, want %q", got, want)
	}
	if got := r.attr(`#f-instance_type option[selected]`, "value"); got != "ml.m5.large" {
		t.Errorf("recommended instance not preselected: %q", got)
	}
	if !strings.Contains(r.text("[data-testid=launch-cli]"), "create-endpoint") {
		t.Errorf("real-time command: %q", r.text("[data-testid=launch-cli]"))
	}

	r = buyer.get(configure + "?region=eu-west-1&method=batch")
	if got := r.text("[data-testid=launch-arn]"); got != "arn:aws:sagemaker:eu-west-1:"+sellerID+":model-package/sentiment" {
		t.Errorf("ARN in eu-west-1: %q", got)
	}
	if cli := r.text("[data-testid=launch-cli]"); !strings.Contains(cli, "create-transform-job") || !strings.Contains(cli, "InstanceType=ml.m5.xlarge") {
		t.Errorf("batch command: %q", cli)
	}

	for query, field := range map[string]string{
		"?region=mars-north-1":                 "region",
		"?method=training":                     "method",
		"?version=999999":                      "version",
		"?instance_type=ml.p4d.24xlarge":       "instance_type",
		"?region=%3Cscript%3Ex%3C%2Fscript%3E": "region",
	} {
		r := buyer.get(configure + query)
		expectStatus(t, r, http.StatusUnprocessableEntity)
		if r.text("[data-testid=error-"+field+"]") == "" {
			t.Errorf("%s: no error beside %s", query, field)
		}
		if r.doc.Find("[data-testid=launch-result]").Length() != 0 || r.doc.Find("script:not([src])").Length() != 0 {
			t.Errorf("%s: a result or an injected script was shown", query)
		}
	}

	subs := buyer.get("/sagemaker/subscriptions")
	if got := subs.text("[data-testid=subscription-" + id + "] [data-testid=subscription-version]"); got != "1.0" {
		t.Fatalf("SageMaker subscriptions show version %q", got)
	}
	// Another account sees nothing of this subscription.
	other, _ := env.signedIn("Other", "other@example.com")
	if other.get("/sagemaker/subscriptions").doc.Find("[data-testid=subscription-"+id+"]").Length() != 0 {
		t.Error("another account sees the subscription")
	}
	expectRedirect(t, other.get(configure), page)
}
