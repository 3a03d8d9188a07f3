package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// awsCLI runs the AWS CLI against a running portal with the demo key, and
// with no configuration of the machine's.
type awsCLI struct {
	t    *testing.T
	path string
	env  []string
	base string
	dir  string
}

var demoKeyPattern = regexp.MustCompile(`AWS_ACCESS_KEY_ID=(\S+)\s+AWS_SECRET_ACCESS_KEY=(\S+)`)

func newAWSCLI(t *testing.T, p *portal) *awsCLI {
	t.Helper()
	path, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("PORTAL_REQUIRE_AWSCLI") == "1" {
			t.Fatalf("the AWS CLI is required (PORTAL_REQUIRE_AWSCLI=1): %v", err)
		}
		t.Skip("the AWS CLI is not installed (apt-get install awscli); CI requires it")
	}
	m := demoKeyPattern.FindStringSubmatch(p.stdout.String())
	if m == nil {
		t.Fatalf("the demo start-up table has no access key:\n%s", p.stdout.String())
	}
	p.secrets.add("the demo access key's secret", m[2])
	return &awsCLI{t: t, path: path, base: p.base, dir: t.TempDir(), env: []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(),
		"AWS_ACCESS_KEY_ID=" + m[1], "AWS_SECRET_ACCESS_KEY=" + m[2],
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=",
	}}
}

// run calls `aws marketplace-catalog <args>` and decodes its JSON answer.
func (c *awsCLI) run(args ...string) map[string]any {
	c.t.Helper()
	out, err := c.try(args...)
	if err != nil {
		c.t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		c.t.Fatalf("aws %s: not JSON: %s", strings.Join(args, " "), out)
	}
	return v
}

func (c *awsCLI) try(args ...string) ([]byte, error) {
	full := append([]string{"marketplace-catalog"}, args...)
	full = append(full, "--endpoint-url", c.base, "--region", "us-east-1", "--output", "json")
	cmd := exec.Command(c.path, full...)
	cmd.Env = c.env
	return cmd.CombinedOutput()
}

// change is one change of a change set file, with its Details as a JSON
// string: the form every CLI version knows (Debian's CLI v2 predates
// DetailsDocument).
type change struct {
	ChangeType string            `json:"ChangeType"`
	Entity     map[string]string `json:"Entity"`
	ChangeName string            `json:"ChangeName,omitempty"`
	Details    string            `json:"Details"`
}

func productChange(changeType, entity, details string) change {
	e := map[string]string{"Type": "MachineLearningProduct@1.0"}
	if entity != "" {
		e["Identifier"] = entity
	}
	return change{ChangeType: changeType, Entity: e, Details: details}
}

// start starts a change set and waits until it ends, as a CI pipeline
// polls DescribeChangeSet; it returns the final description.
func (c *awsCLI) start(changes ...change) map[string]any {
	c.t.Helper()
	b, err := json.Marshal(changes)
	if err != nil {
		c.t.Fatal(err)
	}
	file := filepath.Join(c.dir, "change-set.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		c.t.Fatal(err)
	}
	started := c.run("start-change-set", "--catalog", "AWSMarketplace", "--change-set", "file://"+file)
	id, _ := started["ChangeSetId"].(string)
	deadline := time.Now().Add(30 * time.Second)
	for {
		d := c.run("describe-change-set", "--catalog", "AWSMarketplace", "--change-set-id", id)
		switch d["Status"] {
		case "SUCCEEDED", "FAILED", "CANCELLED":
			return d
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("change set %s still %v after 30 s", id, d["Status"])
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// entity is the product's DetailsDocument, read from the Details string
// (the form every CLI version prints).
func (c *awsCLI) entity(id string) map[string]any {
	c.t.Helper()
	d := c.run("describe-entity", "--catalog", "AWSMarketplace", "--entity-id", id)
	var doc map[string]any
	if err := json.Unmarshal([]byte(d["Details"].(string)), &doc); err != nil {
		c.t.Fatalf("Details is not JSON: %v", err)
	}
	return doc
}

// waitVisibility polls DescribeEntity until the product's visibility is
// want: staging happens after the publishing delay (1 s here).
func (c *awsCLI) waitVisibility(id, want string) map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		doc := c.entity(id)
		description, _ := doc["Description"].(map[string]any)
		if description["Visibility"] == want {
			return doc
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("product %s is %v after 30 s, want %s", id, description["Visibility"], want)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

const (
	demoModelARN   = "arn:aws:sagemaker:us-east-1:111122223333:model-package/shelf-image-classifier"
	demoModelARNv2 = "arn:aws:sagemaker:us-east-1:111122223333:model-package/shelf-image-classifier-v2"
	createRef      = "$CreateProductChange.Entity.Identifier"
)

func addVersion(arn, title string) string {
	return `{"Version":{"VersionTitle":"` + title + `","ReleaseNotes":"Release ` + title + `."},
		"DeliveryOptions":[{"Details":{"SageMakerModelPackageDeliveryOptionDetails":{
		"SageMakerModelPackageArn":"` + arn + `","AccessRoleArn":"arn:aws:iam::111122223333:role/Ingest",
		"UsageInstructions":"Send a JPEG.","SampleNotebookUrl":"https://www.example.com/nb","RepositoryUrl":"https://www.example.com/repo",
		"InputProperties":{"Description":"A shelf photo.","SampleInput":{"RealtimeInferenceUrl":"https://www.example.com/in.jpg"}},
		"OutputProperties":{"Description":"JSON categories.","SampleOutput":{"RealtimeInferenceText":"{\"category\":\"cereal\"}"}},
		"RecommendedInstanceTypes":{"RealtimeInference":"ml.m5.large","BatchTransform":"ml.m5.xlarge"}}}}]}`
}

// logoDataURL is a small PNG logo as a data: URL, the form the portal
// takes a logo in (it stores the image, not a link to it).
func logoDataURL() string {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for x := range 16 {
		img.Set(x, x, color.RGBA{B: 200, A: 255})
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}

// rateCard prices every instance type the demo model supports, for
// real-time inference and batch transform: the portal asks for them all.
func rateCard() string {
	var items []string
	for _, it := range []string{"ml.m5.large", "ml.m5.xlarge", "ml.c5.xlarge", "ml.g4dn.xlarge"} {
		items = append(items, `{"DimensionKey":"`+it+`.m.i.r","Price":0.2}`, `{"DimensionKey":"`+it+`.m.i.b","Price":0.4}`)
	}
	return strings.Join(items, ",")
}

// newProductChanges create a complete product in one change set and
// submit it for publishing, as the pipeline does.
func newProductChanges(arn string) []change {
	create := productChange("CreateProduct", "", `{}`)
	create.ChangeName = "CreateProductChange"
	return []change{
		create,
		productChange("UpdateInformation", createRef, `{"ProductTitle":"Shelf Classifier by CLI","ShortDescription":"Classifies shelf photos.",
			"LongDescription":"Classifies retail shelf photos into product categories.","Highlights":["Fast"],
			"Categories":["Computer Vision"],"SearchKeywords":["shelf"],"SupportDescription":"Email us; we answer within a day.","LogoUrl":"`+logoDataURL()+`"}`),
		productChange("AddDeliveryOptions", createRef, addVersion(arn, "1.0")),
		productChange("UpdatePricingTerms", createRef, `{"PricingModel":"Usage","Terms":[{"Type":"UsageBasedPricingTerm",
			"CurrencyCode":"USD","RateCards":[{"RateCard":[`+rateCard()+`]}]}]}`),
		productChange("UpdateLegalTerms", createRef, `{"Terms":[{"Type":"LegalTerm","Documents":[{"Type":"StandardEula","Version":"2022-07-14"}]}]}`),
		// The demo tester's account may see the product while it is Limited.
		productChange("UpdateTargeting", createRef, `{"PositiveTargeting":{"BuyerAccounts":["777788889999"]}}`),
		productChange("UpdateVisibility", createRef, `{"TargetVisibility":"Limited"}`),
	}
}

// TestCatalogAPIWithTheAWSCLI drives the real binary with the AWS CLI: a
// product created, priced and submitted in one change set, staged to
// Limited, released, given version 2.0 and its 1.0 restricted, all through
// the API, and the marketplace page shows the same; a change set with a bad
// ARN ends FAILED with AWS's code and leaves nothing behind.
func TestCatalogAPIWithTheAWSCLI(t *testing.T) {
	p := startPortal(t, buildPortal(t), "")
	cli := newAWSCLI(t, p)
	count := func() int {
		list := cli.run("list-entities", "--catalog", "AWSMarketplace", "--entity-type", "MachineLearningProduct")
		return len(list["EntitySummaryList"].([]any))
	}
	before := count()

	bad := newProductChanges(demoModelARN)
	bad[2] = productChange("AddDeliveryOptions", createRef, addVersion("arn:aws:sagemaker:us-east-1:111122223333:model-package/no-such-model", "1.0"))
	failed := cli.start(bad...)
	if failed["Status"] != "FAILED" || failed["FailureCode"] != "CLIENT_ERROR" {
		t.Fatalf("bad ARN change set: %v %v", failed["Status"], failed["FailureCode"])
	}
	errs, _ := json.Marshal(failed["ChangeSet"])
	if !strings.Contains(string(errs), "INVALID_ASSET_ARN") && !strings.Contains(string(errs), "ASSET_NOT_FOUND") {
		t.Fatalf("bad ARN change set errors: %s", errs)
	}
	if got := count(); got != before {
		t.Fatalf("a failed change set left %d products, want %d", got, before)
	}

	done := cli.start(newProductChanges(demoModelARN)...)
	if done["Status"] != "SUCCEEDED" {
		t.Fatalf("change set %v: %s", done["Status"], changeErrors(done))
	}
	id := ""
	for _, ch := range done["ChangeSet"].([]any) {
		if e, _ := ch.(map[string]any)["Entity"].(map[string]any); e != nil && id == "" {
			id, _ = e["Identifier"].(string)
		}
	}
	if !strings.HasPrefix(id, "prod-") {
		t.Fatalf("no product ID in the change set: %v", done["ChangeSet"])
	}
	cli.waitVisibility(id, "Limited")
	if page := get(t, p.base+"/marketplace/pp/"+id); page.status != http.StatusNotFound {
		t.Fatalf("a Limited product is shown to visitors: %d", page.status)
	}
	// The allow-listed tester sees the staged product, with its Limited
	// badge; the buyer, not on the list, does not.
	users := p.demoUsers(t)
	tester, buyer := p.newBrowser("tester"), p.newBrowser("buyer")
	tester.signIn(t, users["tester"])
	buyer.signIn(t, users["buyer"])
	res, body := tester.get(t, "/marketplace/pp/"+id)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Shelf Classifier by CLI") || !strings.Contains(string(body), "Limited") {
		t.Fatalf("the tester's page of the Limited product: %d", res.StatusCode)
	}
	if res, _ := buyer.get(t, "/marketplace/pp/"+id); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a buyer not on the allow-list sees the Limited product: %d", res.StatusCode)
	}

	if d := cli.start(productChange("ReleaseProduct", id, `{}`)); d["Status"] != "SUCCEEDED" {
		t.Fatalf("release: %v", d)
	}
	cli.waitVisibility(id, "Public")
	if page := get(t, p.base+"/marketplace/pp/"+id); page.status != http.StatusOK || !strings.Contains(page.body, "Shelf Classifier by CLI") {
		t.Fatalf("the public product page: %d", page.status)
	}

	d := cli.start(productChange("AddDeliveryOptions", id, addVersion(demoModelARNv2, "2.0")),
		productChange("UpdateVisibility", id, `{"TargetVisibility":"Limited"}`))
	if d["Status"] != "SUCCEEDED" {
		t.Fatalf("add version 2.0: %v", d)
	}
	waitVersions(t, cli, id, func(v map[string]string) bool { return v["2.0"] == "Limited" })
	if d := cli.start(productChange("ReleaseProduct", id, `{}`)); d["Status"] != "SUCCEEDED" {
		t.Fatalf("release 2.0: %v", d)
	}
	versions := waitVersions(t, cli, id, func(v map[string]string) bool { return v["2.0"] == "Public" })
	doc := cli.entity(id)
	optionOf := map[string]string{}
	for _, v := range doc["Versions"].([]any) {
		vm := v.(map[string]any)
		for _, o := range vm["DeliveryOptions"].([]any) {
			optionOf[vm["VersionTitle"].(string)] = o.(map[string]any)["Id"].(string)
		}
	}
	d = cli.start(productChange("RestrictDeliveryOptions", id, `{"DeliveryOptionIds":["`+optionOf["1.0"]+`"]}`),
		productChange("UpdateVisibility", id, `{"TargetVisibility":"Limited"}`))
	if d["Status"] != "SUCCEEDED" {
		t.Fatalf("restrict 1.0: %v", d)
	}
	versions = waitVersions(t, cli, id, func(v map[string]string) bool { return v["1.0"] == "Restricted" })
	if versions["2.0"] != "Public" {
		t.Fatalf("versions after restricting 1.0: %v", versions)
	}
	page := get(t, p.base+"/marketplace/pp/"+id)
	if page.status != http.StatusOK || !strings.Contains(page.body, "2.0") {
		t.Fatalf("the product page after the restriction: %d", page.status)
	}

	list := cli.run("list-change-sets", "--catalog", "AWSMarketplace")
	if n := len(list["ChangeSetSummaryList"].([]any)); n < 5 {
		t.Fatalf("ListChangeSets lists %d change sets, want the 5 started here at least", n)
	}

	// A wrong secret is refused, and no secret reaches the log.
	wrong := append([]string{}, cli.env...)
	for i, kv := range wrong {
		if strings.HasPrefix(kv, "AWS_SECRET_ACCESS_KEY=") {
			wrong[i] = "AWS_SECRET_ACCESS_KEY=" + strings.Repeat("w", 40)
		}
	}
	refused := &awsCLI{t: t, path: cli.path, env: wrong, base: cli.base, dir: cli.dir}
	if out, err := refused.try("list-entities", "--catalog", "AWSMarketplace", "--entity-type", "MachineLearningProduct"); err == nil ||
		!strings.Contains(string(out), "InvalidSignatureException") {
		t.Fatalf("a wrong secret: %v\n%s", err, out)
	}
	p.stop(t)
	for _, problem := range leakedSecrets(t, p.logLines(), p.secrets) {
		t.Error(problem)
	}
}

// waitVersions polls DescribeEntity until ok holds for the versions'
// visibilities by title.
func waitVersions(t *testing.T, cli *awsCLI, id string, ok func(map[string]string) bool) map[string]string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := map[string]string{}
		for _, v := range cli.entity(id)["Versions"].([]any) {
			vm := v.(map[string]any)
			title, _ := vm["VersionTitle"].(string)
			for _, o := range vm["DeliveryOptions"].([]any) {
				got[title], _ = o.(map[string]any)["Visibility"].(string)
			}
		}
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("versions of %s after 30 s: %v", id, got)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type fetched struct {
	status int
	body   string
}

func get(t *testing.T, url string) fetched {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return fetched{res.StatusCode, string(b)}
}

// changeErrors lists the ErrorDetailList entries of a described change set.
func changeErrors(d map[string]any) string {
	var out []string
	for _, ch := range d["ChangeSet"].([]any) {
		m := ch.(map[string]any)
		if errs, _ := m["ErrorDetailList"].([]any); len(errs) > 0 {
			b, _ := json.Marshal(errs)
			out = append(out, m["ChangeType"].(string)+": "+string(b))
		}
	}
	return strings.Join(out, "; ")
}
