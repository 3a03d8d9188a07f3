package web_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// algorithmListing builds, stages and signs off a free listing of the
// algorithm gbt (validAlgorithm), and returns its ID.
func algorithmListing(t *testing.T, env *testEnv) string {
	t.Helper()
	root, accountID := env.signedIn("Acme", "root@acme.example")
	expectRedirect(t, root.postMultipartParts("/settings/profile", "/settings/profile", validProfile()), "/settings")
	expectRedirect(t, root.post(algorithmsPath+"/new", algorithmsPath+"/new", validAlgorithm("gbt")), algorithmsPath+"/gbt")
	id := newListing(t, root)
	base := "/management/products/ml/" + id
	expectRedirect(t, saveSection(t, root, base+"/edit/general", generalInfo()), base+"/edit/promotional")
	promo := base + "/edit/promotional"
	expectRedirect(t, root.postMultipartParts(promo, promo, url.Values{"revision": {revisionOf(t, root.get(promo))}, "keywords": {"tabular"},
		"then": {"continue"}}, filePart{"logo", "logo.png", "image/png", logoPNG(t)}), base+"/edit/support")
	expectRedirect(t, saveSection(t, root, base+"/edit/support", url.Values{"offered": {"no"}, "then": {"continue"}}), base+"/edit/regions")
	expectRedirect(t, saveSection(t, root, base+"/edit/regions", url.Values{"availability": {"all"}, "then": {"continue"}}), base+"/edit/launch-option")
	arn := "arn:aws:sagemaker:us-east-1:" + accountID + ":algorithm/gbt"
	expectRedirect(t, saveSection(t, root, base+"/edit/launch-option", url.Values{"arn": {arn}, "then": {"add"}}), base+"/edit/launch-option")
	vid := regexp.MustCompile(`/versions/(\d+)/`).FindStringSubmatch(root.get(base).attr("[data-testid=versions-table] a", "href"))
	if vid == nil {
		t.Fatal("no version added")
	}
	step := func(n int) string { return base + "/versions/" + vid[1] + "/step/" + strconv.Itoa(n) }
	for i, values := range []url.Values{
		{"number": {"1.0"}, "release_notes": {"First release."}},
		{"algorithm_overview": {"Gradient-boosted trees."}, "training_data_description": {"CSV, label first."}},
		{"input_description": {"CSV rows."}},
		{"output_description": {"One prediction per row."}, "sample_output_text": {"0.93"}},
		{"recommended_realtime": {"ml.m5.large"}, "recommended_batch": {"ml.m5.xlarge"}, "recommended_training": {"ml.m5.xlarge"}},
	} {
		values.Set("then", "close")
		expectRedirect(t, saveSection(t, root, step(i+1), values), base)
	}
	pricing := base + "/edit/pricing"
	expectRedirect(t, root.postMultipartParts(pricing, pricing, url.Values{"revision": {revisionOf(t, root.get(pricing))}, "pricing": {"free"},
		"then": {"close"}}, filePart{"eula", "eula.txt", "text/plain", []byte("EULA\n")}), base)
	expectRedirect(t, submit(t, root, id, ""), base)
	env.clock.Advance(time.Hour)
	if n, err := env.publishing.RunDue(t.Context()); err != nil || n != 1 {
		t.Fatalf("staging ran %d jobs (%v)", n, err)
	}
	expectRedirect(t, root.confirm(base+"/sign-off", "", nil), base)
	return id
}

// cliCall is one command of the configure page, read back from its text.
type cliCall struct {
	op   string
	opts map[string]string
}

// parseCommands splits the page's sample commands ("aws sagemaker …", one
// option per continued line, values in single quotes when quoted).
func parseCommands(t *testing.T, text string) []cliCall {
	t.Helper()
	var calls []cliCall
	for _, block := range strings.Split(strings.TrimSpace(text), "\n\n") {
		lines := strings.Split(block, " \\\n")
		op, ok := strings.CutPrefix(lines[0], "aws sagemaker ")
		if !ok {
			t.Fatalf("not an aws sagemaker command: %q", lines[0])
		}
		call := cliCall{op: op, opts: map[string]string{}}
		for _, line := range lines[1:] {
			name, value, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "--"), " ")
			call.opts[name] = strings.Trim(value, "'")
		}
		calls = append(calls, call)
	}
	return calls
}

// TestConfigureCommandsPerProductType: the configure page's commands for a
// model package name it as the model's container; for an algorithm they
// train it, register what it learned as a model package and deploy that —
// never the algorithm's ARN as a ModelPackageName, which SageMaker refuses.
func TestConfigureCommandsPerProductType(t *testing.T) {
	env := newEnv(t)
	id := algorithmListing(t, env)
	buyer, _ := env.signedIn("Buyer", "buyer@example.com")
	page := "/marketplace/pp/" + id
	expectRedirect(t, buyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)

	for method, want := range map[string][]string{
		"training": {"create-training-job"},
		"realtime": {"create-training-job", "wait training-job-completed-or-stopped", "create-model-package", "create-model",
			"create-endpoint-config", "create-endpoint"},
		"batch": {"create-training-job", "wait training-job-completed-or-stopped", "create-model-package", "create-model",
			"create-transform-job"},
	} {
		r := buyer.get(page + "/configure?region=eu-west-1&method=" + method)
		expectStatus(t, r, 200)
		arn := r.text("[data-testid=launch-arn]")
		if !strings.HasSuffix(arn, ":algorithm/gbt") || !strings.Contains(arn, ":eu-west-1:") {
			t.Fatalf("%s: ARN %q", method, arn)
		}
		calls := parseCommands(t, r.text("[data-testid=launch-cli]"))
		var ops []string
		for _, c := range calls {
			ops = append(ops, c.op)
			if strings.Contains(c.opts["primary-container"], arn) {
				t.Errorf("%s: %s passes the algorithm as a model package: %q", method, c.op, c.opts["primary-container"])
			}
			switch c.op {
			case "create-training-job":
				if c.opts["algorithm-specification"] != "AlgorithmName="+arn+",TrainingInputMode=File" {
					t.Errorf("%s: algorithm specification %q", method, c.opts["algorithm-specification"])
				}
				if !strings.Contains(c.opts["input-data-config"], `"ChannelName":"train"`) ||
					!strings.Contains(c.opts["input-data-config"], `"ChannelName":"validation"`) {
					t.Errorf("%s: channels %q", method, c.opts["input-data-config"])
				}
				if c.opts["hyper-parameters"] != `{"booster":"gbtree","max_depth":"6"}` {
					t.Errorf("%s: hyperparameters %q", method, c.opts["hyper-parameters"])
				}
			case "create-model-package":
				if !strings.Contains(c.opts["source-algorithm-specification"], `"AlgorithmName":"`+arn+`"`) {
					t.Errorf("%s: source algorithm %q", method, c.opts["source-algorithm-specification"])
				}
			case "create-model":
				if c.opts["primary-container"] != "ModelPackageName=arn:aws:sagemaker:eu-west-1:<your-account-id>:model-package/gbt-trained" {
					t.Errorf("%s: model container %q", method, c.opts["primary-container"])
				}
			}
		}
		if strings.Join(ops, ",") != strings.Join(want, ",") {
			t.Errorf("%s: commands %q, want %q", method, ops, want)
		}
		if (method != "training") != (r.text("[data-testid=launch-trains-first]") != "") {
			t.Errorf("%s: the training-first note is wrong", method)
		}
	}

	// A model package's commands name it as the model's container.
	env = newEnv(t)
	_, _, pkgID := publicListing(t, env)
	pkgBuyer, _ := env.signedIn("Buyer", "buyer@example.com")
	page = "/marketplace/pp/" + pkgID
	expectRedirect(t, pkgBuyer.post(page, page+"/subscribe", url.Values{"accept_eula": {"on"}}), page)
	for method, want := range map[string][]string{
		"realtime": {"create-model", "create-endpoint-config", "create-endpoint"},
		"batch":    {"create-model", "create-transform-job"},
	} {
		r := pkgBuyer.get(page + "/configure?method=" + method)
		arn := r.text("[data-testid=launch-arn]")
		calls := parseCommands(t, r.text("[data-testid=launch-cli]"))
		var ops []string
		for _, c := range calls {
			ops = append(ops, c.op)
		}
		if strings.Join(ops, ",") != strings.Join(want, ",") {
			t.Errorf("model package %s: commands %q, want %q", method, ops, want)
		}
		if calls[0].opts["primary-container"] != "ModelPackageName="+arn || !strings.Contains(arn, ":model-package/") {
			t.Errorf("model package %s: container %q for %s", method, calls[0].opts["primary-container"], arn)
		}
		if r.text("[data-testid=launch-trains-first]") != "" {
			t.Errorf("model package %s: says it trains first", method)
		}
	}
}
